"""The SQLite backend: one aiosqlite connection per process, writes serialised by a lock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.db import connection
from bot.db.database import Database, Params, Row, Transaction
from bot.db.schema import Dialect


class _Statements:
    """Queries on the one connection (shared by the database and its transactions)."""

    dialect: Dialect = "sqlite"
    conn: aiosqlite.Connection

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        async with self.conn.execute(sql, params) as cursor:
            row: Row | None = await cursor.fetchone()
            return row

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self.conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def _write(self, sql: str, params: Params) -> int:
        async with self.conn.execute(sql, params) as cursor:
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


class SqliteDatabase(_Statements, Database):
    """One connection shared by the whole process.

    Coroutines share the connection, so a transaction opened by one would swallow another's
    statements; every write therefore goes through `transaction()`, which takes a lock.
    """

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, *, run_migrations: bool = True) -> SqliteDatabase:
        conn = await connection.connect(path)
        if run_migrations:
            await connection.migrate(conn)
        return cls(conn)

    async def close(self) -> None:
        async with self._write_lock:  # let a commit in flight finish first
            await self.conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """BEGIN IMMEDIATE … COMMIT (or ROLLBACK on error), one at a time per process."""
        async with self._write_lock:
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
        """One write in its own transaction; returns the affected row count."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as tx:
            await tx.executemany(sql, rows)

    async def batches(self, sql: str, params: Params = (), size: int = 1000) -> AsyncIterator[list[Row]]:
        async with self.conn.execute(sql, params) as cursor:
            while batch := await cursor.fetchmany(size):
                rows: list[Row] = list(batch)
                yield rows

    async def migrate(self) -> int:
        return await connection.migrate(self.conn)

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
