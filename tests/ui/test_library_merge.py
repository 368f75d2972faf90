"""The Library's "these are the same" (issue 13, point 5): merge an exercise into another from
the Edit menu or the list's context menu, and Ctrl+Z restores every row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QMenu

from backtracker.services import importers
from backtracker.storage.models import ALL_MODELS, Exercise, RoutineItem, SetEntry, WorkoutExercise
from backtracker.ui.widgets.exercise_picker import ExercisePicker
from tests.services.test_importers_files import STRONG_IOS_HEADER, write
from tests.ui.conftest import show_active
from tests.ui.test_routines_dialog import when_open

MERGE = "&Merge Into Another Exercise…"


def dump() -> dict[str, list[tuple]]:
    return {
        model.__name__: sorted(model.select().tuples(), key=repr)
        for model in ALL_MODELS
        if model.__name__ != "Setting"
    }


def _import(tmp_path) -> None:
    rows = [
        "2024-02-01 18:00:00,Pull,50m,Seated Cable Row (Cable),1,60,10,0,0,,,",
        "2024-02-01 18:00:00,Pull,50m,Seated Row Wide,1,62.5,10,0,0,,,",
        "2024-02-05 18:00:00,Pull,50m,Seated Row Wide,1,65,8,0,0,,,",
    ]
    importers.import_file(write(tmp_path / "s.csv", [STRONG_IOS_HEADER, *rows]), unit="kg")


def _sets_of(name: str) -> list[float]:
    exercise = Exercise.get_or_none(Exercise.name == name)
    if exercise is None:
        return []
    return sorted(
        s.weight_kg
        for s in SetEntry.select()
        .join(WorkoutExercise)
        .where(WorkoutExercise.exercise == exercise.id)
    )


def _edit_menu_action(window, text: str) -> QAction:
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if action.text() == text:
                return action
    raise AssertionError(f"no menu action {text!r}")


def _pick(name: str, qtbot):
    def act(picker: ExercisePicker) -> None:
        assert picker.windowTitle() == "“Seated Row Wide” is the same as…"
        names = [picker.proxy.index(r, 0).data() for r in range(picker.proxy.rowCount())]
        assert "Seated Row Wide" not in names  # not into itself
        qtbot.keyClicks(picker.search, name)
        qtbot.wait(100)
        assert picker.list.currentIndex().data() == name
        ok = picker.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.text() == "Merge"
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    return when_open(ExercisePicker, act)


def test_merge_from_the_edit_menu_and_undo_with_ctrl_z(window, qtbot, tmp_path):
    _import(tmp_path)
    window.events.exercises_changed.emit()
    tab = window.library
    tab.select_exercise(Exercise.get(Exercise.name == "Seated Row Wide").id)
    qtbot.wait(300)
    before = dump()

    errors = _pick("Seated Cable Row", qtbot)
    _edit_menu_action(window, MERGE).trigger()
    qtbot.wait(300)

    assert errors == []
    assert _sets_of("Seated Cable Row") == [60.0, 62.5, 65.0]
    assert Exercise.get_or_none(Exercise.name == "Seated Row Wide") is None
    assert tab.current_exercise().name == "Seated Cable Row"
    assert "Merged “Seated Row Wide” into “Seated Cable Row”" in window.statusBar().currentMessage()

    show_active(qtbot, window)  # back in the main window once the picker has closed
    assert tab.list.hasFocus()  # not the search field, whose own undo would take Ctrl+Z
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)
    assert dump() == before
    assert tab.model.row_of(Exercise.get(Exercise.name == "Seated Row Wide").id) is not None

    window.redo_action.trigger()  # and again
    assert _sets_of("Seated Cable Row") == [60.0, 62.5, 65.0]
    window.undo_action.trigger()
    assert dump() == before


def test_the_context_menu_offers_the_merge_and_cancel_changes_nothing(window, qtbot, tmp_path):
    _import(tmp_path)
    window.events.exercises_changed.emit()
    tab = window.library
    tab.select_exercise(Exercise.get(Exercise.name == "Seated Row Wide").id)
    qtbot.wait(300)
    menu = tab.context_menu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["&Edit…", "&Archive", MERGE]
    merge = next(a for a in menu.actions() if a.text() == MERGE)
    assert merge.isEnabled()
    before = dump()

    errors = when_open(ExercisePicker, lambda picker: qtbot.keyClick(picker, Qt.Key.Key_Escape))
    merge.trigger()
    qtbot.wait(300)
    menu.deleteLater()

    assert errors == []
    assert dump() == before
    assert not window.undo_stack.canUndo() or "Merge" not in window.undo_stack.undoText()


def test_a_routine_entry_follows_the_merge(window, qtbot, tmp_path):
    _import(tmp_path)
    other = Exercise.get(Exercise.name == "Seated Row Wide").id
    routine = RoutineItem.select().first().routine
    RoutineItem.create(routine=routine, exercise=other, position=99, sets=3)
    window.events.exercises_changed.emit()
    tab = window.library
    tab.select_exercise(other)
    qtbot.wait(300)

    errors = _pick("Seated Cable Row", qtbot)
    tab.merge_current()
    qtbot.wait(300)

    assert errors == []
    keep = Exercise.get(Exercise.name == "Seated Cable Row").id
    assert RoutineItem.get(RoutineItem.position == 99).exercise_id == keep
    window.undo_action.trigger()
    assert RoutineItem.get(RoutineItem.position == 99).exercise_id == other
