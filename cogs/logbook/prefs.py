"""`/settings` and `/setup`."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.errors import ValidationError
from bot.interactions import replies
from bot.interactions.contexts import servers_and_dms
from bot.logbook.checks import check_text, text_limit
from bot.logbook.entries import MAX_SETUP, REP_RANGE, Preferences, setup_key
from bot.logbook.prefs import changed_preferences, settings_note
from bot.logbook.units import MAX_INCREMENT, MIN_INCREMENT, Unit, format_number
from bot.logbook.zones import zone_label, zone_names, zone_suggestions
from cogs.logbook.render import preferences_text, span, up_to

DEFAULTS = Preferences()
# The option allows the loosest unit's top; check_increment holds the chosen unit to its own.
INCREMENT_TOP = max(MAX_INCREMENT.values())
NOTHING_CHANGED = "Nothing changed: your settings already say that."
NO_SETUP = "none"  # `/setup description:none`: back to logging without a setup
NO_SETUP_YET = "You have no setup. Describe it with `/setup description:` — your logs will remember it."
SETUP_CLEARED = (
    "No setup from now on: new logs have none, and compare with your other logs without one. "
    "Entries logged on a setup keep it."
)
CLEAR_HINT = "\n`/setup description:none` logs without one from now on."


class PrefsCog(commands.Cog):
    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        await asyncio.to_thread(zone_names)  # listed once, off the loop (bot.logbook.zones)

    @app_commands.command(name="settings", description="Show or change your logbook preferences")
    @servers_and_dms
    @app_commands.describe(
        unit="Default unit for /log",
        rep_low=f"Bottom of your rep range ({span(REP_RANGE)}, default {DEFAULTS.rep_low})",
        rep_high=f"Top of your rep range ({span(REP_RANGE)}, default {DEFAULTS.rep_high})",
        # What check_increment holds it to, from the same constants ("more than 0" hid the 0.01).
        increment=(
            f"Load step for nudges (from {format_number(MIN_INCREMENT)} to {up_to(MAX_INCREMENT)},"
            f" in steps of {format_number(MIN_INCREMENT)})"
        ),
        timezone="IANA time zone, e.g. Europe/Berlin; type a city to find it (decides what 'today' is)",
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
        options = {"unit": unit, "rep_low": rep_low, "rep_high": rep_high, "increment": increment,
                   "timezone": timezone, "share_logs": share_logs}  # fmt: skip
        header = ""
        if all(value is None for value in options.values()):
            new = await users.preferences(user_id)
        else:
            # Checked against the settings as stored when written: another /settings may be saving.
            prefs, new = await users.change_preferences(user_id, lambda stored: changed_preferences(stored, **options))
            if new.timezone != prefs.timezone:  # reminders follow the new clock from now on
                await self.bot.store.reminders.zone_changed(user_id, self.bot.clock())
            note = settings_note(prefs, new)
            header = ("Saved." if new != prefs else NOTHING_CHANGED) + "\n" + (f"{note}\n" if note else "")
        setup = await users.current_setup(user_id)
        await replies.send(
            interaction, ephemeral=True, content=header + preferences_text(new, setup[1] if setup else None)
        )

    @settings.autocomplete("timezone")
    async def timezone_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=zone_label(zone), value=zone) for zone in zone_suggestions(current)]

    @app_commands.command(name="setup", description="Show or set your standard hip thrust setup")
    @servers_and_dms
    @app_commands.describe(description=f"Bench height, foot position, pad, machine… (up to {MAX_SETUP} characters)")
    async def setup(
        self, interaction: discord.Interaction, description: app_commands.Range[str, 1, MAX_SETUP] | None = None
    ) -> None:
        users, user_id = self.bot.store.users, interaction.user.id
        if description is None:
            current = await users.current_setup(user_id)
            text = f"Your current setup: {replies.escape(current[1])}{CLEAR_HINT}" if current else NO_SETUP_YET
            await replies.send(interaction, ephemeral=True, content=text)
            return
        checked = check_text("description", description, MAX_SETUP)
        if checked is None:
            allowed = f"{text_limit(MAX_SETUP)}, not blank (`{NO_SETUP}` logs without a setup)"
            raise ValidationError("description", allowed)
        if setup_key(checked) == NO_SETUP:
            cleared = await users.clear_setup(user_id)
            await replies.send(interaction, ephemeral=True, content=SETUP_CLEARED if cleared else NO_SETUP_YET)
            return
        await users.set_setup(user_id, checked, self.bot.clock())
        await replies.send(
            interaction,
            ephemeral=True,
            content=f"Setup saved: {replies.escape(checked)}\n"
            "Logs from now on remember it, so nudges compare like with like.",
        )
