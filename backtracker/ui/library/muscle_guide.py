"""The muscle guide list: the four big back muscles first, then the helpers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from backtracker.domain.catalogue import MuscleInfo

_NO_PARENT = QModelIndex()
MUSCLE_ROLE = Qt.ItemDataRole.UserRole + 1


class MuscleListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._muscles: list[MuscleInfo] = []

    def set_muscles(self, muscles: list[MuscleInfo]) -> None:
        self.beginResetModel()
        self._muscles = sorted(muscles, key=lambda m: not m.major_back)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._muscles)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._muscles):
            return None
        muscle = self._muscles[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return muscle.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return muscle.function
        if role == Qt.ItemDataRole.FontRole and muscle.major_back:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == MUSCLE_ROLE:
            return muscle
        return None

    def row_of(self, key: str) -> int | None:
        for row, muscle in enumerate(self._muscles):
            if muscle.key == key:
                return row
        return None
