"""Your data: `/export`, `/forgetme`, `/privacy`."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.imports import MAX_BYTES, MAX_ROWS
from bot.interactions import limits, replies
from bot.interactions.buttons import expiry_stamp
from bot.interactions.confirm import ConfirmButton
from bot.interactions.contexts import servers_and_dms
from bot.interactions.expirer import Expirer
from bot.logbook.export import EntriesCsv, import_rows, profile_file, shared_post_rows
from bot.logbook.posts import PostRewrite
from bot.reminders.model import profile_rows
from bot.snippets.model import profile_rows as snippet_rows
from cogs.logbook.posts import rewrite_post
from cogs.logbook.render import export_summary, forget_summary, forgotten_posts_line, privacy_embed


class ForgetButton(ConfirmButton, prefix="fm", expiring=True):
    """Confirm/Cancel for /forgetme; it acts on whoever clicks (the message is ephemeral)."""

    confirm_label = "Delete everything"
    cancelled = "Cancelled. Nothing was deleted."

    async def confirm(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        forgotten = await bot.store.privacy.forget(interaction.user.id)
        summary = forget_summary(forgotten.counts)
        await interaction.response.edit_message(content=summary, view=None)
        if forgotten.pinned:  # their footers name them: the snippets cog takes the name off
            bot.dispatch("pinner_forgotten", forgotten.pinned)
        if forgotten.posts:  # they show the lifter's sets; after the answer: the edits may wait on rate limits
            await self._rewrite_posts(interaction, bot, forgotten.posts, summary)

    @staticmethod
    async def _rewrite_posts(
        interaction: discord.Interaction, bot: HipThrustBot, posts: list[PostRewrite], summary: str
    ) -> None:
        """Turn each post into "Deleted: …" (kept with the deletes: a process that dies meanwhile
        leaves the rest to the next one), as deleting its entry does, and say what became of them."""
        marked, stayed = 0, []
        for kept in posts:
            edited = await rewrite_post(bot, kept)
            if edited:
                marked += 1
            elif edited is False:
                stayed.append(kept.post)
        line = forgotten_posts_line(marked, stayed)
        if line:
            await replies.edit_original(interaction, content=f"{summary}\n{line}")


class DataCog(commands.Cog):
    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.expirer = Expirer()

    async def cog_unload(self) -> None:
        self.expirer.cancel_all()

    @app_commands.command(name="export", description="Download everything stored about you as CSV files")
    @servers_and_dms
    async def export(self, interaction: discord.Interaction) -> None:
        await replies.defer(interaction, ephemeral=True)
        store, user_id = self.bot.store, interaction.user.id
        # Each file fits an upload (with room for the multipart envelope) and an /import csv of it.
        entries = EntriesCsv(min(interaction.filesize_limit - 1024, MAX_BYTES), MAX_ROWS)
        async for part, imported in store.entries.stream_with_imports(user_id):
            await asyncio.to_thread(entries.add, part, imported)
        prefs = await store.users.preferences(user_id)
        setups = await store.users.setups(user_id)
        verdicts = await store.quiz.verdicts_for_user(user_id)
        reminders = profile_rows(await store.reminders.get(user_id))
        posts, batches = await store.entries.shared_posts(user_id), await store.imports.batches(user_id)
        pinned = await store.snippets.pinned_by_ever(user_id)

        def profile() -> tuple[str, bytes]:  # a row a shared post (up to one a logged entry): off the event loop
            more = [
                *reminders, *shared_post_rows(posts),
                *import_rows((b.id, b.source, b.created_at, b.entries) for b in batches), *snippet_rows(pinned),
            ]  # fmt: skip
            return profile_file(prefs, setups, prefs.current_setup_id, verdicts, more)

        files = entries.files()
        summary = export_summary(
            entries=entries.count, setups=len(setups), verdicts=len(verdicts), reminder=bool(reminders),
            entry_files=len(files),
        )
        files.append(await asyncio.to_thread(profile))
        for start in range(0, len(files), limits.ATTACHMENTS_PER_MESSAGE):
            chunk = files[start : start + limits.ATTACHMENTS_PER_MESSAGE]
            attachments = [replies.Attachment(data, name) for name, data in chunk]
            await interaction.followup.send(
                summary if start == 0 else "More of your data:", files=attachments, ephemeral=True
            )

    @app_commands.command(name="forgetme", description="Delete everything this bot stores about you")
    @servers_and_dms
    async def forgetme(self, interaction: discord.Interaction) -> None:
        stamp = expiry_stamp(self.bot.clock())
        text = (
            "This deletes **everything** stored about you: log entries, settings, setups, reminders, quiz "
            "results and imports, and removes your id from guide snippets you pinned. It cannot be undone. "
            "(`/export` first if you want a copy.)"
        )
        view = ForgetButton.pair(stamp)
        await replies.send(interaction, ephemeral=True, content=text, view=view)
        self.expirer.schedule(interaction)

    @app_commands.command(name="privacy", description="What this bot stores about you, and how to remove it")
    @servers_and_dms
    async def privacy(self, interaction: discord.Interaction) -> None:
        await replies.send(interaction, ephemeral=True, embed=privacy_embed())
