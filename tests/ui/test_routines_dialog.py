"""Manage routines driven as a person would: typing, clicking, keys, and what gets stored."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QSpinBox

from backtracker.domain.routines import Routine
from backtracker.storage import routines as store
from backtracker.storage.models import Exercise
from backtracker.ui import dialogs
from backtracker.ui.log.routine_models import (
    ItemColumn,
    RoutineItemsModel,
    RoutineListModel,
    RoutineRole,
)
from backtracker.ui.log.routines_dialog import RoutinesDialog, UnsavedChoice
from backtracker.ui.widgets.exercise_picker import ExercisePicker

BEGINNER = "Back — Beginner"
ADVANCED = "Back — Advanced"


def names_in_db() -> list[str]:
    return [r.name for r in store.list_routines()]


def exercise_id(catalogue_key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == catalogue_key).id


class Answers:
    """Stands in for the "save your changes?" question; records who was asked about."""

    def __init__(self) -> None:
        self.choice = UnsavedChoice.DISCARD
        self.asked: list[str] = []

    def ask(self, name: str) -> UnsavedChoice:
        self.asked.append(name)
        return self.choice


@pytest.fixture
def answers(monkeypatch) -> Answers:
    recorder = Answers()
    monkeypatch.setattr(
        RoutinesDialog, "ask_save_changes", lambda _dialog, name: recorder.ask(name)
    )
    return recorder


@pytest.fixture
def builtins(seeded):
    store.seed_builtin_routines()
    return seeded


@pytest.fixture
def dialog(qtbot, builtins, theme, answers) -> RoutinesDialog:
    widget = RoutinesDialog()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_routine(qtbot, dialog: RoutinesDialog, name: str) -> None:
    model = dialog.routines
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)
    rect = dialog.list.visualRect(model.index(row, 0))
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def table_rows(dialog: RoutinesDialog) -> list[tuple[str, ...]]:
    model = dialog.items
    return [
        tuple(model.index(r, c).data() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def edit_cell(qtbot, dialog: RoutinesDialog, row: int, column: ItemColumn, text: str) -> None:
    """Select a cell, press F2, type over the number and press Enter, as a person would."""
    index = dialog.items.index(row, column)
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(index)
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QSpinBox), editor
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The view closes the editor from the event loop, as it would between key presses.
    qtbot.waitUntil(lambda: dialog.table.state() != QAbstractItemView.State.EditingState)


def press_ctrl_s(qtbot, dialog: RoutinesDialog) -> None:
    # Shortcuts only reach the active window; a closed picker may have left none active.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(
        dialog.focusWidget() or dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    )


def save_message(qtbot, dialog: RoutinesDialog) -> str:
    click(qtbot, dialog.save_button)
    assert dialog.error.isVisible()
    return dialog.error.text()


def when_open(widget_type: type, act: Callable[[QDialog], None]) -> list[str]:
    """Run `act(dialog)` once a modal `widget_type` shows; a failed step still closes it."""
    errors: list[str] = []

    def find_and_act() -> None:
        found = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, widget_type) and w.isVisible()
        ]
        if not found:
            QTimer.singleShot(20, find_and_act)
            return
        try:
            act(found[0])
        except Exception as error:  # reported by the test once exec() has returned
            errors.append(repr(error))
        finally:
            if found[0].isVisible():  # never leave exec() waiting
                found[0].done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(0, find_and_act)
    return errors


# -- the models -------------------------------------------------------------------------------


def test_routine_list_model_passes_qtmodeltester(qtmodeltester, builtins, theme):
    model = RoutineListModel()
    model.set_routines(store.list_routines())
    qtmodeltester.check(model, force_py=True)  # and keeps watching the changes below
    model.append_draft(Routine(None, ""))
    model.rename_draft("Home")
    assert [model.index(r, 0).data() for r in range(3)] == [BEGINNER, ADVANCED, "Home (not saved)"]
    assert model.index(2, 0).data(RoutineRole.IS_DRAFT) is True
    assert model.index(0, 0).data(RoutineRole.ROUTINE_ID) == store.list_routines()[0].id
    model.remove_draft()
    assert model.rowCount() == 2


def test_items_model_passes_qtmodeltester_and_checks_what_is_typed(qtmodeltester, builtins, theme):
    model = RoutineItemsModel()
    model.set_items(store.list_routines()[0].items)
    qtmodeltester.check(model, force_py=True)  # and keeps watching the changes below

    sets, rep_min, hold = (model.index(0, c) for c in (1, 2, 4))
    assert (
        model.setData(sets, 4) and sets.data() == "4" and sets.data(Qt.ItemDataRole.EditRole) == 4
    )
    for bad in (0, 11, None, "", "many"):
        assert not model.setData(sets, bad)
    assert sets.data() == "4"
    assert not model.setData(rep_min, 101)
    assert model.setData(hold, "45") and hold.data() == "45"
    assert model.setData(hold, "") and hold.data() == "–"
    assert not model.setData(model.index(0, ItemColumn.EXERCISE), "Other")
    assert not model.flags(model.index(0, ItemColumn.EXERCISE)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(sets) & Qt.ItemFlag.ItemIsEditable

    assert model.move(0, 1) == 1
    assert model.move(1, -1) == 0
    assert model.move(0, 1) == 1
    assert model.move(4, 1) == 4  # already last
    assert model.index(1, 1).data() == "4"
    model.remove(1)
    assert model.rowCount() == 4


# -- showing and editing ------------------------------------------------------------------------


def test_opens_on_the_first_routine_with_its_exercises(dialog):
    assert [dialog.routines.index(r, 0).data() for r in range(2)] == [BEGINNER, ADVANCED]
    assert dialog.name.text() == BEGINNER
    assert "2–3 sets of 8–12 reps" in dialog.description.toPlainText()
    rows = table_rows(dialog)
    assert rows[0] == ("Lat Pulldown", "3", "8", "12", "–")
    assert rows[-1] == ("Superman", "2", "–", "–", "20")
    assert not dialog.save_button.isEnabled() and not dialog.revert_button.isEnabled()
    assert not dialog.up_button.isEnabled() and dialog.down_button.isEnabled()


def test_edit_name_numbers_and_order_then_save(qtbot, dialog):
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Back at the gym")
    edit_cell(qtbot, dialog, 0, ItemColumn.SETS, "4")
    edit_cell(qtbot, dialog, 0, ItemColumn.REP_MIN, "6")
    edit_cell(qtbot, dialog, 0, ItemColumn.REP_MAX, "10")
    assert dialog.save_button.isEnabled() and dialog.unsaved_label.isVisible()

    dialog.table.setCurrentIndex(dialog.items.index(4, ItemColumn.SETS))  # Superman
    click(qtbot, dialog.item_up_button)
    assert table_rows(dialog)[3][0] == "Superman"
    assert dialog.table.currentIndex().row() == 3

    press_ctrl_s(qtbot, dialog)
    assert not dialog.error.isVisible()
    saved = store.list_routines()[0]
    assert saved.name == "Back at the gym"
    assert [i.exercise_name for i in saved.items] == [
        "Lat Pulldown",
        "Dumbbell Row",
        "Face Pull",
        "Superman",
        "Renegade Row",
    ]
    assert (saved.items[0].sets, saved.items[0].rep_min, saved.items[0].rep_max) == (4, 6, 10)
    assert saved.items[3].duration_s == 20 and saved.items[3].rep_min is None
    assert dialog.changed()
    assert not dialog.save_button.isEnabled()
    assert dialog.routines.index(0, 0).data() == "Back at the gym"


def test_delete_key_removes_the_selected_exercise(qtbot, dialog):
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.items.index(1, ItemColumn.EXERCISE))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert [row[0] for row in table_rows(dialog)] == [
        "Lat Pulldown",
        "Face Pull",
        "Renegade Row",
        "Superman",
    ]
    assert dialog.table.currentIndex().row() == 1  # the next one, ready for another Delete
    assert len(store.list_routines()[0].items) == 5  # not saved yet

    click(qtbot, dialog.revert_button)
    assert len(table_rows(dialog)) == 5
    assert not dialog.save_button.isEnabled()


def test_clearing_a_number_means_none(qtbot, dialog):
    edit_cell(qtbot, dialog, 4, ItemColumn.HOLD, "0")  # the spin box's "–"
    assert table_rows(dialog)[4][4] == "–"
    edit_cell(qtbot, dialog, 4, ItemColumn.HOLD, "45")
    click(qtbot, dialog.save_button)
    assert store.list_routines()[0].items[4].duration_s == 45


# -- bad input ----------------------------------------------------------------------------------


def test_empty_name_is_explained_and_nothing_is_written(qtbot, dialog):
    before = store.list_routines()
    dialog.name.clear()
    edit_cell(qtbot, dialog, 0, ItemColumn.SETS, "5")
    assert save_message(qtbot, dialog) == "Give the routine a name."
    assert dialog.focusWidget() is dialog.name
    assert store.list_routines() == before
    assert dialog.save_button.isEnabled()  # the edits are still there to fix


def test_duplicate_name_is_explained_and_nothing_is_written(qtbot, dialog):
    before = store.list_routines()
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "back ")
    dialog.name.insert("—")  # QTest cannot type characters beyond Latin-1
    qtbot.keyClicks(dialog.name, "  ADVANCED ")
    assert "already exists" in save_message(qtbot, dialog)
    assert store.list_routines() == before


def test_routine_without_exercises_is_refused(qtbot, dialog):
    before = store.list_routines()
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.items.index(0, ItemColumn.EXERCISE))
    for _ in range(5):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert dialog.items.rowCount() == 0
    assert not dialog.remove_button.isEnabled()
    assert save_message(qtbot, dialog) == "Add at least one exercise to the routine."
    assert dialog.focusWidget() is dialog.table
    assert store.list_routines() == before


def test_backwards_rep_range_is_refused(qtbot, dialog):
    before = store.list_routines()
    edit_cell(qtbot, dialog, 1, ItemColumn.REP_MIN, "15")
    message = save_message(qtbot, dialog)
    assert "rep range for Dumbbell Row" in message
    assert store.list_routines() == before


# -- new, duplicate, delete, order ------------------------------------------------------------


def test_new_routine_with_an_exercise_from_the_picker(qtbot, dialog):
    click(qtbot, dialog.new_button)
    assert dialog.focusWidget() is dialog.name
    assert dialog.routines.index(2, 0).data() == "New routine (not saved)"
    qtbot.keyClicks(dialog.name, "Home back")
    assert dialog.routines.index(2, 0).data() == "Home back (not saved)"
    assert "At least one" not in dialog.error.text()

    def pick(picker: QDialog) -> None:
        assert isinstance(picker, ExercisePicker)
        qtbot.keyClicks(picker.search, "superman")
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)

    errors = when_open(ExercisePicker, pick)
    click(qtbot, dialog.add_button)
    assert errors == []

    def pick_row(picker: QDialog) -> None:
        assert isinstance(picker, ExercisePicker)
        qtbot.keyClicks(picker.search, "dumbbell row")
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)

    errors = when_open(ExercisePicker, pick_row)
    click(qtbot, dialog.add_button)
    assert errors == []
    assert table_rows(dialog) == [
        ("Superman", "2", "–", "–", "30"),
        ("Dumbbell Row", "3", "8", "12", "–"),
    ]

    press_ctrl_s(qtbot, dialog)
    assert names_in_db() == [BEGINNER, ADVANCED, "Home back"]
    created = store.list_routines()[-1]
    assert [(i.exercise_id, i.sets, i.rep_min, i.rep_max, i.duration_s) for i in created.items] == [
        (exercise_id("superman"), 2, None, None, 30),
        (exercise_id("dumbbell-row"), 3, 8, 12, None),
    ]
    assert dialog.routines.index(2, 0).data() == "Home back"
    assert dialog.list.currentIndex().row() == 2


def test_cancelled_picker_adds_nothing(qtbot, dialog):
    errors = when_open(ExercisePicker, lambda picker: qtbot.keyClick(picker, Qt.Key.Key_Escape))
    click(qtbot, dialog.add_button)
    assert errors == []
    assert dialog.items.rowCount() == 5
    assert not dialog.save_button.isEnabled()


def test_new_routine_discarded_when_moving_away(qtbot, dialog, answers):
    click(qtbot, dialog.new_button)
    qtbot.keyClicks(dialog.name, "Never mind")
    click_routine(qtbot, dialog, ADVANCED)
    qtbot.waitUntil(lambda: dialog.name.text() == ADVANCED)
    assert answers.asked == ["Never mind"]
    assert dialog.routines.rowCount() == 2
    assert names_in_db() == [BEGINNER, ADVANCED]


def test_duplicate_saves_a_copy_ready_to_rename(qtbot, dialog):
    click(qtbot, dialog.duplicate_button)
    assert names_in_db() == [BEGINNER, ADVANCED, f"{BEGINNER} (copy)"]
    copy, original = store.list_routines()[2], store.list_routines()[0]
    assert copy.builtin_key is None
    assert [(i.exercise_id, i.sets) for i in copy.items] == [
        (i.exercise_id, i.sets) for i in original.items
    ]
    assert dialog.name.text() == f"{BEGINNER} (copy)"
    assert dialog.name.hasSelectedText() and dialog.focusWidget() is dialog.name
    click_routine(qtbot, dialog, BEGINNER)
    click(qtbot, dialog.duplicate_button)
    assert names_in_db()[-1] == f"{BEGINNER} (copy 2)"


def test_delete_asks_first(qtbot, dialog, monkeypatch):
    questions: list[str] = []
    answer = False

    def confirm(_parent, _title, text, action):
        questions.append(f"{text} [{action}]")
        return answer

    monkeypatch.setattr(dialogs, "confirm", confirm)
    click(qtbot, dialog.delete_button)
    assert names_in_db() == [BEGINNER, ADVANCED]
    assert BEGINNER in questions[0] and "keep their sets" in questions[0]

    answer = True
    click(qtbot, dialog.delete_button)
    assert names_in_db() == [ADVANCED]
    assert dialog.name.text() == ADVANCED
    assert dialog.changed()


def test_move_routines_up_and_down(qtbot, dialog):
    click(qtbot, dialog.down_button)
    assert names_in_db() == [ADVANCED, BEGINNER]
    assert dialog.list.currentIndex().data() == BEGINNER
    assert dialog.name.text() == BEGINNER
    assert not dialog.down_button.isEnabled() and dialog.up_button.isEnabled()
    click(qtbot, dialog.up_button)
    assert names_in_db() == [BEGINNER, ADVANCED]


def test_moving_keeps_unsaved_edits_in_the_editor(qtbot, dialog, answers):
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Renamed")
    click(qtbot, dialog.down_button)
    assert names_in_db() == [ADVANCED, BEGINNER]
    assert dialog.name.text() == "Renamed" and dialog.save_button.isEnabled()
    assert answers.asked == []


# -- unsaved changes when switching or closing --------------------------------------------------


def test_switching_with_unsaved_changes_can_stay(qtbot, dialog, answers):
    answers.choice = UnsavedChoice.CANCEL
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Half-typed")
    click_routine(qtbot, dialog, ADVANCED)
    qtbot.waitUntil(lambda: answers.asked == ["Half-typed"])
    qtbot.waitUntil(lambda: dialog.list.currentIndex().row() == 0)
    assert dialog.list.selectionModel().selectedRows() == [dialog.routines.index(0, 0)]
    assert dialog.name.text() == "Half-typed"
    assert names_in_db() == [BEGINNER, ADVANCED]


def test_switching_with_unsaved_changes_can_discard(qtbot, dialog, answers):
    answers.choice = UnsavedChoice.DISCARD
    edit_cell(qtbot, dialog, 0, ItemColumn.SETS, "1")
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: dialog.name.text() == ADVANCED)
    assert answers.asked == [BEGINNER]
    assert store.list_routines()[0].items[0].sets == 3
    click_routine(qtbot, dialog, BEGINNER)
    assert table_rows(dialog)[0][1] == "3"


def test_switching_with_unsaved_changes_can_save(qtbot, dialog, answers):
    answers.choice = UnsavedChoice.SAVE
    edit_cell(qtbot, dialog, 0, ItemColumn.SETS, "1")
    click_routine(qtbot, dialog, ADVANCED)
    qtbot.waitUntil(lambda: dialog.name.text() == ADVANCED)
    assert store.list_routines()[0].items[0].sets == 1
    assert dialog.changed()


def test_switching_when_saving_fails_stays_and_explains(qtbot, dialog, answers):
    answers.choice = UnsavedChoice.SAVE
    dialog.name.clear()
    click_routine(qtbot, dialog, ADVANCED)
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == "Give the routine a name."
    assert dialog.list.currentIndex().row() == 0
    assert names_in_db() == [BEGINNER, ADVANCED]


def test_closing_with_unsaved_changes_asks(qtbot, dialog, answers):
    answers.choice = UnsavedChoice.CANCEL
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Not yet")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    answers.choice = UnsavedChoice.DISCARD
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Close))
    assert not dialog.isVisible()
    assert answers.asked == ["Not yet", "Not yet"]
    assert names_in_db() == [BEGINNER, ADVANCED]


# -- ask() ----------------------------------------------------------------------------------------


def test_ask_reports_whether_anything_changed(qtbot, builtins, theme, answers):
    def close(found: QDialog) -> None:
        click(qtbot, found.buttons.button(found.buttons.StandardButton.Close))

    errors = when_open(RoutinesDialog, close)
    assert RoutinesDialog.ask(None) is False
    assert errors == []

    def rename_and_close(found: QDialog) -> None:
        assert isinstance(found, RoutinesDialog)
        found.name.selectAll()
        qtbot.keyClicks(found.name, "Mine")
        press_ctrl_s(qtbot, found)
        close(found)

    errors = when_open(RoutinesDialog, rename_and_close)
    assert RoutinesDialog.ask(None) is True
    assert errors == []
    assert names_in_db() == ["Mine", ADVANCED]


def test_empty_profile_says_what_to_do(qtbot, seeded, theme, answers):
    widget = RoutinesDialog()
    qtbot.addWidget(widget)
    assert widget.routines.rowCount() == 0
    assert widget.editor_stack.currentWidget() is widget.empty_label
    assert "Click New" in widget.empty_label.text()
    assert not widget.delete_button.isEnabled()
    click(qtbot, widget.new_button)
    assert widget.editor_stack.currentIndex() == 0
    widget.list.setCurrentIndex(QModelIndex())  # e.g. a click on empty space
    assert widget.list.currentIndex().row() == 0
    assert widget.editor_stack.currentIndex() == 0
