"""Wiring shared by the CLI, the sandbox and the tests: endpoints, and the bot's lifetime."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from typing import Any

import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.client import HipThrustBot, build_bot
from bot.db import connection
from bot.db.store import Store
from bot.interactions.heartbeat import record_heartbeat_sends
from bot.interactions.json_codec import use_orjson
from bot.operations import cpu, db_lock, shard_claim
from bot.operations.bot_state import BotState
from bot.operations.charts import CountedCharts
from bot.operations.metrics import Metrics
from bot.operations.server import serving
from bot.settings import Settings, is_postgres_url

log = logging.getLogger(__name__)

# How long a thread that wants the GIL waits before the running one must let go (Python's
# default is 5 ms). The database runs on aiosqlite's threads, which let go of the GIL for every
# SQLite step and must then win it back from the busy event loop. Issue 21 (threads on any CPU)
# chose 0.05 ms over 0.5 ms for the database commands' latency in a storm. Since issue 32 keeps
# every thread of the bot on one CPU (see bot.operations.cpu), each forced hand-over is a
# context switch on that CPU: capacity A/B, three times two rounds, median CPU per command
# 0.05 → 0.5 ms: /ping 0.64 → 0.48 ms, /log 1.52 → 1.34, /history 2.18 → 1.85, /nudge
# 1.39 → 1.18 (2 ms: 0.54, 1.44, 2.05, 1.23).
GIL_SWITCH_INTERVAL = 0.0005
# Python's cyclic garbage collector, tuned for a long-lived process that makes many short-lived
# objects per interaction: a young collection every 10,000 allocations instead of 700, and what
# exists once the bot is ready (modules, the command tree, caches) frozen out of every later
# collection. Issue 21's /log storm: GC time 0.15 -> 0.03 s, longest pause 54 -> 8 ms.
GC_THRESHOLD = (10_000, 10, 10)


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop where it is installed (Linux, macOS), else asyncio's own.

    Every interaction costs the loop a websocket read and an HTTP request; uvloop does that
    socket work in C (issue 21's benchmark: see docs/performance.md).
    """
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def apply_endpoints(settings: Settings) -> None:
    """Point discord.py at another REST base or gateway (a proxy, or the local sandbox).

    Every route is `Route.BASE` plus its path, so the base carries the API version. discord.py
    calls `with_query` on the default gateway, so it must be a `yarl.URL`, not a string.
    """
    if settings.api_base:
        discord.http.Route.BASE = settings.api_base
    if settings.gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


@asynccontextmanager
async def open_bot(settings: Settings, **bot_options: Any) -> AsyncIterator[HipThrustBot]:
    """Open the database and build the bot; on exit close the bot, then the database.

    Migrations run in the bot's setup_hook, once the event loop is the bot's own.
    """
    apply_endpoints(settings)
    record_heartbeat_sends()  # or a fast gateway (the sandbox's) makes discord.py warn it is 41 s behind
    use_orjson()  # orjson, and the standard library's json for what it refuses
    async with AsyncExitStack() as stack:
        if not is_postgres_url(settings.database_url):
            connection.check_file_path(settings.sqlite_path)  # before the lock file goes beside it
            # A mistyped path would start on a new, empty database: say so, where, in the first line.
            new = "" if settings.sqlite_path.exists() else " (a new file: no database was there)"
            log.info("database: %s%s", settings.database_named(), new)
            # Held while the bot runs, so `python -m bot restore` can tell (see db_lock).
            stack.enter_context(db_lock.running_bot(settings.sqlite_path))
        else:
            log.info("database: %s", settings.database_named())
        store = await Store.open(settings.database_url, run_migrations=False)  # refuses a newer schema
        bot = build_bot(settings, store, **bot_options)
        instrument(bot)
        try:
            async with bot:
                yield bot
        finally:
            await store.close()



def instrument(bot: HipThrustBot) -> Metrics:
    """Connect the bot's database, chart renderer and state to its metrics."""
    metrics = bot.metrics
    bot.store.db.job_observer = metrics.job_done
    bot.charts = CountedCharts(bot.charts, metrics)
    metrics.watch(BotState(bot))
    return metrics


