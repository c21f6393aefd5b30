"""Repository: a lifter's preferences and setups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from bot.db import logbook_sql as sql
from bot.db import setups_sql
from bot.db.database import Database, Queries
from bot.logbook.entries import Preferences, setup_key

# What /settings may change: the current setup is /setup's to change (set_setup, clear_setup).
_SETTINGS = tuple(column for column in sql.PREF_COLUMNS if column != "current_setup_id")


async def lock_user(q: Queries, user_id: int) -> None:
    """Inside a transaction: hold off the user's other transactions that take this lock until it
    ends. PostgreSQL runs writers at once, and a lock on one row (a preview, a verdict) cannot
    keep out a write that reads what another adds; SQLite runs one writer at a time already."""
    if q.dialect == "postgres":
        await q.fetchval("SELECT pg_advisory_xact_lock(?)", (user_id,))


async def _change_preferences(
    q: Queries, *, user_id: int, apply: Callable[[Preferences], Preferences]
) -> tuple[Preferences, Preferences]:
    """Read, `apply`, and write only the settings it changed, as one unit: two /settings at once
    (one the unit, the other the time zone) each wrote back the whole row it had read, undoing
    the other's change, and checked a rep range or an increment against a row no longer stored."""
    await lock_user(q, user_id)  # PostgreSQL runs both at once: the second reads what the first wrote
    before = await sql.preferences(q, user_id)
    after = apply(before)
    changed = [column for column in _SETTINGS if getattr(before, column) != getattr(after, column)]
    if changed:  # a new row takes the schema's defaults, which are Preferences()'s, for the rest
        await q.execute(
            f"INSERT INTO users (user_id, {', '.join(changed)}) VALUES (?{', ?' * len(changed)})"
            f" ON CONFLICT (user_id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in changed)}",
            (user_id, *(getattr(after, column) for column in changed)),
        )
    return before, after


class UsersRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def preferences(self, user_id: int) -> Preferences:
        return await sql.preferences(self._db, user_id)

    async def change_preferences(
        self, user_id: int, apply: Callable[[Preferences], Preferences]
    ) -> tuple[Preferences, Preferences]:
        """Change the lifter's settings to `apply(settings as stored now)`, read and written in one
        job; the settings before and after. `apply` runs inside the job (on SQLite's database
        thread), so it must be pure and quick; what it raises leaves everything as it was."""
        return await self._db.run(partial(_change_preferences, user_id=user_id, apply=apply), writes=True)

    async def set_setup(self, user_id: int, description: str, when: datetime) -> int:
        """Make `description` the current setup; earlier entries keep pointing at theirs.

        A setup the lifter described before (the same words, whatever their case and spacing) is
        that setup again, under its id, in the new spelling: entries on it stay comparable. A new
        one is recorded."""
        async with self._db.transaction() as tx:
            await lock_user(tx, user_id)  # two at once: each found no such setup, and both added it
            same = (await setups_sql.setups_by_key(tx, user_id)).get(setup_key(description))
            if same is not None:
                setup_id = same
                await tx.execute("UPDATE setups SET description = ? WHERE id = ?", (description, setup_id))
            else:
                setup_id = await setups_sql.add_setup(tx, user_id, description, when)
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
