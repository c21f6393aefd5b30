"""`/nudge`: the target for the next session of a variant, and why."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.interactions import replies
from bot.interactions.contexts import servers_and_dms
from bot.logbook.checks import check_choice
from bot.logbook.entries import VARIANTS, Variant, today_in
from bot.nudges.citations import nudge_report
from bot.nudges.engine import advise
from bot.nudges.history import HISTORY_SESSIONS
from cogs.logbook.render import LATEST_VARIANT_HELP


class NudgeCog(commands.Cog):
    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.citations = bot.content.citations  # of the guide the bot serves

    @app_commands.command(name="nudge", description="Your target for the next hip thrust session, and why")
    @servers_and_dms
    @app_commands.describe(variant=LATEST_VARIANT_HELP)
    async def nudge(self, interaction: discord.Interaction, variant: Variant | None = None) -> None:
        if variant is not None:
            check_choice("variant", variant, VARIANTS)
        inputs = await self.bot.store.logbook.nudge_inputs(interaction.user.id, variant, sessions=HISTORY_SESSIONS)
        today = today_in(inputs.prefs.timezone, self.bot.clock())
        advice = advise(inputs.entries, inputs.prefs, variant=inputs.variant, today=today, chosen_setup=True)
        text = nudge_report(advice, self.citations, inputs.prefs, variant=inputs.variant)
        await replies.send(interaction, ephemeral=True, content=text)
