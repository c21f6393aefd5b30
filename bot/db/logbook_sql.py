"""The logbook's queries as plain functions on a sqlite3 connection, for `Database.run` jobs.

A job runs on the database thread, so several of these cost one trip from the event loop
(see `Database.run`); the repositories and the combined reads in logbook_reads.py share them.
Every query is scoped by user id.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from bot.logbook import Entry, NewEntry, Preferences

COLUMNS = "e.id, e.performed_on, e.variant, e.sets, e.reps, e.weight, e.unit, e.rpe, e.note, e.setup_id, s.description"
FROM = "FROM entries e LEFT JOIN setups s ON s.id = e.setup_id"
PREF_COLUMNS = ("unit", "rep_low", "rep_high", "increment_kg", "timezone", "share_logs", "current_setup_id")
INSERT = (
    "INSERT INTO entries (user_id, performed_on, variant, sets, reps, weight, unit, weight_kg,"
    " rpe, note, setup_id, created_at, interaction_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (interaction_id) DO NOTHING"
)


def to_entry(row: sqlite3.Row) -> Entry:
    """A row of `COLUMNS` as an Entry."""
    return Entry(
        id=row[0], performed_on=date.fromisoformat(row[1]), variant=row[2], sets=row[3], reps=row[4],
        weight=row[5], unit=row[6], rpe=row[7], note=row[8], setup_id=row[9], setup=row[10],
    )  # fmt: skip


def insert_params(
    user_id: int, entry: NewEntry, setup_id: int | None, interaction_id: int | None, when: datetime
) -> tuple[object, ...]:
    return (
        user_id, entry.performed_on.isoformat(), entry.variant, entry.sets, entry.reps,
        entry.weight, entry.unit, entry.weight_kg, entry.rpe, entry.note, setup_id,
        when.isoformat(), interaction_id,
    )  # fmt: skip


def insert_entry(conn: sqlite3.Connection, user_id: int, entry: NewEntry, setup_id: int | None,
                 interaction_id: int | None, when: datetime) -> int | None:
    """Store one entry; None when the interaction id is already stored (a redelivery)."""
    cursor = conn.execute(INSERT, insert_params(user_id, entry, setup_id, interaction_id, when))
    return cursor.lastrowid if cursor.rowcount == 1 else None


def preferences(conn: sqlite3.Connection, user_id: int) -> Preferences:
    row = conn.execute(f"SELECT {', '.join(PREF_COLUMNS)} FROM users WHERE user_id = ?", (user_id,)).fetchone()
    if row is None:
        return Preferences()
    values = dict(zip(PREF_COLUMNS, row, strict=True))
    values["share_logs"] = bool(values["share_logs"])
    return Preferences(**values)


def latest(conn: sqlite3.Connection, user_id: int) -> Entry | None:
    row = conn.execute(
        f"SELECT {COLUMNS} {FROM} WHERE e.user_id = ? ORDER BY e.performed_on DESC, e.id DESC LIMIT 1", (user_id,)
    ).fetchone()
    return None if row is None else to_entry(row)


def last_working_load_kg(conn: sqlite3.Connection, user_id: int, variant: str) -> float | None:
    """The heaviest load of the most recent day this variant was logged."""
    row = conn.execute(
        "SELECT MAX(weight_kg) FROM entries WHERE user_id = ? AND variant = ? AND performed_on ="
        " (SELECT performed_on FROM entries WHERE user_id = ? AND variant = ?"
        "  ORDER BY performed_on DESC, id DESC LIMIT 1)",
        (user_id, variant, user_id, variant),
    ).fetchone()
    return None if row is None else row[0]


def for_variant(conn: sqlite3.Connection, user_id: int, variant: str, limit: int | None = None) -> list[Entry]:
    """Entries of one variant, oldest first (the last `limit` when given)."""
    rows = conn.execute(
        f"SELECT {COLUMNS} {FROM} WHERE e.user_id = ? AND e.variant = ?"
        " ORDER BY e.performed_on DESC, e.id DESC LIMIT ?",
        (user_id, variant, -1 if limit is None else limit),
    ).fetchall()
    return [to_entry(r) for r in reversed(rows)]


def earliest_other_variant(conn: sqlite3.Connection, user_id: int, variant: str) -> Entry | None:
    """The user's first entry of any other variant (tells a new variant from a first log)."""
    row = conn.execute(
        f"SELECT {COLUMNS} {FROM} WHERE e.user_id = ? AND e.variant != ? ORDER BY e.performed_on, e.id LIMIT 1",
        (user_id, variant),
    ).fetchone()
    return None if row is None else to_entry(row)


def session_page(
    conn: sqlite3.Connection, user_id: int, variant: str | None, offset: int, limit: int
) -> tuple[list[list[Entry]], bool]:
    """Sessions (entries of one variant on one day), newest first; and whether more follow."""
    where = "e.user_id = ?" + (" AND e.variant = ?" if variant else "")
    params: tuple[object, ...] = (user_id, variant) if variant else (user_id,)
    keys = conn.execute(
        f"SELECT performed_on, variant FROM entries e WHERE {where} GROUP BY performed_on, variant"
        " ORDER BY performed_on DESC, MAX(id) DESC LIMIT ? OFFSET ?",
        (*params, limit + 1, offset),
    ).fetchall()
    more = len(keys) > limit
    keys = keys[:limit]
    if not keys:
        return [], False
    rows = conn.execute(
        f"SELECT {COLUMNS} {FROM} WHERE {where} AND e.performed_on BETWEEN ? AND ? ORDER BY e.id",
        (*params, keys[-1][0], keys[0][0]),
    ).fetchall()
    grouped: dict[tuple[str, str], list[Entry]] = {(k[0], k[1]): [] for k in keys}
    for row in rows:
        key = (row[1], row[2])
        if key in grouped:
            grouped[key].append(to_entry(row))
    return list(grouped.values()), more
