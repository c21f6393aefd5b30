"""One process per shard: a process that would serve a shard another process already serves on the
same database refuses to start.

Two processes serving one shard (two unsharded bots with one token, or SHARD_IDS that overlap)
both receive every event of its servers and both answer every command: Discord keeps the first
answer and refuses the other (40060), and what the bot keeps per process (the repeat guard, the
/progress limit) sees half of what happens. The claim is a lock per shard that the kernel, or the
server, drops when the process ends, however it ends (a killed bot never blocks its restart):

- SQLite: an exclusive `flock` on `<database>.shard-<id>-of-<count>.lock` for each shard served,
  beside `<database>.lock` (see db_lock); the files stay, empty, as deleting a lock file is a race.
- PostgreSQL: a session advisory lock per shard, keyed by the schema, on a connection of its own
  held while the bot runs.

An unsharded process serves shard 0 of 1. Processes with different SHARD_COUNTs split the servers
differently, so each would serve some of the other's servers: the second to start refuses too.
"""

from __future__ import annotations

import asyncio
import glob
import os
import re
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.db.database import DatabaseUnavailableError
from bot.settings import Settings, is_postgres_url, redact_url

if TYPE_CHECKING:
    import asyncpg

try:
    import fcntl
except ImportError:  # Windows: no flock; the claim is not made there
    fcntl = None  # type: ignore[assignment]

ADVICE = "stop the other process, or give each process its own SHARD_IDS (README, \"Scaling out\")"
MAX_SHARD_COUNT = 32767  # a PostgreSQL lock key holds the count in 15 bits and the shard in 16
# A PostgreSQL claim's connection that dies silently (no FIN or RST: a cut link, a paused VM) looks
# alive until TCP gives up, some 15 minutes of retransmissions. So the claim asks the server every
# HEARTBEAT_SECONDS, and no answer within HEARTBEAT_TIMEOUT ends it; and the server is asked to
# probe its side (TCP keepalives), so that it drops the dead session, and its locks, for a restart
# to claim. The bot stops first: at most 40 s after its last answer, where the server probes after
# 60 s without a word and gives up 30 s later.
HEARTBEAT_SECONDS = 20.0
HEARTBEAT_TIMEOUT = 20.0
SERVER_KEEPALIVES = {"tcp_keepalives_idle": "60", "tcp_keepalives_interval": "10", "tcp_keepalives_count": "3"}


class ShardsTakenError(RuntimeError):
    """Another process serves a shard this one would serve; the message says which and what to do."""


class ShardClaimLostError(RuntimeError):
    """The claim ended while the bot ran (PostgreSQL closed the session that held it): another
    process may serve the same shards now, so this one stops, for a restart to claim them again."""


@dataclass(frozen=True)
class Shards:
    count: int
    ids: tuple[int, ...]

    @classmethod
    def of(cls, settings: Settings) -> Shards:
        """The shards a process with these settings serves (unsharded: shard 0 of 1)."""
        if settings.shard_count is None:
            return cls(1, (0,))
        return cls(settings.shard_count, settings.shard_ids or tuple(range(settings.shard_count)))

    def name(self, ids: tuple[int, ...] | list[int]) -> str:
        if self.count == 1:
            return "this bot (unsharded: shard 0 of 1)"
        listed = ", ".join(str(i) for i in ids)
        return f"shard{'s' if len(ids) > 1 else ''} {listed} of {self.count}"


def _taken(shards: Shards, taken: list[int], where: str) -> ShardsTakenError:
    return ShardsTakenError(
        f"another process already serves {shards.name(taken)} on {where}: two processes on one shard"
        f" both answer every command; {ADVICE}"
    )


def _other_count(shards: Shards, counts: set[int], where: str) -> ShardsTakenError:
    found = ", ".join(str(c) for c in sorted(counts))
    return ShardsTakenError(
        f"another process serves {where} with SHARD_COUNT={found} (1: unsharded), this one with"
        f" {shards.count}: each would serve some of the other's servers; every process of a deployment"
        f" needs the same SHARD_COUNT and SHARD_IDS of its own"
    )


@asynccontextmanager
async def claimed(settings: Settings, *, on_lost: Callable[[str], None] | None = None) -> AsyncIterator[Shards]:
    """Hold the shards this process serves until the block ends; ShardsTakenError if another holds one.

    `on_lost` is told (with what happened) if the claim ends before the block does: on PostgreSQL
    when the session holding its locks closes (a restarted server, a terminated backend, a dropped
    connection), which drops the locks with it. SQLite's locks are the kernel's, held by this
    process until it ends."""
    if (settings.shard_count or 1) > MAX_SHARD_COUNT:  # before listing its shards: 10**20 of them would not fit
        raise ShardsTakenError(f"SHARD_COUNT above {MAX_SHARD_COUNT} cannot be claimed")
    shards = Shards.of(settings)
    if is_postgres_url(settings.database_url):
        async with _postgres(settings.database_url, shards, on_lost):
            yield shards
    else:
        with _sqlite(settings.sqlite_path, shards):
            yield shards


