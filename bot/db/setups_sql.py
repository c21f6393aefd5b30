"""The lifter's setups (/setup): their names, and one found or recorded by its description."""

from __future__ import annotations

from datetime import datetime

from bot.db.database import Queries
from bot.logbook.entries import setup_key


async def setup_names(q: Queries, user_id: int) -> dict[int, str]:
    """The user's setups: id → description."""
    rows = await q.fetchall("SELECT id, description FROM setups WHERE user_id = ?", (user_id,))
    return {int(row[0]): str(row[1]) for row in rows}


async def setups_by_key(q: Queries, user_id: int) -> dict[str, int]:
    """The user's setups by `setup_key` of their description: the first recorded among equals."""
    rows = await q.fetchall("SELECT id, description FROM setups WHERE user_id = ? ORDER BY id", (user_id,))
    known: dict[str, int] = {}
    for row in rows:
        known.setdefault(setup_key(str(row[1])), int(row[0]))
    return known


async def add_setup(q: Queries, user_id: int, description: str, when: datetime) -> int:
    """Record a new setup; its id."""
    return int(
        await q.fetchval(
            "INSERT INTO setups (user_id, description, created_at) VALUES (?, ?, ?) RETURNING id",
            (user_id, description, when.isoformat()),
        )
    )
