"""`/snippet pin | list | unpin | refresh`: moderators pin guide sections and keep them current.

Who may run the group is Discord's `default_permissions` (Pin Messages), which server admins can
re-assign; this cog checks only what Discord does not: the bot's own permissions, and the
moderator's permissions in another channel they name.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.errors import MissingPermissionError, NotFoundError, UserError
from bot.guide.model import Guide
from bot.guide.search import resolve_section
from bot.interactions import limits, replies
from bot.interactions.buttons import expiry_stamp
from bot.interactions.contexts import SERVERS_ONLY, allowed
from bot.interactions.expirer import Expirer
from bot.interactions.presence import require_bot_in_server
from bot.interactions.threads import post_needs
from bot.interactions.within import lines_within
from bot.keyed import PerKey
from bot.snippets.model import INVOKER_NEEDS, Snippet, State, Status, bot_needs, missing_permissions, status_of
from bot.snippets.text import NO_SNIPPETS, NOT_PINNED, all_hidden, already_pinned, more_unchecked, pin_count
from cogs.guide.sections import section_choices, unknown_section_message
from cogs.snippets.channels import PinChannel, bot_permissions, current_versions, snippet_embeds
from cogs.snippets.choices import unpin_choices
from cogs.snippets.logged import log_events
from cogs.snippets.pinning import pinned_already, post_and_pin
from cogs.snippets.reconcile import reconcile_guild
from cogs.snippets.refresh import forget_pinner, refresh_guild
from cogs.snippets.unpinning import check_unpin_permissions, chosen_snippet, unpin_snippet
from cogs.snippets.views import list_page, page_view, seen_by_member, unchecked_notes

log = logging.getLogger(__name__)

ChannelOption = app_commands.Transform[app_commands.AppCommandChannel, PinChannel("channel")]


class SnippetsCog(commands.Cog, name="Snippets"):
    """Guide sections pinned in channels, and keeping them true."""

    snippet = app_commands.Group(
        name="snippet",
        description="Pin guide sections in channels and keep them current (moderators)",
        default_permissions=discord.Permissions(pin_messages=True),
        **allowed(SERVERS_ONLY),
    )

    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.expirer = Expirer()
        # Only while held or waited on: every message deleted in any server takes its server's.
        self._guild_locks: PerKey[int, asyncio.Lock] = PerKey(asyncio.Lock)

    @property
    def guide(self) -> Guide:
        """The guide the bot read at start-up."""
        return self.bot.content.guide

    @asynccontextmanager
    async def guild_lock(self, guild_id: int | None) -> AsyncIterator[None]:
        """One change at a time to a server's snippets: refresh, reconcile and the delete events
        would otherwise edit a message twice or undo each other's marks. Discord delivers a server's
        interactions and events to the one shard (process) that owns it, so a lock per process
        is enough even when shards run as separate processes."""
        with self._guild_locks.using(guild_id or 0) as lock:
            async with lock:
                yield

    async def cog_unload(self) -> None:
        self.expirer.cancel_all()

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        # Without its bot in the server nothing here can post, pin or read the pins.
        return require_bot_in_server(interaction)

    # --- pin ------------------------------------------------------------------------------------

    @snippet.command(name="pin", description="Post a guide section as an embed in a channel and pin it")
    @app_commands.describe(section="Start typing a section title", channel="Where to pin it (default: this channel)")
    async def pin(self, interaction: discord.Interaction, section: str, channel: ChannelOption | None = None) -> None:
        guide = self.guide
        found = resolve_section(guide, section)
        if found is None:
            raise NotFoundError(unknown_section_message(guide, section, "/snippet pin"))
        guild_id, target_id = interaction.guild_id, channel.id if channel else interaction.channel_id
        assert guild_id is not None
        assert target_id is not None
        where = f"<#{target_id}>"
        target = channel if channel is not None else interaction.channel
        needs = bot_needs(post_needs(target))
        missing = missing_permissions(bot_permissions(interaction, target_id), needs)
        if missing:
            raise MissingPermissionError(missing, where=where)
        if channel is not None and channel.id != interaction.channel_id:
            # Discord checked default permissions only where the command runs, not in the target.
            missing = missing_permissions(channel.permissions, INVOKER_NEEDS)
            if missing:
                raise MissingPermissionError(missing, whose="you", where=where)
        version = current_versions(guide)[found.id]
        embeds = snippet_embeds(found, guide_title=guide.title, version=version, pinner=interaction.user.display_name)

        await replies.defer(interaction, ephemeral=True)
        # Under the server's lock, so two pins of one section racing each other post it once.
        async with self.guild_lock(guild_id):
            existing, noticed = await pinned_already(
                self.bot, guild_id=guild_id, channel_id=target_id, section_id=found.id
            )
            if existing is not None:
                stale = status_of(existing, current_versions(guide)) is Status.STALE
                content = already_pinned(found.title, where, existing.jump_url, stale=stale)
                pinned: list[Snippet] = []
            else:
                snippet = await post_and_pin(
                    self.bot,
                    guild_id=guild_id,
                    channel_id=target_id,
                    embeds=embeds,
                    section_id=found.id,
                    version=version,
                    pinner_id=interaction.user.id,
                    needs=needs,
                )
                content, pinned = f"Pinned **{found.title}** in {where}: {snippet.jump_url}", [snippet]
        await replies.send(interaction, ephemeral=True, content=content)
        await log_events(
            self.bot, interaction, pinned=pinned, found_unpinned=noticed.found_unpinned, adopted=noticed.adopted
        )

    @pin.autocomplete("section")
    async def section_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return section_choices(self.guide, current)

    # --- list -----------------------------------------------------------------------------------

    @snippet.command(name="list", description="This server's guide snippets: where, who, and whether current")
    async def list_snippets(self, interaction: discord.Interaction) -> None:
        await replies.defer(interaction, ephemeral=True)
        async with self.guild_lock(interaction.guild_id):
            checked = await reconcile_guild(self.bot, interaction)
        here = "unknown (I cannot read them)" if checked.pins_here is None else pin_count(checked.pins_here)
        lines = [f"Pins in this channel: {here}", *unchecked_notes(interaction, checked.unchecked)]
        # Reconciled in every channel, but listed only where the moderator can see.
        snippets, hidden = seen_by_member(interaction, checked.snippets)
        if snippets:
            embed, page, pages = list_page(snippets, self.guide, 0, hidden)
            view = page_view(page, pages, expiry_stamp(self.bot.clock()))
            extra: dict[str, Any] = {} if view is None else {"view": view}
            content = lines_within(lines, limits.CONTENT, more_unchecked)
            await replies.send(interaction, ephemeral=True, content=content, embed=embed, **extra)
            if view is not None:
                self.expirer.schedule(interaction)
        else:
            empty = all_hidden(hidden) if hidden else NO_SNIPPETS
            content = lines_within([empty, *lines], limits.CONTENT, more_unchecked)
            await replies.send(interaction, ephemeral=True, content=content)
        # Pins removed by hand are found in every channel, the hidden ones too: the mod log says so.
        await log_events(self.bot, interaction, found_unpinned=checked.found_unpinned, adopted=checked.adopted)

    # --- unpin ----------------------------------------------------------------------------------

    @snippet.command(name="unpin", description="Unpin a guide snippet (the record stays for the audit)")
    @app_commands.describe(snippet="Start typing a section or channel name")
    async def unpin(self, interaction: discord.Interaction, snippet: str) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        record = await chosen_snippet(self.bot, guild_id, snippet)
        title = self.guide.title_of(record.section_id)
        where = f"<#{record.channel_id}>"
        if record.state is not State.PINNED:
            raise UserError(NOT_PINNED.format(status=record.state.value))
        check_unpin_permissions(interaction, record, where)

        await replies.defer(interaction, ephemeral=True)
        # Under the server's lock, as it stands then: of two unpins at once, the second finds it
        # unpinned by the first, and neither says "Unpinned" nor logs it twice.
        async with self.guild_lock(guild_id):
            await unpin_snippet(self.bot, interaction, await chosen_snippet(self.bot, guild_id, snippet), where)
        await replies.send(
            interaction,
            ephemeral=True,
            content=f"Unpinned **{title}** in {where}. The message stays in the channel, and the record for the audit.",
        )
        await log_events(self.bot, interaction, unpinned=[record])

    @unpin.autocomplete("snippet")
    async def snippet_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await unpin_choices(self.bot, interaction, current, self.guide.title_of)

    # --- refresh --------------------------------------------------------------------------------

    @snippet.command(name="refresh", description="Edit every stale snippet of this server to the current guide text")
    async def refresh(self, interaction: discord.Interaction) -> None:
        await replies.defer(interaction, ephemeral=True)
        async with self.guild_lock(interaction.guild_id):
            done = await refresh_guild(self.bot, interaction, self.guide)
        await replies.send(interaction, ephemeral=True, content=done.report)
        await log_events(
            self.bot, interaction, refreshed=done.edited, found_unpinned=done.found_unpinned, adopted=done.adopted
        )

    # --- keeping records true -------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        if payload.guild_id is not None:
            async with self.guild_lock(payload.guild_id):
                await self.bot.store.snippets.mark_messages_gone([payload.message_id], self.bot.clock())

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        if payload.guild_id is not None:
            async with self.guild_lock(payload.guild_id):
                await self.bot.store.snippets.mark_messages_gone(payload.message_ids, self.bot.clock())

    @commands.Cog.listener()
    async def on_pinner_forgotten(self, snippets: list[Snippet]) -> None:
        """After /forgetme: the pinned messages that name the member say "a moderator" instead."""
        for snippet in snippets:
            async with self.guild_lock(snippet.guild_id):
                await forget_pinner(self.bot, snippet)

    @commands.Cog.listener()
    async def on_thread_join(self, thread: discord.Thread) -> None:
        """A thread the bot did not know open now (discord.py lets an archived thread go, and
        names it a join once a message opens it again): the footers there that Discord refused to
        edit while it was archived lose the name of a pinner who asked to be forgotten."""
        forgotten = await self.bot.store.snippets.pinner_forgotten_in(thread.id)
        for snippet in forgotten:
            async with self.guild_lock(snippet.guild_id):
                await forget_pinner(self.bot, snippet)

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        async with self.guild_lock(channel.guild.id):
            await self.bot.store.snippets.mark_channel_gone(channel.id, self.bot.clock())

    @commands.Cog.listener()
    async def on_raw_thread_delete(self, payload: discord.RawThreadDeleteEvent) -> None:
        async with self.guild_lock(payload.guild_id):
            await self.bot.store.snippets.mark_channel_gone(payload.thread_id, self.bot.clock())
