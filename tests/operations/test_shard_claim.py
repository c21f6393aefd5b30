"""One process per shard on a database: a second process serving the same shard refuses to start."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bot.operations import shard_claim
from bot.operations.shard_claim import Shards, ShardsTakenError
from bot.settings import Settings, is_postgres_url
from tests.paths import REPO
from tests.postgres_helpers import end_claim_session, fresh_schema


def sharded(url: str, count: int | None = None, ids: tuple[int, ...] | None = None) -> Settings:
    return Settings(database_url=url, shard_count=count, shard_ids=ids)


@asynccontextmanager
async def another_database(url: str, tmp_path: Path) -> AsyncIterator[str]:
    """Another bot's database beside `url`'s: another SQLite file in its folder, or another schema
    of the same PostgreSQL database."""
    if not is_postgres_url(url):
        yield f"sqlite:///{tmp_path / 'another.db'}"
        return
    async with fresh_schema() as other:
        yield other


def test_the_shards_a_process_serves() -> None:
    assert Shards.of(Settings()) == Shards(1, (0,))
    assert Shards.of(Settings(shard_count=4)) == Shards(4, (0, 1, 2, 3))
    assert Shards.of(Settings(shard_count=4, shard_ids=(2, 3))) == Shards(4, (2, 3))


@pytest.mark.parametrize("count", [40_000, 10**20])
async def test_a_shard_count_above_what_can_be_claimed_is_refused_in_words(count: int, tmp_path: Path) -> None:
    # SHARD_COUNT=99999999999999999999 without SHARD_IDS ended the start with an OverflowError's
    # traceback: every shard of the count was listed before the count was checked.
    with pytest.raises(ShardsTakenError, match=r"^SHARD_COUNT above 32767 cannot be claimed$"):
        async with shard_claim.claimed(sharded(f"sqlite:///{tmp_path / 'bot.db'}", count)):
            pass


async def test_a_second_unsharded_process_on_one_database_is_refused(database_url: str) -> None:
    async with shard_claim.claimed(sharded(database_url)):
        with pytest.raises(ShardsTakenError) as refused:
            async with shard_claim.claimed(sharded(database_url)):
                pass
    message = str(refused.value)
    assert message.startswith("another process already serves this bot (unsharded: shard 0 of 1) on ")
    assert "both answer every command; stop the other process, or give each process its own SHARD_IDS" in message
    async with shard_claim.claimed(sharded(database_url)):  # released with the first process
        pass


async def test_shard_processes_with_their_own_shards_share_one_database(database_url: str) -> None:
    async with (
        shard_claim.claimed(sharded(database_url, 4, (0, 1))),
        shard_claim.claimed(sharded(database_url, 4, (2, 3))),
    ):
        with pytest.raises(ShardsTakenError, match=r"already serves shard 1 of 4 on "):
            async with shard_claim.claimed(sharded(database_url, 4, (1,))):
                pass
        with pytest.raises(ShardsTakenError, match=r"already serves shards 0, 1, 2, 3 of 4 on "):
            async with shard_claim.claimed(sharded(database_url, 4)):  # every shard: all of them taken
                pass
    async with shard_claim.claimed(sharded(database_url, 4, (1,))):  # nothing left of the refused claims
        pass


async def test_processes_with_different_shard_counts_are_refused(database_url: str) -> None:
    async with shard_claim.claimed(sharded(database_url, 2, (1,))):
        with pytest.raises(ShardsTakenError, match=r"with SHARD_COUNT=2 \(1: unsharded\), this one with 1: each"):
            async with shard_claim.claimed(sharded(database_url)):
                pass
        async with shard_claim.claimed(sharded(database_url, 2, (0,))):
            pass


async def test_another_bot_in_another_schema_or_file_is_not_this_one(database_url: str, tmp_path: Path) -> None:
    """Two bots, each on its own file or schema (of one PostgreSQL database), hold shard 0 at once,
    and one may serve another SHARD_COUNT than the other; each claim is real: a second process on
    either bot's database is refused."""
    async with another_database(database_url, tmp_path) as other, shard_claim.claimed(sharded(database_url)):
        async with shard_claim.claimed(sharded(other)):
            for url in (database_url, other):
                with pytest.raises(ShardsTakenError, match=r"already serves this bot \(unsharded: shard 0 of 1\) on "):
                    async with shard_claim.claimed(sharded(url)):
                        pass
        async with shard_claim.claimed(sharded(other, 2)):
            with pytest.raises(ShardsTakenError, match=r"already serves shard 0 of 2 on "):
                async with shard_claim.claimed(sharded(other, 2, (0,))):
                    pass


HOLD = """
import asyncio, sys
from bot.operations import shard_claim
from bot.settings import Settings

async def main():
    async with shard_claim.claimed(Settings(database_url=sys.argv[1])):
        print("held", flush=True)
        await asyncio.sleep(60)

asyncio.run(main())
"""


@pytest.mark.slow
async def test_a_killed_process_leaves_its_shard_free(database_url: str) -> None:
    holder = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLD, database_url, stdout=asyncio.subprocess.PIPE, cwd=REPO)
    try:
        assert holder.stdout is not None
        assert await asyncio.wait_for(holder.stdout.readline(), 30) == b"held\n"
        with pytest.raises(ShardsTakenError):
            async with shard_claim.claimed(sharded(database_url)):
                pass
        holder.kill()  # SIGKILL: the kernel (and the server, its connection closed) drop the lock
        await holder.wait()
        for _ in range(100):
            with contextlib.suppress(ShardsTakenError):
                async with shard_claim.claimed(sharded(database_url)):
                    break
            await asyncio.sleep(0.05)
        else:
            pytest.fail("the claim outlived the process")
    finally:
        with contextlib.suppress(ProcessLookupError):
            holder.kill()
        await holder.wait()


