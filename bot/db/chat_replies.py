"""Repository: sets typed in chat whose reply has not gone out yet (chat_replies_owed, migration 0016).

The entry and its row are stored together (`LogbookJobs.log` with `reply_at`); the row goes
once the reply is sent (`answered`), with its entry, or when it is too old to answer (`forget_before`,
past `LATE_WINDOW`: as the bot starts, and every few minutes while it runs, `bot.reminders.runner`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.db import logbook_sql as sql
from bot.db.database import Database, Queries, Row
from bot.logbook.entries import Entry, NewEntry

LATE_WINDOW = timedelta(hours=1)  # older than this, a reply would answer a line long scrolled away

_OWED = (
    f"SELECT {sql.COLUMNS}, e.user_id, e.interaction_id, o.guild_id, o.channel_id {sql.FROM}"
    " JOIN chat_replies_owed o ON o.entry_id = e.id"
)
# Reads go from the owed rows (a few at most: a reply goes out moments after its set is stored) to
# their entries by id, never through entries' created_at, which no index holds: SQLite scanned all
# the entries for it (1,000,000: ~0.5 s of the writer at every start), and each chat line's
# `unanswered_twin` read the lifter's whole logbook.
_OWED_ONLY = " WHERE e.id IN (SELECT entry_id FROM chat_replies_owed)"


@dataclass(frozen=True)
class ReplyPlace:
    """Where a chat line was typed, so its reply can be sent later: the channel, and its server
    (None in a DM)."""

    guild_id: int | None
    channel_id: int


@dataclass(frozen=True)
class OwedReply:
    """A stored chat set not yet replied to: its lifter, the message it was read from, where."""

    user_id: int
    message_id: int
    place: ReplyPlace
    entry: Entry


def _owed(row: Row) -> OwedReply:
    user_id, message_id, guild_id, channel_id = tuple(row)[sql.WIDTH :]
    place = ReplyPlace(None if guild_id is None else int(guild_id), int(channel_id))
    return OwedReply(int(user_id), int(message_id), place, sql.to_entry(row))


async def owe_reply(q: Queries, entry_id: int, place: ReplyPlace) -> None:
    """Keep that the entry just stored waits for its reply (in the job that stored it)."""
    await q.execute("INSERT INTO chat_replies_owed (entry_id, guild_id, channel_id) VALUES (?, ?, ?)",
                    (entry_id, place.guild_id, place.channel_id))


class ChatRepliesRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def owed(self, since: datetime, before: datetime) -> list[OwedReply]:
        """Every chat set stored from `since` until `before` whose reply has not gone out, oldest first."""
        rows = await self._db.fetchall(_OWED + _OWED_ONLY + " AND e.created_at >= ? AND e.created_at < ? ORDER BY e.id",
                                       (since.isoformat(), before.isoformat()))
        return [_owed(row) for row in rows]

    async def owed_for(self, user_id: int, message_id: int) -> OwedReply | None:
        """The lifter's chat set read from `message_id`, if its reply has not gone out."""
        row = await self._db.fetchone(_OWED + " WHERE e.user_id = ? AND e.interaction_id = ?", (user_id, message_id))
        return None if row is None else _owed(row)

    async def unanswered_twin(self, user_id: int, entry: NewEntry, since: datetime) -> OwedReply | None:
        """The lifter's chat set stored since `since`, never replied to, that says the same as
        `entry` (the latest, if several): the line typed again by a lifter who saw no reply."""

        async def job(q: Queries) -> list[Row]:
            # The owed ids first, as a list: with a lifter to match, the planner would take their
            # entries by user (all of them, each read for its created_at) over the few owed rows.
            owed = [row[0] for row in await q.fetchall("SELECT entry_id FROM chat_replies_owed")]
            if not owed:
                return []
            ids = ", ".join("?" * len(owed))
            return await q.fetchall(_OWED + f" WHERE e.id IN ({ids}) AND e.user_id = ? AND e.created_at >= ?"
                                    " ORDER BY e.id DESC", (*owed, user_id, since.isoformat()))

        rows = await self._db.run(job)
        return next((owed for owed in map(_owed, rows) if owed.entry.same_set(entry)), None)

    async def answered(self, user_id: int, message_id: int) -> None:
        """The reply about the lifter's set read from `message_id` went out: it is owed no longer."""
        await self._db.execute(
            "DELETE FROM chat_replies_owed WHERE entry_id ="
            " (SELECT id FROM entries WHERE user_id = ? AND interaction_id = ?)", (user_id, message_id))

    async def forget_before(self, before: datetime) -> int:
        """Stop owing the replies of sets stored before `before` (too late to answer); how many."""
        return await self._db.execute(
            "DELETE FROM chat_replies_owed WHERE (SELECT created_at FROM entries WHERE id = entry_id) < ?",
            (before.isoformat(),))
