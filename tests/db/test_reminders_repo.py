"""Reminders in the database, on both engines: the schedule rows, the lease, and the sender's
rounds, including two processes over one database (each reminder sent once)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.db.store import Store
from bot.logbook.entries import NewEntry, Preferences
from bot.reminders import runner as runner_module
from bot.reminders.model import Reminder
from bot.reminders.runner import LEASE, Due, Outcome, ReminderRunner
from bot.reminders.schedule import Schedule, next_after
from tests.stored import add_entry, save_preferences

BERLIN = "Europe/Berlin"
DAILY_18 = Schedule(tuple(range(7)), 18 * 60)
MONDAY_NOON = datetime(2026, 1, 5, 11, tzinfo=UTC)  # 12:00 in Berlin
MONDAY_18 = datetime(2026, 1, 5, 17, tzinfo=UTC)  # 18:00 in Berlin


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Sent:
    """A `deliver` that records what it was asked to send and answers `outcome`."""

    def __init__(self, outcome: Outcome = Outcome.SENT) -> None:
        self.dues: list[Due] = []
        self.outcome = outcome

    async def __call__(self, due: Due) -> Outcome:
        self.dues.append(due)
        await asyncio.sleep(0)  # a real send awaits the network: let the other process run
        return self.outcome


async def remind(store: Store, user_id: int, now: datetime, schedule: Schedule = DAILY_18, zone: str = BERLIN) -> None:
    """What /remind set stores, for a lifter whose /settings zone is `zone`."""
    await save_preferences(store, user_id, Preferences(timezone=zone))
    await store.reminders.save(user_id, schedule, zone, next_after(schedule, zone, now), now)


@pytest.fixture
async def second(database_url: str) -> AsyncIterator[Store]:
    """Another process's handle on the same database."""
    other = await Store.open(database_url)
    yield other
    await other.close()


async def test_schedule_round_trip_and_off(store: Store) -> None:
    await remind(store, 1, MONDAY_NOON)
    stored = await store.reminders.get(1)
    assert stored is not None
    assert (stored.schedule, stored.zone, stored.current_zone) == (DAILY_18, BERLIN, BERLIN)
    assert (stored.next_due, stored.handled, stored.sent, stored.paused) == (MONDAY_18, MONDAY_NOON, 0, False)
    assert await store.reminders.get(2) is None
    assert await store.reminders.delete(2) is False
    assert await store.reminders.delete(1) is True
    assert await store.reminders.get(1) is None


async def test_the_dm_channel_is_kept_through_a_new_schedule_and_each_reminder(store: Store) -> None:
    clock, sent = Clock(MONDAY_NOON), Sent()
    await remind(store, 1, clock.now)
    stored = await store.reminders.get(1)
    assert stored is not None
    assert stored.dm_channel_id is None  # until a reminder opens it
    channel = 2**62 + 5  # a snowflake: past 32 bits
    await store.reminders.keep_dm_channel(1, channel)
    await remind(store, 1, clock.now)  # /remind set again
    clock.now = MONDAY_18
    [(due, _)] = await ReminderRunner(store, clock, sent).tick()
    assert due.dm_channel_id == channel
    await store.reminders.forget_dm_channel(1, channel + 1)  # not the channel kept: nothing changes
    assert (await store.reminders.get(1)).dm_channel_id == channel  # type: ignore[union-attr]
    await store.reminders.forget_dm_channel(1, channel)
    assert (await store.reminders.get(1)).dm_channel_id is None  # type: ignore[union-attr]


async def test_lease_has_one_holder_until_it_expires_or_is_released(store: Store) -> None:
    leases = store.leases
    assert await leases.acquire(LEASE, "a", MONDAY_NOON, 90)
    assert not await leases.acquire(LEASE, "b", MONDAY_NOON + timedelta(seconds=89), 90)
    assert await leases.acquire(LEASE, "a", MONDAY_NOON + timedelta(seconds=60), 90)  # renewed to 150 s
    assert not await leases.acquire(LEASE, "b", MONDAY_NOON + timedelta(seconds=120), 90)
    assert await leases.acquire(LEASE, "b", MONDAY_NOON + timedelta(seconds=150), 90)  # expired: b takes it
    assert not await leases.acquire(LEASE, "a", MONDAY_NOON + timedelta(seconds=151), 90)
    await leases.release(LEASE, "a")  # not a's to give up: nothing changes
    assert not await leases.acquire(LEASE, "a", MONDAY_NOON + timedelta(seconds=152), 90)
    await leases.release(LEASE, "b")
    assert await leases.acquire(LEASE, "a", MONDAY_NOON + timedelta(seconds=153), 90)


