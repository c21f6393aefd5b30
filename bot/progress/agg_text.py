"""An Agg canvas that remembers text layouts and glyph bitmaps across draws (pixel-identical output).

Drawing text was a third of a chart's CPU: for every label on every draw, matplotlib's Agg
renderer shapes the string (`FT2Font._layout`, ~0.2 ms for "2024", ~1 ms for a title) and
rasterises each glyph with FreeType. Charts repeat the same strings and glyphs, so this
renderer hands Agg's own drawing code (unchanged) a font that answers both from caches:

* a layout depends only on the font, its size, the string and the shaping options;
* a glyph bitmap depends on the font, size, glyph, load flags, rotation matrix and the
  sub-pixel (1/64 px) part of its position: FreeType places whole pixels by moving the
  bitmap, so the whole-pixel part only shifts `left`/`top`.

It also remembers each font's ascent, descent and line gap, which `Text._get_layout` asks a
renderer for before reading them from the font's tables itself.

These hook matplotlib 3.11's private text path (`RendererAgg._prepare_font`,
`FT2Font._layout/_set_transform/_render_glyph`, `_get_font_height_metrics`); where it is
absent the renderer is plain Agg.
tests/progress/test_agg_text.py checks the output is identical to plain Agg, pixel for pixel.
Imported only inside the chart worker (it loads matplotlib).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.font_manager import fontManager, get_font
from matplotlib.ft2font import FT2Font, RenderMode

# Each cache is emptied when it reaches this many entries: a long-lived worker sees every
# lifter's title, and a glyph at each of 64×64 sub-pixel offsets. Entries are small (a glyph
# bitmap is ~150 bytes), so this bounds memory to a few MB.
MAX_ENTRIES = 20_000
ENABLED = (all(hasattr(FT2Font, name) for name in ("_layout", "_set_transform", "_render_glyph"))
           and all(hasattr(RendererAgg, name) for name in ("_prepare_font", "_draw_text_glyphs_and_boxes"))
           and hasattr(fontManager, "_find_fonts_by_props"))


class _LayoutItem(NamedTuple):  # the fields of ft2font.LayoutItem that Agg reads
    ft_object: Any
    char: str
    glyph_index: int
    x: float
    y: float
    prev_kern: float


class _Bitmap(NamedTuple):  # what Agg reads from ft2font's positioned bitmap
    buffer: Any
    left: int
    top: int


_layouts: dict[tuple[Any, ...], list[_LayoutItem]] = {}
_glyphs: dict[tuple[Any, ...], tuple[Any, int, int]] = {}
_fonts: dict[Any, _CachedFont] = {}  # the real font is a key here and in the caches: kept alive, never confused
_heights: dict[tuple[Any, float], tuple[float | None, float | None, float | None]] = {}


def clear() -> None:
    """Forget every cached layout and glyph (tests use it for a cold start)."""
    _layouts.clear()
    _glyphs.clear()
    _fonts.clear()
    _heights.clear()


def _store(cache: dict[tuple[Any, ...], Any], key: tuple[Any, ...], value: Any) -> None:
    if len(cache) >= MAX_ENTRIES:
        cache.clear()
    cache[key] = value


def _cached(font: Any) -> _CachedFont:
    proxy = _fonts.get(font)
    if proxy is None:
        proxy = _fonts[font] = _CachedFont(font)
    return proxy


class _CachedFont:
    """Stands in for one FT2Font in Agg's text drawing; anything not cached goes to the real font."""

    def __init__(self, font: Any) -> None:
        self._font = font
        self._size: tuple[float, float] | None = None
        self._matrix: Any = None
        self._delta: tuple[int, int] = (0, 0)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._font, name)

    def set_size(self, ptsize: float, dpi: float) -> None:
        self._font.set_size(ptsize, dpi)
        self._size = (ptsize, dpi)

    def _layout(self, text: str, flags: Any, *, features: Any = None, language: Any = None) -> list[_LayoutItem]:
        language_key = language if language is None or isinstance(language, str) else tuple(map(tuple, language))
        key = (self._font, self._size, text, flags, None if features is None else tuple(features), language_key)
        items = _layouts.get(key)
        if items is None:
            items = [_LayoutItem(_cached(item.ft_object), item.char, item.glyph_index, item.x, item.y, item.prev_kern)
                     for item in self._font._layout(text, flags, features=features, language=language)]
            _store(_layouts, key, items)
        return items

    def _set_transform(self, matrix: Any, delta: Any) -> None:
        # Only remembered: the real font gets it when a glyph has to be rasterised.
        self._matrix = matrix
        self._delta = (int(delta[0]), int(delta[1]))

    def _render_glyph(self, glyph_index: int, flags: Any, mode: Any) -> Any:
        dx, dy = self._delta
        if mode != RenderMode.NORMAL or self._size is None:
            # Agg scales a MONO bitmap in place: a cached one would be scaled again.
            self._font._set_transform(self._matrix, [dx, dy])
            return self._font._render_glyph(glyph_index, flags, mode)
        matrix = np.asarray(self._matrix)  # Agg's is an int array already: no copy
        key = (self._font, self._size, glyph_index, flags, matrix.dtype.str, matrix.tobytes(), dx % 64, dy % 64)
        hit = _glyphs.get(key)
        if hit is None:
            self._font._set_transform(self._matrix, [dx, dy])
            bitmap = self._font._render_glyph(glyph_index, flags, mode)
            bitmap.buffer.setflags(write=False)  # shared from now on: a write would corrupt later text
            hit = (bitmap.buffer, bitmap.left - dx // 64, bitmap.top - dy // 64)
            _store(_glyphs, key, hit)
        return _Bitmap(hit[0], hit[1] + dx // 64, hit[2] + dy // 64)


def _font_height_metrics(font_prop: Any, dpi: float) -> tuple[float | None, float | None, float | None]:
    font: Any = get_font(fontManager._find_fonts_by_props(font_prop))
    for table_name, gap_key, ascent_key, descent_key in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                                         ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is not None:
            # Text._get_layout's own arithmetic, in its order: the same floats, so the same layout.
            scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * font_prop.get_size_in_points() * dpi / 72
            return table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
    return None, None, None  # Text._get_layout then measures the font itself


class CachingRendererAgg(RendererAgg):
    """RendererAgg whose text comes from the caches above."""

    def _get_font_height_metrics(self, font_prop: Any) -> tuple[float | None, float | None, float | None]:
        # The hook Text._get_layout asks a renderer first; without it, every layout of every
        # label (~60 a chart) finds the font and reads two of its tables again (~3 ms a chart).
        if not ENABLED:
            return None, None, None
        found = _heights.get((font_prop, self.dpi))
        if found is None:
            found = _font_height_metrics(font_prop, self.dpi)
            _store(_heights, (font_prop.copy(), self.dpi), found)  # a copy: the caller's may change
        return found

    def _prepare_font(self, font_prop: Any) -> Any:
        font = super()._prepare_font(font_prop)
        if not ENABLED:
            return font
        proxy = _cached(font)
        proxy._size = (font_prop.get_size_in_points(), self.dpi)
        return proxy


class CachingCanvasAgg(FigureCanvasAgg):
    """FigureCanvasAgg drawing with `CachingRendererAgg`."""

    _caching_key: tuple[float, float, float] | None = None

    def get_renderer(self) -> RendererAgg:
        """The renderer for the figure's current size and dpi (a new one when they change)."""
        width, height = self.get_width_height(physical=True)
        key = (width, height, self.figure.dpi)
        if self._caching_key != key:
            self.renderer = CachingRendererAgg(width, height, self.figure.dpi)
            self._caching_key = key
        return self.renderer
