"""Database: lone writes that never join another's transaction, inserts, and jobs (`run`), on both
backends; the SQLite trip mechanics (a job runs whole on the database thread) on SQLite alone."""

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.db.sqlite import READERS
from bot.db.store import Store

SYNC = "INSERT INTO sync_state VALUES (?, 1, 'global', 'h', 't')"


async def _bases(db):
    return [r[0] for r in await db.fetchall("SELECT api_base FROM sync_state ORDER BY api_base")]


async def test_a_lone_write_waits_for_an_open_transaction_and_survives_its_rollback(store):
    db = store.db
    opened = asyncio.Event()

    async def attempt():
        async with db.transaction() as tx:
            await tx.execute(SYNC, ("a",))
            opened.set()
            await asyncio.sleep(0.05)  # the lone write is waiting meanwhile
            raise RuntimeError("boom")

    async def failing_transaction():
        with pytest.raises(RuntimeError):
            await attempt()

    async def lone_write():
        await opened.wait()
        return await db.execute(SYNC, ("b",))

    _, written = await asyncio.gather(failing_transaction(), lone_write())
    assert written == 1
    assert await _bases(db) == ["b"]  # rolled back: a; committed on its own: b


async def test_insert_returns_the_new_id_or_none_on_conflict(store):
    sql = (
        "INSERT INTO pending_logs (interaction_id, user_id, payload, expires_at) VALUES (?, 1, '{}', 'x')"
        " ON CONFLICT (interaction_id) DO NOTHING"
        " RETURNING interaction_id"
    )
    assert await store.db.insert(sql, (42,)) == 42
    assert await store.db.insert(sql, (42,)) is None
    assert await store.db.fetchone("SELECT user_id FROM pending_logs WHERE interaction_id = 42") is not None
    assert await store.db.fetchone("SELECT user_id FROM pending_logs WHERE interaction_id = 43") is None
    assert await store.db.fetchval("SELECT COUNT(*) FROM pending_logs") == 1


async def test_a_job_reads_and_writes_through_its_queries(store):
    async def job(q):
        first = await q.insert(
            "INSERT INTO setups (user_id, description, created_at) VALUES (?, ?, ?) RETURNING id", (7, "bench", "t")
        )
        changed = await q.execute("UPDATE setups SET description = ? WHERE user_id = ?", ("pad", 7))
        return first, changed, await q.fetchval("SELECT description FROM setups WHERE id = ?", (first,))

    setup_id, changed, description = await store.db.run(job, writes=True)
    assert (changed, description) == (1, "pad")
    assert await store.db.fetchval("SELECT user_id FROM setups WHERE id = ?", (setup_id,)) == 7


async def test_a_writing_job_that_raises_stores_nothing(store):
    async def job(q):
        await q.execute(SYNC, ("first",))
        await q.execute(SYNC, ("second",))
        raise ValueError("changed its mind")

    with pytest.raises(ValueError, match="changed its mind"):
        await store.db.run(job, writes=True)
    assert await _bases(store.db) == []
    await store.db.run(lambda q: q.execute(SYNC, ("later",)), writes=True)  # nothing left open
    assert await _bases(store.db) == ["later"]


@pytest.fixture
async def sqlite_store(tmp_path: Path):
    store = await Store.open(f"sqlite:///{tmp_path / 'trips.db'}")
    yield store
    await store.close()


async def test_on_sqlite_a_job_runs_whole_on_the_database_thread(sqlite_store):
    threads = []

    async def job(q):
        threads.append(threading.get_ident())
        await q.fetchall("SELECT 1")
        threads.append(threading.get_ident())
        return await q.fetchval("SELECT 2")

    assert await sqlite_store.db.run(job) == 2
    assert len(set(threads)) == 1
    assert threads[0] != threading.get_ident()  # not the event loop's thread


async def test_on_sqlite_a_job_that_suspends_is_refused_and_rolled_back(sqlite_store):
    async def job(q):
        await q.execute(SYNC, ("lost",))
        await asyncio.sleep(0)  # would need the event loop, which is on another thread
        await q.execute(SYNC, ("never",))

    with pytest.raises(RuntimeError, match="cannot suspend"):
        await sqlite_store.db.run(job, writes=True)
    assert await _bases(sqlite_store.db) == []
    assert await sqlite_store.db.execute(SYNC, ("after",)) == 1


async def test_a_read_job_sees_committed_rows_only(store):
    """A job that only reads never sees another coroutine's open transaction (on SQLite it runs
    on a reader connection; on PostgreSQL on a connection of its own)."""
    await store.db.execute(SYNC, ("committed",))
    inside, finish = asyncio.Event(), asyncio.Event()

    async def open_transaction():
        async with store.db.transaction() as tx:
            await tx.execute(SYNC, ("uncommitted",))
            inside.set()
            await finish.wait()

    writer = asyncio.create_task(open_transaction())
    await inside.wait()
    try:
        assert await store.db.run(_bases) == ["committed"]
    finally:
        finish.set()
        await writer
    assert await store.db.run(_bases) == ["committed", "uncommitted"]


async def test_on_sqlite_read_jobs_share_the_readers_and_cannot_write(sqlite_store):
    db = sqlite_store.db
    threads: set[int] = set()

    async def job(q):
        threads.add(threading.get_ident())
        return await q.fetchval("SELECT 1")

    assert await asyncio.gather(*(db.run(job) for _ in range(8))) == [1] * 8
    assert len(threads) == READERS  # spread over every reader, none on the writing connection
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await db.run(lambda q: q.execute(SYNC, ("sneaky",)))  # a job that writes must say so
    assert await _bases(db) == []


async def test_on_sqlite_each_statement_of_a_read_job_sees_the_latest_commit(sqlite_store):
    """No read transaction around a read job (as on PostgreSQL): BEGIN and COMMIT would cost two
    statements' hand-overs of the GIL. A write committed between two of its reads shows in the second."""
    db = sqlite_store.db
    first_read, written = threading.Event(), threading.Event()

    async def job(q):
        before = [r[0] for r in await q.fetchall("SELECT api_base FROM sync_state")]
        first_read.set()
        written.wait(10)  # blocks the reader's thread only; the event loop goes on and writes
        return before, [r[0] for r in await q.fetchall("SELECT api_base FROM sync_state")]

    reading = asyncio.create_task(db.run(job))
    await asyncio.to_thread(first_read.wait, 10)
    await db.execute(SYNC, ("meanwhile",))
    written.set()
    assert await reading == ([], ["meanwhile"])


async def test_on_sqlite_a_job_without_a_transaction_may_write_only_in_its_last_statement(sqlite_store):
    """Run without BEGIN and COMMIT, a write commits at once: a statement after it could no longer
    fail together with it, so it is refused (a bug in the job)."""
    db = sqlite_store.db

    async def last(q):
        await q.fetchall("SELECT 1")
        return await q.execute(SYNC, ("last",))

    async def not_last(q):
        await q.execute(SYNC, ("first",))
        return await q.fetchall("SELECT 1")

    assert await db.run(last, writes=True, transaction=False) == 1
    with pytest.raises(RuntimeError, match="last statement"):
        await db.run(not_last, writes=True, transaction=False)
    assert await _bases(db) == ["first", "last"]  # committed on its own, as the job said it could
