"""Progress charts: a PNG of top-set load and estimated 1RM per session, drawn off the event loop.

matplotlib is imported inside the render function only, so importing this module (and
starting the bot) stays fast, and the import happens in the worker process that draws.
One render takes tens of milliseconds of pure-Python work that holds the GIL, so
`ChartRenderer` runs it in a one-worker process pool; the event loop only awaits a future.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from bot.logbook.units import Unit
from bot.progress.e1rm import METHOD_LABELS, Method

if TYPE_CHECKING:  # matplotlib stays out of the import path at runtime (see above)
    from matplotlib.figure import Figure

T = TypeVar("T")
WIDTH_PX, HEIGHT_PX, DPI = 1200, 600, 100
MIN_SPAN_DAYS = 7
# Added to the chart worker's nice value: the lowest priority, so a render only ever takes a
# CPU the bot and everything else leave idle (at +10 it still took ~10% from the bot's loop).
WORKER_NICENESS = 19


@dataclass(frozen=True)
class ProgressPoint:
    """One session on the chart, loads already in the chart's unit."""

    day: date
    top_load: float
    e1rm: float
    method: Method


def render_progress_png(points: Sequence[ProgressPoint], *, unit: Unit, title: str) -> bytes:
    """Draw the sessions as a 1200×600 PNG and return its bytes (Agg, no global pyplot state)."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from bot.progress.png import encode_png

    fig = progress_figure(points, unit=unit, title=title)
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    # Not savefig: Pillow's PNG encoder took ~25 ms of a chart (bot.progress.png says why).
    return encode_png(np.asarray(canvas.buffer_rgba()))


def progress_figure(points: Sequence[ProgressPoint], *, unit: Unit, title: str) -> Figure:
    """The chart as a matplotlib Figure (Agg canvas attached), for rendering or inspection."""
    if not points:
        raise ValueError("nothing to draw: no sessions")
    # Lazy imports: see the module docstring. Figure + an Agg canvas avoid pyplot's global
    # figure registry, so repeated renders in one worker never accumulate figures.
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    from bot.progress.agg_text import CachingCanvasAgg

    points = sorted(points, key=lambda p: p.day)
    days = [p.day for p in points]
    x = mdates.date2num(days)  # plain floats: typed, and no unit-converter registry needed
    marker_size = 6 if len(points) <= 60 else 3
    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    CachingCanvasAgg(fig)  # the same pixels as FigureCanvasAgg; text from a per-process cache
    ax = fig.add_subplot()
    ax.plot(x, [p.top_load for p in points], color="#1f5f99", marker="o",
            markersize=marker_size, linewidth=2, label="Top-set load")
    ax.plot(x, [p.e1rm for p in points], color="#c0622b", linestyle="--", linewidth=1.5)
    markers: tuple[tuple[Method, str], ...] = (("rts", "D"), ("epley", "s"))
    for method, marker in markers:
        mine = [p for p in points if p.method == method]
        if mine:
            ax.scatter(mdates.date2num([p.day for p in mine]), [p.e1rm for p in mine],
                       color="#c0622b", marker=marker, s=marker_size * 6, zorder=3,
                       label=f"Estimated 1RM ({METHOD_LABELS[method]})")
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    span = (days[-1] - days[0]).days
    if span < MIN_SPAN_DAYS:
        # Sessions are whole days: on a short span the locator would tick hours.
        pad = timedelta(days=(MIN_SPAN_DAYS - span + 1) // 2)
        ax.set_xlim(float(mdates.date2num(days[0] - pad)), float(mdates.date2num(days[-1] + pad)))
    # y=1.0 is where the automatic placement puts it (nothing is drawn above the axes), without
    # measuring every tick label first: a sixth of a render.
    ax.set_title(title.replace("$", r"\$"), fontsize=15, y=1.0)  # "$" would start mathtext
    ax.set_xlabel("Session date", fontsize=12)
    ax.set_ylabel(f"Load ({unit})", fontsize=12)
    ax.tick_params(labelsize=11)
    ax.grid(True, alpha=0.3)
    low, high = ax.get_ylim()
    if high <= 0:  # bodyweight only: nothing above zero to scale to
        ax.set_ylim(0, 1)
    elif low < 0:  # loads are never negative; autoscale's margin should not suggest it
        ax.set_ylim(bottom=0)
    ax.legend(loc="best", fontsize=11)
    # Fixed margins that fit the labels at this size: tight_layout measured every label first
    # and took a third of a render (issue 21 renders 200 charts in its storm).
    fig.subplots_adjust(left=0.075, right=0.985, top=0.92, bottom=0.1)
    return fig


def _worker_init() -> None:
    # Ctrl-C in a terminal reaches the whole process group; the parent owns shutdown.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A chart is batch work next to the bot's event loop, which must answer every interaction
    # within 3 s: on a busy machine the scheduler should give the loop the CPU first. Nice 19
    # alone was not enough: Linux lets a running task finish its slice before a woken one gets
    # the CPU, and the loop wakes thousands of times a second (in issue 21's storm it waited
    # ~3 s for a CPU while charts were drawn). A SCHED_IDLE task is preempted at once.
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

    def __init__(self, *, start_method: str | None = None) -> None:
        self._start_method = start_method or _default_context()
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context(self._start_method),
                initializer=_worker_init,
            )
        return self._executor

    async def render(self, points: Sequence[ProgressPoint], *, unit: Unit, title: str) -> bytes:
        """The PNG bytes of `render_progress_png`, drawn in the worker process."""
        return await self.call(render_progress_png, list(points), unit=unit, title=title)

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a picklable module-level function in the worker (a chart and the work around it)."""
        job = functools.partial(fn, *args, **kwargs)
        pool = self._pool()
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, job)
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
