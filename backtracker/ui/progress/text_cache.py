"""Chart text drawn from what was worked out before, pixel for pixel as matplotlib draws it.

matplotlib's Agg renderer lays out every string it draws (HarfBuzz shaping through
`FT2Font._layout`) and asks FreeType to render each of its glyphs, on every draw. A chart's
text hardly changes between draws (titles, legends, axis labels, most tick labels), yet on
the Progress overview that work is about half of a full render. `TextCachingRenderer` keeps
both answers:

- the layout of each string, for its font (with its fallbacks), size, resolution, hinting,
  features and language: the glyphs and their offsets `_layout` gave;
- each glyph's bitmap, for its font, size, resolution, hinting, antialiasing and rotation,
  and where it falls inside a pixel (the 1/64 pixel fraction matplotlib hands FreeType).
  Moving a glyph by whole pixels moves its bitmap by as many and leaves it the same, so the
  bitmap is rendered at its fraction of a pixel and put down where matplotlib would.

Every position is computed exactly as `RendererAgg._draw_text_glyphs_and_boxes` computes it,
so the pixels are the same (tests/ui/test_progress_text_cache_overview_19.py compares whole
renders). Math text and anything else goes through matplotlib unchanged. Only the Progress
charts' own canvases use it (`ChartCanvas.get_renderer`); saving a chart renders with a
renderer of matplotlib's own.
"""

from __future__ import annotations

import math
from typing import Any

from backtracker.ui.progress import configure_matplotlib_cache

configure_matplotlib_cache()  # as in mpl.py: the cache folder before matplotlib first loads

# ruff: isort: off
import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import (  # noqa: E402
    RendererAgg,
    get_hinting_flag,
)
from matplotlib.font_manager import fontManager, get_font  # noqa: E402
from matplotlib.ft2font import RenderMode  # noqa: E402

# ruff: isort: on

MAX_LAYOUTS = 4096  # strings; a chart draws a few dozen
MAX_GLYPHS = 32768  # bitmaps; one is a few hundred bytes

_layouts: dict[tuple[Any, ...], tuple[tuple[Any, int, float, float], ...]] = {}
_glyphs: dict[tuple[Any, ...], tuple[np.ndarray, int, int]] = {}
_heights: dict[tuple[Any, ...], tuple[float | None, float | None, float | None]] = {}
# Where `Text._get_layout` reads a font's line height when the renderer does not say.
_HEIGHT_TABLES = (
    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
    ("hhea", "lineGap", "ascent", "descent"),
)


def clear() -> None:
    """Forget every layout and bitmap (tests; a font setting changed)."""
    _layouts.clear()
    _glyphs.clear()
    _heights.clear()


def _hashable(value: object) -> object:
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    return value


class TextCachingRenderer(RendererAgg):
    """`RendererAgg` whose `draw_text` reuses layouts and glyph bitmaps (module docstring)."""

    def _get_font_height_metrics(
        self, prop: Any
    ) -> tuple[float | None, float | None, float | None]:
        """(ascent, descent, line gap) of the font, the hook `Text._get_layout` asks a
        renderer first: the numbers it would read from the font's tables itself (three
        table reads per text measured, dozens of times a draw), read once per font, size
        and resolution. The figure's resolution is the renderer's (the canvas makes a new
        renderer when it changes)."""
        font = get_font(fontManager._find_fonts_by_props(prop))
        fontsize = prop.get_size_in_points()
        key = (font, fontsize, self.dpi)
        found = _heights.get(key)
        if found is None:
            found = (None, None, None)
            for table_name, linegap_key, ascent_key, descent_key in _HEIGHT_TABLES:
                table = font.get_sfnt_table(table_name)
                if table is None:
                    continue
                units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
                scale = 1 / units_per_em * fontsize * self.dpi / 72
                line_gap = table[linegap_key] * scale
                min_ascent = table[ascent_key] * scale
                min_descent = -table[descent_key] * scale
                found = (min_ascent, min_descent, line_gap)
                break
            _heights[key] = found
        return found

    def draw_text(  # type: ignore[override]  # noqa: PLR0917 - matplotlib's signature
        self,
        gc: Any,
        x: float,
        y: float,
        s: str,
        prop: Any,
        angle: float,
        ismath: bool | str = False,
        mtext: Any = None,
    ) -> None:
        if ismath:
            super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
            return
        font = self._prepare_font(prop)
        flags = get_hinting_flag()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        size = prop.get_size_in_points()
        key = (font, size, self.dpi, s, flags, _hashable(features), _hashable(language))
        items = _layouts.get(key)
        if items is None:
            laid_out = font._layout(s, flags=flags, features=features, language=language)
            items = tuple((item.ft_object, item.glyph_index, item.x, item.y) for item in laid_out)
            if len(_layouts) >= MAX_LAYOUTS:
                _layouts.clear()
            _layouts[key] = items
        self._draw_cached_glyphs(gc, x, y, angle=angle, size=size, flags=flags, items=items)

    def _draw_cached_glyphs(
        self,
        gc: Any,
        x: float,
        y: float,
        *,
        angle: float,
        size: float,
        flags: Any,
        items: tuple[tuple[Any, int, float, float], ...],
    ) -> None:
        """`RendererAgg._draw_text_glyphs_and_boxes` for a string's glyphs (no slant, no
        stretch, no boxes: what `draw_text` gives it), same arithmetic, bitmaps reused."""
        cos = math.cos(math.radians(angle))
        sin = math.sin(math.radians(angle))
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[1, 0], [0, 1]]).round()
        matrix = matrix.astype(int)
        matrix_key = tuple(matrix.ravel().tolist())
        antialiased = bool(gc.get_antialiased())
        mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
        height = self.height
        for ft_object, glyph_index, dx, dy in items:  # dy is upwards
            px = round(0x40 * (x + dx * cos - dy * sin))
            py = round(0x40 * (height - y + dx * sin + dy * cos))  # FreeType's y is upwards
            key = (ft_object, size, self.dpi, glyph_index, flags, mode, matrix_key)
            key += (px & 0x3F, py & 0x3F)
            found = _glyphs.get(key)
            if found is None:
                ft_object.set_size(size, self.dpi)
                ft_object._set_transform(matrix, [px & 0x3F, py & 0x3F])
                bitmap = ft_object._render_glyph(glyph_index, flags, mode)
                buffer = np.array(bitmap.buffer, copy=True)
                if not antialiased:
                    buffer *= 0xFF
                found = (buffer, int(bitmap.left), int(bitmap.top))
                if len(_glyphs) >= MAX_GLYPHS:
                    _glyphs.clear()
                _glyphs[key] = found
            buffer, left, top = found
            left += px >> 6  # the whole pixels the bitmap was rendered without
            top += py >> 6
            # draw_text_image's y is downwards & the bitmap bottom side.
            self._renderer.draw_text_image(buffer, left, int(height) - top + buffer.shape[0], 0, gc)


def adopt(renderer: RendererAgg) -> RendererAgg:
    """Make a canvas's Agg renderer draw text through the caches (it keeps its state)."""
    if type(renderer) is RendererAgg:
        renderer.__class__ = TextCachingRenderer
    return renderer
