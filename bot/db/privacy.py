"""Repository: erasing everything stored about one user, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from bot.db import post_rewrites
from bot.db.database import Database, Queries
from bot.db.entries import shared_posts
from bot.db.snippets import pinned_by
from bot.db.users import lock_user
from bot.logbook.describe import deleted_text
from bot.logbook.posts import PostRewrite
from bot.snippets.model import Snippet

# (label shown to the user, table, column holding the user id). Order respects foreign keys.
PERSONAL_TABLES: tuple[tuple[str, str, str], ...] = (
    ("pending confirmations", "pending_logs", "user_id"),
    ("pending imports", "pending_imports", "user_id"),
    ("log entries", "entries", "user_id"),
    ("deletions and edits kept out of imports", "removed_entries", "user_id"),
    ("import batches", "import_batches", "user_id"),
    ("quiz results", "quiz_results", "user_id"),
    ("settings", "users", "user_id"),
    ("setups", "setups", "user_id"),
    ("reminders", "reminders", "user_id"),
)
# Records that outlive the user but must forget who made them: (label, table, column set to NULL).
ANONYMISED: tuple[tuple[str, str, str], ...] = (
    ("snippet records with your id removed", "snippets", "pinned_by"),
)


@dataclass(frozen=True)
class Forgotten:
    """What forgetting a user deleted, by kind (`counts`), and what outside the database still
    shows them, as it stood when their rows went: the pinned snippets whose footers name them,
    and the posts of their entries in server channels, kept to be rewritten "Deleted: …" (post_rewrites.py)."""

    counts: dict[str, int]
    pinned: list[Snippet]
    posts: list[PostRewrite]


class PrivacyRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def forget(self, user_id: int) -> Forgotten:
        """Delete every row about the user; returns how many of each kind went, and the snippets
        and posts that show them. Those are read in the same transaction as the deletes: read
        before it, a /log shared (or a snippet pinned) in between was deleted but never told. The
        posts are kept to rewrite in it too: their entry_posts rows go with the entries, and a
        process that dies before rewriting them leaves them to the next one."""
        counts: dict[str, int] = {}

        async def job(q: Queries) -> tuple[list[Snippet], list[PostRewrite]]:
            # One job, one transaction: the posts (up to one a logged entry) become entries on the
            # database's thread, not on the event loop. Where writers overlap (PostgreSQL), the user
            # and their entries are locked first: a snippet being pinned (SnippetsRepository.add) or
            # a shared post being kept (record_post locks its entry) lands before the reads below, or
            # finds the pinner forgotten and the entry gone (and its post is marked deleted then).
            await lock_user(q, user_id)
            if q.dialect == "postgres":
                await q.fetchall("SELECT id FROM entries WHERE user_id = ? FOR UPDATE", (user_id,))
            pinned, posts = await pinned_by(q, user_id), await shared_posts(q, user_id)
            rewrites = await post_rewrites.keep(q, [(post, deleted_text(entry)) for post, entry in posts])
            for label, table, column in PERSONAL_TABLES:
                counts[label] = await q.execute(f"DELETE FROM {table} WHERE {column} = ?", (user_id,))
            for label, table, column in ANONYMISED:
                counts[label] = await q.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} = ?", (user_id,))
            return pinned, rewrites

        pinned, rewrites = await self._db.run(job, writes=True)
        await self._db.forget_kept(user_id)
        return Forgotten(counts, pinned, rewrites)
