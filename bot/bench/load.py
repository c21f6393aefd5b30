"""The two load phases and what they cost: capacity (one command at a time, closed loop) and
steady load (a mix at a fixed arrival rate, open loop).

CPU is read from /proc before and after each phase: the bot's event-loop thread, its other
threads (the database connections' threads and the default executor), its chart worker, on
PostgreSQL the server's processes that serve the bot, and this process (the load generator and
the Discord imitation, which a real bot's machine does not run).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

from bot.bench.botproc import BotProcess, cpu_times, descendants, machine_cpu
from bot.bench.phases import CAPACITY, Plan, capacity_crowds, capacity_shots, steady_shots
from bot.bench.seed import Lifter
from bot.bench.stats import command_figures, lag_figures, spread
from bot.bench.storm import Firer, Shot
from bot.sandbox.model import User

Ok = Callable[[Shot], bool]
SETTLE_S = 1.0  # between phases: answers still in the pipes must not count in the next


def collect_now() -> None:
    """Collect this process's garbage, and leave what is alive out of every later collection
    (`gc.freeze`): before each measured burst and rate, so the load generator never stops for a
    full collection in the middle of one. Its heap (the imitation's messages and the seeded
    lifters, ~110,000 objects and growing) took 35-100 ms a full collection, longer each round: a
    burst it fell in waited that long for its answers, and the bot sat idle (/ping's rounds of one
    run 3,909, 3,434, 3,099 a second; 4,015-4,050 in runs with this)."""
    gc.collect()
    gc.freeze()


class PostgresBackends:
    """The PostgreSQL server processes (backends) serving the bot, when the server runs on this
    machine: where the database work happens on PostgreSQL, as the database threads do it on
    SQLite. Every client backend of the database but the bench's own counts: run on a database
    nothing else uses (`.ci/postgres.sh` starts a throwaway one)."""

    SQL = ("SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname = current_database()"
           " AND pid <> pg_backend_pid()")

    def __init__(self, url: str) -> None:
        self.url = url
        self.conn: Any = None

    async def pids(self) -> list[int]:
        """The backends' process ids now (the bot's pool may open more under load)."""
        if self.conn is None:
            import asyncpg

            self.conn = await asyncpg.connect(self.url)
        return [row["pid"] for row in await self.conn.fetch(self.SQL)]

    async def close(self) -> None:
        if self.conn is not None:
            await self.conn.close()


def _process_cpu(pids: list[int]) -> float:
    """CPU seconds of these processes; one that is gone (or on another machine) counts 0."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            total += cpu_times(pid)["process_cpu_s"]
    return total


async def _snapshot(bot: BotProcess, server: PostgresBackends | None) -> dict[str, float]:
    backends = await server.pids() if server is not None else []
    own, theirs = cpu_times(os.getpid()), cpu_times(bot.pid)
    workers, db_server = _process_cpu(descendants(bot.pid)), _process_cpu(backends)
    return {"wall_s": time.monotonic(), "loop_s": theirs["loop_cpu_s"],
            "other_threads_s": theirs["process_cpu_s"] - theirs["loop_cpu_s"],
            "loop_waited_s": theirs["loop_waited_for_cpu_s"], "chart_worker_s": workers,
            "db_server_s": db_server, "bench_s": own["process_cpu_s"], **machine_cpu()}


