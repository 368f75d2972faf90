"""Personal records as a table: best e1RM, heaviest weight, best set, then 1RM to 12RM.

Holds show their longest hold and most time in a session instead; bodyweight exercises
show their most reps first, then the weight records (which need a logged bodyweight).
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.units import NO_VALUE, Unit, format_duration, format_weight
from backtracker.services.progress import ExerciseKind
from backtracker.ui.progress.formatting import format_day

if TYPE_CHECKING:
    from backtracker.storage.progress import Best, EffortRecords, Record, Records

_NO_PARENT = QModelIndex()
MAX_REP_RECORD = 12
FORMULA_NAMES = {"epley": "Epley", "brzycki": "Brzycki"}


def records_note(kind: ExerciseKind, formula: str) -> str:
    """The note under the records table: how the records are counted."""
    if kind is ExerciseKind.TIME:
        return (
            "Warm-ups are left out. Time under tension is the time of all of a session's "
            "work sets together."
        )
    name = FORMULA_NAMES.get(formula, formula)
    note = (
        f"Estimated 1RM by the {name} formula (Preferences). Warm-ups are left out, "
        "and only sets of 1–12 reps give an estimate."
    )
    if kind is ExerciseKind.BODYWEIGHT:
        note += (
            " Weights of bodyweight exercises need a logged bodyweight; a negative "
            "added weight is assistance (bodyweight − assistance is the load)."
        )
    return note


class Column(IntEnum):
    RECORD = 0
    VALUE = 1
    DATE = 2


HEADERS = {Column.RECORD: "Record", Column.VALUE: "Value", Column.DATE: "Date"}
SUMMARY_ROWS = ("Best e1RM", "Heaviest weight", "Best set volume")
ROW_LABELS = (*SUMMARY_ROWS, *(f"{reps}RM" for reps in range(1, MAX_REP_RECORD + 1)))
REP_ROWS = ("Most reps in a set", "Most reps in a session")
TIME_ROWS = ("Longest hold", "Most time in a session")
ROWS_OF = {
    ExerciseKind.WEIGHT: ROW_LABELS,
    ExerciseKind.BODYWEIGHT: (*REP_ROWS, *ROW_LABELS),
    ExerciseKind.TIME: TIME_ROWS,
}
_EFFORT_TIPS = {
    "Longest hold": "The longest single work set",
    "Most time in a session": "The most time under tension in one session (all work sets)",
    "Most reps in a set": "The most reps in a single work set",
    "Most reps in a session": "The most reps in one session (all work sets)",
}


def _set_text(record: Record, unit: Unit) -> str:
    return f"{record.reps} × {format_weight(record.weight_kg, unit)}"


class RecordsModel(QAbstractTableModel):
    """Rows fixed per kind of exercise; new records only change the Value and Date cells,
    another kind of exercise resets the rows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: Records | None = None
        self._efforts: EffortRecords | None = None
        self._kind = ExerciseKind.WEIGHT
        self._unit = Unit.KG
        self._formula = "epley"

    @property
    def kind(self) -> ExerciseKind:
        return self._kind

    @property
    def rows(self) -> tuple[str, ...]:
        return ROWS_OF[self._kind]

    def set_records(
        self,
        records: Records,
        unit: Unit | str,
        formula: str,
        *,
        efforts: EffortRecords | None = None,
        kind: ExerciseKind = ExerciseKind.WEIGHT,
    ) -> None:
        if kind != self._kind:
            self.beginResetModel()
            self._store(records, unit, formula, efforts, kind)
            self.endResetModel()
            return
        self._store(records, unit, formula, efforts, kind)
        self.dataChanged.emit(
            self.index(0, Column.VALUE),
            self.index(len(self.rows) - 1, Column.DATE),
            [
                Qt.ItemDataRole.DisplayRole,
                Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.AccessibleTextRole,
            ],
        )
        # The e1RM tooltip names the formula, which lives in the first column's tooltip too.
        self.dataChanged.emit(
            self.index(0, Column.RECORD),
            self.index(len(self.rows) - 1, Column.RECORD),
            [Qt.ItemDataRole.ToolTipRole],
        )

    def _store(
        self,
        records: Records,
        unit: Unit | str,
        formula: str,
        efforts: EffortRecords | None,
        kind: ExerciseKind,
    ) -> None:
        self._records, self._efforts, self._kind = records, efforts, kind
        self._unit = Unit(unit)
        self._formula = formula

    def _effort_at(self, label: str) -> Best | None:
        efforts = self._efforts
        if efforts is None:
            return None
        return {
            "Longest hold": efforts.longest_hold,
            "Most time in a session": efforts.most_time,
            "Most reps in a set": efforts.most_reps,
            "Most reps in a session": efforts.most_session_reps,
        }[label]

    def record_at(self, row: int) -> Record | None:
        """The weight record shown in `row`; None on a row of reps or time."""
        if self._records is None or not 0 <= row < len(self.rows):
            return None
        label = self.rows[row]
        if label in _EFFORT_TIPS:
            return None
        row = ROW_LABELS.index(label)
        if row == 0:
            return self._records.best_e1rm
        if row == 1:
            return self._records.heaviest
        if row == 2:
            return self._records.best_set_volume
        return self._records.by_reps.get(row - len(SUMMARY_ROWS) + 1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole and section != Column.RECORD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = index.row(), Column(index.column())
        label = self.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if label in _EFFORT_TIPS:
                return self._effort_tooltip(label)
            return self._tooltip(ROW_LABELS.index(label), self.record_at(row))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(self._display(row, c) for c in Column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != Column.RECORD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _effort_text(self, label: str, best: Best) -> str:
        if label in TIME_ROWS:
            return format_duration(best.value)
        reps = round(best.value)
        return f"{reps} rep" + ("" if reps == 1 else "s")

    def _display(self, row: int, column: Column) -> str:
        label = self.rows[row]
        if column == Column.RECORD:
            return label
        if label in _EFFORT_TIPS:
            best = self._effort_at(label)
            if best is None:
                return NO_VALUE
            return (
                self._effort_text(label, best) if column == Column.VALUE else format_day(best.day)
            )
        record = self.record_at(row)
        if record is None:
            return NO_VALUE
        if column == Column.VALUE:
            return format_weight(record.value_kg, self._unit)
        return format_day(record.day)

    def _effort_tooltip(self, label: str) -> str:
        best = self._effort_at(label)
        what = _EFFORT_TIPS[label]
        if best is None:
            return f"{what}. None yet."
        return f"{what}: {self._effort_text(label, best)} on {format_day(best.day)}."

    def _tooltip(self, row: int, record: Record | None) -> str:
        formula = FORMULA_NAMES.get(self._formula, self._formula.capitalize())
        if row == 0:
            what = f"The best estimated one-rep max ({formula} formula; warm-ups and sets over "
            what += "12 reps left out)"
        elif row == 1:
            what = "The heaviest weight you lifted in a work set"
        elif row == 2:
            what = "The most weight × reps in a single work set"
        else:
            reps = row - len(SUMMARY_ROWS) + 1
            what = f"The heaviest weight you lifted for exactly {reps} rep" + (
                "" if reps == 1 else "s"
            )
        if record is None:
            return f"{what}. None yet."
        return f"{what}: {_set_text(record, self._unit)} on {format_day(record.day)}."


def records_box(model: RecordsModel, owner: QWidget) -> tuple[QGroupBox, QTableView, QLabel]:
    """The "Personal records" box of the Progress tab: the table, and the note below it.
    `owner` gives the font the rows are measured in."""
    view = QTableView()
    view.setAccessibleName("Personal records")
    view.setTabKeyNavigation(False)  # read-only: Tab moves on, arrows read
    view.setModel(model)
    view.verticalHeader().hide()
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    rows = view.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(owner.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(Column.RECORD, QHeaderView.ResizeMode.Stretch)
    for column in (Column.VALUE, Column.DATE):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    view.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    model.modelReset.connect(lambda: _fit_height(view, model))
    note = QLabel()
    note.setWordWrap(True)
    note.setEnabled(False)
    # A wrapped label in a splitter pane can be squeezed to one line; keep room for three.
    note.setMinimumHeight(owner.fontMetrics().lineSpacing() * 3 + 4)
    box = QGroupBox("Personal records")
    box_layout = QVBoxLayout(box)
    box_layout.setContentsMargins(6, 6, 6, 6)
    box_layout.addWidget(view)
    box_layout.addWidget(note)
    box_layout.addStretch(1)
    box.setMinimumWidth(300)
    return box, view, note


def _fit_height(view: QTableView, model: RecordsModel) -> None:
    """Show every record row without scrolling, so the note below is never covered."""
    height = view.horizontalHeader().height() + model.rowCount() * (
        view.verticalHeader().defaultSectionSize()
    )
    view.setFixedHeight(height + 2 * view.frameWidth() + 2)
