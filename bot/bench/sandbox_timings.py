"""Measure the sandbox: process start → ready (cold sync, sync skipped), /ping and /log round trips.

    python -m bot.bench.sandbox_timings [--runs 3] [--pings 100] [--database postgresql://…]

Each start is a fresh process (`--child`) timed from spawn until it prints READY, so Python's
own start-up and imports are included. Every run gets an empty database: a new SQLite file, or
with `--database` a new schema in that PostgreSQL database (dropped after). Numbers are for
information, never asserted in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import launch, sandbox_settings, stop


async def _schema(base: str, name: str, create: bool) -> None:
    import asyncpg

    admin = await asyncpg.connect(base)
    try:
        await admin.execute(f'CREATE SCHEMA "{name}"' if create else f'DROP SCHEMA "{name}" CASCADE')
    finally:
        await admin.close()


@contextmanager
def empty_database(postgres: str | None) -> Iterator[str]:
    """A database URL with nothing in it yet, removed afterwards."""
    if postgres is None:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    from bot.db.postgres import with_search_path

    name = f"bench_{secrets.token_hex(6)}"
    asyncio.run(_schema(postgres, name, create=True))
    try:
        yield with_search_path(postgres, name)
    finally:
        asyncio.run(_schema(postgres, name, create=False))


async def _ready_then(url: str, sync: str, pings: int) -> tuple[list[float], list[float]]:
    from bot.runtime import open_bot

    async with Imitation() as imitation:
        driver = Driver(imitation)
        settings = replace(sandbox_settings(imitation, Path("unused.db")), database_url=url)
        async with open_bot(settings, sync=sync, guild_ready_timeout=0.05) as bot:
            runner = await launch(bot, imitation, driver)
            if not pings:  # the child's signal to the timing parent
                print("READY", flush=True)
            if sync == "never" and pings:
                await bot.tree.sync()  # the imitation starts empty: /ping must exist to be timed
            rounds = []
            for _ in range(pings):
                began = time.perf_counter()
                reply = await driver.slash("ping")
                rounds.append(time.perf_counter() - began)
                assert reply.content.startswith("Pong")
            logs = []
            for i in range(pings):  # each /log reads the history and writes one entry
                began = time.perf_counter()
                reply = await driver.slash("log", weight=100 + i % 3 * 2.5, reps=8)
                logs.append(time.perf_counter() - began)
                assert reply.content.startswith("**Logged**"), reply.content
            await stop(bot, runner)
    return rounds, logs


def _start_to_ready(sync: str, postgres: str | None) -> float:
    with empty_database(postgres) as url:
        began = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "bot.bench.sandbox_timings", "--child", sync, "--url", url],
            stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("READY"):
                elapsed = time.perf_counter() - began
                break
        else:
            raise RuntimeError("the child never became ready")
        child.wait(timeout=60)
        return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.bench.sandbox_timings")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pings", type=int, default=100)
    parser.add_argument("--database", help="a postgresql:// URL (default: SQLite files)")
    parser.add_argument("--child", choices=["force", "never"])
    parser.add_argument("--url")
    args = parser.parse_args(argv)
    if args.child:
        asyncio.run(_ready_then(args.url, args.child, 0))
        return 0
    print(f"database: {'PostgreSQL' if args.database else 'SQLite'}")
    for sync, label in (("force", "cold sync"), ("never", "sync skipped")):
        times = [_start_to_ready(sync, args.database) for _ in range(args.runs)]
        print(f"process start -> ready, {label}: median {statistics.median(times):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)})")
    with empty_database(args.database) as url:
        rounds, logs = asyncio.run(_ready_then(url, "force", args.pings))
    for name, times in (("/ping", rounds), ("/log", logs)):
        print(f"{name} round trip over {len(times)}: median {statistics.median(times) * 1000:.1f} ms, "
              f"p90 {statistics.quantiles(times, n=10)[-1] * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
