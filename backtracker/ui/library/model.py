"""Item models for the exercise list: a table model and the proxy that searches and filters."""

from __future__ import annotations

from enum import IntEnum
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QPalette, QPixmap

from backtracker.domain.catalogue import Equipment, ExerciseInfo, SpinalLoad
from backtracker.domain.search import fold, matches
from backtracker.ui.icons import icon

Index = QModelIndex | QPersistentModelIndex
BLANK_ICON_PIXELS = 64
_NO_PARENT = QModelIndex()


class Column(IntEnum):
    NAME = 0
    EQUIPMENT = 1


class Role(IntEnum):
    EXERCISE = Qt.ItemDataRole.UserRole + 1
    EXERCISE_ID = Qt.ItemDataRole.UserRole + 2
    SORT_KEY = Qt.ItemDataRole.UserRole + 3


@cache
def _STAR_ICON() -> QIcon:
    return icon("star-filled", accent="star")


@cache
def _BLANK_ICON() -> QIcon:
    # Keeps names in line with the starred ones. Transparent pixels, drawn by Qt itself: the
    # list paints it on most rows, and an SVG icon would call into Python for each.
    pixmap = QPixmap(BLANK_ICON_PIXELS, BLANK_ICON_PIXELS)
    pixmap.fill(Qt.GlobalColor.transparent)
    return QIcon(pixmap)


_NAME, _EQUIPMENT = int(Column.NAME), int(Column.EQUIPMENT)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ACCESSIBLE_TEXT = int(Qt.ItemDataRole.AccessibleTextRole)
_EXERCISE, _EXERCISE_ID, _SORT_KEY = int(Role.EXERCISE), int(Role.EXERCISE_ID), int(Role.SORT_KEY)

_COLUMNS = len(Column)
_HEADERS = {Column.NAME: "Exercise", Column.EQUIPMENT: "Equipment"}


