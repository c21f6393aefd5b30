"""A small imitation of a server's channels, messages and pins for the snippet cog's tests.

It raises discord.py's own HTTP errors with Discord's codes, so the cog's error handling is
exercised as it would be against Discord.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import discord

from tests.fakes import FakeInteraction

_ids = itertools.count(900_000)
PAGE = 50  # Discord pages pins 50 at a time


def http_error(kind: type[discord.HTTPException], code: int) -> discord.HTTPException:
    status = {discord.NotFound: 404, discord.Forbidden: 403}.get(kind, 400)
    return kind(SimpleNamespace(status=status, reason="fake"), {"code": code, "message": f"error {code}"})


@dataclass
class FakeMessage:
    id: int
    channel_id: int
    embeds: list[discord.Embed]


@dataclass
class FakeChannel:
    id: int
    name: str
    bot_perms: discord.Permissions = field(default_factory=discord.Permissions.all)
    member_perms: discord.Permissions = field(default_factory=discord.Permissions.all)
    messages: dict[int, FakeMessage] = field(default_factory=dict)
    pins: list[int] = field(default_factory=list)  # newest pin first
    pin_error: int | None = None  # a Discord error code the next pin fails with
    unpin_error: int | None = None  # and the next unpin
    edit_error: int | None = None  # and every edit of a message
    pins_error: int | None = None  # and every read of the pins
    delete_fails: bool = False

    def permissions_for(self, who: Any) -> discord.Permissions:
        return self.bot_perms if getattr(who, "bot", False) else self.member_perms

    def post(self, n: int = 1) -> list[FakeMessage]:
        """Messages someone else posted (to fill the pin list)."""
        made = [FakeMessage(next(_ids), self.id, []) for _ in range(n)]
        self.messages.update({m.id: m for m in made})
        return made


class World:
    """The server: channels by id, and a log of what the bot did (with audit reasons)."""

    def __init__(self, guild_id: int = 2000) -> None:
        self.guild_id = guild_id
        self.channels: dict[int, FakeChannel] = {}
        self.actions: list[tuple[str, int, str | None]] = []
        self.pin_page_requests = 0
        self.me = SimpleNamespace(id=1, bot=True)

    def add(self, channel_id: int, name: str, **kwargs: Any) -> FakeChannel:
        channel = FakeChannel(channel_id, name, **kwargs)
        self.channels[channel_id] = channel
        return channel

    def channel(self, channel_id: int) -> FakeChannel:
        if channel_id not in self.channels:
            raise http_error(discord.NotFound, 10003)
        return self.channels[channel_id]

    def message(self, channel_id: int, message_id: int) -> FakeMessage:
        messages = self.channel(channel_id).messages
        if message_id not in messages:
            raise http_error(discord.NotFound, 10008)
        return messages[message_id]

    def delete_by_hand(self, channel_id: int, message_id: int) -> None:
        """Someone deleted the message and no event reached the bot (it was offline)."""
        channel = self.channels[channel_id]
        del channel.messages[message_id]
        if message_id in channel.pins:
            channel.pins.remove(message_id)

    # the guild, as the cog sees it through the cache
    def get_channel_or_thread(self, channel_id: int) -> FakeChannel | None:
        return self.channels.get(channel_id)

    def get_partial_messageable(self, channel_id: int, *, guild_id: int | None = None) -> PartialChannel:
        return PartialChannel(self, channel_id)


@dataclass
class PartialChannel:
    world: World
    id: int

    async def send(self, *, embeds: list[discord.Embed], **_: Any) -> PartialMessage:
        channel = self.world.channel(self.id)
        message = FakeMessage(next(_ids), self.id, embeds)
        channel.messages[message.id] = message
        self.world.actions.append(("send", message.id, None))
        return PartialMessage(self.world, self.id, message.id)

    def pins(self, *, limit: int | None = 50) -> AsyncIterator[FakeMessage]:
        async def pages() -> AsyncIterator[FakeMessage]:
            channel = self.world.channel(self.id)
            if channel.pins_error is not None:
                raise http_error(discord.Forbidden, channel.pins_error)
            ids = list(channel.pins)
            wanted = len(ids) if limit is None else min(limit, len(ids))
            for start in range(0, max(wanted, 1), PAGE):
                self.world.pin_page_requests += 1
                for message_id in ids[start : min(start + PAGE, wanted)]:
                    yield self.world.message(self.id, message_id)

        return pages()

    async def fetch_message(self, message_id: int) -> FakeMessage:
        return self.world.message(self.id, message_id)

    def get_partial_message(self, message_id: int) -> PartialMessage:
        return PartialMessage(self.world, self.id, message_id)


@dataclass
class PartialMessage:
    world: World
    channel_id: int
    id: int

    async def pin(self, *, reason: str | None = None) -> None:
        channel = self.world.channel(self.channel_id)
        self.world.message(self.channel_id, self.id)
        if channel.pin_error is not None:
            kind = discord.Forbidden if channel.pin_error == 50013 else discord.HTTPException
            raise http_error(kind, channel.pin_error)
        if len(channel.pins) >= 250:
            raise http_error(discord.HTTPException, 30003)
        channel.pins.insert(0, self.id)
        self.world.actions.append(("pin", self.id, reason))

    async def unpin(self, *, reason: str | None = None) -> None:
        channel = self.world.channel(self.channel_id)
        self.world.message(self.channel_id, self.id)
        if channel.unpin_error is not None:
            raise http_error(discord.Forbidden, channel.unpin_error)
        if self.id in channel.pins:
            channel.pins.remove(self.id)
        self.world.actions.append(("unpin", self.id, reason))

    async def delete(self) -> None:
        channel = self.world.channel(self.channel_id)
        if channel.delete_fails:
            raise http_error(discord.HTTPException, 50000)
        self.world.message(self.channel_id, self.id)
        channel.messages.pop(self.id)
        if self.id in channel.pins:
            channel.pins.remove(self.id)
        self.world.actions.append(("delete", self.id, None))

    async def edit(self, *, embeds: list[discord.Embed]) -> None:
        channel = self.world.channel(self.channel_id)
        if channel.edit_error is not None:
            raise http_error(discord.Forbidden, channel.edit_error)
        self.world.message(self.channel_id, self.id).embeds = embeds
        self.world.actions.append(("edit", self.id, None))


@dataclass
class SnippetInteraction(FakeInteraction):
    """A moderator's interaction in a channel of the fake world."""

    world: World = field(default_factory=World)
    app_permissions: discord.Permissions = field(default_factory=discord.Permissions.all)
    user: Any = field(default_factory=lambda: SimpleNamespace(id=1000, display_name="Mod Jo", bot=False))

    @property
    def guild(self) -> Any:
        return SimpleNamespace(
            id=self.guild_id, me=self.world.me, get_channel_or_thread=self.world.get_channel_or_thread
        )

    @property
    def answer(self) -> str:
        """The text of the last thing sent to the moderator."""
        return self.sent[-1].content

    @property
    def embeds(self) -> list[discord.Embed]:
        return [e for s in self.sent for e in ([s.kwargs["embed"]] if s.kwargs.get("embed") else [])]
