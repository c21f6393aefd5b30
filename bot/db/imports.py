"""Repository: imports waiting for a click, and import batches. Every query is scoped by user id."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from bot.db import setups_sql
from bot.db.database import Database, Queries, Row, Transaction
from bot.db.removed import removed_rows
from bot.db.users import lock_user
from bot.imports import ImportedEntry, Known, LeftOut, Split, count_sets, split_known
from bot.logbook.entries import setup_key
from bot.logbook.units import to_kg
from bot.operations import gc_pause

# Row locks where the SQL dialect has them (SQLite serialises writers instead).
_FOR_UPDATE = {"sqlite": "", "postgres": " FOR UPDATE"}
_INSERT_ENTRY = (
    "INSERT INTO entries (user_id, performed_on, variant, sets, reps, weight, unit, weight_kg, rpe, note,"
    " setup_id, created_at, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class BatchInfo:
    """One import as /import undo shows it."""

    id: int
    source: str
    created_at: datetime
    entries: int
    first_day: date | None
    last_day: date | None
    edited: int = 0  # of `entries`, how many the lifter edited since (undo removes them too)


@dataclass(frozen=True)
class Stored:
    """What an Import did: the batch (None when every entry was already in the log), and counts."""

    batch_id: int | None
    stored: int
    left_out: LeftOut
    already: bool = False  # this Import had been pressed before: nothing more was stored


# Entries per json call. json's C code holds the GIL for the whole of a call, so even in a worker
# thread one call on 50,000 entries (2.7 MB; 14 MB of escaped emoji notes) held the event loop
# 40-160 ms; a call on 100 takes well under a millisecond, and the loop gets the GIL between calls.
JSON_CHUNK = 100


def _encode(entries: Sequence[ImportedEntry]) -> str:
    """The pending row's payload: one JSON array of the entries as arrays, written in chunks."""
    rows = [[e.performed_on.isoformat(), e.variant, e.sets, e.reps, e.weight, e.unit, e.rpe, e.note, e.setup]
            for e in entries]  # fmt: skip
    chunks = range(0, len(rows), JSON_CHUNK)
    return "[" + ",".join(json.dumps(rows[at : at + JSON_CHUNK], separators=(",", ":"))[1:-1] for at in chunks) + "]"


def _rows(payload: str) -> Iterator[list[Any]]:
    """The arrays of an `_encode` payload, one json call each (see `JSON_CHUNK`)."""
    decoder, at, end = json.JSONDecoder(), 1, len(payload) - 1
    while at < end:  # `_encode` writes no spaces: an array, then a comma before the next
        row, at = decoder.raw_decode(payload, at)
        yield row
        at += 1


def _decode(payload: str) -> list[ImportedEntry]:
    fields = ("variant", "sets", "reps", "weight", "unit", "rpe", "note", "setup")
    return [
        ImportedEntry(performed_on=date.fromisoformat(row[0]), **dict(zip(fields, row[1:], strict=True)))
        for row in _rows(payload)
    ]


# The sets an import of some days treats as there: in the log, and removed from it (as rows).
KnownRows = tuple[list[Row], list[Row]]


async def _known_rows(q: Queries, user_id: int, first: date, last: date) -> KnownRows:
    """The sets an import of days `first` to `last` treats as there, as rows for `_counted`."""
    logged = await q.fetchall(
        "SELECT performed_on, variant, sets, reps, weight, unit FROM entries"
        " WHERE user_id = ? AND performed_on BETWEEN ? AND ?",
        (user_id, first.isoformat(), last.isoformat()),
    )
    return logged, await removed_rows(q, user_id, first, last)


def _counted(rows: KnownRows) -> Known:
    """`_known_rows` counted by key: CPU work on up to all of a log's entries (call it in a thread)."""
    logged, removed = rows
    return Known(count_sets(logged), count_sets(removed))


def _split(entries: Sequence[ImportedEntry], rows: KnownRows) -> Split:
    return split_known(entries, _counted(rows))


