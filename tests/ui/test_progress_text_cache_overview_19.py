"""The Progress charts draw their text from earlier layouts and glyph bitmaps
(ui/progress/text_cache.py, issue 17, Charts: half of the overview's render was laying out
and rasterising the same strings again).

Not a pixel may change: every render here is compared with the same render by matplotlib's
own `RendererAgg`, through the overview's ranges, the dark theme, a new size, a saved PNG at
another resolution, and a figure of rotated, unantialiased and partly off-canvas text. And
the caches must be used: a second draw renders no glyph and lays out no string again.

matplotlib and the chart modules are imported inside the tests (see test_progress_tab.py).
"""

from __future__ import annotations

import pytest

from backtracker.domain import clock
from backtracker.services import progress
from backtracker.services.progress import Range

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)


@pytest.fixture
def chart(qtbot, seeded, theme):  # type: ignore[no-untyped-def]
    """The overview chart, shown, on a demo profile; `show(rng)` shows that range."""
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.ui.progress.overview_chart import OverviewChart

    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=26)
    widget = OverviewChart()
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)

    def show(rng: Range) -> None:
        today = clock.today()
        overview = progress.overview(rng=rng, today=today)
        widget.show_overview(overview, unit="kg", goal=(2, 3), since=rng.since(today), today=today)

    widget.show_range = show
    show(Range.ALL)
    return widget


def cache_off(patch) -> None:  # type: ignore[no-untyped-def]
    """The canvas's renderer back to matplotlib's own for the draws in this context."""
    from matplotlib.backends.backend_agg import RendererAgg

    from backtracker.ui.progress import text_cache

    def plain(renderer: RendererAgg) -> RendererAgg:
        renderer.__class__ = RendererAgg
        return renderer

    patch.setattr(text_cache, "adopt", plain)


def rendered(canvas) -> bytes:  # type: ignore[no-untyped-def]
    canvas.draw()
    return bytes(canvas.buffer_rgba())


def same_both_ways(canvas, monkeypatch, cached_first: bool) -> None:  # type: ignore[no-untyped-def]
    """Draw the state just set with the cache and without, in either order."""
    drawn = []
    for cached in (cached_first, not cached_first):
        with monkeypatch.context() as patch:
            if not cached:
                cache_off(patch)
            drawn.append(rendered(canvas))
    assert drawn[0] == drawn[1]


def test_the_charts_draw_the_same_pixels_with_the_text_cache(chart, theme, qtbot, monkeypatch):
    from backtracker.ui.progress import text_cache
    from backtracker.ui.theme import ThemeMode

    text_cache.clear()
    canvas = chart.canvas
    for index, rng in enumerate((Range.ALL, Range.Y1, Range.W4)):
        chart.show_range(rng)
        same_both_ways(canvas, monkeypatch, cached_first=index % 2 == 0)
    assert isinstance(canvas.get_renderer(), text_cache.TextCachingRenderer)
    light = chart.figure.get_facecolor()
    theme.apply(ThemeMode.DARK)  # other colours through the same bitmaps
    qtbot.wait(20)
    assert chart.figure.get_facecolor() != light
    same_both_ways(canvas, monkeypatch, cached_first=False)
    chart.resize(1000, 700)  # another renderer, other places
    qtbot.wait(20)
    same_both_ways(canvas, monkeypatch, cached_first=True)
    chart.show_range(Range.M3)
    same_both_ways(canvas, monkeypatch, cached_first=False)


def test_a_saved_chart_is_the_same_with_the_text_cache(chart, monkeypatch, tmp_path):
    figure = chart.figure
    chart.canvas.draw()  # the canvas's own renderer has drawn (and cached) first
    # The first save lays the figure out at 150 dpi and the next ones keep that layout
    # (SteadyLayout): compare saves after it.
    figure.savefig(tmp_path / "first.png", dpi=150)
    figure.savefig(tmp_path / "cached.png", dpi=150)
    with monkeypatch.context() as patch:
        cache_off(patch)
        figure.savefig(tmp_path / "plain.png", dpi=150)
    assert (tmp_path / "cached.png").read_bytes() == (tmp_path / "plain.png").read_bytes()


def test_rotated_unantialiased_and_clipped_text_is_the_same(qapp, theme, monkeypatch):
    from backtracker.ui.progress.mpl import ChartPanel, setup_axes

    panel = ChartPanel()
    panel.resize(640, 420)
    # No layout engine: constrained layout moves the axes again on each of the first draws
    # when text reaches past the figure's edge, whatever draws the text.
    panel.figure.set_layout_engine("none")
    ax = panel.figure.add_subplot()
    setup_axes(ax, dates=False)
    ax.set_title("Row · Estimated 1RM (kg) — ÄÖ ŷ ½", loc="left")
    ax.set_ylabel("volume (kg)")  # 90°
    ax.text(0.3, 0.5, "thirty degrees, fl ffi", rotation=30, transform=ax.transAxes)
    ax.text(0.5, 0.2, "not antialiased", antialiased=False, transform=ax.transAxes)
    figure = panel.figure.transFigure
    ax.text(-0.03, 0.9, "off the left edge", transform=figure)  # negative pixels
    ax.text(0.9, -0.01, "below the bottom", rotation=-15, transform=figure)
    ax.text(0.6, 0.6, "$x^2$ math", transform=ax.transAxes)  # drawn by matplotlib itself
    ax.plot([0, 1, 2], [3.5, 1250.0, 12.25])
    canvas = panel.canvas
    for cached_first in (True, False, True):
        same_both_ways(canvas, monkeypatch, cached_first=cached_first)


class CountingDict(dict):
    def __init__(self) -> None:
        super().__init__()
        self.stored = 0

    def __setitem__(self, key, value) -> None:  # type: ignore[no-untyped-def]
        self.stored += 1
        super().__setitem__(key, value)


def test_a_second_draw_lays_out_and_renders_nothing_again(chart, monkeypatch):
    from backtracker.ui.progress import text_cache

    glyphs, layouts, heights = CountingDict(), CountingDict(), CountingDict()
    monkeypatch.setattr(text_cache, "_glyphs", glyphs)
    monkeypatch.setattr(text_cache, "_layouts", layouts)
    monkeypatch.setattr(text_cache, "_heights", heights)
    canvas = chart.canvas
    canvas.draw()
    assert glyphs.stored > 50 and layouts.stored > 10 and heights.stored >= 1
    before = (glyphs.stored, layouts.stored, heights.stored)
    canvas.draw()
    canvas.draw()
    assert (glyphs.stored, layouts.stored, heights.stored) == before


def test_the_caches_stay_bounded(qapp, theme, monkeypatch):
    from backtracker.ui.progress import text_cache
    from backtracker.ui.progress.mpl import ChartPanel

    monkeypatch.setattr(text_cache, "MAX_LAYOUTS", 5)
    monkeypatch.setattr(text_cache, "MAX_GLYPHS", 20)
    text_cache.clear()
    panel = ChartPanel()
    panel.resize(400, 300)
    ax = panel.figure.add_subplot()
    for i in range(12):
        ax.text(0.05, i / 12, f"label {i} with letters", transform=ax.transAxes)
    same_both_ways(panel.canvas, monkeypatch, cached_first=True)
    assert 0 < len(text_cache._layouts) <= 5
    assert 0 < len(text_cache._glyphs) <= 20
    text_cache.clear()
    assert not text_cache._layouts and not text_cache._glyphs and not text_cache._heights
