"""The PostgreSQL pool: a job's connection goes back without a reset round trip, and a transaction
a job leaves open is still rolled back."""

from __future__ import annotations

import asyncpg

from bot.db.database import Queries
from bot.db.postgres import PostgresDatabase


async def _last_query(url: str, pid: int) -> str:
    admin = await asyncpg.connect(url)
    try:
        return str(await admin.fetchval("SELECT query FROM pg_stat_activity WHERE pid = $1", pid))
    finally:
        await admin.close()


async def test_a_connection_given_back_is_sent_no_reset(url: str) -> None:
    """asyncpg's pool sends every connection given back a reset by default (advisory unlocks,
    CLOSE ALL, UNLISTEN *, RESET ALL): one more round trip for every job. The bot keeps no session
    state, so the last statement its pooled connection ran is the job's own."""
    db = await PostgresDatabase.open(url, min_size=1, max_size=1)
    try:

        async def backend(q: Queries) -> int:
            return int(await q.fetchval("SELECT pg_backend_pid()"))

        pid = await db.run(backend)
        assert await _last_query(url, pid) == "SELECT pg_backend_pid()"
        assert await db.run(backend) == pid  # the same connection, reused
    finally:
        await db.close()


async def test_a_transaction_a_job_leaves_open_is_rolled_back(url: str) -> None:
    db = await PostgresDatabase.open(url, min_size=1, max_size=1)
    try:
        await db.execute("CREATE TABLE kept (n INTEGER)")

        async def leaves_open(q: Queries) -> None:
            await q.execute("BEGIN")
            await q.execute("INSERT INTO kept (n) VALUES (1)")

        await db.run(leaves_open)
        assert await db.fetchval("SELECT count(*) FROM kept") == 0
        assert await db.fetchval("SELECT pg_current_xact_id_if_assigned() IS NULL")  # no transaction now
    finally:
        await db.close()
