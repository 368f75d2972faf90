"""The Progress tab's pages besides the exercise chart: how each is made, and what it shows.

Each page (Overview, Body, Calendar, Lower back, Back) is made when first opened. A page
shown again for what it last showed (the same data, range, preferences and day) is left as
it is: no query, no redraw (`ShownPages`); on ten years of training a re-read and redraw
of the Overview was 150–250 ms of one event-loop turn.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from backtracker.storage import progress as store
from backtracker.ui.coach.week_page import BackWeekPage
from backtracker.ui.events import DataEvents
from backtracker.ui.icons import icon
from backtracker.ui.progress import lower_back_page
from backtracker.ui.progress.body_chart import BodyPage
from backtracker.ui.progress.calendar_page import CalendarPage
from backtracker.ui.progress.overview_chart import OverviewChart
from backtracker.ui.widgets.headings import lay_out_empty_state

Key = tuple[object, ...]
EMPTY_HINT = "Log a workout in the Log tab, or explore the demo to see what the charts show."


def empty_state(log_requested: Signal) -> QWidget:
    button = QPushButton(icon("log"), "Go to the Log tab")
    button.clicked.connect(log_requested)
    demo_button = QPushButton(icon("progress"), "Explore the demo")
    demo_button.setToolTip(
        "Open a separate window with a year of sample training; your own data stays untouched"
    )
    demo_button.clicked.connect(lambda: _start_demo(demo_button))
    page = QWidget()
    page.setObjectName("ProgressEmptyState")
    lay_out_empty_state(
        page,
        "No training to chart yet",
        "Your strength charts, records and weekly overview appear here as soon as you have "
        f"logged sets.\n{EMPTY_HINT}",
        [button, demo_button],
    )
    return page


def _start_demo(parent: QWidget) -> None:
    from backtracker.ui.welcome import start_demo  # the demo runs as a process of its own

    start_demo(parent)


def build_page(key: str, events: DataEvents, log_requested: Signal) -> QWidget:
    """The page of a key of the tab's `page_buttons`, wired to the window's events."""
    if key == "overview":
        return OverviewChart()
    if key == "body":
        return BodyPage()  # measurements and the V-taper (body_chart.py)
    if key == "calendar":
        page = CalendarPage()  # training days (calendar_page.py)
        page.open_workout_requested.connect(events.open_workout_requested)
    elif key == "lower_back":
        page = lower_back_page.LowerBackPage()
        page.open_workout_requested.connect(events.open_workout_requested)
    else:
        page = BackWeekPage(events)  # the back's week (ui/coach/week_page.py)
    page.log_requested.connect(log_requested)
    return page


class ShownPages:
    """What each page was last shown for: the data stamp (`storage.progress.data_stamp`,
    which moves with any write from any connection) and what the tab asked it to show."""

    def __init__(self) -> None:
        self._shown: dict[str, Key] = {}

    def wanted(self, page: str, what: Key) -> Key | None:
        """The key to `remember` once `page` has been shown for `what`; None when it already
        shows that (nothing to read or draw). The stamp is read before the page reads, so a
        write during its read makes the next show read again."""
        key = (store.data_stamp(), *what)
        return None if self._shown.get(page) == key else key

    def remember(self, page: str, key: Key) -> None:
        self._shown[page] = key

    def forget(self, page: str | None = None) -> None:
        """Show `page` (every page: None) afresh next time: the data changed."""
        if page is None:
            self._shown.clear()
        else:
            self._shown.pop(page, None)
