"""The Progress tab's first show (issue 17, no GUI stall over 50 ms switching tabs).

The first show paints the tab's frame at once, under a blank cover; makes the exercise chart
a turn later; reads the exercise list and the first chart's figures on a worker; draws the
chart while covered, a step per event-loop turn; and only then takes the cover away. The
other pages (Overview, Body, Calendar, Lower back, Back) are made ahead of their first open,
one per idle moment while the tab is on screen (pages.py `PageMaker`), but drawn only once
opened; only the Calendar reads ahead, on a worker (test_progress_calendar_ahead_17.py).

matplotlib and the chart modules are imported inside the tests (see test_progress_tab.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt

from backtracker.domain import clock
from backtracker.services import logbook
from backtracker.services.preferences import Preferences
from backtracker.storage.models import Exercise
from backtracker.ui.events import DataEvents

if TYPE_CHECKING:
    from backtracker.ui.progress.tab import ProgressTab

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)


def wait_for_progress(qtbot, tab: ProgressTab) -> None:
    """Wait, as a person does, until the tab's first show is in: read and drawn, uncovered."""
    qtbot.waitUntil(lambda: not tab.loading, timeout=10_000)


def _log(key: str, when: dt.datetime, weight: float) -> int:
    exercise = Exercise.get(Exercise.catalogue_key == key).id
    prefs = Preferences()
    workout = logbook.start_workout(prefs, started_at=when)
    link = logbook.add_exercise(workout, exercise, prefs)
    logbook.add_set(
        link,
        {
            "weight_kg": weight,
            "reps": 8,
            "set_type": "normal",
            "completed": True,
            "completed_at": when,
        },
    )
    logbook.finish_workout(workout, when + dt.timedelta(minutes=40))
    return exercise


@pytest.fixture
def history(seeded) -> int:
    """Three sessions of dumbbell rows; the exercise's id."""
    now = clock.now()
    exercise = 0
    for weeks, weight in ((3, 30.0), (2, 32.5), (1, 35.0)):
        exercise = _log("dumbbell-row", now - dt.timedelta(weeks=weeks), weight)
    return exercise


def _make(qtbot, events: DataEvents) -> ProgressTab:
    from backtracker.ui.progress.tab import ProgressTab

    tab = ProgressTab(events, Preferences)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    return tab


def test_first_show_is_covered_until_read_and_drawn_then_shows_the_chart(
    qtbot, history, theme, monkeypatch
):
    from backtracker.ui.progress import mpl

    draws: list[tuple[float, ...]] = []
    real_draw = mpl.ChartFigure.draw

    def counted(figure, renderer):
        draws.append(tuple(figure.bbox.bounds))
        return real_draw(figure, renderer)

    monkeypatch.setattr(mpl.ChartFigure, "draw", counted)
    tab = _make(qtbot, DataEvents())
    tab.show()
    assert tab.loading and tab.cover.isVisible()  # blank at first: nothing shown yet
    assert tab.cover.geometry() == tab.rect()
    assert draws == []  # no draw of an empty chart
    wait_for_progress(qtbot, tab)
    assert not tab.cover.isVisible()
    assert tab.exercise_chart.isVisible()
    assert tab.current_exercise_id() == history
    assert len(tab.exercise_chart.line.get_xdata()) == 3
    assert tab.records_model.rowCount() > 0
    qtbot.wait(50)
    canvas = tab.exercise_chart.canvas
    size = (0.0, 0.0, float(canvas.width()), float(canvas.height()))
    assert draws == [size]  # drawn once, covered, at the size it is shown at


def test_the_other_pages_are_made_when_first_opened(qtbot, history, theme, monkeypatch):
    from backtracker.ui.progress.pages import PageMaker

    monkeypatch.setattr(PageMaker, "KEYS", ())  # nothing made ahead (the next tests)
    tab = _make(qtbot, DataEvents())
    tab.show()
    wait_for_progress(qtbot, tab)
    assert tab._built_pages == {}
    qtbot.mouseClick(tab.calendar_button, Qt.MouseButton.LeftButton)
    assert set(tab._built_pages) == {"calendar"}
    assert tab.pages.currentWidget() is tab.calendar_page
    qtbot.mouseClick(tab.calendar_button, Qt.MouseButton.LeftButton)  # back to the chart
    assert tab.pages.currentWidget() is tab.splitter
    assert set(tab._built_pages) == {"calendar"}


