"""Driver actions with messages: users writing to the bot (a DM, a mention, a reply), editing, and
using a message context-menu command; and reading what the bot answered and what it was sent.

    answer = await driver.dm("100kg 3x10 @8")                       # waits for the bot's reply
    answer = await driver.say("100kg 3x10", channel="general")      # "@bot 100kg 3x10" in #general
    line = driver.write("140 x 8", channel="general")               # no mention: the bot may not read it
    menu = await driver.context_menu("Log as hip thrust", line)     # answered like a slash command
"""

from __future__ import annotations

from typing import Any

from bot.sandbox import invocations as inv
from bot.sandbox import perms
from bot.sandbox.driver_base import DriverBase
from bot.sandbox.message_content import mention_fields
from bot.sandbox.model import Channel, Message, User
from bot.sandbox.snapshots import Reply, from_message

Target = Reply | Message | int


class MessageActions(DriverBase):
    """Users' messages and what the bot did with them."""

    def _message(self, target: Target) -> Message:
        message_id = target if isinstance(target, int) else (
            target.id if isinstance(target, Message) else target.message_id)
        message = self.world.messages.get(message_id or 0)
        if message is None:
            raise inv.InvocationError("that message is gone")
        return message

    def write(self, text: str, *, user: str | User | None = None, channel: str | Channel | None = None,
              mention_bot: bool = False, reply_to: Target | None = None, ping: bool = True) -> Message:
        """Post a user's message at once (no waiting): `mention_bot` puts the bot's mention first;
        `reply_to` makes it a reply, which pings the replied author unless `ping` is False."""
        author = self.user(user)
        place = self.channel(channel, author)
        if place.guild_id is not None and not self.world.permissions(author.id, place.id) & perms.posting(place.thread):
            raise inv.InvocationError(f"{author.username} cannot send messages in #{place.name}")
        content = f"<@{self.core.bot_user_id}> {text}" if mention_bot else text
        replied = None if reply_to is None else self._message(reply_to)
        fields = mention_fields(self.world, content, replied_to=replied, ping_replied=ping)
        if replied is not None:
            fields.update(reference_id=replied.id, type=19)
        return self.world.post(place.id, author.id, content=content, **fields)

    async def dm(self, text: str, *, user: str | User | None = None) -> Reply:
        """DM the bot and wait for its answer."""
        return await self.answer_to(self.write(text, user=user, channel="dm"))

    async def say(self, text: str, *, user: str | User | None = None, channel: str | Channel | None = None) -> Reply:
        """Write `@bot text` in a channel (default #general) and wait for the bot's answer."""
        return await self.answer_to(self.write(text, user=user, channel=channel, mention_bot=True))

    def answers_to(self, target: Target) -> list[Reply]:
        """The bot's messages that reply to a message, oldest first (now, without waiting)."""
        message = self._message(target)
        return [from_message(self.core, m) for m in self.world.channel_messages(message.channel_id)
                if m.reference_id == message.id and m.author_id == self.core.bot_user_id]

    async def answer_to(self, target: Target, within: float | None = None) -> Reply:
        """Wait for the bot's reply to a message."""
        await self.wait_until(lambda: bool(self.answers_to(target)), "the bot's reply", within)
        return self.answers_to(target)[0]

    async def edit_message(self, target: Target, text: str) -> Reply:
        """The author edits their message (Discord sends MESSAGE_UPDATE)."""
        message = self._message(target)
        replied = self.world.messages.get(message.reference_id or 0)
        fields = mention_fields(self.world, text, replied_to=replied, ping_replied=bool(
            replied is not None and replied.author_id in message.mention_ids))
        return from_message(self.core, self.world.edit(message, content=text, **fields))

    async def redeliver_message(self, target: Target) -> None:
        """Dispatch the message's MESSAGE_CREATE again, as a replay can, and let the bot settle."""
        self.imitation.gateway.redeliver(self._message(target))
        await self.settle()

    def deliveries(self, target: Target) -> list[dict[str, Any]]:
        """Every MESSAGE_CREATE/UPDATE dispatch of the message to the bot, as sent: what it was given."""
        wanted = str(self._message(target).id)
        return [sent for session in self.imitation.gateway.sessions.values() for sent in session.sent
                if sent["t"] in ("MESSAGE_CREATE", "MESSAGE_UPDATE") and sent["d"].get("id") == wanted]

    async def context_menu(self, name: str, target: Target, *, user: str | User | None = None) -> Reply:
        """Use a message context-menu command ("Apps" on a message) and return the answer."""
        message = self._message(target)
        invoker = self.user(user)
        data = inv.message_command_data(self.core, name, message, invoker)
        return await self._deliver(2, invoker, self.world.channels[message.channel_id], data,
                                   what=f"the {name!r} menu")
