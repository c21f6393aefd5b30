"""What the reminder end-to-end tests share: a bot whose sender looks often, and moving the clock
the bot and the imitation share to a lifter's local time."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.client import HipThrustBot
from bot.reminders import runner
from bot.sandbox.dms import dm_messages
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.bots import running_bot

ROUND = 0.05  # seconds between the sender's rounds in these tests (20 s in production)


@asynccontextmanager
async def reminding_bot(monkeypatch: pytest.MonkeyPatch, imitation: Imitation, driver: Driver,
                        db: Path) -> AsyncIterator[HipThrustBot]:
    """Our bot on `db` (see `running_bot`), its reminder sender looking every `ROUND` seconds."""
    monkeypatch.setattr(runner, "POLL_SECONDS", ROUND)
    async with running_bot(imitation, driver, db) as bot:
        yield bot


def next_local(imitation: Imitation, zone: str, hour: int, minute: int = 0, *, after: float = 60,
               weekdays: tuple[int, ...] = tuple(range(7))) -> dt.datetime:
    """The next time (UTC) the clock in `zone` shows hour:minute on one of `weekdays` (0 = Monday),
    at least `after` seconds from now."""
    tz = ZoneInfo(zone)
    start = imitation.clock() + dt.timedelta(seconds=after)
    day = start.astimezone(tz).date()
    while True:
        at = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz).astimezone(dt.UTC)
        if at >= start and day.weekday() in weekdays:
            return at
        day += dt.timedelta(days=1)


def local(when: dt.datetime, zone: str) -> dt.datetime:
    return when.astimezone(ZoneInfo(zone))


def move_to(imitation: Imitation, when: dt.datetime) -> None:
    """Move the shared clock forward to `when`."""
    ahead = (when - imitation.clock()).total_seconds()
    assert ahead >= 0, "the clock only moves forward"
    imitation.advance(ahead)


def dms(driver: Driver, who: str = "member") -> list[Reply]:
    """The bot's messages in the user's DMs (reminders, and answers posted there), oldest first."""
    return dm_messages(driver.core, driver.user(who).id)


async def wait_dms(driver: Driver, count: int, who: str = "member") -> list[Reply]:
    await driver.wait_until(lambda: len(dms(driver, who)) >= count, f"{count} DM(s) to {who}")
    return dms(driver, who)


async def quiet_rounds(rounds: int = 6) -> None:
    """Let the sender look a few times (for asserting that it sends nothing)."""
    await asyncio.sleep(ROUND * rounds)