# --- SQLite: flock files beside the database -------------------------------------------------------


def shard_lock_path(database: Path, count: int, shard: int) -> Path:
    return database.with_name(f"{database.name}.shard-{shard}-of-{count}.lock")


@contextmanager
def _sqlite(database: Path, shards: Shards) -> Iterator[None]:
    if fcntl is None or str(database) == ":memory:":
        yield
        return
    where = str(database)
    with ExitStack() as held:
        taken = []
        for shard in shards.ids:
            fd = _open(database, shard_lock_path(database, shards.count, shard))
            held.callback(os.close, fd)  # closing the descriptor releases the lock
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                taken.append(shard)
        if taken:
            raise _taken(shards, taken, where)
        # Taken first, looked at second: of two processes starting together, at least one sees the other.
        counts = _counts_held(database, shards.count)
        if counts:
            raise _other_count(shards, counts, where)
        yield


def _open(database: Path, path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise DatabaseUnavailableError(
            f"cannot use the SQLite database {database}: cannot create its lock file {path} ({exc.strerror or exc})"
        ) from None


def _counts_held(database: Path, count: int) -> set[int]:
    """The SHARD_COUNTs other than `count` that a running process holds a shard of on `database`."""
    assert fcntl is not None
    pattern = glob.escape(str(database)) + ".shard-*-of-*.lock"
    found: set[int] = set()
    for name in glob.glob(pattern):
        match = re.search(r"\.shard-[0-9]+-of-([0-9]+)\.lock$", name)
        if match is None or int(match[1]) == count or int(match[1]) in found:
            continue
        try:
            fd = os.open(name, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            found.add(int(match[1]))
        finally:
            os.close(fd)
    return found


# --- PostgreSQL: session advisory locks ------------------------------------------------------------


def lock_keys(schema: str, count: int, shard: int) -> tuple[int, int]:
    """The two-key advisory lock of one shard: the schema (one bot's tables), then count and shard."""
    return zlib.crc32(f"hipthrust shards {schema}".encode()) & 0x7FFFFFFF, count << 16 | shard


async def claim_connection(url: str) -> asyncpg.Connection:
    """The connection a PostgreSQL claim holds its locks on, its server probing it (SERVER_KEEPALIVES)."""
    import asyncpg

    from bot.db.postgres import without_password

    try:
        return await asyncpg.connect(url, server_settings=SERVER_KEEPALIVES)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as exc:
        reason = without_password(str(exc), url)
        raise DatabaseUnavailableError(f"cannot connect to PostgreSQL at {redact_url(url)}: {reason}") from None


@asynccontextmanager
async def _postgres(url: str, shards: Shards, on_lost: Callable[[str], None] | None) -> AsyncIterator[None]:
    conn = await claim_connection(url)
    told: list[str] = []
    try:
        schema = str(await conn.fetchval("SELECT current_schema()"))
        where = f"PostgreSQL {redact_url(url)} (schema {schema})"
        taken = []
        for shard in shards.ids:
            if not await conn.fetchval("SELECT pg_try_advisory_lock($1, $2)", *lock_keys(schema, shards.count, shard)):
                taken.append(shard)
        if taken:
            raise _taken(shards, taken, where)
        key = lock_keys(schema, shards.count, 0)[0]
        rows = await conn.fetch(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2"
            " AND classid = $1::bigint::oid AND pid <> pg_backend_pid()"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            key,
        )
        counts = {int(row["objid"]) >> 16 for row in rows} - {shards.count}
        if counts:
            raise _other_count(shards, counts, where)

        if on_lost is None:
            yield
            return

        def tell(why: str) -> None:  # once: a session found dead may close afterwards too
            if not told:
                told.append(why)
                on_lost(f"the session holding the claim on {shards.name(shards.ids)} at {where} {why}")

        def closed(_: object) -> None:
            tell("closed, and its locks with it: another process may serve them now")

        conn.add_termination_listener(closed)
        heartbeat = asyncio.create_task(_heartbeat(conn, tell), name="shard-claim-heartbeat")
        try:
            yield
        finally:
            heartbeat.cancel()
            await asyncio.wait([heartbeat])  # out of the connection before it closes
            conn.remove_termination_listener(closed)  # closing it here is no loss
    finally:
        if told:  # a connection found dead would keep a graceful close waiting
            conn.terminate()
        else:
            await conn.close()  # the server drops the session's locks with it


async def _heartbeat(conn: asyncpg.Connection, tell: Callable[[str], None]) -> None:
    """Ask the claim's server for an answer every HEARTBEAT_SECONDS; `tell` when none comes in
    time. A connection that closes is the termination listener's to tell."""
    import asyncpg

    while True:
        await asyncio.sleep(HEARTBEAT_SECONDS)
        try:
            await conn.fetchval("SELECT 1", timeout=HEARTBEAT_TIMEOUT)
        except TimeoutError:
            tell(
                f"did not answer for {HEARTBEAT_TIMEOUT:g} s: the server drops its locks once it finds the"
                " connection dead, and another process may serve them then"
            )
            return
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            return
