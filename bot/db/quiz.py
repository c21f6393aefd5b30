"""Repository: completed fit quizzes — each member's latest verdict per server (or DMs), nothing older."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from bot.db.database import Database
from bot.db.servers import Servers
from bot.db.users import lock_user


class StoredVerdict(NamedTuple):
    """One stored quiz result: the member's latest in one server, or with no server (taken in
    DMs, or unlinked when the bot left the server where it was taken)."""

    verdict_id: str
    quiz_version: str
    taken_at: str
    guild_id: int | None


class QuizResultsRepository:
    def __init__(self, db: Database, servers: Servers) -> None:
        self._db = db
        self._servers = servers

    async def record(
        self, user_id: int, guild_id: int | None, verdict_id: str, quiz_version: str, when: datetime
    ) -> None:
        """Keep this verdict as the member's latest in that server; earlier ones are not needed.
        In a server the bot was removed from meanwhile, it stays the member's, unlinked from the
        server, as removing the bot leaves their earlier ones (`GUILD_DETACHED`)."""
        async with self._servers.writing(guild_id) as present, self._db.transaction() as tx:
            await lock_user(tx, user_id)  # two verdicts at once: each deleted none, then both were kept
            if present:
                # COALESCE: DMs have no guild id, and NULL never equals NULL.
                await tx.execute(
                    "DELETE FROM quiz_results WHERE user_id = ? AND COALESCE(guild_id, 0) = ?",
                    (user_id, guild_id or 0),
                )
            await tx.execute(
                "INSERT INTO quiz_results (user_id, guild_id, verdict_id, quiz_version, taken_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (user_id, guild_id if present else None, verdict_id, quiz_version, when.isoformat()),
            )

    async def verdicts_for_user(self, user_id: int) -> list[StoredVerdict]:
        """Every verdict stored for the user, newest first: the latest in each server where they
        took the quiz and in DMs, and one for each server the bot has left since, which keeps no
        server id (what /export writes, each with its server id if any)."""
        rows = await self._db.fetchall(
            "SELECT verdict_id, quiz_version, taken_at, guild_id FROM quiz_results WHERE user_id = ? ORDER BY id DESC",
            (user_id,),
        )
        return [
            StoredVerdict(str(r[0]), str(r[1]), str(r[2]), None if r[3] is None else int(r[3])) for r in rows
        ]

    async def latest_verdict_counts(self, guild_id: int) -> dict[str, int]:
        """How many members of this server have each verdict as their latest one taken here."""
        rows = await self._db.fetchall(
            "SELECT verdict_id, COUNT(*) FROM quiz_results q"
            " WHERE guild_id = ? AND id = (SELECT MAX(id) FROM quiz_results"
            "  WHERE guild_id = q.guild_id AND user_id = q.user_id)"
            " GROUP BY verdict_id ORDER BY COUNT(*) DESC, verdict_id",
            (guild_id,),
        )
        return {str(r[0]): int(r[1]) for r in rows}
