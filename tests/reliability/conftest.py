"""Fixtures for the reliability suite: our real bot on the imitation, restartable on one database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.db.store import Store
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.model import User
from tests.e2e.bots import running_bot
from tests.reliability.people import add_members


@dataclass
class Lab:
    """The imitation, a driver, and our bot on a database file that outlives restarts."""

    imitation: Imitation
    driver: Driver
    db_path: Path
    bot: HipThrustBot | None = None
    _running: AsyncExitStack | None = None

    @property
    def store(self) -> Store:
        """The running bot's repositories (its real SQLite database)."""
        assert self.bot is not None, "the bot is not running"
        return self.bot.store

    async def start(self) -> HipThrustBot:
        """Open the bot on the lab's database and connect it; ready when this returns."""
        running = AsyncExitStack()
        self.bot = await running.enter_async_context(running_bot(self.imitation, self.driver, self.db_path))
        self._running = running
        return self.bot

    async def stop(self) -> None:
        """Close the bot gracefully (handlers in flight finish) and its database.

        Fails if an interaction so far missed Discord's 3 s deadline.
        """
        running, self._running, self.bot = self._running, None, None
        if running is not None:
            await running.aclose()

    async def restart(self) -> HipThrustBot:
        await self.stop()
        return await self.start()

    def members(self, count: int, prefix: str = "lifter") -> list[User]:
        return add_members(self.imitation, count, prefix)


@pytest.fixture
async def lab(imitation: Imitation, driver: Driver, tmp_path: Path) -> AsyncIterator[Lab]:
    """A started bot; fails the test if any interaction missed Discord's 3 s deadline."""
    setup = Lab(imitation, driver, tmp_path / "reliability.db")
    await setup.start()
    try:
        yield setup
    finally:
        await setup.stop()
