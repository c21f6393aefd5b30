"""The reminder DM: sending it, its **Log** button (a /log modal) and its **Stop reminders** button.

Both buttons are `DynamicItem`s without an expiry: a reminder DM stays in the lifter's DMs, and
its buttons keep working after restarts (the variant to log is in the custom_id; the user is
whoever clicks, and only the lifter can click in their own DMs).
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

import discord

from bot.client import HipThrustBot, bot_of
from bot.interactions import replies
from bot.interactions.buttons import Funnelled, view_of
from bot.interactions.codes import CANNOT_DM
from bot.interactions.expirer import Expirer
from bot.interactions.forms import form_values
from bot.interactions.rate_limits import UNSERVED
from bot.logbook.checks import check_choice, validate_log
from bot.logbook.entries import MAX_NOTE, RPE, VARIANTS, NewEntry, Preferences, today_in
from bot.logbook.typed import read_load, read_number
from bot.nudges.citations import Citations
from bot.nudges.engine import advise
from bot.nudges.history import HISTORY_SESSIONS
from bot.reminders.runner import Due, Outcome
from cogs.logbook.log import answer_logged
from cogs.logbook.render import WEIGHT_LABEL, span
from cogs.reminders.render import OFF, reminder_text

log = logging.getLogger(__name__)

LATE = timedelta(minutes=2)  # a reminder this much after its time says it is late


async def deliver(bot: HipThrustBot, citations: Citations, due: Due) -> Outcome:
    """Send one reminder DM; what happened decides whether reminders go on."""
    inputs = await bot.store.logbook.nudge_inputs(due.user_id, None, sessions=HISTORY_SESSIONS)
    today = today_in(inputs.prefs.timezone, bot.clock())
    advice = advise(inputs.entries, inputs.prefs, variant=inputs.variant, today=today, chosen_setup=True)
    text = reminder_text(
        advice, citations, inputs.prefs, variant=inputs.variant, at=due.at, zone=due.zone,
        schedule=due.schedule, first=due.first, late=bot.clock() - due.at > LATE,
    )  # fmt: skip
    view = view_of(LogButton(inputs.variant), StopButton())

    async def send(kept: int | None) -> None:
        await (await dm_channel(bot, due.user_id, kept)).send(text, view=view, allowed_mentions=replies.NO_PINGS)

    try:
        try:
            await send(due.dm_channel_id)
        except discord.NotFound:
            if due.dm_channel_id is None:
                raise
            # Discord no longer knows the channel kept: open the lifter's DM channel again, once;
            # the one opened is kept in its place.
            try:
                await send(None)
            except Exception:
                # Not opened: forget the dead one, so the next reminder opens a channel rather
                # than trying it again (if one was opened and kept, this changes nothing).
                await bot.store.reminders.forget_dm_channel(due.user_id, due.dm_channel_id)
                raise
    except discord.Forbidden as error:
        if error.code == CANNOT_DM:
            log.info("user %s does not take DMs from the bot: reminders paused", due.user_id)
            return Outcome.DMS_CLOSED
        log.warning("reminder DM to user %s refused: %s", due.user_id, error)
        return Outcome.FAILED
    except UNSERVED as error:
        log.warning("reminder DM to user %s failed: %s", due.user_id, error)
        return Outcome.FAILED
    return Outcome.SENT


async def dm_channel(bot: HipThrustBot, user_id: int, kept: int | None) -> discord.abc.Messageable:
    """The lifter's DM channel with the bot: the one kept since a reminder opened it, or opened
    now (a request to Discord) and kept for the next reminders."""
    if kept is not None:
        return bot.get_partial_messageable(kept, type=discord.ChannelType.private)
    channel = await bot.create_dm(discord.Object(user_id))
    await bot.store.reminders.keep_dm_channel(user_id, channel.id)
    return channel


class LogButton(Funnelled, discord.ui.DynamicItem[discord.ui.Button], template=r"rl:(?P<variant>[a-z-]{1,20})"):
    """**Log**: opens a /log form for the variant the reminder's target is about."""

    def __init__(self, variant: str) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label="Log", style=discord.ButtonStyle.primary, custom_id=f"rl:{variant}"
        )
        super().__init__(button)
        self.variant = variant

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> LogButton:
        return cls(match["variant"])

    async def handle(self, interaction: discord.Interaction) -> None:
        variant = check_choice("variant", self.variant, VARIANTS)
        bot = bot_of(interaction)
        prefs = await bot.store.users.preferences(interaction.user.id)
        await interaction.response.send_modal(log_form(variant, prefs.unit))


