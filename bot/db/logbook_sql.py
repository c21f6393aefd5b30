"""The logbook's queries, each defined once, on any `Queries`: the database, a transaction or a job's.

The repositories call them on the database, and the logbook jobs (logbook_jobs.py) combine
several in one `Database.run`, which on SQLite costs one trip from the event loop. Every query
is scoped by user id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from operator import attrgetter, itemgetter
from typing import Any

from bot.db import recent
from bot.db.database import Params, Queries, Row, columns_shape
from bot.db.migrations import Dialect
from bot.logbook.edits import SessionLoad
from bot.logbook.entries import Entry, NewEntry, Preferences
from bot.logbook.posts import SharedPost
from bot.logbook.sessions import LoggedEntry
from bot.logbook.units import to_kg

COLUMNS = (
    "e.id, e.performed_on, e.variant, e.sets, e.reps, e.weight, e.unit, e.rpe, e.note, e.setup_id, s.description,"
    " e.edited_at"
)
# The columns that can hold a REAL (see Queries.fetchall_packed; tests/db/test_packed.py checks
# them against the schema).
WIDTH, REALS = columns_shape(COLUMNS, {"e.weight", "e.rpe"})
FROM = "FROM entries e LEFT JOIN setups s ON s.id = e.setup_id"
# What the nudge engine reads of an entry (`LoggedEntry`): no note, setup name or edit time, so
# its reads need no join (every /log and /nudge reads a dozen sessions).
ENGINE_COLUMNS = "e.id, e.performed_on, e.variant, e.sets, e.reps, e.weight, e.unit, e.rpe, e.setup_id"
ENGINE_WIDTH, ENGINE_REALS = columns_shape(ENGINE_COLUMNS, {"e.weight", "e.rpe"})
PREF_COLUMNS = ("unit", "rep_low", "rep_high", "increment_kg", "timezone", "share_logs", "current_setup_id")
INSERT = (
    "INSERT INTO entries (user_id, performed_on, variant, sets, reps, weight, unit, weight_kg,"
    " rpe, note, setup_id, created_at, interaction_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (interaction_id) DO NOTHING RETURNING id"
)


def indexed_by(index: str, dialect: Dialect) -> str:
    """The clause that makes SQLite read through `index` (it has no statistics to choose by);
    nothing on PostgreSQL, whose planner has them."""
    return f" INDEXED BY {index}" if dialect == "sqlite" else ""


def to_entry(row: Sequence[Any] | Row) -> Entry:
    """A row of `COLUMNS` as an Entry (by position, in Entry's field order: a /history page
    makes ~25, and keywords cost a quarter more)."""
    return Entry.read_back(
        date.fromisoformat(row[1]), row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[0], row[9], row[10],
        datetime.fromisoformat(row[11]) if row[11] else None,
    )  # fmt: skip


def to_logged(row: Sequence[Any] | Row) -> LoggedEntry:
    """A row of `ENGINE_COLUMNS` as the nudge engine reads it. The nudge's reads decode straight
    to this: every /log and /nudge decodes its whole history, and an Entry in between doubled that."""
    weight, unit = row[5], row[6]
    return LoggedEntry(
        date.fromisoformat(row[1]), row[2], row[8], weight, unit, to_kg(weight, unit), row[4], row[3], row[7], row[0]
    )


# How the nudge engine reads a history: by day, then in logged order (in C: each nudge's history
# of ~25 entries is sorted once or twice).
engine_order = attrgetter("day", "entry_id")
_by_id = itemgetter(0)  # a row of COLUMNS by its entry id: in logged order


def insert_params(
    user_id: int, entry: NewEntry, setup_id: int | None, interaction_id: int | None, when: datetime
) -> tuple[object, ...]:
    return (
        user_id, entry.performed_on.isoformat(), entry.variant, entry.sets, entry.reps,
        entry.weight, entry.unit, entry.weight_kg, entry.rpe, entry.note, setup_id,
        when.isoformat(), interaction_id,
    )  # fmt: skip


async def insert_entry(
    q: Queries, user_id: int, entry: NewEntry, setup_id: int | None, interaction_id: int | None, when: datetime
) -> int | None:
    """Store one entry; None when the interaction id is already stored (a redelivery)."""
    return await q.insert(INSERT, insert_params(user_id, entry, setup_id, interaction_id, when))


async def preferences(q: Queries, user_id: int) -> Preferences:
    row = await q.fetchone(f"SELECT {', '.join(PREF_COLUMNS)} FROM users WHERE user_id = ?", (user_id,))
    return Preferences() if row is None else _to_preferences(row)


def _to_preferences(row: Sequence[Any] | Row) -> Preferences:
    values = dict(zip(PREF_COLUMNS, row, strict=True))
    values["share_logs"] = bool(values["share_logs"])
    return Preferences(**values)


# What a statement that reads the preferences with something else selects first (`users u`, joined
# to a row that is there whether the user has settings or not), read back by `_leading_preferences`;
# what else it selects starts at `_AFTER_PREFS`.
_LEADING_PREFS = f"u.user_id IS NOT NULL, {', '.join(f'u.{c}' for c in PREF_COLUMNS)}"
_AFTER_PREFS = 1 + len(PREF_COLUMNS)

_PREFS_MARKED = (
    f"SELECT {_LEADING_PREFS}, {recent.MARK_COLUMNS}"
    f" FROM (SELECT ? AS user_id) k LEFT JOIN users u ON u.user_id = k.user_id {recent.MARK_JOIN}"
)


async def preferences_marked(q: Queries, user_id: int) -> tuple[Preferences, recent.Mark]:
    """The preferences, and the lifter's mark on the writing connection (`bot.db.recent`), in one
    statement: SQLite's writing connection only, where the marks live."""
    row = await q.fetchone(_PREFS_MARKED, (user_id,))
    assert row is not None  # one row, whether the user has settings or not
    return _leading_preferences(row), recent.Mark(row[_AFTER_PREFS], row[_AFTER_PREFS + 1])


