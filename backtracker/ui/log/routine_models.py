"""Manage routines' item models (the routine list, one routine's exercises) and their views."""

from __future__ import annotations

import dataclasses
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from backtracker.domain import supersets as superset_rules
from backtracker.domain.routines import MAX_REPS, MAX_SETS, Routine, RoutineItem
from backtracker.ui.theme import theme

Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
MAX_HOLD_S = 3600
NONE_TEXT = "–"


class RoutineRole(IntEnum):
    ROUTINE_ID = Qt.ItemDataRole.UserRole + 1
    IS_DRAFT = Qt.ItemDataRole.UserRole + 2


class RoutineListModel(QAbstractListModel):
    """The saved routines in order, plus at most one unsaved draft at the end."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._routines: list[Routine] = []

    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._routines)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._routines):
            return None
        routine = self._routines[index.row()]
        draft = routine.id is None
        if role in (_DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
            name = routine.name.strip() or "New routine"
            return f"{name} (not saved)" if draft else name
        if role == Qt.ItemDataRole.ToolTipRole:
            return routine.description or None
        if role == Qt.ItemDataRole.FontRole and draft:
            font = QFont()
            font.setItalic(True)
            return font
        if role == RoutineRole.ROUTINE_ID:
            return routine.id
        if role == RoutineRole.IS_DRAFT:
            return draft
        return None

    def set_routines(self, routines_: list[Routine]) -> None:
        self.beginResetModel()
        self._routines = list(routines_)
        self.endResetModel()

    def routine(self, row: int) -> Routine | None:
        return self._routines[row] if 0 <= row < len(self._routines) else None

    def row_of(self, routine_id: int | None) -> int:
        for row, routine in enumerate(self._routines):
            if routine.id == routine_id:
                return row
        return -1

    def saved_count(self) -> int:
        return sum(1 for r in self._routines if r.id is not None)

    def names(self) -> set[str]:
        return {r.name for r in self._routines if r.id is not None}

    def append_draft(self, draft: Routine) -> int:
        row = len(self._routines)
        self.beginInsertRows(_NO_PARENT, row, row)
        self._routines.append(draft)
        self.endInsertRows()
        return row

    def rename_draft(self, name: str) -> None:
        row = self.row_of(None)
        if row >= 0:
            self._routines[row] = dataclasses.replace(self._routines[row], name=name)
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [_DISPLAY, Qt.ItemDataRole.AccessibleTextRole])

    def remove_draft(self) -> None:
        row = self.row_of(None)
        if row >= 0:
            self.beginRemoveRows(_NO_PARENT, row, row)
            del self._routines[row]
            self.endRemoveRows()


class ItemColumn(IntEnum):
    EXERCISE = 0
    SETS = 1
    REP_MIN = 2
    REP_MAX = 3
    HOLD = 4


@dataclasses.dataclass(frozen=True)
class _NumberField:
    attribute: str
    minimum: int
    maximum: int
    optional: bool  # None ("–") allowed: reps on a hold, a hold on a rep exercise
    step: int = 1


_HEADERS = {
    ItemColumn.EXERCISE: "Exercise",
    ItemColumn.SETS: "Sets",
    ItemColumn.REP_MIN: "Reps from",
    ItemColumn.REP_MAX: "Reps to",
    ItemColumn.HOLD: "Hold (s)",
}
NUMBER_FIELDS = {
    ItemColumn.SETS: _NumberField("sets", 1, MAX_SETS, optional=False),
    ItemColumn.REP_MIN: _NumberField("rep_min", 1, MAX_REPS, optional=True),
    ItemColumn.REP_MAX: _NumberField("rep_max", 1, MAX_REPS, optional=True),
    ItemColumn.HOLD: _NumberField("duration_s", 1, MAX_HOLD_S, optional=True, step=5),
}


class RoutineItemsModel(QAbstractTableModel):
    """A routine's exercises, one per row; the numbers are editable and checked on entry."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[RoutineItem] = []

    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(ItemColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(ItemColumn):
            if role == _DISPLAY:
                return _HEADERS[ItemColumn(section)]
            if role == Qt.ItemDataRole.TextAlignmentRole and section != ItemColumn.EXERCISE:
                return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != ItemColumn.EXERCISE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = ItemColumn(index.column())
        if column == ItemColumn.EXERCISE:
            name = item.exercise_name or f"Exercise #{item.exercise_id}"
            label = superset_rules.labels(self.groups())[index.row()] if item.superset else ""
            if role == _DISPLAY:
                return f"{label}   {name}" if label else name  # A1, A2: a superset
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{name}: superset {label[:-1]}" if label else name
            if role == Qt.ItemDataRole.DecorationRole and label:
                bar = QPixmap(4, 22)  # a bar like the Log's bracket
                bar.fill(QColor(theme().colors.accent))
                return bar
            return None
        value = getattr(item, NUMBER_FIELDS[column].attribute)
        if role == _DISPLAY:
            return NONE_TEXT if value is None else str(value)
        if role == _EDIT:
            return value
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_HEADERS[column]}: {'none' if value is None else value}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        """Accept a whole number in range, or nothing ("" / None) where a column allows it."""
        if role != _EDIT or not index.isValid() or index.column() == ItemColumn.EXERCISE:
            return False
        spec = NUMBER_FIELDS[ItemColumn(index.column())]
        number: int | None
        if value is None or (isinstance(value, str) and value.strip() in ("", NONE_TEXT)):
            if not spec.optional:
                return False
            number = None
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                return False
            if not spec.minimum <= number <= spec.maximum:
                return False
        item = self._items[index.row()]
        if getattr(item, spec.attribute) == number:
            return True
        self._items[index.row()] = dataclasses.replace(item, **{spec.attribute: number})
        self.dataChanged.emit(index, index, [_DISPLAY, _EDIT, Qt.ItemDataRole.AccessibleTextRole])
        return True

    def items(self) -> tuple[RoutineItem, ...]:
        return tuple(self._items)

    def set_items(self, items: tuple[RoutineItem, ...]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def append(self, item: RoutineItem) -> int:
        row = len(self._items)
        self.beginInsertRows(_NO_PARENT, row, row)
        self._items.append(item)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._items):
            self.beginRemoveRows(_NO_PARENT, row, row)
            del self._items[row]
            self.endRemoveRows()
            self.set_groups(superset_rules.tidy(self.groups()))  # a group of one dissolves

    def move(self, row: int, offset: int) -> int:
        """Move one row up (-1) or down (+1); returns where it ended up."""
        target = row + offset
        if not (0 <= row < len(self._items) and 0 <= target < len(self._items)) or not offset:
            return row
        order, groups = superset_rules.moved(self.groups(), row, offset)  # groups stay whole
        target = order.index(row)
        # Qt's destination is the row the moved one goes *before*, counted before the move.
        destination = target + 1 if offset > 0 else target
        self.beginMoveRows(_NO_PARENT, row, row, _NO_PARENT, destination)
        self._items.insert(target, self._items.pop(row))
        self.endMoveRows()
        self.set_groups(groups)
        return target

    def groups(self) -> list[int | None]:
        """Each row's superset number (None: in none); see domain/supersets.py."""
        return [item.superset for item in self._items]

    def set_groups(self, groups: list[int | None]) -> None:
        changed = False
        for row, number in enumerate(groups):
            if self._items[row].superset != number:
                self._items[row] = dataclasses.replace(self._items[row], superset=number)
                changed = True
        if changed:
            last = self.index(len(self._items) - 1, ItemColumn.EXERCISE)
            self.dataChanged.emit(self.index(0, ItemColumn.EXERCISE), last, [_DISPLAY])


