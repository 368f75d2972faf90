"""The Progress tab's pages opened again (issue 17, no GUI stall over 50 ms switching tabs).

A page opened again with nothing changed since it was drawn (the data, the range, the
preferences, the day) shows what it drew: no query, no redraw. Back on the exercise chart
the same. Anything written meanwhile, told or not, and the page reads again.

The spies wrap the real functions (the results are the real ones).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from backtracker.domain import clock
from backtracker.services import calendar, logbook, lower_back_history, measurements
from backtracker.services import progress as progress_service
from backtracker.services.preferences import Preferences
from backtracker.ui.events import DataEvents
from tests.ui.test_progress_lazy_19 import _log

if TYPE_CHECKING:
    from backtracker.ui.progress.tab import ProgressTab

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)

PAGES = ("overview", "body", "calendar", "lower_back", "back")


@pytest.fixture
def history(seeded) -> None:
    now = clock.now()
    for weeks, weight in ((3, 30.0), (2, 32.5), (1, 35.0)):
        _log("dumbbell-row", now - dt.timedelta(weeks=weeks), weight)
    logbook.record_bodyweight(clock.today() - dt.timedelta(days=3), "80", "kg")


@pytest.fixture
def tab(qtbot, history, theme) -> ProgressTab:
    from backtracker.ui.progress.tab import ProgressTab

    tab = ProgressTab(DataEvents(), Preferences)
    qtbot.addWidget(tab)
    tab.resize(1440, 800)  # the exercise's row of controls fits: no page overflows the tab
    tab.show()
    qtbot.waitUntil(lambda: not tab.loading, timeout=10_000)
    return tab


@pytest.fixture
def spies(monkeypatch) -> dict[str, list[object]]:
    """Calls of each page's reads and of every chart draw, through the real functions."""
    from backtracker.ui.coach import week_page
    from backtracker.ui.progress import mpl

    calls: dict[str, list[object]] = {}

    def spy(owner: object, name: str, label: str) -> None:
        real = getattr(owner, name)
        calls[label] = []

        def counted(*args, **kwargs):
            calls[label].append(args)
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)

    spy(progress_service, "overview", "overview")
    spy(measurements, "series", "body")
    spy(calendar, "span", "calendar")
    spy(lower_back_history, "history", "lower_back")
    spy(week_page, "read_week", "back")
    spy(progress_service, "exercise_series", "exercise")
    spy(mpl.ChartFigure, "draw", "draw")
    return calls


def _open(qtbot, tab: ProgressTab, key: str) -> None:
    """Click the page's button, as a person does, and wait until the page is in."""
    qtbot.mouseClick(tab.page_buttons[key], Qt.MouseButton.LeftButton)
    assert tab.page() == key
    qtbot.waitUntil(lambda: not tab.back_page.loading if key == "back" else True)
    qtbot.wait(30)  # its paint


def _back_to_chart(qtbot, tab: ProgressTab) -> None:
    key = tab.page()
    assert key is not None
    qtbot.mouseClick(tab.page_buttons[key], Qt.MouseButton.LeftButton)
    assert tab.page() is None and tab.pages.currentWidget() is tab.splitter
    qtbot.wait(30)


@pytest.mark.parametrize("key", PAGES)
def test_a_page_opened_again_unchanged_reads_and_draws_nothing(qtbot, tab, spies, key):
    _open(qtbot, tab, key)
    assert spies[key], f"{key} read when first opened"
    _back_to_chart(qtbot, tab)
    for calls in spies.values():
        calls.clear()
    _open(qtbot, tab, key)
    assert tab.pages.currentWidget() is tab._built_pages[key]
    _back_to_chart(qtbot, tab)
    _open(qtbot, tab, key)
    assert {label: len(calls) for label, calls in spies.items() if calls} == {}


def test_back_on_the_exercise_chart_from_a_page_it_is_not_drawn_again(qtbot, tab, spies):
    chart = tab.exercise_chart
    before = tab.pages.size()
    for key in PAGES:  # the Overview's caption takes two lines: the row keeps that height
        _open(qtbot, tab, key)
        _back_to_chart(qtbot, tab)
    assert tab.pages.size() == before or spies["draw"]
    for calls in spies.values():
        calls.clear()
    for key in PAGES:
        _open(qtbot, tab, key)
        _back_to_chart(qtbot, tab)
        assert chart.isVisible() and len(chart.line.get_xdata()) == 3
    assert {label: len(calls) for label, calls in spies.items() if calls} == {}


