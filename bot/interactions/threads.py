"""Whether a channel is a thread, where a post takes Send Messages in Threads: one test for the
chat log's replies (cogs.chatlog) and "Answer with the guide"'s (cogs.guide.answer)."""

from __future__ import annotations

import discord

THREADS = frozenset({
    discord.ChannelType.public_thread, discord.ChannelType.private_thread, discord.ChannelType.news_thread,
})


def is_thread(channel: object) -> bool:
    """A thread, told by its channel type: a `discord.Thread`, or the `PartialMessageable` an
    interaction carries for a channel not in the cache (which no isinstance check would catch)."""
    return getattr(channel, "type", None) in THREADS
