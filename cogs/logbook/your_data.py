"""Your data: `/export`, `/forgetme`, `/privacy`."""

from __future__ import annotations

import asyncio
import io

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.interactions import limits, replies
from bot.interactions.buttons import ConfirmButton, Expirer, expiry_stamp
from bot.interactions.contexts import servers_and_dms
from bot.logbook.export import EntriesCsv, profile_file
from bot.reminders.model import profile_rows
from cogs.logbook.render import export_summary, forget_summary, privacy_embed


class ForgetButton(ConfirmButton, prefix="fm", expiring=True):
    """Confirm/Cancel for /forgetme; it acts on whoever clicks (the message is ephemeral)."""

    confirm_label = "Delete everything"
    cancelled = "Cancelled. Nothing was deleted."

    async def confirm(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        pinned = await bot.store.snippets.pinned_by(interaction.user.id)  # their footers name them
        counts = await bot.store.privacy.forget(interaction.user.id)
        await interaction.response.edit_message(content=forget_summary(counts), view=None)
        if pinned:  # the snippets cog takes the name off those messages
            bot.dispatch("pinner_forgotten", pinned)


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
        entries = EntriesCsv(interaction.filesize_limit - 1024)  # room for the multipart envelope
        async for batch in store.entries.stream(user_id):
            await asyncio.to_thread(entries.add, batch)
        prefs = await store.users.preferences(user_id)
        setups = await store.users.setups(user_id)
        verdict = await store.quiz.latest_for_user(user_id)
        reminders = profile_rows(await store.reminders.get(user_id))
        files = entries.files()
        files.append(profile_file(prefs, setups, prefs.current_setup_id, verdict, reminders))
        summary = export_summary(entries=entries.count, setups=len(setups))
        for start in range(0, len(files), limits.ATTACHMENTS_PER_MESSAGE):
            chunk = files[start : start + limits.ATTACHMENTS_PER_MESSAGE]
            attachments = [discord.File(io.BytesIO(data), filename=name) for name, data in chunk]
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
