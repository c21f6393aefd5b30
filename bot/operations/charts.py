"""The bot's chart renderer, counted: every chart drawn (or failed) and how long it took."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from bot.operations.metrics import Metrics
from bot.progress.charts import ChartRenderer

T = TypeVar("T")


class CountedCharts(ChartRenderer):
    """Hands every chart to `inner` (which owns the worker process) and reports it to `metrics`."""

    def __init__(self, inner: ChartRenderer, metrics: Metrics) -> None:
        super().__init__()  # its own pool is never started: `inner` draws
        self.inner = inner
        self._metrics = metrics

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """One chart (and the work around it) in the worker, counted whether it succeeds or not."""
        started = time.perf_counter()
        try:
            result = await self.inner.call(fn, *args, **kwargs)
        except Exception:  # a cancelled render (the bot closing) is not a failed one
            self._metrics.chart_done(False, time.perf_counter() - started)
            raise
        self._metrics.chart_done(True, time.perf_counter() - started)
        return result

    def close(self) -> None:
        self.inner.close()
