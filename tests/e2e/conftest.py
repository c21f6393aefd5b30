"""End-to-end fixture: our real bot (open_bot) connected to the imitation, on a temp database."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.runtime import open_bot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.settings import Secret, Settings


def sandbox_settings(imitation: Imitation, db_path: Path) -> Settings:
    """Settings that point the bot at the imitation and a database of its own."""
    return Settings(token=Secret(imitation.token), database_url=f"sqlite:///{db_path}",
                    api_base=imitation.api_base, gateway_url=imitation.gateway_url)


@pytest.fixture
async def hipbot(imitation: Imitation, driver: Driver, tmp_path: Path
                 ) -> AsyncIterator[HipThrustBot]:
    """Our bot, commands synced and connected; closed (and its database with it) after."""
    settings = sandbox_settings(imitation, tmp_path / "e2e.db")
    async with open_bot(settings, guild_ready_timeout=0.05) as bot:
        task = asyncio.create_task(bot.start(imitation.token))
        try:
            await asyncio.wait_for(bot.wait_until_ready(), 20)
            await driver.wait_ready()
            yield bot
        finally:
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    assert driver.deadline_misses() == [], "an interaction was not answered within 3 s"
