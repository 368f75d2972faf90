"""The Preferences dialog driven as a person would, and what lands in the database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QSpinBox

from backtracker.domain.errors import ValidationError
from backtracker.services import preferences
from backtracker.services.preferences import Preferences
from backtracker.ui.settings_dialog import SettingsDialog


def _when_open(fill: Callable[[SettingsDialog], None]) -> list[str]:
    """Run `fill(dialog)` once the modal dialog shows; a failed step still closes it."""
    errors: list[str] = []

    def find_and_fill() -> None:
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, SettingsDialog) and w.isVisible()
        ]
        if not dialogs:
            QTimer.singleShot(20, find_and_fill)
            return
        dialog = dialogs[0]
        try:
            fill(dialog)
        except Exception as error:  # reported by the test, after exec() returns
            errors.append(repr(error))
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, find_and_fill)
    return errors


def _type_into(qtbot, spin: QSpinBox, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)


def _click(qtbot, dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)


@pytest.fixture
def dialog(qtbot, seeded, theme) -> SettingsDialog:
    widget = SettingsDialog(preferences.load())
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_shows_the_stored_preferences(qtbot, seeded, theme):
    stored = Preferences(
        unit="lb", goal_minimum=3, goal_target=4, rest_heavy_s=120, rest_light_s=30
    )
    preferences.save(stored)
    widget = SettingsDialog(preferences.load())
    qtbot.addWidget(widget)
    assert widget.lb.isChecked() and not widget.kg.isChecked()
    assert (widget.goal_minimum.value(), widget.goal_target.value()) == (3, 4)
    assert widget.rest_heavy.text() == "120 s"
    assert widget.rest_light.text() == "30 s"
    assert widget.preferences() == stored


def test_fields_offer_the_guides_ranges_and_hints(dialog):
    assert (dialog.goal_minimum.minimum(), dialog.goal_minimum.maximum()) == (1, 14)
    assert (dialog.goal_target.minimum(), dialog.goal_target.maximum()) == (1, 14)
    for spin in (dialog.rest_heavy, dialog.rest_light):
        assert (spin.minimum(), spin.maximum(), spin.singleStep()) == (10, 600, 15)
        assert spin.suffix() == " s"
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.error)))
    assert "at least the minimum keeps your streak" in texts
    assert "60–90 s" in texts and "30–60 s" in texts
    assert [dialog.formula.itemData(i) for i in range(dialog.formula.count())] == [
        "epley",
        "brzycki",
    ]


def test_save_through_ask_stores_and_returns_the_new_preferences(qtbot, seeded, theme):
    def fill(dialog: SettingsDialog) -> None:
        qtbot.mouseClick(dialog.lb, Qt.MouseButton.LeftButton)
        _type_into(qtbot, dialog.goal_minimum, "3")
        _type_into(qtbot, dialog.goal_target, "5")
        qtbot.keyClick(dialog.rest_heavy, Qt.Key.Key_Up)  # 90 s + one step of 15
        _type_into(qtbot, dialog.rest_light, "60")
        dialog.formula.setCurrentIndex(dialog.formula.findData("brzycki"))
        _click(qtbot, dialog, QDialogButtonBox.StandardButton.Save)

    errors = _when_open(fill)
    result = SettingsDialog.ask(None, preferences.load())
    assert errors == []
    expected = Preferences(
        unit="lb",
        goal_minimum=3,
        goal_target=5,
        rest_heavy_s=105,
        rest_light_s=60,
        formula="brzycki",
    )
    assert result == expected
    assert preferences.load() == expected


def test_target_below_minimum_is_explained_and_nothing_is_saved(qtbot, seeded, theme):
    seen: dict[str, object] = {}

    def fill(dialog: SettingsDialog) -> None:
        _type_into(qtbot, dialog.goal_minimum, "4")
        _type_into(qtbot, dialog.goal_target, "3")
        qtbot.mouseClick(dialog.lb, Qt.MouseButton.LeftButton)
        _click(qtbot, dialog, QDialogButtonBox.StandardButton.Save)
        seen["visible"] = dialog.isVisible()
        seen["error_shown"] = dialog.error.isVisible()
        seen["message"] = dialog.error.text()
        seen["focus"] = dialog.focusWidget() is dialog.goal_target
        _click(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)

    errors = _when_open(fill)
    result = SettingsDialog.ask(None, preferences.load())
    assert errors == []
    assert result is None
    assert seen == {
        "visible": True,
        "error_shown": True,
        "message": "The weekly target must be at least the minimum, up to 14.",
        "focus": True,
    }
    assert preferences.load() == Preferences()


def test_fixing_the_problem_then_saving_works(qtbot, dialog):
    _type_into(qtbot, dialog.goal_minimum, "5")
    _type_into(qtbot, dialog.goal_target, "2")
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Save)
    assert dialog.error.isVisible()
    assert preferences.load() == Preferences()

    _type_into(qtbot, dialog.goal_target, "6")
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Save)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved() == preferences.load()
    assert (preferences.load().goal_minimum, preferences.load().goal_target) == (5, 6)


def test_spin_boxes_refuse_values_outside_their_range(qtbot, dialog):
    _type_into(qtbot, dialog.goal_minimum, "20")
    assert dialog.goal_minimum.value() <= 14
    dialog.rest_light.setValue(10)
    qtbot.keyClick(dialog.rest_light, Qt.Key.Key_Down)
    assert dialog.rest_light.value() == 10


def test_cancel_keeps_the_stored_preferences(qtbot, seeded, theme):
    def fill(dialog: SettingsDialog) -> None:
        qtbot.mouseClick(dialog.lb, Qt.MouseButton.LeftButton)
        _type_into(qtbot, dialog.goal_target, "7")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    errors = _when_open(fill)
    assert SettingsDialog.ask(None, preferences.load()) is None
    assert errors == []
    assert preferences.load() == Preferences()


def test_backups_to_keep_offers_zero_to_a_hundred_with_off(qtbot, dialog):
    spin = dialog.backups_to_keep
    assert (spin.minimum(), spin.maximum(), spin.value()) == (0, 100, 7)
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.error)))
    assert "Made each time BackTracker starts" in texts
    spin.setValue(1)
    qtbot.keyClick(spin, Qt.Key.Key_Down)
    assert (spin.value(), spin.text()) == (0, "Off")


def test_backups_to_keep_is_saved(qtbot, dialog):
    _type_into(qtbot, dialog.backups_to_keep, "3")
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Save)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert preferences.load().backups_to_keep == 3

    reopened = SettingsDialog(preferences.load())
    qtbot.addWidget(reopened)
    assert reopened.backups_to_keep.value() == 3


def test_backups_to_keep_out_of_range_is_refused_by_the_service(seeded):
    with pytest.raises(ValidationError, match="from 0 to 100"):
        preferences.save(Preferences(backups_to_keep=101))
    assert preferences.load() == Preferences()
    assert preferences.from_stored({"backups_to_keep": -1}) == Preferences()
    assert preferences.from_stored({"backups_to_keep": 0}).backups_to_keep == 0
