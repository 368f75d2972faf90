"""The Log tab's body measurements, under the bodyweight: pick, type, Enter.

Keyboard: Alt+M to the metric combo (type its first letter), Tab to the value, Enter saves
(on the date too); the value may name its unit ("32 in"). Each save and each delete is one
undo step (Ctrl+Z, or Undo in the status bar).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from backtracker.domain import measurements as m
from backtracker.domain.dates import QT_DAY_PATTERN, format_short_day
from backtracker.domain.errors import ValidationError
from backtracker.services import measurements
from backtracker.services.measurements import Entry
from backtracker.ui.icons import icon
from backtracker.ui.log.context import LogContext
from backtracker.ui.log.list_placeholder import add_placeholder
from backtracker.ui.theme import theme
from backtracker.ui.undo import CallbackCommand
from backtracker.ui.widgets.date_edits import english_dates

_NO_PARENT = QModelIndex()
EXAMPLES = {"cm": "84", "in": "33", m.PERCENT: "18.5"}


class LatestModel(QAbstractListModel):
    """The newest value of each metric: "Waist  84 cm · Wed 18 Mar"."""

    ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Entry] = []
        self.length_unit = "cm"

    def set_rows(self, rows: list[Entry], length_unit: str) -> None:
        self.beginResetModel()
        self._rows, self.length_unit = rows, length_unit
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = m.format_value(entry.metric, entry.value, self.length_unit)
            return f"{m.METRICS[entry.metric].label} {value} · {format_short_day(entry.day)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Select and press Delete to remove this entry (Ctrl+Z brings it back)"
        if role == self.ENTRY_ROLE:
            return entry
        return None


class _LatestList(QListView):
    """Delete removes the selected entry."""

    def __init__(self, panel: MeasurementsPanel) -> None:
        super().__init__()
        self._panel = panel

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.currentIndex().isValid()
        ):
            self._panel.delete_current()
            event.accept()
            return
        super().keyPressEvent(event)


class _ValueEdit(QLineEdit):
    """Ctrl+Z with no typing of its own to undo reaches the app's undo (the save just
    made), as in the set table, instead of being swallowed by an empty edit history."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if (event.matches(QKeySequence.StandardKey.Undo) and not self.isUndoAvailable()) or (
                event.matches(QKeySequence.StandardKey.Redo) and not self.isRedoAvailable()
            ):
                event.ignore()
                return True
        return super().event(event)


