"""Repository: log entries. Every query is scoped by user id (the SQL is in logbook_sql.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date, datetime
from functools import partial

from bot.db import history_sql, post_rewrites, records_sql, removed
from bot.db import logbook_sql as sql
from bot.db.database import Database, Queries
from bot.db.servers import Servers
from bot.logbook.describe import deleted_text
from bot.logbook.edits import EditedSinceError, SessionLoad, form_stamp
from bot.logbook.entries import Entry, NewEntry
from bot.logbook.posts import PostRewrite, SharedPost
from bot.progress.records import BestSet

# An entry with where it was posted, if it was: `COLUMNS`, then the post's three ids (or NULLs).
_TOLD = (
    f"SELECT {sql.COLUMNS}, p.guild_id, p.channel_id, p.message_id {sql.FROM}"
    " LEFT JOIN entry_posts p ON p.entry_id = e.id WHERE e.user_id = ?"
)
_TOLD_BY_ID = _TOLD + " AND e.id = ?"
_TOLD_BY_INTERACTION = _TOLD + " AND e.interaction_id = ?"


async def _delete_told(
    q: Queries, user_id: int, told: str, key: int, stamp: str | None = None
) -> tuple[Entry | None, PostRewrite | None]:
    """Read the user's entry by `told` (`_TOLD_BY_ID` or `_TOLD_BY_INTERACTION`, with `key`) and
    where it was posted, then delete it (removed.py), keeping its post to rewrite (post_rewrites.py: its
    entry_posts row goes with it). The row is locked where deletes and edits overlap (PostgreSQL),
    so the entry given back is the one deleted; SQLite runs one writer at a time.
    Given `stamp` (the entry's `form_stamp` when the lifter was asked), an entry edited since is
    left as it is (`EditedSinceError`): read and deleted under that lock, no edit comes between."""
    lock = " FOR UPDATE OF e" if q.dialect == "postgres" else ""
    row = await q.fetchone(told + lock, (user_id, key))
    if row is None:
        return None, None
    entry = sql.to_entry(row)
    if stamp is not None and form_stamp(entry) != stamp:
        raise EditedSinceError(entry)
    if not await removed.delete_entry(q, user_id, entry.id):
        return None, None
    guild_id, channel_id, message_id = tuple(row)[sql.WIDTH :]
    if guild_id is None:
        return entry, None
    post = SharedPost(int(guild_id), int(channel_id), int(message_id))
    [rewrite] = await post_rewrites.keep(q, [(post, deleted_text(entry))])
    return entry, rewrite


async def _record_post(q: Queries, *, user_id: int, key: int, post: SharedPost) -> bool:
    # Locked where a delete could overlap (PostgreSQL): it then waits for this post to be kept,
    # and reads it, or has deleted the entry first and this finds none.
    lock = " FOR UPDATE" if q.dialect == "postgres" else ""
    entry_id = await q.fetchval(
        "SELECT id FROM entries WHERE user_id = ? AND interaction_id = ?" + lock, (user_id, key)
    )
    if entry_id is None:
        return False
    await q.execute(
        "INSERT INTO entry_posts (entry_id, guild_id, channel_id, message_id) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (entry_id) DO NOTHING",
        (entry_id, post.guild_id, post.channel_id, post.message_id),
    )
    return True


async def shared_posts(q: Queries, user_id: int) -> list[tuple[SharedPost, Entry]]:
    """Every post in a server channel of the user's entries, with its entry, oldest first."""
    rows = await q.fetchall(
        f"SELECT p.guild_id, p.channel_id, p.message_id, {sql.COLUMNS} {sql.FROM}"
        " JOIN entry_posts p ON p.entry_id = e.id WHERE e.user_id = ? ORDER BY e.id",
        (user_id,),
    )
    return [(SharedPost(int(r[0]), int(r[1]), int(r[2])), sql.to_entry(tuple(r)[3:])) for r in rows]


class EntriesRepository:
    def __init__(self, db: Database, servers: Servers) -> None:
        self._db = db
        self._servers = servers

    async def get(self, user_id: int, entry_id: int) -> Entry | None:
        return await sql.get(self._db, user_id, entry_id)

    async def by_interaction(self, user_id: int, interaction_id: int) -> Entry | None:
        return await sql.by_interaction(self._db, user_id, interaction_id)

    async def last_logged(self, user_id: int) -> tuple[Entry | None, bool]:
        """What /undo offers (`logbook_sql.last_logged`), in one trip."""
        return await self._db.run(partial(sql.last_logged, user_id=user_id))

    async def record_post(self, user_id: int, key: int, post: SharedPost) -> bool:
        """Remember where the entry stored under `key` (its /log's interaction id, its chat line's
        message id) was posted in a server channel (the first post stays); False when no such
        entry is the user's: deleted since it was stored, by an /undo from another device or
        /forgetme, so its post is for the caller to mark deleted. Nothing is kept of a server the
        bot was removed from meanwhile (nor can it edit the post there)."""
        async with self._servers.writing(post.guild_id) as present:
            if not present:
                return True
            return await self._db.run(partial(_record_post, user_id=user_id, key=key, post=post), writes=True)

    async def delete_told(
        self, user_id: int, entry_id: int, *, stamp: str | None = None
    ) -> tuple[Entry | None, PostRewrite | None]:
        """Delete the user's entry `entry_id`, remembering it so that an import does not bring it
        back (removed.py), and give back the entry as it was deleted and its post to rewrite, if it
        had one (kept until `post_rewrites.done`: its entry_posts row goes with the entry), in one
        trip; (None, None) when it is not (or no longer) the user's.
        Given `stamp` (its `form_stamp` as the lifter was shown it), nothing is deleted when it was
        edited since: `EditedSinceError` then holds the entry as it is now."""
        job = partial(_delete_told, user_id=user_id, told=_TOLD_BY_ID, key=entry_id, stamp=stamp)
        return await self._db.run(job, writes=True)

    async def delete_told_by_interaction(
        self, user_id: int, interaction_id: int, *, stamp: str | None = None
    ) -> tuple[Entry | None, PostRewrite | None]:
        """`delete_told` for the entry stored under `interaction_id` (its /log's interaction id, its
        chat line's message id), in one trip; `stamp` as there."""
        job = partial(_delete_told, user_id=user_id, told=_TOLD_BY_INTERACTION, key=interaction_id, stamp=stamp)
        return await self._db.run(job, writes=True)

    async def shared_posts(self, user_id: int) -> list[tuple[SharedPost, Entry]]:
        """Every post in a server channel of the user's entries, with its entry, oldest first, in
        one trip (a job: the rows, up to one a logged entry, become entries on the database's thread)."""
        return await self._db.run(partial(shared_posts, user_id=user_id))

    async def edit_told(
        self, user_id: int, entry_id: int, entry: NewEntry, when: datetime, *, post_text: Callable[[Entry], str],
        was: Entry | None = None,
    ) -> tuple[bool, PostRewrite | None]:
        """Replace an entry's numbers, note and date, keeping its id, variant, setup and import
        batch (and remembering its sets when they change: removed.py), and keep its post, if it
        was posted, with the text it is to show now (`post_text` of the entry as edited:
        post_rewrites.py), in one trip; (False, None) when it is not (or no longer) the user's, or,
        given `was` (the entry as read before), when it was edited since."""
        only_at = None if was is None else sql.edit_stamp(was)

        async def job(q: Queries) -> tuple[bool, PostRewrite | None]:
            if not await removed.edit_entry(q, user_id, entry_id, entry, when, only_at=only_at):
                return False, None
            return True, await post_rewrites.keep_edited(q, user_id, entry_id, post_text)

        return await self._db.run(job, writes=True)

    async def load_near(self, user_id: int, entry: Entry, day: date) -> SessionLoad | None:
        """What an edit of `entry` moving it to `day` is compared with (`logbook_sql.load_near`), in one trip."""
        return await self._db.run(partial(sql.load_near, user_id=user_id, entry=entry, day=day))

    async def rep_best(self, user_id: int, entry: Entry) -> BestSet | None:
        """The best set of the entry's rep count on its variant and setup in the sessions before
        its day (what a stored entry is a record against)."""
        return await records_sql.rep_best(
            self._db, user_id, entry.variant, entry.setup_id, entry.reps, before=entry.performed_on
        )

    async def session_page(
        self, user_id: int, variant: str | None, *, offset: int, limit: int
    ) -> tuple[list[list[Entry]], bool]:
        """Sessions (entries of one variant on one day), newest first; and whether more follow.

        One read, run as a job (one trip to SQLite's thread)."""
        return await self._db.run(
            partial(history_sql.session_page, user_id=user_id, variant=variant, offset=offset, limit=limit)
        )

    async def stream(self, user_id: int, batch: int = 1000) -> AsyncIterator[list[Entry]]:
        """All of a user's entries, oldest first, in batches."""
        async for entries, _ in self.stream_with_imports(user_id, batch):
            yield entries

    async def stream_with_imports(
        self, user_id: int, batch: int = 1000
    ) -> AsyncIterator[tuple[list[Entry], dict[int, int]]]:
        """All of a user's entries, oldest first, in batches (for export), each with the import
        batch of its entries that came from one, by entry id."""
        last_id = 0
        while True:
            rows = await self._db.fetchall(
                f"SELECT {sql.COLUMNS}, e.batch_id {sql.FROM} WHERE e.user_id = ? AND e.id > ? ORDER BY e.id LIMIT ?",
                (user_id, last_id, batch),
            )
            if not rows:
                return
            entries = [sql.to_entry(r) for r in rows]
            last_id = entries[-1].id
            # e.id is COLUMNS' first column; e.batch_id comes after them
            yield entries, {row[0]: row[sql.WIDTH] for row in rows if row[sql.WIDTH] is not None}

