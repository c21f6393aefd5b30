"""Repository: the command schema hash last synced to each place."""

from __future__ import annotations

from datetime import datetime

from bot.db.database import Database


class SyncStateRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get_hash(self, api_base: str, application_id: int, scope: str) -> str | None:
        return await self._db.fetchval(
            "SELECT schema_hash FROM sync_state WHERE api_base = ? AND application_id = ? AND scope = ?",
            (api_base, application_id, scope),
        )

    async def record(self, api_base: str, application_id: int, scope: str, schema_hash: str, when: datetime) -> None:
        await self._db.execute(
            "INSERT INTO sync_state (api_base, application_id, scope, schema_hash, synced_at)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (api_base, application_id, scope)"
            " DO UPDATE SET schema_hash = excluded.schema_hash, synced_at = excluded.synced_at",
            (api_base, application_id, scope, schema_hash, when.isoformat()),
        )
