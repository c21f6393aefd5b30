"""Database: one-trip reads, and lone write statements that never join another's transaction."""

import asyncio

import pytest


async def test_a_lone_write_waits_for_an_open_transaction_and_survives_its_rollback(store):
    db = store.db
    opened = asyncio.Event()

    async def attempt():
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO sync_state VALUES ('a', 1, 'global', 'h1', 't')")
            opened.set()
            await asyncio.sleep(0.05)  # the lone write is waiting meanwhile
            raise RuntimeError("boom")

    async def failing_transaction():
        with pytest.raises(RuntimeError):
            await attempt()

    async def lone_write():
        await opened.wait()
        return await db.execute("INSERT INTO sync_state VALUES ('b', 1, 'global', 'h2', 't')")

    _, written = await asyncio.gather(failing_transaction(), lone_write())
    assert written == 1
    rows = await db.fetchall("SELECT api_base FROM sync_state ORDER BY api_base")
    assert [r[0] for r in rows] == ["b"]  # rolled back: a; committed on its own: b


async def test_insert_returns_the_new_id_or_none_on_conflict(store):
    sql = "INSERT INTO pending_logs VALUES (?, 1, '{}', 'x') ON CONFLICT (interaction_id) DO NOTHING"
    assert await store.db.insert(sql, (42,)) == 42
    assert await store.db.insert(sql, (42,)) is None
    assert await store.db.fetchone("SELECT user_id FROM pending_logs WHERE interaction_id = 42") is not None
    assert await store.db.fetchone("SELECT user_id FROM pending_logs WHERE interaction_id = 43") is None
    assert await store.db.fetchval("SELECT COUNT(*) FROM pending_logs") == 1
