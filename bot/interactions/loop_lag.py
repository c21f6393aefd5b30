"""Event-loop lag: how late the loop wakes a task that asked to sleep a fixed interval."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque

from bot.interactions.background import cancel_and_wait

log = logging.getLogger(__name__)
# Every sample with its time, at DEBUG: percentiles of a window (a benchmark's storm) cannot be
# rebuilt from the summaries, so a reader that needs them gets the raw samples.
samples_log = logging.getLogger(__name__ + ".samples")


class LoopLagMonitor:
    """Samples the loop's lag every `interval` seconds and logs a summary every `report_every`.

    A blocking call on the loop (sqlite3, file I/O, a chart render) shows up here as lag, which
    is what the benchmark reads from the bot's debug log: the summary on `bot.interactions.loop_lag`, and the
    samples since the last report as "monotonic seconds:lag ms" pairs on `bot.interactions.loop_lag.samples`
    (time.monotonic is system-wide on Linux, so another process can place them in its own time).
    """

    def __init__(self, interval: float = 0.05, report_every: float = 5.0, window: int = 10_000) -> None:
        self.interval = interval
        self.report_every = report_every
        self.samples: deque[float] = deque(maxlen=window)
        self._task: asyncio.Task[None] | None = None
        self._unreported: list[tuple[float, float]] = []

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="loop-lag-monitor")

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait(self._task)
            self._task = None
            self._report_samples()

    def summary(self) -> dict[str, float]:
        """Lag percentiles in milliseconds over the samples kept."""
        ordered = sorted(self.samples)
        if not ordered:
            return {"samples": 0, "p50_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}

        def pick(q: float) -> float:
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

        return {"samples": len(ordered), "p50_ms": pick(0.5), "p99_ms": pick(0.99), "max_ms": ordered[-1] * 1000}

    async def _run(self) -> None:
        last_report = time.monotonic()
        while True:
            before = time.monotonic()
            await asyncio.sleep(self.interval)
            now = time.monotonic()
            lag = max(0.0, now - before - self.interval)
            self.samples.append(lag)
            if samples_log.isEnabledFor(logging.DEBUG):
                self._unreported.append((now, lag))
            if now - last_report >= self.report_every:
                last_report = now
                self._report_samples()
                if log.isEnabledFor(logging.DEBUG):
                    s = self.summary()
                    log.debug(
                        "loop lag p50=%.1fms p99=%.1fms max=%.1fms samples=%d",
                        s["p50_ms"], s["p99_ms"], s["max_ms"], s["samples"],
                    )  # fmt: skip

    def _report_samples(self) -> None:
        if self._unreported:
            pairs = " ".join(f"{at:.3f}:{lag * 1000:.1f}" for at, lag in self._unreported)
            samples_log.debug("loop lag samples (monotonic s:lag ms): %s", pairs)
            self._unreported.clear()
