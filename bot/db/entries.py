"""Repository: log entries. Every query is scoped by user id."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime

import aiosqlite

from bot.db.database import Database
from bot.logbook import Entry, NewEntry

_COLUMNS = "e.id, e.performed_on, e.variant, e.sets, e.reps, e.weight, e.unit, e.rpe, e.note, e.setup_id, s.description"
_FROM = "FROM entries e LEFT JOIN setups s ON s.id = e.setup_id"


def _entry(row: aiosqlite.Row) -> Entry:
    return Entry(
        id=row[0],
        performed_on=date.fromisoformat(row[1]),
        variant=row[2],
        sets=row[3],
        reps=row[4],
        weight=row[5],
        unit=row[6],
        rpe=row[7],
        note=row[8],
        setup_id=row[9],
        setup=row[10],
    )


async def insert_entry(
    conn: aiosqlite.Connection,
    user_id: int,
    entry: NewEntry,
    setup_id: int | None,
    interaction_id: int | None,
    when: datetime,
) -> int | None:
    """INSERT inside the caller's transaction; None when the interaction id is already stored."""
    cursor = await conn.execute(_INSERT, _insert_params(user_id, entry, setup_id, interaction_id, when))
    return cursor.lastrowid if cursor.rowcount == 1 else None


_INSERT = (
    "INSERT INTO entries (user_id, performed_on, variant, sets, reps, weight, unit, weight_kg,"
    " rpe, note, setup_id, created_at, interaction_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (interaction_id) DO NOTHING"
)


def _insert_params(
    user_id: int, entry: NewEntry, setup_id: int | None, interaction_id: int | None, when: datetime
) -> tuple[object, ...]:
    return (
        user_id, entry.performed_on.isoformat(), entry.variant, entry.sets, entry.reps,
        entry.weight, entry.unit, entry.weight_kg, entry.rpe, entry.note, setup_id,
        when.isoformat(), interaction_id,
    )  # fmt: skip


class EntriesRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        user_id: int,
        entry: NewEntry,
        *,
        setup_id: int | None,
        interaction_id: int | None,
        when: datetime,
    ) -> int | None:
        """Store one entry; None when this interaction was already stored (a redelivery)."""
        return await self._db.insert(_INSERT, _insert_params(user_id, entry, setup_id, interaction_id, when))

    async def get(self, user_id: int, entry_id: int) -> Entry | None:
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} {_FROM} WHERE e.user_id = ? AND e.id = ?", (user_id, entry_id)
        )
        return None if row is None else _entry(row)

    async def by_interaction(self, user_id: int, interaction_id: int) -> Entry | None:
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} {_FROM} WHERE e.user_id = ? AND e.interaction_id = ?", (user_id, interaction_id)
        )
        return None if row is None else _entry(row)

    async def latest(self, user_id: int) -> Entry | None:
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} {_FROM} WHERE e.user_id = ? ORDER BY e.performed_on DESC, e.id DESC LIMIT 1",
            (user_id,),
        )
        return None if row is None else _entry(row)

    async def delete(self, user_id: int, entry_id: int) -> bool:
        return await self._db.execute("DELETE FROM entries WHERE user_id = ? AND id = ?", (user_id, entry_id)) == 1

    async def last_working_load_kg(self, user_id: int, variant: str) -> float | None:
        """The heaviest load of the most recent day this variant was logged."""
        return await self._db.fetchval(
            "SELECT MAX(weight_kg) FROM entries WHERE user_id = ? AND variant = ? AND performed_on ="
            " (SELECT performed_on FROM entries WHERE user_id = ? AND variant = ?"
            "  ORDER BY performed_on DESC, id DESC LIMIT 1)",
            (user_id, variant, user_id, variant),
        )

    async def for_variant(self, user_id: int, variant: str, *, limit: int | None = None) -> list[Entry]:
        """Entries of one variant, oldest first (the last `limit` when given)."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} {_FROM} WHERE e.user_id = ? AND e.variant = ?"
            " ORDER BY e.performed_on DESC, e.id DESC LIMIT ?",
            (user_id, variant, -1 if limit is None else limit),
        )
        return [_entry(r) for r in reversed(rows)]

    async def earliest_other_variant(self, user_id: int, variant: str) -> Entry | None:
        """The user's first entry of any other variant (tells a new variant from a first log)."""
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} {_FROM} WHERE e.user_id = ? AND e.variant != ?"
            " ORDER BY e.performed_on, e.id LIMIT 1",
            (user_id, variant),
        )
        return None if row is None else _entry(row)

    async def session_page(
        self, user_id: int, variant: str | None, *, offset: int, limit: int
    ) -> tuple[list[list[Entry]], bool]:
        """Sessions (entries of one variant on one day), newest first; and whether more follow."""
        where = "e.user_id = ?" + (" AND e.variant = ?" if variant else "")
        params: tuple[object, ...] = (user_id, variant) if variant else (user_id,)
        keys = await self._db.fetchall(
            f"SELECT performed_on, variant FROM entries e WHERE {where} GROUP BY performed_on, variant"
            " ORDER BY performed_on DESC, MAX(id) DESC LIMIT ? OFFSET ?",
            (*params, limit + 1, offset),
        )
        more = len(keys) > limit
        keys = keys[:limit]
        if not keys:
            return [], False
        oldest = keys[-1][0]
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} {_FROM} WHERE {where} AND e.performed_on BETWEEN ? AND ? ORDER BY e.id",
            (*params, oldest, keys[0][0]),
        )
        grouped: dict[tuple[str, str], list[Entry]] = {(k[0], k[1]): [] for k in keys}
        for row in rows:
            key = (row[1], row[2])
            if key in grouped:
                grouped[key].append(_entry(row))
        return list(grouped.values()), more

    async def count(self, user_id: int) -> int:
        return int(await self._db.fetchval("SELECT COUNT(*) FROM entries WHERE user_id = ?", (user_id,)))

    async def stream(self, user_id: int, batch: int = 1000) -> AsyncIterator[list[Entry]]:
        """All of a user's entries, oldest first, in batches (for export)."""
        last_id = 0
        while True:
            rows = await self._db.fetchall(
                f"SELECT {_COLUMNS} {_FROM} WHERE e.user_id = ? AND e.id > ? ORDER BY e.id LIMIT ?",
                (user_id, last_id, batch),
            )
            if not rows:
                return
            entries = [_entry(r) for r in rows]
            last_id = entries[-1].id
            yield entries
