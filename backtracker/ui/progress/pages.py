"""The Progress tab's pages besides the exercise chart: how each is made, and what it shows.

Each page (Overview, Body, Calendar, Lower back, Back) is made when first opened, or a little
before: one per idle moment while the tab is on screen (`PageMaker`), so that opening one does
not also pay for making it; the Calendar's first year is read then too, on a worker
(calendar_ahead.py). A chart
page's first draw (the Overview's three axes: 150 ms and more on ten years of training) is
made a step per event-loop turn under a blank cover over the pages (`PageCover`), as the
exercise chart's first draw is. A page shown again for what it last showed (the same data,
range, preferences and day) is left as it is: no query, no redraw (`ShownPages`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QStackedWidget, QWidget

from backtracker.services.preferences import Preferences
from backtracker.storage import progress as store
from backtracker.ui.coach.week_page import BackWeekPage
from backtracker.ui.events import DataEvents
from backtracker.ui.icons import icon
from backtracker.ui.progress import lower_back_page
from backtracker.ui.progress.body_chart import BodyPage
from backtracker.ui.progress.calendar_page import CalendarPage
from backtracker.ui.progress.mpl import STEP_MS, ChartPanel
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


def build_page(
    key: str, events: DataEvents, log_requested: Signal, *, in_steps: bool = False
) -> QWidget:
    """The page of a key of the tab's `page_buttons`, wired to the window's events. With
    `in_steps`, its chart's axes are left to be made by `make_step` (`PageMaker`)."""
    if key == "overview":
        return OverviewChart(in_steps=in_steps)
    if key == "body":
        return BodyPage(in_steps=in_steps)  # measurements and the V-taper (body_chart.py)
    if key == "calendar":
        page = CalendarPage()  # training days (calendar_page.py)
        page.open_workout_requested.connect(events.open_workout_requested)
    elif key == "lower_back":
        page = lower_back_page.LowerBackPage(in_steps=in_steps)
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


def chart_of(page: QWidget) -> ChartPanel | None:
    """The page's matplotlib chart: the Overview is one, Body and Lower back have one."""
    if isinstance(page, ChartPanel):
        return page
    chart = getattr(page, "chart", None)
    return chart if isinstance(chart, ChartPanel) else None


class PageCover(QObject):
    """A blank over the pages while a page's chart is first drawn, a step per turn.

    `hold` a page just made (its chart draws nothing yet), show it its data, then `draw`:
    the cover goes up, the chart draws in steps beneath it (`ChartPanel.draw_in_steps`) and
    the cover goes once it is drawn. Another page chosen meanwhile takes the cover away
    (`leave`); the chart's steps finish hidden.
    """

    def __init__(self, pages: QStackedWidget) -> None:
        super().__init__(pages)
        self.pages = pages
        self.widget = QWidget(pages)  # a child, not a page of the stack
        self.widget.setAutoFillBackground(True)
        self.widget.setAccessibleName("Loading the page")
        self.widget.hide()
        self._page: QWidget | None = None  # the page covered
        pages.installEventFilter(self)

    @property
    def covering(self) -> bool:
        return not self.widget.isHidden()

    def hold(self, page: QWidget) -> None:
        chart = chart_of(page)
        if chart is not None:
            chart.hold_draws()

    def draw(self, page: QWidget) -> None:
        chart = chart_of(page)
        if chart is None or not chart.held:
            return
        if getattr(page, "is_empty", False):
            return  # the page shows its empty state: the chart waits until it is shown
        self._page = page
        self.widget.setGeometry(self.pages.rect())
        self.widget.raise_()
        self.widget.show()
        chart.draw_in_steps(lambda: self._drawn(page))

    def _drawn(self, page: QWidget) -> None:
        if self._page is page:
            self.leave()

    def leave(self) -> None:
        self._page = None
        self.widget.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.pages and event.type() == QEvent.Type.Resize:
            self.widget.setGeometry(self.pages.rect())
        return False


class PageMaker(QObject):
    """Makes the pages not opened yet, one per idle moment while the tab is shown.

    Making the Overview's figure and its three axes takes 25 ms and more, the Lower back's,
    the Body page's and the Back page's 10 to 30; opened by a click, that came on top of
    reading, laying out and painting the page in one turn. Here each is made on a timer of
    its own once the tab has been on screen and idle a moment (its first chart drawn, no
    page being drawn), a chart page's chart held and its axes made one per turn after
    (`ChartPanel.make_step`: 5 to 15 ms a turn, not 25 to 30), and kept out of the stack
    until `take` hands it, made whole, to the tab, which then shows and draws it as a page
    just made. Nothing is drawn here, and nothing read on this thread; the Calendar (3 ms to
    make, 15–20 ms to read a year of ten years' history) starts reading its first year on a
    worker, which its first show takes only if nothing was written meanwhile
    (calendar_ahead.py). A page's keys (the Back page's week steps) stay off while it is
    hidden, as for any page not shown.
    """

    KEYS = ("overview", "lower_back", "body", "back", "calendar")
    IDLE_MS = 300

    def __init__(
        self,
        tab: QWidget,
        build: Callable[[str, bool], QWidget],
        built: Mapping[str, QWidget],
        busy: Callable[[], bool],
        shows: Callable[[], tuple[Preferences, dt.date]],
    ) -> None:
        """`build` makes a page (its chart's axes left to `make_step`: True), `built` holds
        the pages the tab has, `busy` says the tab is drawing or about to (its first show, a
        page's first draw, a refresh due), `shows` gives the preferences and the day a page
        would be shown for now."""
        super().__init__(tab)
        self._tab, self._build, self._built, self._busy = tab, build, built, busy
        self._shows = shows
        self._ready: dict[str, QWidget] = {}  # made, not yet taken (held: parented, hidden)
        self._making: ChartPanel | None = None  # a chart of one of them, its axes still to come
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.IDLE_MS)
        self._timer.timeout.connect(self._make_one)
        tab.installEventFilter(self)

    def take(self, key: str) -> QWidget | None:
        """The page made ahead for `key`, if it was, made whole; the tab has it from now on."""
        page = self._ready.pop(key, None)
        chart = chart_of(page) if page is not None else None
        if chart is not None:
            chart.finish_making()
            if chart is self._making:
                self._making = None
        return page

    def _next(self) -> str | None:
        return next((k for k in self.KEYS if k not in self._ready and k not in self._built), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._tab and event.type() == QEvent.Type.Show:
            self._again()
        return False

    def _again(self) -> None:
        if self._making is not None:
            self._timer.start(STEP_MS)  # the next axes of the chart being made
        elif self._next():
            self._timer.start(self.IDLE_MS)

    def _make_one(self) -> None:
        if not self._tab.isVisible():
            return  # made on the next show instead
        busy = self._busy()
        if not busy and self._making is not None:
            if not self._making.make_step():
                self._making = None
        elif not busy and (key := self._next()) is not None:
            page = self._build(key, True)
            page.setParent(self._tab)
            page.hide()
            chart = chart_of(page)
            if chart is not None:
                chart.hold_draws()  # drawn in steps once shown its data (`PageCover`)
                self._making = None if chart.made else chart
            if isinstance(page, CalendarPage):
                page.read_ahead(*self._shows())  # its first year, on a worker
            self._ready[key] = page
        self._again()
