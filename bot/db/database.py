"""A thin async wrapper over the one aiosqlite connection: queries and serialised transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.db.connection import connect, migrate
from bot.db.gate import WriteGate

Params = Sequence[Any] | dict[str, Any]
T = TypeVar("T")


class Database:
    """One connection shared by the whole process.

    Coroutines share the connection, so a transaction opened by one would swallow another's
    statements: a transaction holds the write gate alone, and lone write statements share it
    (see `WriteGate`).
    """

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self._gate = WriteGate()

    @classmethod
    async def open(cls, path: Path | str, *, run_migrations: bool = True) -> Database:
        conn = await connect(path)
        if run_migrations:
            await migrate(conn)
        return cls(conn)

    async def close(self) -> None:
        async with self._gate.exclusive():  # let writes in flight finish first
            await self.conn.close()

    # Every call below is one trip to aiosqlite's thread. A cursor (`async with conn.execute()`)
    # costs three (execute, fetch, close), and under load each trip waits for the GIL to pass
    # between that thread and the busy event loop: trips, not SQL, were most of a query's time.

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """The first row of a query that returns at most one (it fetches every row)."""
        rows = await self.conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, params))

    async def run(self, job: Callable[..., T], *, writes: bool = False) -> T:
        """`job(conn=<sqlite3.Connection>)` on the database thread: several statements, one trip.

        Nothing else runs on that thread meanwhile, so a job sees a consistent database. A
        transaction another coroutine holds open across trips would still contain it, so a job
        that writes says so and shares the write gate, like a lone statement.
        """
        conn = self.conn

        def call() -> T:
            raw: sqlite3.Connection = conn._conn
            return job(conn=raw)

        if writes:
            async with self._gate.shared():
                return await self._on_thread(call)
        return await self._on_thread(call)

    async def _on_thread(self, call: Callable[[], T]) -> T:
        # aiosqlite queues each of its calls for its thread with `_execute` and offers no public
        # way to queue a function of ours; this is the one place that relies on it.
        result: T = await self.conn._execute(call)
        return result

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT (or ROLLBACK on error), one at a time per process."""
        async with self._gate.exclusive():
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
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
            cursor = await self.conn.execute(sql, params)
            return cursor.rowcount

    async def insert(self, sql: str, params: Params = ()) -> int | None:
        """One INSERT statement, atomic on its own; the new row id, or None if nothing was inserted."""
        async with self._gate.shared():
            cursor = await self.conn.execute(sql, params)
            return cursor.lastrowid if cursor.rowcount == 1 else None

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)
