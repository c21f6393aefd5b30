"""A server's answer channels as the bot sees them now: which of those listed the server no longer has."""

from __future__ import annotations

from bot.client import HipThrustBot
from bot.config.model import GuildConfig


def gone_answer_channels(bot: HipThrustBot, config: GuildConfig) -> list[int]:
    """The listed answer channels this server no longer has (a deleted last one stays listed:
    see `GuildConfig.answer_channels_left`); none when the server is not in the bot's cache.
    One answer for the guide's pointer and for /config."""
    guild = bot.get_guild(config.guild_id) if config.answer_channels else None
    if guild is None:
        return []
    return [c for c in config.answer_channels if guild.get_channel_or_thread(c) is None]