def test_a_write_meanwhile_is_read_on_reopening_even_untold(qtbot, tab, spies):
    _open(qtbot, tab, "overview")
    assert list(tab.overview_chart.body_line.get_ydata()) == [80.0]
    _back_to_chart(qtbot, tab)
    # Written with no signal to the tab (another window, a background task): the data
    # stamp moved, so the page reads and draws again.
    logbook.record_bodyweight(clock.today() - dt.timedelta(days=1), "79", "kg")
    spies["overview"].clear()
    _open(qtbot, tab, "overview")
    assert spies["overview"]
    assert list(tab.overview_chart.body_line.get_ydata()) == [80.0, 79.0]


def test_a_range_or_preference_change_shows_the_page_again(qtbot, tab, spies):
    _open(qtbot, tab, "lower_back")
    spies["lower_back"].clear()
    qtbot.mouseClick(tab.range_buttons[progress_service.Range.M3], Qt.MouseButton.LeftButton)
    assert len(spies["lower_back"]) == 1
    _back_to_chart(qtbot, tab)
    _open(qtbot, tab, "lower_back")
    assert len(spies["lower_back"]) == 1  # 3 months, as drawn
    tab._prefs_provider = lambda: Preferences(unit="lb")
    _back_to_chart(qtbot, tab)
    _open(qtbot, tab, "lower_back")
    assert len(spies["lower_back"]) == 2


def test_focus_after_reopening_a_page_goes_where_the_page_puts_it(qtbot, tab):
    _open(qtbot, tab, "calendar")
    _back_to_chart(qtbot, tab)
    _open(qtbot, tab, "calendar")
    tab.focus_main()
    assert tab.calendar_page.heatmap.hasFocus() or not tab.isActiveWindow()


# -- a chart page's first open: drawn a step per turn under a blank cover ----------------------
def _pixels(canvas) -> bytes:
    return bytes(canvas.buffer_rgba())


def _wait_drawn(qtbot, tab: ProgressTab) -> None:
    qtbot.waitUntil(lambda: not tab.page_cover.covering, timeout=10_000)
    qtbot.wait(30)


def _as_drawn_at_once(qtbot, tab: ProgressTab, key: str) -> bytes:
    """The page's chart as the tab drew it before (issue 17): a page of the same size shown
    the same data, drawn by one `Figure.draw`."""
    from backtracker.ui.progress.body_chart import BodyPage
    from backtracker.ui.progress.overview_chart import OverviewChart

    shown = tab._built_pages[key]
    prefs, rng, today = Preferences(), tab.current_range(), tab.today()
    page: QWidget
    if key == "overview":
        page = chart = OverviewChart()
    else:
        page = BodyPage()
        chart = page.chart
    qtbot.addWidget(page)
    page.resize(shown.size())
    page.show()
    qtbot.waitExposed(page)
    # its layout in place: the canvas as big as the shown one before it draws
    shown_canvas = (shown if key == "overview" else shown.chart).canvas
    qtbot.waitUntil(lambda: chart.canvas.size() == shown_canvas.size())
    if key == "overview":
        chart.show_overview(
            progress_service.overview(rng=rng, today=today),
            unit=prefs.unit,
            goal=(prefs.goal_minimum, prefs.goal_target),
            since=rng.since(today),
            today=today,
        )
    else:
        page.show_range(length_unit=prefs.length_unit, since=rng.since(today), today=today)
    chart.canvas.draw()
    return _pixels(chart.canvas)


# How far a pixel of the shown chart may be from the full draw's, per channel (of 255). After
# a test that visits every tab of the demo window, on a loaded machine, the Overview drawn in
# steps differed by up to 9 levels on ~1,300 anti-aliased edge pixels: the constrained-layout
# solver, run again after a step from its last answer, ended 0.007 px from a run on a new
# figure. It now runs from the default places (test_steady_layout.py holds that exactly);
# the margin stays for the rounding of anything else drawn in another order. A missing or
# wrong artist, label or value differs by far more.
EDGE_LEVELS = 12


def _close(shown: bytes, full: bytes) -> bool:
    import numpy as np

    if len(shown) != len(full):
        return False
    a = np.frombuffer(shown, dtype=np.uint8).astype(np.int16)
    b = np.frombuffer(full, dtype=np.uint8).astype(np.int16)
    return int(np.abs(a - b).max()) <= EDGE_LEVELS


