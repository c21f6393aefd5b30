"""Repository: completed fit quizzes — each member's latest verdict per place they took it, nothing older."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from bot.db.database import Database
from bot.db.servers import Servers
from bot.db.users import lock_user
from bot.quiz.taken_in import TakenIn


class StoredVerdict(NamedTuple):
    """One stored quiz result: the member's latest in one place (`taken_in`); only a server the bot
    is in keeps its id (`guild_id`)."""

    verdict_id: str
    quiz_version: str
    taken_at: str
    guild_id: int | None
    taken_in: TakenIn


class QuizResultsRepository:
    def __init__(self, db: Database, servers: Servers) -> None:
        self._db = db
        self._servers = servers

    async def record(
        self, user_id: int, guild_id: int | None, verdict_id: str, quiz_version: str, when: datetime,
        *, bot_member: bool = True,
    ) -> None:  # fmt: skip
        """Keep this verdict as the member's latest where it was taken: in DMs (`guild_id` None), in
        that server, or in any server the bot is not a member of (`bot_member` False: its id is not
        kept); the one it replaces is not needed. Verdicts from servers the bot has left stay. Taken
        in a server the bot was removed from meanwhile, it is kept as one of those, unlinked from the
        server, as removing the bot leaves the earlier ones (`GUILD_DETACHED`)."""
        in_server = guild_id is not None and bot_member
        async with self._servers.writing(guild_id if in_server else None) as present, self._db.transaction() as tx:
            await lock_user(tx, user_id)  # two verdicts at once: each deleted none, then both were kept
            if guild_id is None:
                taken_in = TakenIn.DM
            elif not bot_member:
                taken_in = TakenIn.WITHOUT_BOT
            else:
                taken_in = TakenIn.SERVER if present else TakenIn.LEFT
            kept_id = guild_id if taken_in is TakenIn.SERVER else None
            if taken_in is not TakenIn.LEFT:  # no id tells one server left from another: each stays
                # COALESCE: only a server's verdicts keep its id, and NULL never equals NULL.
                await tx.execute(
                    "DELETE FROM quiz_results WHERE user_id = ? AND taken_in = ? AND COALESCE(guild_id, 0) = ?",
                    (user_id, taken_in.value, kept_id or 0),
                )
            await tx.execute(
                "INSERT INTO quiz_results (user_id, guild_id, taken_in, verdict_id, quiz_version, taken_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (user_id, kept_id, taken_in.value, verdict_id, quiz_version, when.isoformat()),
            )

    async def verdicts_for_user(self, user_id: int) -> list[StoredVerdict]:
        """Every verdict stored for the user, newest first: the latest in each server where they
        took the quiz, in DMs and in any server the bot is not in, and one for each server the bot
        has left since (what /export writes, each with where it was taken)."""
        rows = await self._db.fetchall(
            "SELECT verdict_id, quiz_version, taken_at, guild_id, taken_in FROM quiz_results"
            " WHERE user_id = ? ORDER BY id DESC",
            (user_id,),
        )
        return [
            StoredVerdict(str(r[0]), str(r[1]), str(r[2]), None if r[3] is None else int(r[3]), TakenIn(r[4]))
            for r in rows
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