class MeasurementsPanel(QWidget):
    def __init__(self, context: LogContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.metric_combo = QComboBox()
        self.metric_combo.setAccessibleName("Measurement")
        for key, info in m.METRICS.items():
            self.metric_combo.addItem(info.label, key)
        self.metric_combo.currentIndexChanged.connect(self._update_placeholder)
        self.value = _ValueEdit()
        self.value.setAccessibleName("Measurement value")
        self.value.returnPressed.connect(self.add)
        self.value.setMinimumWidth(60)
        self.day = QDateEdit(QDate(clock.today()))
        self.day.setCalendarPopup(True)
        self.day.setMaximumDate(QDate(clock.today()))
        english_dates(self.day, QT_DAY_PATTERN)
        self.day.setAccessibleName("Date of the measurement")
        self.day.installEventFilter(self)  # Enter on the date saves too
        self.add_button = QToolButton()
        self.add_button.setIcon(icon("plus"))
        self.add_button.setToolTip("Record the measurement (Enter)")
        self.add_button.setAccessibleName("Record measurement")
        self.add_button.clicked.connect(self.add)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Measurement problem")
        self.error.hide()
        self.model = LatestModel(self)
        self.list = _LatestList(self)
        self.list.setAccessibleName("Latest measurements")
        self.list.setModel(self.model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.clicked.connect(self._pick_row_metric)
        self.empty = add_placeholder(
            self.list,
            "No measurements yet.\n\nPick one, type it and press Enter. Waist and shoulders "
            "give your V-taper in Progress ▸ Body.",
        )
        self.delete_button = QPushButton(icon("trash"), "Delete entry")
        self.delete_button.setToolTip("Delete the selected measurement (Ctrl+Z brings it back)")
        self.delete_button.clicked.connect(self.delete_current)
        heading = QLabel("&Measurements")  # Alt+M: the metric, then Tab to the value
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        heading.setBuddy(self.metric_combo)
        entry = QHBoxLayout()
        entry.addWidget(self.metric_combo)
        entry.addWidget(self.value, 1)
        entry.addWidget(self.day)
        entry.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addLayout(entry)
        layout.addWidget(self.error)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.delete_button)
        context.events.measurements_changed.connect(self.reload)
        context.events.preferences_changed.connect(self.reload)
        context.events.day_changed.connect(self._new_day)
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.day
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.add()
            return True
        return super().eventFilter(watched, event)

    @property
    def length_unit(self) -> str:
        return self.context.prefs.length_unit

    def current_metric(self) -> str:
        return str(self.metric_combo.currentData())

    def _update_placeholder(self) -> None:
        unit = m.unit_of(self.current_metric(), self.length_unit)
        self.value.setPlaceholderText(f"{EXAMPLES[unit]} {unit}")

    def _new_day(self) -> None:
        """Past midnight: today can be picked, and is picked if yesterday's today was."""
        was_today = self.day.date() == self.day.maximumDate()
        self.day.setMaximumDate(QDate(clock.today()))
        if was_today:
            self.day.setDate(QDate(clock.today()))

    def reload(self) -> None:
        self._update_placeholder()
        self.model.set_rows(measurements.latest(), self.length_unit)
        self.delete_button.setEnabled(self.model.rowCount() > 0)
        # As tall as its rows (or the hint when empty), no taller: the space left goes to
        # the history and the bodyweight above.
        lines = max(self.model.rowCount(), 3) if self.model.rowCount() else 6
        line = self.list.fontMetrics().lineSpacing() + 2
        self.list.setMaximumHeight(lines * line + 2 * self.list.frameWidth() + 8)

    def _pick_row_metric(self, index: QModelIndex) -> None:
        entry = index.data(LatestModel.ENTRY_ROLE)
        if entry is not None:
            self.metric_combo.setCurrentIndex(self.metric_combo.findData(entry.metric))

    def _show_problem(self, message: str) -> None:
        self.error.setText(message)
        self.error.setStyleSheet(f"color: {theme().colors.error};")
        self.error.show()

    def _describe(self, entry: Entry) -> str:
        value = m.format_value(entry.metric, entry.value, self.length_unit)
        return f"{m.METRICS[entry.metric].label} {value} for {format_short_day(entry.day)}"

    def add(self) -> None:
        """Save what is typed for the metric and date chosen; a bad value saves nothing."""
        day: dt.date = self.day.date().toPython()
        metric = self.current_metric()
        try:
            recorded = measurements.record(day, metric, self.value.text(), self.length_unit)
        except ValidationError as error:
            self._show_problem(str(error))
            self.value.setFocus(Qt.FocusReason.OtherFocusReason)
            self.value.selectAll()
            return
        self.error.hide()
        self.value.setText("")  # not clear(): Ctrl+Z must undo the save, not bring the text back
        entry, replaced = recorded.entry, recorded.replaced

        def redo() -> None:
            measurements.put(entry)
            self.context.events.measurements_changed.emit()

        def undo() -> None:
            measurements.restore(entry.day, entry.metric, replaced)
            self.context.events.measurements_changed.emit()

        self.context.undo.push(
            CallbackCommand(
                f"Record {m.METRICS[metric].name}",
                redo,
                undo,
                lambda e: self.context.show_status(str(e)),
                already_done=True,
            )
        )
        self.context.events.measurements_changed.emit()
        value = m.format_value(metric, entry.value, self.length_unit)
        text = f"{m.METRICS[metric].label} {value} recorded for {format_short_day(day)}"
        if replaced is not None:
            text += f" (was {m.format_value(metric, replaced.value, self.length_unit)})"
        self.context.show_status(f"{text}.", undoable=True)

    def delete_current(self) -> None:
        """Delete the selected entry (else the first one); the status bar offers Undo."""
        index = self.list.currentIndex()
        if not index.isValid():
            index = self.model.index(0)
        if not index.isValid():
            return
        chosen: Entry = index.data(LatestModel.ENTRY_ROLE)
        state: dict[str, Entry | None] = {"gone": None}

        def redo() -> None:
            state["gone"] = measurements.delete(chosen.day, chosen.metric)
            self.context.events.measurements_changed.emit()

        def undo() -> None:
            gone = state["gone"]
            if gone is not None:
                measurements.put(gone)
            self.context.events.measurements_changed.emit()

        self.context.undo.push(
            CallbackCommand(
                f"Delete {m.METRICS[chosen.metric].name}",
                redo,
                undo,
                lambda e: self.context.show_status(str(e)),
            )
        )
        gone = state["gone"]
        if gone is not None:
            self.context.show_status(f"Deleted {self._describe(gone)}.", undoable=True)
