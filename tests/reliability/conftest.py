"""Fixtures for the reliability suite: our real bot on the imitation, restartable on one database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.db.store import Store
from bot.runtime import open_bot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import launch, sandbox_settings, stop
from bot.sandbox.model import User
from tests.reliability.people import add_members


@dataclass
class Lab:
    """The imitation, a driver, and our bot on a database file that outlives restarts."""

    imitation: Imitation
    driver: Driver
    db_path: Path
    bot: HipThrustBot | None = None
    _running: list[tuple[AbstractAsyncContextManager[HipThrustBot], HipThrustBot, asyncio.Task[None]]] = field(
        default_factory=list)

    @property
    def store(self) -> Store:
        """The running bot's repositories (its real SQLite database)."""
        assert self.bot is not None, "the bot is not running"
        return self.bot.store

    async def start(self) -> HipThrustBot:
        """Open the bot on the lab's database and connect it; ready when this returns."""
        manager = open_bot(sandbox_settings(self.imitation, self.db_path), guild_ready_timeout=0.05)
        bot = await manager.__aenter__()
        runner = await launch(bot, self.imitation, self.driver, within=20)
        self._running.append((manager, bot, runner))
        self.bot = bot
        return bot

    async def stop(self) -> None:
        """Close the bot gracefully (handlers in flight finish) and its database."""
        while self._running:
            manager, bot, runner = self._running.pop()
            await stop(bot, runner)
            await manager.__aexit__(None, None, None)
        self.bot = None

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
    assert driver.deadline_misses() == [], "an interaction was not answered within 3 s"
