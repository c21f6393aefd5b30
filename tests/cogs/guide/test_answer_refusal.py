"""Discord's refusal of an "Answer with the guide" reply names what the bot needs where it replied."""

from __future__ import annotations

from types import SimpleNamespace

import discord

from bot.interactions.threads import reply_needs
from cogs.guide.answer import _explained


def refusal(code: int) -> discord.Forbidden:
    return discord.Forbidden(SimpleNamespace(status=403, reason="Forbidden"),  # type: ignore[arg-type]
                             {"code": code, "message": "Missing Permissions"})


def test_a_refused_reply_in_a_thread_names_send_messages_in_threads_not_send_messages() -> None:
    thread = SimpleNamespace(type=discord.ChannelType.public_thread)
    explained = _explained(refusal(50013), 42, reply_needs(thread, embeds=True))
    assert explained is not None
    assert explained.message == ("Discord refused: I lack a permission in <#42>. I need View Channel, "
                                 "Send Messages in Threads, Embed Links and Read Message History there.")


def test_a_refused_reply_in_a_channel_names_send_messages() -> None:
    text = SimpleNamespace(type=discord.ChannelType.text)
    explained = _explained(refusal(50001), 42, reply_needs(text, embeds=True))
    assert explained is not None
    assert "I need View Channel, Send Messages, Embed Links and Read Message History there." in explained.message


def test_a_reply_refused_in_a_thread_locked_after_the_menu_says_it_is_locked() -> None:
    thread = SimpleNamespace(type=discord.ChannelType.public_thread)
    for code in (50083, 160005):  # "Thread is archived" (closed and locked), "Thread is locked"
        explained = _explained(refusal(code), 42, reply_needs(thread, embeds=True))
        assert explained is not None
        assert explained.message == "<#42> is a locked thread: only moderators can post there, so nothing was posted."
