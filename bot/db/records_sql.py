"""The records' queries (bot.progress.records), on any `Queries`, as logbook_sql.py's are: the
heaviest set of each variant, setup, reps and RPE, and the best set a new one is a record against."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.db.database import Queries, Row, columns_shape
from bot.db.logbook_sql import indexed_by
from bot.db.migrations import Dialect
from bot.progress.records import MAX_REP_BUCKET, BestSet

# Records (bot.progress.records): the heaviest set of each variant, setup, reps and RPE, the first
# time among equals. Both reads run on the entries_records index (user_id, variant, setup (0 for
# none), reps, weight_kg DESC, performed_on, id); tests/db/test_records_sql.py shows the query plans.
_BEST_COLUMNS = "variant, setup_id, reps, rpe, weight, unit, weight_kg, performed_on, id"
_BEST_WIDTH, _BEST_REALS = columns_shape(_BEST_COLUMNS, {"rpe", "weight", "weight_kg"})


def _to_best(row: Sequence[Any] | Row) -> BestSet:
    return BestSet(
        variant=row[0], setup_id=row[1], reps=row[2], rpe=row[3], weight=row[4], unit=row[5], weight_kg=row[6],
        day=date.fromisoformat(row[7]), entry_id=row[8],
    )  # fmt: skip


def record_sets_query(variant: str | None) -> str:
    """The SQL of `record_sets`: a range of the user's rows in an index (the window sorts only those)."""
    where = "user_id = ? AND weight_kg > 0" + (" AND variant = ?" if variant else "")
    return (
        f"SELECT {_BEST_COLUMNS} FROM (SELECT {_BEST_COLUMNS}, ROW_NUMBER() OVER ("
        " PARTITION BY variant, setup_id, reps, rpe ORDER BY weight_kg DESC, performed_on, id) AS place"
        f" FROM entries WHERE {where}) ranked WHERE place = 1"
    )


async def record_sets(q: Queries, user_id: int, variant: str | None) -> list[BestSet]:
    """For each variant (or just `variant`), setup, rep count and RPE: its heaviest loaded set."""
    params: tuple[object, ...] = (user_id, variant) if variant else (user_id,)
    rows = await q.fetchall_packed(record_sets_query(variant), params, _BEST_WIDTH, _BEST_REALS)
    return [_to_best(row) for row in rows]


def rep_best_query(reps: int, dialect: Dialect = "sqlite") -> str:
    """The SQL of `rep_best`: one seek into the records index (a short range for 21+ reps).

    Without statistics SQLite's planner prefers entries_by_user_variant for "performed_on < ?" and
    sorts every earlier set of the variant; the records index reads them heaviest first and stops at
    the first. PostgreSQL plans from its statistics (tests/db/test_records_sql.py shows both plans)."""
    count = "reps = ?" if reps <= MAX_REP_BUCKET else "reps > ?"
    return (
        f"SELECT {_BEST_COLUMNS} FROM entries{indexed_by('entries_records', dialect)}"
        " WHERE user_id = ? AND variant = ?"
        f" AND coalesce(setup_id, 0) = ? AND {count} AND weight_kg > 0 AND performed_on < ?"
        " ORDER BY weight_kg DESC, reps DESC, performed_on, id LIMIT 1"
    )


async def rep_best(
    q: Queries, user_id: int, variant: str, setup_id: int | None, reps: int, *, before: date
) -> BestSet | None:
    """The heaviest loaded set of `reps` (any of 21+ for more than 20) on this variant and setup in
    the sessions before `before`: what a set logged on that day is a record against (a set earlier
    the same day is part of the same session, not a record to beat)."""
    bound = reps if reps <= MAX_REP_BUCKET else MAX_REP_BUCKET
    params = (user_id, variant, setup_id or 0, bound, before.isoformat())  # no setup: 0, as the index has it
    row = await q.fetchone(rep_best_query(reps, q.dialect), params)
    return None if row is None else _to_best(row)
