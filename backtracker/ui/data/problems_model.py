"""The lines of a file that cannot be imported, each with its reason, for the import dialog."""

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

from backtracker.services.importers import RowProblem

Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()


class ProblemColumn(IntEnum):
    LINE = 0
    REASON = 1


_HEADERS = {ProblemColumn.LINE: "Line", ProblemColumn.REASON: "Why it cannot be imported"}


class ProblemsModel(QAbstractTableModel):
    """Read-only rows, one per problem line, in file order; every one is listed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._problems: list[RowProblem] = []

    def set_problems(self, problems: Sequence[RowProblem]) -> None:
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def clear(self) -> None:
        self.set_problems(())

    def problem_at(self, row: int) -> RowProblem:
        return self._problems[row]

    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(ProblemColumn)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._problems):
            return None
        problem = self._problems[index.row()]
        column = ProblemColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column is ProblemColumn.LINE:
                return QLocale().toString(problem.line)
            return problem.reason
        if role == Qt.ItemDataRole.ToolTipRole and column is ProblemColumn.REASON:
            return problem.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and column is ProblemColumn.LINE:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(ProblemColumn)
        ):
            return _HEADERS[ProblemColumn(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
