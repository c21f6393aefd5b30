"""Repository: a lifter's preferences and setups."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from bot.db import logbook_sql as sql
from bot.db.database import Database, Queries
from bot.logbook.entries import Preferences, setup_key

# What save_preferences writes: the current setup is /setup's to change (set_setup, clear_setup).
# /settings saves the preferences it read before checking its options, and writing that setup back
# undid a /setup handled in between.
_SAVED_COLUMNS = tuple(column for column in sql.PREF_COLUMNS if column != "current_setup_id")


async def lock_user(q: Queries, user_id: int) -> None:
    """Inside a transaction: hold off the user's other transactions that take this lock until it
    ends. PostgreSQL runs writers at once, and a lock on one row (a preview, a verdict) cannot
    keep out a write that reads what another adds; SQLite runs one writer at a time already."""
    if q.dialect == "postgres":
        await q.fetchval("SELECT pg_advisory_xact_lock(?)", (user_id,))


class UsersRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def preferences(self, user_id: int) -> Preferences:
        return await sql.preferences(self._db, user_id)

    async def save_preferences(self, user_id: int, prefs: Preferences) -> None:
        """Store the settings in `prefs`; the current setup stays as stored (`_SAVED_COLUMNS`)."""
        values = asdict(prefs)
        columns = ", ".join(_SAVED_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in _SAVED_COLUMNS)
        await self._db.execute(
            f"INSERT INTO users (user_id, {columns}) VALUES (?, {', '.join('?' for _ in _SAVED_COLUMNS)})"
            f" ON CONFLICT (user_id) DO UPDATE SET {updates}",
            (user_id, *(values[c] for c in _SAVED_COLUMNS)),
        )

    async def set_setup(self, user_id: int, description: str, when: datetime) -> int:
        """Make `description` the current setup; earlier entries keep pointing at theirs.

        A setup the lifter described before (the same words, whatever their case and spacing) is
        that setup again, under its id, in the new spelling: entries on it stay comparable. A new
        one is recorded."""
        async with self._db.transaction() as tx:
            await lock_user(tx, user_id)  # two at once: each found no such setup, and both added it
            same = (await sql.setups_by_key(tx, user_id)).get(setup_key(description))
            if same is not None:
                setup_id = same
                await tx.execute("UPDATE setups SET description = ? WHERE id = ?", (description, setup_id))
            else:
                setup_id = await sql.add_setup(tx, user_id, description, when)
            await tx.execute(
                "INSERT INTO users (user_id, current_setup_id) VALUES (?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET current_setup_id = excluded.current_setup_id",
                (user_id, setup_id),
            )
        return setup_id

    async def clear_setup(self, user_id: int) -> bool:
        """No current setup from now on (entries keep theirs); False when there was none."""
        changed = await self._db.execute(
            "UPDATE users SET current_setup_id = NULL WHERE user_id = ? AND current_setup_id IS NOT NULL", (user_id,)
        )
        return changed > 0

    async def current_setup(self, user_id: int) -> tuple[int, str] | None:
        row = await self._db.fetchone(
            "SELECT s.id, s.description FROM users u JOIN setups s ON s.id = u.current_setup_id WHERE u.user_id = ?",
            (user_id,),
        )
        return None if row is None else (int(row[0]), str(row[1]))

    async def setups(self, user_id: int) -> list[tuple[int, str, str]]:
        rows = await self._db.fetchall(
            "SELECT id, description, created_at FROM setups WHERE user_id = ? ORDER BY id", (user_id,)
        )
        return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]