def _leading_preferences(row: Sequence[Any] | Row) -> Preferences:
    """The preferences a row begins with (`_LEADING_PREFS`): the defaults when the user has no
    settings."""
    return _to_preferences(row[1:_AFTER_PREFS]) if row[0] else Preferences()


async def _one_entry(q: Queries, sql: str, params: Params) -> Entry | None:
    row = await q.fetchone(sql, params)
    return None if row is None else to_entry(row)


async def get(q: Queries, user_id: int, entry_id: int) -> Entry | None:
    return await _one_entry(q, f"SELECT {COLUMNS} {FROM} WHERE e.user_id = ? AND e.id = ?", (user_id, entry_id))


async def by_interaction(q: Queries, user_id: int, interaction_id: int) -> Entry | None:
    return await _one_entry(
        q, f"SELECT {COLUMNS} {FROM} WHERE e.user_id = ? AND e.interaction_id = ?", (user_id, interaction_id)
    )


async def latest(q: Queries, user_id: int) -> Entry | None:
    return await _one_entry(
        q, f"SELECT {COLUMNS} {FROM} WHERE e.user_id = ? ORDER BY e.performed_on DESC, e.id DESC LIMIT 1", (user_id,)
    )


# The entry stored last, whatever day it was logged for: ids are never reused (migration 0008),
# so the largest is the newest. Imports are left out: `/import undo` takes one back whole, and an
# import's entries were done when the file says, not when it was imported. The max is the last
# key of the lifter's range in the partial index entries_logged (migration 0012): keep
# `batch_id IS NULL` as it is, since SQLite uses a partial index only where the query states its
# condition.
_MAX_LOGGED_ID = "(SELECT max(id) FROM entries WHERE user_id = ? AND batch_id IS NULL)"
_LAST_LOGGED = f"SELECT {COLUMNS} {FROM} WHERE e.user_id = ? AND e.id = {_MAX_LOGGED_ID}"
# The last entry of the lifter's latest import (a batch's entries come in one go, after its
# earlier batches'): through import_batches_by_user and entries_by_batch, not all their entries.
_LAST_IMPORTED = (
    "SELECT max(id) FROM entries WHERE batch_id = (SELECT max(id) FROM import_batches WHERE user_id = ?)"
)


# The preferences and the variant of the entry logged last (found as `_LAST_LOGGED` finds it), in
# one statement: its one row comes from `(SELECT 1)`, whether the user has settings or not. Not from
# `(SELECT ? AS user_id)`, as `_PREFS_MARKED`'s does (it runs on SQLite only): PostgreSQL reads a
# bare parameter as text, and `bigint = text` is an error there.
_PREFS_LAST_VARIANT = (
    f"SELECT {_LEADING_PREFS}, (SELECT variant FROM entries WHERE user_id = ? AND id = {_MAX_LOGGED_ID})"
    " FROM (SELECT 1) one LEFT JOIN users u ON u.user_id = ?"
)


async def preferences_and_last_variant(q: Queries, user_id: int) -> tuple[Preferences, str | None]:
    """The preferences, and the variant of the entry logged last (`entry_logged_last`; None when
    the lifter logged none), in one statement."""
    row = await q.fetchone(_PREFS_LAST_VARIANT, (user_id, user_id, user_id))
    assert row is not None  # one row, whether the user has settings or not
    return _leading_preferences(row), row[_AFTER_PREFS]


async def entry_logged_last(q: Queries, user_id: int) -> Entry | None:
    """The entry the lifter logged last (with /log, a chat line or a reminder's Log form), by
    when it was stored, not by its date; imports left out."""
    return await _one_entry(q, _LAST_LOGGED, (user_id, user_id))


async def last_logged(q: Queries, user_id: int) -> tuple[Entry | None, bool]:
    """What /undo offers: the entry logged last (`entry_logged_last`), and whether an import was stored after it."""
    entry = await entry_logged_last(q, user_id)
    imported = await q.fetchval(_LAST_IMPORTED, (user_id,))
    return entry, imported is not None and (entry is None or int(imported) > entry.id)


