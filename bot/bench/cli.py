"""`python -m bot.bench`: run every phase in order and report.

    python -m bot.bench                 # the full run of issue 32 (about five minutes)
    python -m bot.bench --quick         # a small run for CI (well under a minute)
    python -m bot.bench --json out.json # where the figures go (default: bench-results.json)
    python -m bot.bench --rtt 50        # Discord's answers take 50 ms to come back, as over the internet

Phases: seed; start (cold sync, then sync skipped); capacity (each of /ping, /log, /history,
/nudge alone in a closed loop); steady load (a mix at fixed arrival rates, open loop); /progress
alone. Exit status 0 when the run completed (targets met or not; see the JSON's
all_targets_met), 1 when `--strict` is given and a target was missed, 2 when the run failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.bench.botproc import BotProcess, descendants, keep_off, rss_mb, running
from bot.bench.load import PostgresBackends, capacity, collect_now, steady, warm_up
from bot.bench.phases import EXPECTED, FULL, QUICK, Plan, add_users, progress_alone, start
from bot.bench.report import finish
from bot.bench.sandbox_timings import empty_database
from bot.bench.seed import seed, seed_postgres
from bot.bench.stats import command_figures
from bot.bench.storm import Firer, Shot
from bot.runtime import loop_factory
from bot.sandbox.core import RecordedRequest
from bot.sandbox.imitation import Imitation

DEFAULT_JSON = Path("bench-results.json")


def _ok(firer: Firer) -> Any:
    def check(shot: Shot) -> bool:
        message = firer.text_of(shot)
        return message is not None and EXPECTED[shot.command.split()[0]](message)

    return check


def round_trip(seconds: float) -> Callable[[RecordedRequest], Awaitable[None]]:
    """What the imitation awaits before each answer leaves: the way back from Discord."""

    async def travel(request: RecordedRequest) -> None:
        await asyncio.sleep(seconds)

    return travel


async def run(plan: Plan, workdir: Path, *, rng_seed: int = 32, database: str | None = None,
              rtt_ms: float = 0.0) -> dict[str, Any]:
    """Every phase, in order; returns the figures (targets are added by report.finish).

    `database` is a postgresql:// URL whose search_path names an empty schema; default SQLite.
    With `rtt_ms`, each of the imitation's answers to the bot's requests leaves that long after
    its request has done its work: what the bot waits for Discord's replies over the internet
    (on loopback, microseconds). What users see is not held back, so latencies are still the bot's.
    """
    load_before = os.getloadavg()
    rng = random.Random(rng_seed)
    db: Path | str = workdir / "bench.db" if database is None else database
    async with Imitation() as imitation:
        if rtt_ms:
            imitation.core.answer_travel = round_trip(rtt_ms / 1000)
        firer = Firer(imitation)
        ok = _ok(firer)
        users = add_users(imitation, plan.users)
        ids = [u.id for u in users]
        if isinstance(db, Path):
            seeded = await asyncio.to_thread(seed, db, ids, plan.entries)
        else:
            seeded = await seed_postgres(db, ids, plan.entries)
        by_id = {u.id: u for u in users}
        pinger = imitation.scenario.member
        # /progress has a per-user cooldown: each chart of the run comes from a lifter of its own.
        chart_once = iter(rng.sample(seeded.lifters, len(seeded.lifters)))

        # Each bot is stopped however its block ends: a phase that fails leaves no bot behind.
        async with running(BotProcess(imitation, db, workdir)) as cold_bot:
            cold = await start(cold_bot, firer, pinger)
        async with running(BotProcess(imitation, db, workdir)) as bot:
            skipped = await start(bot, firer, pinger)
            cpus = keep_off(bot.pid)
            await asyncio.sleep(0.5)  # let start-up work settle before reading memory
            rss_start = rss_mb(bot.pid)

            server = None if isinstance(db, Path) else PostgresBackends(db)
            await warm_up(firer, plan, seeded.lifters, by_id)
            try:
                capacity_rows = await capacity(firer, bot, plan, seeded.lifters, by_id, ok, server)
                steady_rates = await steady(firer, bot, plan, seeded.lifters, by_id, chart_once, rng, ok, server)
            finally:
                if server is not None:
                    await server.close()
            rss_loaded = rss_mb(bot.pid)
            worker_rss = sum(rss_mb(pid) for pid in descendants(bot.pid))
            collect_now()
            alone = await progress_alone(firer, chart_once, by_id, plan.progress_alone)
            ledger_misses = len(imitation.core.ledger.deadline_misses())
    return {
        "version": 2,
        "plan": asdict(plan),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                    "load_before": [round(x, 2) for x in load_before], "cpus_used": cpus,
                    "load_after": [round(x, 2) for x in os.getloadavg()]},
        "database": "sqlite" if isinstance(db, Path) else "postgresql",
        "rtt_ms": rtt_ms,
        "seed": {"users": plan.users, "entries": seeded.entries, "seconds": round(seeded.seconds, 2),
                 "size_mb": round(seeded.size_mb, 1)},
        "capacity": capacity_rows,
        "steady": steady_rates,
        "alone": {"start": {"cold_sync": asdict(cold), "sync_skipped": asdict(skipped)},
                  "progress": command_figures(alone, final=True, ok=ok),
                  "rss_mb": {"after_start": round(rss_start, 1), "after_load": round(rss_loaded, 1),
                             "chart_worker_after_load": round(worker_rss, 1)}},
        "imitation_deadline_misses": ledger_misses,
        "problems": cold_bot.problems + bot.problems,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small run (CI): same phases, fewer of each")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the figures")
    parser.add_argument("--workdir", type=Path, help="keep the database here (default: a temporary folder)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--database", help="a postgresql:// URL: run on a fresh schema there (default: SQLite)")
    parser.add_argument("--rtt", type=float, default=0.0, metavar="MS",
                        help="hold each of Discord's answers this long, as the internet does (default: 0, loopback)")
    args = parser.parse_args(argv)
    if not 0 <= args.rtt <= 1000:
        parser.error("--rtt must be from 0 to 1000 (milliseconds)")
    plan = QUICK if args.quick else FULL
    try:
        with contextlib.ExitStack() as stack:
            database = None
            if args.database is not None:
                database = stack.enter_context(empty_database(args.database))
            if args.workdir is not None:
                args.workdir.mkdir(parents=True, exist_ok=True)
                workdir = args.workdir
            else:
                workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hipthrust-bench-")))
            # The imitation stands in for Discord, which costs a real bot's machine nothing: on
            # uvloop (as the bot runs) it takes less of the two cores it shares with the bot.
            with asyncio.Runner(loop_factory=loop_factory()) as runner:
                result = runner.run(run(plan, workdir, database=database, rtt_ms=args.rtt))
    except (RuntimeError, TimeoutError, OSError) as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 2
    result["quick"] = args.quick
    print(finish(result, args.json))
    print(f"\nfigures written to {args.json}")
    return 1 if args.strict and not result["all_targets_met"] else 0
