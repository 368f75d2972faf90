"""Logging a workout from the keyboard, checking the database after every set."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from backtracker.domain import clock
from backtracker.storage.models import Exercise, SetEntry, Workout, WorkoutExercise
from backtracker.ui.widgets.exercise_picker import ExercisePicker


def done_sets() -> list[tuple[float | None, int | None, str]]:
    query = (
        SetEntry.select()
        .where(SetEntry.completed == True)  # noqa: E712
        .order_by(SetEntry.id)
    )
    return [(s.weight_kg, s.reps, s.set_type) for s in query]


def editor_line(qtbot, table) -> QLineEdit:
    """The cell editor the table has open (what the person is typing into)."""

    def editors():
        return [w for w in table.viewport().findChildren(QLineEdit) if w.isVisible()]

    qtbot.waitUntil(lambda: len(editors()) == 1, timeout=2000)
    return editors()[0]


def type_into_cell(qtbot, table, text: str) -> None:
    line = editor_line(qtbot, table)
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.wait(20)  # the view commits and moves on through queued events, as in the app


def pick_when_open(qtbot, search: str) -> None:
    def pick():
        pickers = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, ExercisePicker) and w.isVisible()
        ]
        if not pickers:
            QTimer.singleShot(20, pick)
            return
        picker = pickers[0]
        qtbot.keyClicks(picker.search, search)
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)

    QTimer.singleShot(0, pick)


@pytest.fixture
def log(window):
    window.tabs.setCurrentWidget(window.log_page)
    return window.log


def test_log_a_whole_workout_from_the_keyboard(window, log, qtbot):
    window.activateWindow()
    pick_when_open(qtbot, "dumbbell row")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert Workout.select().count() == 1
    workout = Workout.get()
    assert workout.ended_at is None
    card = log.editor.cards[0]
    assert card.title.text() == "Dumbbell Row"
    assert "First time" in card.hint.text()

    # Set 1: weight, Enter, reps, Enter -> saved at once, rest starts, next row pre-filled.
    type_into_cell(qtbot, card.table, "14")
    type_into_cell(qtbot, card.table, "10")
    assert done_sets() == [(14.0, 10, "normal")]
    assert window.rest_timer.running
    assert window.rest_widget.isVisible() and "Rest" in window.rest_widget.label.text()
    assert card.model.rowCount() == 2
    assert card.model.set_at(1).weight_kg == 14.0 and card.model.set_at(1).reps == 10
    assert card.table.currentIndex().row() == 1

    # Set 2: keep the weight, change the reps.
    qtbot.keyClick(editor_line(qtbot, card.table), Qt.Key.Key_Return)  # weight stays 14
    qtbot.wait(20)
    type_into_cell(qtbot, card.table, "9")
    assert done_sets() == [(14.0, 10, "normal"), (14.0, 9, "normal")]

    # Ctrl+Z takes back the last set.
    window.undo_action.trigger()
    assert done_sets() == [(14.0, 10, "normal")]
    window.redo_action.trigger()
    assert done_sets() == [(14.0, 10, "normal"), (14.0, 9, "normal")]

    # Notes, posture and stretch ticks land in the workout row.
    log.editor.notes.setPlainText("Good session")
    log.editor._save_notes()
    qtbot.mouseClick(log.editor.posture.button(4), Qt.MouseButton.LeftButton)
    log.editor.warmup.setChecked(True)
    workout = Workout.get()
    assert (workout.notes, workout.posture_score, workout.warmup_stretch) == (
        "Good session",
        4,
        True,
    )

    # Finish: the end time is recorded and the untouched planned row is dropped.
    window.activateWindow()  # the offscreen platform does not hand activation back itself
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    card.table.setFocus()
    qtbot.keyClick(card.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    workout = Workout.get()
    assert workout.ended_at is not None
    assert [(s.reps, s.completed) for s in SetEntry.select()] == [(10, True), (9, True)]
    assert log.stack.currentWidget() is log.start_page
    assert log.history.model.rowCount() == 1
    assert "1 exercise · 2 sets · 266 kg" in log.history.model.index(0).data()
    # The weekly goal is worked out in the background and shows when it arrives.
    qtbot.waitUntil(lambda: "This week 1 of 3" in window.goal_label.text())


def test_bad_input_is_refused_and_changes_nothing(window, log, qtbot):
    pick_when_open(qtbot, "face pull")
    log.start_workout(None)
    card = log.editor.cards[0]
    for bad in ("abc", "-5", "5000"):
        type_into_cell(qtbot, card.table, bad)
        assert card.error.isVisible() and card.error.text()
        assert card.table.currentIndex().column() == card.model.column_of("weight")
    type_into_cell(qtbot, card.table, "20")
    type_into_cell(qtbot, card.table, "0")  # zero reps
    assert "at least 1 rep" in card.error.text().lower()
    assert done_sets() == []
    type_into_cell(qtbot, card.table, "12")
    assert done_sets() == [(20.0, 12, "normal")]


def test_routine_workout_is_prefilled_and_coached_from_last_time(window, log, qtbot):
    beginner = next(r for r in log.start_page.routine_buttons if "Beginner" in r.text())
    qtbot.mouseClick(beginner, Qt.MouseButton.LeftButton)
    names = [c.title.text() for c in log.editor.cards]
    assert names[0] == "Lat Pulldown" and "Superman" in names
    row_card = next(c for c in log.editor.cards if c.title.text() == "Dumbbell Row")
    assert row_card.model.rowCount() == 3
    # Log every dumbbell-row set at the top of the range, then finish.
    for row in range(3):
        row_card.table.edit_cell(row, row_card.model.column_of("weight"))
        type_into_cell(qtbot, row_card.table, "16")
        type_into_cell(qtbot, row_card.table, "12")
    log.editor.finish()
    # Next time the same routine suggests more weight, and pre-fills it.
    qtbot.mouseClick(beginner, Qt.MouseButton.LeftButton)
    row_card = next(c for c in log.editor.cards if c.title.text() == "Dumbbell Row")
    assert "18" in row_card.hint.text() or "17" in row_card.hint.text()
    assert "3×12 @ 16 kg" in row_card.last_time.text()
    assert row_card.model.set_at(0).weight_kg > 16.0
    assert row_card.model.set_at(0).completed is False


def test_history_opens_edits_and_deletes_with_undo(window, log, qtbot):
    pick_when_open(qtbot, "shrug")
    log.start_workout(None)
    card = log.editor.cards[0]
    type_into_cell(qtbot, card.table, "30")
    type_into_cell(qtbot, card.table, "15")
    log.editor.finish()
    workout_id = Workout.get().id

    log.history.list.setCurrentIndex(log.history.model.index(0))
    qtbot.mouseClick(log.history.open_button, Qt.MouseButton.LeftButton)
    assert log.editor.workout.id == workout_id
    assert log.editor.finish_button.text() == "Done editing"
    card = log.editor.cards[0]
    card.table.edit_cell(0, card.model.column_of("reps"))
    type_into_cell(qtbot, card.table, "14")
    assert SetEntry.get(SetEntry.completed == True).reps == 14  # noqa: E712
    log.editor.finish()
    assert not window.rest_timer.running  # editing the past does not start a rest

    qtbot.mouseClick(log.history.delete_button, Qt.MouseButton.LeftButton)
    assert Workout.select().count() == 0 and SetEntry.select().count() == 0
    assert log.history.model.rowCount() == 0
    assert window.status_undo.isVisible()  # the status bar offers Undo
    qtbot.mouseClick(window.status_undo, Qt.MouseButton.LeftButton)
    assert Workout.get().id == workout_id
    assert SetEntry.get().reps == 14
    assert log.history.model.rowCount() == 1


def test_unfinished_workout_is_resumed(qtbot, seeded, theme):
    from backtracker.services import logbook, preferences
    from backtracker.ui.application import ui_state
    from backtracker.ui.main_window import MainWindow

    workout_id = logbook.start_workout(
        preferences.load(), started_at=clock.now() - dt.timedelta(minutes=20)
    )
    row = Exercise.get(Exercise.catalogue_key == "dumbbell-row").id
    logbook.add_exercise(workout_id, row, preferences.load())
    win = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(win)
    assert win.tabs.currentWidget() is win.log_page
    assert win.log.stack.currentWidget() is win.log.editor
    assert win.log.editor.workout.id == workout_id
    assert WorkoutExercise.select().count() == 1


def test_bodyweight_entry_and_refusal(window, log, qtbot):
    panel = log.bodyweight
    qtbot.keyClicks(panel.value, "heavy")
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    assert panel.error.isVisible()
    assert panel.model.rowCount() == 0
    panel.value.clear()
    qtbot.keyClicks(panel.value, "78,4")
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    assert not panel.error.isVisible()
    assert panel.model.rowCount() == 1
    assert panel.model.index(0).data().startswith("78.4 kg")


def test_bodyweight_delete_can_be_undone(window, log, qtbot):
    panel = log.bodyweight
    qtbot.keyClicks(panel.value, "80")
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    assert panel.model.rowCount() == 1
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0
    assert window.status_undo.isVisible()
    qtbot.mouseClick(window.status_undo, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 1
    assert panel.model.index(0).data().startswith("80 kg")


def test_add_to_workout_from_the_library(window, qtbot):
    library = window.library
    library.select_catalogue_key("face-pull")
    qtbot.mouseClick(library.exercise_detail.add_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.log_page
    assert [c.title.text() for c in window.log.editor.cards] == ["Face Pull"]
    window.tabs.setCurrentWidget(library)
    library.select_catalogue_key("band-pull-apart")
    qtbot.mouseClick(library.exercise_detail.add_button, Qt.MouseButton.LeftButton)
    assert Workout.select().count() == 1  # added to the running workout, not a new one
    assert [c.title.text() for c in window.log.editor.cards] == ["Face Pull", "Band Pull-Apart"]


def test_library_shows_your_history_after_logging(window, log, qtbot):
    library = window.library
    library.select_catalogue_key("dumbbell-shrug")
    facts = library.exercise_detail._fact_labels
    # "Your history" is looked up in the background and filled in when it arrives.
    qtbot.waitUntil(lambda: facts["history"].text() == "Not logged yet.")
    pick_when_open(qtbot, "dumbbell shrug")
    log.start_workout(None)
    card = log.editor.cards[0]
    type_into_cell(qtbot, card.table, "24")
    type_into_cell(qtbot, card.table, "12")
    log.editor.finish()
    window.tabs.setCurrentWidget(library)
    qtbot.waitUntil(lambda: facts["history"].text().startswith("Last"))
    text = facts["history"].text()
    assert text.startswith("Last 12 × 24 kg") or text.startswith("Last 1×12 @ 24 kg"), text
    assert "best e1RM 33.6 kg" in text and "1 session" in text
