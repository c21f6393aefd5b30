"""Repository: per-server settings (`/config`), and forgetting a server the bot was removed from.

Settings are read on every guide answer and written only by `/config set`, the moderator log and
the server's channel and removal events. Discord delivers all of those for a server to the one
shard that owns it, so the process holding that shard is the only writer, and a small cache of
recent reads stays true; entries still expire after `ttl` seconds, so nothing can stay wrong long.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from functools import partial

from bot.config.model import GuildConfig
from bot.db.database import Database, Queries
from bot.db.servers import ServerLeftError, Servers
from bot.quiz.taken_in import TakenIn

# What removing the bot from a server deletes: (label, table). Order respects foreign keys.
GUILD_TABLES: tuple[tuple[str, str], ...] = (
    ("answer channels", "guild_answer_channels"),
    ("settings", "guild_config"),
    ("snippet records", "snippets"),
    ("where shared logs were posted", "entry_posts"),  # the bot can no longer edit them (cogs.logbook.posts)
    ("shared logs still to rewrite as deleted or edited", "posts_to_mark"),  # nor rewrite them
    ("chat logs waiting for a reply", "chat_replies_owed"),  # the bot can no longer reply there
)
# Rows that are a member's own but named the server: they stay, without it, and say they came from a
# server the bot has left (a DM's has no server id either). (label, table, that assignment)
GUILD_DETACHED: tuple[tuple[str, str, str], ...] = (
    ("quiz verdicts unlinked from the server", "quiz_results", f"taken_in = '{TakenIn.LEFT.value}'"),
)

_COLUMNS = "public_answers, log_channel_id, ping_authors, log_problem"


async def _read(q: Queries, *, guild_id: int) -> GuildConfig:
    row = await q.fetchone(f"SELECT {_COLUMNS} FROM guild_config WHERE guild_id = ?", (guild_id,))
    if row is None:
        return GuildConfig(guild_id)
    channels = await q.fetchall(
        "SELECT channel_id FROM guild_answer_channels WHERE guild_id = ? ORDER BY channel_id", (guild_id,)
    )
    return GuildConfig(
        guild_id=guild_id,
        public_answers=bool(row["public_answers"]),
        answer_channels=tuple(int(r[0]) for r in channels),
        log_channel_id=None if row["log_channel_id"] is None else int(row["log_channel_id"]),
        ping_authors=bool(row["ping_authors"]),
        log_problem=None if row["log_problem"] is None else str(row["log_problem"]),
    )


async def _write(q: Queries, *, config: GuildConfig, when: str) -> None:
    await q.execute(
        f"INSERT INTO guild_config (guild_id, {_COLUMNS}, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (guild_id) DO UPDATE SET public_answers = excluded.public_answers,"
        " log_channel_id = excluded.log_channel_id, ping_authors = excluded.ping_authors,"
        " log_problem = excluded.log_problem, updated_at = excluded.updated_at",
        (
            config.guild_id,
            int(config.public_answers),
            config.log_channel_id,
            int(config.ping_authors),
            config.log_problem,
            when,
        ),
    )
    await q.execute("DELETE FROM guild_answer_channels WHERE guild_id = ?", (config.guild_id,))
    if config.answer_channels:
        await q.executemany(
            "INSERT INTO guild_answer_channels (guild_id, channel_id) VALUES (?, ?)",
            [(config.guild_id, channel_id) for channel_id in config.answer_channels],
        )


async def _change(
    q: Queries, *, guild_id: int, apply: Callable[[GuildConfig], GuildConfig], when: str
) -> tuple[GuildConfig, GuildConfig]:
    """Read the server's settings, `apply` the change to them and write the outcome, as one unit:
    a second change at once (another moderator's /config set) starts from what this one wrote."""
    if q.dialect == "postgres":  # writers overlap there: the row, made if missing, is locked until commit
        await q.execute(
            "INSERT INTO guild_config (guild_id, updated_at) VALUES (?, ?) ON CONFLICT (guild_id) DO NOTHING",
            (guild_id, when),
        )
        await q.fetchone("SELECT guild_id FROM guild_config WHERE guild_id = ? FOR UPDATE", (guild_id,))
    before = await _read(q, guild_id=guild_id)
    after = apply(before)
    if after != before:
        await _write(q, config=after, when=when)
    return before, after


async def _counts(q: Queries, *, guild_id: int) -> dict[str, int]:
    snippets = await q.fetchval("SELECT COUNT(*) FROM snippets WHERE guild_id = ?", (guild_id,))
    verdicts = await q.fetchval("SELECT COUNT(*) FROM quiz_results WHERE guild_id = ?", (guild_id,))
    return {"snippet records": int(snippets or 0), "quiz verdicts": int(verdicts or 0)}


class GuildConfigRepository:
    def __init__(
        self,
        db: Database,
        servers: Servers,
        *,
        ttl: float = 300.0,
        max_cached: int = 4096,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._servers = servers
        self._ttl, self._max, self._clock = ttl, max_cached, clock
        self._cache: OrderedDict[int, tuple[float, GuildConfig]] = OrderedDict()
        # Bumped by every write: a read that overlapped one does not cache what it read.
        self._writes = 0

    async def get(self, guild_id: int) -> GuildConfig:
        """The server's settings (the defaults if it never changed one)."""
        cached = self._cache.get(guild_id)
        if cached is not None and self._clock() - cached[0] < self._ttl:
            return cached[1]
        writes = self._writes
        config = await self._db.run(partial(_read, guild_id=guild_id))
        if writes == self._writes:
            self._remember(config)
        return config

    async def change(
        self, guild_id: int, apply: Callable[[GuildConfig], GuildConfig], when: datetime
    ) -> tuple[GuildConfig, GuildConfig]:
        """Change this server's settings to `apply(settings as stored now)`, read and written in one
        job (the answer channels replace the old list); the settings before and after. `apply` runs
        inside the job (on SQLite's database thread), so it must be pure and quick; what it raises
        leaves everything as it was; `ServerLeftError` when the bot was removed from the server meanwhile."""
        async with self._servers.writing(guild_id) as present, self._writing(guild_id):
            if not present:
                raise ServerLeftError
            job = partial(_change, guild_id=guild_id, apply=apply, when=when.isoformat())
            before, after = await self._db.run(job, writes=True)
        self._remember(after)
        return before, after

    async def set_log_problem(self, guild_id: int, problem: str | None) -> None:
        """Why Discord refused the last post to the moderator log (None: it works again)."""
        async with self._writing(guild_id):
            await self._db.execute("UPDATE guild_config SET log_problem = ? WHERE guild_id = ?", (problem, guild_id))

    async def remove_answer_channel(self, guild_id: int, channel_id: int) -> None:
        """A deleted channel leaves the answer channels."""
        async with self._writing(guild_id):
            await self._db.execute(
                "DELETE FROM guild_answer_channels WHERE guild_id = ? AND channel_id = ?", (guild_id, channel_id)
            )

    async def stored_counts(self, guild_id: int) -> dict[str, int]:
        """What else is stored about this server, by kind (for `/config show`)."""
        return await self._db.run(partial(_counts, guild_id=guild_id))

    async def forget_guild(self, guild_id: int) -> dict[str, int]:
        """The bot left the server: delete its settings and snippet records, unlink its quiz verdicts
        (after the writes under way for it, and before any later one, which then stores nothing)."""
        counts: dict[str, int] = {}
        async with self._servers.leaving(guild_id), self._writing(guild_id), self._db.transaction() as tx:
            for label, table in GUILD_TABLES:
                counts[label] = await tx.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))
            for label, table, left in GUILD_DETACHED:
                counts[label] = await tx.execute(
                    f"UPDATE {table} SET guild_id = NULL, {left} WHERE guild_id = ?", (guild_id,)
                )
        return counts

    def joined(self, guild_id: int) -> None:
        """The bot was added to the server (again, perhaps): its settings can be stored."""
        self._servers.joined(guild_id)

    @asynccontextmanager
    async def _writing(self, guild_id: int) -> AsyncIterator[None]:
        """Around a write: drop the cached settings before and after it, so a read that overlapped
        the write (and may have seen the old row) does not cache it, and a failed write leaves none."""
        self._forget(guild_id)
        try:
            yield
        finally:
            self._forget(guild_id)

    def _forget(self, guild_id: int) -> None:
        self._writes += 1
        self._cache.pop(guild_id, None)

    def _remember(self, config: GuildConfig) -> None:
        self._cache.pop(config.guild_id, None)
        self._cache[config.guild_id] = (self._clock(), config)
        while len(self._cache) > self._max:
            self._cache.popitem(last=False)
