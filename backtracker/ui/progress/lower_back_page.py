"""Progress ▸ Lower back (issue 15 §3): discomfort and posture check-ins over time, against
the weekly hard sets of exercises that load the spine.

A summary line, the chart (lower_back_chart.py) and under it the flags and noted check-ins,
newest first; a row opens its workout in the Log. With nothing ever flagged or checked in,
an empty state says where to start.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.dates import format_date
from backtracker.services import lower_back_history
from backtracker.services.lower_back_history import LowerBackHistory
from backtracker.services.progress import Range
from backtracker.ui.icons import icon
from backtracker.ui.progress.lower_back_chart import LowerBackChart
from backtracker.ui.widgets.headings import lay_out_empty_state

EMPTY_TITLE = "No discomfort or posture check-ins yet"
EMPTY_TEXT = (
    "Flag discomfort after a workout (Discomfort… in the Log) to see it here. The posture "
    "check-in (Posture 1–5 on a workout) shows here too, against your weekly sets of "
    "exercises that load the lower back."
)
WHOLE_LOWER_BACK = "Lower back as a whole"
TOGGLE_TIP = "Discomfort flags and posture check-ins against your weekly high spinal-load sets"

Index = QModelIndex | QPersistentModelIndex


def make_toggle() -> QToolButton:
    """The Progress tab's "Lower back" button, beside Calendar."""
    button = QToolButton(text="Lower back")
    button.setCheckable(True)
    button.setToolTip(TOGGLE_TIP)
    return button


class Column(IntEnum):
    DATE = 0
    WHERE = 1
    SCORE = 2
    NOTE = 3


HEADERS = {Column.DATE: "Date", Column.WHERE: "Where", Column.SCORE: "Score", Column.NOTE: "Note"}


class MarksModel(QAbstractTableModel):
    """The range's discomfort flags and the posture check-ins with a note, newest first."""

    WorkoutRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # (day, where, score text, note, workout id)
        self._rows: list[tuple[dt.date, str, str, str, int]] = []

    def set_history(self, history: LowerBackHistory) -> None:
        rows = [
            (f.day, f.exercise or WHOLE_LOWER_BACK, f"{f.score} of 10", f.note, f.workout_id)
            for f in history.flags
        ]
        rows += [
            (p.day, "Posture check-in", f"{p.score} of 5", p.note, p.workout_id)
            for p in history.posture
            if p.note
        ]
        rows.sort(key=lambda row: row[0], reverse=True)  # stable: a day keeps its order
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        day, where, score, note, workout = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                Column.DATE: format_date(day),
                Column.WHERE: where,
                Column.SCORE: score,
                Column.NOTE: note,
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return note or "Double-click to open the workout in the Log"
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.WorkoutRole:
            return workout
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Column)
        ):
            return HEADERS[Column(section)]
        return None


class LowerBackPage(QWidget):
    """The summary, the chart and the list of flags; or the empty state."""

    open_workout_requested = Signal(int)  # workout id
    log_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, in_steps: bool = False) -> None:
        """With `in_steps`, the chart's axes are made by its `make_step` (`PageMaker`)."""
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Lower back summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = LowerBackChart(in_steps=in_steps)
        self.model = MarksModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Discomfort flags and posture notes")
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column in (Column.DATE, Column.WHERE, Column.SCORE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open)  # double-click or Enter
        self.table.setMinimumHeight(self.fontMetrics().height() * 5)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([520, 170])
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.summary)
        content_layout.addWidget(self.splitter, 1)
        self.content = content

        self.empty_state = QWidget()
        self.empty_state.setObjectName("LowerBackEmptyState")
        log_button = QPushButton(icon("log"), "Go to the Log tab")
        log_button.clicked.connect(self.log_requested)
        self.empty_message = lay_out_empty_state(
            self.empty_state, EMPTY_TITLE, EMPTY_TEXT, [log_button]
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.content)
        self.stack.addWidget(self.empty_state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.history: LowerBackHistory | None = None

    @property
    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty_state

    def show_range(self, rng: Range, today: dt.date) -> None:
        """Three queries (one per series) for the weeks of the range up to today."""
        history = lower_back_history.history(rng.since(today), today)
        self.history = history
        if not history.logged_ever:
            self.stack.setCurrentWidget(self.empty_state)
            return
        self.stack.setCurrentWidget(self.content)
        self.summary.setText(history.summary)
        self.chart.canvas.file_stem = f"lower-back-{rng.value}"
        self.chart.show_history(history)
        self.model.set_history(history)

    def focus_main(self) -> None:
        target = self.table if self.model.rowCount() else self.chart.canvas
        if self.is_empty:
            target = self.empty_state.findChild(QPushButton) or self
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open(self, index: QModelIndex) -> None:
        workout = index.data(MarksModel.WorkoutRole)
        if workout is not None:
            self.open_workout_requested.emit(int(workout))