async def shared_post(q: Queries, user_id: int, entry_id: int) -> SharedPost | None:
    """Where the entry was posted in a server channel, if it was (entry_posts)."""
    row = await q.fetchone(
        "SELECT p.guild_id, p.channel_id, p.message_id FROM entry_posts p JOIN entries e ON e.id = p.entry_id"
        " WHERE e.user_id = ? AND e.id = ?",
        (user_id, entry_id),
    )
    return None if row is None else SharedPost(int(row[0]), int(row[1]), int(row[2]))


_EDIT = (
    "UPDATE entries SET performed_on = ?, sets = ?, reps = ?, weight = ?, unit = ?, weight_kg = ?, rpe = ?,"
    " note = ?, edited_at = ? WHERE user_id = ? AND id = ?"
)


# The condition that an edit goes ahead only where the entry was not edited since `edit_stamp` was
# read (a delete reads and deletes under one lock: `entries._delete_told`). coalesce, not "IS":
# PostgreSQL has no "IS" between two values.
UNEDITED_SINCE = " AND coalesce(edited_at, '') = ?"


def edit_stamp(entry: Entry) -> str:
    """What an entry's edited_at reads as stored ("" when never edited): an edit sets it to the
    clock's microsecond, so an unchanged stamp means no edit since it was read."""
    return "" if entry.edited_at is None else entry.edited_at.isoformat()


async def edit_entry(
    q: Queries, user_id: int, entry_id: int, entry: NewEntry, when: datetime, *, only_at: str | None = None
) -> bool:
    """Replace an entry's numbers, note and date, keeping its id, variant, setup and import batch;
    False when it is not (or no longer) the user's, or, given `only_at` (an `edit_stamp`), when
    it was edited since that stamp was read."""
    sql = _EDIT
    params: tuple[object, ...] = (
        entry.performed_on.isoformat(), entry.sets, entry.reps, entry.weight, entry.unit, entry.weight_kg,
        entry.rpe, entry.note, when.isoformat(), user_id, entry_id,
    )  # fmt: skip
    if only_at is not None:
        sql, params = sql + UNEDITED_SINCE, (*params, only_at)
    return await q.execute(sql, params) == 1


_NEAR = (
    "SELECT performed_on, max(weight_kg) FROM entries WHERE user_id = ? AND variant = ? AND id <> ?"
    " AND performed_on {side} ? GROUP BY performed_on ORDER BY performed_on {order} LIMIT 1"
)


async def load_near(q: Queries, user_id: int, entry: Entry, day: date) -> SessionLoad | None:
    """The heaviest load of the session of `entry`'s variant nearest `day` among the lifter's
    other entries: the last one on or before it (that day's other sets included, as /log counts
    the sets logged before it that day), else the first after it (an edit of the first session);
    None when the entry is the variant's only one. Why these: `bot.logbook.edits.edit_asks_first`."""
    for side, order in (("<=", "DESC"), (">", "ASC")):
        row = await q.fetchone(
            _NEAR.format(side=side, order=order), (user_id, entry.variant, entry.id, day.isoformat())
        )
        if row is not None:
            return SessionLoad(date.fromisoformat(row[0]), float(row[1]))
    return None


def newest_days(where: str) -> str:
    """Entries of the newest `?` + 1 days the scope `where` was logged on (all, if fewer)."""
    return (
        f"performed_on >= coalesce((SELECT DISTINCT performed_on FROM entries WHERE {where}"
        " ORDER BY performed_on DESC LIMIT 1 OFFSET ?), '')"
    )


_VARIANT = f"SELECT {ENGINE_COLUMNS} FROM entries e WHERE e.user_id = ? AND e.variant = ?"


async def logged_for_variant(q: Queries, user_id: int, variant: str) -> list[LoggedEntry]:
    """Every entry of one variant, oldest first, as the engine reads them (for /progress)."""
    rows = await q.fetchall_packed(_VARIANT, (user_id, variant), ENGINE_WIDTH, ENGINE_REALS)
    return sorted(map(to_logged, rows), key=engine_order)


async def last_sessions(q: Queries, user_id: int, variant: str, sessions: int) -> list[LoggedEntry]:
    """Every entry of the last `sessions` days `variant` was logged on (whole sessions), oldest
    first, as the engine reads them."""
    if sessions < 1:
        raise ValueError("sessions must be at least 1")
    sql = f"{_VARIANT} AND e.{newest_days('user_id = ? AND variant = ?')}"
    rows = await q.fetchall_packed(sql, (user_id, variant, user_id, variant, sessions - 1), ENGINE_WIDTH, ENGINE_REALS)
    return sorted(map(to_logged, rows), key=engine_order)


async def earliest_other_variant(q: Queries, user_id: int, variant: str) -> LoggedEntry | None:
    """The user's first entry of any other variant, as the engine reads it (tells a new variant
    from a first log)."""
    row = await q.fetchone(
        f"SELECT {ENGINE_COLUMNS} FROM entries e WHERE e.user_id = ? AND e.variant != ? ORDER BY e.performed_on, e.id"
        " LIMIT 1",
        (user_id, variant),
    )
    return None if row is None else to_logged(row)
