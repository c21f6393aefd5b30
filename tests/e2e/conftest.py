"""End-to-end fixture: our real bot (open_bot) connected to the imitation, on a temp database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.runtime import open_bot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import launch, sandbox_settings, stop


@pytest.fixture
async def hipbot(imitation: Imitation, driver: Driver, tmp_path: Path
                 ) -> AsyncIterator[HipThrustBot]:
    """Our bot, commands synced and connected; closed (and its database with it) after."""
    settings = sandbox_settings(imitation, tmp_path / "e2e.db")
    async with open_bot(settings, guild_ready_timeout=0.05) as bot:
        runner = await launch(bot, imitation, driver, within=20)
        try:
            yield bot
        finally:
            await stop(bot, runner)
    assert driver.deadline_misses() == [], "an interaction was not answered within 3 s"
