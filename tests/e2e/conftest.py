"""End-to-end fixtures: our real bot (open_bot) connected to the imitation, on a temp database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.hosting import BotHost


@pytest.fixture
async def bot_host(imitation: Imitation, driver: Driver, tmp_path: Path
                   ) -> AsyncIterator[BotHost]:
    """The running bot's host: `restart()` it on the same database; it shares the imitation's
    clock, so `imitation.advance()` moves both. Closed (with its database) after."""
    host = BotHost(imitation, driver, tmp_path / "e2e.db")
    await host.start()
    try:
        yield host
    finally:
        await host.stop()
    assert driver.deadline_misses() == [], "an interaction was not answered within 3 s"


@pytest.fixture
async def hipbot(bot_host: BotHost) -> HipThrustBot:
    """Our bot, commands synced and connected (see `bot_host`)."""
    return bot_host.bot
