"""Progress ▸ Back: the back's week for any week, with previous and next.

The page reads the week report (services/coach.py) when the Progress tab asks it to
(`show_back`, on show and after every data change or new day) and when the person moves to
another week; the rules stay in domain/coach/. Reading a week takes 40–60 ms on ten years
of training, so it is read in the background (ui/tasks.py) and shown when it arrives.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.coach import balance as balance_rules
from backtracker.domain.coach import stalls
from backtracker.domain.coach.regions import REGIONS
from backtracker.domain.dates import MONTHS_SHORT, format_date, format_day_month
from backtracker.domain.goals import week_start
from backtracker.services import calendar, coach
from backtracker.services.coach import WeekReport
from backtracker.ui.coach.balance_bar import BalanceBar
from backtracker.ui.coach.deload_offer import DeloadOffer
from backtracker.ui.coach.heatmap import BackHeatmap, shade_color
from backtracker.ui.events import DataEvents
from backtracker.ui.icons import icon
from backtracker.ui.tasks import run_task
from backtracker.ui.theme import theme
from backtracker.ui.widgets.headings import heading, lay_out_empty_state

EMPTY_TITLE = "Your back's week appears here"
EMPTY_TEXT = (
    "Hard sets for your lats, mid-back, upper traps, rear delts and erectors, week by week, "
    "on the back diagram, with the balance of your pulls and any stalled exercises. Log a "
    "workout in the Log tab and it appears here."
)
COUNTING = (
    "A hard set is a completed work set (not a warm-up). A primary muscle counts 1, a "
    "secondary muscle ½. Weeks run Monday to Sunday. The band comes from Preferences."
)
_WEEK = dt.timedelta(days=7)


def format_week(monday: dt.date) -> str:
    """Week 12 · 16–22 Mar 2026 (Week 1 · 29 Dec 2025 – 4 Jan 2026 across a year)."""
    sunday = monday + dt.timedelta(days=6)
    number = monday.isocalendar()[1]
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        days = f"{monday.day}–{sunday.day} {MONTHS_SHORT[monday.month - 1]} {monday.year}"
    elif monday.year == sunday.year:
        days = f"{format_day_month(monday)} – {format_day_month(sunday)} {sunday.year}"
    else:
        days = f"{format_date(monday)} – {format_date(sunday)}"
    return f"Week {number} · {days}"


def _section(title: str) -> QLabel:
    label = heading(title, 1.15)
    label.setContentsMargins(0, 10, 0, 2)
    return label


def _text() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def read_week(monday: dt.date) -> WeekReport | None:
    """The week's report, or None when nothing at all is logged yet (the empty state)."""
    return coach.week_report(monday) if calendar.has_training() else None


def _offered(report: WeekReport) -> list[str]:
    """The suggestions the deload offer shows itself (its sentence, or the week accepted)."""
    return [report.deload_sentence] if report.deload_sentence else []


def _bullets(lines: list[str]) -> str:
    return "<br>".join(f"• {escape(line)}" for line in lines)


class _Column(QWidget):
    """The scrolled text: as tall as its wrapped lines are at the width it has.

    A wrapped label's own minimum height is the one of its narrowest layout, which summed
    up made the scroll area scroll when everything fitted.
    """

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)


