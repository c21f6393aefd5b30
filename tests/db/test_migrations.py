import asyncio
import concurrent.futures
import multiprocessing
import sqlite3
import time

import pytest

from bot.db.connection import connect, migrate, schema_version
from bot.db.migrations import Migration, MigrationError, load_migrations


async def tables(db):
    async with db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") as cur:
        return [row[0] for row in await cur.fetchall()]


async def test_empty_database_reaches_latest_and_rerun_is_noop(tmp_path):
    db = await connect(tmp_path / "a.db")
    latest = len(load_migrations())
    assert await migrate(db) == latest
    before = await tables(db)
    assert "sync_state" in before
    assert await migrate(db) == latest
    assert await tables(db) == before
    async with db.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"
    async with db.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1
    await db.close()


@pytest.mark.parametrize("start", range(len(load_migrations())))
async def test_from_each_earlier_version(tmp_path, start):
    migrations = load_migrations()
    db = await connect(tmp_path / "b.db")
    await migrate(db, migrations[:start])
    assert await schema_version(db) == start
    assert await migrate(db) == len(migrations)
    await db.close()


async def test_failed_migration_rolls_back(tmp_path):
    db = await connect(tmp_path / "c.db")
    broken = [Migration(1, "0001_x.sql", "CREATE TABLE t (a INTEGER);\nINSERT INTO nowhere VALUES (1);")]
    with pytest.raises(sqlite3.OperationalError):
        await migrate(db, broken)
    assert await schema_version(db) == 0
    assert "t" not in await tables(db)
    await db.close()


async def test_database_newer_than_code_is_refused(tmp_path):
    db = await connect(tmp_path / "d.db")
    await db.execute("PRAGMA user_version = 999")
    with pytest.raises(MigrationError, match="newer than this code"):
        await migrate(db)
    await db.close()


def test_migration_files_are_numbered_without_gaps():
    versions = [m.version for m in load_migrations()]
    assert versions == list(range(1, len(versions) + 1))


async def test_rebuilding_entries_keeps_every_row_id_and_index(tmp_path):
    # 0008 rebuilds `entries` (AUTOINCREMENT): an existing log must come through unchanged.
    migrations = load_migrations()
    rebuild = next(i for i, m in enumerate(migrations) if m.name.startswith("0008_"))
    db = await connect(tmp_path / "e.db")
    await migrate(db, migrations[:rebuild])
    for entry_id in (3, 7):
        await db.execute(
            "INSERT INTO entries (id, user_id, performed_on, variant, sets, reps, weight, unit, weight_kg, rpe, note,"
            " created_at, interaction_id, edited_at) VALUES (?, 1, '2026-11-20', 'barbell', 3, 10, 225, 'lb', 102.06,"
            " 8.5, 'felt good', '2026-11-20T10:00:00+00:00', ?, NULL)", (entry_id, entry_id * 11))
    await db.commit()
    async with db.execute("SELECT * FROM entries ORDER BY id") as cur:
        before = await cur.fetchall()
    async with db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries'"
                          " ORDER BY name") as cur:
        indexes = await cur.fetchall()
    await migrate(db, migrations[: rebuild + 1])  # up to the rebuild: later migrations add indexes of their own
    async with db.execute("SELECT * FROM entries ORDER BY id") as cur:
        assert await cur.fetchall() == before
    async with db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries'"
                          " ORDER BY name") as cur:
        assert await cur.fetchall() == indexes
    await db.execute("DELETE FROM entries WHERE id = 7")
    await db.execute("INSERT INTO entries (user_id, performed_on, variant, sets, reps, weight, unit, weight_kg,"
                     " created_at) VALUES (1, '2026-11-21', 'barbell', 1, 10, 100, 'kg', 100, '2026-11-21')")
    async with db.execute("SELECT max(id) FROM entries") as cur:
        assert (await cur.fetchone())[0] == 8  # not 7 again
    await db.close()


async def test_two_migrators_starting_together_on_a_new_file_migrate_it_once(tmp_path):
    """Two processes starting on one new file: each read version 0, and the second to take the write
    lock applied 0001 again ('table users already exists'). The version is read under the lock."""
    path = tmp_path / "shared.db"
    first, second = await connect(path), await connect(path)
    latest = len(load_migrations())
    try:
        assert await asyncio.gather(migrate(first), migrate(second)) == [latest, latest]
        assert await schema_version(first) == latest
    finally:
        await first.close()
        await second.close()


def _migrate_in_a_process(path: str, start: float) -> int:
    async def run() -> int:
        db = await connect(path)
        try:
            return await migrate(db)
        finally:
            await db.close()

    time.sleep(max(0.0, start - time.time()))  # both begin at one moment
    return asyncio.run(run())


@pytest.mark.slow
def test_two_processes_starting_together_on_a_new_file_both_start(tmp_path):
    """As the bot opens its database: `PRAGMA journal_mode = WAL` on a new file while the other
    process creates its tables failed at once with 'database is locked' (no busy wait there)."""
    latest = len(load_migrations())
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as pool:
        for attempt in range(5):
            path, start = str(tmp_path / f"new-{attempt}.db"), time.time() + 1.0
            runs = [pool.submit(_migrate_in_a_process, path, start) for _ in range(2)]
            assert [run.result(timeout=60) for run in runs] == [latest, latest]
