"""Personal records as a table: best e1RM, heaviest weight, best set, then 1RM to 12RM."""

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

from backtracker.domain.units import NO_VALUE, Unit, format_weight
from backtracker.ui.progress.formatting import format_day

if TYPE_CHECKING:
    from backtracker.storage.progress import Record, Records

_NO_PARENT = QModelIndex()
MAX_REP_RECORD = 12
FORMULA_NAMES = {"epley": "Epley", "brzycki": "Brzycki"}


class Column(IntEnum):
    RECORD = 0
    VALUE = 1
    DATE = 2


HEADERS = {Column.RECORD: "Record", Column.VALUE: "Value", Column.DATE: "Date"}
SUMMARY_ROWS = ("Best e1RM", "Heaviest weight", "Best set volume")
ROW_LABELS = (*SUMMARY_ROWS, *(f"{reps}RM" for reps in range(1, MAX_REP_RECORD + 1)))


def _set_text(record: Record, unit: Unit) -> str:
    return f"{record.reps} × {format_weight(record.weight_kg, unit)}"


class RecordsModel(QAbstractTableModel):
    """A fixed set of rows; new records only change the Value and Date cells."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: Records | None = None
        self._unit = Unit.KG
        self._formula = "epley"

    def set_records(self, records: Records, unit: Unit | str, formula: str) -> None:
        self._records = records
        self._unit = Unit(unit)
        self._formula = formula
        self.dataChanged.emit(
            self.index(0, Column.VALUE),
            self.index(len(ROW_LABELS) - 1, Column.DATE),
            [
                Qt.ItemDataRole.DisplayRole,
                Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.AccessibleTextRole,
            ],
        )
        # The e1RM tooltip names the formula, which lives in the first column's tooltip too.
        self.dataChanged.emit(
            self.index(0, Column.RECORD),
            self.index(0, Column.RECORD),
            [Qt.ItemDataRole.ToolTipRole],
        )

    def record_at(self, row: int) -> Record | None:
        if self._records is None:
            return None
        if row == 0:
            return self._records.best_e1rm
        if row == 1:
            return self._records.heaviest
        if row == 2:
            return self._records.best_set_volume
        return self._records.by_reps.get(row - len(SUMMARY_ROWS) + 1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(ROW_LABELS)

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
        if not index.isValid() or not 0 <= index.row() < len(ROW_LABELS):
            return None
        row, column = index.row(), Column(index.column())
        record = self.record_at(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column, record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, record)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(self._display(row, c, record) for c in Column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != Column.RECORD:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: int, column: Column, record: Record | None) -> str:
        if column == Column.RECORD:
            return ROW_LABELS[row]
        if record is None:
            return NO_VALUE
        if column == Column.VALUE:
            return format_weight(record.value_kg, self._unit)
        return format_day(record.day)

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