class StopButton(Funnelled, discord.ui.DynamicItem[discord.ui.Button], template=r"rs:stop"):
    """**Stop reminders**: turns the clicker's reminders off."""

    def __init__(self) -> None:
        super().__init__(discord.ui.Button(label="Stop reminders", style=discord.ButtonStyle.secondary,
                                           custom_id="rs:stop"))  # fmt: skip

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> StopButton:
        return cls()

    async def handle(self, interaction: discord.Interaction) -> None:
        gone = await bot_of(interaction).store.reminders.delete(interaction.user.id)
        text = OFF if gone else "Your reminders were already off. `/remind set` turns them on."
        await interaction.response.send_message(text, ephemeral=interaction.guild_id is not None)


# The Log form's custom_id: the variant, and the unit a bare number is read in (the lifter's when
# the form opened, which its label names). A form opened before the unit was part of it has none:
# the lifter's unit at the submit, then.
LOG_FORM = re.compile(r"rlm:(?P<variant>[a-z-]{1,20})(?::(?P<unit>kg|lb))?")


def log_form(variant: str, unit: str) -> discord.ui.Modal:
    """The /log options that fit a form (five at most). Never kept in memory: RemindCog answers its
    submit by its custom_id (`answer_log_form`), however long the lifter takes to fill it in and in
    whichever process is running by then (`bot.interactions.forms`)."""
    modal = discord.ui.Modal(title=f"Log {variant} hip thrust sets", custom_id=f"rlm:{variant}:{unit}")
    fields = (
        (f"{WEIGHT_LABEL} ({unit}), 0 = bodyweight", "weight", True, 10),
        ("Reps per set", "reps", True, 5),
        ("Sets (default 1)", "sets", False, 5),
        (f"RPE, {span(RPE)} in halves (optional)", "rpe", False, 5),  # the limit as /log's option says it
        ("Note (optional)", "note", False, MAX_NOTE),  # one line, as /log's note
    )  # fmt: skip
    for label, custom_id, required, longest in fields:
        modal.add_item(discord.ui.TextInput(label=label, custom_id=custom_id, required=required, max_length=longest))
    modal.stop()
    return modal


async def answer_log_form(
    interaction: discord.Interaction, bot: HipThrustBot, form: re.Match[str], *, citations: Citations,
    expirer: Expirer,
) -> None:
    """Validate and store a submitted Log form exactly as /log does (`LOG_FORM` matched its custom_id)."""
    variant = check_choice("variant", form["variant"], VARIANTS)  # a custom_id can be forged
    typed = form_values(interaction.data or {})
    now, user_id = bot.clock(), interaction.user.id
    unit_then = form["unit"] or (await bot.store.users.preferences(user_id)).unit
    sets, rpe, note = typed.get("sets", "").strip(), typed.get("rpe", "").strip(), typed.get("note", "")

    # Read as a chat line and the Edit form read them: "100", "100 kg", "225 lb", "bw", "8,5";
    # "1,000" refused as 1000 or 1.000 (bot.logbook.typed).
    weight, unit = read_load(typed.get("weight", ""), unit_then)
    reps = read_number("reps", typed.get("reps", ""))
    sets_typed = read_number("sets", sets) if sets else None
    rpe_typed = read_number("rpe", rpe) if rpe else None

    def build(prefs: Preferences) -> NewEntry:
        return validate_log(
            weight=weight, reps=reps, sets=sets_typed, rpe=rpe_typed, variant=variant,
            unit=unit, note=note or None, day=None, prefs=prefs, now=now,
        )  # fmt: skip

    outcome = await bot.store.logbook.log(
        user_id, build, interaction_id=interaction.id, when=now, sessions=HISTORY_SESSIONS
    )
    # As /log answers: shown in the lifter's own DMs, where the reminder is, and privately in a server.
    await answer_logged(interaction, bot, outcome, public=interaction.guild_id is None, citations=citations,
                        expirer=expirer)  # fmt: skip