async def _setup_ids(tx: Transaction, user_id: int, texts: set[str], when: datetime) -> dict[str, int]:
    """The user's setups by description, creating those an imported export names but the log
    lacks; a description is the setup whose words it has (`setup_key`), as in /setup."""
    known = await setups_sql.setups_by_key(tx, user_id)
    for text in sorted(texts):
        if setup_key(text) not in known:
            known[setup_key(text)] = await setups_sql.add_setup(tx, user_id, text, when)
    return {text: known[setup_key(text)] for text in texts}


async def _store(
    tx: Transaction, user_id: int, source: str, entries: Sequence[ImportedEntry], when: datetime,
    interaction_id: int | None,
) -> Stored:  # fmt: skip
    """Inside the caller's transaction: leave out what the log already holds, store the rest as one batch."""
    if not entries:
        return Stored(None, 0, LeftOut())
    days = [e.performed_on for e in entries]
    # Up to 50,000 entries (bot.imports.MAX_ROWS): what is CPU work here runs off the event loop.
    split = await asyncio.to_thread(_split, entries, await _known_rows(tx, user_id, min(days), max(days)))
    fresh = split.fresh
    if not fresh:
        return Stored(None, 0, split.left_out)
    batch_id = int(
        await tx.fetchval(
            "INSERT INTO import_batches (user_id, source, created_at, interaction_id) VALUES (?, ?, ?, ?) RETURNING id",
            (user_id, source, when.isoformat(), interaction_id),
        )
    )
    setups = await _setup_ids(tx, user_id, {e.setup for e in fresh if e.setup}, when)
    rows = await asyncio.to_thread(_entry_rows, user_id, fresh, setups, when, batch_id)
    await tx.executemany(_INSERT_ENTRY, rows)
    return Stored(batch_id, len(fresh), split.left_out)


def _entry_rows(
    user_id: int, entries: Sequence[ImportedEntry], setups: dict[str, int], when: datetime, batch_id: int
) -> list[tuple[object, ...]]:
    """`_INSERT_ENTRY`'s parameters for each entry of a batch."""
    return [
        (user_id, e.performed_on.isoformat(), e.variant, e.sets, e.reps, e.weight, e.unit, to_kg(e.weight, e.unit),
         e.rpe, e.note, setups.get(e.setup) if e.setup else None, when.isoformat(), batch_id)
        for e in entries
    ]  # fmt: skip


async def _imported(q: Queries, interaction_id: int, user_id: int) -> Stored | None:
    """The batch the preview `interaction_id`'s Import made, with its entries now, as `already`."""
    done = await q.fetchone(
        "SELECT b.id, COUNT(e.id) FROM import_batches b LEFT JOIN entries e ON e.batch_id = b.id"
        " WHERE b.interaction_id = ? AND b.user_id = ? GROUP BY b.id",
        (interaction_id, user_id),
    )
    return None if done is None else Stored(int(done[0]), int(done[1]), LeftOut(), already=True)


# A user's imports with their entries counted, by id (a caller adds the direction, and a limit).
_BATCHES = (
    "SELECT b.id, b.source, b.created_at, COUNT(e.id), MIN(e.performed_on), MAX(e.performed_on),"
    " COUNT(e.edited_at) FROM import_batches b LEFT JOIN entries e ON e.batch_id = b.id"
    " WHERE b.user_id = ? GROUP BY b.id ORDER BY b.id"
)


def _batch(row: Row) -> BatchInfo:
    return BatchInfo(
        id=int(row[0]), source=str(row[1]), created_at=datetime.fromisoformat(row[2]), entries=int(row[3]),
        first_day=date.fromisoformat(row[4]) if row[4] else None,
        last_day=date.fromisoformat(row[5]) if row[5] else None, edited=int(row[6]),
    )  # fmt: skip


class ImportsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def known(self, user_id: int, first: date, last: date) -> Known:
        """The sets in the user's log between two days, and those they removed, by key (for `split_known`)."""
        rows = await self._db.run(partial(_known_rows, user_id=user_id, first=first, last=last))
        return await asyncio.to_thread(_counted, rows)  # up to all of the log's entries: off the event loop

    async def put_pending(
        self, interaction_id: int, user_id: int, source: str, entries: Sequence[ImportedEntry], expires_at: datetime
    ) -> None:
        payload = await asyncio.to_thread(_encode, entries)  # up to 50,000 entries: off the event loop
        await self._db.execute(
            "INSERT INTO pending_imports (interaction_id, user_id, source, payload, expires_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (interaction_id) DO NOTHING",
            (interaction_id, user_id, source, payload, expires_at.isoformat()),
        )

    async def discard_pending(self, interaction_id: int, user_id: int) -> bool:
        deleted = await self._db.execute(
            "DELETE FROM pending_imports WHERE interaction_id = ? AND user_id = ?", (interaction_id, user_id)
        )
        return deleted == 1

    async def purge_expired(self, now: datetime) -> int:
        return await self._db.execute("DELETE FROM pending_imports WHERE expires_at <= ?", (now.isoformat(),))

    async def confirm(self, interaction_id: int, user_id: int, when: datetime) -> Stored | None:
        """Import a pending preview, once; None when it expired, was cancelled or is someone else's."""
        # Up to 50,000 entries are read back, counted and stored: paused, the collector walks none of
        # them, and `_confirm` drops them before it resumes (see gc_pause).
        with gc_pause.paused():
            return await self._confirm(interaction_id, user_id, when)

    async def _confirm(self, interaction_id: int, user_id: int, when: datetime) -> Stored | None:
        async with self._db.transaction() as tx:
            # One import of the user's at a time: two previews of one file imported at once each
            # read the log before the other stored it, and both stored the file.
            await lock_user(tx, user_id)
            # The pending row first, locked where transactions overlap (PostgreSQL; SQLite runs one
            # writer at a time): a second press waits here for the first to commit, then finds the
            # row gone and the batch made, and answers "already imported".
            pending = await tx.fetchone(
                "SELECT source, payload FROM pending_imports"
                " WHERE interaction_id = ? AND user_id = ? AND expires_at > ?" + _FOR_UPDATE[tx.dialect],
                (interaction_id, user_id, when.isoformat()),
            )
            done = await _imported(tx, interaction_id, user_id)
            if done is not None:
                return done
            if pending is None:
                return None
            entries = await asyncio.to_thread(_decode, pending[1])
            stored = await _store(tx, user_id, str(pending[0]), entries, when, interaction_id)
            await tx.execute("DELETE FROM pending_imports WHERE interaction_id = ?", (interaction_id,))
            return stored

    async def imported(self, interaction_id: int, user_id: int) -> Stored | None:
        """The import the preview `interaction_id` made (`already`), or None when it made none."""
        return await _imported(self._db, interaction_id, user_id)

    async def latest(self, user_id: int) -> BatchInfo | None:
        row = await self._db.fetchone(_BATCHES + " DESC LIMIT 1", (user_id,))
        return None if row is None else _batch(row)

    async def batches(self, user_id: int) -> list[BatchInfo]:
        """Every import of the user's still stored, oldest first (what /export names)."""
        return [_batch(row) for row in await self._db.fetchall(_BATCHES, (user_id,))]

    async def delete(self, user_id: int, batch_id: int) -> int | None:
        """Remove a batch and (by cascade) its entries, and the setups it added that nothing uses
        now; how many entries went, or None if it was not there."""
        async with self._db.transaction() as tx:
            batch = await tx.fetchone(
                "SELECT b.created_at, COUNT(e.id) FROM import_batches b LEFT JOIN entries e ON e.batch_id = b.id"
                " WHERE b.id = ? AND b.user_id = ? GROUP BY b.id",
                (batch_id, user_id),
            )
            if batch is None or await tx.execute("DELETE FROM import_batches WHERE id = ?", (batch_id,)) != 1:
                return None
            added, count = batch
            # An import of this bot's export adds the setups it names and the log lacks, in its own
            # transaction and at its time (`_setup_ids`): those no entry and no setting use now go too.
            await tx.execute(
                "DELETE FROM setups WHERE user_id = ? AND created_at = ?"
                " AND id NOT IN (SELECT setup_id FROM entries WHERE user_id = ? AND setup_id IS NOT NULL)"
                " AND id NOT IN (SELECT current_setup_id FROM users"
                " WHERE user_id = ? AND current_setup_id IS NOT NULL)",
                (user_id, added, user_id, user_id),
            )
            return int(count or 0)
