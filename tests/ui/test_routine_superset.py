"""Supersets in the routine editor (issue 14, section 1): select adjacent exercises with the
mouse and Shift, Group as superset (button or Ctrl+G), Ungroup (Ctrl+Shift+G); the labels
A1/A2 show, Save stores the groups, and a workout started from the routine keeps them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backtracker.services import logbook
from backtracker.services.preferences import Preferences
from backtracker.storage import routines as store
from backtracker.storage import workouts
from backtracker.ui.log.routine_models import ItemColumn
from backtracker.ui.log.routines_dialog import RoutinesDialog, UnsavedChoice

BEGINNER = "Back — Beginner"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def dialog(qtbot, seeded, theme, monkeypatch) -> RoutinesDialog:
    store.seed_builtin_routines()
    monkeypatch.setattr(RoutinesDialog, "ask_save_changes", lambda *_: UnsavedChoice.DISCARD)
    widget = RoutinesDialog()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def click_item(qtbot, dialog: RoutinesDialog, row: int, modifier=Qt.KeyboardModifier.NoModifier):
    rect = dialog.table.visualRect(dialog.items.index(row, ItemColumn.EXERCISE))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    qtbot.wait(150)


def names(dialog: RoutinesDialog) -> list[str]:
    model = dialog.items
    return [model.index(r, ItemColumn.EXERCISE).data() for r in range(model.rowCount())]


def beginner_groups() -> list[int | None]:
    routine = next(r for r in store.list_routines() if r.name == BEGINNER)
    return [item.superset for item in routine.items]


def test_group_two_exercises_save_and_start_a_workout(dialog, qtbot):
    assert dialog.name.text() == BEGINNER
    assert not dialog.supersets.group_button.isEnabled()
    click_item(qtbot, dialog, 0)
    click_item(qtbot, dialog, 1, SHIFT)  # two adjacent exercises selected
    assert dialog.supersets.group_button.isEnabled()
    qtbot.mouseClick(dialog.supersets.group_button, Qt.MouseButton.LeftButton)
    qtbot.wait(150)
    assert names(dialog)[:3] == ["A1   Lat Pulldown", "A2   Dumbbell Row", "Face Pull"]
    assert dialog.has_unsaved_changes()
    assert beginner_groups() == [None] * 5  # nothing is written before Save
    # Face Pull and Renegade Row by keys: click, Shift+Down, Ctrl+G
    click_item(qtbot, dialog, 2)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down, SHIFT)
    qtbot.wait(150)
    qtbot.keyClick(dialog.table, Qt.Key.Key_G, CTRL)
    qtbot.wait(150)
    assert names(dialog)[2:4] == ["B1   Face Pull", "B2   Renegade Row"]
    qtbot.keyClick(dialog.table, Qt.Key.Key_S, CTRL)  # save
    qtbot.wait(150)
    assert beginner_groups() == [1, 1, 2, 2, None]

    routine = next(r for r in store.list_routines() if r.name == BEGINNER)
    workout_id = logbook.start_workout(Preferences(), routine_id=routine.id)
    exercises = workouts.get_workout(workout_id).exercises
    assert [e.superset for e in exercises] == [1, 1, 2, 2, None]


def test_ungroup_moves_and_bad_selections(dialog, qtbot):
    click_item(qtbot, dialog, 0)
    click_item(qtbot, dialog, 2, SHIFT)  # three exercises
    qtbot.keyClick(dialog.table, Qt.Key.Key_G, CTRL)
    qtbot.wait(150)
    assert dialog.items.groups() == [1, 1, 1, None, None]
    click_item(qtbot, dialog, 1)  # the middle one leaves: the others are no longer adjacent
    assert dialog.supersets.ungroup_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_G, CTRL | SHIFT)
    qtbot.wait(150)
    assert dialog.items.groups() == [None] * 5
    assert not dialog.supersets.ungroup_button.isEnabled()
    # One exercise alone cannot be a superset: the key says why and changes nothing.
    click_item(qtbot, dialog, 3)
    qtbot.keyClick(dialog.table, Qt.Key.Key_G, CTRL)
    qtbot.wait(150)
    assert dialog.error.isVisible() and "two or more" in dialog.error.text()
    assert dialog.items.groups() == [None] * 5
    # Group the last two, then move the first exercise down past them: it hops the group.
    click_item(qtbot, dialog, 3)
    click_item(qtbot, dialog, 4, SHIFT)
    qtbot.mouseClick(dialog.supersets.group_button, Qt.MouseButton.LeftButton)
    qtbot.wait(150)
    assert not dialog.error.isVisible()
    click_item(qtbot, dialog, 2)
    qtbot.mouseClick(dialog.item_down_button, Qt.MouseButton.LeftButton)
    qtbot.wait(150)
    assert names(dialog)[2:] == ["A1   Renegade Row", "A2   Superman", "Face Pull"]
    # Removing one of two dissolves the group.
    click_item(qtbot, dialog, 3)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.wait(150)
    assert dialog.items.groups() == [None] * 4
    assert "A1" not in " ".join(names(dialog))
