"""`/progress`: a chart of the trend in top-set load and estimated 1RM."""

from __future__ import annotations

from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.db.logbook_jobs import VariantHistory
from bot.errors import CooldownError, ValidationError
from bot.interactions import replies
from bot.interactions.contexts import servers_and_dms
from bot.logbook.checks import check_choice
from bot.logbook.entries import VARIANTS, Variant, today_in
from bot.logbook.units import Unit
from bot.progress.cooldown import Cooldown
from bot.progress.summary import draws_chart, progress_report
from cogs.logbook.render import LATEST_VARIANT_HELP, log_example

PROGRESS_COOLDOWN_SECONDS = 10.0
# The longest a chart waits for commands queued for admission to go first (its interaction
# token lasts 15 minutes; they have 3 s).
CHART_YIELD_SECONDS = 20.0
CHART_FILENAME = "progress.png"


def chart_subject(variant: str) -> str:
    """What the chart's title names (the chart adds what it draws); no user name, since a shared
    chart is posted in a channel."""
    return f"{variant.capitalize()} hip thrust"


def nothing_logged_text(variant: str) -> str:
    """The answer when there is no session of this variant at all."""
    return (
        f"No {variant} hip thrust sessions logged yet, so there is nothing to chart. Log one with "
        f"{log_example(variant)}."
    )


def one_session_text(variant: str, summary: str) -> str:
    """The answer instead of a chart with a single day: the chart draws a point a day (a day on two
    setups is one point, and two sessions in the summary)."""
    return (
        f"**Your {variant} hip thrust progress**\nA chart needs sessions on at least 2 days to show a trend.\n"
        f"{summary}"
    )


def bodyweight_text(variant: str, summary: str) -> str:
    """The answer when every session was at bodyweight: no load to chart. Progressing by sets is this
    bot's rule (the guide adds load or reps), so it is said as the bot's."""
    return (
        f"**Your {variant} hip thrust progress**\nEvery session was at bodyweight, so there is no load to "
        f"chart; with no load to add, this bot's nudges progress them by reps and sets (`/nudge`).\n{summary}"
    )


class ProgressCog(commands.Cog):
    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.cooldown = Cooldown(PROGRESS_COOLDOWN_SECONDS, bot.clock)

    @app_commands.command(name="progress", description="A chart of your top-set load and estimated 1RM per day")
    @servers_and_dms
    @app_commands.describe(
        variant=LATEST_VARIANT_HELP, share="Post the chart in the channel (default: only you see it)"
    )
    async def progress(
        self, interaction: discord.Interaction, variant: Variant | None = None, share: bool = False
    ) -> None:
        if variant is not None:
            check_choice("variant", variant, VARIANTS)
        if not isinstance(share, bool):
            raise ValidationError("share", "true or false", share)
        user_id = interaction.user.id
        logbook = self.bot.store.logbook
        inputs = None
        wait = self.cooldown.retry_after(user_id)
        if wait is not None:
            # The cooldown limits charts: what is answered in text is answered at once.
            inputs = await logbook.progress_inputs(user_id, variant)
            if draws_chart(inputs.entries):
                raise CooldownError(wait, "/progress")
        else:
            self.cooldown.hit(user_id)
        await replies.defer(interaction, ephemeral=not share)
        try:
            drew = await self._answer(interaction, inputs or await logbook.progress_inputs(user_id, variant), share)
        except BaseException:
            if wait is None:  # nothing was shown: let the user try again at once
                self.cooldown.reset(user_id)
            raise
        if not drew and wait is None:
            # A text answer ("log a second session") is no chart, and the lifter who just
            # logged that session should not be told to wait.
            self.cooldown.reset(user_id)

    async def _answer(self, interaction: discord.Interaction, inputs: VariantHistory, share: bool) -> bool:
        """Answer with a chart (True) or, when there is nothing to draw, with text (False)."""
        prefs, chosen, entries = inputs.prefs, inputs.variant, inputs.entries
        unit = cast(Unit, prefs.unit)
        if not entries:
            await replies.send(interaction, ephemeral=not share, content=nothing_logged_text(chosen))
            return False
        # Commands waiting for a slot go first (a chart has 15 minutes, they have 3 s).
        await self.bot.admission.quiet(CHART_YIELD_SECONDS)
        report = await self.bot.charts.call(
            progress_report, entries, unit=unit, today=today_in(prefs.timezone, self.bot.clock()),
            subject=chart_subject(chosen), chart=self.bot.content.rts_chart,
        )  # fmt: skip
        if report.png is None:
            text = (
                bodyweight_text(chosen, report.summary)
                if report.bodyweight_only
                else one_session_text(chosen, report.summary)
            )
            await replies.send(interaction, ephemeral=not share, content=text)
            return False
        content = f"**Your {chosen} hip thrust progress**\n{report.summary}"
        file = replies.Attachment(report.png, CHART_FILENAME)
        await replies.send(interaction, ephemeral=not share, content=content, file=file)
        return True
