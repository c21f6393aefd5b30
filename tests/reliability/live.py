"""The imitation and our bot on an event loop of their own, for synchronous tests to drive.

Hypothesis runs each example as a plain function call; `LiveBot.run` runs one coroutine on
the loop the bot lives on. Between calls the loop stands still, the bot with it, which is
harmless: every example waits for its own answers before it returns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from contextlib import AsyncExitStack, contextmanager
from pathlib import Path
from typing import Any, TypeVar

from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.clocks import midday_clock
from tests.e2e.bots import running_bot

T = TypeVar("T")


class LiveBot:
    """Start with `start()`, drive with `run(coro)`, end with `close()`."""

    imitation: Imitation
    driver: Driver
    bot: HipThrustBot

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._runner = asyncio.Runner()
        self._stack = AsyncExitStack()
        self._saved = (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self._runner.run(coro)

    def start(self) -> LiveBot:
        self.run(self._start())
        return self

    async def _start(self) -> None:
        self.imitation = await self._stack.enter_async_context(Imitation(clock=midday_clock()))
        self.driver = Driver(self.imitation, timeout=5)
        self.bot = await self._stack.enter_async_context(running_bot(self.imitation, self.driver, self.db_path))

    def close(self) -> None:
        try:
            self.run(self._stack.aclose())
        finally:
            self._runner.close()
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = self._saved


@contextmanager
def started(folder: Path, name: str) -> Iterator[LiveBot]:
    """A started `LiveBot` on `folder / name` for a whole module's examples; on leaving, fails if
    any interaction missed Discord's 3 s or the imitation hit an error of its own."""
    running = LiveBot(folder / name).start()
    try:
        yield running
        assert running.driver.deadline_misses() == [], "an interaction missed the 3 s deadline"
        assert running.imitation.core.internal_errors == []
    finally:
        running.close()
