"""`/import csv` (preview, then Import or Cancel) and `/import undo`.

The parsed entries wait in the database (`pending_imports`), keyed by the original interaction
id, so Import still works after a restart; re-downloading the attachment instead would depend on
Discord's signed CDN link and parse the file twice. The file itself is never stored.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.errors import NotFoundError, UserError
from bot.imports import SOURCES, Known, Source, check_size, parse_import, split_known
from bot.interactions import replies
from bot.interactions.buttons import expiry_stamp
from bot.interactions.confirm import ConfirmButton
from bot.interactions.contexts import SERVERS_AND_DMS, allowed
from bot.interactions.expirer import BUTTON_LIFETIME, Expirer
from bot.logbook.checks import check_choice
from bot.logbook.units import UNITS, Unit
from bot.operations import gc_pause
from cogs.imports.render import batch_question, preview_embed, removed_text, stored_text


class ImportButton(ConfirmButton, prefix="im", fields={"iid": int}):
    """Import / Cancel under a preview; the original interaction id keys the pending import."""

    confirm_label, confirm_style = "Import", discord.ButtonStyle.success
    cancelled = "Cancelled. Nothing was imported."

    def __init__(self, act: str, interaction_id: int) -> None:
        super().__init__(act, interaction_id)
        self.interaction_id = interaction_id

    async def cancel(self, bot: HipThrustBot, user_id: int) -> bool:
        return await bot.store.imports.discard_pending(self.interaction_id, user_id)

    async def answer_cancel(self, interaction: discord.Interaction, bot: HipThrustBot, discarded: bool) -> None:
        """Cancelled; or, when Import pressed just before took the preview, what it imported (its own
        answer may land first, and this one must not say "Nothing was imported" over it)."""
        done = None if discarded else await bot.store.imports.imported(self.interaction_id, interaction.user.id)
        content = self.cancelled if done is None else stored_text(done)
        await interaction.response.edit_message(content=content, embed=None, view=None)

    async def confirm(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        # Storing up to 50,000 rows may take longer than Discord's 3 s: acknowledge first.
        await interaction.response.defer()
        stored = await bot.store.imports.confirm(self.interaction_id, interaction.user.id, bot.clock())
        await replies.edit_original(interaction, content=stored_text(stored), embed=None, view=None)


class UndoImportButton(ConfirmButton, prefix="iu", fields={"bid": int}, expiring=True):
    """Remove import / Keep it for /import undo."""

    confirm_label, cancel_label = "Remove import", "Keep it"
    cancelled = "Kept. Nothing was removed."

    def __init__(self, act: str, batch_id: int, expires: str) -> None:
        super().__init__(act, batch_id, expires)
        self.batch_id = batch_id

    async def confirm(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        removed = await bot.store.imports.delete(interaction.user.id, self.batch_id)
        await interaction.response.edit_message(content=removed_text(removed), view=None)


class ImportCog(commands.Cog):
    imports = app_commands.Group(
        name="import",
        description="Bring your hip thrust history in from a CSV file",
        **allowed(SERVERS_AND_DMS),
    )

    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.expirer = Expirer()

    async def cog_unload(self) -> None:
        self.expirer.cancel_all()

    @imports.command(name="csv", description="Import hip thrust sets from a Strong or Hevy CSV, or this bot's /export")
    @app_commands.describe(
        file="The CSV file (at most 5 MB and 50,000 rows)",
        source="Which app wrote it (default: recognised by its header)",
        unit="What the weights are when the file does not say (default: your /settings unit)",
    )
    async def import_csv(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        source: Source = "auto",
        unit: Unit | None = None,
    ) -> None:
        check_choice("source", source, SOURCES)
        if unit is not None:
            check_choice("unit", unit, UNITS)
        check_size(file.size)  # before downloading anything
        await replies.defer(interaction, ephemeral=True)
        try:
            data = await file.read()
        except discord.HTTPException:
            raise UserError("The file could not be downloaded from Discord. Try again. Nothing was stored.") from None
        # From the parse until the pending row is written, a 50,000-row file keeps ~100,000 objects
        # alive: paused, the collector walks none of them, and `_preview` drops them before it resumes.
        with gc_pause.paused():
            embed, pending = await self._preview(interaction.id, interaction.user.id, data, source, unit)
        if not pending:
            await replies.send(interaction, ephemeral=True, embed=embed)
            return
        view = ImportButton.pair(interaction.id)
        await replies.send(interaction, ephemeral=True, embed=embed, view=view)
        self.expirer.schedule(interaction)

    async def _preview(
        self, interaction_id: int, user_id: int, data: bytes, source: Source, unit: Unit | None
    ) -> tuple[discord.Embed, bool]:
        """The file's preview, and whether Import can store anything (its entries are then pending)."""
        store = self.bot.store
        prefs = await store.users.preferences(user_id)
        now = self.bot.clock()
        # Up to 50,000 rows and entries: the work on each of them runs in a worker thread.
        result = await asyncio.to_thread(parse_import, data, source=source, unit=unit, prefs=prefs, now=now)
        known = Known()
        if result.first_day is not None and result.last_day is not None:
            known = await store.imports.known(user_id, result.first_day, result.last_day)
        split = await asyncio.to_thread(split_known, result.entries, known)
        embed = await asyncio.to_thread(preview_embed, result, split)
        if not split.fresh:
            return embed, False
        await store.imports.purge_expired(now)
        expires = now + timedelta(seconds=BUTTON_LIFETIME)
        await store.imports.put_pending(interaction_id, user_id, result.source, result.entries, expires)
        return embed, True

    @imports.command(name="undo", description="Remove your last import, after you confirm")
    async def import_undo(self, interaction: discord.Interaction) -> None:
        batch = await self.bot.store.imports.latest(interaction.user.id)
        if batch is None:
            raise NotFoundError("You have no imports to undo.")
        stamp = expiry_stamp(self.bot.clock())
        view = UndoImportButton.pair(batch.id, stamp)
        await replies.send(interaction, ephemeral=True, content=batch_question(batch), view=view)
        self.expirer.schedule(interaction)
