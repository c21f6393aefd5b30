"""`/remind set|show|off`, and the sender that runs while the cog is loaded.

The sender (`bot.reminders.runner`) runs in every process; only the lease holder sends. The cog
is also the note source that tells a lifter, once, after their next command, that their
reminders paused because Discord refused the DM.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.interactions import replies
from bot.interactions.background import cancel_and_wait, ready
from bot.interactions.contexts import SERVERS_AND_DMS, allowed
from bot.interactions.expirer import Expirer
from bot.interactions.forms import answer_form
from bot.reminders.days import day_suggestions, parse_days
from bot.reminders.runner import Due, Outcome, ReminderRunner, usable_zone
from bot.reminders.schedule import Schedule, next_after, parse_time
from cogs.reminders.dm import LOG_FORM, answer_log_form, deliver
from cogs.reminders.render import NO_REMINDERS, OFF, PAUSED, set_text, show_text

log = logging.getLogger(__name__)


class RemindCog(commands.Cog):
    remind = app_commands.Group(
        name="remind",
        description="A DM on your training days if you have not logged by then",
        **allowed(SERVERS_AND_DMS),
    )

    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.citations = bot.content.citations  # of the guide the bot serves
        self.expirer = Expirer()  # greys out a form's "Did you mean …?" buttons
        self.runner = ReminderRunner(bot.store, bot.clock, self._deliver)
        self._task: asyncio.Task[None] | None = None

    async def _deliver(self, due: Due) -> Outcome:
        outcome = await deliver(self.bot, self.citations, due)
        self.bot.metrics.reminder_done(outcome.value)
        return outcome

    async def cog_load(self) -> None:
        self.bot.notes.add(self)
        self._task = asyncio.get_running_loop().create_task(self._run(), name="reminders")

    async def cog_unload(self) -> None:
        self.bot.notes.remove(self)
        self.expirer.cancel_all()
        await cancel_and_wait(self._task)
        with contextlib.suppress(Exception):  # the database may be gone already; the lease then expires
            await self.runner.release()

    async def _run(self) -> None:
        if not await ready(self.bot):  # never logged in (a bot under test): there is no one to DM
            return
        await self.runner.run()

    # -- the reminder's Log form (cogs.reminders.dm.log_form) ---------------------------------

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await answer_form(interaction, LOG_FORM, self._answer_form, "log-form")

    async def _answer_form(self, interaction: discord.Interaction, form: re.Match[str]) -> None:
        await answer_log_form(interaction, self.bot, form, citations=self.citations, expirer=self.expirer)

    # -- the note source (bot.interactions.notes) ------------------------------------------

    def waiting(self, user_id: int) -> bool:
        return user_id in self.runner.waiting

    async def take(self, user_id: int) -> str | None:
        self.runner.waiting.discard(user_id)
        return PAUSED if await self.bot.store.reminders.take_notice(user_id) else None

    # -- commands ---------------------------------------------------------------------------

    @remind.command(name="set", description="Get a DM on these days at this time, unless you have logged by then")
    @app_commands.describe(
        days="Which days: mon,wed,fri, tue & thu, mon-fri, weekdays, every day…",
        time="When, on your /settings time zone's clock: HH:MM, 24-hour (e.g. 18:00), or 6pm",
    )
    async def remind_set(
        self,
        interaction: discord.Interaction,
        days: app_commands.Range[str, 1, 100],
        time: app_commands.Range[str, 1, 10],
    ) -> None:
        schedule = Schedule(parse_days(days), parse_time(time))
        user_id, now = interaction.user.id, self.bot.clock()
        zone = usable_zone((await self.bot.store.users.preferences(user_id)).timezone)
        next_due = next_after(schedule, zone, now)
        await self.bot.store.reminders.save(user_id, schedule, zone, next_due, now)
        self.runner.waiting.discard(user_id)  # a pause, and its note, end here
        await replies.send(interaction, ephemeral=True, content=set_text(schedule, zone, next_due))

    @remind_set.autocomplete("days")
    async def days_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=s.name, value=s.value) for s in day_suggestions(current)[:25]]

    @remind.command(name="show", description="Your reminders: days, time and the next one")
    async def remind_show(self, interaction: discord.Interaction) -> None:
        reminder = await self.bot.store.reminders.get(interaction.user.id)
        if reminder is None:
            await replies.send(interaction, ephemeral=True, content=NO_REMINDERS)
            return
        zone = usable_zone(reminder.current_zone)
        next_due = next_after(reminder.schedule, zone, self.bot.clock())
        await replies.send(interaction, ephemeral=True, content=show_text(reminder, next_due))

    @remind.command(name="off", description="Stop your reminders")
    async def remind_off(self, interaction: discord.Interaction) -> None:
        gone = await self.bot.store.reminders.delete(interaction.user.id)
        self.runner.waiting.discard(interaction.user.id)
        await replies.send(interaction, ephemeral=True, content=OFF if gone else NO_REMINDERS)
