"""Discord-facing helpers for snippets: the channel option, permissions, embeds, Discord's errors."""

from __future__ import annotations

import functools
from typing import Any, NoReturn

import discord
from discord import app_commands

from bot.errors import UserError, ValidationError, discord_refused, discord_unavailable
from bot.guide.model import Guide, Section
from bot.interactions import limits
from bot.interactions.codes import (
    MAX_PINS,
    MISSING_ACCESS,
    MISSING_PERMISSIONS,
    THREAD_ARCHIVED,
    UNKNOWN_CHANNEL,
    UNKNOWN_MESSAGE,
    discord_side,
)
from bot.snippets.text import PIN_LIMIT_REACHED, TOO_LONG, footer
from cogs.guide.render import DERIVED_NOTE, content_version, render_section

# Where the bot posts (a snippet, the moderator log): channels that take messages of their own.
POSTING_CHANNELS = (discord.ChannelType.text, discord.ChannelType.news)
POSTING_CHANNELS_TEXT = "a text or announcement channel of this server, picked from the list"


class PinChannel(app_commands.Transformer):
    """A channel of the kinds the option offers, kept as the resolved `AppCommandChannel`.

    The resolved channel carries the invoker's own permissions there (`permissions`), which a
    cached `discord.TextChannel` does not; pinning into another channel checks them. discord.py
    does not tell a transformer which option it reads, so each option gets an instance that knows
    its name (`PinChannel("log_channel")`), and a refusal names the field as other errors do.
    `kinds` (the channel types Discord offers) and `what` (them in words) default to channels the
    bot can post in.
    """

    def __init__(self, field: str = "channel", kinds: tuple[discord.ChannelType, ...] = POSTING_CHANNELS,
                 what: str = POSTING_CHANNELS_TEXT) -> None:
        super().__init__()
        self.field = field
        self.kinds = kinds
        self.what = what

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return list(self.kinds)

    async def transform(self, interaction: discord.Interaction, value: Any, /) -> app_commands.AppCommandChannel:
        if not isinstance(value, app_commands.AppCommandChannel):
            raise ValidationError(self.field, self.what)
        return value


def bot_permissions(interaction: discord.Interaction, channel_id: int) -> discord.Permissions:
    """The bot's permissions in a channel of this server (none if it cannot see the channel).

    In the channel where the command runs Discord sends them (`app_permissions`); elsewhere
    they are computed from the cached channel's overwrites and the bot's roles.
    """
    if channel_id == interaction.channel_id:
        return interaction.app_permissions
    guild = interaction.guild
    channel = None if guild is None else guild.get_channel_or_thread(channel_id)
    if guild is None or channel is None:
        return discord.Permissions.none()
    return channel.permissions_for(guild.me)


def is_known_channel(interaction: discord.Interaction, channel_id: int) -> bool:
    """The channel is in this server's cache (a deleted one is not; Discord then says it is gone)."""
    guild = interaction.guild
    return guild is not None and guild.get_channel_or_thread(channel_id) is not None


def member_permissions(interaction: discord.Interaction, channel_id: int) -> discord.Permissions:
    """The invoker's permissions in another channel of this server, from the cache."""
    guild = interaction.guild
    channel = None if guild is None else guild.get_channel_or_thread(channel_id)
    user = interaction.user
    if channel is None or isinstance(user, discord.User):  # a plain User is no member of this server
        return discord.Permissions.none()
    return channel.permissions_for(user)


def hidden_from_member(interaction: discord.Interaction, channel_id: int) -> bool:
    """A channel of this server the invoker cannot view: what the snippet commands never name to
    them (its mention, a jump link, who pinned there). A channel missing from the cache (deleted, or
    a thread not cached) names nothing, and is not hidden."""
    return is_known_channel(interaction, channel_id) and not member_permissions(interaction, channel_id).view_channel


def footer_name(section: Section) -> str:
    """The section as a snippet's footer names it: a derived one says so wherever it is shown, a
    pinned copy included."""
    return f"{section.title} ({DERIVED_NOTE})" if section.derived else section.title


def snippet_embeds(section: Section, *, guide_title: str, version: str, pinner: str) -> list[discord.Embed]:
    """The section as one message's embeds, with the snippet footer; refuses what cannot fit one."""
    embeds = render_section(section, guide_title=guide_title)
    embeds[-1].set_footer(text=footer(footer_name(section), version, pinner))
    if len(embeds) > limits.EMBEDS_PER_MESSAGE or sum(len(e) for e in embeds) > limits.EMBED_CHARS_PER_MESSAGE:
        raise UserError(TOO_LONG.format(title=section.title))
    return embeds


def explain(error: discord.HTTPException | discord.RateLimited, where: str, needs: tuple[str, ...]) -> UserError | None:
    """A clear answer for Discord's errors a snippet command can meet, a rate limit longer than the
    bot waits (`RateLimited`) told as a 429; None for the unexpected. `needs`: what the refused
    action takes in `where` (posting and pinning, editing, reading or removing pins), named when
    Discord refuses a permission."""
    if isinstance(error, discord.RateLimited):
        return discord_unavailable(429)
    if error.code == MAX_PINS:
        return UserError(PIN_LIMIT_REACHED.format(where=where, cap=limits.PINS_PER_CHANNEL))
    if error.code in (MISSING_PERMISSIONS, MISSING_ACCESS):
        return discord_refused(where, needs)
    if error.code == UNKNOWN_CHANNEL:
        return UserError(f"The channel {where} no longer exists.")
    if error.code == UNKNOWN_MESSAGE:
        return UserError(f"The message in {where} was deleted.")
    if discord_side(error.status):
        return discord_unavailable(error.status)
    if error.code == THREAD_ARCHIVED:
        # Threads close after a while without messages; Discord then changes nothing in one.
        return UserError(f"{where} is an archived thread, where Discord changes nothing. "
                         "Open it again (sending a message there does), then try again.")
    return None


def raise_explained(error: discord.HTTPException | discord.RateLimited, where: str, needs: tuple[str, ...]) -> NoReturn:
    """Raise Discord's error as `explain` words it, or as it came when it is unexpected."""
    explained = explain(error, where, needs)
    if explained is None:
        raise error
    raise explained from error


def is_gone(error: discord.HTTPException) -> bool:
    """Discord says the channel or the message does not exist (any more)."""
    return error.code in (UNKNOWN_CHANNEL, UNKNOWN_MESSAGE)


async def pinned_messages(channel: discord.abc.Messageable) -> list[discord.Message]:
    """Every pinned message of the channel; Discord pages them 50 at a time (`limit=None` follows)."""
    return [message async for message in channel.pins(limit=None)]


@functools.lru_cache(maxsize=4)
def current_versions(guide: Guide) -> dict[str, str]:
    """Each section's content version in this guide (what a snippet is compared against)."""
    return {s.id: content_version(s, guide_title=guide.title) for s in guide.sections}


@functools.lru_cache(maxsize=4)
def sections_by_footer_name(guide: Guide) -> dict[str, str]:
    """Each section's id by the name a snippet's footer gives it (how a post is read back)."""
    return {footer_name(s): s.id for s in guide.sections}
