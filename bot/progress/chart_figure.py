"""The /progress chart's Figure: built once per process, then refilled with each chart's data.

Building a Figure, its Axes, their tick artists and the legend took ~20 ms of a chart; what
differs between two charts is only the data, the limits, the title, the unit and which legend
entries show. So the worker keeps one `ProgressChart` (and one legend per set of entries) and
each chart sets all of those, every time, from its own points alone: nothing of an earlier
chart survives into the next (tests compare a chart drawn after others with the same chart
drawn by a fresh process, byte for byte). The drawn pixels are the ones a freshly built
figure gives.

Imported only where a chart is drawn: it loads matplotlib (see bot.progress.charts).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import matplotlib.dates as mdates
import numpy as np
import numpy.typing as npt
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from bot.logbook.units import Unit
from bot.progress.agg_text import CachingCanvasAgg
from bot.progress.e1rm import METHOD_LABELS, Method

if TYPE_CHECKING:
    from bot.progress.charts import ProgressPoint

WIDTH_PX, HEIGHT_PX, DPI = 1200, 600, 100
MIN_SPAN_DAYS = 7
LOAD_COLOUR, E1RM_COLOUR = "#1f5f99", "#c0622b"
METHOD_MARKERS: tuple[tuple[Method, str], ...] = (("rts", "D"), ("epley", "s"))


class _DateLocator(mdates.AutoDateLocator):
    """AutoDateLocator that answers a repeated question from memory.

    One draw asks for the x ticks three times (to draw them, to place the axis label, for
    the spine's extent); the ticks depend only on the view interval.
    """

    _asked: tuple[float, float] | None = None
    _answer: Any = None

    def __call__(self) -> Any:
        """The tick locations for the axis's current view interval."""
        assert self.axis is not None  # set by Axis.set_major_locator
        interval = tuple(map(float, self.axis.get_view_interval()))
        if interval != self._asked:
            self._answer, self._asked = super().__call__(), (interval[0], interval[1])
        return np.array(self._answer, copy=True)


class _DateFormatter(mdates.ConciseDateFormatter):
    """ConciseDateFormatter that answers a repeated question from memory (asked thrice a draw too).

    The labels and the offset text ("2025-Mar") depend only on the tick values; the offset it
    keeps from the last call is already the one for these values.
    """

    _asked: tuple[float, ...] | None = None
    _answer: tuple[str, ...] = ()

    def format_ticks(self, values: Any) -> list[str]:
        """The tick labels for `values`, and the offset text for get_offset()."""
        key = tuple(map(float, values))
        if key != self._asked:
            self._answer, self._asked = tuple(super().format_ticks(values)), key
        return list(self._answer)


class ProgressChart:
    """One reusable Figure (Agg canvas with cached text) holding the chart's artists."""

    def __init__(self) -> None:
        # Figure + an Agg canvas, not pyplot: no global figure registry to accumulate figures.
        self.figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
        self.canvas = CachingCanvasAgg(self.figure)
        ax = self.axes = self.figure.add_subplot()
        # Created in the order a fresh chart adds them: equal z-orders draw in that order.
        (self.top_line,) = ax.plot([], [], color=LOAD_COLOUR, marker="o", linewidth=2, label="Top-set load")
        (self.e1rm_line,) = ax.plot([], [], color=E1RM_COLOUR, linestyle="--", linewidth=1.5)
        # Scatter, not Line2D markers: the legend's "best" placement reads a Line2D's connecting
        # path (even undrawn), so markers as lines could move the legend on some charts.
        self.method_markers = {
            method: ax.scatter([], [], color=E1RM_COLOUR, marker=marker, zorder=3,
                               label=f"Estimated 1RM ({METHOD_LABELS[method]})")
            for method, marker in METHOD_MARKERS
        }
        locator = _DateLocator(minticks=4, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(_DateFormatter(locator))
        ax.set_xlabel("Session date", fontsize=12)
        ax.tick_params(labelsize=11)
        ax.grid(True, alpha=0.3)
        # Fixed margins that fit the labels at this size: tight_layout measured every label first
        # and took a third of a render (issue 21 renders 200 charts in its storm).
        self.figure.subplots_adjust(left=0.075, right=0.985, top=0.92, bottom=0.1)
        self._legends: dict[tuple[object, ...], Legend] = {}

    def show(self, points: Sequence[ProgressPoint], *, unit: Unit, subject: str) -> Figure:
        """Set every data-dependent part of the figure from `points` alone and return it (not drawn)."""
        if not points:
            raise ValueError("nothing to draw: no sessions")
        ax = self.axes
        points = sorted(points, key=lambda p: p.day)
        days = [p.day for p in points]
        x = mdates.date2num(days)  # plain floats: typed, and no unit-converter registry needed
        marker_size = 6 if len(points) <= 60 else 3
        # A bodyweight session (0) among loaded ones is left out of the lines, which join the loaded
        # sessions around it: not a drop to no load. An estimate's line joins the sessions that have one.
        loaded = [i for i, p in enumerate(points) if p.top_load > 0] or list(range(len(points)))
        self.top_line.set_data(x[loaded], [points[i].top_load for i in loaded])
        self.top_line.set_markersize(marker_size)
        estimated = [i for i, p in enumerate(points) if p.e1rm > 0]
        self.e1rm_line.set_data(x[estimated], [points[i].e1rm for i in estimated])
        handles: list[Artist] = [self.top_line]
        for method, markers in self.method_markers.items():
            mine = [p for p in points if p.method == method and p.e1rm > 0]  # NaN and 0 are no estimate
            markers.set_offsets(np.column_stack([mdates.date2num([p.day for p in mine]), [p.e1rm for p in mine]])
                                if mine else np.empty((0, 2)))
            markers.set_sizes([marker_size * 6])
            markers.set_visible(bool(mine))  # a method not used is neither drawn nor in the legend
            if mine:
                handles.append(markers)
        # Limits from this chart's data only, as a new Axes would autoscale them (an earlier
        # chart's set_xlim/set_ylim turned autoscaling off).
        ax.set_autoscale_on(True)
        ax.relim()
        ax.autoscale_view()
        span = (days[-1] - days[0]).days
        if span < MIN_SPAN_DAYS:
            # Sessions are whole days: on a short span the locator would tick hours.
            pad = timedelta(days=(MIN_SPAN_DAYS - span + 1) // 2)
            ax.set_xlim(float(mdates.date2num(days[0] - pad)), float(mdates.date2num(days[-1] + pad)))
        # y=1.0 is where the automatic placement puts it (nothing is drawn above the axes), without
        # measuring every tick label first: a sixth of a render.
        # The title names only what is drawn: sessions of more than 15 reps give no estimate. A
        # point is a day (`group_sessions`: a day on two setups is one, its top set), so "per day".
        drawn = "top-set load and estimated 1RM" if estimated else "top-set load"
        title = f"{subject}: {drawn} per day"
        ax.set_title(title.replace("$", r"\$"), fontsize=15, y=1.0)  # "$" would start mathtext
        ax.set_ylabel(f"Load ({unit})", fontsize=12)
        low, high = ax.get_ylim()
        if high <= 0:  # bodyweight only: nothing above zero to scale to
            ax.set_ylim(0, 1)
        elif low < 0:  # loads are never negative; autoscale's margin should not suggest it
            ax.set_ylim(bottom=0)
        # A legend's entries copy their artists' look when it is made: one per set of entries and
        # marker size, made once. Its place ("best": where it hides least data) is found at draw.
        key = (*handles, marker_size)
        legend = self._legends.get(key)
        if legend is None:
            legend = self._legends[key] = ax.legend(handles=handles, loc="best", fontsize=11)
        ax.legend_ = legend
        return self.figure

    def draw(self) -> npt.NDArray[np.uint8]:
        """Draw the figure as it stands; its (height, width, 4) RGBA pixels, valid until the next draw."""
        self.canvas.draw()
        return np.asarray(self.canvas.buffer_rgba())
