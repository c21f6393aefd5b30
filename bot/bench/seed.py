"""Seed a logbook fast: migrations first, then every entry in one transaction with executemany.

The data looks like real use so the bot's queries and nudges do real work: each user trains
every two to four days, one to three entries a session, mostly barbell with some machine
sessions, loads creeping up, an RPE on most sets; some users log in pounds.
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.db.connection import connect, migrate, remove_database
from bot.logbook.units import to_kg

_INSERT = (
    "INSERT INTO entries (user_id, performed_on, variant, sets, reps, weight, unit, weight_kg, rpe, note,"
    " setup_id, created_at, interaction_id, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, NULL)"
)
LB_SHARE = 0.15  # users who log in pounds


@dataclass(frozen=True)
class Lifter:
    """What the storm needs to know of a seeded user: a plausible next /log."""

    user_id: int
    unit: str
    last_barbell: float  # in `unit`


@dataclass(frozen=True)
class Seeded:
    lifters: list[Lifter]
    entries: int
    seconds: float
    size_mb: float


def _migrate(path: Path) -> None:
    async def run() -> None:
        conn = await connect(path)
        try:
            await migrate(conn)
        finally:
            await conn.close()

    asyncio.run(run())


def _user_rows(user_id: int, count: int, unit: str, today: date, rng: random.Random,
               out: list[Lifter]) -> Iterator[tuple[object, ...]]:
    step = 5.0 if unit == "lb" else 2.5
    load = float(rng.randrange(16, 48)) * step  # 40-117.5 kg or 80-235 lb
    sessions: list[int] = []
    remaining = count
    while remaining > 0:
        sessions.append(min(remaining, rng.choice((1, 2, 2, 3))))
        remaining -= sessions[-1]
    day = today - timedelta(days=3 * len(sessions) + 1)
    last_barbell = load
    for number, size in enumerate(sessions):
        day += timedelta(days=rng.choice((2, 3, 3, 4)) if number else 0)
        variant = "machine" if number % 5 == 4 else "barbell"
        if variant == "barbell" and number % 2 == 0:
            load += step
        top = load if variant == "barbell" else round(load * 0.8 / step) * step
        created = datetime.combine(day, datetime.min.time(), UTC).replace(hour=18).isoformat()
        for k in range(size):
            weight = top if k == 0 else round(top * 0.85 / step) * step
            reps = rng.randrange(6, 13) if k == 0 else rng.randrange(10, 16)
            rpe = None if rng.random() < 0.2 else rng.choice((7.0, 7.5, 8.0, 8.5, 9.0))
            yield (user_id, day.isoformat(), variant, rng.randrange(1, 5), reps, weight, unit,
                   to_kg(weight, unit), rpe, None, created)
        if variant == "barbell":
            last_barbell = top
    out.append(Lifter(user_id, unit, last_barbell))


@dataclass
class _Plan:
    """The rows to store, generated lazily; `lifters` fills in as the rows are read."""

    user_ids: Sequence[int]
    entries: int
    today: date
    rng: random.Random
    units: dict[int, str]
    lifters: list[Lifter]

    @classmethod
    def make(cls, user_ids: Sequence[int], entries: int, today: date | None, rng_seed: int) -> _Plan:
        rng = random.Random(rng_seed)
        units = {uid: ("lb" if rng.random() < LB_SHARE else "kg") for uid in user_ids}
        return cls(user_ids, entries, today or datetime.now(UTC).date(), rng, units, [])

    def rows(self) -> Iterator[tuple[object, ...]]:
        per_user, extra = divmod(self.entries, len(self.user_ids))
        for index, uid in enumerate(self.user_ids):
            yield from _user_rows(uid, per_user + (index < extra), self.units[uid], self.today, self.rng, self.lifters)

    def pound_users(self) -> list[tuple[int, str]]:
        return [(uid, unit) for uid, unit in self.units.items() if unit == "lb"]


def seed(path: Path, user_ids: Sequence[int], entries: int, *, today: date | None = None,
         rng_seed: int = 21) -> Seeded:
    """Create the schema at `path` (replacing any database there) and store `entries` entries
    spread over `user_ids`."""
    began = time.perf_counter()
    remove_database(path)  # a kept --workdir must not add to an earlier run's rows
    _migrate(path)
    plan = _Plan.make(user_ids, entries, today, rng_seed)
    rows, lifters = plan.rows, plan.lifters

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = OFF")  # a benchmark fixture: rebuilt on any crash
        conn.execute("BEGIN")
        conn.executemany(_INSERT, rows())
        conn.executemany("INSERT INTO users (user_id, unit) VALUES (?, ?)", plan.pound_users())
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stored = conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    finally:
        conn.close()
    _flush(path)
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
    return Seeded(lifters, stored, time.perf_counter() - began, size)


def _flush(path: Path) -> None:
    """Write the seeded file out to the disk now, in the seed's own time. It is written without
    syncing (a fixture), and left to the kernel the bot's first checkpoint paid for it: SQLite's
    fdatasync waits for every dirty page of the file, the seed's included, so the first capacity
    round's /log answered ~1,530 a second where the next answered ~1,800 (with the file flushed
    here, ~1,800 both)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_COLUMNS = ("user_id", "performed_on", "variant", "sets", "reps", "weight", "unit", "weight_kg", "rpe", "note",
            "created_at")


async def seed_postgres(url: str, user_ids: Sequence[int], entries: int, *, today: date | None = None,
                        rng_seed: int = 21) -> Seeded:
    """The same logbook in an empty PostgreSQL schema (named by `url`'s search_path), with COPY."""
    import asyncpg

    from bot.db import open_database

    began = time.perf_counter()
    db = await open_database(url)  # creates the schema's tables
    await db.close()
    plan = _Plan.make(user_ids, entries, today, rng_seed)
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            await conn.copy_records_to_table("entries", records=plan.rows(), columns=_COLUMNS)
            await conn.executemany("INSERT INTO users (user_id, unit) VALUES ($1, $2)", plan.pound_users())
        await conn.execute("ANALYZE")
        stored = await conn.fetchval("SELECT COUNT(*) FROM entries")
        size = await conn.fetchval("SELECT pg_total_relation_size('entries')") / 2**20
    finally:
        await conn.close()
    return Seeded(plan.lifters, stored, time.perf_counter() - began, size)
