"""The benchmark's quick run end to end (its shape, never its timings), and its arithmetic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.bench.phases import QUICK
from bot.bench.stats import command_figures, lag_figures, percentile
from bot.bench.storm import Shot
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
    assert "/log p50 ÷ /ping p50" in done.stdout
    result = json.loads(out.read_text())
    assert result["quick"] is True
    assert result["seed"]["entries"] == QUICK.entries
    assert result["start"]["cold_sync"]["synced"] is True
    assert result["start"]["sync_skipped"]["synced"] is False  # same imitation, same sync key
    assert result["rss_mb"]["after_start"] > 0
    commands = result["storm"]["commands"]
    expected = {"/log": QUICK.logs, "/history": QUICK.histories, "/nudge": QUICK.nudges, "/ping": QUICK.pings,
                "/progress (ack)": QUICK.progress, "/progress (final)": QUICK.progress}
    assert {name: row["count"] for name, row in commands.items()} == expected
    for row in [*commands.values(), result["progress_alone"]]:
        assert set(row) == ROW_KEYS
        assert row["answered"] == row["count"]
        assert row["unexpected_answers"] == 0  # every answer was the command's real answer
    assert result["progress_alone"]["count"] == QUICK.progress_alone
    assert set(result["ratios"]) == {"log_p50_over_ping_p50", "history_p50_over_ping_p50",
                                     "nudge_p50_over_ping_p50"}
    assert set(result["loop_lag_ms"]) == {"storm", "progress_alone", "whole_run"}
    assert result["loop_lag_ms"]["storm"]["samples"] > 0  # read from the bot's own debug log
    assert len(result["targets"]) == 10
    assert all(isinstance(t["met"], bool) for t in result["targets"])
    assert isinstance(result["all_targets_met"], bool)
    assert result["problems"] == []  # the bot's log: no warning (issue 33's "41.3s behind"), no error


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
    assert result["storm"]["commands"]["/log"]["answered"] == QUICK.logs
    assert result["problems"] == []