MADE_AHEAD = {"overview", "lower_back", "body", "back", "calendar"}


def test_the_chart_pages_are_made_ahead_while_the_tab_stands_idle_and_drawn_when_opened(
    qtbot, history, theme, monkeypatch
):
    from backtracker.ui.progress import mpl
    from backtracker.ui.progress.pages import PageMaker, chart_of

    monkeypatch.setattr(PageMaker, "IDLE_MS", 60)
    drawn: list[object] = []
    real_draw = mpl.ChartFigure.draw

    def counted(figure, renderer):
        drawn.append(figure)
        return real_draw(figure, renderer)

    monkeypatch.setattr(mpl.ChartFigure, "draw", counted)
    tab = _make(qtbot, DataEvents())
    tab.show()
    maker = tab._page_maker
    assert maker._ready == {}  # not while the first chart is read and drawn
    wait_for_progress(qtbot, tab)
    qtbot.waitUntil(lambda: set(maker._ready) == MADE_AHEAD, timeout=5_000)
    assert tab._built_pages == {}  # made, not yet the tab's
    for key, page in maker._ready.items():
        assert tab.pages.indexOf(page) == -1 and not page.isVisible()
        if key not in ("back", "calendar"):  # a chart page: nothing drawn, not opened
            assert chart_of(page).held
    assert maker._ready["back"].report is None  # nor read
    assert drawn == [tab.exercise_chart.figure]

    made = maker._ready["overview"]
    renders: list[object] = []
    made.canvas.mpl_connect("draw_event", renders.append)  # its draw goes a step per axes
    qtbot.wait(150)  # a person moves to the button
    qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
    assert tab.overview_chart is made and tab.pages.currentWidget() is made
    assert "overview" not in maker._ready
    assert tab.page_cover.covering  # drawn under the cover, a step per turn, as if just made
    qtbot.waitUntil(lambda: not tab.page_cover.covering, timeout=5_000)
    assert made.isVisible() and not made.held
    assert len(renders) == 1  # drawn once, when opened
    qtbot.wait(200)
    assert set(maker._ready) == MADE_AHEAD - {"overview"}  # nothing made twice


def test_no_page_is_made_ahead_while_the_tab_is_out_of_sight(qtbot, history, theme, monkeypatch):
    from backtracker.ui.progress.pages import PageMaker

    monkeypatch.setattr(PageMaker, "IDLE_MS", 60)
    tab = _make(qtbot, DataEvents())
    tab.show()
    wait_for_progress(qtbot, tab)
    tab.hide()  # another tab of the window chosen at once
    maker = tab._page_maker
    # On a loaded machine the first idle moment (60 ms) can come before the hide: one page
    # may be made by then, but not all, and none more while the tab is hidden.
    made = dict(maker._ready)
    assert set(made) != MADE_AHEAD
    qtbot.wait(300)  # five idle moments and more
    assert maker._ready == made
    tab.show()
    qtbot.waitUntil(lambda: set(tab._page_maker._ready) == MADE_AHEAD, timeout=5_000)


def test_switching_pages_reads_the_exercise_list_again_only_after_a_change(
    qtbot, history, theme, monkeypatch
):
    """A page button with nothing changed shows the page from what the tab has (on ten years
    the list alone is a 30-50 ms query); after a change it reads again and shows the new set."""
    from backtracker.ui.progress import tab as tab_module

    events = DataEvents()
    tab = _make(qtbot, events)
    tab.show()
    wait_for_progress(qtbot, tab)
    reads: list[int] = []
    real = tab_module.progress.exercises_with_history
    monkeypatch.setattr(
        tab_module.progress,
        "exercises_with_history",
        lambda: reads.append(1) or real(),
    )
    for button in (tab.overview_button, tab.body_button, tab.back_button, tab.back_button):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.wait(30)
    assert tab.pages.currentWidget() is tab.splitter  # Back clicked off: the chart again
    assert tab.current_exercise_id() == history
    assert reads == []
    _log("dumbbell-row", clock.now() - dt.timedelta(days=1), 40.0)
    events.sets_changed.emit()  # seen while the tab is in view: refreshed at once
    qtbot.waitUntil(lambda: len(reads) == 1)
    qtbot.mouseClick(tab.calendar_button, Qt.MouseButton.LeftButton)
    assert len(reads) == 1
    qtbot.mouseClick(tab.calendar_button, Qt.MouseButton.LeftButton)
    assert len(tab.exercise_chart.line.get_xdata()) == 4
    tab.hide()
    _log("dumbbell-row", clock.now() - dt.timedelta(hours=5), 42.5)
    events.sets_changed.emit()  # not in view: read on the next show or page switch
    tab.show()
    qtbot.waitUntil(lambda: len(reads) == 2)
    qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
    assert len(reads) == 2
    assert max(tab.exercise_chart.line.get_ydata()) > 42.0


