"""Entries the lifter removed from their log, remembered so that an import does not bring them back.

Which removals count: every entry the lifter deletes (from /history, /undo, or the Undo button
under a /log reply or a set logged in chat), and every edit that changes an entry's day, sets,
reps or weight (its form before the edit), whether the entry came from an import or from /log.
A file brings an entry back whatever wrote it first: a newer Strong or Hevy export holds every
old workout again, and this bot's own /export holds /log entries, so a /log entry deleted after
an /export came back with an import of that file just as an imported one did; and a lifter who
logs in Strong and in chat has the same set in both. One rule ("what you delete or edit is not
imported again") is also one the lifter can predict: /history does not show where an entry came
from. An edit of the RPE or the note alone removes no set (the match does not compare them).

What does not count: `/import undo`, which takes a whole import back (often to run it again with
another unit): it deletes its batch, and with it (by cascade) the removals of that batch's
entries, so running the import again brings everything back, the entries edited since in their
file version (undo deleted their edited one too). `/forgetme` deletes them all.

Kept: day, variant, sets, reps, weight and unit, what the match compares; no note, no RPE, no
time: what the lifter deleted is not kept beyond what stops it coming back. Not in /export (it
is not the lifter's log), and counted in /forgetme's answer.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.db import logbook_sql as sql
from bot.db.database import Queries, Row
from bot.imports import set_key, sets_removed
from bot.logbook.entries import NewEntry

_SHAPE = "performed_on, variant, sets, reps, weight, unit"


async def _remember(q: Queries, user_id: int, before: Row | tuple[object, ...]) -> None:
    """`before`: an entry's `_SHAPE` columns and its batch_id."""
    await q.execute(
        f"INSERT INTO removed_entries (user_id, {_SHAPE}, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (user_id, *before),
    )


async def delete_entry(q: Queries, user_id: int, entry_id: int) -> bool:
    """Delete an entry and remember it; False when it is not (or no longer) the user's."""
    gone = await q.fetchone(
        f"DELETE FROM entries WHERE user_id = ? AND id = ? RETURNING {_SHAPE}, batch_id", (user_id, entry_id)
    )
    if gone is None:
        return False
    await _remember(q, user_id, gone)
    return True


async def edit_entry(
    q: Queries, user_id: int, entry_id: int, entry: NewEntry, when: datetime, *, only_at: str | None = None
) -> bool:
    """`logbook_sql.edit_entry` (`only_at` as there), remembering what the entry was when its
    sets change; False when it is not (or no longer) the user's, or was edited since `only_at`."""
    lock = " FOR UPDATE" if q.dialect == "postgres" else ""  # SQLite runs one writer at a time
    before = await q.fetchone(
        f"SELECT {_SHAPE}, batch_id FROM entries WHERE user_id = ? AND id = ?" + lock, (user_id, entry_id)
    )
    if before is None or not await sql.edit_entry(q, user_id, entry_id, entry, when, only_at=only_at):
        return False
    day, variant, sets, reps, weight, unit, batch_id = before
    was = set_key(day, variant, reps, weight, unit)
    now = set_key(entry.performed_on, variant, entry.reps, entry.weight, entry.unit)  # an edit keeps the variant
    removed = sets_removed(was, int(sets), now, entry.sets)
    if removed:
        await _remember(q, user_id, (day, variant, removed, reps, weight, unit, batch_id))
    return True


async def removed_rows(q: Queries, user_id: int, first: date, last: date) -> list[Row]:
    """The sets the user removed on the days from `first` to `last`, as rows for `count_sets`."""
    return await q.fetchall(
        f"SELECT {_SHAPE} FROM removed_entries WHERE user_id = ? AND performed_on BETWEEN ? AND ?",
        (user_id, first.isoformat(), last.isoformat()),
    )
