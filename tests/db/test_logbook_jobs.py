"""LogbookJobs: what /log, /nudge and /progress read and store, each in one database trip."""

import asyncio
import random
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.db.logbook_jobs import _with_entry
from bot.db.logbook_sql import to_logged
from bot.db.store import Store
from bot.errors import ValidationError
from bot.imports import ImportedEntry
from bot.logbook.checks import validate_log
from bot.logbook.entries import VARIANTS, Preferences
from bot.logbook.sessions import LoggedEntry, group_sessions
from tests.db.test_logbook_repos import entry
from tests.stored import add_entry, entry_count, save_preferences

WHEN = datetime(2026, 11, 25, 12, tzinfo=UTC)


def build(weight, variant="barbell", **more):
    return lambda prefs: validate_log(weight=weight, reps=10, sets=3, variant=variant, prefs=prefs, now=WHEN, **more)


async def test_log_stores_and_returns_the_history_with_the_new_entry(store):
    await add_entry(store, 1, entry(day=date(2026, 11, 20), weight=100), setup_id=None, interaction_id=1, when=WHEN)
    await save_preferences(store, 1, Preferences(unit="lb"))
    outcome = await store.logbook.log(1, build(230), interaction_id=2, when=WHEN, sessions=12)
    assert not outcome.asks_first
    assert outcome.prefs.unit == "lb"
    assert (outcome.entry.weight, outcome.entry.unit) == (230, "lb")  # validated with the user's unit
    assert outcome.entry_id is not None
    assert outcome.sessions[-1].entries[-1].entry_id == outcome.entry_id
    assert await entry_count(store, 1) == 2


async def test_log_asks_first_when_implausible_and_stores_nothing(store):
    await add_entry(store, 1, entry(weight=100), setup_id=None, interaction_id=1, when=WHEN)
    outcome = await store.logbook.log(1, build(375), interaction_id=2, when=WHEN, sessions=12)
    assert outcome.asks_first
    assert outcome.last_kg == 100
    assert outcome.entry_id is None
    assert await entry_count(store, 1) == 1


async def test_the_last_working_load_is_the_latest_days_top_set_of_that_variant(store):
    await add_entry(store, 1, entry(day=date(2026, 11, 1), weight=150), setup_id=None, interaction_id=1, when=WHEN)
    await add_entry(store, 1, entry(day=date(2026, 11, 10), weight=90), setup_id=None, interaction_id=2, when=WHEN)
    await add_entry(store, 1, entry(day=date(2026, 11, 10), weight=110), setup_id=None, interaction_id=3, when=WHEN)
    machine = entry(day=date(2026, 11, 12), weight=40, variant="machine")
    await add_entry(store, 1, machine, setup_id=None, interaction_id=4, when=WHEN)
    # Read from the sessions /log reads for its nudge: one session or twelve, the same load.
    for sessions in (1, 12):
        barbell = await store.logbook.log(1, build(230), interaction_id=None, when=WHEN, sessions=sessions)
        assert (barbell.asks_first, barbell.last_kg) == (True, 110)  # 230 > 2 × 110; not 2 × 150
    assert (await store.logbook.log(1, build(81, "machine"), interaction_id=None, when=WHEN, sessions=12)).last_kg == 40
    smith = await store.logbook.log(1, build(500, "smith"), interaction_id=5, when=WHEN, sessions=12)
    assert (smith.asks_first, smith.last_kg) == (False, None)  # nothing to compare with
    other_user = await store.logbook.log(2, build(500), interaction_id=6, when=WHEN, sessions=12)
    assert (other_user.asks_first, other_user.last_kg) == (False, None)
    assert await entry_count(store, 1) == 5


async def test_log_redelivered_stores_once(store):
    first = await store.logbook.log(1, build(100), interaction_id=9, when=WHEN, sessions=12)
    again = await store.logbook.log(1, build(100), interaction_id=9, when=WHEN, sessions=12)
    assert first.entry_id is not None
    assert again.entry_id is None
    assert await entry_count(store, 1) == 1


async def test_log_validation_errors_reach_the_caller_and_store_nothing(store):
    with pytest.raises(ValidationError):
        await store.logbook.log(1, build(100, variant="squat"), interaction_id=3, when=WHEN, sessions=12)
    assert await entry_count(store, 1) == 0


async def test_nudge_inputs_pick_the_last_logged_variant_and_read_whole_sessions(store):
    days = (date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 22), date(2026, 11, 18), date(2026, 11, 20))
    for i, day in enumerate(days):
        await add_entry(store, 1, entry(day=day, variant="machine"), setup_id=None, interaction_id=i, when=WHEN)
    await add_entry(store, 1, entry(day=date(2026, 11, 21), variant="barbell"), setup_id=None, interaction_id=9,
                    when=WHEN)
    await add_entry(store, 1, entry(day=date(2026, 11, 23), variant="machine"), setup_id=None, interaction_id=10,
                    when=WHEN)
    inputs = await store.logbook.nudge_inputs(1, None, sessions=4)
    assert inputs.variant == "machine"
    # The last four machine days, each whole (18 November has two entries), oldest first.
    assert [(e.day.day, e.entry_id) for e in inputs.entries] == [(18, 2), (18, 4), (20, 5), (22, 3), (23, 7)]
    nothing = await store.logbook.nudge_inputs(2, None, sessions=3)
    assert (nothing.variant, nothing.entries) == ("barbell", [])


