"""`/config show | set`: a server's settings for guide answers and the moderator log.

Who may run it is Discord's `default_permissions` (Manage Server), which server admins can
re-assign; the cog checks what Discord does not: the bot's permissions in a log channel, and the
admin's own there (Discord checked theirs only where they typed). It also forgets a server the
bot is removed from: its settings and snippet records go, its quiz verdicts lose the server id,
and members' own logs stay theirs.
"""

from __future__ import annotations

import functools
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.config.model import ConfigChange, GuildConfig, apply_change
from bot.config.modlog import answer_channel_deleted
from bot.config.text import set_header, settings_text
from bot.errors import MissingPermissionError
from bot.interactions import replies
from bot.interactions.contexts import SERVERS_ONLY, allowed
from bot.interactions.counts import tally
from bot.interactions.presence import require_bot_in_server
from bot.snippets.model import missing_permissions
from cogs.config import modlog
from cogs.config.channels import gone_answer_channels
from cogs.config.modlog import LOG_NEEDS, status
from cogs.snippets.channels import POSTING_CHANNELS, PinChannel, bot_permissions

log = logging.getLogger(__name__)

# Guide answers are interaction responses, which need no channel to take the bot's messages: a
# forum's (or media channel's) posts are threads, answered as their channel allows, so a forum can
# be an answer channel. The log takes the bot's own messages, so not a forum.
ANSWER_CHANNELS = (*POSTING_CHANNELS, discord.ChannelType.forum, discord.ChannelType.media)
ANSWER_CHANNELS_TEXT = "a text, announcement, forum or media channel of this server, picked from the list"
# One transformer per option, so an unusable channel is refused by the option's name.
AddChannel = app_commands.Transform[
    app_commands.AppCommandChannel, PinChannel("add_answer_channel", ANSWER_CHANNELS, ANSWER_CHANNELS_TEXT)]
RemoveChannel = app_commands.Transform[
    app_commands.AppCommandChannel, PinChannel("remove_answer_channel", ANSWER_CHANNELS, ANSWER_CHANNELS_TEXT)]
LogChannel = app_commands.Transform[app_commands.AppCommandChannel, PinChannel("log_channel")]


class ConfigCog(commands.Cog, name="Config"):
    """This server's settings, and forgetting a server the bot leaves."""

    config = app_commands.Group(
        name="config",
        description="This server's settings for guide answers and the moderator log (Manage Server)",
        default_permissions=discord.Permissions(manage_guild=True),
        **allowed(SERVERS_ONLY),
    )

    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        # Settings for a server the bot is not in would steer nothing, and never be deleted.
        return require_bot_in_server(interaction)

    @config.command(name="show", description="This server's settings, whether the moderator log works, what is stored")
    async def show(self, interaction: discord.Interaction) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        config = await self.bot.store.guild_config.get(guild_id)
        await replies.send(interaction, ephemeral=True, content=await self._shown(config))

    @config.command(name="set", description="Change this server's settings (no options: show them)")
    @app_commands.describe(
        public_answers="Guide answers are public unless a member chooses `private` (default: true)",
        add_answer_channel="Allow public guide answers here; once any channel is listed, only there",
        remove_answer_channel="Take a channel off the list of answer channels",
        answer_anywhere="True: public guide answers are allowed in every channel again (clears the list)",
        log_channel="Post snippet pins, unpins, refreshes and pins removed by hand here",
        log_off="True: stop the moderator log",
        ping_authors="Replies made with \"Answer with the guide\" ping the question's author (default: false)",
    )
    async def set_(
        self,
        interaction: discord.Interaction,
        public_answers: bool | None = None,
        add_answer_channel: AddChannel | None = None,
        remove_answer_channel: RemoveChannel | None = None,
        answer_anywhere: bool | None = None,
        log_channel: LogChannel | None = None,
        log_off: bool | None = None,
        ping_authors: bool | None = None,
    ) -> None:
        guild_id = interaction.guild_id
        assert guild_id is not None
        change = ConfigChange(
            public_answers=public_answers,
            add_answer_channel=None if add_answer_channel is None else add_answer_channel.id,
            remove_answer_channel=None if remove_answer_channel is None else remove_answer_channel.id,
            answer_anywhere=answer_anywhere,
            log_channel_id=None if log_channel is None else log_channel.id,
            log_off=log_off,
            ping_authors=ping_authors,
        )
        store = self.bot.store.guild_config
        config = await store.get(guild_id)
        if change.empty:
            await replies.send(interaction, ephemeral=True, content=await self._shown(config))
            return
        if log_channel is not None:
            self._check_log_channel(interaction, log_channel)
        # Applied to the settings as stored when it is written, not as read above: another
        # moderator's /config set at the same moment keeps its change. A channel listed since
        # was just chosen, so it is no deleted one.
        apply = functools.partial(apply_change, change=change, gone=gone_answer_channels(self.bot, config))
        config, updated = await store.change(guild_id, apply, self.bot.clock())
        header = set_header(config, updated, change)  # "Nothing changed" when it is so, not "Saved."
        await replies.send(interaction, ephemeral=True, content=await self._shown(updated, header=header))

    def _check_log_channel(self, interaction: discord.Interaction, channel: app_commands.AppCommandChannel) -> None:
        where = f"<#{channel.id}>"
        missing = missing_permissions(bot_permissions(interaction, channel.id), LOG_NEEDS)
        if missing:
            raise MissingPermissionError(missing, where=where)
        if channel.id != interaction.channel_id:
            # Discord checked the admin's permissions only where they typed: pointing the log at a
            # channel takes seeing it.
            missing = missing_permissions(channel.permissions, ("view_channel",))
            if missing:
                raise MissingPermissionError(missing, whose="you", where=where)

    async def _shown(self, config: GuildConfig, *, header: str | None = None) -> str:
        working = None
        if config.log_channel_id is not None:
            working = status(self.bot, config.guild_id, config.log_channel_id, config.log_problem)
        stored = await self.bot.store.guild_config.stored_counts(config.guild_id)
        gone = gone_answer_channels(self.bot, config)
        return settings_text(config, log_status=working, stored=stored, header=header, gone=gone)

    # --- keeping the settings true --------------------------------------------------------------

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        self.bot.store.guild_config.joined(guild.id)  # added back after a removal: settings store again

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        counts = await self.bot.store.guild_config.forget_guild(guild.id)
        log.info("removed from server %s: %s", guild.id, tally(counts))

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        # A deleted log channel needs nothing: `/config show` finds it gone in the cache.
        store = self.bot.store.guild_config
        config = await store.get(channel.guild.id)  # cached: most deleted channels are no answer channel
        if channel.id not in config.answer_channels:
            return
        # The cache has already let the channel go: what it still holds is what is left.
        left = config.answer_channels_left(gone_answer_channels(self.bot, config))
        if left:
            await store.remove_answer_channel(channel.guild.id, channel.id)
        # else the last answer channel stays listed: the moderator restricted public answers, and
        # deleting the channel must not quietly allow them everywhere (every answer is now private).
        await modlog.post(self.bot, channel.guild.id, [answer_channel_deleted(channel.name, left)])
