"""/history's pages of sessions, newest first, each in one read (see `session_page`).

The page's queries are the logbook's (logbook_sql.py: its columns, their decoding); what is here
is how a page's sessions are found among a lifter's entries, cheaply at any depth.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from operator import itemgetter
from typing import Any

from bot.db.database import Queries
from bot.db.logbook_sql import COLUMNS, FROM, REALS, WIDTH, indexed_by, newest_days, to_entry
from bot.db.migrations import Dialect
from bot.logbook.entries import Entry

_by_id = itemgetter(0)  # a row of COLUMNS by its entry id: in logged order


@cache
def session_page_query(one_variant: bool, dialect: Dialect = "sqlite") -> str:
    """`session_page`'s read of a page after the first.

    The sessions before the page's end lie within as many of the newest days (a session is a
    day and a variant), so only the entries of the newest `offset + limit + 1` days are grouped
    into sessions: near the top, a few dozen entries rather than all of the lifter's (~210 →
    ~85 µs for the first page of a lifter with 500 entries). CROSS JOIN then keeps the page's
    few sessions (k) as SQLite's outer loop, so their entries are found by (user, variant, day)
    on entries_by_user_variant; joined the other way, SQLite walked all of the user's entries
    and built an index on k for each read. PostgreSQL plans it as any join."""
    where = "user_id = ?" + (" AND variant = ?" if one_variant else "")
    # Without statistics SQLite would read all of a lifter's entries through
    # entries_by_user_variant (it covers the grouping), not the newest days through entries_by_user.
    index = "" if one_variant else indexed_by("entries_by_user", dialect)
    return (
        f"SELECT {COLUMNS} FROM (SELECT performed_on, variant FROM entries{index}"
        f" WHERE {where} AND {newest_days(where)}"
        " GROUP BY performed_on, variant ORDER BY performed_on DESC, MAX(id) DESC LIMIT ? OFFSET ?) k"
        " CROSS JOIN entries e LEFT JOIN setups s ON s.id = e.setup_id"
        " WHERE e.user_id = ? AND e.variant = k.variant AND e.performed_on = k.performed_on"
    )  # fmt: skip


@cache
def first_page_query(one_variant: bool) -> str:
    """`session_page`'s read of the first page, the one every /history shows: the entries of the
    newest `limit + 1` days, read whole and grouped into sessions in Python. Grouping them in SQL
    first (`session_page_query`) reads them twice: 72 → 42 µs on SQLite for a page of 22
    entries. Deeper pages group first, as all the days before them would be read whole."""
    where = "e.user_id = ?" + (" AND e.variant = ?" if one_variant else "")
    inner = "user_id = ?" + (" AND variant = ?" if one_variant else "")
    return f"SELECT {COLUMNS} {FROM} WHERE {where} AND e.{newest_days(inner)}"


async def session_page(
    q: Queries, user_id: int, variant: str | None, offset: int, limit: int
) -> tuple[list[list[Entry]], bool]:
    """Sessions (entries of one variant on one day), newest first; and whether more follow.

    A session's place is its day, then its latest entry. One read: the page's sessions (one
    more, to tell whether more follow) and their entries, whole; packed (see
    `Queries.fetchall_packed`), so the order is restored here."""
    scope: tuple[object, ...] = (user_id, variant) if variant else (user_id,)
    if offset == 0:
        query, params = first_page_query(bool(variant)), (*scope, *scope, limit)
    else:
        query = session_page_query(bool(variant), q.dialect)
        params = (*scope, *scope, offset + limit, limit + 1, offset, user_id)
    rows = await q.fetchall_packed(query, params, WIDTH, REALS)
    sessions: dict[tuple[str, str], list[Sequence[Any]]] = {}  # by (day, variant), in logged order
    for row in sorted(rows, key=_by_id):
        sessions.setdefault((row[1], row[2]), []).append(row)
    places = sorted(sessions, key=lambda key: (key[0], sessions[key][-1][0]), reverse=True)  # day, latest entry
    return [[to_entry(row) for row in sessions[key]] for key in places[:limit]], len(places) > limit