class ExerciseTableModel(QAbstractTableModel):
    """All exercises, one per row; `sync()` applies changes with fine-grained signals."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ExerciseInfo] = []
        self._text: list[_RowText] = []

    # -- Qt interface -------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = _NO_PARENT) -> QModelIndex:
        # Qt's own index() asks rowCount() and columnCount() first: two calls into Python for
        # each of the thousands of indexes the view and the proxy make; this is one.
        if 0 <= row < len(self._rows) and 0 <= column < _COLUMNS and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else _COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(Column)
        ):
            return _HEADERS[Column(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called thousands of times while painting and sorting: plain ints, prepared text.
        row, column = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        exercise = self._rows[row]
        text = self._text[row]
        if role == _DISPLAY:
            return exercise.name if column == _NAME else text.equipment
        if role == _DECORATION:
            if column != _NAME:
                return None
            return _STAR_ICON() if exercise.proven_five else _BLANK_ICON()
        if role == _SORT_KEY:
            return text.name_sort_key if column == _NAME else text.equipment_sort_key
        if role == _EXERCISE:
            return exercise
        if role == _EXERCISE_ID:
            return exercise.id
        if role == _TOOLTIP:
            return text.tooltip
        if role == _FONT and exercise.archived:
            font = QFont()
            font.setItalic(True)
            return font
        if role == _FOREGROUND and (exercise.archived or column == _EQUIPMENT):
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == _ACCESSIBLE_TEXT and column == _NAME:
            star = ", one of the proven five" if exercise.proven_five else ""
            return f"{exercise.name}{star}"
        return None

    # -- Python interface ---------------------------------------------------------------
    def exercise_at(self, row: int) -> ExerciseInfo:
        return self._rows[row]

    def search_text_at(self, row: int) -> str:
        return self._text[row].search

    def sort_key_at(self, row: int, column: int) -> str:
        text = self._text[row]
        return text.name_sort_key if column == _NAME else text.equipment_sort_key

    def row_of(self, exercise_id: int) -> int | None:
        for row, exercise in enumerate(self._rows):
            if exercise.id == exercise_id:
                return row
        return None

    def sync(self, exercises: list[ExerciseInfo]) -> None:
        """Make the rows equal `exercises`: remove, update and insert only what changed."""
        wanted = {e.id: e for e in exercises}
        for row in reversed(range(len(self._rows))):
            if self._rows[row].id not in wanted:
                self.beginRemoveRows(_NO_PARENT, row, row)
                del self._rows[row]
                del self._text[row]
                self.endRemoveRows()
        present = {e.id: row for row, e in enumerate(self._rows)}
        for exercise_id, exercise in wanted.items():
            row = present.get(exercise_id)
            if row is None:
                continue
            if self._rows[row] != exercise:
                self._rows[row] = exercise
                self._text[row] = _RowText.of(exercise)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1), [])
        new = [e for e in exercises if e.id not in present]
        if new:
            first = len(self._rows)
            self.beginInsertRows(_NO_PARENT, first, first + len(new) - 1)
            self._rows.extend(new)
            self._text.extend(_RowText.of(e) for e in new)
            self.endInsertRows()


class _RowText:
    """Text derived from one exercise, prepared once per change instead of per paint.

    A plain class: a dataclass would cost half a millisecond of every start to build.
    """

    __slots__ = ("equipment", "equipment_sort_key", "name_sort_key", "search", "tooltip")

    def __init__(
        self,
        *,
        equipment: str,
        search: str,
        name_sort_key: str,
        equipment_sort_key: str,
        tooltip: str,
    ) -> None:
        self.equipment = equipment
        self.search = search
        self.name_sort_key = name_sort_key
        self.equipment_sort_key = equipment_sort_key
        self.tooltip = tooltip

    @classmethod
    def of(cls, exercise: ExerciseInfo) -> _RowText:
        equipment = Equipment(exercise.equipment).label
        folded_name = fold(exercise.name)
        also = f"\nAlso called: {', '.join(exercise.aliases)}" if exercise.aliases else ""
        archived = "\n(Archived)" if exercise.archived else ""
        return cls(
            equipment=equipment,
            search=fold(" ".join((exercise.name, *exercise.aliases))),
            # The proven five lead the list; then alphabetical, ignoring case and hyphens.
            name_sort_key=f"{0 if exercise.proven_five else 1} {folded_name}",
            equipment_sort_key=f"{equipment} {folded_name}",
            tooltip=f"{exercise.summary}{also}{archived}",
        )


class ExerciseFilterProxy(QSortFilterProxyModel):
    """Search by name or alias, and filter by muscle, equipment, category and more."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._muscle: str | None = None
        self._equipment: str | None = None
        self._category: str | None = None
        self._no_gym = False
        self._proven_only = False
        self._low_spinal_load = False
        self._show_archived = False
        self.setSortRole(Role.SORT_KEY)
        self.setDynamicSortFilter(True)

    def _change(self, name: str, value: object) -> None:
        if getattr(self, name) == value:
            return
        self.beginFilterChange()
        setattr(self, name, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_query(self, text: str) -> None:
        self._change("_query", text)

    def set_muscle(self, key: str | None) -> None:
        self._change("_muscle", key)

    def set_equipment(self, equipment: str | None) -> None:
        self._change("_equipment", equipment)

    def set_category(self, category: str | None) -> None:
        self._change("_category", category)

    def set_no_gym(self, on: bool) -> None:
        self._change("_no_gym", on)

    def set_proven_only(self, on: bool) -> None:
        self._change("_proven_only", on)

    def set_low_spinal_load(self, on: bool) -> None:
        """Only exercises whose spinal load is low (the back coach's lower-back care)."""
        self._change("_low_spinal_load", on)

    def set_show_archived(self, on: bool) -> None:
        self._change("_show_archived", on)

    @property
    def show_archived(self) -> bool:
        return self._show_archived

    def lessThan(self, source_left: Index, source_right: Index) -> bool:
        # The same order as comparing the SORT_KEY data, in one call into Python instead of
        # four (two indexes, two data look-ups) for each of the hundreds of comparisons.
        model = self.sourceModel()
        if not isinstance(model, ExerciseTableModel):
            return super().lessThan(source_left, source_right)
        return model.sort_key_at(source_left.row(), source_left.column()) < model.sort_key_at(
            source_right.row(), source_right.column()
        )

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ExerciseTableModel):
            return True
        exercise = model.exercise_at(source_row)
        return (
            (self._show_archived or not exercise.archived)
            and (self._muscle is None or self._muscle in exercise.muscles)
            and (self._equipment is None or exercise.equipment == self._equipment)
            and (self._category is None or exercise.category == self._category)
            and (not self._no_gym or exercise.no_gym)
            and (not self._proven_only or exercise.proven_five)
            and (not self._low_spinal_load or exercise.spinal_load == SpinalLoad.LOW)
            and matches(self._query, model.search_text_at(source_row))
        )
