"""Reminders against the clock, end to end: both daylight-saving changes, restarts (late once
within the hour, never twice), and two bot processes on one database (one DM)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import discord
import pytest

from bot.client import HipThrustBot
from bot.reminders.schedule import Schedule, next_after
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.logbook_helpers import stored_eventually
from tests.e2e.remind_helpers import dms, local, move_to, next_local, quiet_rounds, reminding_bot, wait_dms

pytestmark = pytest.mark.e2e
BERLIN = "Europe/Berlin"
HELSINKI = "Europe/Helsinki"


def transitions(imitation: Imitation, zone: str) -> list[dt.date]:
    """The next two days on which the zone's clocks change (one spring, one autumn)."""
    tz = ZoneInfo(zone)
    day = imitation.clock().astimezone(tz).date() + dt.timedelta(days=3)
    found: list[dt.date] = []
    while len(found) < 2:
        before = dt.datetime.combine(day, dt.time(0), tzinfo=tz).utcoffset()
        after = dt.datetime.combine(day, dt.time(12), tzinfo=tz).utcoffset()
        if before != after:
            found.append(day)
        day += dt.timedelta(days=1)
    return found


def sent_at(driver: Driver, message_id: int | None) -> dt.datetime:
    """When the imitation received the message, on the shared clock."""
    return driver.world.messages[message_id or 0].created_at


async def test_18_00_stays_18_00_local_across_both_daylight_saving_changes(
        monkeypatch: pytest.MonkeyPatch, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    tz = ZoneInfo(BERLIN)
    async with reminding_bot(monkeypatch, imitation, driver, tmp_path / "e2e.db"):
        await driver.slash("settings", timezone=BERLIN)
        await driver.slash("remind set", days="every day", time="18:00")
        offsets: set[dt.timedelta | None] = set()
        for change in transitions(imitation, BERLIN):
            # From two days before the change to the day after: four evenings. The jump to the
            # first one also skips every reminder in between, which must stay unsent.
            for day in (change + dt.timedelta(days=d) for d in range(-2, 2)):
                at = dt.datetime.combine(day, dt.time(18), tzinfo=tz).astimezone(dt.UTC)
                count = len(dms(driver))
                move_to(imitation, at - dt.timedelta(seconds=20))
                await quiet_rounds()
                assert len(dms(driver)) == count, f"a reminder before 18:00 on {day}"
                move_to(imitation, at + dt.timedelta(seconds=1))
                reminder = (await wait_dms(driver, count + 1))[-1]
                assert reminder.content.startswith(f"**Hip thrust reminder** · {day:%a %Y-%m-%d} at 18:00\n")
                when = sent_at(driver, reminder.message_id).astimezone(tz)
                assert (when.date(), when.strftime("%H:%M")) == (day, "18:00")
                offsets.add(when.utcoffset())
        assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}  # both sides of both changes
        assert len(dms(driver)) == 8