class BackWeekPage(QWidget):
    log_requested = Signal()  # the empty state's "Go to the Log tab"

    def __init__(self, events: DataEvents | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.today = dt.date(2000, 1, 1)
        self.monday: dt.date | None = None  # the week shown; None until first shown
        self._requests = self._shown_request = 0  # week reads asked for and shown
        self.report: WeekReport | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_controls())
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_week_page())
        self.empty_state = self._build_empty_state()
        self.stack.addWidget(self.empty_state)
        layout.addWidget(self.stack, 1)
        for keys, weeks in (("Alt+Left", -1), ("PgUp", -1), ("Alt+Right", 1), ("PgDown", 1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            # The whole window while the page shows (a hidden page's keys are off), so the
            # keys work straight after clicking Back in the row above the page.
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda n=weeks: self.step(n))
        theme().changed.connect(self._show_regions)

    # -- building --------------------------------------------------------------------------
    def _build_controls(self) -> QHBoxLayout:
        self.previous_button = QToolButton()
        self.previous_button.setText("◀")
        self.previous_button.setAccessibleName("Previous week")
        self.previous_button.setToolTip("Previous week (Alt+Left or PgUp)")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.week_label = QLabel()
        self.week_label.setAccessibleName("Week shown")
        self.week_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.week_label.setMinimumWidth(
            self.fontMetrics().horizontalAdvance("Week 53 · 29 Dec 2025 – 4 Jan 2026") + 16
        )
        font = self.week_label.font()
        font.setBold(True)
        self.week_label.setFont(font)
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setAccessibleName("Next week")
        self.next_button.setToolTip("Next week (Alt+Right or PgDown)")
        self.next_button.clicked.connect(lambda: self.step(1))
        for button in (self.previous_button, self.next_button):
            button.setMinimumWidth(32)
        self.this_week_button = QToolButton(text="This week")
        self.this_week_button.setToolTip("Go to the week holding today")
        self.this_week_button.clicked.connect(self.go_to_this_week)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 4)
        row.addWidget(self.previous_button)
        row.addWidget(self.week_label)
        row.addWidget(self.next_button)
        row.addWidget(self.this_week_button)
        row.addStretch(1)
        return row

    def _build_week_page(self) -> QWidget:
        self.heatmap = BackHeatmap()
        self.heatmap.setToolTip(COUNTING)
        self.counting_note = QLabel(COUNTING)
        self.counting_note.setWordWrap(True)
        self.counting_note.setEnabled(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.addWidget(self.heatmap)
        left_layout.addWidget(self.counting_note)
        left_layout.addStretch(1)

        self.summary = _text()
        self.summary.setAccessibleName("Week summary")
        self.region_text = _text()
        self.region_text.setAccessibleName("Hard sets per back region")
        self.balance_caption = _text()
        self.balance_caption.setEnabled(False)
        self.pull_bar = BalanceBar("Vertical pulls", "Horizontal pulls")
        self.press_bar = BalanceBar("All pulls", "Pushes")
        self.press_note = _text()
        self.press_note.setEnabled(False)
        self.balance_text = _text()
        self.balance_text.setAccessibleName("Balance")
        self.stalled_text = _text()
        self.stalled_text.setAccessibleName("Stalled exercises")
        self.suggestions_text = _text()
        self.suggestions_text.setAccessibleName("Suggestions")

        column = _Column()
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(8, 0, 8, 8)
        column_layout.addWidget(self.summary)
        column_layout.addWidget(_section("Hard sets per region"))
        column_layout.addWidget(self.region_text)
        column_layout.addWidget(_section(f"Balance · last {balance_rules.WINDOW_WEEKS} weeks"))
        column_layout.addWidget(self.balance_caption)
        column_layout.addWidget(self.pull_bar)
        column_layout.addSpacing(4)
        column_layout.addWidget(self.press_bar)
        column_layout.addWidget(self.press_note)
        column_layout.addWidget(self.balance_text)
        column_layout.addWidget(_section("Stalled"))
        column_layout.addWidget(self.stalled_text)
        column_layout.addWidget(_section("Suggestions"))
        column_layout.addWidget(self.suggestions_text)
        self.deload_offer = DeloadOffer(self.events)  # hidden unless a deload is due or taken
        self.deload_offer.changed.connect(self._reload)
        column_layout.addSpacing(8)
        column_layout.addWidget(self.deload_offer)
        column_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName("The week's figures and suggestions")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(column)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(340)

        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 4, 0, 0)
        row.addWidget(left, 5)
        row.addWidget(scroll, 6)
        return page

    def _build_empty_state(self) -> QWidget:
        button = QPushButton(icon("log"), "Go to the Log tab")
        button.clicked.connect(self.log_requested)
        page = QWidget()
        page.setObjectName("BackWeekEmptyState")
        lay_out_empty_state(page, EMPTY_TITLE, EMPTY_TEXT, [button])
        return page

    # -- state -----------------------------------------------------------------------------
    @property
    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty_state

    @property
    def current_week(self) -> dt.date:
        return week_start(self.today)

    def focus_main(self) -> None:
        target = self.previous_button if self.previous_button.isEnabled() else self.week_label
        if self.is_empty:
            target = self.this_week_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_back(self, today: dt.date) -> None:
        """Read the week again: the data, the preferences or the day changed."""
        following = self.monday == self.current_week  # this week follows the calendar
        self.today = today
        if self.monday is None or following or self.monday > self.current_week:
            self.monday = self.current_week
        self._load()

    def step(self, weeks: int) -> None:
        """The week before (-1) or after (+1); never past the current week."""
        if self.monday is None or self.is_empty:
            return
        target = min(self.monday + weeks * _WEEK, self.current_week)
        if target != self.monday:
            self.monday = target
            self._load()

    def _reload(self) -> None:
        if self.monday is not None and not self.is_empty:
            self._load()

    def go_to_this_week(self) -> None:
        if self.monday is not None and not self.is_empty and self.monday != self.current_week:
            self.monday = self.current_week
            self._load()

    # -- showing ---------------------------------------------------------------------------
    def _show_week_label(self) -> None:
        monday = self.monday or self.current_week
        current = monday == self.current_week
        self.week_label.setText(format_week(monday) + (" (this week)" if current else ""))
        self.next_button.setEnabled(not current and not self.is_empty)
        self.previous_button.setEnabled(not self.is_empty)
        self.this_week_button.setEnabled(not current and not self.is_empty)
        if not current:
            self.next_button.setToolTip(
                f"Next week: {format_week(monday + _WEEK)} (Alt+Right or PgDown)"
            )
        else:
            self.next_button.setToolTip("This is the current week (Alt+Right or PgDown)")
        self.previous_button.setToolTip(
            f"Previous week: {format_week(monday - _WEEK)} (Alt+Left or PgUp)"
        )

    @property
    def loading(self) -> bool:
        """A week is being read; what is shown is still the week before."""
        return self._shown_request != self._requests

    def _load(self) -> None:
        """Name the week at once and read it in the background (tens of milliseconds on ten
        years of training); only the answer to the latest request is shown."""
        assert self.monday is not None
        self._requests += 1
        request = self._requests
        self._show_week_label()
        run_task(
            read_week,
            self.monday,
            on_done=lambda report: self._show_report(report, request),
            context=self,
            uses_database=True,
        )

    def _show_report(self, report: WeekReport | None, request: int) -> None:
        if request != self._requests:
            return  # the person moved on to another week meanwhile
        self._shown_request = request
        self.report = report
        if report is None:
            self.stack.setCurrentWidget(self.empty_state)
            self._show_week_label()
            return
        self.stack.setCurrentWidget(self.stack.widget(0))
        self._show_week_label()
        self.heatmap.set_counts(report.regions, report.region_sentences)
        total = sum(count.sets for count in report.regions)
        when = "this week" if report.current else f"in the week of {format_date(report.monday)}"
        if total == 0:
            self.summary.setText(f"No hard sets for the back {when}.")
        else:
            below = sum(1 for count in report.regions if count.sets < count.low)
            self.summary.setText(
                f"{below} of {len(REGIONS)} back regions below {report.regions[0].low} sets {when}."
                if below
                else f"Every back region has at least {report.regions[0].low} sets {when}."
            )
        self._show_regions()
        self._show_balance(report)
        self._show_stalls(report)
        self.deload_offer.show_report(report)
        shown = {*report.region_sentences, *report.balance_sentences, *_offered(report)}
        others = [sentence for sentence in report.suggestions if sentence not in shown]
        self.suggestions_text.setText(
            _bullets(others) if others else "None beyond the regions and the balance above."
        )

    def _show_regions(self) -> None:
        """The five sentences, each after a square in its region's colour."""
        if self.report is None:
            return
        colors = theme().colors
        rows = []
        for count, sentence in zip(self.report.regions, self.report.region_sentences, strict=True):
            color = shade_color(self.heatmap.shade_of(count.region), colors)
            rows.append(f"<span style='color:{color}'>■</span>&nbsp;{escape(sentence)}")
        self.region_text.setText("<br>".join(rows))

    def _show_balance(self, report: WeekReport) -> None:
        figures = report.balance
        first = report.monday - (balance_rules.WINDOW_WEEKS - 1) * _WEEK
        self.balance_caption.setText(
            f"Hard sets from {format_date(first)} to "
            f"{format_date(report.monday + dt.timedelta(days=6))}."
        )
        self.pull_bar.set_sets(figures.vertical_pull_sets, figures.horizontal_pull_sets)
        self.press_bar.set_sets(figures.pull_sets, figures.push_sets)
        presses = figures.push_sets > 0
        self.press_bar.setVisible(presses)
        self.press_note.setVisible(not presses)
        self.press_note.setText("No presses logged in these weeks, so no pull–push balance.")
        self.balance_text.setText(
            _bullets(list(report.balance_sentences))
            if report.balance_sentences
            else f"Nothing has been off balance for {balance_rules.RUN_WEEKS} weeks in a row."
        )

    def _show_stalls(self, report: WeekReport) -> None:
        if report.stalled:
            self.stalled_text.setText(
                f"No better estimated 1RM in the last {stalls.STALL_SESSIONS} sessions: "
                + ", ".join(report.stalled)
                + "."
            )
        elif report.trained:
            self.stalled_text.setText(
                f"None of the {report.trained} back exercises of the last "
                f"{stalls.WINDOW_WEEKS} weeks."
            )
        else:
            self.stalled_text.setText(
                f"No back exercise with weights in the last {stalls.WINDOW_WEEKS} weeks."
            )
