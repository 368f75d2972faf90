"""Preferences ▸ the back coach's band (issue 15 §1): the weekly hard sets per back region
that count as enough, typed by keyboard, stored, and refused when the ends are swapped."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from backtracker.services import preferences
from backtracker.ui.settings_dialog import SettingsDialog


def _open(qtbot) -> SettingsDialog:
    dialog = SettingsDialog(preferences.load())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _type(qtbot, spin, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    for char in text:
        qtbot.keyClick(spin, char)
        qtbot.wait(40)
    qtbot.wait(100)


def _save(qtbot, dialog: SettingsDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.wait(150)


def test_the_band_is_shown_typed_and_stored(qtbot, seeded, theme):
    dialog = _open(qtbot)
    assert (dialog.band_low.value(), dialog.band_high.value()) == (10, 20)
    _type(qtbot, dialog.band_low, "12")
    _type(qtbot, dialog.band_high, "16")
    _save(qtbot, dialog)
    stored = preferences.load()
    assert (stored.coach_band_low, stored.coach_band_high) == (12, 16)


def test_a_band_whose_ends_are_swapped_is_refused_and_nothing_changes(qtbot, seeded, theme):
    dialog = _open(qtbot)
    _type(qtbot, dialog.band_low, "18")
    _type(qtbot, dialog.band_high, "12")
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert "at least the lower end" in dialog.error.text()
    assert dialog.band_high.hasFocus()
    stored = preferences.load()
    assert (stored.coach_band_low, stored.coach_band_high) == (10, 20)
