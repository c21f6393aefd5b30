"""Repository: /log entries waiting for "Store anyway", keyed by the original interaction id."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime

from bot.db.database import Database
from bot.db.logbook_sql import insert_entry
from bot.logbook.entries import NewEntry


def _encode(entry: NewEntry, setup_id: int | None) -> str:
    values = asdict(entry)
    values["performed_on"] = entry.performed_on.isoformat()
    values["setup_id"] = setup_id
    return json.dumps(values)


def _decode(payload: str) -> tuple[NewEntry, int | None]:
    values = json.loads(payload)
    setup_id = values.pop("setup_id")
    values["performed_on"] = date.fromisoformat(values["performed_on"])
    return NewEntry(**values), setup_id


class PendingLogsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def put(
        self, interaction_id: int, user_id: int, entry: NewEntry, setup_id: int | None, expires_at: datetime
    ) -> None:
        await self._db.execute(
            "INSERT INTO pending_logs (interaction_id, user_id, payload, expires_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (interaction_id) DO NOTHING",
            (interaction_id, user_id, _encode(entry, setup_id), expires_at.isoformat()),
        )

    async def confirm(self, interaction_id: int, user_id: int, when: datetime) -> int | None:
        """Move the pending entry into the log, once: the entry keeps the original interaction id."""
        async with self._db.transaction() as tx:
            payload = await tx.fetchval(
                "SELECT payload FROM pending_logs WHERE interaction_id = ? AND user_id = ? AND expires_at > ?",
                (interaction_id, user_id, when.isoformat()),
            )
            if payload is None:
                return None
            entry, setup_id = _decode(payload)
            # Two confirmations at once (PostgreSQL lets them overlap) store once: the entry's
            # interaction id is unique, so the later insert does nothing and returns None.
            entry_id = await insert_entry(tx, user_id, entry, setup_id, interaction_id, when)
            await tx.execute("DELETE FROM pending_logs WHERE interaction_id = ?", (interaction_id,))
            return entry_id

    async def discard(self, interaction_id: int, user_id: int) -> bool:
        deleted = await self._db.execute(
            "DELETE FROM pending_logs WHERE interaction_id = ? AND user_id = ?", (interaction_id, user_id)
        )
        return deleted == 1

    async def purge_expired(self, now: datetime) -> int:
        return await self._db.execute("DELETE FROM pending_logs WHERE expires_at <= ?", (now.isoformat(),))