async def test_without_a_variant_nudge_and_progress_read_the_one_logged_last_whatever_its_date(store):
    """/nudge and /progress answer about the variant of the entry /undo offers (logged last, by
    id), not the latest-dated one; imports come from a file's dates, so they choose only when
    nothing else was logged (then the latest-dated entry)."""
    today, last_month = date(2026, 11, 25), date(2026, 10, 25)
    await add_entry(store, 1, entry(day=today), setup_id=None, interaction_id=1, when=WHEN)
    backdated = await add_entry(store, 1, entry(day=last_month, variant="machine"), setup_id=None,
                                interaction_id=2, when=WHEN)
    nudge = await store.logbook.nudge_inputs(1, None, sessions=12)
    progress = await store.logbook.progress_inputs(1, None)
    assert (nudge.variant, progress.variant) == ("machine", "machine")
    assert [e.entry_id for e in progress.entries] == [backdated]
    assert (await store.logbook.nudge_inputs(1, "barbell", sessions=12)).variant == "barbell"  # asked for
    # An import after the logged entries leaves the choice to them.
    pending = [ImportedEntry(date(2026, 11, 24), "smith", 3, 10, 100.0, "kg", 8.0, None)]
    await store.imports.put_pending(900, 1, "strong", pending, WHEN + timedelta(minutes=14))
    assert await store.imports.confirm(900, 1, WHEN) is not None
    assert (await store.logbook.nudge_inputs(1, None, sessions=12)).variant == "machine"
    # Imports alone: the latest-dated of them.
    pending = [ImportedEntry(day, variant, 3, 10, 100.0, "kg", 8.0, None)
               for day, variant in ((date(2026, 11, 20), "banded"), (date(2026, 11, 2), "smith"))]
    await store.imports.put_pending(901, 2, "strong", pending, WHEN + timedelta(minutes=14))
    assert await store.imports.confirm(901, 2, WHEN) is not None
    assert (await store.logbook.progress_inputs(2, None)).variant == "banded"


async def test_without_a_variant_nudge_and_progress_read_the_preferences_with_it(store):
    """The variant logged last comes in the same statement as the preferences: a lifter's own,
    or the defaults for one who saved none, whatever they logged (or imported) or not."""
    await save_preferences(store, 1, Preferences(unit="lb", rep_low=8, rep_high=12, timezone="Asia/Tokyo"))
    await add_entry(store, 1, entry(day=date(2026, 11, 20), variant="machine"), setup_id=None, interaction_id=1,
                    when=WHEN)
    await add_entry(store, 2, entry(day=date(2026, 11, 20), variant="banded"), setup_id=None, interaction_id=2,
                    when=WHEN)
    pending = [ImportedEntry(date(2026, 11, 24), "smith", 3, 10, 100.0, "kg", 8.0, None)]
    await save_preferences(store, 3, Preferences(unit="lb"))
    await store.imports.put_pending(900, 3, "strong", pending, WHEN + timedelta(minutes=14))
    assert await store.imports.confirm(900, 3, WHEN) is not None
    expected = {
        1: (Preferences(unit="lb", rep_low=8, rep_high=12, timezone="Asia/Tokyo"), "machine"),
        2: (Preferences(), "banded"),
        3: (Preferences(unit="lb"), "smith"),  # imports alone
        4: (Preferences(), "barbell"),  # nothing at all
    }
    for user_id, (prefs, variant) in expected.items():
        nudge = await store.logbook.nudge_inputs(user_id, None, sessions=12)
        progress = await store.logbook.progress_inputs(user_id, None)
        assert (nudge.prefs, nudge.variant) == (progress.prefs, progress.variant) == (prefs, variant), user_id
    asked = await store.logbook.nudge_inputs(1, "barbell", sessions=12)
    assert (asked.prefs.unit, asked.variant) == ("lb", "barbell")


async def test_without_a_variant_nudge_reads_in_two_statements() -> None:
    """The preferences and the variant logged last are one statement, the sessions the other (on
    ":memory:" every job runs on the one connection, so the trace sees them all)."""
    store = await Store.open(":memory:")
    try:
        for number, day in enumerate((date(2026, 11, 20), date(2026, 11, 22))):
            await add_entry(store, 1, entry(day=day), setup_id=None, interaction_id=number, when=WHEN)
        statements: list[str] = []
        await store.db.conn.set_trace_callback(statements.append)  # type: ignore[attr-defined]
        inputs = await store.logbook.nudge_inputs(1, None, sessions=12)
        await store.db.conn.set_trace_callback(None)  # type: ignore[attr-defined]
    finally:
        await store.close()
    assert (inputs.variant, len(inputs.entries)) == ("barbell", 2)
    assert len(statements) == 2, statements


