"""The sets of one exercise in a workout as an editable table model, saved as they change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from backtracker.domain.catalogue import Tracking
from backtracker.domain.errors import UserError, ValidationError
from backtracker.domain.log import LoggedSet, WorkoutExerciseInfo
from backtracker.domain.strength import SetType
from backtracker.domain.units import (
    Unit,
    distance_from_m,
    format_duration,
    format_number,
    from_kg,
    parse_distance,
    parse_duration,
    parse_rpe,
)
from backtracker.services import logbook, warmups
from backtracker.ui.log import one_sided_cells
from backtracker.ui.log.record_stars import star_data
from backtracker.ui.theme import theme

Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()
REPS_TO_CONFIRM = 100  # more than this in one set is far more often a typo than a feat
# What a logged set passes on to the open set after it (its type stays its own).
CARRIED = ("weight_kg", "reps", "reps_left", "reps_right", "duration_s", "distance_m")


# The roles and flags `data` and `flags` answer with, as plain values (see `data`).
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_EDIT = Qt.ItemDataRole.EditRole.value
_CHECK_STATE = Qt.ItemDataRole.CheckStateRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_PLANNED_KEYS = frozenset({"weight", "reps", "duration", "distance"})
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable
_FLAGS = {"done": _SELECTABLE | Qt.ItemFlag.ItemIsUserCheckable, "number": _SELECTABLE}


@cache
def _done_tint(accent: str) -> QColor:
    """A done set's cells: the accent colour, faint."""
    tint = QColor(accent)
    tint.setAlpha(40)
    return tint


@dataclass(frozen=True)
class SetColumn:
    key: str  # number, set_type, weight, reps, duration, distance, rpe, notes, done
    title: str
    entry: bool = False  # part of the Enter-to-next-field chain


def columns_for(tracking: str, unit: Unit) -> tuple[SetColumn, ...]:
    """The columns a set of this kind of exercise needs, in typing order."""
    tracking = Tracking(tracking)
    head = (SetColumn("number", "Set"), SetColumn("set_type", "Type"))
    tail = (SetColumn("rpe", "RPE"), SetColumn("notes", "Notes"), SetColumn("done", "Done"))
    if tracking is Tracking.WEIGHT_REPS:
        middle = (SetColumn("weight", unit.value, True), SetColumn("reps", "Reps", True))
    elif tracking is Tracking.BODYWEIGHT_REPS:
        middle = (SetColumn("weight", f"+{unit.value}", True), SetColumn("reps", "Reps", True))
    elif tracking is Tracking.DURATION:
        middle = (SetColumn("duration", "Time", True),)
    else:
        middle = (
            SetColumn("distance", unit.distance_label, True),
            SetColumn("duration", "Time", True),
        )
    return head + middle + tail


