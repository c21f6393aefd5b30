"""Whether a channel is a thread, and so what a reply there takes: in a thread Send Messages in
Threads, as Send Messages "does not allow sending messages in threads" (Discord's permission docs).
One answer for the chat log's replies (cogs.chatlog), "Answer with the guide"'s (cogs.guide.answer)
and a pinned snippet's post (cogs.snippets)."""

from __future__ import annotations

import discord

THREADS = frozenset({
    discord.ChannelType.public_thread, discord.ChannelType.private_thread, discord.ChannelType.news_thread,
})


def is_thread(channel: object) -> bool:
    """A thread, told by its channel type: a `discord.Thread`, or the `PartialMessageable` an
    interaction carries for a channel not in the cache (which no isinstance check would catch)."""
    return getattr(channel, "type", None) in THREADS


def post_needs(channel: object) -> str:
    """The permission posting in `channel` takes: Send Messages in Threads in a thread, Send
    Messages elsewhere (neither stands in for the other)."""
    return "send_messages_in_threads" if is_thread(channel) else "send_messages"


def reply_needs(channel: object, *, embeds: bool = False) -> tuple[str, ...]:
    """What the bot needs to post a reply in `channel`: View Channel; what posting there takes
    (`post_needs`); Embed Links when the reply carries `embeds`; and Read Message History, which
    Discord's Create Message takes for a reply."""
    return ("view_channel", post_needs(channel), *(("embed_links",) if embeds else ()), "read_message_history")
