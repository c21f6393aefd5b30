"""Measure the sandbox: process start → ready (cold sync, sync skipped) and /ping round trips.

    python -m bot.sandbox.bench [--runs 3] [--pings 100]

Each start is a fresh process (`--child`) timed from spawn until it prints READY, so Python's
own start-up and imports are included. Numbers are for information, never asserted in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import launch, sandbox_settings, stop


async def _ready_then(db: Path, sync: str, pings: int) -> list[float]:
    from bot.runtime import open_bot

    async with Imitation() as imitation:
        driver = Driver(imitation)
        async with open_bot(sandbox_settings(imitation, db), sync=sync,
                            guild_ready_timeout=0.05) as bot:
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
            await stop(bot, runner)
    return rounds


def _start_to_ready(sync: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "bot.sandbox.bench", "--child", sync, "--db",
             str(Path(tmp) / "bench.db")], stdout=subprocess.PIPE, text=True)
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
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox.bench")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pings", type=int, default=100)
    parser.add_argument("--child", choices=["force", "never"])
    parser.add_argument("--db", type=Path)
    args = parser.parse_args(argv)
    if args.child:
        asyncio.run(_ready_then(args.db, args.child, 0))
        return 0
    for sync, label in (("force", "cold sync"), ("never", "sync skipped")):
        times = [_start_to_ready(sync) for _ in range(args.runs)]
        print(f"process start -> ready, {label}: median {statistics.median(times):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)})")
    with tempfile.TemporaryDirectory() as tmp:
        rounds = asyncio.run(_ready_then(Path(tmp) / "bench.db", "force", args.pings))
    print(f"/ping round trip over {len(rounds)}: median {statistics.median(rounds) * 1000:.1f} ms, "
          f"p90 {statistics.quantiles(rounds, n=10)[-1] * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
