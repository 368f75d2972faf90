"""Progress ▸ Calendar: the year heatmap or the month view, with its controls.

The page reads the calendar when the Progress tab asks it to (`show_calendar`, on show and
after every data change or new day); its first show can take the year read ahead on a worker
(`read_ahead`, calendar_ahead.py) instead. It never reaches into another tab: choosing a day with
a workout emits `open_workout_requested`, which the window turns into the Log opening it. A
day with several workouts offers them in a menu.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.dates import format_long_day, format_long_month, format_time
from backtracker.domain.goals import week_start
from backtracker.domain.units import Unit
from backtracker.services import calendar
from backtracker.services.calendar import CalendarSpan, WorkoutDone
from backtracker.services.preferences import Preferences
from backtracker.ui.icons import icon
from backtracker.ui.progress import calendar_ahead
from backtracker.ui.progress.calendar_model import (
    ColourBy,
    MonthModel,
    format_volume,
    plural,
    workout_figures,
    workout_title,
)
from backtracker.ui.progress.calendar_month import MonthView
from backtracker.ui.progress.calendar_year import YearHeatmap, add_months
from backtracker.ui.tasks import run_task
from backtracker.ui.theme import segment_style, theme
from backtracker.ui.widgets.headings import lay_out_empty_state

EMPTY_TITLE = "No training days yet"
EMPTY_TEXT = (
    "Every day you train shows up here: a year of squares shaded by how much you did, and a "
    "month view listing each day's workouts. Log a workout in the Log tab and it appears here."
)
OPEN_HINT = "Click the day or press Enter on it to open its workout in the Log."


class CalendarPage(QWidget):
    open_workout_requested = Signal(int)
    log_requested = Signal()  # the empty state's "Go to the Log tab"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs = Preferences()
        self.today = dt.date(2000, 1, 1)
        self.year: int | None = None  # the year shown; None until first shown
        self.month = dt.date(2000, 1, 1)  # the first of the month shown
        self.span: CalendarSpan | None = None
        self.choice_menu: QMenu | None = None
        self._ahead: calendar_ahead.YearRead | None = None  # the first year, read ahead

        self.heatmap = YearHeatmap()
        self.heatmap.day_activated.connect(self.open_day)
        self.heatmap.current_changed.connect(self._show_day_detail)
        self.heatmap.year_step_requested.connect(self._go_to_day)
        self.month_model = MonthModel(self)
        self.month_view = MonthView(self.month_model)
        self.month_view.day_activated.connect(self.open_day)
        self.month_view.month_step_requested.connect(self._go_to_day)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_controls())
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_year_page())
        self.stack.addWidget(self.month_view)
        self.empty_state = self._build_empty_state()
        self.stack.addWidget(self.empty_state)
        layout.addWidget(self.stack, 1)
        self._style_segments()
        theme().changed.connect(self._style_segments)

    # -- building --------------------------------------------------------------------------
    def _segment(self, text: str, tip: str, group: QButtonGroup) -> QToolButton:
        button = QToolButton(text=text)
        button.setCheckable(True)
        button.setToolTip(tip)
        button.setAccessibleName(text)
        group.addButton(button)
        return button

    def _build_controls(self) -> QHBoxLayout:
        self.view_group = QButtonGroup(self)
        self.year_button = self._segment("Year", "A year of training days", self.view_group)
        self.month_button = self._segment(
            "Month", "One month, with each day's workouts", self.view_group
        )
        self.year_button.setChecked(True)
        self.view_group.buttonToggled.connect(self._view_toggled)
        self.previous_button = QToolButton()
        self.previous_button.setText("‹")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.period_label = QLabel()
        self.period_label.setMinimumWidth(
            self.fontMetrics().horizontalAdvance("September 2026") + 12
        )
        self.period_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.period_label.font()
        font.setBold(True)
        self.period_label.setFont(font)
        self.next_button = QToolButton()
        self.next_button.setText("›")
        self.next_button.clicked.connect(lambda: self.step(1))
        for button in (self.previous_button, self.next_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setMinimumWidth(32)
        self.today_button = QToolButton(text="Today")
        self.today_button.setToolTip("Go to today")
        self.today_button.clicked.connect(self.go_to_today)
        self.colour_group = QButtonGroup(self)
        self.sets_button = self._segment(
            "Sets", "Shade each day by its work sets", self.colour_group
        )
        self.volume_button = self._segment(
            "Volume", "Shade each day by its volume (weight × reps)", self.colour_group
        )
        self.sets_button.setChecked(True)
        self.colour_group.buttonToggled.connect(self._colour_toggled)
        self.colour_label = QLabel("Shade by")

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 4)
        row.addWidget(self.year_button)
        row.addWidget(self.month_button)
        row.addSpacing(16)
        row.addWidget(self.previous_button)
        row.addWidget(self.period_label)
        row.addWidget(self.next_button)
        row.addWidget(self.today_button)
        row.addStretch(1)
        row.addWidget(self.colour_label)
        row.addWidget(self.sets_button)
        row.addWidget(self.volume_button)
        return row

    def _build_year_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        self.year_summary = QLabel()
        self.year_summary.setWordWrap(True)
        self.year_summary.setAccessibleName("Year summary")
        layout.addWidget(self.year_summary)
        layout.addSpacing(6)
        layout.addWidget(self.heatmap)
        layout.addSpacing(10)
        self.day_detail = QLabel()
        self.day_detail.setWordWrap(True)
        self.day_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.day_detail.setAccessibleName("Chosen day")
        self.day_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.day_detail)
        self.day_actions = QWidget()  # a button per workout of the chosen day
        self.day_actions_row = QHBoxLayout(self.day_actions)
        self.day_actions_row.setContentsMargins(0, 4, 0, 0)
        self.day_actions_row.addStretch(1)
        layout.addWidget(self.day_actions)
        layout.addStretch(1)
        return page

    def _build_empty_state(self) -> QWidget:
        button = QPushButton(icon("log"), "Go to the Log tab")
        button.clicked.connect(self.log_requested)
        page = QWidget()
        page.setObjectName("CalendarEmptyState")
        lay_out_empty_state(page, EMPTY_TITLE, EMPTY_TEXT, [button])
        return page

    def _style_segments(self) -> None:
        style = segment_style(theme().colors)
        for button in (*self.view_group.buttons(), *self.colour_group.buttons()):
            button.setStyleSheet(style)

    # -- state -----------------------------------------------------------------------------
    @property
    def showing_month(self) -> bool:
        return self.month_button.isChecked()

    @property
    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty_state

    def colour_by(self) -> ColourBy:
        return ColourBy.VOLUME if self.volume_button.isChecked() else ColourBy.SETS

    def focus_main(self) -> None:
        target = self.month_view if self.showing_month else self.heatmap
        if self.is_empty:
            target = self.year_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def read_ahead(self, prefs: Preferences, today: dt.date) -> None:
        """Read, on a worker, the year the first show will show (calendar_ahead.py)."""
        if self.year is not None:
            return  # shown already: it reads for itself
        stamp = calendar_ahead.stamp()
        run_task(
            calendar_ahead.read_year,
            today.year,
            prefs,
            stamp,
            on_done=self._read_ahead_in,
            context=self,
            uses_database=True,
        )

    def _read_ahead_in(self, read: calendar_ahead.YearRead) -> None:
        if self.year is None and calendar_ahead.stamp() == read.stamp:
            self._ahead = read  # else shown meanwhile, or a write since: dropped

    def show_calendar(self, prefs: Preferences, today: dt.date) -> None:
        """Read the calendar again: the data, the preferences or the day changed."""
        self.prefs, self.today = prefs, today
        if self.year is None:
            self.year, self.month = today.year, today.replace(day=1)
        ahead, self._ahead = self._ahead, None
        if ahead is not None and (self.showing_month or not ahead.fits(self.year, prefs)):
            ahead = None
        if not (ahead.trained if ahead is not None else calendar.has_training()):
            self.stack.setCurrentWidget(self.empty_state)
            self.period_label.clear()
            return
        self._load(span=ahead.span if ahead is not None else None)

    def _load(self, current: dt.date | None = None, span: CalendarSpan | None = None) -> None:
        """Read the year or month shown and show it (the year's `span` when read ahead)."""
        assert self.year is not None
        unit = Unit(self.prefs.unit)
        self.colour_label.setVisible(not self.showing_month)
        self.sets_button.setVisible(not self.showing_month)
        self.volume_button.setVisible(not self.showing_month)
        if self.showing_month:
            first = week_start(self.month)
            last_of_month = add_months(self.month, 1) - dt.timedelta(days=1)
            last = week_start(last_of_month) + dt.timedelta(days=6)
            self.span = calendar.span(first, last, self.prefs)
            previous = self.month_view.current_day()
            self.month_model.show_month(self.month, self.span, unit, self.today)
            wanted = current or previous
            if wanted is None or not self.month_model.index_of(wanted).isValid():
                in_month = self.today if self.today.replace(day=1) == self.month else self.month
                wanted = in_month
            self.month_view.setCurrentIndex(self.month_model.index_of(wanted))
            self.period_label.setText(format_long_month(self.month))
            before, after = (format_long_month(add_months(self.month, n)) for n in (-1, 1))
            self._tip_steps("month", before, after)
            self.stack.setCurrentWidget(self.month_view)
            return
        year = self.year
        self.span = (
            span
            if span is not None
            else calendar.span(*calendar_ahead.year_bounds(year), self.prefs)
        )
        self.heatmap.show_year(
            year,
            self.span,
            unit=unit,
            today=self.today,
            colour_by=self.colour_by(),
            current=current,
        )
        self.period_label.setText(str(year))
        self._tip_steps("year", str(year - 1), str(year + 1))
        self.year_summary.setText(self._summary(year, self.span, unit))
        self._show_day_detail(self.heatmap.current)
        self.stack.setCurrentWidget(self.stack.widget(0))

    def _tip_steps(self, what: str, before: str, after: str) -> None:
        self.previous_button.setToolTip(f"Previous {what} ({before})")
        self.previous_button.setAccessibleName(f"Previous {what}")
        self.next_button.setToolTip(f"Next {what} ({after})")
        self.next_button.setAccessibleName(f"Next {what}")

    def _summary(self, year: int, span: CalendarSpan, unit: Unit) -> str:
        if not span.days:
            return f"No training in {year}. Use ‹ and › to see other years."
        workouts = sum(len(day.workouts) for day in span.days.values())
        sets = sum(day.sets for day in span.days.values())
        volume = sum(day.volume_kg for day in span.days.values())
        weeks = [
            monday
            for monday in span.week_sessions
            if monday <= self.today and dt.date(year, 1, 1) <= monday + dt.timedelta(days=6)
        ]
        met = sum(1 for monday in weeks if span.met_goal(monday))
        text = (
            f"{year}: {plural(len(span.days), 'training day')} · {plural(workouts, 'workout')} · "
            f"{plural(sets, 'work set')} · {format_volume(volume, unit)}"
        )
        if weeks:
            text += f" · your goal ({span.goal.label}) met in {met} of {plural(len(weeks), 'week')}"
        return text

    def _show_day_detail(self, day: dt.date) -> None:
        trained = self.span.days.get(day) if self.span is not None else None
        self._offer_buttons(trained.workouts if trained is not None else ())
        if trained is None:
            self.day_detail.setText(f"{format_long_day(day)}: no training.")
            return
        unit = Unit(self.prefs.unit)
        lines = [format_long_day(day)]
        for workout in trained.workouts:
            lines.append(
                f"  {format_time(workout.started_at)}  {workout_title(workout)} · "
                f"{workout_figures(workout, unit)}"
            )
            lines.append(
                "      "
                + ", ".join(f"{e.name} ({plural(e.sets, 'set')})" for e in workout.exercises)
            )
        lines.append(OPEN_HINT)
        self.day_detail.setText("\n".join(lines))

    def _offer_buttons(self, workouts: tuple[WorkoutDone, ...]) -> None:
        """Open buttons for the chosen day's workouts, for the mouse as much as the keys."""
        while self.day_actions_row.count() > 1:
            item = self.day_actions_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # out of the row now: not drawn at its own size until deleted
                widget.deleteLater()
        for position, workout in enumerate(workouts):
            text = "Open in the Log"
            if len(workouts) > 1:
                text = f"Open {format_time(workout.started_at)} {workout_title(workout)}"
            button = QPushButton(icon("log"), text)
            button.setAccessibleName(f"{text}: {workout_title(workout)}")
            button.clicked.connect(
                lambda _checked=False, i=workout.id: self.open_workout_requested.emit(i)
            )
            self.day_actions_row.insertWidget(position, button)

    # -- navigation ------------------------------------------------------------------------
    def _view_toggled(self, _button: QToolButton, checked: bool) -> None:
        if not checked or self.year is None:
            return
        if self.showing_month:  # the month of the day the heatmap is on
            self.month = self.heatmap.current.replace(day=1)
            self._reload(self.heatmap.current)
        else:
            day = self.month_view.current_day() or self.month
            self.year = day.year
            self._reload(day)

    def _colour_toggled(self, _button: QToolButton, checked: bool) -> None:
        if checked:
            self.heatmap.set_colour_by(self.colour_by())

    def _reload(self, current: dt.date | None = None) -> None:
        if not self.is_empty:
            self._load(current)

    def step(self, direction: int) -> None:
        """The year or month before (-1) or after (+1)."""
        if self.year is None:
            return
        if self.showing_month:
            self.month = add_months(self.month, direction)
            self.year = self.month.year
            self._reload(self.month)
        else:
            self.year += direction
            day = self.heatmap.current
            self._reload(day.replace(year=self.year) if (day.month, day.day) != (2, 29) else None)

    def go_to_today(self) -> None:
        self._go_to_day(self.today)

    def _go_to_day(self, day: dt.date) -> None:
        self.year, self.month = day.year, day.replace(day=1)
        self._reload(day)

    # -- opening a workout -----------------------------------------------------------------
    def workouts_of(self, day: dt.date) -> tuple[WorkoutDone, ...]:
        trained = self.span.days.get(day) if self.span is not None else None
        return trained.workouts if trained is not None else ()

    def open_day(self, day: dt.date) -> None:
        """Open the day's workout; with several, let the person choose in a menu."""
        workouts = self.workouts_of(day)
        if len(workouts) == 1:
            self.open_workout_requested.emit(workouts[0].id)
        elif workouts:
            self._offer(day, workouts)

    def _offer(self, day: dt.date, workouts: tuple[WorkoutDone, ...]) -> None:
        menu = QMenu(self)
        menu.setAccessibleName(f"Workouts of {format_long_day(day)}")
        unit = Unit(self.prefs.unit)
        for workout in workouts:
            text = (
                f"{format_time(workout.started_at)}  {workout_title(workout)} · "
                f"{workout_figures(workout, unit)}"
            )
            action = menu.addAction(text)
            action.triggered.connect(
                lambda _checked=False, i=workout.id: self.open_workout_requested.emit(i)
            )
        self.choice_menu = menu
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self._menu_position(day))
        menu.setActiveAction(menu.actions()[0])

    def _menu_position(self, day: dt.date) -> QPoint:
        if self.showing_month:
            rect = self.month_view.visualRect(self.month_model.index_of(day))
            return self.month_view.viewport().mapToGlobal(rect.bottomLeft())
        return self.heatmap.mapToGlobal(self.heatmap.cell_rect(day).bottomLeft())
