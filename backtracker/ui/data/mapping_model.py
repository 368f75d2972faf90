"""Which library exercise each name in an imported file becomes.

One row per distinct name in the file. Only a certain match is taken (an exact name, an alias,
or the exercise's own equipment in brackets; never two names of the file onto one exercise);
anything else defaults to a new custom exercise with the file's name, and the closest
library exercise is shown as a suggestion the person can accept (the combo in the "Imports
as" column, or Choose… with the exercise picker).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from backtracker.services.importers import MatchSuggestion

Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()

NEW_EXERCISE_TEXT = "New custom exercise"
_NEW = -1  # the combo's item data for "new custom exercise" (None is not stored reliably)


class MappingColumn(IntEnum):
    SOURCE = 0
    SETS = 1
    TARGET = 2
    MATCH = 3


class MappingRole(IntEnum):
    EXERCISE_ID = Qt.ItemDataRole.UserRole + 1  # int, or None for a new custom exercise
    SUGGESTION = Qt.ItemDataRole.UserRole + 2  # the MatchSuggestion


_HEADERS = {
    MappingColumn.SOURCE: "Name in the file",
    MappingColumn.SETS: "Sets",
    MappingColumn.TARGET: "Imports as",
    MappingColumn.MATCH: "Match",
}


@dataclass
class MappingRow:
    suggestion: MatchSuggestion
    sets: int
    exercise_id: int | None
    chosen: bool = False  # the person picked this, rather than the matcher

    @property
    def source_name(self) -> str:
        return self.suggestion.source_name


_HOW_TEXT = {
    "exact": "Same name",
    "alias": "Another name of it",
    "equipment": "Same name and equipment",
}
_HOW_TIP = {
    "exact": "is the name of",
    "alias": "is another name (an alias) of",
    "equipment": "names the equipment of",
}


def _percent(score: float) -> str:
    return f"{QLocale().toString(round(score))} %"


class MappingModel(QAbstractTableModel):
    """Editable mapping: `setData(index, exercise_id_or_None, EditRole)` on the TARGET column."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[MappingRow] = []
        self._names: dict[int, str] = {}

    # -- Python interface ---------------------------------------------------------------
    def set_suggestions(
        self,
        suggestions: Sequence[MatchSuggestion],
        sets_by_name: Mapping[str, int],
        exercise_names: Mapping[int, str],
    ) -> None:
        """Start from the matcher's view: confident matches taken, the rest new.

        Names that need a decision come first; otherwise the file's order is kept.
        """
        self.beginResetModel()
        self._names = dict(exercise_names)
        for suggestion in suggestions:
            if suggestion.exercise_id is not None and suggestion.exercise_name:
                self._names.setdefault(suggestion.exercise_id, suggestion.exercise_name)
        self._rows = [
            MappingRow(
                suggestion,
                sets_by_name.get(suggestion.source_name, 0),
                suggestion.exercise_id if suggestion.confident else None,
            )
            for suggestion in suggestions
        ]
        self._rows.sort(key=lambda row: row.exercise_id is not None)
        self.endResetModel()

    def clear(self) -> None:
        self.set_suggestions((), {}, self._names)

    def mapping(self) -> dict[str, int | None]:
        """What import_parsed takes: source name → exercise id, None for a new exercise."""
        return {row.source_name: row.exercise_id for row in self._rows}

    def row_at(self, row: int) -> MappingRow:
        return self._rows[row]

    def exercise_names(self) -> dict[int, str]:
        return dict(self._names)

    @property
    def matched(self) -> int:
        return sum(1 for row in self._rows if row.exercise_id is not None)

    def target_text(self, row: MappingRow) -> str:
        if row.exercise_id is None:
            return NEW_EXERCISE_TEXT
        return self._names.get(row.exercise_id, f"Exercise {row.exercise_id}")

    def match_text(self, row: MappingRow) -> str:
        suggestion = row.suggestion
        if row.chosen:
            return "Your choice"
        if row.exercise_id is not None:
            return _HOW_TEXT.get(suggestion.how, _percent(suggestion.score))
        if suggestion.exercise_id is not None and suggestion.exercise_name:
            if suggestion.score >= 100:
                return f"Closest: {suggestion.exercise_name} (another name here maps to it)"
            return f"Closest: {suggestion.exercise_name}, {_percent(suggestion.score)}"
        return "No match"

    # -- Qt interface -------------------------------------------------------------------
    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(MappingColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(MappingColumn)
        ):
            return _HEADERS[MappingColumn(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = MappingColumn(index.column())
        if role == MappingRole.EXERCISE_ID:
            return row.exercise_id
        if role == MappingRole.SUGGESTION:
            return row.suggestion
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole and column is MappingColumn.TARGET:
            return row.exercise_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is MappingColumn.SETS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and column is MappingColumn.TARGET:
            if row.exercise_id is None:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        if role == Qt.ItemDataRole.ForegroundRole and self._muted(row, column):
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def _display(self, row: MappingRow, column: MappingColumn) -> str:
        if column is MappingColumn.SOURCE:
            return row.source_name
        if column is MappingColumn.SETS:
            return QLocale().toString(row.sets)
        if column is MappingColumn.TARGET:
            return self.target_text(row)
        return self.match_text(row)

    def _tooltip(self, row: MappingRow, column: MappingColumn) -> str | None:
        if column is MappingColumn.TARGET:
            return "Double-click to pick another exercise, or use Choose exercise…"
        if column is MappingColumn.MATCH and not row.chosen:
            suggestion = row.suggestion
            if row.exercise_id is not None:
                return (
                    f"“{row.source_name}” {_HOW_TIP.get(suggestion.how, 'matches')} "
                    f"{suggestion.exercise_name}."
                )
            closest = (
                f" The closest is {suggestion.exercise_name} ({_percent(suggestion.score)}); "
                "pick it if it is the same exercise."
                if suggestion.exercise_name
                else ""
            )
            return (
                f"Not the same name.{closest} A custom exercise named “{row.source_name}” "
                "is created, unless you pick a library exercise. Two names of one file are "
                "never merged without your say."
            )
        return None

    @staticmethod
    def _muted(row: MappingRow, column: MappingColumn) -> bool:
        if column is MappingColumn.MATCH:
            return row.exercise_id is None and not row.chosen
        return column is MappingColumn.TARGET and row.exercise_id is None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == MappingColumn.TARGET:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != MappingColumn.TARGET
            or role not in (Qt.ItemDataRole.EditRole, MappingRole.EXERCISE_ID)
            or not 0 <= index.row() < len(self._rows)
        ):
            return False
        exercise_id = None if value is None or int(value) == _NEW else int(value)
        if exercise_id is not None and exercise_id not in self._names:
            return False  # only exercises the dialog knows by name
        row = self._rows[index.row()]
        if exercise_id == row.exercise_id:
            return True  # an editor closed without a change: still the matcher's view
        row.exercise_id = exercise_id
        row.chosen = True
        self.dataChanged.emit(
            self.index(index.row(), MappingColumn.TARGET),
            self.index(index.row(), MappingColumn.MATCH),
            [
                Qt.ItemDataRole.DisplayRole,
                Qt.ItemDataRole.EditRole,
                Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.FontRole,
                Qt.ItemDataRole.ForegroundRole,
                MappingRole.EXERCISE_ID,
            ],
        )
        return True

    def add_exercise_name(self, exercise_id: int, name: str) -> None:
        """Make an exercise known (one picked that was not in the list, e.g. just created)."""
        self._names[exercise_id] = name


class TargetDelegate(QStyledItemDelegate):
    """A combo of library exercises, with "New custom exercise" and the closest match first."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setMaxVisibleItems(20)
        combo.addItem(NEW_EXERCISE_TEXT, _NEW)
        suggestion = index.data(MappingRole.SUGGESTION)
        model = index.model()
        names: dict[int, str] = {}
        if isinstance(model, MappingModel):
            names = model.exercise_names()
        if isinstance(suggestion, MatchSuggestion) and suggestion.exercise_id in names:
            combo.addItem(
                f"{names[suggestion.exercise_id]}  (closest match)", suggestion.exercise_id
            )
        combo.insertSeparator(combo.count())
        for exercise_id, name in sorted(names.items(), key=lambda item: item[1].casefold()):
            combo.addItem(name, exercise_id)
        combo.setAccessibleName("Imports as")
        # A choice in the list applies at once, as a person expects of a drop-down.
        combo.activated.connect(lambda _row: self._commit(combo))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(MappingRole.EXERCISE_ID)
        found = editor.findData(_NEW if current is None else current)
        editor.setCurrentIndex(max(0, found))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        value = editor.currentData()
        model.setData(index, None if value == _NEW else value, Qt.ItemDataRole.EditRole)
