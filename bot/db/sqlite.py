"""The SQLite backend: one aiosqlite connection that writes (writers kept apart by a write gate)
and a few that only read, for jobs.

Every await on a connection is one trip to aiosqlite's thread, and under load each trip waits
for the GIL to pass between that thread and the busy event loop: trips, not SQL, were most of a
query's time. So reads fetch in one trip (not a cursor's three), lone writes skip BEGIN/COMMIT,
`run` takes a job of several statements to the thread in one trip, and read-only jobs go to
reader connections, each on its own thread, so their waits for the GIL overlap instead of
queueing behind the writes (WAL lets them read the last committed state meanwhile).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.db import connection, recent
from bot.db.checkpoint import WRITER_PRAGMA, Checkpointer
from bot.db.database import Database, Job, Params, Row, Transaction
from bot.db.migrations import Dialect, load_migrations
from bot.db.packed import packed_sql, unpack
from bot.db.recent import RecentReads
from bot.db.sqlite_thread import thread_call
from bot.db.write_gate import WriteGate

T = TypeVar("T")


class _Statements:
    """Queries on the one connection (shared by the database and its transactions)."""

    dialect: Dialect = "sqlite"
    conn: aiosqlite.Connection

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self.conn.execute_fetchall(sql, params))

    async def fetchall_packed(
        self, sql: str, params: Params, width: int, reals: tuple[int, ...] | None = None
    ) -> list[Sequence[Any]]:
        return unpack(await self.conn.execute_fetchall(packed_sql(sql, width, reals), params))

    async def _write(self, sql: str, params: Params) -> int:
        cursor = await self.conn.execute(sql, params)
        return cursor.rowcount

    async def _write_many(self, sql: str, rows: Iterable[Params]) -> None:
        await self.conn.executemany(sql, rows)


class SqliteTransaction(_Statements, Transaction):
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        return await self._write(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._write_many(sql, rows)


READERS = 2  # reader connections (threads) for read-only jobs, beside the writing one


class SqliteDatabase(_Statements, Database):
    """One writing connection shared by the whole process, `READERS` for read-only jobs, and for
    a file one that checkpoints its WAL beside the writer (`bot.db.checkpoint`).

    Coroutines share the writing connection, so a transaction opened by one would swallow
    another's statements: a transaction holds the write gate alone, and lone write statements
    (and jobs that write) share it (see `WriteGate`).
    """

    def __init__(
        self, conn: aiosqlite.Connection, readers: Sequence[aiosqlite.Connection] = (),
        recent: RecentReads | None = None, checkpointer: Checkpointer | None = None,
    ) -> None:  # fmt: skip
        self.conn = conn
        self._readers = list(readers)
        self._queued = [0] * len(self._readers)  # jobs sent to each reader and not yet done
        self._recent = recent  # once the schema is migrated (`_keep_recent`)
        self._checkpointer = checkpointer  # a file's WAL is checkpointed beside the writer
        self._gate = WriteGate(None if checkpointer is None else checkpointer.wrote)

    @classmethod
    async def open(
        cls, path: Path | str, *, run_migrations: bool = True, readers: int = READERS, read_only: bool = False
    ) -> SqliteDatabase:
        if read_only:  # one connection that only reads the file as it is (see connection.connect_read_only)
            return cls(await connection.connect_read_only(Path(path)))
        conn = await connection.connect(path)
        opened: list[aiosqlite.Connection] = []
        kept: RecentReads | None = None
        checkpointer: Checkpointer | None = None
        try:
            if run_migrations:
                await connection.migrate(conn)
                kept = await _keep_recent(conn)
            if str(path) != ":memory:":  # another connection to ":memory:" would be another database
                for _ in range(readers):
                    opened.append(await connection.connect_reader(path))
                checkpointer = Checkpointer(await connection.connect_checkpointer(path))
                await conn.execute(WRITER_PRAGMA)
        except BaseException:
            if checkpointer is not None:
                await checkpointer.close()
            for reader in opened:
                await reader.close()
            await conn.close()
            raise
        return cls(conn, opened, kept, checkpointer)

    async def close(self) -> None:
        async with self._gate.exclusive():  # let writes in flight finish first
            if self._checkpointer is not None:
                await self._checkpointer.close()
            for reader in self._readers:
                await reader.close()
            await self.conn.close()  # the last to close: SQLite checkpoints the WAL whole and removes it

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """BEGIN IMMEDIATE … COMMIT (or ROLLBACK on error), one at a time per process."""
        async with self._gate.exclusive():
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteTransaction(self.conn)
                await self.conn.execute("COMMIT")
            except BaseException:
                await self._rollback()
                raise

    async def _rollback(self) -> None:
        # SQLite rolls back by itself on some errors (SQLITE_FULL, SQLITE_IOERR); a second ROLLBACK
        # would fail and hide the real error, and a transaction left open would block every later
        # write, so roll back exactly when one is still open.
        if self.conn.in_transaction:
            await self.conn.execute("ROLLBACK")

    async def execute(self, sql: str, params: Params = ()) -> int:
        """One write statement, atomic on its own; returns the affected row count.

        SQLite runs a lone statement in its own transaction (the connection is in autocommit),
        so BEGIN and COMMIT would only add two trips, and lone statements need not wait for
        each other. They share the write gate, so none lands inside another coroutine's open
        transaction and shares its fate.
        """
        async with self._gate.shared():
            return await self._write(sql, params)

    async def insert(self, sql: str, params: Params = ()) -> int | None:
        """One `INSERT … RETURNING id` on its own, sharing the write gate like `execute`."""
        async with self._gate.shared():
            rows = await self.conn.execute_fetchall(sql, params)
        row = next(iter(rows), None)
        return None if row is None or row[0] is None else int(row[0])

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as tx:
            await tx.executemany(sql, rows)

    async def run(self, job: Job[T], *, writes: bool = False, transaction: bool = True) -> T:
        """The whole job in one trip to a database thread (see `_on_thread`).

        A job that only reads goes to the reader with the fewest jobs waiting; each of its
        statements sees the latest committed state (see `thread_call`). A job that
        writes runs on the writing connection, where a transaction another coroutine holds open
        across trips would contain it, so it shares the write gate, like a lone statement.
        """
        started = time.perf_counter()
        try:
            return await self._run(job, writes, transaction)
        finally:
            self._job_done(job, writes, started)

    async def _run(self, job: Job[T], writes: bool, transaction: bool = True) -> T:
        call = thread_call(job, writes=writes, transaction=transaction, recent=self._recent if writes else None)
        if writes:
            async with self._gate.shared():
                return await _on_thread(self.conn, call)
        if not self._readers:
            return await _on_thread(self.conn, call)
        index = min(range(len(self._queued)), key=self._queued.__getitem__)
        self._queued[index] += 1
        try:
            return await _on_thread(self._readers[index], call)
        finally:
            self._queued[index] -= 1

    async def batches(self, sql: str, params: Params = (), size: int = 1000) -> AsyncIterator[list[Row]]:
        async with self.conn.execute(sql, params) as cursor:
            while batch := await cursor.fetchmany(size):
                rows: list[Row] = list(batch)
                yield rows

    async def migrate(self, *, up_to: int | None = None) -> int:
        version = await connection.migrate(self.conn, load_migrations("sqlite")[:up_to])
        if up_to is None and self._recent is None:
            self._recent = await _keep_recent(self.conn)
        return version

    async def forget_kept(self, user_id: int) -> None:
        kept = self._recent
        if kept is not None:  # on the writing connection's thread, where the jobs use it
            await _on_thread(self.conn, lambda _raw: kept.forget(user_id))

    async def schema_version(self) -> int:
        return await connection.schema_version(self.conn)

    async def columns(self) -> dict[str, list[str]]:
        tables = await self.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        found: dict[str, list[str]] = {}
        for (name,) in tables:
            found[name] = [str(c[1]) for c in await self.fetchall(f'PRAGMA table_info("{name}")')]
        return found

    async def references(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for name in await self.columns():
            keys: list[Any] = await self.fetchall(f'PRAGMA foreign_key_list("{name}")')
            found[name] = {str(k[2]) for k in keys} - {name}
        return found


async def _keep_recent(conn: aiosqlite.Connection) -> RecentReads:
    """The writing connection's marks (`bot.db.recent`), on the migrated schema, and what /log keeps."""
    for statement in recent.TRACKING:
        await conn.execute(statement)
    return RecentReads()


async def _on_thread(conn: aiosqlite.Connection, call: Callable[[sqlite3.Connection], T]) -> T:
    # aiosqlite queues each of its calls for its thread with `_execute` and offers no public
    # way to queue a function of ours; this and `_conn` are the one place that relies on it.
    result: T = await conn._execute(lambda: call(conn._conn))
    return result
