"""Repository: posts in server channels still to be rewritten into what they must say now
(posts_to_mark, 0015; one a post since 0018): "Deleted: …" of a deleted entry, or an edited
entry as it is now, marked edited. The table keeps its first name, from when it held deletes
alone: renaming it would take a migration for a name.

A delete or an edit keeps its post's text in its own transaction (`keep`), the post is edited
after the answer, and its row deleted then (`done`). A later edit or delete of the same entry
replaces the text waiting, so the later text is the one left to write. What a process that died
left is written by the next one to start (cogs.logbook.rewriting).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.db import logbook_sql as sql
from bot.db.database import Database, Queries
from bot.logbook.entries import Entry
from bot.logbook.posts import PostRewrite, SharedPost


async def keep(q: Queries, posts: Iterable[tuple[SharedPost, str]]) -> list[PostRewrite]:
    """Keep each post with the text it is to become, in place of any text still waiting for it."""
    rewrites = []
    for post, content in posts:
        rewrite_id = await q.insert(
            "INSERT INTO posts_to_mark (guild_id, channel_id, message_id, content) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (message_id) DO UPDATE SET content = excluded.content RETURNING id",
            (post.guild_id, post.channel_id, post.message_id, content),
        )
        assert rewrite_id is not None  # inserted, or updated: a row either way
        rewrites.append(PostRewrite(rewrite_id, post, content))
    return rewrites


async def keep_edited(q: Queries, user_id: int, entry_id: int, post_text: Callable[[Entry], str]) -> PostRewrite | None:
    """In an edit's transaction: keep the entry's post, if it has one, with `post_text` of the
    entry as the edit left it, so the post is rewritten even by a process that starts after it."""
    post = await sql.shared_post(q, user_id, entry_id)
    if post is None:
        return None
    edited = await sql.get(q, user_id, entry_id)
    assert edited is not None  # edited in this transaction
    [rewrite] = await keep(q, [(post, post_text(edited))])
    return rewrite


class PostRewritesRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def waiting(self, *, after: int = 0, limit: int = 100) -> list[PostRewrite]:
        """The posts still to rewrite with an id above `after`, oldest first, at most `limit`."""
        rows = await self._db.fetchall(
            "SELECT id, guild_id, channel_id, message_id, content FROM posts_to_mark WHERE id > ? ORDER BY id LIMIT ?",
            (after, limit),
        )
        return [PostRewrite(int(r[0]), SharedPost(int(r[1]), int(r[2]), int(r[3])), str(r[4])) for r in rows]

    async def content(self, rewrite_id: int) -> str | None:
        """The text the post kept as `rewrite_id` is to become now (a later edit or delete may have
        replaced it); None once it was written."""
        content = await self._db.fetchval("SELECT content FROM posts_to_mark WHERE id = ?", (rewrite_id,))
        return None if content is None else str(content)

    async def done(self, rewrite_id: int, content: str) -> None:
        """The post was edited into `content` (or is gone, or Discord refused for good): that text
        is kept no longer. A later text kept for it meanwhile stays, to be written in turn."""
        await self._db.execute("DELETE FROM posts_to_mark WHERE id = ? AND content = ?", (rewrite_id, content))
