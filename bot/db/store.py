"""The repositories the cogs use, opened together over one database."""

from __future__ import annotations

from pathlib import Path

from bot.db.database import Database
from bot.db.sync_state import SyncStateRepository


class Store:
    """Every repository, sharing one `Database`. Cogs reach storage only through this."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.sync_state = SyncStateRepository(db)

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        return cls(await Database.open(path))

    async def close(self) -> None:
        await self.db.close()
