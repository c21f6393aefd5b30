"""Edits and records in storage: an edit keeps what ties the entry to its import; the records'
queries find the heaviest set through the entries_records index (query plans on both engines)."""

from __future__ import annotations

import itertools
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.bench.seed import seed_postgres
from bot.db import records_sql
from bot.db.connection import connect, migrate
from bot.db.migrations import load_migrations
from bot.db.store import Store
from bot.imports import ImportedEntry
from bot.logbook.entries import NewEntry
from bot.progress.records import BestSet
from cogs.logbook.render import edited_post_text
from tests.db.plans import counted_steps, postgres_plan, sqlite_plan
from tests.postgres_helpers import fresh_schema
from tests.stored import add_entry

WHEN = datetime(2026, 11, 25, 12, tzinfo=UTC)
_interactions = itertools.count(1)


def entry(weight: float = 100.0, reps: int = 10, *, day: date = date(2026, 11, 20), variant: str = "barbell",
          unit: str = "kg", rpe: float | None = 8.0, sets: int = 3) -> NewEntry:
    return NewEntry(performed_on=day, variant=variant, sets=sets, reps=reps, weight=weight, unit=unit, rpe=rpe,
                    note=None)


async def logged(store: Store, user_id: int, new: NewEntry, setup_id: int | None = None) -> int:
    entry_id = await add_entry(store, user_id, new, setup_id=setup_id, interaction_id=next(_interactions), when=WHEN)
    assert entry_id is not None
    return entry_id


async def test_an_edit_keeps_the_id_variant_setup_and_import_batch(store: Store) -> None:
    setup_id = await store.users.set_setup(1, "bench 40 cm", WHEN)
    pending = [ImportedEntry(date(2025, 1, day), "machine", 3, 10, weight, "kg", 8.0, None, setup="bench 40 cm")
               for day, weight in ((1, 100.0), (2, 102.5))]
    await store.imports.put_pending(900, 1, "strong", pending, WHEN + timedelta(minutes=14))
    stored = await store.imports.confirm(900, 1, WHEN)
    assert stored is not None
    before = await store.db.fetchall(
        "SELECT id, variant, setup_id, batch_id, created_at FROM entries WHERE user_id = 1 ORDER BY id")
    first_id = before[0][0]
    later = WHEN + timedelta(days=1)
    changed = entry(37.5, 8, day=date(2025, 1, 3), unit="lb", rpe=None)
    assert await store.entries.edit_told(2, first_id, changed, later,
                                         post_text=edited_post_text) == (False, None)  # someone else's
    assert await store.entries.edit_told(1, first_id, changed, later, post_text=edited_post_text) == (True, None)
    after = await store.db.fetchall(
        "SELECT id, variant, setup_id, batch_id, created_at FROM entries WHERE user_id = 1 ORDER BY id")
    assert [tuple(r) for r in after] == [tuple(r) for r in before]
    assert before[0][2] == setup_id
    edited = await store.entries.get(1, first_id)
    assert edited is not None
    assert (edited.weight, edited.unit, edited.reps, edited.rpe, edited.performed_on, edited.variant) == (
        37.5, "lb", 8, None, date(2025, 1, 3), "machine")
    assert edited.edited_at == later
    batch = await store.imports.latest(1)
    assert batch is not None
    assert (batch.entries, batch.edited) == (2, 1)
    assert await store.imports.delete(1, batch.id) == 2  # the edited entry goes with its import
    assert await store.entries.get(1, first_id) is None


async def test_rep_best_is_the_first_heaviest_of_that_rep_count_variant_and_setup(store: Store) -> None:
    bench = await store.users.set_setup(1, "bench", WHEN)
    await logged(store, 1, entry(100, day=date(2026, 11, 1)))
    first = await logged(store, 1, entry(110, day=date(2026, 11, 5)))
    await logged(store, 1, entry(110, day=date(2026, 11, 9)))
    await logged(store, 1, entry(150, reps=8))  # another rep count
    await logged(store, 1, entry(150, variant="machine"))
    await logged(store, 1, entry(150), setup_id=bench)
    await logged(store, 2, entry(200))  # someone else
    best = await best_of(store, setup_id=None, reps=10)
    assert best is not None
    assert (best.entry_id, best.weight, best.day) == (first, 110, date(2026, 11, 5))
    on_bench = await best_of(store, setup_id=bench, reps=10, before=date(2026, 11, 21))
    assert on_bench is not None
    assert on_bench.weight == 150
    assert await best_of(store, setup_id=None, reps=12) is None


async def test_rep_best_reads_only_earlier_sessions(store: Store) -> None:
    await logged(store, 1, entry(100, day=date(2026, 11, 1)))
    await logged(store, 1, entry(105, day=date(2026, 11, 20)))
    await logged(store, 1, entry(120, day=date(2026, 11, 25)))
    same_day = await best_of(store, setup_id=None, reps=10, before=date(2026, 11, 20))
    assert same_day is not None
    assert (same_day.weight, same_day.day) == (100, date(2026, 11, 1))  # not the day's own sets, nor later ones
    assert await best_of(store, setup_id=None, reps=10, before=date(2026, 11, 1)) is None


async def best_of(store: Store, *, setup_id: int | None, reps: int, before: date = date(2026, 12, 1)) -> BestSet | None:
    return await records_sql.rep_best(store.db, 1, "barbell", setup_id, reps, before=before)


async def test_more_than_20_reps_compare_with_any_set_of_21_or_more(store: Store) -> None:
    await logged(store, 1, entry(60, 30))
    await logged(store, 1, entry(62.5, 22))
    await logged(store, 1, entry(80, 20))
    await logged(store, 1, entry(0, 40))  # bodyweight sets no record
    best = await best_of(store, setup_id=None, reps=25)
    assert best is not None
    assert (best.reps, best.weight) == (22, 62.5)


