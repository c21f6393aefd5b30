"""Driver basics: the built-in people and places, and waiting on the imitation's world."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from bot.sandbox import invocations as inv
from bot.sandbox.imitation import Imitation
from bot.sandbox.ledger import InteractionRecord
from bot.sandbox.model import LOADING, Channel, Message, User
from bot.sandbox.snapshots import Reply, from_record

InvocationError = inv.InvocationError


class DriverTimeoutError(AssertionError):
    """The bot did not do what the driver waited for in time."""


class DriverBase:
    """Who and where (by name), waiting helpers, and delivering an interaction; `Driver` adds the actions."""

    def __init__(self, imitation: Imitation, *, timeout: float = 10.0) -> None:
        self.imitation = imitation
        self.core = imitation.core
        self.world = imitation.world
        self.scenario = imitation.scenario
        self.timeout = timeout
        self._changed = asyncio.Event()
        self.world.listeners.append(lambda event, data: self._changed.set())

    # -- people and places --------------------------------------------------------------

    def user(self, who: str | User | None) -> User:
        if isinstance(who, User):
            return who
        name = (who or "member").lstrip("@")
        users = self.scenario.users()
        if name not in users:
            raise InvocationError(f"no user {who!r}; built in: {', '.join(users)}")
        return users[name]

    def channel(self, where: str | Channel | None, user: User | None = None) -> Channel:
        if isinstance(where, Channel):
            return where
        name = (where or "general").lstrip("#").lower()  # Discord's channel names are lower case
        if name == "dm":
            return self.world.dm_channel(self.user(user).id)
        for channel_id in self.scenario.guild.channel_ids:
            if self.world.channels[channel_id].name == name:
                return self.world.channels[channel_id]
        built_in = [self.world.channels[i].name for i in self.scenario.guild.channel_ids]
        raise InvocationError(f"no channel {where!r}; built in: {', '.join(built_in)} (and dm)")

    # -- waiting ------------------------------------------------------------------------

    async def wait_until(self, predicate: Callable[[], bool], what: str,
                         within: float | None = None) -> None:
        """Wait until `predicate()` holds, re-checking on every change in the world."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (self.timeout if within is None else within)
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise DriverTimeoutError(f"timed out waiting for {what}")
            self._changed.clear()
            # Also re-check periodically: gateway writes do not touch the world.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.05))

    async def wait_ready(self, within: float | None = None) -> None:
        """Wait until a bot has identified and received every guild."""
        sessions = self.imitation.gateway.sessions
        await self.wait_until(
            lambda: any(s.socket is not None and s.delivered >= s.seq for s in sessions.values()),
            "the bot to connect to the gateway", within)

    async def settle(self, quiet: float = 0.2, within: float | None = None) -> None:
        """Wait until nothing has changed for `quiet` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (self.timeout if within is None else within)
        while loop.time() < deadline:
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), quiet)
            except TimeoutError:
                return

    # -- delivering interactions ----------------------------------------------------------

    def send(self, kind: int, user: User, channel: Channel, data: dict[str, Any],
             source: Message | None = None) -> InteractionRecord:
        """Deliver an interaction of `kind` with `data` and return its record at once."""
        if not self.imitation.gateway.sessions:
            raise InvocationError("no bot is connected to the imitation")
        payload = inv.base_payload(self.core, kind, user, channel, data, source)
        record = inv.register(self.core, payload, user, channel, source)
        self.core.dispatch("INTERACTION_CREATE", payload, guild_id=channel.guild_id)
        return record

    async def answer(self, record: InteractionRecord, what: str = "the interaction") -> Reply:
        """Wait for an interaction's answer (a deferred one until its placeholder is replaced)."""
        await self.wait_until(lambda: record.answered, f"an answer to {what}")
        if record.callback_type == 5:
            await self.wait_until(lambda: not self._loading(record), f"the deferred {what}")
        return from_record(self.core, record)

    async def _deliver(self, kind: int, user: User, channel: Channel, data: dict[str, Any],
                       source: Message | None = None, *, what: str) -> Reply:
        return await self.answer(self.send(kind, user, channel, data, source), what)

    def _loading(self, record: InteractionRecord) -> bool:
        message = self.world.messages.get(record.original_id or 0)
        return message is not None and bool(message.flags & LOADING)