async def test_a_reminder_goes_out_at_its_time_once(store: Store) -> None:
    clock, sent = Clock(MONDAY_NOON), Sent()
    await remind(store, 1, clock.now)
    runner = ReminderRunner(store, clock, sent)
    clock.now = MONDAY_18 - timedelta(seconds=1)
    assert await runner.tick() == []
    clock.now = MONDAY_18
    [(due, outcome)] = await runner.tick()
    assert (due.user_id, due.at, due.day, due.zone, due.first, outcome) == (
        1, MONDAY_18, date(2026, 1, 5), BERLIN, True, Outcome.SENT)
    clock.advance(seconds=30)
    assert await runner.tick() == []
    stored = await store.reminders.get(1)
    assert stored is not None
    assert (stored.next_due, stored.sent) == (MONDAY_18 + timedelta(days=1), 1)
    clock.now = MONDAY_18 + timedelta(days=1)
    [(tuesday, _)] = await runner.tick()
    assert (tuesday.day, tuesday.first) == (date(2026, 1, 6), False)


async def test_no_reminder_on_a_day_already_logged(store: Store) -> None:
    clock, sent = Clock(MONDAY_NOON), Sent()
    await remind(store, 1, clock.now)
    logged = NewEntry(performed_on=date(2026, 1, 5), variant="barbell", sets=3, reps=10, weight=100, unit="kg",
                      rpe=8, note=None)  # fmt: skip
    await add_entry(store, 1, logged, setup_id=None, interaction_id=None, when=clock.now)
    clock.now = MONDAY_18
    assert await ReminderRunner(store, clock, sent).tick() == []
    stored = await store.reminders.get(1)
    assert stored is not None
    assert stored.next_due == MONDAY_18 + timedelta(days=1)  # Monday's is dealt with: Tuesday is next
    assert sent.dues == []


async def test_two_processes_send_each_reminder_once(store: Store, second: Store) -> None:
    clock = Clock(MONDAY_NOON)
    users = range(1, 31)
    for user_id in users:
        await remind(store, user_id, clock.now)
    sent = Sent()
    first, other = ReminderRunner(store, clock, sent, holder="p1"), ReminderRunner(second, clock, sent, holder="p2")
    clock.now = MONDAY_18
    for _ in range(3):
        await asyncio.gather(first.tick(), other.tick())
        clock.advance(seconds=20)
    assert sorted(d.user_id for d in sent.dues) == list(users)


