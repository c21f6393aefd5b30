"""How the storage tests look at a query's cost: its plan on either engine, and SQLite's steps."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.db.store import Store


async def sqlite_plan(store: Store, sql: str, params: tuple[object, ...]) -> str:
    """SQLite's EXPLAIN QUERY PLAN of `sql`, one line per step ("SEARCH entries USING INDEX …")."""
    rows = await store.db.fetchall("EXPLAIN QUERY PLAN " + sql, params)
    return "\n".join(str(row[3]) for row in rows)


async def postgres_plan(store: Store, sql: str, params: tuple[object, ...]) -> str:
    """PostgreSQL's EXPLAIN of `sql`, one line per plan line ("Index Scan using …")."""
    rows = await store.db.fetchall("EXPLAIN " + sql, params)
    return "\n".join(str(row[0]) for row in rows)


@dataclass
class Steps:
    """SQLite virtual machine instructions counted so far, in units of `every`."""

    every: int
    count: int = 0

    @property
    def instructions(self) -> int:
        return self.count * self.every


@contextmanager
def counted_steps(conn: sqlite3.Connection, every: int = 1) -> Iterator[Steps]:
    """Count the instructions `conn` runs inside the block: SQLite calls the handler once every
    `every` of them, so a read through an index counts a few hundred and a scan one per row."""
    steps = Steps(every)

    def tick() -> int:
        steps.count += 1
        return 0  # go on

    conn.set_progress_handler(tick, every)
    try:
        yield steps
    finally:
        conn.set_progress_handler(None, 0)
