"""`Servers`: what keeps a server's rows from outliving the bot's removal from it.

Removing the bot deletes the server's rows (`GuildConfigRepository.forget_guild`), but a command
under way then (a /config set, a snippet pin, a shared /log keeping its post, a quiz verdict)
could write one after that delete, for a server the bot has left. Discord delivers a server's
interactions and events to the one shard (process) that owns it, so these writes and the removal
meet in one process: each write holds the server's gate shared, the removal holds it alone, and
a write that comes after the removal finds the server left and stores nothing of it.

What this keeps lives as long as the process, in many servers: so a server's gate only while a
write or a removal holds or waits on it, and only the latest `LEFT_REMEMBERED` removals. The
commands under way at a removal end within minutes (an interaction's token lives 15), and those
that change a server turn away a server without the bot first (`bot.interactions.presence`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.db.write_gate import WriteGate
from bot.errors import UserError
from bot.keyed import PerKey

# Removals remembered, the oldest forgotten first: far more than happen while a command runs.
LEFT_REMEMBERED = 10_000
LEFT = "I was removed from this server meanwhile, so nothing was stored for it."


class ServerLeftError(UserError):
    """A write for a server the bot was removed from while the command ran."""

    def __init__(self) -> None:
        super().__init__(LEFT)


class Servers:
    """The servers this process saw the bot removed from lately (until it joins them again), and a
    gate per server between its writes and its removal."""

    def __init__(self) -> None:
        self._gates: PerKey[int, WriteGate] = PerKey(WriteGate)
        self._left: dict[int, None] = {}  # insertion-ordered: the oldest removal first

    @asynccontextmanager
    async def writing(self, guild_id: int | None) -> AsyncIterator[bool]:
        """Around a write of a server's rows: whether the bot is still in the server (False: write
        none). A removal waits until the write is done, and so deletes what it wrote. No server
        (a DM): True."""
        if guild_id is None:
            yield True
            return
        with self._gates.using(guild_id) as gate:
            async with gate.shared():
                yield guild_id not in self._left

    @asynccontextmanager
    async def leaving(self, guild_id: int) -> AsyncIterator[None]:
        """Around deleting a server's rows: writes that began before wait to end first, later
        ones find it left."""
        self._left.pop(guild_id, None)
        self._left[guild_id] = None
        while len(self._left) > LEFT_REMEMBERED:
            del self._left[next(iter(self._left))]
        with self._gates.using(guild_id) as gate:
            async with gate.exclusive():
                yield

    def joined(self, guild_id: int) -> None:
        """The bot was added to the server (again): its writes store as before."""
        self._left.pop(guild_id, None)