async def test_a_claim_whose_session_ends_says_so_and_frees_its_shard() -> None:
    """PostgreSQL drops a session's advisory locks with the session (a restarted server, a terminated
    backend, a dropped connection): the bot is told, to stop, as another process may claim the shard
    now. SQLite's locks are the kernel's, held until the process ends."""
    async with fresh_schema() as url:
        told: list[str] = []
        async with shard_claim.claimed(sharded(url), on_lost=told.append):
            ended = await end_claim_session(url)
            assert ended == 1
            for _ in range(200):
                if told:
                    break
                await asyncio.sleep(0.02)
            assert len(told) == 1
            assert told[0].startswith("the session holding the claim on this bot (unsharded: shard 0 of 1) at ")
            assert told[0].endswith("closed, and its locks with it: another process may serve them now")
            async with shard_claim.claimed(sharded(url)):  # free for another process
                pass
        assert len(told) == 1  # ending the block tells nothing more


async def test_a_claim_released_as_its_block_ends_is_no_loss() -> None:
    """Its own close ends the session too: that is no loss (PostgreSQL; SQLite has no listener)."""
    async with fresh_schema() as url:
        told: list[str] = []
        async with shard_claim.claimed(sharded(url), on_lost=told.append):
            pass
        await asyncio.sleep(0.05)  # asyncpg calls its listeners soon after, never during, the close
        assert told == []


class FreezingProxy:
    """A TCP relay to the test server that can go silent (no FIN, no RST: a cut link, a paused VM)."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.frozen = False
        self.relays: set[asyncio.Task[None]] = set()
        self.accepted: list[asyncio.StreamWriter] = []

    async def __aenter__(self) -> int:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    async def __aexit__(self, *_: object) -> None:
        # asyncpg's cancel request for the timed-out heartbeat connects as the claim is told: let it
        # be accepted first. A connection accepted as the server closes is left open by Python 3.11
        # (its transport's Server._attach fails on the closed server, and nothing closes the socket).
        await asyncio.sleep(0.05)
        self.server.close()
        while self.relays:  # each closes both its sockets as it ends
            for relay in list(self.relays):
                relay.cancel()
            await asyncio.gather(*self.relays, return_exceptions=True)
        for writer in self.accepted:  # and one whose relay was cancelled before it began
            writer.close()
        await self.server.wait_closed()
        await asyncio.sleep(0.05)  # the transports close on the loop's next turns

    def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Every connection as it is accepted (asyncpg's cancel request for the timed-out heartbeat
        can arrive as the server closes): recorded, and relayed by a task of its own."""
        self.accepted.append(writer)
        relay = asyncio.get_running_loop().create_task(self._relay(reader, writer))
        self.relays.add(relay)
        relay.add_done_callback(self.relays.discard)

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream: asyncio.StreamWriter | None = None
        try:
            upstream_reader, upstream = await asyncio.open_connection(*self.target)
            await asyncio.gather(self._pipe(reader, upstream), self._pipe(upstream_reader, writer))
        except OSError:
            pass
        finally:
            writer.close()
            if upstream is not None:
                upstream.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            if not self.frozen:  # frozen: what arrives is dropped, and nothing is closed
                writer.write(data)
                await writer.drain()


async def test_a_claim_whose_connection_goes_silent_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """A connection that dies without a word (no FIN, no RST) looks alive to the termination listener
    until TCP gives up, minutes later: the claim's heartbeat finds it, and the block ends at once."""
    monkeypatch.setattr(shard_claim, "HEARTBEAT_SECONDS", 0.05)
    monkeypatch.setattr(shard_claim, "HEARTBEAT_TIMEOUT", 0.3)
    async with fresh_schema() as url:
        parts = urlsplit(url)
        proxy = FreezingProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
        async with proxy as port:
            through = urlunsplit(parts._replace(netloc=f"{parts.username}@127.0.0.1:{port}"))
            told: list[str] = []
            async with asyncio.timeout(10):
                async with shard_claim.claimed(sharded(through), on_lost=told.append):
                    await asyncio.sleep(0.3)
                    assert told == []  # answered heartbeats tell nothing
                    proxy.frozen = True
                    for _ in range(200):
                        if told:
                            break
                        await asyncio.sleep(0.02)
                    assert len(told) == 1
                    assert told[0].endswith(
                        "did not answer for 0.3 s: the server drops its locks once it finds the connection dead,"
                        " and another process may serve them then"
                    )
                # (the block ended without waiting on the silent connection)
            assert len(told) == 1
    gc.collect()  # a socket left open here is reported against this test, not a later one


async def test_the_claims_server_probes_its_side_of_the_connection() -> None:
    """The server drops a session whose client went silent only when it probes it (TCP keepalives):
    the claim asks for probes, so a restart can claim the shard within about a minute and a half."""
    async with fresh_schema() as url:
        conn = await shard_claim.claim_connection(url)  # over TCP: keepalives do not apply to a Unix socket
        try:
            shown = {name: await conn.fetchval(f"SHOW {name}") for name in ("tcp_keepalives_idle",
                                                                          "tcp_keepalives_interval",
                                                                          "tcp_keepalives_count")}
        finally:
            await conn.close()
        assert shown == {"tcp_keepalives_idle": "60", "tcp_keepalives_interval": "10", "tcp_keepalives_count": "3"}
        idle, interval, count = (int(v) for v in shard_claim.SERVER_KEEPALIVES.values())
        # The bot stops before the server could let another process claim the shard.
        assert idle + interval * count > shard_claim.HEARTBEAT_SECONDS + shard_claim.HEARTBEAT_TIMEOUT