class SetTableModel(QAbstractTableModel):
    problem = Signal(str)  # a clear sentence when typed input is refused
    # A value of a set that was already done was changed: (set id, before, after), so it
    # can be announced and taken back with Ctrl+Z.
    logged_set_changed = Signal(int, dict, dict)

    def __init__(self, link: WorkoutExerciseInfo, unit: Unit, parent: QObject | None = None):
        super().__init__(parent)
        self.link = link
        self.unit = Unit(unit)
        self.columns = one_sided_cells.with_sides_title(columns_for(link.tracking, self.unit), link)
        self._sets: list[LoggedSet] = list(link.sets)
        self.refused = False  # the last edit was refused (the view keeps the cell open)
        self.declined = False  # ...because the person said no to a question about it
        self.typed_into: set[int] = set()  # sets the person has typed a value into
        self.record_marks: dict[int, str] = {}  # set id → its record (record_stars.py)
        # Asked before saving more than REPS_TO_CONFIRM reps; False leaves the set as it was.
        self.confirm_reps: Callable[[int], bool] = lambda reps: True

    # -- Qt interface -------------------------------------------------------------------
    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._sets)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS.get(self.columns[index.column()].key, _EDITABLE)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Asked for each role of each cell at every paint (about seven calls a cell): the
        # roles are compared as plain ints, not looked up on Qt's enums each time.
        if not index.isValid() or not 0 <= index.row() < len(self._sets):
            return None
        logged = self._sets[index.row()]
        key = self.columns[index.column()].key
        if role == _DISPLAY and key == "weight":
            assisted = one_sided_cells.assisted_text(logged, self.unit, self.link.tracking)
            if assisted is not None:
                return assisted
        if role in (_DISPLAY, _EDIT):
            if key == "done":
                return None
            return self._text(logged, key, index.row())
        if role == _CHECK_STATE and key == "done":
            return _CHECKED if logged.completed else _UNCHECKED
        if role == _ALIGNMENT and key not in ("notes", "set_type"):
            return _CENTRED
        if role == _BACKGROUND and logged.completed:
            return _done_tint(theme().colors.accent)
        if role == _FOREGROUND and not logged.completed and key in _PLANNED_KEYS:
            # Planned values (targets, last time's) look pencilled in until the set is done.
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == _TOOLTIP:
            if key == "reps" and self.link.unilateral:
                return one_sided_cells.SIDES_TOOLTIP
            if key == "weight":
                assisted_tip = one_sided_cells.weight_tooltip(logged, self.link.tracking)
                if assisted_tip is not None:
                    return assisted_tip
            if key == "done":
                return "Tick when the set is done (or press Enter in its last field)"
        if key == "number" and logged.id in self.record_marks:
            return star_data(role, self.record_marks[logged.id])
        return None

    def _text(self, logged: LoggedSet, key: str, row: int) -> str:
        if key == "number":
            set_type = SetType(logged.set_type)
            if set_type is SetType.WARMUP:
                return "W"
            number = sum(1 for s in self._sets[: row + 1] if s.set_type != SetType.WARMUP)
            return f"{number}{set_type.short}"
        if key == "set_type":
            return SetType(logged.set_type).label
        if key == "weight":
            return (
                ""
                if logged.weight_kg is None
                else format_number(
                    from_kg(logged.weight_kg, self.unit), 2 if self.unit is Unit.KG else 1
                )
            )
        if key == "reps":
            return one_sided_cells.reps_text(logged)
        if key == "duration":
            return "" if logged.duration_s is None else format_duration(logged.duration_s)
        if key == "distance":
            return (
                ""
                if logged.distance_m is None
                else format_number(distance_from_m(logged.distance_m, self.unit), 2)
            )
        if key == "rpe":
            return "" if logged.rpe is None else format_number(logged.rpe, 1)
        if key == "notes":
            return logged.notes
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row, key = index.row(), self.columns[index.column()].key
        self.refused = self.declined = False
        if role == Qt.ItemDataRole.CheckStateRole and key == "done":
            try:
                if Qt.CheckState(value) == Qt.CheckState.Checked:
                    self.complete(row)
                else:
                    self.uncomplete(row)
            except UserError as error:
                self.problem.emit(str(error))
                return False
            return True
        if role != Qt.ItemDataRole.EditRole:
            return False
        before = self._sets[row]
        try:
            values = self._parse(key, str(value), before)
        except ValidationError as error:
            self.refused = True
            self.problem.emit(str(error))
            return False
        reps = values.get("reps")
        large = reps is not None and reps > REPS_TO_CONFIRM and reps != before.reps
        if large and not self.confirm_reps(reps):
            self.refused = self.declined = True  # nothing is saved, the cell stays open
            return False
        try:
            after = logbook.update_set_values(before.id, values)
        except UserError as error:  # a set deleted meanwhile
            self.problem.emit(str(error))
            return False
        self._replace(row, after)
        self.typed_into.add(before.id)
        old = {name: getattr(before, name) for name in values}
        new = {name: getattr(after, name) for name in values}
        if before.completed and old != new:
            self.logged_set_changed.emit(before.id, old, new)
        return True

    def _parse(self, key: str, text: str, logged: LoggedSet) -> dict[str, Any]:
        tracking = Tracking(self.link.tracking)
        must = logged.completed  # a done set can't lose a value it needs
        if key == "weight":
            optional = tracking is not Tracking.WEIGHT_REPS or not must
            field = "weight" if tracking is Tracking.WEIGHT_REPS else "added weight"
            return {
                "weight_kg": one_sided_cells.parse_weight_cell(
                    text, self.unit, tracking, field=field, allow_empty=optional
                )
            }
        if key == "reps":
            return one_sided_cells.parse_reps_cell(text, unilateral=self.link.unilateral, must=must)
        if key == "duration":
            return {
                "duration_s": parse_duration(text, field="time") if text.strip() or must else None
            }
        if key == "distance":
            return {"distance_m": parse_distance(text, self.unit)}
        if key == "rpe":
            return {"rpe": parse_rpe(text)}
        if key == "notes":
            return {"notes": " ".join(text.split())[:500]}
        if key == "set_type":
            types = {t.label: t.value for t in SetType} | {t.value: t.value for t in SetType}
            if text not in types:
                raise ValidationError({"set_type": "Choose warm-up, normal, drop or failure."})
            return {"set_type": types[text]}
        raise ValidationError({key: "This column can't be edited."})

    # -- Python interface ---------------------------------------------------------------
    def set_at(self, row: int) -> LoggedSet:
        return self._sets[row]

    def column_of(self, key: str) -> int | None:
        for number, column in enumerate(self.columns):
            if column.key == key:
                return number
        return None

    def entry_columns(self) -> list[int]:
        return [n for n, column in enumerate(self.columns) if column.entry]

    def row_of(self, set_id: int) -> int | None:
        for row, logged in enumerate(self._sets):
            if logged.id == set_id:
                return row
        return None

    def first_open_row(self, after: int = -1) -> int | None:
        """The first set below `after` that is not done yet."""
        for row in range(after + 1, len(self._sets)):
            if not self._sets[row].completed:
                return row
        return None

    def apply_values(self, set_id: int, values: dict[str, Any]) -> None:
        """Put stored values on a set (undo and redo of an edit); a set gone since is left."""
        row = self.row_of(set_id)
        if row is not None:
            self._replace(row, logbook.update_set_values(set_id, values))

    def carry_forward(self, done: LoggedSet, row: int) -> dict[str, Any] | None:
        """Pre-fill the open set at `row` with what `done` was logged with.

        Only a set the person has not typed into takes it, and a warm-up passes nothing on
        to a work set. Returns the values the set had, for undo; None when nothing changed.
        """
        target = self._sets[row]
        if target.completed or target.id in self.typed_into:
            return None
        if done.set_type == SetType.WARMUP and target.set_type != SetType.WARMUP:
            return None
        old = {name: getattr(target, name) for name in CARRIED}
        new = {name: getattr(done, name) for name in CARRIED}
        if old == new:
            return None
        self._replace(row, logbook.update_set_values(target.id, new))
        return old

    def _replace(self, row: int, logged: LoggedSet) -> None:
        self._sets[row] = logged
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1), [])
        if logged.set_type != SetType.WARMUP or row < len(self._sets) - 1:
            # Set numbers below this row may shift when a set type changes.
            last = len(self._sets) - 1
            self.dataChanged.emit(self.index(row, 0), self.index(last, 0), [])

    def complete(self, row: int) -> LoggedSet:
        current = self._sets[row]
        logged = logbook.complete_set(self.link, current.id, current)
        self._replace(row, logged)
        return logged

    def uncomplete(self, row: int) -> None:
        logbook.uncomplete_set(self._sets[row].id)
        self._replace(row, logbook.get_set(self._sets[row].id))

    def append(self, values: dict[str, Any]) -> int:
        set_id = logbook.add_set(self.link.id, values)
        row = len(self._sets)
        self.beginInsertRows(_NO_PARENT, row, row)
        self._sets.append(logbook.get_set(set_id))
        self.endInsertRows()
        return row

    def insert(self, row: int, rows: list[dict[str, Any]]) -> list[int]:
        """Put new sets in at `row` (warm-ups before the first work set); their ids."""
        ids = warmups.insert_sets(self.link.id, row, rows)
        self.beginInsertRows(_NO_PARENT, row, row + len(ids) - 1)
        self._sets[row:row] = [logbook.get_set(set_id) for set_id in ids]
        self.endInsertRows()
        self._refresh_positions()
        return ids

    def remove(self, row: int) -> tuple[int, LoggedSet]:
        self.beginRemoveRows(_NO_PARENT, row, row)
        snapshot = logbook.delete_set(self._sets[row].id)
        del self._sets[row]
        self.endRemoveRows()
        self._refresh_positions()
        return snapshot

    def restore(self, snapshot: tuple[int, LoggedSet]) -> int:
        logbook.restore_set(*snapshot)
        logged = snapshot[1]
        row = min(logged.position, len(self._sets))
        self.beginInsertRows(_NO_PARENT, row, row)
        self._sets.insert(row, logged)
        self.endInsertRows()
        self._refresh_positions()
        return row

    def _refresh_positions(self) -> None:
        if self._sets:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._sets) - 1, 0), [])
