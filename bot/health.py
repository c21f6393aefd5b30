"""Event-loop lag: how late the loop wakes a task that asked to sleep a fixed interval."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque

log = logging.getLogger(__name__)


class LoopLagMonitor:
    """Samples the loop's lag every `interval` seconds and logs a summary every `report_every`.

    A blocking call on the loop (sqlite3, file I/O, a chart render) shows up here as lag, which
    is what the benchmark reads from the bot's debug log.
    """

    def __init__(self, interval: float = 0.05, report_every: float = 5.0, window: int = 10_000) -> None:
        self.interval = interval
        self.report_every = report_every
        self.samples: deque[float] = deque(maxlen=window)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="loop-lag-monitor")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

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
            self.samples.append(max(0.0, now - before - self.interval))
            if now - last_report >= self.report_every:
                last_report = now
                if log.isEnabledFor(logging.DEBUG):
                    s = self.summary()
                    log.debug(
                        "loop lag p50=%.1fms p99=%.1fms max=%.1fms samples=%d",
                        s["p50_ms"], s["p99_ms"], s["max_ms"], s["samples"],
                    )  # fmt: skip
