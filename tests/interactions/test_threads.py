"""What a reply takes: Send Messages in Threads in a thread, Send Messages elsewhere, never both."""

from __future__ import annotations

from types import SimpleNamespace

import discord

from bot.interactions.threads import reply_needs


def channel(kind: discord.ChannelType) -> SimpleNamespace:
    """What the check reads of a channel (a Thread, a TextChannel or a PartialMessageable): its type."""
    return SimpleNamespace(type=kind)


def test_in_a_thread_a_reply_takes_send_messages_in_threads_not_send_messages() -> None:
    for kind in (discord.ChannelType.public_thread, discord.ChannelType.private_thread,
                 discord.ChannelType.news_thread):
        assert reply_needs(channel(kind), embeds=True) == (
            "view_channel", "send_messages_in_threads", "embed_links", "read_message_history")


def test_elsewhere_a_reply_takes_send_messages() -> None:
    assert reply_needs(channel(discord.ChannelType.text)) == ("view_channel", "send_messages", "read_message_history")
    assert reply_needs(None, embeds=True) == ("view_channel", "send_messages", "embed_links", "read_message_history")