async def run(settings: Settings, **bot_options: Any) -> None:
    """Run until the gateway closes or SIGINT/SIGTERM asks us to stop."""
    assert settings.token is not None
    for line in settings.config_warnings:
        log.warning("%s", line)
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)  # the whole process's setting: set where it starts
    gc.set_threshold(*GC_THRESHOLD)
    async with open_bot(settings, **bot_options) as bot, AsyncExitStack() as stack:
        cpu.run_helpers_as_batch()  # the database's threads are open by now
        # One process per shard on a database: a second one refuses here, before it logs in, and
        # one whose claim ends while it runs stops (a supervisor's restart claims it again).
        lost: list[str] = []
        stopping = Stopping(bot)

        def claim_lost(why: str) -> None:
            lost.append(why)  # said once, as the process stops (bot.__main__)
            log.info("the shard claim ended; shutting down")
            stopping.stop()

        await stack.enter_async_context(shard_claim.claimed(settings, on_lost=claim_lost))
        if settings.metrics_port is not None:  # up before the gateway: /readyz says 503 until it is
            await stack.enter_async_context(
                serving(bot, bot.metrics, settings.metrics_host, settings.metrics_port)
            )
        loop = asyncio.get_running_loop()
        freezer = loop.create_task(_freeze_when_ready(bot), name="gc-freeze")
        for signum in (signal.SIGINT, signal.SIGTERM):
            with suppress(NotImplementedError):
                loop.add_signal_handler(signum, _stop, stopping, signum)
        try:
            await stopping.serve(bot.start(settings.token.reveal()))
        finally:
            freezer.cancel()
        if lost:
            raise shard_claim.ShardClaimLostError(lost[0])


async def _freeze_when_ready(bot: HipThrustBot) -> None:
    await bot.wait_until_ready()
    gc.freeze()


def _stop(stopping: Stopping, signum: int) -> None:
    log.info("received %s; shutting down", signal.Signals(signum).name)
    stopping.stop()


# How long the gateway has, once the bot is closed, to end by itself before it is cancelled.
GATEWAY_GRACE = 2.0


class Stopping:
    """Closes the bot once, from a callback (a signal, a lost shard claim), then ends the gateway.

    Connected, or connecting (closing the bot ends the attempt), the gateway ends as soon as the bot
    is closed. Cut off from Discord, discord.py's reconnect loop sleeps out its backoff (random, up
    to 2**10 s: 17 minutes) before it looks whether the bot was closed; meanwhile the process would
    not stop, and the database would stay open, until a supervisor killed it. Nothing is left for
    the loop to do once the bot is closed: after `GATEWAY_GRACE` the gateway is cancelled."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client
        self.gateway: asyncio.Task[None] | None = None
        self.ended_gateway = False  # cancelled here, once the bot was closed
        self._closing: asyncio.Task[None] | None = None  # the loop keeps only weak references

    async def serve(self, gateway: Coroutine[Any, Any, None]) -> None:
        """Run `gateway` (the bot's `start`) to its end, a cancellation made by `stop` included."""
        self.gateway = asyncio.get_running_loop().create_task(gateway, name="gateway")
        try:
            await self.gateway
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if not self.ended_gateway or (current is not None and current.cancelling()):
                raise  # not ours: this task itself is being cancelled

    def stop(self) -> None:
        """Close the bot (once), then end the gateway."""
        if self._closing is None:
            self._closing = asyncio.get_running_loop().create_task(self._close(), name="shutdown")

    async def _close(self) -> None:
        await self.client.close()
        gateway = self.gateway
        if gateway is None or gateway.done():
            return
        _, pending = await asyncio.wait({gateway}, timeout=GATEWAY_GRACE)
        if pending:
            log.info("the gateway was still waiting to reconnect; ended")
            self.ended_gateway = True
            gateway.cancel()


async def sync_only(settings: Settings) -> None:
    """Log in, force a command sync (setup_hook runs it), and leave without connecting."""
    assert settings.token is not None
    async with open_bot(settings, sync="force") as bot:
        await bot.login(settings.token.reveal())
