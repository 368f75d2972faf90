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

from backtracker.domain import clock
from backtracker.services import calendar, logbook, lower_back_history, measurements
from backtracker.services import progress as progress_service
from backtracker.services.preferences import Preferences
from backtracker.storage.models import Exercise
from backtracker.ui.events import DataEvents

if TYPE_CHECKING:
    from backtracker.ui.progress.tab import ProgressTab

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)

PAGES = ("overview", "body", "calendar", "lower_back", "back")


def _log(key: str, when: dt.datetime, weight: float) -> None:
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