def test_a_change_while_the_first_reads_run_is_never_shown_stale(qtbot, history, theme):
    """A set logged while the worker reads: the worker's answer is dropped and the chart
    shows the new set."""
    events = DataEvents()
    tab = _make(qtbot, events)
    tab.show()
    assert tab.loading
    _log("dumbbell-row", clock.now() - dt.timedelta(days=1), 40.0)
    events.sets_changed.emit()
    wait_for_progress(qtbot, tab)
    qtbot.wait(50)  # the worker's (stale) answer, if it comes after the refresh
    assert len(tab.exercise_chart.line.get_xdata()) == 4
    assert max(tab.exercise_chart.line.get_ydata()) > 40.0


def test_asking_for_an_exercise_during_the_first_show_reads_it_at_once(qtbot, history, theme):
    """The Library's "Show progress" while the worker reads: the tab reads it itself."""
    tab = _make(qtbot, DataEvents())
    tab.show()
    assert tab.loading
    assert tab.set_exercise(history)
    assert tab.current_exercise_id() == history
    assert len(tab.exercise_chart.line.get_xdata()) == 3  # read here, not on the worker
    wait_for_progress(qtbot, tab)
    refreshes = tab._refreshes
    qtbot.wait(100)  # the worker's answer comes and is dropped
    assert tab._refreshes == refreshes
    assert tab.exercise_chart.isVisible()
    assert len(tab.exercise_chart.line.get_xdata()) == 3


def test_without_training_the_empty_state_comes_after_the_reads(qtbot, seeded, theme):
    tab = _make(qtbot, DataEvents())
    tab.show()
    wait_for_progress(qtbot, tab)
    assert tab.is_empty
    assert tab.empty_state.isVisible()


def test_a_held_chart_draws_nothing_until_released_then_what_was_asked(qtbot, theme, monkeypatch):
    from backtracker.ui.progress import mpl
    from backtracker.ui.progress.exercise_chart import ExerciseChart

    draws: list[int] = []
    real_draw = mpl.ChartFigure.draw
    monkeypatch.setattr(
        mpl.ChartFigure, "draw", lambda figure, r: draws.append(1) or real_draw(figure, r)
    )
    chart = ExerciseChart()
    qtbot.addWidget(chart)
    chart.hold_draws()
    chart.resize(700, 500)
    chart.show()  # a resize: matplotlib asks for a draw
    qtbot.waitExposed(chart)
    chart.canvas.draw_idle()
    qtbot.wait(50)
    assert draws == []
    chart.release_draws()
    qtbot.waitUntil(lambda: draws == [1])
    qtbot.wait(50)
    assert draws == [1]  # the requests meanwhile make one draw
    chart.canvas.draw_idle()  # released: as usual
    qtbot.waitUntil(lambda: len(draws) == 2)


def test_a_draw_asked_for_during_the_steps_follows_them(qtbot, theme, monkeypatch):
    """A theme change after the render step, before the chart is shown: drawn again after."""
    from backtracker.ui.progress import mpl
    from backtracker.ui.progress.exercise_chart import ExerciseChart

    draws: list[bool] = []
    real_draw = mpl.ChartFigure.draw
    chart = ExerciseChart()

    def draw(figure, renderer):
        real_draw(figure, renderer)
        draws.append(chart.held)
        if len(draws) == 1:
            chart.restyle()  # still held: remembered

    monkeypatch.setattr(mpl.ChartFigure, "draw", draw)
    qtbot.addWidget(chart)
    chart.hold_draws()
    chart.resize(700, 500)
    chart.show()
    qtbot.waitExposed(chart)
    shown: list[bool] = []
    chart.draw_in_steps(lambda: shown.append(chart.held))
    qtbot.waitUntil(lambda: shown == [False])
    qtbot.waitUntil(lambda: len(draws) == 2)
    assert draws == [True, False]  # the render under the hold, then the theme's draw
