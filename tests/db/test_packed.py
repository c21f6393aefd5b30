"""`fetchall_packed`: the same rows as `fetchall`, on the database and inside a job, on both engines."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.db import logbook_sql, open_database, records_sql
from bot.db.database import Database, Queries, columns_shape
from bot.db.packed import packed_sql, unpack

# What the bot stores: 64-bit integers, text (any code point SQLite keeps), NULL, and doubles
# (packing goes through printf's 17 digits: exact over this range; see packed_sql).
VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    # SQLite 3.40's printf('%!.17g') is exact only up to about 1e130 (1.0766009099583437e+133 comes
    # back one ulp off); what the logbook stores (loads, RPE, increments) is far below 1e15.
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    # Quarter-multiples below 1e12 are packed as JSON renders them (15 digits), the rest by printf:
    # both sides of that line, and the line itself.
    st.integers(min_value=-(4 * 10**12), max_value=4 * 10**12).map(lambda quarters: quarters / 4),
    st.sampled_from((1e12 - 0.25, 1e12, -1e12, 999_999_999_999.75, 12_345_678_901_234.25, -98_765_432_109_876.75,
                     0.1, 102.5)),  # the two of 16 digits need printf
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


def test_packed_sql_checks_only_the_columns_that_can_hold_a_real() -> None:
    sql = packed_sql("SELECT a, b, c FROM t", 3, reals=(1,))
    assert "typeof(c1)" in sql
    assert "typeof(c0)" not in sql
    assert "typeof(c2)" not in sql


def test_columns_shape_finds_the_reals_and_refuses_a_name_not_listed() -> None:
    assert columns_shape("e.id, e.weight, e.unit", {"e.weight"}) == (3, (1,))
    with pytest.raises(ValueError, match=r"e\.rpe"):
        columns_shape("e.id, e.weight", {"e.rpe"})


# Each packed read of the logbook: its columns and the REAL columns it declares.
_SHAPES = [
    (logbook_sql.COLUMNS, logbook_sql.REALS),
    (logbook_sql.ENGINE_COLUMNS, logbook_sql.ENGINE_REALS),
    (records_sql._BEST_COLUMNS, records_sql._BEST_REALS),
]


@pytest.mark.parametrize(("columns", "reals"), _SHAPES)
async def test_logbook_reads_declare_every_real_column_of_the_schema(
    tmp_path: Path, columns: str, reals: tuple[int, ...]
) -> None:
    """A REAL column left out of `reals` would come back with 15 digits instead of exactly."""
    db = await open_database(tmp_path / "schema.db")
    try:
        declared = {}
        for alias, table in {"e": "entries", "s": "setups"}.items():
            for row in await db.fetchall(f'PRAGMA table_info("{table}")'):
                declared[f"{alias}.{row[1]}"] = str(row[2])
        # The records' read names the entries' columns bare.
        names = [name.strip() if "." in name else f"e.{name.strip()}" for name in columns.split(",")]
        declared["k.latest"] = "INTEGER"  # the page read's MAX(id)
        real = {i for i, name in enumerate(names) if declared[name] == "REAL"}
        assert real == set(reals)
    finally:
        await db.close()


def test_unpack_reads_what_orjson_refuses_as_the_standard_library_does() -> None:
    assert unpack([("[[1, 2.5, \"a\", null]]",)]) == [[1, 2.5, "a", None]]
    assert unpack([("[[1e400]]",)]) == [[math.inf]]  # orjson: "number is infinity"
    assert unpack([]) == []
    assert unpack([(None,)]) == []
