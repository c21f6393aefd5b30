"""Repository: pinned guide snippets, scoped by server."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from bot.db.database import Database, Queries
from bot.db.servers import ServerLeftError, Servers
from bot.db.users import lock_user
from bot.snippets.model import LIVE_STATES, Snippet, State

_COLUMNS = (
    "id, guild_id, channel_id, message_id, section_id, content_version, pinned_by, pinned_at, state, state_changed_at,"
    " adopted_at"
)
_LIVE = tuple(s.value for s in LIVE_STATES)
# SQLite allows 999 bound parameters in old builds; a bulk delete names at most 100 messages.
_CHUNK = 500


def _snippet(row: Any) -> Snippet:
    changed, adopted = row["state_changed_at"], row["adopted_at"]
    return Snippet(
        id=int(row["id"]),
        guild_id=int(row["guild_id"]),
        channel_id=int(row["channel_id"]),
        message_id=int(row["message_id"]),
        section_id=str(row["section_id"]),
        content_version=str(row["content_version"]),
        pinned_by=None if row["pinned_by"] is None else int(row["pinned_by"]),
        pinned_at=datetime.fromisoformat(row["pinned_at"]),
        state=State(row["state"]),
        state_changed_at=None if changed is None else datetime.fromisoformat(changed),
        adopted_at=None if adopted is None else datetime.fromisoformat(adopted),
    )


async def pinned_by(q: Queries, user_id: int) -> list[Snippet]:
    """The snippets this member pinned that are still recorded as pinned (their messages name them)."""
    rows = await q.fetchall(
        f"SELECT {_COLUMNS} FROM snippets WHERE pinned_by = ? AND state = ? ORDER BY id",
        (user_id, State.PINNED.value),
    )
    return [_snippet(r) for r in rows]


class SnippetsRepository:
    def __init__(self, db: Database, servers: Servers) -> None:
        self._db = db
        self._servers = servers

    async def add(
        self,
        *,
        guild_id: int,
        channel_id: int,
        message_id: int,
        section_id: str,
        content_version: str,
        pinned_by: int | None,
        when: datetime,
        state: State = State.PINNED,
    ) -> Snippet:
        """Record a posted snippet (pinned, or unpinned when the pin failed and the post stayed);
        `ServerLeftError` when the bot was removed from the server meanwhile."""
        snippet = await self._insert(
            guild_id,
            {"channel_id": channel_id, "message_id": message_id, "section_id": section_id,
             "content_version": content_version, "pinned_by": pinned_by, "pinned_at": when.isoformat(),
             "state": state.value, "state_changed_at": None if state is State.PINNED else when.isoformat()},
        )  # fmt: skip
        assert snippet is not None
        return snippet

    async def adopt(
        self,
        *,
        guild_id: int,
        channel_id: int,
        message_id: int,
        section_id: str,
        content_version: str,
        posted_at: datetime,
        when: datetime,
    ) -> Snippet | None:
        """Record again a snippet post of the bot found pinned without a record: pinned, posted at
        `posted_at`, its pinner unknown. None when its message is recorded already (in any state);
        `ServerLeftError` when the bot was removed from the server meanwhile."""
        return await self._insert(
            guild_id,
            {"channel_id": channel_id, "message_id": message_id, "section_id": section_id,
             "content_version": content_version, "pinned_by": None, "pinned_at": posted_at.isoformat(),
             "state": State.PINNED.value, "adopted_at": when.isoformat()},
            on_conflict=" ON CONFLICT (message_id) DO NOTHING",
        )  # fmt: skip

    async def _insert(self, guild_id: int, values: dict[str, Any], *, on_conflict: str = "") -> Snippet | None:
        """Insert a snippet of the server `guild_id` with `values` (column: value); None when
        `on_conflict` kept it out, `ServerLeftError` when the bot was removed from the server."""
        async with self._servers.writing(guild_id) as present, self._db.transaction() as tx:
            if not present:
                raise ServerLeftError
            if values["pinned_by"] is not None:  # a /forgetme of the pinner under way finishes first (privacy.forget)
                await lock_user(tx, values["pinned_by"])
            row = await tx.fetchone(
                f"INSERT INTO snippets (guild_id, {', '.join(values)}) VALUES (?{', ?' * len(values)}){on_conflict}"
                f" RETURNING {_COLUMNS}",
                (guild_id, *values.values()),
            )
        return None if row is None else _snippet(row)

    async def discard(self, snippet_id: int) -> None:
        """Forget a record whose post was never pinned and is deleted again (a refused pin)."""
        await self._db.execute("DELETE FROM snippets WHERE id = ?", (snippet_id,))

    async def get(self, guild_id: int, snippet_id: int) -> Snippet | None:
        """One snippet of this server (None if the id belongs to another server)."""
        row = await self._db.fetchone(
            f"SELECT {_COLUMNS} FROM snippets WHERE guild_id = ? AND id = ?", (guild_id, snippet_id)
        )
        return None if row is None else _snippet(row)

    async def for_guild(self, guild_id: int) -> list[Snippet]:
        """Every snippet of this server, newest first."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM snippets WHERE guild_id = ? ORDER BY id DESC", (guild_id,)
        )
        return [_snippet(r) for r in rows]

    async def live_in_channel(self, guild_id: int, channel_id: int) -> list[Snippet]:
        """This server's snippets in one channel whose message may still be there, newest first."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM snippets WHERE guild_id = ? AND channel_id = ?"
            f" AND state IN ({', '.join('?' * len(_LIVE))}) ORDER BY id DESC",
            (guild_id, channel_id, *_LIVE),
        )
        return [_snippet(r) for r in rows]

    async def pinned_in_guild(self, guild_id: int, limit: int = 1000) -> list[Snippet]:
        """This server's snippets recorded as pinned, newest first (what /snippet unpin offers)."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM snippets WHERE guild_id = ? AND state = ? ORDER BY id DESC LIMIT ?",
            (guild_id, State.PINNED.value, limit),
        )
        return [_snippet(r) for r in rows]

    async def pinned_by_ever(self, user_id: int) -> list[Snippet]:
        """Every snippet record naming this member as its pinner, whatever became of it (/export)."""
        rows = await self._db.fetchall(f"SELECT {_COLUMNS} FROM snippets WHERE pinned_by = ? ORDER BY id", (user_id,))
        return [_snippet(r) for r in rows]

    async def pinner_forgotten_in(self, channel_id: int) -> list[Snippet]:
        """This channel's pinned snippets whose pinner asked to be forgotten (their footers may
        still name them, where Discord refused the edit at the time: an archived thread). Adopted
        ones are not among them: nobody asked, their pinner is only unknown."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM snippets WHERE channel_id = ? AND pinned_by IS NULL AND adopted_at IS NULL"
            " AND state = ? ORDER BY id",
            (channel_id, State.PINNED.value),
        )
        return [_snippet(r) for r in rows]

    async def set_state(self, snippet_ids: Collection[int], state: State, when: datetime) -> int:
        """Move these snippets to `state`; returns how many changed."""
        return await self._update_in(
            "UPDATE snippets SET state = ?, state_changed_at = ? WHERE state != ? AND id IN ({})",
            (state.value, when.isoformat(), state.value),
            list(snippet_ids),
        )

    async def mark_messages_gone(self, message_ids: Collection[int], when: datetime) -> int:
        """Deleted messages: their live snippets are gone (an unpinned-by-command record stays as is)."""
        ids = list(message_ids)
        # Every message deleted anywhere the bot can see arrives here: read before taking the write lock.
        if not await self._any_recorded(ids):
            return 0
        return await self._update_in(
            "UPDATE snippets SET state = 'gone', state_changed_at = ?"
            f" WHERE state IN ({', '.join('?' * len(_LIVE))}) AND message_id IN ({{}})",
            (when.isoformat(), *_LIVE),
            ids,
        )

    async def mark_channel_gone(self, channel_id: int, when: datetime) -> int:
        """A deleted channel: every live snippet in it is gone."""
        return await self._db.execute(
            "UPDATE snippets SET state = 'gone', state_changed_at = ?"
            f" WHERE channel_id = ? AND state IN ({', '.join('?' * len(_LIVE))})",
            (when.isoformat(), channel_id, *_LIVE),
        )

    async def set_version(self, snippet_id: int, content_version: str) -> None:
        """After a refresh edited the message to the current text."""
        await self._db.execute("UPDATE snippets SET content_version = ? WHERE id = ?", (content_version, snippet_id))

    async def _any_recorded(self, message_ids: list[int]) -> bool:
        for start in range(0, len(message_ids), _CHUNK):
            chunk = message_ids[start : start + _CHUNK]
            sql = f"SELECT 1 FROM snippets WHERE message_id IN ({', '.join('?' * len(chunk))}) LIMIT 1"
            if await self._db.fetchone(sql, chunk) is not None:
                return True
        return False

    async def _update_in(self, sql: str, params: tuple[Any, ...], ids: list[int]) -> int:
        changed = 0
        if not ids:
            return 0
        async with self._db.transaction() as tx:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                changed += await tx.execute(sql.format(", ".join("?" * len(chunk))), (*params, *chunk))
        return changed
