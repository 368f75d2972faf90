"""Preferences ▸ Equipment driven from the keyboard: bars, plates with counts, dumbbells as a
range or a list, the warm-up ramp; bad numbers get a clear message and change nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from backtracker.domain.plates import Bar, PlateStack, WarmupStep
from backtracker.domain.units import Unit
from backtracker.services import equipment, preferences
from backtracker.storage.settings import get_setting
from backtracker.ui.equipment_page import PlateTableModel
from backtracker.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import show_active

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def dialog(qtbot, seeded, theme) -> SettingsDialog:
    widget = SettingsDialog(preferences.load())
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    return widget


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def keys(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClicks(focused(), char)
        qtbot.wait(40)


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)
    qtbot.wait(80)


def to_equipment_page(qtbot, dialog: SettingsDialog) -> None:
    press(qtbot, Qt.Key.Key_Tab, CTRL)  # Ctrl+Tab: the next page
    assert dialog.tabs.currentWidget() is dialog.equipment_page
    qtbot.wait(100)


def save(qtbot, dialog: SettingsDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)


def kg_editor(dialog: SettingsDialog):
    return dialog.equipment_page.editors[Unit.KG]


def type_in_cell(qtbot, editor, row: int, column: int, text: str) -> None:
    table = editor.plate_table
    table.setFocus()
    table.setCurrentIndex(editor.plates.index(row, column))
    qtbot.wait(50)
    keys(qtbot, text)
    press(qtbot, Qt.Key.Key_Return)


def test_plates_counts_bar_and_range_are_saved(dialog, qtbot):
    to_equipment_page(qtbot, dialog)
    editor = kg_editor(dialog)
    assert editor.plates.index(1, 0).data() == "20"
    type_in_cell(qtbot, editor, 1, 1, "2")  # only two 20s
    assert editor.plates.index(1, 2).data() == "1"  # one per side
    # A new plate from the keyboard: Ins in the table, its weight, Tab, its count.
    editor.plate_table.setFocus()
    press(qtbot, Qt.Key.Key_Insert)
    keys(qtbot, "0.5")
    press(qtbot, Qt.Key.Key_Return)
    row = editor.plates.rowCount() - 1
    type_in_cell(qtbot, editor, row, 1, "4")
    # The EZ bar weighs 8 kg here.
    spin = editor.bar_spins[Bar.EZ]
    spin.setFocus()
    spin.selectAll()
    keys(qtbot, "8")
    editor.as_range.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    span = ((editor.range_low, "2.5"), (editor.range_high, "40"), (editor.range_step, "2.5"))
    for spin, text in span:
        spin.setFocus()
        spin.selectAll()
        keys(qtbot, text)
    save(qtbot, dialog)
    assert not dialog.isVisible()
    owned = equipment.load()
    assert PlateStack(20, 2) in owned.kg.plates
    assert PlateStack(0.5, 4) in owned.kg.plates
    assert owned.kg.bar_weight(Bar.EZ) == 8
    assert owned.kg.dumbbell_range == (2.5, 40, 2.5)
    assert len(owned.kg.dumbbells()) == 16


def test_a_bad_plate_value_is_refused_with_a_message(dialog, qtbot):
    to_equipment_page(qtbot, dialog)
    editor = kg_editor(dialog)
    type_in_cell(qtbot, editor, 0, 0, "heavy")
    assert editor.plates.index(0, 0).data() == "25"
    assert "A plate weighs more than 0" in dialog.equipment_page.error.text()
    assert dialog.equipment_page.error.isVisible()
    type_in_cell(qtbot, editor, 0, 1, "2.5")
    assert editor.plates.index(0, 1).data() == "4"
    assert "0 to 40" in dialog.equipment_page.error.text()


def test_a_bad_dumbbell_list_or_ramp_changes_nothing(dialog, qtbot):
    to_equipment_page(qtbot, dialog)
    editor = kg_editor(dialog)
    editor.as_list.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert editor.dumbbell_pages.currentWidget() is editor.dumbbell_list
    editor.dumbbell_list.setFocus()
    editor.dumbbell_list.selectAll()
    keys(qtbot, "5, 7.5, ten")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "“ten” is not a weight" in dialog.error.text()
    assert focused() is editor.dumbbell_list
    assert get_setting(equipment.KEY) is None
    # Fixed, then a ramp that is no ramp.
    editor.dumbbell_list.selectAll()
    keys(qtbot, "5, 7.5, 10")
    ramp = dialog.equipment_page.ramp
    ramp.setFocus()
    ramp.selectAll()
    keys(qtbot, "bar x 10, lots")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "“lots” is not a warm-up step" in dialog.error.text()
    assert focused() is ramp
    assert get_setting(equipment.KEY) is None
    ramp.selectAll()
    keys(qtbot, "bar x 8, 50% x 5, 75% x 2")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    owned = equipment.load()
    assert owned.kg.dumbbell_list == (5, 7.5, 10) and owned.kg.dumbbell_range is None
    assert owned.ramp == (WarmupStep(None, 8), WarmupStep(50, 5), WarmupStep(75, 2))


def test_an_empty_plate_row_is_named(dialog, qtbot):
    to_equipment_page(qtbot, dialog)
    editor = kg_editor(dialog)
    editor.plate_table.setFocus()
    press(qtbot, Qt.Key.Key_Insert)
    press(qtbot, Qt.Key.Key_Escape)
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "Enter the weight of every plate" in dialog.error.text()
    assert get_setting(equipment.KEY) is None
    # Del removes it again.
    editor.plate_table.setFocus()
    editor.plate_table.setCurrentIndex(editor.plates.index(editor.plates.rowCount() - 1, 0))
    press(qtbot, Qt.Key.Key_Delete)
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert equipment.load().kg.plates == equipment.default_kit("kg").plates


def test_lb_on_the_general_page_takes_the_lb_plates_along(dialog, qtbot):
    dialog.lb.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    page = dialog.equipment_page
    assert page.unit is Unit.LB
    assert page.kits.currentWidget() is page.editors[Unit.LB]
    assert page.editors[Unit.LB].plates.headerData(0, Qt.Orientation.Horizontal) == "Plate (lb)"
    save(qtbot, dialog)
    assert equipment.load().unit is Unit.LB
    assert preferences.load().unit == "lb"


def test_the_plate_model_passes_the_model_tester(qtmodeltester):
    model = PlateTableModel(Unit.KG, (PlateStack(20, 4), PlateStack(2.5, 2)))
    qtmodeltester.check(model)
    model.add_plate()
    qtmodeltester.check(model)


def test_the_dialog_keeps_the_general_page_first(dialog):
    assert dialog.tabs.currentIndex() == 0
    assert isinstance(dialog.equipment_page.ramp, QLineEdit)
    assert dialog.equipment_page.ramp.text() == "bar × 10, 40% × 5, 60% × 3, 80% × 1"
