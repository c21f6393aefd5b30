"""Progress charts: a PNG of top-set load and estimated 1RM per day, drawn off the event loop.

matplotlib is imported inside the render functions only, so importing this module (and
starting the bot) stays fast, and the import happens in the worker process that draws.
A render is pure-Python work that holds the GIL, so `ChartRenderer` runs it in a one-worker
process pool; the event loop only awaits a future. The worker keeps what does not depend on
the data between charts (bot.progress.chart_figure: the Figure; bot.progress.agg_text: text
layouts and glyphs), which took most of a chart's CPU; every chart is still drawn from its
own points alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from bot.logbook.units import Unit
from bot.operations import cpu
from bot.progress.e1rm import Method

if TYPE_CHECKING:  # matplotlib stays out of the import path at runtime (see above)
    from matplotlib.figure import Figure

    from bot.progress.chart_figure import ProgressChart

T = TypeVar("T")
# Added to the chart worker's nice value: the lowest priority, so a render only ever takes a
# CPU the bot and everything else leave idle (at +10 it still took ~10% from the bot's loop).
WORKER_NICENESS = 19

# The process's one chart figure, built on first use. One chart at a time uses it (the worker
# runs one job at a time; the lock keeps that true for any other caller with threads).
_chart: ProgressChart | None = None
_chart_lock = threading.RLock()


@dataclass(frozen=True)
class ProgressPoint:
    """One session on the chart, loads already in the chart's unit."""

    day: date
    top_load: float
    e1rm: float  # NaN: no estimate (every set had too many reps)
    method: Method


def render_progress_png(points: Sequence[ProgressPoint], *, unit: Unit, subject: str) -> bytes:
    """Draw the sessions as a 1200×600 PNG and return its bytes (Agg, no global pyplot state)."""
    from bot.progress.png import encode_png

    with _chart_lock:
        chart = _the_chart()
        chart.show(points, unit=unit, subject=subject)
        return encode_png(chart.draw())


def progress_figure(points: Sequence[ProgressPoint], *, unit: Unit, subject: str) -> Figure:
    """The chart as a matplotlib Figure (Agg canvas attached), for rendering or inspection.

    The Figure is this process's reused one: it shows these points until the next call.
    """
    with _chart_lock:
        return _the_chart().show(points, unit=unit, subject=subject)


def _the_chart() -> ProgressChart:
    global _chart
    if _chart is None:
        from bot.progress.chart_figure import ProgressChart  # lazy: see the module docstring

        _chart = ProgressChart()
    return _chart


def reset_chart_cache() -> None:
    """Forget the reused Figure and the cached text, as a fresh worker process starts (for tests)."""
    from bot.progress import agg_text

    global _chart
    with _chart_lock:
        _chart = None
        agg_text.clear()


def _worker_init(cpus: frozenset[int] | None = None, json_logs: bool = False) -> None:
    # Ctrl-C in a terminal reaches the whole process group; the parent owns shutdown.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if json_logs:  # LOG_FORMAT=json: what the worker logs (matplotlib's warnings) joins the bot's lines as JSON
        from bot.operations.json_logs import JsonFormatter

        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logging.getLogger().addHandler(handler)
    # A chart is batch work next to the bot's event loop, which must answer every interaction
    # within 3 s: on a busy machine the scheduler should give the loop the CPU first. Nice 19
    # alone was not enough: Linux lets a running task finish its slice before a woken one gets
    # the CPU, and the loop wakes thousands of times a second (in issue 21's storm it waited
    # ~3 s for a CPU while charts were drawn). A SCHED_IDLE task is preempted at once.
    # The bot keeps its own threads on one CPU, which this process inherits: it draws on the
    # others (see bot.operations.cpu).
    with contextlib.suppress(OSError):
        cpu.move_threads(cpus)
    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICENESS)
    with contextlib.suppress(OSError, AttributeError):  # Linux only
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def _default_context() -> str:
    # forkserver forks clean children from a small server (no inherited bot state or
    # threads); spawn where it is unavailable.
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


class ChartRenderer:
    """Renders charts in one worker process, started on first use; `close()` stops it."""

    def __init__(self, *, start_method: str | None = None, json_logs: bool = False) -> None:
        self._start_method = start_method or _default_context()
        self._json_logs = json_logs
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context(self._start_method),
                initializer=_worker_init, initargs=(cpu.worker_cpus(), self._json_logs),
            )
        return self._executor

    async def render(self, points: Sequence[ProgressPoint], *, unit: Unit, subject: str) -> bytes:
        """The PNG bytes of `render_progress_png`, drawn in the worker process."""
        return await self.call(render_progress_png, list(points), unit=unit, subject=subject)

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a picklable module-level function in the worker (a chart and the work around it)."""
        job = functools.partial(fn, *args, **kwargs)
        pool = self._pool()
        try:
            # Submitted from a thread: the first job (and the first after a crash) starts the
            # worker process, and with forkserver that waits for the server to start and fork
            # it, 60-120 ms in which the event loop would answer no one.
            return await asyncio.wrap_future(await asyncio.to_thread(pool.submit, job))
        except BrokenProcessPool:
            # The worker died (killed, out of memory): drop the pool so the next chart
            # starts a fresh one instead of failing forever.
            if self._executor is pool:
                self._executor = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise

    def close(self) -> None:
        """Stop the worker (waits for a render in progress); safe to call twice."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
