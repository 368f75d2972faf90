"""The first workouts of a file about to be imported: date, name, exercises, sets."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from backtracker.domain.dates import format_moment
from backtracker.services.importers import ParsedWorkout

Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()
PREVIEW_LIMIT = 50  # enough to recognise the file; the rest is counted, not listed


class PreviewColumn(IntEnum):
    DATE = 0
    NAME = 1
    EXERCISES = 2
    SETS = 3


_HEADERS = {
    PreviewColumn.DATE: "Date",
    PreviewColumn.NAME: "Workout",
    PreviewColumn.EXERCISES: "Exercises",
    PreviewColumn.SETS: "Sets",
}


def _when(workout: ParsedWorkout) -> str:
    """Tue 30 Dec 2020 · 18:51 (in English, like every date in the app)."""
    return format_moment(workout.started_at)


def _exercise_names(workout: ParsedWorkout) -> list[str]:
    return list(dict.fromkeys(entry.exercise for entry in workout.sets))


class PreviewModel(QAbstractTableModel):
    """Read-only rows, one per workout, in file order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workouts: list[ParsedWorkout] = []

    def set_workouts(self, workouts: Sequence[ParsedWorkout], limit: int = PREVIEW_LIMIT) -> None:
        self.beginResetModel()
        self._workouts = list(workouts[:limit])
        self.endResetModel()

    def clear(self) -> None:
        self.set_workouts(())

    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._workouts)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(PreviewColumn)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._workouts):
            return None
        workout = self._workouts[index.row()]
        column = PreviewColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is PreviewColumn.DATE:
                return _when(workout)
            if column is PreviewColumn.NAME:
                return workout.name or "Workout"
            if column is PreviewColumn.EXERCISES:
                return ", ".join(_exercise_names(workout))
            return QLocale().toString(len(workout.sets))
        if role == Qt.ItemDataRole.ToolTipRole and column is PreviewColumn.EXERCISES:
            return "\n".join(_exercise_names(workout))
        if role == Qt.ItemDataRole.TextAlignmentRole and column is PreviewColumn.SETS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(PreviewColumn)
        ):
            return _HEADERS[PreviewColumn(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
