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

import functools
import json
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite
import orjson

from bot.db import connection, recent
from bot.db.checkpoint import WRITER_PRAGMA, Checkpointer
from bot.db.database import Database, Job, Params, Queries, Row, Transaction
from bot.db.migrations import Dialect, load_migrations
from bot.db.recent import RecentReads
from bot.db.write_gate import WriteGate

T = TypeVar("T")


@functools.lru_cache(maxsize=128)
def packed_sql(sql: str, width: int, reals: tuple[int, ...] | None = None) -> str:
    """`sql`'s rows as one JSON array of arrays, so the whole result is one SQLite step.

    sqlite3 lets go of the GIL around every step (every row), and the thread must win it back
    from the event loop each time: next to a busy loop a 70-row read took ~14 ms instead of
    ~0.25 ms (one step: ~1.3 ms). JSON renders a REAL with 15 digits, which is exact for a
    multiple of a quarter under 1e12 (at most 14 digits: nearly every load and RPE the logbook
    holds); any other REAL goes through printf's 17 (exact for every double the logbook holds,
    |x| ≤ 1e15, tested; not past ~1e130; -0.0 comes back as 0.0). Telling the two apart is
    arithmetic, where printf and its parse back were a quarter of a 24-row read (40 → 31 µs).
    `reals` names the columns that can hold a REAL (indexes); only those are checked, which
    makes a 36-row read a quarter cheaper than checking every column. None: any column may.
    BLOBs cannot be packed, and the order of the rows is not kept.
    """
    names = ", ".join(f"c{i}" for i in range(width))
    checked = range(width) if reals is None else set(reals)
    values = ", ".join(_packed_value(f"c{i}") if i in checked else f"c{i}" for i in range(width))
    return f"WITH q({names}) AS ({sql}) SELECT json_group_array(json_array({values})) FROM q"


def _packed_value(column: str) -> str:
    """`column` as `packed_sql` packs a column that can hold a REAL: as it is (JSON's 15 digits)
    when it is a quarter-multiple under 1e12, or not a REAL at all (an integer, text or NULL:
    their test is false or they are no REAL); else through printf's 17 digits."""
    return (
        f"CASE WHEN {column} * 4 = CAST({column} * 4 AS INTEGER) AND abs({column}) < 1e12 THEN {column}"
        f" WHEN typeof({column}) = 'real' THEN json(printf('%!.17g', {column})) ELSE {column} END"
    )


def unpack(rows: Iterable[Row]) -> list[Sequence[Any]]:
    """The rows of a `packed_sql` result (orjson reads a page's 36 rows in a third of the standard
    library's 30 µs; what it refuses, the standard library reads as before)."""
    row = next(iter(rows), None)
    if row is None or row[0] is None:
        return []
    try:
        return orjson.loads(row[0])
    except orjson.JSONDecodeError:
        return json.loads(row[0])


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
        statements sees the latest committed state (see `_thread_call`). A job that
        writes runs on the writing connection, where a transaction another coroutine holds open
        across trips would contain it, so it shares the write gate, like a lone statement.
        """
        started = time.perf_counter()
        try:
            return await self._run(job, writes, transaction)
        finally:
            self._job_done(job, writes, started)

    async def _run(self, job: Job[T], writes: bool, transaction: bool = True) -> T:
        call = _thread_call(job, writes=writes, transaction=transaction, recent=self._recent if writes else None)
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


class ThreadQueries(Queries):
    """Queries straight on the sqlite3 connection, for a job on aiosqlite's thread: coroutines
    in form only, they never suspend, so the job runs to its end in one go (see `complete`)."""

    dialect: Dialect = "sqlite"

    def __init__(
        self, raw: sqlite3.Connection, *, write_last: bool = False, recent: RecentReads | None = None
    ) -> None:
        self._raw = raw
        self._write_last = write_last  # no transaction: nothing may follow the job's write
        self._written = False
        self.recent_reads = recent

    def _check_not_written(self) -> None:
        if self._written:
            raise RuntimeError("a job run without a transaction writes in its last statement only")

    def _statement(self, sql: str, params: Params) -> sqlite3.Cursor:
        self._check_not_written()
        return self._raw.execute(sql, params)

    def _wrote(self) -> None:
        self._written = self._write_last

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(self._statement(sql, params).fetchall())

    async def fetchall_packed(
        self, sql: str, params: Params, width: int, reals: tuple[int, ...] | None = None
    ) -> list[Sequence[Any]]:
        return unpack(self._statement(packed_sql(sql, width, reals), params).fetchall())

    async def insert(self, sql: str, params: Params = ()) -> int | None:
        new_id = await super().insert(sql, params)
        self._wrote()
        return new_id

    async def execute(self, sql: str, params: Params = ()) -> int:
        changed = self._statement(sql, params).rowcount
        self._wrote()
        return changed

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        self._check_not_written()
        self._raw.executemany(sql, rows)
        self._wrote()


def complete(awaitable: Awaitable[T]) -> T:
    """Drive a job's coroutine to its end without an event loop; it must never suspend."""
    steps = awaitable.__await__()
    try:
        steps.send(None)
    except StopIteration as done:
        result: T = done.value
        return result
    close = getattr(steps, "close", None)
    if close is not None:
        close()
    raise RuntimeError(
        "a database job awaited something other than its Queries; on SQLite it runs on the"
        " database thread, where it cannot suspend"
    )


def _thread_call(
    job: Job[T], *, writes: bool, transaction: bool = True, recent: RecentReads | None = None
) -> Callable[[sqlite3.Connection], T]:
    """What runs on the database thread: the job, in one transaction when it writes.

    A job that only reads runs without one: each statement sees the latest committed state, as
    a read job's do on PostgreSQL. BEGIN and COMMIT are two more statements, and every statement
    hands the GIL to the event loop and back several times (sqlite3 lets go of it around each
    step and reset); under load that cost /nudge ~0.3 ms of CPU and /history ~0.2 ms (issue 32).

    `recent` (the writing connection's) goes to a job that writes without a transaction only:
    its write commits as it returns, so what the job keeps on the strength of it is never rolled
    back from under it (a rollback would give its entry id to the next insert).
    """

    def call(raw: sqlite3.Connection) -> T:
        if not writes:
            return complete(job(ThreadQueries(raw)))
        if not transaction:  # its one write is its last statement (see Database.run)
            return complete(job(ThreadQueries(raw, write_last=True, recent=recent)))
        raw.execute("BEGIN IMMEDIATE")
        try:
            result = complete(job(ThreadQueries(raw)))
        except BaseException:
            if raw.in_transaction:  # see SqliteDatabase._rollback
                raw.execute("ROLLBACK")
            raise
        raw.execute("COMMIT")
        return result

    return call
