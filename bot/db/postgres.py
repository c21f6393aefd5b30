"""The PostgreSQL backend: an asyncpg pool shared by the process, for shards running apart.

Repositories write `?` placeholders; they become `$1, $2, …` here. Migrations are recorded in a
`schema_version` table and applied in one transaction under an advisory lock, so shard
processes starting together apply each migration once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg

from bot.db.database import Database, DatabaseUnavailableError, Job, Params, Row, Transaction
from bot.db.migrations import Dialect, Migration, NewerSchemaError, load_migrations
from bot.settings import redact_url

log = logging.getLogger(__name__)

# pg_advisory_xact_lock key held while migrating ("HIPT"): one process migrates, others wait.
MIGRATION_LOCK = 0x48495054
SCHEMA_TABLE = "schema_version"
POOL_MIN, POOL_MAX = 1, 10
T = TypeVar("T")


async def _keep_session(conn: asyncpg.Connection) -> None:
    """What the pool runs on a connection given back, after asyncpg has rolled back any open
    transaction: nothing. asyncpg's default sends one more statement to the server with every
    job (advisory unlocks, CLOSE ALL, UNLISTEN *, RESET ALL: a round trip, a fifth of a /log's),
    undoing session state this bot never sets: its statements SET nothing for the session,
    LISTEN to nothing, keep cursors only inside transactions and take advisory locks only for a
    transaction (the shard claim holds its own connection, outside the pool)."""
    del conn


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """`?` placeholders → `$1, $2, …`, leaving quoted strings, identifiers and comments alone."""
    out: list[str] = []
    number = 0
    i, end = 0, len(sql)
    while i < end:
        char = sql[i]
        if char in "'\"":
            close = sql.find(char, i + 1)
            while close != -1 and sql[close + 1 : close + 2] == char:  # '' or "" escapes
                close = sql.find(char, close + 2)
            stop = end if close == -1 else close + 1
            out.append(sql[i:stop])
            i = stop
        elif sql.startswith("--", i):
            stop = sql.find("\n", i)
            stop = end if stop == -1 else stop
            out.append(sql[i:stop])
            i = stop
        elif char == "?":
            number += 1
            out.append(f"${number}")
            i += 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def with_search_path(url: str, schema: str) -> str:
    """The URL with `search_path` set: the bot's tables then live in that schema (asyncpg sends
    query parameters it does not know as server settings)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "search_path"] + [("search_path", schema)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def without_password(text: str, url: str) -> str:
    """`text` (a driver's message, which may quote the URL) with the URL's password starred out."""
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    text = text.replace(url, redact_url(url))
    return text.replace(password, "***") if password else text


def _rowcount(status: str) -> int:
    """asyncpg's command status ("UPDATE 3", "INSERT 0 1", "DELETE 0") → rows affected."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class _Statements:
    """Queries through an asyncpg connection or pool (both offer the same methods)."""

    dialect: Dialect = "postgres"
    _target: Any  # asyncpg.Pool or asyncpg.Connection

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._target.fetch(translate(sql), *params))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self._target.fetchrow(translate(sql), *params)
        return row

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        return await self._target.fetchval(translate(sql), *params)

    async def execute(self, sql: str, params: Params = ()) -> int:
        return _rowcount(await self._target.execute(translate(sql), *params))

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        batch = [tuple(r) for r in rows]
        if batch:
            await self._target.executemany(translate(sql), batch)


class PostgresTransaction(_Statements, Transaction):
    """Statements on one pooled connection: a transaction's, or a job's (see `run`)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._target = conn


class PostgresDatabase(_Statements, Database):
    """A connection pool; each statement outside `transaction()` commits on its own."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._target = pool
        self.pool = pool

    @classmethod
    async def open(
        cls, url: str, *, run_migrations: bool = True, min_size: int = POOL_MIN, max_size: int = POOL_MAX,
        read_only: bool = False,
    ) -> PostgresDatabase:
        # read_only: every transaction of the pool's connections is READ ONLY (the server refuses writes).
        settings = {"default_transaction_read_only": "on"} if read_only else None
        try:
            pool = await asyncpg.create_pool(
                url, min_size=min_size, max_size=max_size, server_settings=settings, reset=_keep_session
            )
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as exc:
            # ValueError: asyncpg refusing the URL itself (a port that is no number, an unknown sslmode).
            reason = without_password(str(exc), url)
            raise DatabaseUnavailableError(f"cannot connect to PostgreSQL at {redact_url(url)}: {reason}") from None
        database = cls(pool)
        try:
            if run_migrations and not read_only:
                await database.migrate()
            elif (current := await database.schema_version()) > (latest := len(load_migrations("postgres"))):
                raise NewerSchemaError(current, latest)
        except BaseException:
            await pool.close()
            raise
        return database

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """One pooled connection, BEGIN … COMMIT (READ COMMITTED), ROLLBACK if the block raises."""
        async with self.pool.acquire() as conn, conn.transaction():
            yield PostgresTransaction(conn)

    async def run(self, job: Job[T], *, writes: bool = False, transaction: bool = True) -> T:
        """The job on one pooled connection; in one transaction when it writes (unless its one
        write is its last statement: `transaction=False`)."""
        started = time.perf_counter()
        try:
            async with self.pool.acquire() as conn:
                if not writes or not transaction:
                    return await job(PostgresTransaction(conn))
                async with conn.transaction():
                    return await job(PostgresTransaction(conn))
        finally:
            self._job_done(job, writes, started)

    async def batches(self, sql: str, params: Params = (), size: int = 1000) -> AsyncIterator[list[Row]]:
        async with self.pool.acquire() as conn, conn.transaction():  # a cursor lives in a transaction
            cursor = await conn.cursor(translate(sql), *params)
            while rows := await cursor.fetch(size):
                yield list(rows)

    async def migrate(self, migrations: list[Migration] | None = None, *, up_to: int | None = None) -> int:
        chosen = load_migrations("postgres") if migrations is None else migrations
        async with self.pool.acquire() as conn:
            return await migrate(conn, chosen[:up_to])

    async def schema_version(self) -> int:
        async with self.pool.acquire() as conn:
            return await schema_version(conn)

    async def columns(self) -> dict[str, list[str]]:
        rows = await self.fetchall(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name <> ? ORDER BY table_name, ordinal_position",
            (SCHEMA_TABLE,),
        )
        found: dict[str, list[str]] = {}
        for table, column in rows:
            found.setdefault(str(table), []).append(str(column))
        return found

    async def references(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {name: set() for name in await self.columns()}
        rows = await self.fetchall(
            "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c"
            " WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace"
        )
        for table, target in rows:
            if table != target:
                found.setdefault(str(table), set()).add(str(target))
        return found


async def schema_version(conn: asyncpg.Connection) -> int:
    """The newest migration recorded, 0 for a database the bot never migrated."""
    exists = await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", SCHEMA_TABLE)
    if not exists:
        return 0
    return int(await conn.fetchval(f"SELECT COALESCE(MAX(version), 0) FROM {SCHEMA_TABLE}"))


async def migrate(conn: asyncpg.Connection, migrations: list[Migration] | None = None) -> int:
    """Apply every missing migration in one transaction, holding the advisory lock throughout."""
    migrations = load_migrations("postgres") if migrations is None else migrations
    async with conn.transaction():
        # Taken first: even creating the bookkeeping table would race between two processes.
        await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        current = await schema_version(conn)
        if current > len(migrations):
            raise NewerSchemaError(current, len(migrations))
        for migration in migrations[current:]:
            log.info("applying migration %s", migration.name)
            await conn.execute(migration.sql)  # no arguments: the simple protocol runs the whole file
            await conn.execute(
                f"INSERT INTO {SCHEMA_TABLE} (version, name) VALUES ($1, $2)", migration.version, migration.name
            )
        return max(current, len(migrations))
