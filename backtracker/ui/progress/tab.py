"""The Progress tab: one exercise over time with its records, or the training overview.

It listens for data changes (workouts, sets, preferences) and refreshes only while it is
visible; a hidden tab just remembers that it is out of date and catches up when shown.

Its first show never stalls the window for long (issue 17): the frame is laid out under a
blank cover; the exercise chart is made a turn later; the exercise list and the first
chart's figures are read on a worker (`read_ahead.py`); the chart is drawn under the cover a
step per turn (`ExerciseChart.draw_in_steps`); then the cover goes. The other pages
(Overview, Body, Calendar, Lower back, Back) are made when first opened; all but the Calendar
ahead of that, while the tab stands idle (pages.py `PageMaker`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain import clock
from backtracker.domain.goals import COUNTED_SESSION_RULE
from backtracker.services import measurements, progress
from backtracker.services.preferences import Preferences
from backtracker.services.progress import ExerciseKind, Metric, Range
from backtracker.services.progress_cache import ExerciseCache
from backtracker.ui.coach.week_page import BackWeekPage
from backtracker.ui.events import DataEvents
from backtracker.ui.icons import icon
from backtracker.ui.progress import lower_back_page, read_ahead, side_lines
from backtracker.ui.progress.body_chart import BodyPage
from backtracker.ui.progress.calendar_page import CalendarPage
from backtracker.ui.progress.exercise_chart import ExerciseChart
from backtracker.ui.progress.goal_dialog import GoalEditor
from backtracker.ui.progress.overview_chart import OverviewChart
from backtracker.ui.progress.pages import PageCover, PageMaker, ShownPages, build_page, empty_state
from backtracker.ui.progress.picker import ExerciseCombo
from backtracker.ui.progress.records_model import RecordsModel, records_box, records_note
from backtracker.ui.tasks import run_task
from backtracker.ui.theme import segment_style, theme
from backtracker.ui.undo import UndoPlace
from backtracker.ui.widgets.flow_row import FlowRow, group

DEFAULT_RANGE = Range.Y1
RANGE_TEXT = {Range.W4: "4w", Range.M3: "3m", Range.M6: "6m", Range.Y1: "1y", Range.ALL: "All"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "chart"


class ProgressTab(QWidget):
    log_requested = Signal()  # the empty state's "Go to the Log tab"

    def __init__(
        self,
        events: DataEvents,
        prefs_provider: Callable[[], Preferences],
        parent: QWidget | None = None,
        *,
        undo: UndoPlace | None = None,  # the window's; alone, a stack of its own, no status
    ) -> None:
        super().__init__(parent)
        self._prefs_provider = prefs_provider
        self.undo = undo or UndoPlace(QUndoStack(self), lambda *_, **__: None)
        self.today: Callable[[], dt.date] = clock.today
        self._dirty = True
        self._records_key: tuple[int, str, str] | None = None
        self.cache = ExerciseCache()  # each exercise's figures, until the data changes
        self._refresh_timer = QTimer(self)  # one refresh for a burst of change signals
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)

        self._events = events
        self._built_pages: dict[str, QWidget] = {}  # the other pages, built on first show
        self._shown_pages = ShownPages()  # what each was last shown for (pages.py)
        self._loading = False  # the first reads are on a worker (read_ahead.py)
        self._refreshes = 0
        self._chart: ExerciseChart | None = None  # made a turn after the first show
        self._goals: GoalEditor | None = None
        self.records_model = RecordsModel(self)
        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(8, 8, 8, 8)
        self.controls_row = QWidget()
        self.controls_row.setLayout(self._build_controls())
        content_layout.addWidget(self.controls_row)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_exercise_page())
        self.page_cover = PageCover(self.pages)  # a page's first draw, under it (pages.py)
        busy = lambda: self.loading or self.page_cover.covering or self._dirty  # noqa: E731
        shows = lambda: (self._prefs_provider(), self.today())  # noqa: E731
        self._page_maker = PageMaker(self, self._build_page, self._built_pages, busy, shows)
        content_layout.addWidget(self.pages, 1)
        self.empty_state = empty_state(self.log_requested)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.content)
        self.stack.addWidget(self.empty_state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        # Blank, over everything, until the first show has read and drawn (`_read_first`):
        # the tab is laid out beneath it as it will be shown, so the chart is drawn at its size.
        self.cover = QWidget(self)
        self.cover.setAutoFillBackground(True)
        self.cover.setAccessibleName("Loading your progress")

        for signal in (
            events.workouts_changed,
            events.sets_changed,
            events.preferences_changed,
            events.day_changed,  # "today" moved on: ranges and the week axis end later
        ):
            signal.connect(self.mark_dirty)
        events.bodyweight_changed.connect(self._bodyweight_changed)
        events.measurements_changed.connect(self.mark_dirty)
        events.exercises_changed.connect(self.mark_dirty)  # renames and archiving

    # -- building --------------------------------------------------------------------------
    def _build_controls(self) -> FlowRow:
        self.exercise_combo = ExerciseCombo()
        self.exercise_combo.exercise_chosen.connect(self._show_exercise)
        exercise_label = QLabel("&Exercise")
        exercise_label.setBuddy(self.exercise_combo)
        self.metric_combo = QComboBox()
        self.metric_combo.setAccessibleName("Metric")
        self._fill_metrics(progress.WEIGHT_METRICS)
        self.metric_combo.currentIndexChanged.connect(self._show_exercise)
        metric_label = QLabel("&Metric")
        metric_label.setBuddy(self.metric_combo)
        self.exercise_controls = QWidget()
        exercise_row = QHBoxLayout(self.exercise_controls)
        exercise_row.setContentsMargins(0, 0, 0, 0)
        exercise_row.addWidget(exercise_label)
        exercise_row.addWidget(self.exercise_combo)
        exercise_row.addSpacing(12)
        exercise_row.addWidget(metric_label)
        exercise_row.addWidget(self.metric_combo)
        self.sides_toggle = side_lines.make_toggle()  # one-sided exercises: left and right
        self.sides_toggle.toggled.connect(self._show_exercise)
        exercise_row.addWidget(self.sides_toggle)

        self.overview_caption = QLabel(
            "All your back training, week by week. A session counts when it has a completed "
            "work set of a back exercise."
        )
        self.overview_caption.setToolTip(COUNTED_SESSION_RULE)
        self.overview_caption.setWordWrap(True)
        self.overview_caption.setEnabled(False)
        self.overview_caption.hide()
        self.range_group = QButtonGroup(self)
        self.range_group.setExclusive(True)
        self.range_buttons: dict[Range, QToolButton] = {}
        # The row wraps, a group at a time, when the window is narrow (widgets/flow_row.py).
        row = FlowRow()
        row.add(self.exercise_controls)
        row.add(self.overview_caption, fill=True)
        # As tall with the caption (two lines) as with the exercise's controls: the pages
        # below keep their size (a resized chart redraws in full).
        row.steady(self.exercise_controls, self.overview_caption)
        for rng in Range:
            button = QToolButton(text=RANGE_TEXT.get(rng, rng.label))
            button.setCheckable(True)
            button.setToolTip(f"Show {rng.label.lower()}" if rng is not Range.ALL else "Show all")
            button.setAccessibleName(rng.label)
            button.setMinimumWidth(40)
            self.range_group.addButton(button)
            self.range_buttons[rng] = button
        self.range_row = group(*self.range_buttons.values())
        room = self.range_row.sizePolicy()
        room.setRetainSizeWhenHidden(True)  # hidden (Calendar, Back): the row keeps its height
        self.range_row.setSizePolicy(room)
        row.add(self.range_row, right=True)
        self.range_buttons[DEFAULT_RANGE].setChecked(True)
        self.range_group.buttonToggled.connect(self._range_toggled)
        self.overview_button = QToolButton(text="Overview")
        self.overview_button.setIcon(icon("progress"))
        self.overview_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.overview_button.setCheckable(True)
        self.overview_button.setToolTip(
            "Sessions per week, volume by muscle and bodyweight, instead of one exercise"
        )
        self.body_button = QToolButton(text="Body")
        self.body_button.setCheckable(True)
        self.body_button.setToolTip("Body measurements and your V-taper (shoulders ÷ waist)")
        self.calendar_button = QToolButton(text="Calendar")
        self.calendar_button.setCheckable(True)
        self.calendar_button.setToolTip("Training days: a year at a glance, or a month")
        self.lower_back_button = lower_back_page.make_toggle()  # flags and posture over time
        self.back_button = QToolButton(text="Back", checkable=True)
        self.back_button.setToolTip("Your back's week: sets per region, balance of pulls, stalls")
        # The pages that replace the exercise chart: at most one is on; none is the exercise.
        self.page_buttons = {
            "overview": self.overview_button,
            "body": self.body_button,
            "calendar": self.calendar_button,
            "lower_back": self.lower_back_button,
            "back": self.back_button,
        }
        row.add(group(*self.page_buttons.values(), leading=10), right=True)
        for key, button in self.page_buttons.items():
            button.toggled.connect(lambda on, key=key: self._page_toggled(key, on))
        self._style_segments()
        theme().changed.connect(self._style_segments)
        return row

    def _build_exercise_page(self) -> QWidget:
        box, self.records_view, self.records_note = records_box(self.records_model, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self._chart_slot = QWidget()  # where the chart goes when made (`exercise_chart`)
        QVBoxLayout(self._chart_slot).setContentsMargins(0, 0, 0, 0)
        self.splitter.addWidget(self._chart_slot)
        self.splitter.addWidget(box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([900, 340])
        return self.splitter

    @property
    def exercise_chart(self) -> ExerciseChart:
        """The exercise chart, made on first use (the first show makes it a turn later)."""
        if self._chart is None:
            self._chart = ExerciseChart()
            self._chart.hold_draws()  # until it has something to show (`refresh`)
            self._chart_slot.layout().addWidget(self._chart)
            self._goals = GoalEditor.for_tab(self, self._events)  # "Goal…", the goal line
        return self._chart

    @property
    def goals(self) -> GoalEditor:
        if self._goals is None:
            self.exercise_chart  # noqa: B018 - makes the editor with the chart
        assert self._goals is not None
        return self._goals

    # -- state -----------------------------------------------------------------------------
    def current_exercise_id(self) -> int | None:
        return self.exercise_combo.current_id()

    def current_metric(self) -> Metric:
        return Metric(self.metric_combo.currentData())

    def current_range(self) -> Range:
        checked = self.range_group.checkedButton()
        return next((r for r, b in self.range_buttons.items() if b is checked), DEFAULT_RANGE)

    @property
    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty_state

    def _style_segments(self) -> None:
        """The chosen range and Overview in the accent colour, as in compare mode."""
        style = segment_style(theme().colors)
        for button in (*self.range_buttons.values(), *self.page_buttons.values()):
            button.setStyleSheet(style)

    def focus_main(self) -> None:
        """Where the keyboard lands when the tab is shown: the exercise, or the ranges."""
        page = self.page()
        if page == "overview":
            self.overview_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is not None:
            self._page_widget(page).focus_main()  # type: ignore[attr-defined]
        else:
            self.exercise_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_exercise(self, exercise_id: int) -> bool:
        """Chart this exercise (leaves the page shown instead); False if it has no history."""
        if self._dirty:
            self.refresh()
        if (page := self.page()) is not None:
            self.page_buttons[page].setChecked(False)
        if exercise_id == self.current_exercise_id():
            return True
        return self.exercise_combo.select(exercise_id)

    def set_metric(self, metric: Metric) -> bool:
        """Show this metric; False when it means nothing for the exercise shown."""
        row = self.metric_combo.findData(metric)
        if row >= 0:
            self.metric_combo.setCurrentIndex(row)
        return row >= 0

    def _offered_metrics(self) -> tuple[Metric, ...]:
        combo = self.metric_combo
        return tuple(combo.itemData(row) for row in range(combo.count()))

    def _fill_metrics(self, metrics: tuple[Metric, ...]) -> None:
        """Offer the metrics of this kind of exercise. The metric chosen stays while the
        exercises are of one kind; another kind starts at its default, the first. Quiet: the
        caller draws the chart."""
        combo = self.metric_combo
        if self._offered_metrics() == metrics:
            return
        combo.blockSignals(True)
        try:
            combo.clear()
            for metric in metrics:
                combo.addItem(metric.label, metric)
            combo.setCurrentIndex(0)
        finally:
            combo.blockSignals(False)

    def set_range(self, rng: Range) -> None:
        self.range_buttons[rng].setChecked(True)

    # -- refresh ---------------------------------------------------------------------------
    def mark_dirty(self) -> None:
        """The data changed: refresh now if the person can see the tab, else when shown."""
        self._dirty = True
        self._records_key = None
        self.cache.clear()
        self._shown_pages.forget()
        if self.isVisible():
            self._refresh_timer.start()

    def _bodyweight_changed(self) -> None:
        self.cache.clear()  # the load of bodyweight exercises
        self._shown_pages.forget("overview")
        if self.page() == "overview":
            self.mark_dirty()
        else:
            self._dirty = True  # only the overview shows it; catch up when it is opened

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.cover.setGeometry(self.rect())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty and not self._loading:
            if self._refreshes == 0:  # the first show: the frame now, the chart turns later
                self._loading = True
                self.cover.raise_()
                # A timer, not a posted call: the frame is painted before the chart is made.
                QTimer.singleShot(1, self, self._read_first)
            else:
                self.refresh()

    def _read_first(self) -> None:
        """Make the chart, then read what it shows first on a worker (`read_ahead.py`)."""
        if not self._loading:
            return  # refreshed meanwhile (the data changed, or a chart was asked for)
        self.exercise_chart  # noqa: B018 - made here, before the worker competes for Python
        prefs, offered = self._prefs_provider(), self._offered_metrics()
        before, refreshes = read_ahead.stamp(), self._refreshes
        request = read_ahead.FirstRequest(
            self.current_exercise_id(),
            offered,
            self.current_metric(),
            self.current_range(),
            prefs.formula,
            prefs.unit,
            self.today(),
        )
        run_task(
            read_ahead.read_first,
            request,
            on_done=lambda reads: self._first_reads_in(reads, before, refreshes),
            on_finished=self._first_reads_over,
            context=self,
            uses_database=True,
        )

    def _first_reads_in(self, reads: read_ahead.FirstReads, before: object, refreshes: int) -> None:
        if refreshes != self._refreshes or not self._loading:
            return  # the tab refreshed itself meanwhile (a change, a chart asked for)
        self._loading = False
        adopted = read_ahead.adopt(self.cache, reads, before)  # type: ignore[arg-type]
        self.refresh(reads.rows if adopted else None)

    def _first_reads_over(self) -> None:
        if self._loading:  # the worker failed (reported): read here, as before
            self._loading = False
            self.refresh()

    @property
    def loading(self) -> bool:
        """The first show is still reading (on a worker) or drawing (a step per turn): the
        tab is blank."""
        return not self.cover.isHidden()

    def refresh(self, rows: list[tuple[int, str, int]] | None = None) -> None:
        self._refresh_timer.stop()
        self._dirty = self._loading = False  # a first read still on a worker is dropped
        self._refreshes += 1
        if rows is None:
            rows = progress.exercises_with_history()
        current = self.exercise_combo.set_rows(rows, keep=self.current_exercise_id())
        own_empty_state = self.page() in ("body", "calendar", "lower_back", "back")
        if current is None and not own_empty_state:
            if not measurements.has_any():
                self.stack.setCurrentWidget(self.empty_state)
                self.cover.hide()
                return
            self.body_button.setChecked(True)  # measurements but no training yet
            return
        self.stack.setCurrentWidget(self.content)
        self._show_page()
        chart = self.exercise_chart
        if chart.held and self.page() is None and self.loading:
            chart.draw_in_steps(self.cover.hide)  # a step per turn, under the cover
        else:
            chart.release_draws()
            self.cover.hide()

    def page(self) -> str | None:
        """The page shown instead of the exercise chart (a key of `page_buttons`), if any."""
        return next((key for key, b in self.page_buttons.items() if b.isChecked()), None)

    # -- the pages besides the exercise chart, each built when first asked for -------------
    def _page_widget(self, key: str) -> QWidget:
        page = self._built_pages.get(key)
        if page is None:
            page = self._page_maker.take(key) or self._build_page(key)
            self._built_pages[key] = page
            self.pages.addWidget(page)
        return page

    def _build_page(self, key: str, in_steps: bool = False) -> QWidget:
        return build_page(key, self._events, self.log_requested, in_steps=in_steps)

    @property
    def overview_chart(self) -> OverviewChart:
        return self._page_widget("overview")  # type: ignore[return-value]

    @property
    def body_page(self) -> BodyPage:
        return self._page_widget("body")  # type: ignore[return-value]

    @property
    def calendar_page(self) -> CalendarPage:
        return self._page_widget("calendar")  # type: ignore[return-value]

    @property
    def lower_back_page(self) -> lower_back_page.LowerBackPage:
        return self._page_widget("lower_back")  # type: ignore[return-value]

    @property
    def back_page(self) -> BackWeekPage:
        return self._page_widget("back")  # type: ignore[return-value]

    def _show_page(self) -> None:
        page, today = self.page(), self.today()
        if page is None:
            self._show_exercise()
            return
        prefs = self._prefs_provider()
        key = self._shown_pages.wanted(page, (self.current_range(), prefs, today))
        if key is not None:  # else it shows this already: nothing to read or draw
            self._show_page_for(page, today)
            self._shown_pages.remember(page, key)
        self.page_cover.draw(self._page_widget(page))  # a first draw still held: in steps

    def _show_page_for(self, page: str, today: dt.date) -> None:
        if page == "calendar":
            self.calendar_page.show_calendar(self._prefs_provider(), today)
        elif page == "body":
            self._show_body()
        elif page == "overview":
            self._show_overview()
        elif page == "lower_back":
            self.lower_back_page.show_range(self.current_range(), today)
        else:
            self.back_page.show_back(today)

    def _range_toggled(self, _button: QToolButton, checked: bool) -> None:
        if checked:
            self._show_page()

    def _page_toggled(self, key: str, on: bool) -> None:
        """A page button went on (the others go off) or off (back to the exercise chart)."""
        if on:
            for other, button in self.page_buttons.items():
                if other != key and button.isChecked():
                    with QSignalBlocker(button):
                        button.setChecked(False)
        page = self.page()
        self.page_cover.leave()
        new = page is not None and page not in self._built_pages
        shown = self._page_widget(page) if page else self.splitter
        if new:
            self.page_cover.hold(shown)  # drawn in steps, covered, once shown its data
        self.pages.setCurrentWidget(shown)  # first: the row may resize the page below
        ranges = page not in ("calendar", "back")  # the calendar and Back choose their own
        row = [
            (self.exercise_controls, page is None),
            (self.overview_caption, page == "overview"),
            (self.range_row, ranges),
        ]
        # What goes first, then what comes: the row never holds both (a taller row for a
        # moment resizes the page below, which then redraws in full).
        for widget, visible in sorted(row, key=lambda item: item[1]):
            widget.setVisible(visible)
        if self._dirty or self.loading or self.stack.currentWidget() is not self.content:
            self.refresh()  # reads the exercise list again (and picks the empty state or not)
        elif page is None and self.current_exercise_id() is None:
            self.refresh()
        else:
            self._show_page()  # the exercise list is up to date: no need to read it again

    def _show_body(self) -> None:
        rng, today = self.current_range(), self.today()
        self.body_page.show_range(
            length_unit=self._prefs_provider().length_unit, since=rng.since(today), today=today
        )

    def _show_exercise(self) -> None:
        exercise_id = self.current_exercise_id()
        if exercise_id is None or self.page() is not None:
            return
        prefs = self._prefs_provider()
        self._fill_metrics(self.cache.metrics_for(exercise_id))
        metric, rng, today = self.current_metric(), self.current_range(), self.today()
        sides = self.sides_toggle.isChecked()
        shown = self._shown_pages.wanted(
            "exercise", (exercise_id, metric, rng, prefs, today, sides)
        )
        if shown is None:
            return  # the chart shows this already (back from a page): no redraw
        series = self.cache.series(
            exercise_id, metric, rng, formula=prefs.formula, unit=prefs.unit, today=today
        )
        name = self.exercise_combo.itemText(self.exercise_combo.currentIndex())
        where = "yet" if rng is Range.ALL else f"in the last {rng.label.removeprefix('1 ')}"
        what = metric.label[0].lower() + metric.label[1:]  # "estimated 1RM", not "1rm"
        empty = f"No {what} for {name} {where}.\nTry a longer range or another metric."
        self.exercise_chart.canvas.file_stem = _slug(f"{name}-{metric.value}-{rng.value}")
        self.exercise_chart.show_series(
            series,
            metric=metric,
            unit=prefs.unit,
            title=f"{name} · {metric.label}",
            since=rng.since(today),
            today=today,
            empty_message=empty,
        )
        side_lines.update(
            self.exercise_chart.sides,
            self.sides_toggle,
            exercise_id,
            metric,
            rng,
            formula=prefs.formula,
            unit=prefs.unit,
            today=today,
        )
        self.goals.show(exercise_id, metric, formula=prefs.formula, unit=prefs.unit, today=today)
        key = (exercise_id, prefs.formula, prefs.unit)
        if key != self._records_key:
            self._show_records(exercise_id, prefs)
            self._records_key = key
        self._shown_pages.remember("exercise", shown)

    def _show_records(self, exercise_id: int, prefs: Preferences) -> None:
        kind = self.cache.kind(exercise_id)
        records = self.cache.records(exercise_id, formula=prefs.formula)
        efforts = (
            self.cache.effort_records(exercise_id) if kind is not ExerciseKind.WEIGHT else None
        )
        self.records_model.set_records(
            records, prefs.unit, prefs.formula, efforts=efforts, kind=kind
        )
        self.records_note.setText(records_note(kind, prefs.formula))

    def _show_overview(self) -> None:
        prefs = self._prefs_provider()
        rng, today = self.current_range(), self.today()
        self.overview_chart.canvas.file_stem = _slug(f"overview-{rng.value}")
        self.overview_chart.show_overview(
            self.cache.overview(rng=rng, today=today),
            unit=prefs.unit,
            goal=(prefs.goal_minimum, prefs.goal_target),
            since=rng.since(today),
            today=today,
        )