class NumberDelegate(QStyledItemDelegate):
    """A spin box for the number columns; its lowest value "–" means none where allowed."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spec = NUMBER_FIELDS[ItemColumn(index.column())]
        spin = QSpinBox(parent)
        spin.setRange(spec.minimum - 1 if spec.optional else spec.minimum, spec.maximum)
        spin.setSingleStep(spec.step)
        if spec.optional:
            spin.setSpecialValueText(NONE_TEXT)
        spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        spin.setFrame(False)
        spin.setAccessibleName(_HEADERS[ItemColumn(index.column())])
        # Commit as the person types, so Save and the unsaved-changes state are always current.
        spin.valueChanged.connect(lambda _value: self.commitData.emit(spin))
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        value = index.data(_EDIT)
        editor.blockSignals(True)  # showing the stored value is not an edit to commit
        editor.setValue(editor.minimum() if value is None else int(value))
        editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        spec = NUMBER_FIELDS[ItemColumn(index.column())]
        value = editor.value()
        model.setData(index, None if spec.optional and value < spec.minimum else value, _EDIT)


class RoomyDelegate(QStyledItemDelegate):
    """List rows with a little air, so names are easy to hit and read."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 10)


class ExerciseTable(QTableView):
    """The routine's exercises; says what to do when there are none yet."""

    EMPTY_TEXT = "No exercises yet. Click Add exercise… to pick one from the library."

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(QColor(theme().colors.muted_text))
            rect = self.viewport().rect().adjusted(16, 16, -16, -16)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(rect, int(flags), self.EMPTY_TEXT)
            painter.end()