def _shows_as_drawn_at_once(qtbot, tab: ProgressTab, chart, key: str) -> bool:
    """What the shown chart has drawn is what one `Figure.draw` of the same page draws, to
    within the anti-aliasing of an edge. A draw it has been asked for and not made yet (a
    resize, a stale artist) may come on a turn after the cover goes: on a loaded machine,
    later than `_wait_drawn`'s 30 ms."""
    expected = _as_drawn_at_once(qtbot, tab, key)
    try:
        qtbot.waitUntil(lambda: _close(_pixels(chart.canvas), expected), timeout=5_000)
    except qtbot.TimeoutError:
        return False
    return True


@pytest.mark.parametrize("key", ["overview", "body"])
def test_a_chart_page_first_opens_covered_then_drawn_as_a_full_draw_would(qtbot, tab, spies, key):
    from backtracker.ui.progress.pages import chart_of

    qtbot.mouseClick(tab.page_buttons[key], Qt.MouseButton.LeftButton)
    page = tab._built_pages[key]
    chart = chart_of(page)
    assert chart is not None
    assert tab.pages.currentWidget() is page
    assert tab.page_cover.covering and tab.page_cover.widget.geometry() == tab.pages.rect()
    assert chart.held and spies["draw"] == []  # nothing drawn in the click's turn
    assert tab.page_buttons[key].isChecked()  # the row shows the page chosen at once
    _wait_drawn(qtbot, tab)
    assert not chart.held and tab.page_cover.widget.isHidden()
    assert page.isVisible()
    # drawn in steps, not by one Figure.draw
    assert [args for args in spies["draw"] if args[0] is chart.figure] == []
    assert _shows_as_drawn_at_once(qtbot, tab, chart, key)


def test_a_write_while_the_overview_draws_in_steps_is_shown_not_the_old_data(qtbot, tab):
    events = tab._events
    qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
    assert tab.page_cover.covering
    qtbot.wait(5)  # a step or two in
    logbook.record_bodyweight(clock.today() - dt.timedelta(days=1), "79", "kg")
    events.bodyweight_changed.emit()
    _wait_drawn(qtbot, tab)
    chart = tab.overview_chart
    assert list(chart.body_line.get_ydata()) == [80.0, 79.0]
    # what is on screen is the new data (drawn again after the steps, as asked meanwhile)
    assert _shows_as_drawn_at_once(qtbot, tab, chart, "overview")


def test_switching_away_before_a_page_is_drawn_leaves_no_cover_and_draws_it_later(qtbot, tab):
    qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.calendar_button, Qt.MouseButton.LeftButton)  # at once, elsewhere
    assert tab.page() == "calendar" and not tab.overview_button.isChecked()
    assert not tab.page_cover.covering  # the calendar is not a chart: nothing to wait for
    qtbot.wait(300)
    assert tab.calendar_page.isVisible()
    _open(qtbot, tab, "overview")
    _wait_drawn(qtbot, tab)
    chart = tab.overview_chart
    assert not chart.held and chart.isVisible()
    assert _shows_as_drawn_at_once(qtbot, tab, chart, "overview")
    _open(qtbot, tab, "body")
    qtbot.mouseClick(tab.body_button, Qt.MouseButton.LeftButton)  # straight back to the chart
    assert tab.page() is None and not tab.page_cover.covering
    assert tab.exercise_chart.isVisible()


def test_the_lower_back_empty_state_draws_no_hidden_chart(qtbot, tab, spies):
    _open(qtbot, tab, "lower_back")
    page = tab.lower_back_page
    assert page.is_empty and page.empty_state.isVisible()
    assert not tab.page_cover.covering
    qtbot.wait(200)
    assert spies["draw"] == [] and page.chart.held  # drawn when there is something to show


def test_keyboard_focus_after_a_first_open_stays_on_the_button_clicked(qtbot, tab):
    tab.activateWindow()
    tab.overview_button.setFocus()
    qtbot.keyClick(tab.overview_button, Qt.Key.Key_Space)
    assert tab.page() == "overview"
    _wait_drawn(qtbot, tab)
    assert tab.overview_button.hasFocus() or not tab.isActiveWindow()
    assert tab.page_cover.widget.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_a_step_that_fails_still_takes_the_cover_away_and_draws_as_usual(qtbot, tab, monkeypatch):
    from backtracker.ui.progress import mpl

    def broken(self) -> None:
        raise RuntimeError("layout failed")

    monkeypatch.setattr(mpl.ChartPanel, "_lay_out", broken)
    with qtbot.captureExceptions() as exceptions:
        qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
        _wait_drawn(qtbot, tab)
    assert [str(error) for _, error, _ in exceptions] == ["layout failed"]
    chart = tab.overview_chart
    assert not chart.held and chart.isVisible()
    qtbot.waitUntil(lambda: hasattr(chart.canvas, "renderer"), timeout=5_000)


