"""Graceful shutdown: a command already running when the bot is asked to stop finishes and is kept."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.bots import running_bot
from tests.stored import entry_count

pytestmark = pytest.mark.e2e


async def test_a_log_in_flight_when_close_starts_is_answered_and_stored(
    imitation: Imitation, driver: Driver, tmp_path: Path
) -> None:
    async with running_bot(imitation, driver, tmp_path / "shutdown.db") as bot:
        inside, release = asyncio.Event(), asyncio.Event()
        real_log = bot.store.logbook.log

        async def slow_log(*args: Any, **kwargs: Any) -> Any:
            inside.set()
            await release.wait()  # the command is mid-flight when close() begins
            return await real_log(*args, **kwargs)

        bot.store.logbook.log = slow_log  # type: ignore[method-assign]
        pending = asyncio.create_task(driver.slash("log", weight=100, reps=10))
        await asyncio.wait_for(inside.wait(), 5)
        closing = asyncio.create_task(bot.close())
        await asyncio.sleep(0.05)
        assert not closing.done()  # close waits for the handler in flight
        late = asyncio.create_task(driver.slash("ping"))  # arrives after close began
        await asyncio.sleep(0.05)
        release.set()
        reply = await asyncio.wait_for(pending, 5)
        await asyncio.wait_for(closing, 5)
        assert reply.content.startswith("**Logged** 1 × 10 @ 100 kg")
        assert await entry_count(bot.store, driver.user("member").id) == 1
        assert not late.done()  # not taken: no half-handled command during shutdown
        late.cancel()
