"""`fetchall_packed`: the same rows as `fetchall`, on the database and inside a job, on both engines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.db import open_database
from bot.db.database import Database, Queries
from bot.db.sqlite import packed_sql

# What the bot stores: 64-bit integers, text (any code point SQLite keeps), NULL, and doubles
# (packing goes through printf's 17 digits: exact over this range; see packed_sql).
VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    # SQLite 3.40's printf('%!.17g') is exact only up to about 1e130 (1.0766009099583437e+133 comes
    # back one ulp off); what the logbook stores (loads, RPE, increments) is far below 1e15.
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",))),
)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = await open_database(database_url)
    await db.execute("CREATE TABLE packed_rows (k INTEGER PRIMARY KEY, a TEXT, b DOUBLE PRECISION, c TEXT)")
    yield db
    await db.close()


async def _rows_of(q: Queries) -> list[Any]:
    return await q.fetchall_packed("SELECT k, a, b, c FROM packed_rows ORDER BY k DESC", (), 4)


async def test_packed_rows_are_the_rows_in_any_order(database: Database) -> None:
    rows = [(1, "kg", 102.05828325000002, None), (2, "lb", 0.1 + 0.2, "a\"\\\né😀"), (3, None, -0.5, "")]
    await database.executemany("INSERT INTO packed_rows (k, a, b, c) VALUES (?, ?, ?, ?)", rows)
    plain = sorted(tuple(r) for r in await database.fetchall("SELECT k, a, b, c FROM packed_rows"))
    assert plain == rows
    assert sorted(tuple(r) for r in await _rows_of(database)) == rows
    assert sorted(tuple(r) for r in await database.run(_rows_of)) == rows
    await database.execute("DELETE FROM packed_rows")
    assert await _rows_of(database) == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(VALUES, VALUES, VALUES), max_size=20))
async def test_sqlite_packing_keeps_every_value_and_type(tmp_path: Path, values: list[tuple[Any, ...]]) -> None:
    db = await open_database(tmp_path / "packed.db")
    try:
        await db.execute("DROP TABLE IF EXISTS t")
        await db.execute("CREATE TABLE t (x, y, z)")  # no column types: SQLite keeps each value as given
        await db.executemany("INSERT INTO t (x, y, z) VALUES (?, ?, ?)", values)
        plain = [tuple(r) for r in await db.fetchall("SELECT x, y, z FROM t")]
        packed = [tuple(r) for r in await db.fetchall_packed("SELECT x, y, z FROM t", (), 3)]
        assert sorted(map(_typed, packed)) == sorted(map(_typed, plain))
    finally:
        await db.close()


def _typed(row: tuple[Any, ...]) -> str:
    """The row with each value's type (1 and 1.0 differ); -0.0 comes back as 0.0, an equal number."""
    return repr(tuple(0.0 if isinstance(v, float) and v == 0 else v for v in row))


def test_packed_sql_is_one_row_of_json() -> None:
    sql = packed_sql("SELECT a, b FROM t", 2)
    assert sql.startswith("WITH q(c0, c1) AS (SELECT a, b FROM t) SELECT json_group_array(json_array(")
