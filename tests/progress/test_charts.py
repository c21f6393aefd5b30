"""Progress charts: valid PNGs of the right size, labelled axes and legend, drawn in a worker."""

from __future__ import annotations

import io
import json
import logging
import math
import multiprocessing
import os
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, timedelta

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from PIL import Image

from bot.logbook.units import Unit
from bot.progress.charts import (
    ChartRenderer,
    ProgressPoint,
    progress_figure,
    render_progress_png,
    reset_chart_cache,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk (which must come first)."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    assert data.endswith(b"IEND\xaeB`\x82")
    return width, height


def points(count: int) -> list[ProgressPoint]:
    start = date(2025, 1, 6)
    return [ProgressPoint(start + timedelta(days=2 * i), 100 + i * 0.5, 130 + i * 0.6,
                          "rts" if i % 3 else "epley") for i in range(count)]


def legend_texts(fig: Figure) -> list[str]:
    legend = fig.axes[0].get_legend()
    assert legend is not None
    return [text.get_text() for text in legend.get_texts()]


@pytest.mark.parametrize("count", [1, 2, 500])
def test_png_is_valid_and_1200_by_600(count: int) -> None:
    data = render_progress_png(points(count), unit="kg", subject="Barbell hip thrust")
    assert png_size(data) == (1200, 600)


def test_axes_and_legend_say_what_is_drawn() -> None:
    fig = progress_figure(points(4), unit="lb", subject="Machine hip thrust")
    ax = fig.axes[0]
    assert ax.get_title() == "Machine hip thrust: top-set load and estimated 1RM per day"
    assert ax.get_ylabel() == "Load (lb)"
    assert ax.get_xlabel() == "Session date"
    legend = legend_texts(fig)
    assert legend == ["Top-set load", "Estimated 1RM (RTS RPE chart)",
                      "Estimated 1RM (Epley formula)"]
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "Jan" in " ".join(ticks) + ax.xaxis.get_offset_text().get_text()


def test_legend_names_only_the_methods_used() -> None:
    only_epley = [ProgressPoint(p.day, p.top_load, p.e1rm, "epley") for p in points(3)]
    legend = legend_texts(progress_figure(only_epley, unit="kg", subject="t"))
    assert legend == ["Top-set load", "Estimated 1RM (Epley formula)"]


def test_a_chart_without_any_estimate_does_not_name_one() -> None:
    """Sets of more than 15 reps give no estimated 1RM: the title named one all the same."""
    none = [ProgressPoint(p.day, p.top_load, math.nan, "epley") for p in points(3)]
    fig = progress_figure(none, unit="kg", subject="Barbell hip thrust")
    assert fig.axes[0].get_title() == "Barbell hip thrust: top-set load per day"
    assert legend_texts(fig) == ["Top-set load"]
    some = [none[0], *points(3)[1:]]
    assert progress_figure(some, unit="kg", subject="Barbell hip thrust").axes[0].get_title() == (
        "Barbell hip thrust: top-set load and estimated 1RM per day")


@pytest.mark.parametrize(("count", "size"), [(60, 6), (61, 3), (4, 6)])
def test_markers_shrink_on_a_long_history(count: int, size: int) -> None:
    ax = progress_figure(points(count), unit="kg", subject="t").axes[0]
    assert ax.lines[0].get_markersize() == size  # top-set load
    drawn = [c for c in ax.collections if isinstance(c, PathCollection) and c.get_visible()]
    assert [list(c.get_sizes()) for c in drawn] == [[size * 6]] * 2  # both methods' markers


def test_the_png_holds_the_drawn_pixels() -> None:
    data = render_progress_png(points(30), unit="kg", subject="Barbell hip thrust")
    canvas = progress_figure(points(30), unit="kg", subject="Barbell hip thrust").canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    decoded = Image.open(io.BytesIO(data))
    assert decoded.mode == "RGB"  # the chart is opaque: no alpha channel to store
    assert np.array_equal(np.asarray(decoded.convert("RGBA")), np.asarray(canvas.buffer_rgba()))


def variety() -> list[tuple[list[ProgressPoint], Unit, str]]:
    """Charts that differ in every way one chart could leave a mark on the next."""
    day = date(2025, 3, 3)
    return [
        (points(4), "kg", "Machine hip thrust"),
        (points(500), "lb", "Barbell hip thrust — 500 sessions"),  # small markers, a long span
        ([ProgressPoint(day, 60, 70, "rts"), ProgressPoint(day + timedelta(days=2), 62.5, 72, "rts")],
         "kg", "short span, RTS only"),  # x limits set by hand
        ([ProgressPoint(day + timedelta(days=i), 0, 0, "epley") for i in range(3)], "kg", "bodyweight"),
        ([ProgressPoint(day + timedelta(days=7 * i), 5 * i, 6 * i, "epley") for i in range(4)],
         "lb", "from zero, $5 Epley"),  # y limits set by hand; a "$" in the title
        (points(2), "kg", "Barbell hip thrust"),
    ]


def test_a_chart_depends_only_on_its_own_points() -> None:
    # The process reuses one figure and its text caches: a chart drawn after others must be the
    # very file a fresh process draws.
    fresh = []
    for chart_points, unit, title in variety():
        reset_chart_cache()
        fresh.append(render_progress_png(chart_points, unit=unit, subject=title))
    reset_chart_cache()
    for _ in range(2):
        for (chart_points, unit, title), alone in zip(variety(), fresh, strict=True):
            assert render_progress_png(chart_points, unit=unit, subject=title) == alone, title
    legend = legend_texts(progress_figure(points(3)[:1], unit="kg", subject="t"))  # after 3-method charts
    assert legend == ["Top-set load", "Estimated 1RM (Epley formula)"]


def test_nothing_to_draw_is_refused() -> None:
    with pytest.raises(ValueError, match="nothing to draw"):
        render_progress_png([], unit="kg", subject="t")


@pytest.mark.slow
def test_importing_the_module_does_not_import_matplotlib() -> None:
    code = "import sys, bot.progress.charts, bot.progress.summary; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


@pytest.fixture
def renderer() -> Iterator[ChartRenderer]:
    chart_renderer = ChartRenderer()
    yield chart_renderer
    chart_renderer.close()


async def test_worker_process_renders_and_closes(renderer: ChartRenderer) -> None:
    data = await renderer.render(points(2), unit="kg", subject="Barbell hip thrust")
    assert png_size(data) == (1200, 600)
    again = await renderer.render(points(3), unit="lb", subject="again")  # same worker reused
    assert png_size(again) == (1200, 600)
    renderer.close()
    renderer.close()  # twice is harmless


async def test_the_worker_draws_a_chart_after_others_as_a_fresh_worker_does() -> None:
    charts = variety()
    fresh, used = ChartRenderer(), ChartRenderer()
    try:
        chart_points, unit, title = charts[0]
        alone = await fresh.render(chart_points, unit=unit, subject=title)
        for other_points, other_unit, other_title in charts[1:]:
            await used.render(other_points, unit=other_unit, subject=other_title)
        assert await used.render(chart_points, unit=unit, subject=title) == alone
    finally:
        fresh.close()
        used.close()


async def test_the_worker_process_is_started_off_the_event_loop(
    renderer: ChartRenderer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first chart starts the worker: forkserver's server starts and forks it, 60-120 ms the
    event loop waited on, answering no one (other commands, the gateway's heartbeat)."""
    loop_thread, started_on = threading.get_ident(), []
    start = multiprocessing.process.BaseProcess.start

    def recorded(process: multiprocessing.process.BaseProcess) -> None:
        started_on.append(threading.get_ident() == loop_thread)
        start(process)

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", recorded)
    assert await renderer.call(os.getpid) != os.getpid()
    assert started_on == [False]


async def test_an_error_in_the_worker_reaches_the_caller(renderer: ChartRenderer) -> None:
    with pytest.raises(ValueError, match="nothing to draw"):
        await renderer.render([], unit="kg", subject="t")


async def test_the_worker_runs_at_a_lower_priority_than_the_bot(renderer: ChartRenderer) -> None:
    from bot.progress.charts import WORKER_NICENESS

    ours = os.nice(0)
    theirs = await renderer.call(os.nice, 0)
    assert theirs == min(19, ours + WORKER_NICENESS)
    if hasattr(os, "SCHED_IDLE"):  # Linux: the worker only gets a CPU the bot leaves idle
        assert await renderer.call(os.sched_getscheduler, 0) == os.SCHED_IDLE


async def test_with_json_logs_what_the_worker_logs_is_json_too(capfd: pytest.CaptureFixture[str]) -> None:
    # LOG_FORMAT=json: matplotlib's warning in the worker (an MPLCONFIGDIR it cannot write, say)
    # reached stderr as plain text ("Matplotlib created a temporary cache directory at …"),
    # between the bot's JSON lines, through the worker's unconfigured logging.
    charts = ChartRenderer(start_method="spawn", json_logs=True)  # spawn: the child writes to capfd's stderr
    try:
        await charts.call(logging.getLogger("matplotlib").warning, "a warning in the worker")
    finally:
        charts.close()
    lines = [json.loads(line) for line in capfd.readouterr().err.splitlines()]
    assert [(line["level"], line["logger"], line["message"]) for line in lines] == [
        ("WARNING", "matplotlib", "a warning in the worker")
    ]
