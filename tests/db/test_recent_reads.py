"""/log keeps what it read of a lifter (the sessions it ends with, the rep record it measured the
set against) for their next /log (bot.db.recent), on a real SQLite file: used only while nothing
else changed the lifter's entries, however they changed."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.db import records_sql
from bot.db.logbook_jobs import LogOutcome
from bot.db.recent import Kept, Mark
from bot.db.store import Store
from bot.imports import ImportedEntry
from bot.logbook.checks import validate_log
from bot.logbook.entries import VARIANTS, NewEntry
from bot.logbook.sessions import LoggedEntry, Session, group_sessions
from cogs.logbook.render import edited_post_text
from tests.stored import add_entry, delete_entry

WHEN = datetime(2026, 11, 25, 12, tzinfo=UTC)
DAY_ONE = date(2026, 10, 1)


def build(weight: float, variant: str = "barbell", day: date | None = None, reps: int = 10):
    typed = None if day is None else day.isoformat()
    return lambda prefs: validate_log(
        weight=weight, reps=reps, sets=3, variant=variant, prefs=prefs, now=WHEN, day=typed
    )


def new_entry(day: date, weight: float = 100.0, variant: str = "barbell") -> NewEntry:
    return NewEntry(performed_on=day, variant=variant, sets=3, reps=10, weight=weight, unit="kg", rpe=8.0, note=None)


@pytest.fixture
async def store(tmp_path) -> AsyncIterator[Store]:
    store = await Store.open(tmp_path / "bot.db")
    yield store
    await store.close()


class Reads:
    """The statements that read a lifter's last sessions, and their rep records, on the writing
    connection (a /log's)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, statement: str) -> None:
        self.statements.append(statement)

    def count(self) -> int:
        return sum("json_group_array" in s and "OFFSET" in s for s in self.statements)

    def records(self) -> int:
        return sum("INDEXED BY entries_records" in s for s in self.statements)


async def watched(store: Store) -> Reads:
    reads = Reads()
    await store.db.conn.set_trace_callback(reads)  # type: ignore[attr-defined]
    return reads


async def log(store: Store, user: int, weight: float = 100.0, variant: str = "barbell", day: date | None = None,
              reps: int = 10, *, number: list[int] = [10_000]):  # noqa: B006 (interaction ids, one each)
    number[0] += 1
    outcome = await store.logbook.log(user, build(weight, variant, day, reps), interaction_id=number[0], when=WHEN,
                                      sessions=12)
    assert not outcome.asks_first
    assert outcome.entry_id is not None
    return outcome


async def fresh_sessions(store: Store, user: int, variant: str = "barbell") -> tuple[Session, ...]:
    """What the nudge reads for the lifter's variant, read now, as the engine groups it."""
    return tuple(group_sessions(await store.logbook.history(user, variant, sessions=12)))


def logged(outcome: LogOutcome) -> list[LoggedEntry]:
    """A /log's history, entry by entry (by day, then in logged order)."""
    return [entry for session in outcome.sessions for entry in session.entries]


async def test_the_next_log_of_a_lifter_uses_the_sessions_the_last_one_ended_with(store):
    for i in range(4):
        await add_entry(store, 1, new_entry(DAY_ONE + timedelta(days=2 * i)), setup_id=None, interaction_id=i,
                        when=WHEN)
    reads = await watched(store)
    first = await log(store, 1)
    assert reads.count() == 1
    second = await log(store, 1, weight=102.5)
    third = await log(store, 1, weight=105)
    assert reads.count() == 1  # the second and third read nothing of it
    assert logged(second) == [*logged(first), logged(second)[-1]]
    assert third.sessions == await fresh_sessions(store, 1)
    assert [e.weight for e in logged(third)[-3:]] == [100, 102.5, 105]
    # The sessions the entry did not change are the very ones the first /log grouped (with what
    # the engine worked out of them); today's is built anew.
    assert all(a is b for a, b in zip(first.sessions[:-1], third.sessions[:-1], strict=True))
    assert third.sessions[-1] is not first.sessions[-1]


async def test_the_next_log_of_those_reps_that_day_uses_the_record_the_last_was_measured_against(store):
    """A set is a record against the sessions before its day, which no set of that day changes."""
    for number, (days, weight) in enumerate(((10, 100), (6, 110), (2, 105))):
        day = WHEN.date() - timedelta(days=days)
        await add_entry(store, 1, new_entry(day, weight=weight), setup_id=None, interaction_id=number, when=WHEN)
    reads = await watched(store)
    first = await log(store, 1, weight=112.5)
    second = await log(store, 1, weight=115)
    assert reads.records() == 1
    assert first.previous_best is not None
    assert second.previous_best == first.previous_best
    assert second.previous_best.weight == 110
    backdated = await log(store, 1, weight=107.5, day=WHEN.date() - timedelta(days=8))  # another day's sessions
    eight = await log(store, 1, weight=100, reps=8)  # another rep count: its own record
    assert reads.records() == 3
    assert eight.previous_best is None
    assert backdated.previous_best is not None
    assert backdated.previous_best.weight == 100  # the session 10 days back, not the later 110


async def test_each_lifter_and_variant_is_kept_apart(store):
    reads = await watched(store)
    await log(store, 1)
    await log(store, 2)
    await log(store, 1, variant="machine", weight=40)
    assert reads.count() == 3
    machine = await log(store, 1, variant="machine", weight=42.5)
    barbell = await log(store, 1)  # the machine /log changed lifter 1's entries after barbell's was kept
    assert reads.count() == 4
    assert machine.sessions == await fresh_sessions(store, 1, "machine")
    assert barbell.sessions == await fresh_sessions(store, 1, "barbell")


async def _edit(store: Store, user: int, entry_id: int) -> None:
    changed, _ = await store.entries.edit_told(user, entry_id, new_entry(DAY_ONE, weight=90), WHEN,
                                               post_text=edited_post_text)
    assert changed


async def _delete(store: Store, user: int, entry_id: int) -> None:
    assert await delete_entry(store, user, entry_id)


async def _import_and_undo(store: Store, user: int, entry_id: int) -> None:
    del entry_id
    rows = [ImportedEntry(DAY_ONE + timedelta(days=n), "barbell", 3, 10, 80.0, "kg", 8.0, None) for n in (3, 4)]
    await store.imports.put_pending(1, user, "strong", rows, WHEN + timedelta(minutes=10))
    stored = await store.imports.confirm(1, user, WHEN)
    assert stored is not None
    assert stored.batch_id is not None
    assert await store.imports.delete(user, stored.batch_id) == 2


async def _setup_deleted(store: Store, user: int, entry_id: int) -> None:
    """A setup's row deleted however it is (its entries' setup ids become NULL)."""
    setup_id = await store.users.set_setup(user, "feet wide", WHEN)
    await store.db.execute("UPDATE entries SET setup_id = ? WHERE id = ?", (setup_id, entry_id))
    await log(store, user)  # kept again, with the setup
    await store.db.execute("DELETE FROM setups WHERE id = ?", (setup_id,))


async def _imported(store: Store, user: int, entry_id: int) -> None:
    del entry_id
    rows = [ImportedEntry(WHEN.date() - timedelta(days=1), "barbell", 5, 5, 120.0, "kg", None, None)]
    await store.imports.put_pending(2, user, "hevy", rows, WHEN + timedelta(minutes=10))
    stored = await store.imports.confirm(2, user, WHEN)
    assert stored is not None
    assert stored.stored == 1


CHANGES: dict[str, Callable[[Store, int, int], Awaitable[None]]] = {
    "edit": _edit, "delete": _delete, "import then undo": _import_and_undo, "setup deleted": _setup_deleted,
    "import": _imported,
}


@pytest.mark.parametrize("change", CHANGES)
async def test_anything_else_that_changes_the_lifters_entries_makes_the_next_log_read_again(store, change):
    for i in range(3):
        await add_entry(store, 1, new_entry(DAY_ONE + timedelta(days=i)), setup_id=None, interaction_id=i, when=WHEN)
    first = await log(store, 1)
    await CHANGES[change](store, 1, logged(first)[0].entry_id)
    reads = await watched(store)
    after = await log(store, 1, weight=102.5)
    assert reads.count() == 1
    assert after.sessions == await fresh_sessions(store, 1)


async def test_another_connections_writes_make_everything_read_again(store, tmp_path):
    """Another process on the file (a shard of its own) writes through its own connection, whose
    changes fire none of this one's triggers: SQLite's data_version tells."""
    await log(store, 1)
    await log(store, 2)
    other = await Store.open(tmp_path / "bot.db")
    try:
        await add_entry(other, 1, new_entry(WHEN.date() - timedelta(days=1), weight=110), setup_id=None,
                        interaction_id=5, when=WHEN)
    finally:
        await other.close()
    reads = await watched(store)
    one, two = await log(store, 1, weight=102.5), await log(store, 2, weight=102.5)
    assert reads.count() == 2  # lifter 2 too: which lifter the other wrote for is not known
    assert 110 in [e.weight for e in logged(one)]
    assert one.sessions == await fresh_sessions(store, 1)
    assert two.sessions == await fresh_sessions(store, 2)


async def test_what_a_log_keeps_is_what_reading_again_would_give(store, tmp_path):
    """Random /logs (backdated, of two variants and three rep counts), edits, deletes and another
    connection's inserts: every /log's history is the one read fresh after it, and its rep record
    the one read fresh."""
    rng = random.Random(32)
    other = await Store.open(tmp_path / "bot.db")
    stored: dict[int, list[int]] = {1: [], 2: []}
    try:
        for step in range(300):
            user = rng.choice([1, 2])
            action = rng.choices(["log", "edit", "delete", "other"], weights=[12, 1, 1, 1])[0]
            if action == "log" or not stored[user]:
                variant = rng.choice(VARIANTS[:2])
                day = WHEN.date() - timedelta(days=rng.choice([0, 0, 1, 3, 9, 13]))
                reps = rng.choice([8, 10, 10, 12])
                outcome = await log(store, user, rng.choice([95, 100, 105]), variant, day, reps)
                stored[user].append(outcome.entry_id)
                assert outcome.sessions == await fresh_sessions(store, user, variant), step
                fresh_best = await records_sql.rep_best(store.db, user, variant, None, reps, before=day)
                assert outcome.previous_best == fresh_best, step
            elif action == "edit":
                await _edit(store, user, rng.choice(stored[user]))
            elif action == "delete":
                await _delete(store, user, stored[user].pop(rng.randrange(len(stored[user]))))
            else:
                day = WHEN.date() - timedelta(days=rng.randrange(14))
                new_id = await add_entry(other, user, new_entry(day, variant=rng.choice(VARIANTS[:2])), setup_id=None,
                                         interaction_id=step, when=WHEN)
                assert new_id is not None
                stored[user].append(new_id)
    finally:
        await other.close()


async def test_forgetting_a_lifter_drops_what_was_kept_of_them(store):
    await log(store, 1)
    await log(store, 2)
    kept = store.db._recent  # type: ignore[attr-defined]
    assert (len(kept.sessions), len(kept.bests)) == (2, 2)
    await store.privacy.forget(1)
    assert (len(kept.sessions), len(kept.bests)) == (1, 1)
    assert [e.weight for e in logged(await log(store, 1))] == [100]  # a new logbook, nothing kept of the old


def test_what_is_kept_is_served_only_for_the_mark_it_was_kept_with():
    kept: Kept[tuple[int, str, int], tuple[LoggedEntry, ...]] = Kept(size=2)
    history = (LoggedEntry(DAY_ONE, "barbell", None, 100.0, "kg", 100.0, 10, 3, 8.0, 7),)
    kept.put((1, "barbell", 12), Mark(7, 1), history)
    assert kept.get((1, "barbell", 12), Mark(7, 1)) == history
    assert kept.get((1, "barbell", 12), Mark(8, 1)) is None  # another insert since
    assert kept.get((1, "barbell", 12), Mark(None, 1)) is None  # an edit or a delete since
    assert kept.get((1, "barbell", 4), Mark(7, 1)) is None  # other keys: nothing kept
    assert kept.get((1, "barbell", 12), Mark(7, 2)) is None  # another connection committed
    assert len(kept) == 0  # ... and nothing kept is trusted after it
    kept.put((1, "barbell", 12), Mark(None, 2), history)  # no mark: nothing to keep it by
    assert len(kept) == 0


def test_the_least_recently_used_are_dropped_first():
    kept: Kept[tuple[int, str, int], tuple[LoggedEntry, ...]] = Kept(size=2)
    for user in (1, 2):
        kept.put((user, "barbell", 12), Mark(user, 1), ())
    assert kept.get((1, "barbell", 12), Mark(1, 1)) == ()
    kept.put((3, "barbell", 12), Mark(3, 1), ())
    assert kept.get((2, "barbell", 12), Mark(2, 1)) is None
    assert kept.get((1, "barbell", 12), Mark(1, 1)) == ()
    assert len(kept) == 2


async def test_only_a_job_whose_write_commits_as_it_returns_may_keep_sessions(store):
    """A job in a transaction could keep sessions by an entry id its rollback then gives to the
    next insert; and a job that only reads runs on a reader, where no mark is kept."""

    async def sees(q):
        return q.recent_reads is not None

    assert await store.db.run(sees, writes=True, transaction=False)
    assert not await store.db.run(sees, writes=True)
    assert not await store.db.run(sees)