def cpu_use(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds each part used between two snapshots, and the wall time between them.

    Never below 0: a thread or process that ended between the two takes its CPU time with it
    (an executor thread that idled out), which would otherwise show as a tiny negative."""
    return {key: max(0.0, round(after[key] - before[key], 3)) for key in before}


_OURS = ("loop_s", "other_threads_s", "chart_worker_s", "db_server_s", "bench_s")


def elsewhere(cpu: dict[str, float]) -> dict[str, float]:
    """What else ran on the machine meanwhile, as a share of one CPU: its busy time beyond the
    bot's, its chart worker's, PostgreSQL's and the benchmark's own (other sessions' work on a
    shared machine), and the time a hypervisor gave to other machines (steal)."""
    wall = max(cpu["wall_s"], 1e-9)
    others = max(0.0, cpu.get("machine_busy_s", 0.0) - sum(cpu[key] for key in _OURS))
    return {"others_share": round(others / wall, 3), "steal_share": round(cpu.get("machine_steal_s", 0.0) / wall, 3)}


def per_command(cpu: dict[str, float], count: int) -> dict[str, float]:
    """CPU milliseconds per command: the bot's loop thread, its other threads, the PostgreSQL
    server's backends (0 on SQLite), all three (`bot_ms`); the bench's."""
    n = max(count, 1)
    total = cpu["loop_s"] + cpu["other_threads_s"] + cpu["db_server_s"]
    return {"loop_ms": round(cpu["loop_s"] * 1000 / n, 3),
            "other_threads_ms": round(cpu["other_threads_s"] * 1000 / n, 3),
            "db_server_ms": round(cpu["db_server_s"] * 1000 / n, 3),
            "bot_ms": round(total * 1000 / n, 3),
            "bench_ms": round(cpu["bench_s"] * 1000 / n, 3)}


async def warm_up(firer: Firer, plan: Plan, lifters: list[Lifter], users: dict[int, User]) -> None:
    """A few of each capacity command first, so no phase pays for first-call imports and caches;
    /log from the last lifters, whose logbooks the capacity bursts do not read."""
    for command in CAPACITY:
        crowd = lifters[-plan.warmup:] if command == "log" else lifters
        await firer.burst(capacity_shots(command, plan.warmup, crowd, users), in_flight=5)
    await asyncio.sleep(SETTLE_S)


async def capacity(firer: Firer, bot: BotProcess, plan: Plan, lifters: list[Lifter], users: dict[int, User],
                   ok: Ok, server: PostgresBackends | None = None) -> dict[str, Any]:
    """Each capacity command alone: its throughput, latency and CPU per command; ratios to /ping.

    The four take turns, `plan.capacity_rounds` times: on a shared machine the CPU a command costs
    drifts by a third from one minute to the next (and /ping's most of all), so each command's
    figures are its median round's, its throughput the median of its rounds', and every round's
    CPU and ratio to /ping (in that round) are kept beside them. Each round's /log writes to
    lifters whose logbooks no burst reads (`capacity_crowds`)."""
    rounds: list[dict[str, Any]] = []
    readers, writers = capacity_crowds(lifters, plan)
    for writing in writers:
        rows: dict[str, Any] = {}
        for command in CAPACITY:
            crowd = writing if command == "log" else readers
            shots = capacity_shots(command, plan.capacity_commands, crowd, users)
            collect_now()
            before = await _snapshot(bot, server)
            await firer.burst(shots, plan.capacity_users)
            cpu = cpu_use(before, await _snapshot(bot, server))
            row = command_figures(shots, final=True, ok=ok)
            rows[f"/{command}"] = {**row, "cpu": cpu, "cpu_per_command": per_command(cpu, len(shots)),
                                   "elsewhere": elsewhere(cpu),
                                   "lag": lag_figures(bot.lag, before["wall_s"], before["wall_s"] + cpu["wall_s"])}
            await asyncio.sleep(SETTLE_S)
        rounds.append(rows)
    return median_rounds(rounds)


def _bot_ms(row: dict[str, Any]) -> float:
    return float(row["cpu_per_command"]["bot_ms"])


def median_rounds(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Each command's median round (by CPU per command), the median throughput, and every round."""
    result: dict[str, Any] = {}
    for name in rounds[0]:
        mine = sorted((r[name] for r in rounds), key=_bot_ms)
        row = dict(mine[len(mine) // 2])
        row["throughput_per_s"] = round(statistics.median(r[name]["throughput_per_s"] for r in rounds), 1)
        row["rounds"] = [{"bot_ms": _bot_ms(r[name]), "throughput_per_s": r[name]["throughput_per_s"],
                          "cpu_over_ping": round(_bot_ms(r[name]) / max(_bot_ms(r["/ping"]), 1e-9), 3),
                          "elsewhere": r[name].get("elsewhere")}
                         for r in rounds]
        result[name] = row
    ping = result["/ping"]
    for row in result.values():
        row["cpu_over_ping"] = round(_bot_ms(row) / max(_bot_ms(ping), 1e-9), 3)
        row["throughput_over_ping"] = round(row["throughput_per_s"] / max(ping["throughput_per_s"], 1e-9), 3)
    return result


def _command_rows(shots: list[Shot], ok: Ok) -> dict[str, Any]:
    names = sorted({s.command.split()[0] for s in shots}, key=lambda n: ("log", "history", "nudge", "hipthrust",
                                                                          "progress").index(n))
    rows = {}
    for name in names:
        group = [s for s in shots if s.command.split()[0] == name]
        label = "/hipthrust (guide)" if name == "hipthrust" else f"/{name}"
        if name == "progress":
            rows["/progress (defer)"] = command_figures(group, final=False, ok=ok)
            rows["/progress (chart)"] = command_figures(group, final=True, ok=ok)
        else:
            rows[label] = command_figures(group, final=True, ok=ok)
    return rows


async def _snapshot_after(seconds: float, bot: BotProcess, server: PostgresBackends | None) -> dict[str, float]:
    await asyncio.sleep(seconds)
    return await _snapshot(bot, server)


async def steady(firer: Firer, bot: BotProcess, plan: Plan, lifters: list[Lifter], users: dict[int, User],
                 chart_once: Iterator[Lifter], rng: random.Random, ok: Ok,
                 server: PostgresBackends | None = None) -> dict[str, Any]:
    """The mix at each rate of the plan, one after the other, each from a quiet bot."""
    results: dict[str, Any] = {}
    for rate in plan.rates:
        shots = steady_shots(round(rate * plan.steady_seconds), lifters, users, chart_once, rng)
        collect_now()
        before = await _snapshot(bot, server)
        # CPU shares are over the arrivals' window; charts still queued after it are the tail's.
        arrivals_end = asyncio.create_task(_snapshot_after(plan.steady_seconds, bot, server))
        late = await firer.open_loop(shots, rate)
        mid = await arrivals_end
        cpu, tail = cpu_use(before, mid), cpu_use(mid, await _snapshot(bot, server))
        window = (before["wall_s"], mid["wall_s"])
        results[str(rate)] = {
            "rate_per_s": rate, "seconds": plan.steady_seconds, "commands": len(shots),
            "deadline_misses": sum(1 for s in shots if s.missed),
            "unexpected_answers": sum(1 for s in shots if s.to_final is not None and not ok(s)),
            "rows": _command_rows(shots, ok), "cpu": cpu, "cpu_after_arrivals": tail,
            "cpu_share_of_a_core": {key: round(value / cpu["wall_s"], 3) for key, value in cpu.items()
                                    if key != "wall_s"},
            "elsewhere": elsewhere(cpu),
            "sent_late_ms": spread([t * 1000 for t in late]),
            "lag": lag_figures(bot.lag, *window),
        }
        await asyncio.sleep(SETTLE_S)
    return results