async def test_record_sets_are_the_heaviest_per_variant_setup_reps_and_rpe(store: Store) -> None:
    await logged(store, 1, entry(100, rpe=8))
    await logged(store, 1, entry(105, rpe=8, day=date(2026, 11, 22)))
    await logged(store, 1, entry(102.5, rpe=None))
    await logged(store, 1, entry(90, reps=12, variant="machine"))
    await logged(store, 1, entry(0, reps=20, variant="banded"))
    await logged(store, 2, entry(300))
    found = sorted((s.variant, s.reps, s.rpe or 0, s.weight, s.day) for s in await records_sql.record_sets(
        store.db, 1, None))
    assert found == [("barbell", 10, 0, 102.5, date(2026, 11, 20)), ("barbell", 10, 8.0, 105, date(2026, 11, 22)),
                     ("machine", 12, 8.0, 90, date(2026, 11, 20))]
    machine = await records_sql.record_sets(store.db, 1, "machine")
    assert [(s.variant, s.weight) for s in machine] == [("machine", 90)]


# -- query plans: the records are read through the index, never by scanning the table ------------

_REP_BEST = [(None, 10), (7, 10), (None, 25)]


def _rep_best_params(setup_id: int | None, reps: int) -> tuple[object, ...]:
    return (1, "barbell", setup_id or 0, min(reps, 20), "2030-01-01")


async def test_sqlite_reads_records_through_the_index(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "plans.db")
    try:
        for setup_id, reps in _REP_BEST:
            sql = records_sql.rep_best_query(reps)
            plan = await sqlite_plan(store, sql, _rep_best_params(setup_id, reps))
            seek = "SEARCH entries USING INDEX entries_records (user_id=? AND variant=? AND <expr>=? AND reps"
            assert seek in plan, plan
            assert "SCAN" not in plan, plan
            if reps <= 20:  # one seek: the index gives the order, nothing is sorted
                assert "TEMP B-TREE" not in plan, plan
        for variant in (None, "barbell"):
            params = (1, variant) if variant else (1,)
            plan = await sqlite_plan(store, records_sql.record_sets_query(variant), params)
            assert "SCAN entries" not in plan, plan
            assert "SEARCH entries USING INDEX" in plan, plan
            assert "(user_id=?" in plan, plan
    finally:
        await store.close()


_MILLION = (
    "INSERT INTO entries (user_id, performed_on, variant, sets, reps, weight, unit, weight_kg, rpe, created_at)"
    " WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999999)"
    " SELECT i / 500 + 1, date('2020-01-01', '+' || (i % 500) || ' days'),"
    " CASE WHEN i % 7 = 6 THEN 'machine' ELSE 'barbell' END, 3, 6 + i % 10, 40 + (i % 97) * 0.5, 'kg',"
    " 40 + (i % 97) * 0.5, 8, '2020-01-01T00:00:00' FROM n"
)


async def _million_entries(path: Path) -> None:
    """2,000 lifters of 500 entries, stored before the records migration and then upgraded, as an
    existing database is (and far quicker than filling the new index row by row)."""
    migrations = load_migrations()
    records = next(i for i, m in enumerate(migrations) if "edited_at" in m.sql)
    conn = await connect(path)
    try:
        await migrate(conn, migrations[:records])
        await conn.execute(_MILLION)
        await conn.commit()
        await migrate(conn, migrations)
    finally:
        await conn.close()


@pytest.mark.slow
async def test_the_log_record_check_reads_a_handful_of_rows_of_a_million(tmp_path: Path) -> None:
    """At 1,000,000 entries the check /log makes runs a few hundred SQLite instructions, not a scan."""
    path = tmp_path / "million.db"
    await _million_entries(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 1_000_000
        with counted_steps(conn) as steps:
            began = time.perf_counter()
            for setup_id, reps in _REP_BEST:
                conn.execute(records_sql.rep_best_query(reps), _rep_best_params(setup_id, reps)).fetchall()
            elapsed = time.perf_counter() - began
        plan = conn.execute("EXPLAIN QUERY PLAN " + records_sql.rep_best_query(10),
                            _rep_best_params(None, 10)).fetchall()
        best = conn.execute(records_sql.rep_best_query(10), _rep_best_params(None, 10)).fetchone()
        # The measure can fail: the same question without the index visits every row.
        with counted_steps(conn, every=1000) as scanned:
            conn.execute("SELECT MAX(weight_kg) FROM entries NOT INDEXED WHERE user_id = 1 AND reps = 10").fetchone()
    finally:
        conn.close()
    assert best is not None  # lifter 1 has sets of 10 reps: the seek found one
    assert steps.instructions < 10_000, steps
    assert scanned.instructions > 1_000_000, scanned
    assert elapsed < 0.5
    assert "USING INDEX entries_records" in str(plan)


async def test_postgres_reads_records_through_the_index() -> None:
    async with fresh_schema() as url:
        seeded = await seed_postgres(url, list(range(1, 201)), 40_000)  # and ANALYZE
        store = await Store.open(url)
        try:
            user_id = seeded.lifters[0].user_id
            for setup_id, reps in _REP_BEST:
                params = (user_id, *_rep_best_params(setup_id, reps)[1:])
                sql = records_sql.rep_best_query(reps, "postgres")
                plan = await postgres_plan(store, sql, params)
                assert "entries_records" in plan, plan
                assert "Seq Scan" not in plan, plan
                if reps <= 20:  # the index gives the order: the first row is the answer
                    assert "Sort" not in plan, plan
            plan = await postgres_plan(store, records_sql.record_sets_query(None), (user_id,))
            assert "Seq Scan" not in plan, plan
            assert "Index" in plan, plan
        finally:
            await store.close()
