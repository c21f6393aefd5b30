"""The database the repositories talk to: one small interface, an SQLite and a PostgreSQL backend.

Repositories write SQL once, with `?` placeholders, in the subset both engines share; a query
that must differ asks `dialect`. Inserts that need the new id say `RETURNING id`; writes return
their row count. Rows allow both `row[0]` and `row["name"]`.

A command that needs several statements can hand them over as one job, `async def job(q:
Queries) -> T`, with `Database.run`: on SQLite the whole job is one trip to the database thread,
on PostgreSQL it holds one pooled connection. When a repository method should be a job, a
plain query or a transaction is written down once, in `bot/db/__init__.py`.
"""

from __future__ import annotations

import functools
import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

from bot.db.migrations import Dialect

if TYPE_CHECKING:
    from bot.db.recent import RecentReads

Params = Sequence[Any]
T = TypeVar("T")


class DatabaseUnavailableError(RuntimeError):
    """The database server could not be reached or refused us; the message is fit for an operator."""


class Row(Protocol):
    """What both drivers' rows offer: values by position or by column name, a run of them by
    slice (a tuple, from sqlite3's rows and asyncpg's records alike), and iteration."""

    @overload
    def __getitem__(self, key: int | str, /) -> Any: ...
    @overload
    def __getitem__(self, key: slice, /) -> tuple[Any, ...]: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Any]: ...


def columns_shape(columns: str, reals: Iterable[str]) -> tuple[int, tuple[int, ...]]:
    """A packed read's `width` and `reals` (see `Queries.fetchall_packed`) from its column list:
    ("e.id, e.weight, e.unit", {"e.weight"}) → (3, (1,)). Every name in `reals` must be listed."""
    names = [name.strip() for name in columns.split(",")]
    wanted = set(reals)
    if not wanted <= set(names):
        raise ValueError(f"not among the columns: {sorted(wanted - set(names))}")
    return len(names), tuple(i for i, name in enumerate(names) if name in wanted)


class Queries(ABC):
    """Reads and writes: on the database as a whole, or inside one transaction."""

    dialect: Dialect
    # What /log last read of a lifter, where these queries can tell it still holds (`bot.db.recent`):
    # a job's on SQLite's writing connection; None elsewhere.
    recent_reads: RecentReads | None = None

    @abstractmethod
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the number of rows it changed."""

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Params]) -> None: ...

    async def fetchall_packed(
        self, sql: str, params: Params, width: int, reals: tuple[int, ...] | None = None
    ) -> list[Sequence[Any]]:
        """The rows of `sql` (of `width` columns) as plain sequences, in no particular order.

        For reads of many rows: SQLite's backend fetches them all in one step instead of one
        step per row (see `bot.db.packed.packed_sql` for why that matters under load).
        `reals`: the indexes of the columns that can hold a REAL (None: any may; see
        `columns_shape`). Callers that need an order sort the rows themselves.
        """
        del width, reals  # only SQLite's packing needs them
        return [tuple(row) for row in await self.fetchall(sql, params)]

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None when there is no row."""
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def insert(self, sql: str, params: Params = ()) -> int | None:
        """One `INSERT … RETURNING id`: the new id, or None when it inserted nothing (ON CONFLICT DO NOTHING)."""
        value = await self.fetchval(sql, params)
        return None if value is None else int(value)


Job = Callable[[Queries], Awaitable[T]]
"""Several statements as one unit of work: `async def job(q: Queries) -> T`, awaiting only `q`."""
JobObserver = Callable[[str, bool, float], None]
"""Told of every finished job: its kind (`job_kind`), whether it wrote, and its seconds."""


def job_kind(job: Callable[..., Any]) -> str:
    """A job's name for the metrics: its function's, without `functools.partial` or a leading `_`."""
    while isinstance(job, functools.partial):
        job = job.func
    return getattr(job, "__name__", type(job).__name__).lstrip("_") or "job"


class Transaction(Queries):
    """Statements that commit together (or not at all), yielded by `Database.transaction()`."""


class Database(Queries):
    """One process's handle on the database. Outside `transaction()` each write commits on its own."""

    # Set by whoever exports metrics (bot.runtime); the engines call `_job_done` after every job.
    job_observer: JobObserver | None = None

    def _job_done(self, job: Job[Any], writes: bool, started: float) -> None:
        """Tell the observer how long `job` took from `run` to its result (waits included)."""
        if self.job_observer is not None:
            self.job_observer(job_kind(job), writes, time.perf_counter() - started)

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """BEGIN … COMMIT, or ROLLBACK when the block raises."""

    @abstractmethod
    async def run(self, job: Job[T], *, writes: bool = False, transaction: bool = True) -> T:
        """Run `job` with queries of its own: one trip to SQLite's thread, one PostgreSQL connection.

        A job that writes says so: its statements then commit together (or not at all when it
        raises), and on SQLite it never lands inside another coroutine's open transaction. A job
        must await nothing but its `Queries` (SQLite runs it to completion without suspending).

        `transaction=False`: the job's one write is its last statement, atomic on its own, so it
        runs without BEGIN and COMMIT (on SQLite two more statements, each a hand-over of the GIL
        and back; see `bot.db.sqlite_thread.thread_call`). On SQLite a statement after that write is
        refused, as a bug: it would no longer commit or fail together with the write.
        """

    @abstractmethod
    async def migrate(self, *, up_to: int | None = None) -> int:
        """Apply every migration the database lacks (up to version `up_to`); returns the version reached."""

    @abstractmethod
    async def schema_version(self) -> int: ...

    @abstractmethod
    async def columns(self) -> dict[str, list[str]]:
        """Every table of the bot's schema with its columns in order (bookkeeping tables left out)."""

    @abstractmethod
    async def references(self) -> dict[str, set[str]]:
        """For each table, the other tables its foreign keys point at."""

    @abstractmethod
    def batches(self, sql: str, params: Params = (), size: int = 1000) -> AsyncIterator[list[Row]]:
        """A query's rows, `size` at a time, read through one cursor (for copying whole tables)."""

    async def forget_kept(self, user_id: int) -> None:
        """Drop what this process keeps in memory of `user_id`'s data (`bot.db.recent`), once it is
        erased. Nothing kept could be served anyway (the erasure changed the lifter's mark)."""
        del user_id  # only SQLite keeps anything

    @abstractmethod
    async def close(self) -> None: ...
