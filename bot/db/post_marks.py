"""Repository: posts in server channels still to be marked "Deleted: …" (posts_to_mark, 0015).

A delete keeps them in its own transaction (`keep`), as their entry_posts rows go with the
entries; the post is edited after the delete and its answer, and its row deleted then (`done`).
What a process that died left is marked by the next one to start (cogs.logbook.marking).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.db.database import Database, Queries
from bot.logbook.posts import PostMark, SharedPost


async def keep(q: Queries, posts: Iterable[tuple[SharedPost, str]]) -> list[PostMark]:
    """Keep each post with the text it is to become; one row a post (up to one a deleted entry)."""
    marks = []
    for post, content in posts:
        mark_id = await q.insert(
            "INSERT INTO posts_to_mark (guild_id, channel_id, message_id, content) VALUES (?, ?, ?, ?) RETURNING id",
            (post.guild_id, post.channel_id, post.message_id, content),
        )
        assert mark_id is not None  # a plain INSERT always inserts
        marks.append(PostMark(mark_id, post, content))
    return marks


class PostMarksRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def waiting(self, *, after: int = 0, limit: int = 100) -> list[PostMark]:
        """The posts still to mark with an id above `after`, oldest first, at most `limit`."""
        rows = await self._db.fetchall(
            "SELECT id, guild_id, channel_id, message_id, content FROM posts_to_mark WHERE id > ? ORDER BY id LIMIT ?",
            (after, limit),
        )
        return [PostMark(int(r[0]), SharedPost(int(r[1]), int(r[2]), int(r[3])), str(r[4])) for r in rows]

    async def done(self, mark_id: int) -> None:
        """The post was edited (or is gone, or Discord refused for good): its text is kept no longer."""
        await self._db.execute("DELETE FROM posts_to_mark WHERE id = ?", (mark_id,))
