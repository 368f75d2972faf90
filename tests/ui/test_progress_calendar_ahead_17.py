"""Progress ▸ Calendar read ahead (issue 17, no GUI stall over 50 ms on a page's first open).

The Calendar page is made ahead while the Progress tab stands idle (pages.py `PageMaker`) and
reads the year its first show will show on a worker (calendar_ahead.py). Opened, it shows
that without a read on the GUI thread, exactly what a read of its own shows; after a write, a
new goal or a new year it reads for itself, so it never shows anything stale.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt

from backtracker.domain import clock
from backtracker.services import calendar
from backtracker.services.preferences import Preferences
from tests.ui.test_progress_calendar import (  # noqa: F401  its pinned Wednesday, autouse
    TUESDAY,
    PrefsHolder,
    _wednesday_18_march,
    log,
    tuesday_workout,
)
from tests.ui.test_progress_lazy_19 import wait_for_progress

if TYPE_CHECKING:
    from backtracker.ui.progress.calendar_page import CalendarPage
    from backtracker.ui.progress.tab import ProgressTab

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)
FRIDAY = dt.date(2026, 3, 13)


@pytest.fixture
def gui_reads(monkeypatch) -> list[str]:
    """The calendar reads made on the GUI thread (the worker's are not listed)."""
    reads: list[str] = []
    for name in ("span", "has_training"):
        real = getattr(calendar, name)

        def spy(*args, _real=real, _name=name):
            if threading.current_thread() is threading.main_thread():
                reads.append(_name)
            return _real(*args)

        monkeypatch.setattr(calendar, name, spy)
    return reads


@pytest.fixture
def prefs() -> PrefsHolder:
    return PrefsHolder()


@pytest.fixture
def tab_read_ahead(qtbot, seeded, theme, prefs, monkeypatch):
    """A Progress tab left idle until its Calendar page is made and has read ahead."""
    from backtracker.ui.events import DataEvents
    from backtracker.ui.progress.pages import PageMaker
    from backtracker.ui.progress.tab import ProgressTab

    monkeypatch.setattr(PageMaker, "IDLE_MS", 60)

    def make() -> tuple[ProgressTab, CalendarPage]:
        tab = ProgressTab(DataEvents(), prefs)
        qtbot.addWidget(tab)
        tab.resize(1280, 760)
        tab.show()
        qtbot.waitExposed(tab)
        wait_for_progress(qtbot, tab)
        qtbot.waitUntil(lambda: "calendar" in tab._page_maker._ready, timeout=5_000)
        page = tab._page_maker._ready["calendar"]
        qtbot.waitUntil(lambda: page._ahead is not None, timeout=5_000)
        return tab, page

    return make


def open_calendar(qtbot, tab: ProgressTab) -> None:
    qtbot.wait(150)  # a person moves to the button
    qtbot.mouseClick(tab.calendar_button, Qt.MouseButton.LeftButton)


def fresh_read(qtbot, prefs: Preferences) -> CalendarPage:
    """A Calendar page that read for itself, to compare with."""
    from backtracker.ui.progress.calendar_page import CalendarPage

    page = CalendarPage()
    qtbot.addWidget(page)
    page.show_calendar(prefs, clock.today())
    return page


def test_the_first_open_shows_the_year_read_ahead_without_a_read_of_its_own(
    qtbot, tab_read_ahead, prefs, gui_reads
):
    tuesday_workout()
    log(dt.datetime(2026, 3, 13, 7, 0), {"dumbbell-row": [(20.0, 10)]})
    tab, page = tab_read_ahead()
    assert not page.isVisible() and page.year is None  # read, not shown
    open_calendar(qtbot, tab)
    assert tab.calendar_page is page and tab.pages.currentWidget() is page
    assert gui_reads == []
    heatmap = page.heatmap
    assert heatmap.shade(TUESDAY) > 0 and heatmap.shade(FRIDAY) > 0
    assert heatmap.shade(dt.date(2026, 3, 12)) == 0
    itself = fresh_read(qtbot, prefs.prefs)
    assert page.span == itself.span
    assert page.year_summary.text() == itself.year_summary.text()
    assert "2 training days" in page.year_summary.text()
    assert page.day_detail.text() == itself.day_detail.text()


def test_a_set_logged_after_the_read_ahead_is_shown(qtbot, tab_read_ahead, gui_reads):
    tuesday_workout()
    tab, page = tab_read_ahead()
    log(dt.datetime(2026, 3, 13, 7, 0), {"dumbbell-row": [(20.0, 10)]})  # no event sent
    open_calendar(qtbot, tab)
    assert gui_reads == ["has_training", "span"]  # the read ahead was dropped
    assert page.heatmap.shade(FRIDAY) > 0
    assert "2 training days" in page.year_summary.text()


def test_a_goal_changed_after_the_read_ahead_is_shown(qtbot, tab_read_ahead, prefs, gui_reads):
    tuesday_workout()
    tab, page = tab_read_ahead()
    prefs.prefs = Preferences(goal_minimum=1, goal_target=2)
    open_calendar(qtbot, tab)
    assert gui_reads == ["has_training", "span"]
    assert page.span.goal.minimum == 1
    assert page.span.met_goal(TUESDAY)  # one session met a goal of one


def test_an_empty_history_read_ahead_shows_the_empty_state(qtbot, tab_read_ahead, gui_reads):
    log(dt.datetime(2026, 3, 13, 7, 0), {"dumbbell-row": [(20.0, 10)]})
    tab, page = tab_read_ahead()
    assert page._ahead.trained
    # All of it deleted after the read: the page reads again and says what to do.
    from backtracker.storage.models import Workout

    Workout.delete().execute()
    open_calendar(qtbot, tab)
    assert gui_reads == ["has_training"]
    assert page.is_empty


def test_a_page_shown_before_the_answer_comes_keeps_its_own_read(qtbot, seeded, theme):
    """The answer arriving after the page was shown (by a click, or another year chosen) is
    not kept: the page already read for itself."""
    from backtracker.ui.progress import calendar_ahead
    from backtracker.ui.progress.calendar_page import CalendarPage

    tuesday_workout()
    page = CalendarPage()
    qtbot.addWidget(page)
    read = calendar_ahead.read_year(2026, Preferences(), calendar_ahead.stamp())
    page.show_calendar(Preferences(), clock.today())
    page._read_ahead_in(read)
    assert page._ahead is None
    stale = calendar_ahead.read_year(2026, Preferences(), calendar_ahead.stamp())
    log(dt.datetime(2026, 3, 13, 7, 0), {"dumbbell-row": [(20.0, 10)]})
    other = CalendarPage()
    qtbot.addWidget(other)
    other._read_ahead_in(stale)  # a write between the read and its answer: dropped
    assert other._ahead is None
