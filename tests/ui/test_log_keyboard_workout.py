"""A whole workout from the keyboard, and the Log editor's safety nets (issue 12, section 2;
finishing an empty workout, section 3; notes typed just before quitting, section 4).

Keys go to whatever has the focus, as a person's would; the database is checked as we go.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from backtracker.services import first_run, logbook, preferences
from backtracker.storage import workouts
from backtracker.storage.models import Exercise, SetEntry, Workout, WorkoutExercise
from backtracker.ui import dialogs
from backtracker.ui.help import SHORTCUTS
from backtracker.ui.log.exercise_card import ExerciseCard
from backtracker.ui.log.set_table import CellEditor

CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
    qtbot.keyClick(focused(), key, modifier)
    qtbot.wait(60)


def type_keys(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClicks(focused(), char)
        qtbot.wait(40)


def cell_with_focus(log) -> tuple[str, int, str] | None:
    """(exercise, set row, column) of the open cell editor that has the focus."""
    widget = QApplication.focusWidget()
    for card in log.editor.cards:
        viewport = card.table.viewport()
        if isinstance(widget, CellEditor) and widget.parent() is viewport:
            row, column = widget.cell.row(), widget.cell.column()
            return card.link.exercise_name, row, card.model.columns[column].key
    return None


def done_sets() -> list[tuple[str, float | None, int | None, float | None]]:
    """What the database holds as done, in the order it was logged."""
    query = (
        SetEntry.select(SetEntry, WorkoutExercise, Exercise)
        .join(WorkoutExercise)
        .join(Exercise)
        .where(SetEntry.completed == True)  # noqa: E712
        .order_by(SetEntry.completed_at, SetEntry.id)
    )
    return [(s.workout_exercise.exercise.name, s.weight_kg, s.reps, s.duration_s) for s in query]


@pytest.fixture
def log(window, qtbot):
    window.tabs.setCurrentWidget(window.log_page)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window.log


def start_beginner(log, qtbot) -> None:
    log.start_workout(first_run.beginner_routine_id())
    qtbot.waitUntil(lambda: cell_with_focus(log) is not None)


def card_named(log, name: str) -> ExerciseCard:
    return next(c for c in log.editor.cards if c.link.exercise_name == name)


# -- acceptance: the beginner routine end to end, keys only ----------------------------------


def test_the_beginner_routine_end_to_end_with_keys_only(window, log, qtbot):
    """Every field takes its value (if it changes) and one Enter: before each field the
    focus is checked to be in it already, so no key is spent on getting there. Besides
    the values, the whole workout is Ctrl+2, Tab, Space, 22 Enters and Ctrl+Enter."""
    press(qtbot, Qt.Key.Key_2, CTRL)  # the Log tab: focus on "Start empty workout"
    assert focused() is log.start_page.empty_button
    press(qtbot, Qt.Key.Key_Tab)
    assert "Beginner" in focused().text()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: cell_with_focus(log) is not None)
    workout = Workout.get()
    assert workout.name == "Back — Beginner" and workout.ended_at is None

    # (exercise, set row, what to type in each field; "" keeps the pre-filled value)
    plan = [
        ("Lat Pulldown", 0, ["40", "10"]),
        ("Lat Pulldown", 1, ["", ""]),  # pre-filled from set 1: 40 × 10
        ("Lat Pulldown", 2, ["45", "8"]),
        ("Dumbbell Row", 0, ["16", ""]),  # reps pre-filled with the routine's 12
        ("Dumbbell Row", 1, ["", ""]),
        ("Dumbbell Row", 2, ["", "11"]),
        ("Face Pull", 0, ["20", ""]),
        ("Face Pull", 1, ["", "10"]),
        ("Renegade Row", 0, ["8", ""]),
        ("Renegade Row", 1, ["", ""]),
        ("Superman", 0, [""]),  # the routine's 20 s hold
        ("Superman", 1, ["30"]),
    ]
    expected: list[tuple[str, float | None, int | None, float | None]] = []
    for exercise, row, fields in plan:
        card = card_named(log, exercise)
        entries = [card.model.columns[c].key for c in card.model.entry_columns()]
        assert cell_with_focus(log) == (exercise, row, entries[0]), (exercise, row)
        for key, text in zip(entries, fields, strict=True):
            assert cell_with_focus(log) == (exercise, row, key)
            type_keys(qtbot, text)
            press(qtbot, Qt.Key.Key_Return)  # the one key besides the value itself
        logged = card.model.set_at(row)
        assert logged.completed
        expected.append((exercise, logged.weight_kg, logged.reps, logged.duration_s))
        assert done_sets() == expected, f"after {exercise} set {row + 1}"
        assert window.rest_timer.running

    assert [e[1:3] for e in expected[:3]] == [(40.0, 10), (40.0, 10), (45.0, 8)]
    assert [e[1:3] for e in expected[3:6]] == [(16.0, 12), (16.0, 12), (16.0, 11)]
    assert [e[3] for e in expected[-2:]] == [20.0, 30.0]
    # Enter after an exercise's last planned set went on: nothing was added on the way.
    assert [card.model.rowCount() for card in log.editor.cards[:4]] == [3, 3, 2, 2]

    press(qtbot, Qt.Key.Key_Return, CTRL)  # finish
    workout = Workout.get()
    assert workout.ended_at is not None
    assert len(done_sets()) == 12
    assert SetEntry.select().where(SetEntry.completed == False).count() == 0  # noqa: E712
    assert log.stack.currentWidget() is log.start_page
    summary = workouts.get_workout(workout.id)
    assert [len(link.sets) for link in summary.exercises] == [3, 3, 2, 2, 2]


# -- section 2, one by one -----------------------------------------------------------------


def test_enter_after_the_last_planned_set_goes_to_the_next_exercise(log, qtbot):
    start_beginner(log, qtbot)
    face_pull = card_named(log, "Face Pull")
    face_pull.table.edit_cell(1, face_pull.model.column_of("weight"))
    qtbot.waitUntil(lambda: cell_with_focus(log) == ("Face Pull", 1, "weight"))
    type_keys(qtbot, "20")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    assert face_pull.model.set_at(1).completed
    assert face_pull.model.rowCount() == 2  # no set was added
    assert cell_with_focus(log) == ("Renegade Row", 0, "weight")


def test_the_next_set_is_prefilled_with_the_weight_on_a_first_workout(log, qtbot):
    start_beginner(log, qtbot)
    card = card_named(log, "Lat Pulldown")
    assert card.model.set_at(1).weight_kg is None  # nothing to go on yet: first time
    type_keys(qtbot, "35")
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, "9")
    press(qtbot, Qt.Key.Key_Return)
    following = SetEntry.get_by_id(card.model.set_at(1).id)
    assert (following.weight_kg, following.reps, following.completed) == (35.0, 9, False)
    assert cell_with_focus(log) == ("Lat Pulldown", 1, "weight")
    editor = focused()
    assert isinstance(editor, QLineEdit) and editor.text() == "35"
    # Ctrl+Z takes the set back, and the next set gets its own values back.
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert not SetEntry.get_by_id(card.model.set_at(0).id).completed
    following = SetEntry.get_by_id(card.model.set_at(1).id)
    assert (following.weight_kg, following.reps) == (None, 12)


def test_a_set_already_typed_into_keeps_its_values(log, qtbot):
    start_beginner(log, qtbot)
    card = card_named(log, "Lat Pulldown")
    card.table.edit_cell(1, card.model.column_of("weight"))
    qtbot.waitUntil(lambda: cell_with_focus(log) == ("Lat Pulldown", 1, "weight"))
    type_keys(qtbot, "50")
    press(qtbot, Qt.Key.Key_Return)
    card.table.edit_cell(0, card.model.column_of("weight"))
    qtbot.waitUntil(lambda: cell_with_focus(log) == ("Lat Pulldown", 0, "weight"))
    type_keys(qtbot, "30")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    assert SetEntry.get_by_id(card.model.set_at(1).id).weight_kg == 50.0


def test_ins_adds_a_set_and_help_and_the_button_say_so(log, qtbot):
    start_beginner(log, qtbot)
    card = card_named(log, "Lat Pulldown")
    type_keys(qtbot, "40")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Insert)
    assert card.model.rowCount() == 4
    assert SetEntry.select().where(SetEntry.workout_exercise == card.link.id).count() == 4
    assert cell_with_focus(log) == ("Lat Pulldown", 3, "weight")
    assert "Ins" in card.add_set_button.toolTip()
    log_keys = dict(dict(SHORTCUTS)["Log"])
    assert "add a set" in log_keys["Ins"].lower()
    assert "next / previous exercise" in log_keys["Ctrl+Down / Ctrl+Up"].lower()


def test_ctrl_down_and_up_move_between_exercises(log, qtbot):
    start_beginner(log, qtbot)
    names = [c.link.exercise_name for c in log.editor.cards]
    assert cell_with_focus(log) == (names[0], 0, "weight")
    for name in names[1:]:
        press(qtbot, Qt.Key.Key_Down, CTRL)
        entry = "duration" if name == "Superman" else "weight"
        assert cell_with_focus(log) == (name, 0, entry)
    press(qtbot, Qt.Key.Key_Down, CTRL)  # the last one: stays
    assert cell_with_focus(log) == (names[-1], 0, "duration")
    press(qtbot, Qt.Key.Key_Up, CTRL)
    assert cell_with_focus(log) == (names[-2], 0, "weight")
    # From a table cell that is selected but not open, too.
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Up, CTRL)
    assert cell_with_focus(log) == (names[-3], 0, "weight")
    assert SetEntry.select().where(SetEntry.completed == True).count() == 0  # noqa: E712


def test_ctrl_z_on_a_set_also_stops_the_rest_it_started(window, log, qtbot):
    start_beginner(log, qtbot)
    type_keys(qtbot, "40")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)  # set 1 logged: rest starts
    assert window.rest_timer.running and window.rest_widget.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)  # set 2 logged: a new rest
    assert len(done_sets()) == 2
    press(qtbot, Qt.Key.Key_Z, CTRL)  # set 2 back: its rest stops
    assert len(done_sets()) == 1
    assert not window.rest_timer.running
    assert not window.rest_widget.isVisible()
    # Taking back set 1 now does not touch a rest started by a later set.
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)  # set 2 again: rest runs
    card = card_named(log, "Lat Pulldown")
    first = card.model.set_at(0).id
    window.undo_stack.undo()  # set 2
    window.undo_stack.undo()  # set 1
    assert not SetEntry.get_by_id(first).completed
    assert not window.rest_timer.running


def test_more_than_100_reps_asks_once_and_no_changes_nothing(log, qtbot, monkeypatch):
    asked: list[str] = []
    answers = [False, True]

    def confirm(parent, title, text, action):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "confirm", confirm)
    start_beginner(log, qtbot)
    card = card_named(log, "Lat Pulldown")
    set_id = card.model.set_at(0).id
    type_keys(qtbot, "42.5")
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, "500")
    press(qtbot, Qt.Key.Key_Return)
    assert len(asked) == 1 and "500 reps" in asked[0]
    row = SetEntry.get_by_id(set_id)
    assert (row.weight_kg, row.reps, row.completed) == (42.5, 12, False)  # declined: as it was
    assert cell_with_focus(log) == ("Lat Pulldown", 0, "reps")  # still there to fix,
    assert focused().text() == "12"  # showing what is stored, selected to type over
    type_keys(qtbot, "500")
    press(qtbot, Qt.Key.Key_Return)  # "500" again, and yes this time
    assert len(asked) == 2
    row = SetEntry.get_by_id(set_id)
    assert (row.reps, row.completed) == (500, True)
    # 100 itself, and a value already confirmed, are not asked about.
    card.table.edit_cell(1, card.model.column_of("reps"))
    qtbot.waitUntil(lambda: cell_with_focus(log) == ("Lat Pulldown", 1, "reps"))
    type_keys(qtbot, "100")
    press(qtbot, Qt.Key.Key_Return)
    assert len(asked) == 2
    assert SetEntry.get_by_id(card.model.set_at(1).id).reps == 100


# -- finishing an empty workout; notes typed just before quitting --------------------------


def test_finishing_with_no_set_done_offers_to_discard(window, log, qtbot, monkeypatch):
    answers: list[bool] = [False, True]
    asked: list[str] = []

    def confirm(parent, title, text, action):
        asked.append(action)
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "confirm", confirm)
    start_beginner(log, qtbot)
    workout_id = Workout.get().id
    press(qtbot, Qt.Key.Key_Return, CTRL)  # finish, then Cancel: still running
    assert asked == ["Discard workout"]
    assert Workout.get_by_id(workout_id).ended_at is None
    assert log.stack.currentWidget() is log.editor and log.running_workout_id == workout_id
    press(qtbot, Qt.Key.Key_Return, CTRL)  # finish, then Discard
    assert Workout.select().count() == 0
    assert log.stack.currentWidget() is log.start_page
    window.undo_stack.undo()  # and Ctrl+Z brings it back
    assert Workout.get_by_id(workout_id).ended_at is None


def test_finishing_with_a_set_done_asks_nothing(log, qtbot):
    start_beginner(log, qtbot)  # an unexpected dialog fails the test
    type_keys(qtbot, "40")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert Workout.get().ended_at is not None


def test_notes_typed_just_before_quitting_are_saved(window, log, qtbot):
    prefs = preferences.load()
    workout_id = logbook.start_workout(prefs)
    row = Exercise.get(Exercise.catalogue_key == "dumbbell-row").id
    logbook.add_exercise(workout_id, row, prefs)
    log.open_workout(workout_id)
    log.editor.notes.setFocus()
    qtbot.waitUntil(log.editor.notes.hasFocus)
    type_keys(qtbot, "Left shoulder felt tight")
    log.editor.name.setFocus()
    qtbot.keyClicks(log.editor.name, "Monday")
    window.close()  # straight away: before the notes' save timer
    workout = Workout.get_by_id(workout_id)
    assert workout.notes == "Left shoulder felt tight"
    assert workout.name == "Monday"


def test_after_the_last_open_set_enter_goes_to_a_skipped_set_then_adds_one(log, qtbot):
    prefs = preferences.load()
    workout_id = logbook.start_workout(prefs)
    row = Exercise.get(Exercise.catalogue_key == "dumbbell-row").id
    link_id = logbook.add_exercise(workout_id, row, prefs)
    logbook.add_set(link_id, {"completed": False})
    log.open_workout(workout_id)
    card = log.editor.cards[0]
    card.table.edit_cell(1, card.model.column_of("weight"))
    qtbot.waitUntil(lambda: cell_with_focus(log) == ("Dumbbell Row", 1, "weight"))
    type_keys(qtbot, "14")
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, "10")
    press(qtbot, Qt.Key.Key_Return)
    assert card.model.rowCount() == 2
    assert cell_with_focus(log) == ("Dumbbell Row", 0, "weight")  # the set skipped above
    press(qtbot, Qt.Key.Key_Return)  # pre-filled from the set just logged: 14 × 10
    press(qtbot, Qt.Key.Key_Return)
    assert [s[1:3] for s in done_sets()] == [(14.0, 10), (14.0, 10)]
    # Every set is done: Enter lines up one more, pre-filled (the empty-workout flow).
    assert card.model.rowCount() == 3
    assert cell_with_focus(log) == ("Dumbbell Row", 2, "weight")
