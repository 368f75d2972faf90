"""Saving Preferences keeps what the form has no field for (the back coach's band, set
elsewhere): the dialog built a fresh Preferences and reset them to their defaults."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from backtracker.services import preferences
from backtracker.ui.settings_dialog import SettingsDialog


def test_saving_the_form_keeps_the_coach_band(qtbot, seeded, theme):
    preferences.save(dataclasses.replace(preferences.load(), coach_band_low=12, coach_band_high=18))
    dialog = SettingsDialog(preferences.load())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.goal_target.setFocus()
    dialog.goal_target.selectAll()
    qtbot.keyClicks(dialog.goal_target, "4")
    qtbot.wait(100)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    stored = preferences.load()
    assert stored.goal_target == 4
    assert (stored.coach_band_low, stored.coach_band_high) == (12, 18)
