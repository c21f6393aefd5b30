"""The terminal chat's message lines: writing to the bot as a user would, and the message menu.

    dm 100kg 3x10 @8                    DM the bot (from wherever you are)
    say @bot 100kg 3x10 @8              write in this channel; `@bot` is the bot's mention
    say 140 x 8                         a message without the mention: the bot cannot read it
    menu "Log as hip thrust" on 3       the message context menu on message 3 of `history`
    edit 3 140 x 8 x 4                  edit your message 3 (Discord sends the bot MESSAGE_UPDATE)
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from bot.sandbox.chat_options import split
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.model import Channel, Message
from bot.sandbox.snapshots import Reply
from bot.sandbox.validate import CONTENT_MAX

_MENTION = re.compile(r"<@!?(\d+)>")
_CHANNEL = re.compile(r"<#(\d+)>")
# A message link, bare or as the text of a Markdown link (`[jump](https://…)`).
_LINK = re.compile(r"(?:\[(?P<text>[^\]\n]*)\]\()?https://discord\.com/channels/(?:\d+|@me)/(?P<channel>\d+)/"
                   r"(?P<message>\d+)(?(text)\))")
_BOT = re.compile(r"(?<!\S)@bot\b", re.IGNORECASE)

HELP = """\
  dm TEXT                         DM the bot, e.g. dm 100kg 3x10 @8
  say TEXT                        write in this channel; @bot mentions the bot: say @bot 100kg 3x10
  menu "Log as hip thrust" on N   use a message's Apps menu on message N of history (or: on last)
  edit N TEXT                     edit your message N of history"""


class MessageLines:
    """Mixed into `Chat`: lines that write messages instead of running commands."""

    driver: Driver
    user: str
    channel: str

    def place(self) -> Channel:
        """The channel the chat is in (a DM is this user's)."""
        return self.driver.channel(self.channel, self.driver.user(self.user))

    def here(self) -> list[Message]:
        """The messages of this channel as `history` numbers them (1 = oldest)."""
        return self.driver.world.channel_messages(self.place().id)

    def readable(self, reply: Reply) -> Reply:
        """Mentions shown as @name and #channel, as Discord's app shows them, and a link to a
        message as its number in `history` (`[message 3 in #training]`), in the content and the
        embeds alike."""
        world = self.driver.world

        def user(match: re.Match[str]) -> str:
            found = world.users.get(int(match[1]))
            return f"@{found.username}" if found is not None else match[0]

        def channel(match: re.Match[str]) -> str:
            found = world.channels.get(int(match[1]))
            return f"#{found.name}" if found is not None and found.name else match[0]

        def message(match: re.Match[str]) -> str:
            found = world.channels.get(int(match["channel"]))
            ids = [m.id for m in world.channel_messages(found.id)] if found is not None else []
            if found is None or int(match["message"]) not in ids:
                return match[0]  # one the chat cannot show: the link as Discord gives it
            where = f"#{found.name}" if found.name else "your DM"
            shown = f"[message {ids.index(int(match['message'])) + 1} in {where}]"
            return f"{match['text']} {shown}" if match["text"] else shown

        def text(value: str) -> str:
            value = _LINK.sub(message, value)
            return _CHANNEL.sub(channel, _MENTION.sub(user, value))

        return dataclasses.replace(reply, content=text(reply.content),
                                   embeds=[_strings(embed, text) for embed in reply.embeds])

    def _numbered(self, number: str) -> Message:
        messages = self.here()
        if number == "last":
            me = self.driver.user(self.user).id
            mine = [m for m in messages if m.author_id == me]
            if not mine:
                raise InvocationError("you have written nothing here yet")
            return mine[-1]
        if not messages:  # "from 1 to 0" named no message there could be
            where = "this DM" if self.channel == "dm" else f"#{self.channel}"
            raise InvocationError(f"there is no message in {where} yet; write one first, e.g. say hi")
        if not number.isdigit() or not 0 < int(number) <= len(messages):
            raise InvocationError(f"choose a message from 1 to {len(messages)} (see history)")
        return messages[int(number) - 1]

    async def _dm(self, text: str) -> Reply | None:
        if not text.strip():
            raise InvocationError("dm what? e.g. dm 100kg 3x10 @8")
        return await self.driver.dm(_fits(text), user=self.user)

    async def _say(self, text: str) -> Reply | None:
        if not text.strip():
            raise InvocationError("say what? e.g. say @bot 100kg 3x10 @8")
        mentioned = _BOT.search(text) is not None
        content = _fits(_BOT.sub(f"<@{self.driver.core.bot_user_id}>", text))
        message = self.driver.write(content, user=self.user, channel=self.channel)
        if not mentioned and self.channel != "dm":
            return None  # nothing for the bot to read: show what happens, without waiting for an answer
        return await self.driver.answer_to(message)

    async def _menu(self, rest: str) -> Reply | None:
        words = split(rest, 'menu "Log as hip thrust" on 3')
        if len(words) != 3 or words[1] != "on":
            raise InvocationError('write it as: menu "Log as hip thrust" on N')
        return await self.driver.context_menu(words[0], self._numbered(words[2]), user=self.user)

    async def _edit(self, rest: str) -> Reply | None:
        number, _, text = rest.strip().partition(" ")
        message = self._numbered(number)
        if message.author_id != self.driver.user(self.user).id:
            raise InvocationError("you can edit only your own messages")
        if not text.strip():
            raise InvocationError(f"edit {number} to what? e.g. edit {number} 140 x 8 x 4")
        content = _fits(_BOT.sub(f"<@{self.driver.core.bot_user_id}>", text))
        await self.driver.edit_message(message, content)
        return None


def _strings(value: Any, change: Callable[[str], str]) -> Any:
    """`value` (an embed's JSON) with `change` made to every text in it."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {key: _strings(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [_strings(item, change) for item in value]
    return value


def _fits(content: str) -> str:
    """The content, if Discord's client would send it: a message holds at most 2000 characters."""
    if len(content) > CONTENT_MAX:
        raise InvocationError(f"a message holds at most {CONTENT_MAX} characters; this one has {len(content)}")
    return content