async def test_a_first_session_of_a_variant_comes_with_the_first_entry_of_another(store):
    await add_entry(store, 1, entry(day=date(2026, 11, 1), variant="barbell"), setup_id=None, interaction_id=1,
                    when=WHEN)
    await add_entry(store, 1, entry(day=date(2026, 11, 20), variant="machine"), setup_id=None, interaction_id=2,
                    when=WHEN)
    history = await store.logbook.history(1, "machine", sessions=12)
    assert [e.variant for e in history] == ["barbell", "machine"]


async def test_log_reads_before_its_insert_what_it_would_read_after(store):
    """/log's job reads the nudge's history before its insert (so it needs no transaction) and adds
    the new entry in Python: the same history, as the engine groups it, as reading it after the
    insert, for new lifters, first sessions, other variants, backdated entries and any number of
    sessions."""
    rng = random.Random(32)
    day_one = date(2026, 9, 1)
    number = 0
    for user in range(1, 25):
        for _ in range(rng.choice([0, 1, 3, 15])):
            number += 1
            old = entry(day=day_one + timedelta(days=rng.randrange(40)), variant=rng.choice(VARIANTS[:2]),
                        weight=rng.choice([60, 80, 100]))
            await add_entry(store, user, old, setup_id=None, interaction_id=number, when=WHEN)
        for _ in range(3):
            number += 1
            sessions = rng.choice([1, 2, 4, 12])
            variant = rng.choice(VARIANTS[:2])
            day = (day_one + timedelta(days=rng.randrange(45))).isoformat()
            outcome = await store.logbook.log(user, build(rng.choice([60, 80, 100]), variant, day=day),
                                              interaction_id=number, when=WHEN, sessions=sessions)
            assert outcome.entry_id is not None
            after = await store.logbook.history(user, variant, sessions=sessions)
            assert outcome.sessions == tuple(group_sessions(after)), (user, variant, day, sessions)


def test_an_entry_with_an_older_id_than_its_session_s_last_is_put_in_logged_order():
    """/log's job adds its entry to the sessions it read last, in place when its id is the newest
    (an id SQLite hands out); one handed out of order (a PostgreSQL sequence read by several
    processes) is sorted in, as `group_sessions` would."""
    day = date(2026, 11, 20)
    earlier = group_sessions([_logged(day - timedelta(days=2), 3), _logged(day, 5), _logged(day, 9)])
    for entry_id in (7, 12):
        stored = _logged(day, entry_id)
        with_it = _with_entry(earlier, stored, sessions=12)
        assert with_it == tuple(group_sessions([e for s in earlier for e in s.entries] + [stored]))
    assert [e.entry_id for e in _with_entry(earlier, _logged(day, 7), sessions=12)[-1].entries] == [5, 7, 9]


def _logged(day: date, entry_id: int) -> LoggedEntry:
    return LoggedEntry(day, "barbell", None, 100.0, "kg", 100.0, 10, 3, None, entry_id)


async def test_progress_inputs_read_every_entry_of_the_variant(store):
    for i in range(5):
        await add_entry(store, 1, entry(day=date(2026, 11, 1 + i)), setup_id=None, interaction_id=i, when=WHEN)
    inputs = await store.logbook.progress_inputs(1, "barbell")
    assert len(inputs.entries) == 5
    assert inputs.prefs == Preferences()


async def test_a_writing_job_never_lands_inside_another_coroutines_transaction(store):
    db, opened = store.db, asyncio.Event()

    async def write(q):
        await q.execute("INSERT INTO sync_state VALUES ('job', 1, 'global', 'h', 't')")

    async def failing_transaction():
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO sync_state VALUES ('tx', 1, 'global', 'h', 't')")
            opened.set()
            await asyncio.sleep(0.05)
            raise RuntimeError("boom")

    async def job():
        await opened.wait()
        await db.run(write, writes=True)

    results = await asyncio.gather(failing_transaction(), job(), return_exceptions=True)
    assert isinstance(results[0], RuntimeError)
    assert [r[0] for r in await db.fetchall("SELECT api_base FROM sync_state")] == ["job"]


def test_rows_decode_as_the_engine_reads_them():
    row = (7, "2026-03-02", "machine", 3, 10, 225.0, "lb", 8.5, 4)  # ENGINE_COLUMNS
    logged = to_logged(row)
    assert (logged.day, logged.variant, logged.setup_id, logged.entry_id) == (date(2026, 3, 2), "machine", 4, 7)
    assert (logged.weight, logged.unit, logged.reps, logged.sets, logged.rpe) == (225.0, "lb", 10, 3, 8.5)
    assert logged.weight_kg == pytest.approx(225 * 0.45359237)
