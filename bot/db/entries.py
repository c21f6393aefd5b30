"""Repository: log entries. Every query is scoped by user id (the SQL is in logbook_sql.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from functools import partial

import aiosqlite

from bot.db import logbook_sql as sql
from bot.db.database import Database
from bot.logbook import Entry, NewEntry


async def insert_entry(
    conn: aiosqlite.Connection,
    user_id: int,
    entry: NewEntry,
    setup_id: int | None,
    interaction_id: int | None,
    when: datetime,
) -> int | None:
    """INSERT inside the caller's transaction; None when the interaction id is already stored."""
    cursor = await conn.execute(sql.INSERT, sql.insert_params(user_id, entry, setup_id, interaction_id, when))
    return cursor.lastrowid if cursor.rowcount == 1 else None


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
        return await self._db.insert(sql.INSERT, sql.insert_params(user_id, entry, setup_id, interaction_id, when))

    async def get(self, user_id: int, entry_id: int) -> Entry | None:
        row = await self._db.fetchone(
            f"SELECT {sql.COLUMNS} {sql.FROM} WHERE e.user_id = ? AND e.id = ?", (user_id, entry_id)
        )
        return None if row is None else sql.to_entry(row)

    async def by_interaction(self, user_id: int, interaction_id: int) -> Entry | None:
        row = await self._db.fetchone(
            f"SELECT {sql.COLUMNS} {sql.FROM} WHERE e.user_id = ? AND e.interaction_id = ?", (user_id, interaction_id)
        )
        return None if row is None else sql.to_entry(row)

    async def latest(self, user_id: int) -> Entry | None:
        return await self._db.run(partial(sql.latest, user_id=user_id))

    async def delete(self, user_id: int, entry_id: int) -> bool:
        return await self._db.execute("DELETE FROM entries WHERE user_id = ? AND id = ?", (user_id, entry_id)) == 1

    async def last_working_load_kg(self, user_id: int, variant: str) -> float | None:
        """The heaviest load of the most recent day this variant was logged."""
        return await self._db.run(partial(sql.last_working_load_kg, user_id=user_id, variant=variant))

    async def for_variant(self, user_id: int, variant: str, *, limit: int | None = None) -> list[Entry]:
        """Entries of one variant, oldest first (the last `limit` when given)."""
        return await self._db.run(partial(sql.for_variant, user_id=user_id, variant=variant, limit=limit))

    async def earliest_other_variant(self, user_id: int, variant: str) -> Entry | None:
        """The user's first entry of any other variant (tells a new variant from a first log)."""
        return await self._db.run(partial(sql.earliest_other_variant, user_id=user_id, variant=variant))

    async def session_page(
        self, user_id: int, variant: str | None, *, offset: int, limit: int
    ) -> tuple[list[list[Entry]], bool]:
        """Sessions (entries of one variant on one day), newest first; and whether more follow.

        Both of its queries run in one trip to the database thread."""
        return await self._db.run(
            partial(sql.session_page, user_id=user_id, variant=variant, offset=offset, limit=limit)
        )

    async def count(self, user_id: int) -> int:
        return int(await self._db.fetchval("SELECT COUNT(*) FROM entries WHERE user_id = ?", (user_id,)))

    async def stream(self, user_id: int, batch: int = 1000) -> AsyncIterator[list[Entry]]:
        """All of a user's entries, oldest first, in batches (for export)."""
        last_id = 0
        while True:
            rows = await self._db.fetchall(
                f"SELECT {sql.COLUMNS} {sql.FROM} WHERE e.user_id = ? AND e.id > ? ORDER BY e.id LIMIT ?",
                (user_id, last_id, batch),
            )
            if not rows:
                return
            entries = [sql.to_entry(r) for r in rows]
            last_id = entries[-1].id
            yield entries
