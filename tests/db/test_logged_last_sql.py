"""The entry logged last (what /undo offers) is one seek in the entries_logged index (migration
0012), whatever the lifter's log holds: query plans on both engines, and SQLite's steps at 50,000."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.bench.seed import seed_postgres
from bot.db.connection import connect, migrate
from bot.db.logbook_sql import _LAST_IMPORTED, _LAST_LOGGED, _PREFS_LAST_VARIANT
from bot.db.store import Store
from tests.db.plans import counted_steps, postgres_plan, sqlite_plan
from tests.postgres_helpers import fresh_schema

# One lifter of 50,000 entries (the most an import takes), every tenth imported, beside 100
# lifters of 100: the /log, chat and reminder entries are what the index holds.
_FILL = (
    "INSERT INTO entries (user_id, performed_on, variant, sets, reps, weight, unit, weight_kg, rpe, created_at,"
    " batch_id) WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 59999)"
    " SELECT CASE WHEN i < 50000 THEN 1 ELSE 2 + (i - 50000) / 100 END,"
    " date('2000-01-01', '+' || (i % 9000) || ' days'), 'barbell', 3, 10, 100, 'kg', 100, 8,"
    " '2026-01-01T00:00:00', CASE WHEN i < 50000 AND i % 10 = 9 THEN 1 END FROM n"
)


async def test_sqlite_reads_the_entry_logged_last_through_its_index(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "plan.db")
    try:
        plan = await sqlite_plan(store, _LAST_LOGGED, (1, 1))
        assert "USING INDEX entries_logged (user_id=?)" in plan, plan
        assert "SCAN" not in plan, plan
        plan = await sqlite_plan(store, _LAST_IMPORTED, (1,))
        assert "SCAN" not in plan, plan  # neither the table nor every lifter's entries
        # /nudge's and /progress's read of the preferences with the variant logged last.
        plan = await sqlite_plan(store, _PREFS_LAST_VARIANT, (1, 1, 1))
        assert "USING INDEX entries_logged (user_id=?)" in plan, plan
        assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", "").replace("SCAN one", ""), plan
    finally:
        await store.close()


async def test_the_entry_logged_last_of_50_000_is_a_handful_of_sqlite_steps(tmp_path: Path) -> None:
    """Before the index, the max read every row of the lifter (entries_by_user holds their imports
    too, in date order): some 15 ms at 50,000. Now it reads the end of the lifter's range."""
    path = tmp_path / "big.db"
    conn = await connect(path)
    try:
        await migrate(conn)
        await conn.execute("INSERT INTO import_batches (id, user_id, source, created_at)"
                           " VALUES (1, 1, 'strong', '2026-01-01T00:00:00')")  # fmt: skip
        await conn.execute(_FILL)
        await conn.commit()
    finally:
        await conn.close()
    db = sqlite3.connect(path)
    try:
        with counted_steps(db) as steps:
            last = db.execute(_LAST_LOGGED, (1, 1)).fetchone()
        # The measure can fail: the same max through the index every lifter's rows are in.
        with counted_steps(db) as scanned:
            before = db.execute("SELECT max(id) FROM entries INDEXED BY entries_by_user"
                                " WHERE user_id = 1 AND batch_id IS NULL").fetchone()  # fmt: skip
    finally:
        db.close()
    assert last[0] == before[0] == 49_999  # the lifter's last entry outside the import (id 50,000 is imported)
    assert steps.instructions < 1_000, steps
    assert scanned.instructions > 50_000, scanned


async def test_postgres_reads_the_entry_logged_last_through_its_index() -> None:
    async with fresh_schema() as url:
        seeded = await seed_postgres(url, list(range(1, 201)), 40_000)  # and ANALYZE
        store = await Store.open(url)
        try:
            user_id = seeded.lifters[0].user_id
            plan = await postgres_plan(store, _LAST_LOGGED, (user_id, user_id))
            assert "entries_logged" in plan, plan
            assert "Seq Scan on entries" not in plan, plan
            assert "Filter: ((batch_id IS NULL)" not in plan, plan  # the ids are not walked and filtered
            plan = await postgres_plan(store, _PREFS_LAST_VARIANT, (user_id, user_id, user_id))
            assert "entries_logged" in plan, plan
            assert "Seq Scan on entries" not in plan, plan
        finally:
            await store.close()
