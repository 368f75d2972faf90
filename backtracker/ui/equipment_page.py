"""Preferences ▸ Equipment: the bars you have, the plates you own with counts, your
dumbbells (a list or a range with its step) and the warm-up ramp.

There is a kit in kg and one in lb; the unit buttons show either, and both are kept.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.errors import ValidationError
from backtracker.domain.plates import (
    MAX_KIT_WEIGHT,
    RAMP_EXAMPLE,
    Bar,
    PlateStack,
    format_ramp,
    parse_ramp,
)
from backtracker.domain.units import Unit, format_number
from backtracker.services import equipment
from backtracker.services.equipment import Equipment, Kit
from backtracker.ui.icons import icon
from backtracker.ui.theme import theme

Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()
FIELDS = ("unit", "bars", "plates", "dumbbells", "ramp")  # the problems this page answers


def _number(text: str) -> float | None:
    cleaned = text.strip().replace(",", ".", 1)
    try:
        return float(cleaned)
    except ValueError:
        return None


class PlateTableModel(QAbstractTableModel):
    """The plates owned: weight, how many in all, and how many go on each side."""

    problem = Signal(str)  # a typed value was refused: why
    HEADERS = ("Plate", "Owned", "Per side")

    def __init__(self, unit: Unit, plates: tuple[PlateStack, ...]) -> None:
        super().__init__()
        self.unit = unit
        self._rows: list[PlateStack] = list(plates)

    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.HEADERS):
            return None
        title = self.HEADERS[section]
        return f"{title} ({self.unit.value})" if section == 0 else title

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() < 2 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        plate = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == 0:
                return format_number(plate.weight, 2) if plate.weight else ""
            if index.column() == 1:
                return str(plate.count)
            return str(plate.per_side)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return "Half of those owned go on each side; an odd one stays on the rack."
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() > 1:
            return False
        row = index.row()
        plate = self._rows[row]
        number = _number(str(value))
        if index.column() == 0:
            limit = format_number(MAX_KIT_WEIGHT[self.unit], 0)
            if number is None or not 0 < number <= MAX_KIT_WEIGHT[self.unit]:
                self.problem.emit(
                    f"A plate weighs more than 0 and up to {limit} {self.unit.value}, e.g. 2.5."
                )
                return False
            self._rows[row] = replace(plate, weight=number)
        else:
            if number is None or not number.is_integer() or not 0 <= number <= 40:
                self.problem.emit("Count the plates you own of that weight: 0 to 40.")
                return False
            self._rows[row] = replace(plate, count=int(number))
        self.dataChanged.emit(self.index(row, 0), self.index(row, 2), [])
        return True

    def plates(self) -> tuple[PlateStack, ...]:
        """Heaviest first, as on a rack."""
        return tuple(sorted(self._rows, key=lambda p: -p.weight))

    def add_plate(self) -> int:
        row = len(self._rows)
        self.beginInsertRows(_NO_PARENT, row, row)
        self._rows.append(PlateStack(0.0, 2))
        self.endInsertRows()
        return row

    def remove_plate(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(_NO_PARENT, row, row)
            del self._rows[row]
            self.endRemoveRows()


class DecimalSpinBox(QDoubleSpinBox):
    """Reads 2.5 and 2,5 alike and writes 2.5, whatever the system language: numbers are
    written with a point everywhere in the app, and a German keyboard types a comma (Qt's
    own locale reading took "2.5" as 25 there, the point being a thousands separator)."""

    def __init__(self) -> None:
        super().__init__()
        locale = QLocale.c()
        locale.setNumberOptions(
            QLocale.NumberOption.OmitGroupSeparator | QLocale.NumberOption.RejectGroupSeparator
        )
        self.setLocale(locale)

    def validate(self, text: str, pos: int) -> object:
        return super().validate(text.replace(",", "."), pos)

    def valueFromText(self, text: str) -> float:
        return super().valueFromText(text.replace(",", "."))


def _weight_spin(unit: Unit, value: float, name: str) -> QDoubleSpinBox:
    spin = DecimalSpinBox()
    spin.setDecimals(2)
    spin.setRange(0, MAX_KIT_WEIGHT[unit])
    spin.setSingleStep(2.5 if unit is Unit.KG else 5)
    spin.setSuffix(f" {unit.value}")
    spin.setValue(value)
    spin.setAccessibleName(name)
    spin.setMinimumWidth(110)
    return spin


class KitEditor(QWidget):
    """The bars, plates and dumbbells of one unit."""

    problem = Signal(str)

    def __init__(self, kit: Kit) -> None:
        super().__init__()
        self.unit = kit.unit
        self._kit = kit
        unit = kit.unit

        self.bar_spins: dict[Bar, QDoubleSpinBox] = {}
        bars_box = QGroupBox("Bars you have")
        bars_grid = QGridLayout(bars_box)
        for number, bar in enumerate(Bar):
            spin = _weight_spin(unit, kit.bar_weight(bar), f"{bar.label} weight")
            self.bar_spins[bar] = spin
            label = QLabel(bar.label)
            label.setBuddy(spin)
            bars_grid.addWidget(label, number // 2, (number % 2) * 2)
            bars_grid.addWidget(spin, number // 2, (number % 2) * 2 + 1)

        self.plates = PlateTableModel(unit, kit.plates)
        self.plates.problem.connect(self.problem)
        self.plate_table = QTableView()
        self.plate_table.setModel(self.plates)
        self.plate_table.setAccessibleName(f"Plates you own, in {unit.value}")
        self.plate_table.verticalHeader().hide()
        self.plate_table.setTabKeyNavigation(False)
        self.plate_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.plate_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.plate_table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.plate_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.plate_table.setMinimumHeight(150)
        self.add_plate = QPushButton(icon("plus"), "Add plate")
        self.add_plate.setToolTip("Add a plate weight (Ins in the table)")
        self.add_plate.clicked.connect(self._add_plate)
        self.remove_plate = QPushButton(icon("trash"), "Remove plate")
        self.remove_plate.setToolTip("Remove the selected plate weight (Del in the table)")
        self.remove_plate.clicked.connect(self._remove_plate)
        for key, slot in (("Ins", self._add_plate), ("Del", self._remove_plate)):
            shortcut = QShortcut(QKeySequence(key), self.plate_table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        plates_box = QGroupBox("Plates you own (count both sides)")
        plates_layout = QVBoxLayout(plates_box)
        plates_layout.addWidget(self.plate_table)
        plate_buttons = QHBoxLayout()
        plate_buttons.addWidget(self.add_plate)
        plate_buttons.addWidget(self.remove_plate)
        plate_buttons.addStretch(1)
        plates_layout.addLayout(plate_buttons)

        self.as_range = QRadioButton("A &range")
        self.as_list = QRadioButton("A li&st")
        group = QButtonGroup(self)
        group.addButton(self.as_range)
        group.addButton(self.as_list)
        low, high, step = kit.dumbbell_range or (
            min(kit.dumbbell_list, default=2.5),
            max(kit.dumbbell_list, default=40.0),
            2.5 if unit is Unit.KG else 5.0,
        )
        self.range_low = _weight_spin(unit, low, "Lightest dumbbell")
        self.range_high = _weight_spin(unit, high, "Heaviest dumbbell")
        self.range_step = _weight_spin(unit, step, "Dumbbell step")
        range_row = QWidget()
        range_layout = QHBoxLayout(range_row)
        range_layout.setContentsMargins(0, 0, 0, 0)
        for text, spin in (
            ("from", self.range_low),
            ("to", self.range_high),
            ("in steps of", self.range_step),
        ):
            range_layout.addWidget(QLabel(text))
            range_layout.addWidget(spin)
        range_layout.addStretch(1)
        self.dumbbell_list = QLineEdit(", ".join(format_number(w, 2) for w in kit.dumbbell_list))
        self.dumbbell_list.setPlaceholderText("e.g. 5, 7.5, 10, 12.5, 15, 20")
        self.dumbbell_list.setCursorPosition(0)  # the lightest in view
        self.dumbbell_list.setAccessibleName(f"Dumbbells you own, in {unit.value}")
        self.dumbbell_pages = QStackedWidget()
        self.dumbbell_pages.addWidget(range_row)
        self.dumbbell_pages.addWidget(self.dumbbell_list)
        self.as_range.toggled.connect(
            lambda on: self.dumbbell_pages.setCurrentIndex(0 if on else 1)
        )
        (self.as_range if kit.dumbbell_range is not None else self.as_list).setChecked(True)
        self.dumbbell_pages.setCurrentIndex(0 if kit.dumbbell_range is not None else 1)
        dumbbell_box = QGroupBox("Dumbbells you own (one dumbbell's weight)")
        dumbbell_layout = QVBoxLayout(dumbbell_box)
        choice = QHBoxLayout()
        choice.addWidget(self.as_range)
        choice.addWidget(self.as_list)
        choice.addStretch(1)
        dumbbell_layout.addLayout(choice)
        dumbbell_layout.addWidget(self.dumbbell_pages)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bars_box)
        layout.addWidget(plates_box, 1)
        layout.addWidget(dumbbell_box)

    def _add_plate(self) -> None:
        row = self.plates.add_plate()
        index = self.plates.index(row, 0)
        self.plate_table.setCurrentIndex(index)
        self.plate_table.setFocus()
        self.plate_table.edit(index)

    def _remove_plate(self) -> None:
        index = self.plate_table.currentIndex()
        if index.isValid():
            self.plates.remove_plate(index.row())

    def kit(self) -> Kit:
        """What the editor holds, checked: ValidationError names what is wrong."""
        bars = tuple((bar, spin.value()) for bar, spin in self.bar_spins.items())
        plates = self.plates.plates()
        if any(p.weight <= 0 for p in plates):
            raise ValidationError(
                {"plates": "Enter the weight of every plate in the table, or remove the row."}
            )
        listed = equipment.parse_dumbbell_list(self.dumbbell_list.text(), self.unit)
        if self.as_range.isChecked():
            span = (self.range_low.value(), self.range_high.value(), self.range_step.value())
            kit = Kit(self.unit, bars, plates, span, listed)
        else:
            if not listed:
                raise ValidationError(
                    {"dumbbells": "List the dumbbells you own, e.g. 5, 7.5, 10, 12.5."}
                )
            kit = Kit(self.unit, bars, plates, None, listed)
        return equipment.validate_kit(kit)

    def focus_field(self, field: str) -> None:
        if field == "bars":
            self.bar_spins[Bar.OLYMPIC].setFocus()
        elif field == "plates":
            self.plate_table.setFocus()
        elif field == "dumbbells":
            (self.range_low if self.as_range.isChecked() else self.dumbbell_list).setFocus()


class EquipmentPage(QWidget):
    """The Equipment page of Preferences."""

    def __init__(self, owned: Equipment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._owned = owned
        self.kg = QRadioButton("&Kilograms")
        self.lb = QRadioButton("&Pounds")
        group = QButtonGroup(self)
        group.addButton(self.kg)
        group.addButton(self.lb)
        (self.lb if owned.unit is Unit.LB else self.kg).setChecked(True)
        self.unit_chosen = False  # the person picked it here: kg/lb on General leaves it
        self.kg.clicked.connect(lambda: setattr(self, "unit_chosen", True))
        self.lb.clicked.connect(lambda: setattr(self, "unit_chosen", True))
        unit_row = QHBoxLayout()
        unit_row.addWidget(QLabel("Your bars and plates are in"))
        unit_row.addWidget(self.kg)
        unit_row.addWidget(self.lb)
        unit_row.addStretch(1)

        self.editors = {Unit.KG: KitEditor(owned.kg), Unit.LB: KitEditor(owned.lb)}
        self.kits = QStackedWidget()
        for editor in self.editors.values():
            self.kits.addWidget(editor)
            editor.problem.connect(self.show_problem)
        self.lb.toggled.connect(lambda on: self.kits.setCurrentIndex(1 if on else 0))
        self.kits.setCurrentIndex(1 if owned.unit is Unit.LB else 0)

        self.ramp = QLineEdit(format_ramp(owned.ramp))
        self.ramp.setAccessibleName("Warm-up ramp")
        self.ramp.setPlaceholderText(RAMP_EXAMPLE)
        ramp_box = QGroupBox("Warm-up ramp (Ctrl+Shift+W in the Log)")
        ramp_form = QFormLayout(ramp_box)
        ramp_label = QLabel("&Warm-ups")
        ramp_label.setBuddy(self.ramp)
        ramp_form.addRow(ramp_label, self.ramp)
        hint = QLabel(
            "Shares of the first work set, each rounded to weights you can load, e.g. "
            f"{RAMP_EXAMPLE}."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {theme().colors.muted_text};")
        ramp_form.addRow("", hint)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem with the equipment")
        self.error.setStyleSheet(f"color: {theme().colors.error}; font-weight: 600;")
        self.error.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(unit_row)
        layout.addWidget(self.kits, 1)
        layout.addWidget(ramp_box)
        layout.addWidget(self.error)

    @property
    def unit(self) -> Unit:
        return Unit.LB if self.lb.isChecked() else Unit.KG

    def follow_unit(self, lb: bool) -> None:
        """kg/lb switched on the General page: the plates go along, unless chosen here."""
        if not self.unit_chosen:
            (self.lb if lb else self.kg).setChecked(True)

    def equipment(self) -> Equipment:
        """What the page holds, checked: ValidationError names the field that is wrong."""
        kits = {unit.value: editor.kit() for unit, editor in self.editors.items()}
        ramp = parse_ramp(self.ramp.text())
        return equipment.validate(Equipment(unit=self.unit, ramp=ramp, **kits))

    def show_problem(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def focus_field(self, field: str | None) -> None:
        if field == "ramp":
            self.ramp.setFocus()
        elif field == "unit":
            self.kg.setFocus()
        else:
            self.editors[self.unit].focus_field(field or "")
