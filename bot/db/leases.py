"""Repository: leases, so that work only one process may do at a time has one holder."""

from __future__ import annotations

from datetime import datetime

from bot.db.database import Database


class LeasesRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def acquire(self, name: str, holder: str, now: datetime, seconds: int) -> bool:
        """Take or renew the lease `name` for `seconds` from `now`; False while another holds it.

        One statement, so two processes asking at once cannot both win: the row's update is
        conditional on the lease being ours already or expired, and the loser changes no row.
        """
        at = int(now.timestamp())
        changed = await self._db.execute(
            "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
            " WHERE leases.holder = excluded.holder OR leases.expires_at <= ?",
            (name, holder, at + seconds, at),
        )
        return changed == 1

    async def release(self, name: str, holder: str) -> None:
        """Give the lease up (on a clean shutdown), so another process takes over at once."""
        await self._db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder))
