"""Saving the Edit form from `/history`.

The form is validated exactly as /log validates (`bot.logbook.edits`); an edit keeps the entry's
id, variant, setup and import batch.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import discord
from discord.ext import commands

from bot.client import HipThrustBot
from bot.interactions.buttons import check_not_expired
from bot.interactions.tree import answer_error
from bot.logbook.edits import read_form
from cogs.logbook.edit import FORM, buttons, edit_in_place, gone, saved_text, submitted


class EditCog(commands.Cog):
    """Answers the Edit form's submits (see the module docstring)."""

    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self._tasks: set[asyncio.Task[None]] = set()

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        match = FORM.fullmatch(str(data.get("custom_id", "")))
        if match is None:
            return
        # Named like discord.py's own component tasks, so a shutdown lets it finish (HipThrustBot.close).
        task = asyncio.create_task(self._answer(interaction, match), name=f"discord-ui-edit-form-{interaction.id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        await task

    async def _answer(self, interaction: discord.Interaction, match: re.Match[str]) -> None:
        try:
            await self._save(interaction, int(match["eid"]), match["variant"], int(match["start"]), match["exp"])
        except Exception as error:
            await answer_error(interaction, error)

    async def _save(
        self, interaction: discord.Interaction, entry_id: int, variant: str, start: int, expires: str
    ) -> None:
        bot, user_id = self.bot, interaction.user.id
        now = bot.clock()
        check_not_expired(expires, now)
        entry = await bot.store.entries.get(user_id, entry_id)
        if entry is None:
            await edit_in_place(interaction, *gone(entry_id, variant, start, expires))
            return
        prefs = await bot.store.users.preferences(user_id)
        changed = read_form(submitted(dict(interaction.data or {})), entry, prefs, now)
        if not await bot.store.entries.edit(user_id, entry_id, changed, now):
            await edit_in_place(interaction, *gone(entry_id, variant, start, expires))
            return
        stored = await bot.store.entries.get(user_id, entry_id)
        assert stored is not None
        await edit_in_place(interaction, await saved_text(bot, user_id, stored, entry, prefs),
                            buttons(entry_id, variant, start, expires))  # fmt: skip
