"""What the logbook's end-to-end tests share: reading the bot's real database, seeding history."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from bot.client import HipThrustBot
from bot.logbook.entries import NewEntry
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.stored import add_entry


async def entry_rows(bot: HipThrustBot, user_id: int) -> list[dict[str, Any]]:
    """Every stored log entry of the user, oldest first, as plain dicts."""
    rows = await bot.store.db.fetchall(
        "SELECT performed_on, variant, sets, reps, weight, unit, weight_kg, rpe, note, setup_id,"
        " interaction_id FROM entries WHERE user_id = ? ORDER BY id", (user_id,))
    return [dict(row) for row in rows]


async def count(bot: HipThrustBot, table: str, user_id: int, column: str = "user_id") -> int:
    """Rows of `table` whose `column` holds the user's id."""
    return int(await bot.store.db.fetchval(
        f"SELECT count(*) FROM {table} WHERE {column} = ?", (user_id,)))


async def stored_eventually(check: Callable[[], Awaitable[bool]], what: str, within: float = 10.0) -> None:
    """Wait until `check()` holds of what is stored. What the bot does once Discord has answered
    its reply (a post's id kept, a draft let go of) comes after the user sees the reply, by
    Discord's round trip; the database changes no event tells the driver of, so it is polled."""
    for _ in range(round(within / 0.01)):
        if await check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never stored: {what}")


async def count_becomes(bot: HipThrustBot, table: str, user_id: int, rows: int) -> None:
    """Wait until `count` is `rows` (see `stored_eventually`)."""

    async def counted() -> bool:
        return await count(bot, table, user_id) == rows

    await stored_eventually(counted, f"{rows} row(s) of {table}")


def today(imitation: Imitation) -> dt.date:
    """Today in UTC (the default time zone) on the clock the bot and the imitation share."""
    return imitation.clock().date()


def days_ago(imitation: Imitation, days: int) -> str:
    """The imitation's date `days` before today, as /log's date option takes it."""
    return (today(imitation) - dt.timedelta(days=days)).isoformat()


async def seed_sessions(bot: HipThrustBot, user_id: int, days: int, *, end: dt.date,
                        variant: str = "barbell", weight: float = 60.0) -> None:
    """One entry a day for `days` days up to `end` (oldest lightest), stored directly."""
    for back in range(days):
        entry = NewEntry(performed_on=end - dt.timedelta(days=back), variant=variant, sets=3,
                         reps=10, weight=weight - back * 0.5, unit="kg", rpe=8.0,
                         note=f"day {days - back}")
        await add_entry(bot.store, user_id, entry, setup_id=None, interaction_id=None, when=dt.datetime.now(dt.UTC))


EXPIRED = "These buttons have expired. Run the command again."


async def click_expired(driver: Driver, reply: Reply, label: str, says: str = EXPIRED) -> None:
    """Press a button past its lifetime: the buttons grey out and a private note `says` why."""
    late = await driver.click(reply, label)
    await driver.wait_until(lambda: bool(driver.followups(late)), "the expired note")
    [note] = driver.followups(late)
    assert note.ephemeral
    assert note.content == says
    assert all(button.get("disabled") for button in driver.refresh(reply).buttons())
