"""A job on the SQLite database's own thread, in one trip: `thread_call` is what runs there,
`ThreadQueries` the job's queries straight on the sqlite3 connection, `complete` drives it."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

from bot.db.database import Job, Params, Queries, Row
from bot.db.migrations import Dialect
from bot.db.packed import packed_sql, unpack
from bot.db.recent import RecentReads

T = TypeVar("T")


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


def thread_call(
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
