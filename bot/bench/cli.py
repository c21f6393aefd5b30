"""`python -m bot.bench`: run every phase in order and report.

    python -m bot.bench                 # the full run of issue 21 (a few minutes)
    python -m bot.bench --quick         # a small run for CI (well under a minute)
    python -m bot.bench --json out.json # where the figures go (default: bench-results.json)

Exit status 0 when the run completed (targets met or not; see the JSON's all_targets_met),
1 when `--strict` is given and a target was missed, 2 when the run itself failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.bench.botproc import BotProcess, cpu_times, descendants, rss_mb
from bot.bench.phases import EXPECTED, FULL, QUICK, Plan, add_users, progress_alone, start, storm_shots
from bot.bench.report import finish
from bot.bench.sandbox_timings import empty_database
from bot.bench.seed import seed, seed_postgres
from bot.bench.stats import command_figures, lag_figures, ratio
from bot.bench.storm import Firer, Shot
from bot.runtime import loop_factory
from bot.sandbox.imitation import Imitation

DEFAULT_JSON = Path("bench-results.json")


def _ok(firer: Firer) -> Any:
    def check(shot: Shot) -> bool:
        message = firer.text_of(shot)
        return message is not None and EXPECTED[shot.command](message)

    return check


def _storm_table(firer: Firer, shots: list[Shot]) -> dict[str, dict[str, Any]]:
    ok = _ok(firer)
    by = {name: [s for s in shots if s.command == name] for name in ("log", "history", "nudge", "ping", "progress")}
    rows = {f"/{name}": command_figures(group, final=False, ok=ok) for name, group in by.items() if name != "progress"}
    rows["/progress (ack)"] = command_figures(by["progress"], final=False, ok=ok)
    rows["/progress (final)"] = command_figures(by["progress"], final=True, ok=ok)
    return rows


def _delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {key: round(after[key] - before[key], 2) for key in before}


async def run(plan: Plan, workdir: Path, *, rng_seed: int = 21, database: str | None = None) -> dict[str, Any]:
    """Every phase, in order; returns the figures (targets are added by report.finish).

    `database` is a postgresql:// URL whose search_path names an empty schema; default SQLite.
    """
    load_before = os.getloadavg()
    rng = random.Random(rng_seed)
    db: Path | str = workdir / "bench.db" if database is None else database
    async with Imitation() as imitation:
        firer = Firer(imitation)
        users = add_users(imitation, plan.users)
        ids = [u.id for u in users]
        if isinstance(db, Path):
            seeded = await asyncio.to_thread(seed, db, ids, plan.entries)
        else:
            seeded = await seed_postgres(db, ids, plan.entries)
        by_id = {u.id: u for u in users}
        pinger = imitation.scenario.member

        cold_bot = BotProcess(imitation, db, workdir)
        cold = await start(cold_bot, firer, pinger)
        await cold_bot.stop()
        bot = BotProcess(imitation, db, workdir)
        skipped = await start(bot, firer, pinger)
        await asyncio.sleep(0.5)  # let start-up work settle before reading memory
        rss_start = rss_mb(bot.pid)
        began_all = time.monotonic()

        shots = storm_shots(plan, seeded.lifters, by_id, rng)
        storm_began, cpu_before, own_before = time.monotonic(), cpu_times(bot.pid), cpu_times(os.getpid())
        storm_seconds = await firer.storm(shots, plan.in_flight)
        storm_ended, cpu_after, own_after = time.monotonic(), cpu_times(bot.pid), cpu_times(os.getpid())
        rss_storm = rss_mb(bot.pid)
        worker_rss = sum(rss_mb(pid) for pid in descendants(bot.pid))

        charted = {s.user.id for s in shots if s.command == "progress"}
        alone_began = time.monotonic()
        alone = await progress_alone(firer, seeded.lifters, by_id, plan.progress_alone, charted)
        alone_ended = time.monotonic()
        ledger_misses = len(imitation.core.ledger.deadline_misses())
        await bot.stop()
    rows = _storm_table(firer, shots)
    p50 = {name: row["p50_ms"] for name, row in rows.items()}
    return {
        "version": 1,
        "plan": asdict(plan),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                    "load_before": [round(x, 2) for x in load_before],
                    "load_after": [round(x, 2) for x in os.getloadavg()]},
        "database": "sqlite" if isinstance(db, Path) else "postgresql",
        "seed": {"users": plan.users, "entries": seeded.entries, "seconds": round(seeded.seconds, 2),
                 "size_mb": round(seeded.size_mb, 1)},
        "start": {"cold_sync": asdict(cold), "sync_skipped": asdict(skipped)},
        "rss_mb": {"after_start": round(rss_start, 1), "after_storm": round(rss_storm, 1),
                   "chart_worker_after_storm": round(worker_rss, 1)},
        "storm": {"shots": len(shots), "in_flight": plan.in_flight, "seconds": round(storm_seconds, 2),
                  "throughput_per_s": round(len(shots) / storm_seconds, 1), "commands": rows,
                  "bot_cpu": _delta(cpu_before, cpu_after), "bench_cpu": _delta(own_before, own_after)},
        "progress_alone": command_figures(alone, final=True, ok=_ok(firer)),
        "ratios": {
            "log_p50_over_ping_p50": round(ratio(p50["/log"], p50["/ping"]), 3),
            "history_p50_over_ping_p50": round(ratio(p50["/history"], p50["/ping"]), 3),
            "nudge_p50_over_ping_p50": round(ratio(p50["/nudge"], p50["/ping"]), 3),
        },
        "loop_lag_ms": {
            "storm": lag_figures(bot.lag, storm_began, storm_ended),
            "progress_alone": lag_figures(bot.lag, alone_began, alone_ended),
            "whole_run": lag_figures(bot.lag, began_all, alone_ended),
        },
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
    args = parser.parse_args(argv)
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
                result = runner.run(run(plan, workdir, database=database))
    except (RuntimeError, TimeoutError, OSError) as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 2
    result["quick"] = args.quick
    print(finish(result, args.json))
    print(f"\nfigures written to {args.json}")
    return 1 if args.strict and not result["all_targets_met"] else 0
