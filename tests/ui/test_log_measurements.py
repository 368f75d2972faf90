"""The Log's Measurements panel, typed as a person would: pick, Tab, value, Enter."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from backtracker.domain import clock
from backtracker.services import preferences
from backtracker.storage.models import BodyMetric
from backtracker.ui.settings_dialog import SettingsDialog

HUMAN = 60  # ms between keys
PAUSE = 300  # ms between actions


def rows() -> dict[tuple[dt.date, str], float]:
    return {(r.measured_on, r.metric): round(r.value, 2) for r in BodyMetric.select()}


@pytest.fixture
def panel(window, qtbot):
    window.tabs.setCurrentWidget(window.log_page)
    qtbot.wait(PAUSE)
    return window.log.measurements


def use_inches(window) -> None:
    prefs = preferences.save(replace(window.log_context.prefs, length_unit="in"))
    window.log_context.prefs = prefs
    window.events.preferences_changed.emit()


def test_a_waist_typed_in_inches_is_stored_in_cm(window, panel, qtbot):
    use_inches(window)
    assert panel.value.placeholderText() == "33 in"
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # the heading's buddy
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.metric_combo)
    qtbot.wait(PAUSE)
    qtbot.keyClicks(panel.metric_combo, "c", delay=HUMAN)  # Chest
    assert panel.current_metric() == "chest"
    qtbot.keyClick(panel.metric_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.value
    qtbot.keyClicks(panel.value, "40", delay=HUMAN)
    qtbot.wait(PAUSE)
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    today = clock.today()
    assert rows() == {(today, "chest"): 101.6}
    assert panel.value.text() == "" and not panel.error.isVisible()

    qtbot.keyClick(panel.value, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is panel.metric_combo
    qtbot.keyClicks(panel.metric_combo, "w", delay=HUMAN)  # Waist
    qtbot.keyClick(panel.metric_combo, Qt.Key.Key_Tab)
    qtbot.keyClicks(panel.value, "32.5", delay=HUMAN)
    qtbot.wait(PAUSE)
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    assert rows() == {(today, "chest"): 101.6, (today, "waist"): 82.55}
    shown = [panel.model.index(r).data() for r in range(panel.model.rowCount())]
    assert shown == ["Waist 32.5 in · Wed 18 Mar", "Chest 40 in · Wed 18 Mar"]
    assert "Waist 32.5 in recorded for Wed 18 Mar" in window.statusBar().currentMessage()

    # A second waist that day replaces the first; Ctrl+Z puts the first back.
    qtbot.keyClicks(panel.value, "32", delay=HUMAN)
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    assert rows()[(today, "waist")] == 81.28
    assert "(was 32.5 in)" in window.statusBar().currentMessage()
    qtbot.wait(PAUSE)
    # Ctrl+Z right where the person typed undoes the save (not the field's own text edit).
    assert QApplication.focusWidget() is panel.value
    qtbot.keyClick(panel.value, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows()[(today, "waist")] == 82.55
    assert panel.value.text() == ""
    qtbot.keyClick(panel.value, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows() == {(today, "chest"): 101.6}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("thirty", "“thirty” is not a number: enter the waist in inches, e.g. 33."),
        ("120", "A waist of 120 in is outside 16 to 98 in; check the number and the unit"),
        ("", "Enter the waist in inches, e.g. 33."),
    ],
)
def test_a_bad_value_says_why_and_stores_nothing(window, panel, qtbot, text, message):
    use_inches(window)
    panel.value.setFocus()
    qtbot.keyClicks(panel.value, text, delay=HUMAN)
    qtbot.wait(PAUSE)
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    assert panel.error.isVisible()
    assert message in panel.error.text()
    assert BodyMetric.select().count() == 0
    assert panel.model.rowCount() == 0
    assert panel.value.text() == text  # kept, selected, to correct


def test_delete_key_removes_the_entry_and_undo_brings_it_back(window, panel, qtbot):
    panel.value.setFocus()
    qtbot.keyClicks(panel.value, "84", delay=HUMAN)
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    assert rows() == {(clock.today(), "waist"): 84.0}
    qtbot.mouseClick(
        panel.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.list.visualRect(panel.model.index(0)).center(),
    )
    qtbot.wait(PAUSE)
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert rows() == {}
    assert panel.model.rowCount() == 0
    assert window.status_undo.isVisible()
    qtbot.mouseClick(window.status_undo, Qt.MouseButton.LeftButton)
    assert rows() == {(clock.today(), "waist"): 84.0}
    assert panel.model.index(0).data() == "Waist 84 cm · Wed 18 Mar"


def test_preferences_choose_the_length_unit(profile, qtbot, theme):
    dialog = SettingsDialog(preferences.load())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.length_unit.currentData() == "cm"
    dialog.length_unit.setFocus()
    qtbot.keyClicks(dialog.length_unit, "i", delay=HUMAN)
    assert dialog.length_unit.currentData() == "in"
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert preferences.load().length_unit == "in"


def test_file_menu_exports_the_body_log(window, panel, qtbot, monkeypatch, tmp_path):
    from backtracker.ui.data import dialogs as data_dialogs

    panel.value.setFocus()
    qtbot.keyClicks(panel.value, "84", delay=HUMAN)
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    target = tmp_path / "body.csv"
    monkeypatch.setattr(data_dialogs, "choose_body_export_file", lambda parent: target)
    file_menu = window.menuBar().actions()[0].menu()
    action = next(
        a for a in file_menu.actions() if a.text().replace("&", "") == "Export Body Measurements…"
    )
    action.trigger()
    qtbot.waitUntil(lambda: "Exported 1 body entry" in window.statusBar().currentMessage())
    assert target.read_text(encoding="utf-8").splitlines() == [
        "date,metric,value,unit,notes",
        "2026-03-18,waist,84,cm,",
    ]


def test_import_summary_counts_body_measurements(qtbot, theme):
    from backtracker.services.importers import ImportResult
    from backtracker.ui.data.dialogs import ImportSummaryDialog
    from backtracker.ui.data.texts import import_summary_line

    result = ImportResult(
        workouts_added=0,
        workouts_skipped=0,
        sets_added=0,
        bodyweights_added=0,
        exercises_created=[],
        mapping={},
        batch_id=1,
        measurements_added=11,
    )
    dialog = ImportSummaryDialog(result)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Imported 11 body entries." in texts  # not "Nothing new"
    assert any("11 body measurements added." in text for text in texts)
    assert "11 body measurements" in import_summary_line(result)


def test_a_past_date_typed_then_enter_saves_on_that_day(window, panel, qtbot):
    panel.value.setFocus()
    qtbot.keyClicks(panel.value, "84", delay=HUMAN)
    qtbot.keyClick(panel.value, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.day
    qtbot.keyClick(panel.day, Qt.Key.Key_Down)  # the section under the cursor goes back one
    qtbot.wait(PAUSE)
    day = panel.day.date().toPython()
    assert day < clock.today()
    qtbot.keyClick(panel.day, Qt.Key.Key_Return)
    assert rows() == {(day, "waist"): 84.0}
