"""The Log tab's side column: this week's goal and the bodyweight log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain import clock
from backtracker.domain.dates import QT_DAY_PATTERN, format_day, format_short_day
from backtracker.domain.errors import ValidationError
from backtracker.domain.goals import WeeklyProgress
from backtracker.domain.units import Unit, format_weight
from backtracker.services import logbook
from backtracker.ui.icons import icon
from backtracker.ui.log.context import LogContext
from backtracker.ui.log.list_placeholder import add_placeholder
from backtracker.ui.theme import theme
from backtracker.ui.undo import CallbackCommand
from backtracker.ui.widgets.date_edits import english_dates

_NO_PARENT = QModelIndex()


def goal_dots(progress: WeeklyProgress) -> str:
    """●●○ : done sessions filled, up to the target (more than the target shows them all)."""
    total = max(progress.goal.target, progress.done)
    return "●" * progress.done + "○" * (total - progress.done)


class WeekPanel(QWidget):
    def __init__(self, context: LogContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dots = QLabel()
        font = self.dots.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.dots.setFont(font)
        self.count = QLabel()
        bold = self.count.font()
        bold.setWeight(QFont.Weight.DemiBold)
        self.count.setFont(bold)
        self.streak = QLabel()
        self.streak.setEnabled(False)
        self.streak.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>This week</b>"))
        row = QHBoxLayout()
        row.addWidget(self.dots)
        row.addWidget(self.count, 1)
        layout.addLayout(row)
        layout.addWidget(self.streak)
        for signal in (
            context.events.workouts_changed,
            context.events.preferences_changed,
            context.events.day_changed,  # a new week starts at midnight on Monday
        ):
            signal.connect(self.reload)
        # A workout counts from its first completed work set, ticked while it still runs.
        context.events.sets_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        progress = logbook.weekly(self.context.prefs)
        self.dots.setText(goal_dots(progress))
        self.dots.setStyleSheet(f"color: {theme().colors.accent};")
        self.count.setText(f"{progress.done} of {progress.goal.target}")
        weeks = progress.streak_weeks
        self.streak.setText(
            f"{weeks}-week streak"
            if weeks
            else f"Goal: {progress.goal.label}. Reach {progress.goal.minimum} this week to start "
            "a streak."
        )
        self.setToolTip(progress.tooltip)  # says what counts as a session


class BodyweightModel(QAbstractListModel):
    DAY_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[dt.date, float]] = []
        self.unit = Unit.KG

    def set_rows(self, rows: list[tuple[dt.date, float]], unit: Unit) -> None:
        self.beginResetModel()
        self._rows, self.unit = rows, unit
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        day, kg = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{format_weight(kg, self.unit)} · {format_day(day)}"
        if role == self.DAY_ROLE:
            return day
        return None


class BodyweightPanel(QWidget):
    def __init__(self, context: LogContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.value = QLineEdit()
        self.value.setAccessibleName("Bodyweight")
        self.value.returnPressed.connect(self.add)
        self.day = QDateEdit(QDate(clock.today()))
        self.day.setCalendarPopup(True)
        self.day.setMaximumDate(QDate(clock.today()))
        english_dates(self.day, QT_DAY_PATTERN)
        self.day.setAccessibleName("Date of the bodyweight")
        self.add_button = QToolButton()
        self.add_button.setIcon(icon("plus"))
        self.add_button.setToolTip("Record the bodyweight")
        self.add_button.setAccessibleName("Record bodyweight")
        self.add_button.clicked.connect(self.add)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        self.model = BodyweightModel(self)
        self.list = QListView()
        self.list.setAccessibleName("Bodyweight entries")
        self.list.setModel(self.model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.empty = add_placeholder(
            self.list,
            "No bodyweight yet.\n\nType your weight above and press Enter. Weighing in at "
            "the same time of day makes the trend easier to read.",
        )
        self.delete_button = QPushButton(icon("trash"), "Delete entry")
        self.delete_button.clicked.connect(self.delete_current)
        entry = QHBoxLayout()
        entry.addWidget(self.value, 1)
        entry.addWidget(self.day)
        entry.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Bodyweight</b>"))
        layout.addLayout(entry)
        layout.addWidget(self.error)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.delete_button)
        context.events.bodyweight_changed.connect(self.reload)
        context.events.preferences_changed.connect(self.reload)
        context.events.day_changed.connect(self._new_day)
        self.reload()

    def _new_day(self) -> None:
        """Past midnight: today can be picked, and is picked if yesterday's today was."""
        was_today = self.day.date() == self.day.maximumDate()
        self.day.setMaximumDate(QDate(clock.today()))
        if was_today:
            self.day.setDate(QDate(clock.today()))

    def reload(self) -> None:
        unit = Unit(self.context.prefs.unit)
        self.value.setPlaceholderText(f"e.g. {'78.4' if unit is Unit.KG else '172.5'} {unit}")
        self.model.set_rows(logbook.bodyweights(60), unit)
        self.delete_button.setEnabled(self.model.rowCount() > 0)

    def add(self) -> None:
        day = self.day.date().toPython()
        try:
            kg = logbook.record_bodyweight(day, self.value.text(), self.context.prefs.unit)
        except ValidationError as error:
            self.error.setText(str(error))
            self.error.setStyleSheet(f"color: {theme().colors.error};")
            self.error.show()
            return
        self.error.hide()
        self.value.clear()
        self.context.show_status(
            f"Bodyweight {format_weight(kg, self.context.prefs.unit)} recorded for "
            f"{format_short_day(day)}."
        )
        self.context.events.bodyweight_changed.emit()

    def delete_current(self) -> None:
        """Delete the selected entry; the status bar offers Undo."""
        index = self.list.currentIndex()
        if not index.isValid():
            index = self.model.index(0)
        if not index.isValid():
            return
        day = index.data(BodyweightModel.DAY_ROLE)
        unit = self.context.prefs.unit
        state: dict[str, float | None] = {"kg": None}

        def redo() -> None:
            state["kg"] = logbook.delete_bodyweight(day)
            self.context.events.bodyweight_changed.emit()

        def undo() -> None:
            if state["kg"] is not None:
                logbook.restore_bodyweight(day, state["kg"])
            self.context.events.bodyweight_changed.emit()

        self.context.undo.push(
            CallbackCommand(
                "Delete bodyweight", redo, undo, lambda e: self.context.show_status(str(e))
            )
        )
        if state["kg"] is not None:
            self.context.show_status(
                f"Deleted {format_weight(state['kg'], unit)} for {format_short_day(day)}.",
                undoable=True,
            )
