"""End-to-end fixture: our real bot (open_bot) connected to the imitation, on a temp database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.bots import running_bot


@pytest.fixture
async def hipbot(imitation: Imitation, driver: Driver, tmp_path: Path
                 ) -> AsyncIterator[HipThrustBot]:
    """Our bot, commands synced and connected, on the imitation's clock; closed (and its
    database with it) after. Fails the test if an interaction missed Discord's 3 s deadline."""
    async with running_bot(imitation, driver, tmp_path / "e2e.db") as bot:
        yield bot
