"""Figures from timed shots and lag samples: percentiles, throughput, misses, and the targets."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.bench.storm import Shot


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def spread(values_ms: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 and max of millisecond values."""
    return {
        "p50_ms": round(percentile(values_ms, 50), 2), "p95_ms": round(percentile(values_ms, 95), 2),
        "p99_ms": round(percentile(values_ms, 99), 2), "max_ms": round(max(values_ms, default=0.0), 2),
    }  # fmt: skip


def command_figures(shots: Sequence[Shot], *, final: bool, ok: Callable[[Shot], bool]) -> dict[str, Any]:
    """One table row: latency to the first callback (or, with `final`, to the answer the user
    reads), throughput over the span from the first dispatch to the last answer, deadline
    misses (no first callback within 3 s) and answers that were not what the command shows."""
    times = [t for s in shots if (t := (s.to_final if final else s.to_first)) is not None]
    ends = [s.sent + t for s in shots if (t := (s.to_final if final else s.to_first)) is not None]
    span = (max(ends) - min(s.sent for s in shots)) if ends else 0.0
    return {
        "count": len(shots), "answered": len(times), **spread([t * 1000 for t in times]),
        "throughput_per_s": round(len(times) / span, 1) if span > 0 else 0.0,
        "deadline_misses": sum(1 for s in shots if s.missed),
        "unexpected_answers": sum(1 for s in shots if s.to_final is not None and not ok(s)),
    }  # fmt: skip


def lag_figures(samples: Sequence[tuple[float, float]], start: float, end: float) -> dict[str, Any]:
    """Loop lag (ms) of the samples taken between `start` and `end` (monotonic seconds), and the
    worst few as [seconds into the window, ms] to tell a stall from a steady load."""
    inside = [(at, lag) for at, lag in samples if start <= at <= end]
    worst = sorted(inside, key=lambda pair: -pair[1])[:5]
    return {"samples": len(inside), **spread([lag for _, lag in inside]),
            "worst": [[round(at - start, 2), lag] for at, lag in worst]}


@dataclass(frozen=True)
class Target:
    name: str
    value: float
    limit: float
    at_most: bool = True  # False: the value must be at least the limit

    @property
    def met(self) -> bool:
        return self.value <= self.limit if self.at_most else self.value >= self.limit

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "value": round(self.value, 3), "limit": self.limit,
                "comparison": "<=" if self.at_most else ">=", "met": self.met}


def targets(result: dict[str, Any]) -> list[Target]:
    """Issue 32's targets, read from a result dictionary (see cli.run for its shape). The steady
    targets are at the plan's second rate (150/s in the full run) and its last (300/s)."""
    cap, alone = result["capacity"], result["alone"]
    rates = [str(r) for r in result["plan"]["rates"]]
    busy, peak = result["steady"][rates[1]], result["steady"][rates[-1]]
    wrong = sum(row["unexpected_answers"] for row in cap.values()) + alone["progress"]["unexpected_answers"] + sum(
        phase["unexpected_answers"] for phase in result["steady"].values())
    return [
        Target("capacity: CPU per /log ÷ per /ping", cap["/log"]["cpu_over_ping"], 2.5),
        Target("capacity: CPU per /history ÷ per /ping", cap["/history"]["cpu_over_ping"], 2.0),
        Target("capacity: CPU per /nudge ÷ per /ping", cap["/nudge"]["cpu_over_ping"], 2.0),
        Target("capacity: /log throughput ÷ /ping's", cap["/log"]["throughput_over_ping"], 0.5, at_most=False),
        Target(f"steady {rates[1]}/s: deadline misses", busy["deadline_misses"], 0),
        Target(f"steady {rates[1]}/s: /log p99 (ms)", busy["rows"]["/log"]["p99_ms"], 250),
        Target(f"steady {rates[1]}/s: /progress chart p95 (ms)", busy["rows"]["/progress (chart)"]["p95_ms"], 3000),
        Target(f"steady {rates[-1]}/s: deadline misses", peak["deadline_misses"], 0),
        Target("alone: start → ready, cold sync (s)", alone["start"]["cold_sync"]["ready_s"], 2.0),
        Target("alone: start → ready, sync skipped (s)", alone["start"]["sync_skipped"]["ready_s"], 2.0),
        Target("alone: RSS after start (MiB)", alone["rss_mb"]["after_start"], 120),
        Target("answers that were not the command's answer (all phases)", wrong, 0),
    ]
