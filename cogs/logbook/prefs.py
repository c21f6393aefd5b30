"""`/settings` and `/setup`."""

from __future__ import annotations

import dataclasses

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.errors import ValidationError
from bot.interactions import replies
from bot.interactions.contexts import servers_and_dms
from bot.logbook.entries import (
    MAX_SETUP,
    REP_RANGE,
    Preferences,
    check_choice,
    check_increment,
    check_rep_range,
    check_text,
    check_timezone,
)
from bot.logbook.units import MAX_INCREMENT, MIN_INCREMENT, UNITS, Unit
from cogs.logbook.render import preferences_text, span, up_to

DEFAULTS = Preferences()
# The option allows the loosest unit's top; check_increment holds the chosen unit to its own.
INCREMENT_TOP = max(MAX_INCREMENT.values())


class PrefsCog(commands.Cog):
    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot

    @app_commands.command(name="settings", description="Show or change your logbook preferences")
    @servers_and_dms
    @app_commands.describe(
        unit="Default unit for /log",
        rep_low=f"Bottom of your rep range ({span(REP_RANGE)}, default {DEFAULTS.rep_low})",
        rep_high=f"Top of your rep range ({span(REP_RANGE)}, default {DEFAULTS.rep_high})",
        increment=f"Load step for nudges (more than 0, up to {up_to(MAX_INCREMENT)})",
        timezone="IANA time zone, e.g. Europe/Berlin (decides what 'today' is)",
        share_logs="Post /log replies in the channel by default",
    )
    async def settings(
        self,
        interaction: discord.Interaction,
        unit: Unit | None = None,
        rep_low: app_commands.Range[int, REP_RANGE[0], REP_RANGE[1]] | None = None,
        rep_high: app_commands.Range[int, REP_RANGE[0], REP_RANGE[1]] | None = None,
        increment: app_commands.Range[float, MIN_INCREMENT, INCREMENT_TOP] | None = None,
        timezone: app_commands.Range[str, 1, 64] | None = None,
        share_logs: bool | None = None,
    ) -> None:
        users, user_id = self.bot.store.users, interaction.user.id
        prefs = await users.preferences(user_id)
        changes: dict[str, object] = {}
        if unit is not None:
            changes["unit"] = check_choice("unit", unit, UNITS)
        new_unit = str(changes.get("unit", prefs.unit))
        if rep_low is not None or rep_high is not None:
            changes["rep_low"], changes["rep_high"] = check_rep_range(rep_low, rep_high, prefs)
        if increment is not None:
            changes["increment_kg"] = check_increment(increment, new_unit)
        if timezone is not None:
            changes["timezone"] = check_timezone(timezone)
        if share_logs is not None:
            if not isinstance(share_logs, bool):
                raise ValidationError("share_logs", "true or false", share_logs)
            changes["share_logs"] = share_logs
        if changes:
            prefs = dataclasses.replace(prefs, **changes)  # type: ignore[arg-type]
            await users.save_preferences(user_id, prefs)
        setup = await users.current_setup(user_id)
        header = "Saved.\n" if changes else ""
        await replies.send(
            interaction, ephemeral=True, content=header + preferences_text(prefs, setup[1] if setup else None)
        )

    @app_commands.command(name="setup", description="Show or set your standard hip thrust setup")
    @servers_and_dms
    @app_commands.describe(description=f"Bench height, foot position, pad, machine… (up to {MAX_SETUP} characters)")
    async def setup(
        self, interaction: discord.Interaction, description: app_commands.Range[str, 1, MAX_SETUP] | None = None
    ) -> None:
        users, user_id = self.bot.store.users, interaction.user.id
        if description is None:
            current = await users.current_setup(user_id)
            text = (
                f"Your current setup: {replies.escape(current[1])}"
                if current
                else "You have no setup yet. Describe it with `/setup description:` — your logs will remember it."
            )
            await replies.send(interaction, ephemeral=True, content=text)
            return
        checked = check_text("description", description, MAX_SETUP)
        if checked is None:
            raise ValidationError("description", f"some text, at most {MAX_SETUP} characters")
        await users.set_setup(user_id, checked, self.bot.clock())
        await replies.send(
            interaction,
            ephemeral=True,
            content=f"Setup saved: {replies.escape(checked)}\n"
            "Logs from now on remember it, so nudges compare like with like.",
        )