async def test_each_time_is_claimed_once_even_if_both_think_they_hold_the_lease(
    store: Store, second: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A holder that stalled past its lease overlaps its successor: the claim still sends once."""
    clock = Clock(MONDAY_NOON)
    for user_id in range(1, 21):
        await remind(store, user_id, clock.now)

    async def always(*args: object) -> bool:
        return True

    for handle in (store, second):
        monkeypatch.setattr(handle.leases, "acquire", always)
    sent = Sent()
    clock.now = MONDAY_18 + timedelta(seconds=5)
    results = await asyncio.gather(*(ReminderRunner(s, clock, sent).tick() for s in (store, second, store, second)))
    assert sorted(d.user_id for d in sent.dues) == list(range(1, 21))
    assert sum(len(r) for r in results) == 20


async def test_the_next_process_takes_over_when_the_holder_stops(store: Store, second: Store) -> None:
    clock = Clock(MONDAY_NOON)
    await remind(store, 1, clock.now)
    sent = Sent()
    holder, standby = ReminderRunner(store, clock, sent), ReminderRunner(second, clock, sent)
    clock.now = MONDAY_18 - timedelta(seconds=30)
    assert await holder.tick() == []  # takes the lease; nothing due yet
    clock.now = MONDAY_18
    assert await standby.tick() == []  # not the holder: sends nothing though one is due
    assert sent.dues == []
    clock.advance(seconds=runner_module.LEASE_SECONDS)  # the holder died without renewing
    [(due, _)] = await standby.tick()
    assert due.user_id == 1
    await standby.release()  # a clean shutdown hands over at once
    clock.now = MONDAY_18 + timedelta(days=1)
    assert len(await holder.tick()) == 1


async def test_catch_up_after_a_restart_within_the_hour_once(store: Store, second: Store) -> None:
    clock = Clock(MONDAY_NOON)
    await remind(store, 1, clock.now)
    sent = Sent()
    before = ReminderRunner(store, clock, sent)
    assert await before.tick() == []
    await before.release()  # the process stops; it is down at 18:00
    clock.now = MONDAY_18 + timedelta(minutes=40)
    [(due, _)] = await ReminderRunner(second, clock, sent).tick()  # restarted
    assert due.at == MONDAY_18
    clock.advance(minutes=5)
    assert await ReminderRunner(store, clock, sent).tick() == []  # and again: not twice
    assert len(sent.dues) == 1


async def test_a_downtime_over_the_hour_skips_that_reminder(store: Store) -> None:
    clock = Clock(MONDAY_NOON)
    await remind(store, 1, clock.now)
    sent = Sent()
    clock.now = MONDAY_18 + timedelta(hours=1, minutes=1)
    assert await ReminderRunner(store, clock, sent).tick() == []
    stored = await store.reminders.get(1)
    assert stored is not None
    assert stored.next_due == MONDAY_18 + timedelta(days=1)


async def test_closed_dms_pause_reminders_and_leave_one_notice(store: Store) -> None:
    clock, refused = Clock(MONDAY_NOON), Sent(Outcome.DMS_CLOSED)
    await remind(store, 1, clock.now)
    runner = ReminderRunner(store, clock, refused)
    clock.now = MONDAY_18
    [(_, outcome)] = await runner.tick()
    assert outcome is Outcome.DMS_CLOSED
    assert runner.waiting == {1}
    stored = await store.reminders.get(1)
    assert stored is not None
    assert stored.paused
    clock.advance(days=1)
    assert await runner.tick() == []  # paused: nothing is tried
    assert await store.reminders.waiting_notices() == {1}
    assert await store.reminders.take_notice(1) is True
    assert await store.reminders.take_notice(1) is False  # told once
    await runner.refresh_notices()
    assert runner.waiting == set()
    await store.reminders.save(1, DAILY_18, BERLIN, next_after(DAILY_18, BERLIN, clock.now), clock.now)
    stored = await store.reminders.get(1)
    assert stored is not None
    assert not stored.paused


async def test_reminders_due_together_are_sent_a_few_at_a_time(store: Store) -> None:
    clock = Clock(MONDAY_NOON)
    for user in range(1, 11):
        await remind(store, user, clock.now)
    sending, most, full = 0, 0, asyncio.Event()

    async def deliver(due: Due) -> Outcome:
        """Each send waits until `SENDING` are under way (one at a time, the first waits alone)."""
        nonlocal sending, most
        sending += 1
        most = max(most, sending)
        if sending == runner_module.SENDING:
            full.set()
        try:
            await asyncio.wait_for(full.wait(), 1)
        finally:
            sending -= 1
        return Outcome.SENT

    clock.now = MONDAY_18
    done = await ReminderRunner(store, clock, deliver).tick()
    assert sorted(due.user_id for due, _ in done) == list(range(1, 11))
    assert {outcome for _, outcome in done} == {Outcome.SENT}
    assert most == runner_module.SENDING  # as many as that at once, never more


async def test_a_full_batch_is_followed_by_the_next_round_at_once(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner_module, "BATCH", 3)
    clock, sent, everyone = Clock(MONDAY_NOON), Sent(), asyncio.Event()
    for user in range(1, 8):
        await remind(store, user, clock.now)

    async def deliver(due: Due) -> Outcome:
        outcome = await sent(due)
        if len(sent.dues) == 7:
            everyone.set()
        return outcome

    clock.now = MONDAY_18
    task = asyncio.create_task(ReminderRunner(store, clock, deliver).run(interval=3600))  # an hour's pause
    try:
        await asyncio.wait_for(everyone.wait(), 10)
    finally:
        task.cancel()
    assert sorted(due.user_id for due in sent.dues) == list(range(1, 8))  # three rounds, no pause between


async def test_a_full_batch_that_all_fails_is_followed_by_the_pause(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner_module, "BATCH", 2)
    clock, sent = Clock(MONDAY_NOON), Sent()
    for user in range(1, 4):
        await remind(store, user, clock.now)
    reads = 0
    due = store.reminders.due

    async def counted_due(now: datetime, limit: int) -> list[Reminder]:
        nonlocal reads
        reads += 1
        return await due(now, limit)

    async def broken(*args: object) -> bool:
        raise RuntimeError("the database is gone")

    monkeypatch.setattr(store.reminders, "due", counted_due)
    monkeypatch.setattr(store.reminders, "claim", broken)
    clock.now = MONDAY_18
    task = asyncio.create_task(ReminderRunner(store, clock, sent).run(interval=3600))
    await asyncio.sleep(0.3)
    task.cancel()
    assert (reads, sent.dues) == (1, [])  # one round, then the pause: not a loop failing as fast as it can


async def test_a_reminder_that_fails_leaves_the_others_of_its_round(
        store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    clock, sent = Clock(MONDAY_NOON), Sent()
    for user in range(1, 4):
        await remind(store, user, clock.now)
    logged_on = store.reminders.logged_on

    async def broken_for_2(user_id: int, day: date) -> bool:
        if user_id == 2:
            raise RuntimeError("a read that failed")
        return await logged_on(user_id, day)

    monkeypatch.setattr(store.reminders, "logged_on", broken_for_2)
    clock.now = MONDAY_18
    done = await ReminderRunner(store, clock, sent).tick()
    assert sorted(due.user_id for due, _ in done) == [1, 3]
    assert "reminder for user 2 failed" in caplog.text


async def test_a_change_of_time_zone_moves_the_next_reminder(store: Store) -> None:
    clock, sent = Clock(MONDAY_NOON), Sent()
    await remind(store, 1, clock.now, zone="UTC")  # 18:00 UTC
    runner = ReminderRunner(store, clock, sent)
    assert await runner.tick() == []
    await save_preferences(store, 1, Preferences(timezone="Asia/Tokyo"))  # 18:00 there is 09:00 UTC
    runner._zones_checked = None  # the next round looks (normally every ZONE_CHECK)
    assert await runner.tick() == []
    stored = await store.reminders.get(1)
    assert stored is not None
    assert (stored.zone, stored.next_due) == ("Asia/Tokyo", datetime(2026, 1, 6, 9, tzinfo=UTC))
    clock.now = datetime(2026, 1, 6, 9, tzinfo=UTC)
    [(due, _)] = await runner.tick()
    assert (due.zone, due.day) == ("Asia/Tokyo", date(2026, 1, 6))


async def test_a_zone_changed_in_settings_counts_no_time_before_the_change(store: Store) -> None:
    """18:00 in Tokyo (09:00 UTC) was half an hour ago when the lifter moved there: it is not
    sent, late, as a reminder the bot missed (the sender would look at the zones now anyway)."""
    clock, sent = Clock(datetime(2026, 1, 5, 9, 30, tzinfo=UTC)), Sent()
    await remind(store, 1, datetime(2026, 1, 5, 8, tzinfo=UTC), zone="UTC")  # 18:00 UTC
    await save_preferences(store, 1, Preferences(timezone="Asia/Tokyo"))
    await store.reminders.zone_changed(1, clock.now)
    assert await ReminderRunner(store, clock, sent).tick() == []
    stored = await store.reminders.get(1)
    assert stored is not None
    assert (stored.zone, stored.next_due) == ("Asia/Tokyo", datetime(2026, 1, 6, 9, tzinfo=UTC))


async def test_a_paused_user_is_not_due_and_the_due_query_is_indexed(store: Store) -> None:
    await remind(store, 1, MONDAY_NOON)
    await store.reminders.pause(1)
    assert await store.reminders.due(MONDAY_18 + timedelta(days=3), 10) == []
    if store.db.dialect == "sqlite":
        plan = await store.db.fetchall(
            "EXPLAIN QUERY PLAN SELECT user_id FROM reminders WHERE paused = 0 AND next_due_at <= ?"
            " ORDER BY next_due_at LIMIT 10", (0,))  # fmt: skip
        assert any("reminders_due" in str(row[-1]) for row in plan), [tuple(r) for r in plan]

