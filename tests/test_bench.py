"""The benchmark's quick run end to end (its shape, never its timings), and its arithmetic."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
import weakref
from pathlib import Path

import aiohttp
import pytest

from bot.bench import cli
from bot.bench.botproc import BotProcess
from bot.bench.cli import round_trip
from bot.bench.load import collect_now, elsewhere, median_rounds
from bot.bench.phases import FULL, QUICK, capacity_crowds
from bot.bench.seed import Lifter
from bot.bench.stats import command_figures, lag_figures, percentile
from bot.bench.storm import Shot
from bot.sandbox.imitation import Imitation
from bot.sandbox.model import User

ROOT = Path(__file__).resolve().parent.parent
ROW_KEYS = {"count", "answered", "p50_ms", "p95_ms", "p99_ms", "max_ms", "throughput_per_s",
            "deadline_misses", "unexpected_answers"}


@pytest.mark.e2e
@pytest.mark.slow
def test_quick_run_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, "-m", "bot.bench", "--quick", "--json", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    for heading in ("CAPACITY", "STEADY LOAD", "ALONE", "capacity: CPU per /log ÷ per /ping",
                    "meanwhile other work on the machine, and steal"):
        assert heading in done.stdout
    result = json.loads(out.read_text())
    assert result["quick"] is True
    assert result["rtt_ms"] == 0
    assert "Discord's round trip: none (loopback" in done.stdout
    assert result["seed"]["entries"] == QUICK.entries
    alone = result["alone"]
    assert alone["start"]["cold_sync"]["synced"] is True
    assert alone["start"]["sync_skipped"]["synced"] is False  # same imitation, same sync key
    assert alone["rss_mb"]["after_start"] > 0
    cpus = result["machine"]["cpus_used"]
    if len(os.sched_getaffinity(0)) > 1:  # the bot on one CPU (BOT_CPU=auto), the benchmark on the others
        assert cpus["bot"].isdigit(), cpus
        assert cpus["bot"] not in cpus["benchmark"].split(","), cpus
        assert f"the bot on CPU {cpus['bot']}, the load generator" in done.stdout

    capacity = result["capacity"]
    assert list(capacity) == ["/ping", "/log", "/history", "/nudge"]
    for row in capacity.values():
        assert set(row) >= ROW_KEYS
        assert row["count"] == row["answered"] == QUICK.capacity_commands
        assert row["cpu_per_command"]["loop_ms"] > 0  # read from the bot's /proc entries
        assert row["cpu_per_command"]["db_server_ms"] == 0  # SQLite: no server
        assert row["cpu"]["bench_s"] > 0  # and the load generator's own
        assert len(row["rounds"]) == QUICK.capacity_rounds
        for figures in [row["elsewhere"], *(r["elsewhere"] for r in row["rounds"])]:
            assert set(figures) == {"others_share", "steal_share"}
            assert min(figures.values()) >= 0
    assert capacity["/ping"]["cpu_over_ping"] == 1.0

    assert list(result["steady"]) == [str(rate) for rate in QUICK.rates]
    for phase in result["steady"].values():
        rows = phase["rows"]
        assert sum(row["count"] for name, row in rows.items() if name != "/progress (defer)") == phase["commands"]
        assert phase["commands"] == round(phase["rate_per_s"] * QUICK.steady_seconds)
        assert rows["/progress (chart)"]["count"] == round(phase["commands"] * 0.05)  # the mix's 5%
        assert rows["/log"]["count"] == round(phase["commands"] * 0.4)
        for row in rows.values():
            assert row["answered"] == row["count"]
        assert phase["cpu_share_of_a_core"]["bench_s"] > 0
        assert phase["cpu"]["machine_busy_s"] >= phase["cpu"]["bench_s"]  # /proc/stat: the machine's busy time
        assert phase["cpu"]["wall_s"] == pytest.approx(QUICK.steady_seconds, abs=0.5)  # shares: while they arrived
    assert alone["progress"]["count"] == alone["progress"]["answered"] == QUICK.progress_alone

    for row in [*capacity.values(), alone["progress"], *(r for p in result["steady"].values()
                                                         for r in p["rows"].values())]:
        assert row["unexpected_answers"] == 0  # every answer was the command's real answer
    assert len(result["targets"]) == 12
    assert all(isinstance(t["met"], bool) for t in result["targets"])
    assert isinstance(result["all_targets_met"], bool)
    assert result["problems"] == []  # the bot's log: no warning (issue 33's "41.3s behind"), no error


async def test_with_a_round_trip_each_answer_comes_back_that_much_later() -> None:
    async with Imitation() as imitation:
        imitation.core.answer_travel = round_trip(0.2)
        async with aiohttp.ClientSession(headers={"Authorization": f"Bot {imitation.token}"}) as http:
            began = time.perf_counter()
            async with http.get(f"{imitation.api_base}/users/@me") as answer:
                me = await answer.json()
            took = time.perf_counter() - began
    assert me["id"] == str(imitation.core.bot_user_id)
    assert took >= 0.2  # never sooner; how much later depends on the machine, and is not asserted


async def test_a_phase_that_fails_leaves_no_bot_process_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spawned: list[BotProcess] = []
    spawn = BotProcess.spawn

    async def recorded(self: BotProcess) -> None:
        spawned.append(self)
        await spawn(self)

    async def failing(*args: object) -> None:
        raise RuntimeError("the capacity phase failed")

    monkeypatch.setattr(BotProcess, "spawn", recorded)
    monkeypatch.setattr(cli, "capacity", failing)
    with pytest.raises(RuntimeError, match="the capacity phase failed"):
        await cli.run(QUICK, tmp_path)
    assert len(spawned) == 2  # the cold start's bot, and the one the phases measure
    assert all(bot.process is not None and bot.process.returncode == 0 for bot in spawned)  # stopped, by SIGTERM


def test_a_round_trip_out_of_range_is_refused_by_name() -> None:
    done = subprocess.run([sys.executable, "-m", "bot.bench", "--quick", "--rtt", "-5"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--rtt must be from 0 to 1000 (milliseconds)" in done.stderr


def test_percentile_interpolates() -> None:
    assert percentile([], 50) == 0.0
    assert percentile([5.0], 99) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([float(i) for i in range(101)], 95) == 95.0


def test_a_shot_never_answered_or_answered_late_is_a_deadline_miss() -> None:
    user = User(1, "lifter")
    on_time = Shot("ping", user, sent=10.0, first=10.2)
    late = Shot("ping", user, sent=10.0, first=13.5)
    lost = Shot("ping", user, sent=10.0)
    row = command_figures([on_time, late, lost], final=False, ok=lambda s: True)
    assert row["count"] == 3
    assert row["answered"] == 2
    assert row["deadline_misses"] == 2
    assert row["max_ms"] == pytest.approx(3500.0)


def test_lag_is_read_inside_the_window_only() -> None:
    samples = [(1.0, 100.0), (2.0, 1.0), (3.0, 2.0), (9.0, 500.0)]
    figures = lag_figures(samples, 1.5, 5.0)
    assert figures["samples"] == 2
    assert figures["max_ms"] == 2.0
    assert figures["worst"] == [[1.5, 2.0], [0.5, 1.0]]


def test_seeding_replaces_an_earlier_database(tmp_path: Path) -> None:
    from bot.bench.seed import seed

    db = tmp_path / "bench.db"
    seed(db, [1, 2], 10)
    again = seed(db, [3, 4], 6)
    assert again.entries == 6
    assert {lf.user_id for lf in again.lifters} == {3, 4}


@pytest.mark.e2e
@pytest.mark.slow
def test_quick_run_on_postgresql(tmp_path: Path) -> None:
    from tests.postgres_helpers import postgres_url

    out = tmp_path / "bench-pg.json"
    done = subprocess.run(
        [sys.executable, "-m", "bot.bench", "--quick", "--json", str(out), "--database", postgres_url()],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(out.read_text())
    assert result["database"] == "postgresql"
    assert result["seed"]["entries"] == QUICK.entries
    assert result["capacity"]["/log"]["answered"] == QUICK.capacity_commands
    # The server's backends serving the bot run on this machine: their CPU is the database's share.
    assert result["capacity"]["/log"]["cpu_per_command"]["db_server_ms"] > 0
    assert all(row["answered"] == row["count"] for phase in result["steady"].values() for row in phase["rows"].values())
    assert result["problems"] == []


def _round(bot_ms: dict[str, float], per_s: float) -> dict[str, dict[str, object]]:
    return {name: {"cpu_per_command": {"bot_ms": ms}, "throughput_per_s": per_s} for name, ms in bot_ms.items()}


def test_capacity_figures_are_each_commands_median_round() -> None:
    rounds = [_round({"/ping": 0.5, "/log": 1.5}, 1000.0), _round({"/ping": 0.7, "/log": 1.2}, 400.0),
              _round({"/ping": 0.4, "/log": 1.9}, 700.0)]
    result = median_rounds(rounds)
    assert result["/ping"]["cpu_per_command"]["bot_ms"] == 0.5
    assert result["/log"]["cpu_per_command"]["bot_ms"] == 1.5
    assert result["/log"]["cpu_over_ping"] == 3.0  # the medians' ratio
    assert result["/log"]["throughput_per_s"] == 700.0
    assert [r["cpu_over_ping"] for r in result["/log"]["rounds"]] == [3.0, round(1.2 / 0.7, 3), 4.75]


def test_other_work_is_the_machines_busy_time_beyond_the_bots_and_the_benchmarks() -> None:
    cpu = {"wall_s": 2.0, "loop_s": 0.8, "other_threads_s": 0.2, "chart_worker_s": 0.1, "db_server_s": 0.0,
           "bench_s": 0.5, "machine_busy_s": 2.2, "machine_steal_s": 0.1}
    assert elsewhere(cpu) == {"others_share": 0.3, "steal_share": 0.05}
    quiet = {**cpu, "machine_busy_s": 1.5}  # /proc/stat counts in ticks: never below zero
    assert elsewhere(quiet)["others_share"] == 0.0


def test_each_capacity_round_logs_for_new_lifters_whose_logbooks_no_burst_reads() -> None:
    lifters = [Lifter(user_id=n, unit="kg", last_barbell=100.0) for n in range(1000)]
    readers, writers = capacity_crowds(lifters, FULL)
    assert len(readers) == FULL.capacity_users
    assert len(writers) == FULL.capacity_rounds
    assert all(len(crowd) == FULL.capacity_users for crowd in writers)
    everyone = [lifter.user_id for crowd in (readers, *writers) for lifter in crowd]
    assert len(set(everyone)) == len(everyone)  # no lifter in two crowds
    with pytest.raises(ValueError, match="cannot make 4 crowds of 200"):
        capacity_crowds(lifters[:799], FULL)


class _Node:
    """An object in a reference cycle: only the garbage collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_before_a_measured_burst_the_load_generator_collects_and_freezes_what_lives() -> None:
    garbage, alive = _Node(), _Node()
    gone = weakref.ref(garbage)
    del garbage
    frozen = gc.get_freeze_count()
    try:
        collect_now()
        assert gone() is None  # its garbage is collected before the burst, not during it
        assert gc.get_freeze_count() > frozen  # what is alive is no later collection's work
        assert alive.me is alive
    finally:
        gc.unfreeze()