def test_the_heatmap_measures_its_weekday_labels_again_in_a_new_font(qtbot, tab):
    _open(qtbot, tab, "calendar")
    heatmap = tab.calendar_page.heatmap
    day = tab.today()
    before = heatmap.cell_rect(day)
    font = heatmap.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    heatmap.setFont(font)  # as the system font growing would
    metrics = heatmap.fontMetrics()
    labels = max(metrics.horizontalAdvance(name) for name in ("Mon", "Wed", "Fri")) + 8
    assert heatmap.cell_rect(day).x() > before.x()
    assert heatmap._label_width() >= labels


# -- a page made ahead: its chart's axes one per idle moment, whole once opened ----------------
def _made_ahead_tab(qtbot, monkeypatch, axes_per_turn: list[int]) -> ProgressTab:
    """A tab whose pages are made ahead soon after it is first drawn; each of the maker's
    turns notes how many axes it made."""
    from backtracker.ui.progress.pages import PageMaker, chart_of
    from backtracker.ui.progress.tab import ProgressTab

    def axes(maker: PageMaker) -> int:
        charts = [chart_of(page) for page in maker._ready.values()]
        return sum(len(chart.figure.axes) for chart in charts if chart is not None)

    real = PageMaker._make_one

    def counted(maker: PageMaker) -> None:
        before = axes(maker)
        real(maker)
        axes_per_turn.append(axes(maker) - before)

    monkeypatch.setattr(PageMaker, "_make_one", counted)
    monkeypatch.setattr(PageMaker, "IDLE_MS", 60)
    tab = ProgressTab(DataEvents(), Preferences)
    qtbot.addWidget(tab)
    tab.resize(1440, 800)
    tab.show()
    qtbot.waitUntil(lambda: not tab.loading, timeout=10_000)
    return tab


@pytest.mark.parametrize("key", ["overview", "body"])
def test_a_page_made_ahead_an_axes_a_turn_draws_as_one_made_at_once(
    qtbot, history, theme, monkeypatch, key
):
    from backtracker.ui.progress.pages import chart_of

    axes_per_turn: list[int] = []
    tab = _made_ahead_tab(qtbot, monkeypatch, axes_per_turn)
    maker = tab._page_maker
    qtbot.waitUntil(lambda: len(maker._ready) == 5 and maker._making is None, timeout=5_000)
    assert max(axes_per_turn) == 1  # no turn made a chart's axes all at once ...
    assert sum(axes_per_turn) == 3 + 3 + 2  # ... the Overview's, Lower back's and Body's
    page = maker._ready[key]
    chart = chart_of(page)
    assert chart is not None and chart.made and chart.held
    qtbot.wait(150)  # a person moves to the button
    qtbot.mouseClick(tab.page_buttons[key], Qt.MouseButton.LeftButton)
    assert tab._built_pages[key] is page and tab.page_cover.covering
    _wait_drawn(qtbot, tab)
    assert _shows_as_drawn_at_once(qtbot, tab, chart, key)


def test_a_page_opened_half_made_is_finished_at_once_and_drawn_whole(
    qtbot, history, theme, monkeypatch
):
    from backtracker.ui.progress import pages

    monkeypatch.setattr(pages, "STEP_MS", 60_000)  # its axes would come only a minute apart
    tab = _made_ahead_tab(qtbot, monkeypatch, [])
    maker = tab._page_maker
    qtbot.waitUntil(lambda: "overview" in maker._ready, timeout=5_000)
    chart = maker._ready["overview"]
    assert not chart.made and chart.figure.axes == [] and maker._making is chart
    qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
    assert tab.overview_chart is chart and chart.made and len(chart.figure.axes) == 3
    assert maker._making is None
    _wait_drawn(qtbot, tab)
    assert chart.isVisible() and not chart.held
    assert _shows_as_drawn_at_once(qtbot, tab, chart, "overview")