async def test_a_restart_sends_a_missed_reminder_late_once_within_the_hour(
        monkeypatch: pytest.MonkeyPatch, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    async with reminding_bot(monkeypatch, imitation, driver, db):
        await driver.slash("settings", timezone=BERLIN)
        await driver.slash("remind set", days="every day", time="18:00")
    at = next_local(imitation, BERLIN, 18)
    move_to(imitation, at + dt.timedelta(minutes=40))  # the bot was down at 18:00
    async with reminding_bot(monkeypatch, imitation, driver, db):
        [late] = await wait_dms(driver, 1)
        assert late.content.startswith(f"**Hip thrust reminder** · {local(at, BERLIN):%a %Y-%m-%d} at 18:00 "
                                       "(sent late: the bot was offline then)")
    move_to(imitation, at + dt.timedelta(minutes=45))
    async with reminding_bot(monkeypatch, imitation, driver, db):  # restarted again
        await quiet_rounds()
        assert len(dms(driver)) == 1  # not twice
    tomorrow = at + dt.timedelta(days=1)
    move_to(imitation, tomorrow + dt.timedelta(minutes=61))  # down for more than the hour
    async with reminding_bot(monkeypatch, imitation, driver, db):
        await quiet_rounds()
        assert len(dms(driver)) == 1  # too late to help: skipped
        shown = await driver.slash("remind show")
        assert f"Next: {local(tomorrow + dt.timedelta(days=1), BERLIN):%a %Y-%m-%d} at 18:00" in shown.content
        move_to(imitation, tomorrow + dt.timedelta(days=1, seconds=1))
        assert len(await wait_dms(driver, 2)) == 2


def dm_opens(imitation: Imitation) -> int:
    """How many times the bot asked Discord to open a DM channel."""
    return sum(1 for r in imitation.core.requests if r.method == "POST" and r.path.endswith("/users/@me/channels"))


async def kept_channel(bot: HipThrustBot, user_id: int) -> int | None:
    return await bot.store.db.fetchval("SELECT dm_channel_id FROM reminders WHERE user_id = ?", (user_id,))


async def test_the_dm_channel_is_opened_once_and_kept_across_restarts(
        monkeypatch: pytest.MonkeyPatch, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    """discord.py remembers the DM channels it opened only while it runs (the last 128): the bot
    keeps the lifter's, so a reminder is one request to Discord, not two."""
    db, member = tmp_path / "e2e.db", driver.user("member").id
    dm = imitation.world.dm_channel(member).id
    async with reminding_bot(monkeypatch, imitation, driver, db) as bot:
        await driver.slash("settings", timezone=BERLIN)
        await driver.slash("remind set", days="every day", time="18:00")
        at = next_local(imitation, BERLIN, 18)
        move_to(imitation, at + dt.timedelta(seconds=1))
        await wait_dms(driver, 1)
        assert dm_opens(imitation) == 1
        assert await kept_channel(bot, member) == dm
    async with reminding_bot(monkeypatch, imitation, driver, db):  # a restart: discord.py knows no DM channel
        move_to(imitation, at + dt.timedelta(days=1, seconds=1))
        await wait_dms(driver, 2)
        assert dm_opens(imitation) == 1  # straight to the channel kept
    async with reminding_bot(monkeypatch, imitation, driver, db) as bot:
        # A channel Discord no longer knows (404 Unknown Channel): opened again, once, and kept.
        await bot.store.db.execute("UPDATE reminders SET dm_channel_id = 1 WHERE user_id = ?", (member,))
        move_to(imitation, at + dt.timedelta(days=2, seconds=1))
        reminders = await wait_dms(driver, 3)
        assert reminders[-1].content.startswith("**Hip thrust reminder**")
        assert dm_opens(imitation) == 2
        assert await kept_channel(bot, member) == dm
        await quiet_rounds()
        assert len(dms(driver)) == 3  # once


async def test_a_dead_dm_channel_that_cannot_be_opened_again_is_forgotten(
        monkeypatch: pytest.MonkeyPatch, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    """A kept channel Discord no longer knows, and opening a new one fails: that reminder is lost
    (logged), the dead channel is not tried again, and the next reminder opens one and keeps it."""
    db, member = tmp_path / "e2e.db", driver.user("member").id
    async with reminding_bot(monkeypatch, imitation, driver, db) as bot:
        await driver.slash("settings", timezone=BERLIN)
        await driver.slash("remind set", days="every day", time="18:00")
        await bot.store.db.execute("UPDATE reminders SET dm_channel_id = 1 WHERE user_id = ?", (member,))
        opened = bot.create_dm

        async def refused(user: object) -> object:
            raise discord.HTTPException(SimpleNamespace(status=500, reason="Internal Server Error"), "down")

        monkeypatch.setattr(bot, "create_dm", refused)
        at = next_local(imitation, BERLIN, 18)
        move_to(imitation, at + dt.timedelta(seconds=1))

        async def forgotten() -> bool:
            return await kept_channel(bot, member) is None

        await stored_eventually(forgotten, "the dead DM channel forgotten")
        assert dms(driver) == []
        monkeypatch.setattr(bot, "create_dm", opened)
        move_to(imitation, at + dt.timedelta(days=1, seconds=1))
        await wait_dms(driver, 1)
        assert await kept_channel(bot, member) == imitation.world.dm_channel(member).id


async def test_two_bot_processes_on_one_database_send_one_reminder(
        monkeypatch: pytest.MonkeyPatch, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    """Two whole bots at once, as during a redeploy: both run the sender, one DM goes out."""
    db = tmp_path / "shared.db"
    member = driver.user("member").id
    async with reminding_bot(monkeypatch, imitation, driver, db) as first, \
            reminding_bot(monkeypatch, imitation, driver, db) as second:  # fmt: skip
        assert first is not second
        now = imitation.clock()
        schedule = Schedule(tuple(range(7)), 18 * 60)
        # Stored directly: a command would reach both bots, which share the imitation's gateway.
        await first.store.reminders.save(member, schedule, "UTC", next_after(schedule, "UTC", now), now)
        at = next_local(imitation, "UTC", 18)
        for day in range(3):
            move_to(imitation, at + dt.timedelta(days=day, seconds=1))
            await wait_dms(driver, day + 1)
            await quiet_rounds()
            assert len(dms(driver)) == day + 1
        senders = [sender(b) for b in (first, second)]
        assert all(s._task is not None and not s._task.done() for s in senders)  # both kept looking
        holder = await first.store.db.fetchval("SELECT holder FROM leases WHERE name = 'reminders'")
        assert holder in {s.runner.holder for s in senders}


def sender(bot: HipThrustBot) -> Any:
    """The bot's reminder cog (not checked by class: a reloaded extension is a new module)."""
    cog = bot.get_cog("RemindCog")
    assert cog is not None
    return cog


async def test_a_time_zone_change_moves_the_reminders_at_once_and_sends_none_for_the_time_passed(
        monkeypatch: pytest.MonkeyPatch, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    """/settings timezone is like /remind set again on the new clock: the next 18:00 there comes on
    time (not minutes later, as 'sent late: the bot was offline'), and an 18:00 that clock showed
    before the change is not sent at once, late, as if the bot had missed it."""
    async with reminding_bot(monkeypatch, imitation, driver, tmp_path / "e2e.db"):
        await driver.slash("remind set", days="every day", time="18:00")  # on UTC, every lifter's start
        at = next_local(imitation, BERLIN, 18, after=600)
        move_to(imitation, at - dt.timedelta(minutes=3))
        await quiet_rounds()
        await driver.slash("settings", timezone=BERLIN)  # 17:57 on the lifter's clock
        move_to(imitation, at + dt.timedelta(seconds=1))
        [on_time] = await wait_dms(driver, 1)
        assert on_time.content.startswith(f"**Hip thrust reminder** · {local(at, BERLIN):%a %Y-%m-%d} at 18:00\n")
        # The next day at 17:30 in Berlin the lifter moves to Helsinki, where 18:00 was half an hour ago.
        move_to(imitation, at + dt.timedelta(days=1, minutes=-30))
        await quiet_rounds()
        await driver.slash("settings", timezone=HELSINKI)
        move_to(imitation, at + dt.timedelta(days=1, minutes=-24))  # the zone check's five minutes on
        await quiet_rounds()
        assert len(dms(driver)) == 1
        shown = await driver.slash("remind show")
        assert f"Next: {local(at + dt.timedelta(days=2), HELSINKI):%a %Y-%m-%d} at 18:00" in shown.content
