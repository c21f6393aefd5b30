"""The caching Agg canvas draws text exactly as plain Agg does, cold or warm, at any sub-pixel spot."""

from __future__ import annotations

import random
from collections.abc import Iterator

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.progress import agg_text
from bot.progress.agg_text import CachingCanvasAgg

# What the chart writes (dates, loads, labels, a title with a dash and a pound sign), and more.
WORDS = ["2024", "Mar", "15", "117.5", "−20", "Load (kg)", "Session date", "Estimated 1RM (RTS RPE chart)",
         "Barbell hip thrust — lifter’s £ é", "WAVE Tf ij", "two\nlines"]


@pytest.fixture(autouse=True)
def cold_caches() -> Iterator[None]:
    agg_text.clear()
    yield
    agg_text.clear()


def texts(seed: int, *, antialiased: bool = True) -> Figure:
    """A figure of text at random sub-pixel positions, sizes and angles (the ylabel's 90° among them)."""
    rng = random.Random(seed)
    fig = Figure(figsize=(6, 4), dpi=100)
    for _ in range(60):
        fig.text(rng.random() * 0.8, rng.random() * 0.9, rng.choice(WORDS), fontsize=rng.choice((11, 12, 15)),
                 rotation=rng.choice((0, 0, 90, 30)), antialiased=antialiased)
    return fig


def pixels(fig: Figure, canvas: type[FigureCanvasAgg]) -> np.ndarray:
    drawing = canvas(fig)
    drawing.draw()
    return np.asarray(drawing.buffer_rgba()).copy()


def test_the_module_hooks_this_matplotlib() -> None:
    # Without its private text path the canvas would be plain Agg: correct, but no faster.
    assert agg_text.ENABLED


@pytest.mark.parametrize("seed", [1, 2])
def test_cold_and_warm_draws_match_plain_agg(seed: int) -> None:
    plain = pixels(texts(seed), FigureCanvasAgg)
    assert np.array_equal(pixels(texts(seed), CachingCanvasAgg), plain)
    cached = len(agg_text._glyphs)
    assert cached > 0
    assert np.array_equal(pixels(texts(seed), CachingCanvasAgg), plain)
    assert len(agg_text._glyphs) == cached  # the second draw came from the cache


def test_glyphs_cached_at_one_spot_draw_right_at_another() -> None:
    pixels(texts(3), CachingCanvasAgg)  # fills the caches with the same words elsewhere
    assert np.array_equal(pixels(texts(4), CachingCanvasAgg), pixels(texts(4), FigureCanvasAgg))


def test_text_without_antialiasing_is_not_cached_and_stays_right() -> None:
    plain = pixels(texts(5, antialiased=False), FigureCanvasAgg)
    for _ in range(2):  # Agg scales these bitmaps in place: a cached one would come out wrong
        assert np.array_equal(pixels(texts(5, antialiased=False), CachingCanvasAgg), plain)


def test_full_caches_start_over(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(agg_text, "MAX_ENTRIES", 10)
    plain = pixels(texts(6), FigureCanvasAgg)
    assert np.array_equal(pixels(texts(6), CachingCanvasAgg), plain)
    assert 0 < len(agg_text._glyphs) <= 10
    assert 0 < len(agg_text._layouts) <= 10
