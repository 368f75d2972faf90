"""Editing a workout's start in the Log moves the whole workout; a workout logged after the
fact ends at its last set or after the duration typed, not at "now"."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDateTime, Qt

from backtracker.domain import clock
from backtracker.services import logbook
from backtracker.storage import workouts
from backtracker.storage.models import Exercise, Workout
from backtracker.ui.log import start_page

NOW = dt.datetime(2026, 3, 18, 9, 15)  # a Wednesday


@pytest.fixture(autouse=True)
def _wednesday_morning() -> None:
    """These tests name their days, so they pin the clock themselves (whatever
    BACKTRACKER_TEST_NOW says)."""
    clock.pin(NOW)


@pytest.fixture
def log(window):
    window.tabs.setCurrentWidget(window.log_page)
    return window.log


def _row() -> int:
    return Exercise.get(Exercise.catalogue_key == "barbell-row").id


def _completed_times(workout_id: int) -> list[dt.datetime]:
    info = logbook.get_workout(workout_id)
    return [s.completed_at for e in info.exercises for s in e.sets if s.completed]


def test_moving_a_past_workouts_start_moves_its_end_and_sets(window, log, qtbot):
    start = dt.datetime(2026, 3, 16, 7, 30)  # Monday
    workout_id = workouts.start_workout(start)
    link = workouts.add_exercise(workout_id, workouts.PlannedExercise(_row()))
    for minutes in (5, 20, 38):
        workouts.add_set(
            link,
            {
                "weight_kg": 40.0,
                "reps": 8,
                "completed": True,
                "completed_at": start + dt.timedelta(minutes=minutes),
            },
        )
    workouts.finish_workout(workout_id, start + dt.timedelta(minutes=45))
    window.events.workouts_changed.emit()
    qtbot.waitUntil(lambda: log.history.model.rowCount() == 1)

    log.history.list.setCurrentIndex(log.history.model.index(0))
    qtbot.mouseClick(log.history.open_button, Qt.MouseButton.LeftButton)
    editor = log.editor
    assert editor.clock.text() == "45 min"
    assert editor.started.text() == "Mon 16 Mar 2026 · 07:30"
    # The person moves it two days on with the arrow keys (the weekday section) and Enter.
    editor.started.setFocus()
    qtbot.wait(100)
    editor.started.setCurrentSection(editor.started.Section.DaySection)
    for _ in range(2):
        qtbot.keyClick(editor.started, Qt.Key.Key_Up)
        qtbot.wait(60)
    qtbot.keyClick(editor.started, Qt.Key.Key_Return)
    qtbot.wait(100)

    later = dt.datetime(2026, 3, 18, 7, 30)
    row = Workout.get_by_id(workout_id)
    assert (row.started_at, row.ended_at) == (later, later + dt.timedelta(minutes=45))
    assert _completed_times(workout_id) == [later + dt.timedelta(minutes=m) for m in (5, 20, 38)]
    assert editor.clock.text() == "45 min"
    line = log.history.model.index(0).data(Qt.ItemDataRole.DisplayRole)
    assert line.splitlines()[0] == "Wed 18 Mar 2026 · 45 min"


def test_a_move_into_the_future_is_refused_with_a_message(window, log, qtbot):
    start = dt.datetime(2026, 3, 18, 7, 30)  # this morning, 90 minutes long
    workout_id = workouts.start_workout(start)
    workouts.finish_workout(workout_id, start + dt.timedelta(minutes=90))
    log.open_workout(workout_id)
    editor = log.editor
    editor.started.setFocus()
    editor.started.setCurrentSection(editor.started.Section.HourSection)
    qtbot.keyClick(editor.started, Qt.Key.Key_Up)  # 08:30: it would end at 10:00, after now
    qtbot.keyClick(editor.started, Qt.Key.Key_Return)
    qtbot.wait(50)

    row = Workout.get_by_id(workout_id)
    assert (row.started_at, row.ended_at) == (start, start + dt.timedelta(minutes=90))
    assert editor.started.text() == "Wed 18 Mar 2026 · 07:30"
    assert "would end in the future" in window.statusBar().currentMessage()


def _log_past_workout(log, qtbot, monkeypatch, duration: dt.timedelta | None) -> int:
    """Log ▸ "Log a past workout…" for yesterday 07:15 with the Beginner routine."""
    beginner = next(r for r in logbook_routines() if "Beginner" in r.name)
    answer = start_page.PastWorkout(NOW - dt.timedelta(hours=26), beginner.id, duration)
    monkeypatch.setattr(start_page.PastWorkoutDialog, "ask", lambda *_: answer)
    qtbot.mouseClick(log.start_page.past_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: log.editor.workout is not None)
    return log.editor.workout.id


def logbook_routines():
    from backtracker.services import routines

    return routines.list_routines()


def _tick_first_open_set(log, qtbot) -> None:
    """Fill in the first open set of the first exercise and tick it, as the table does."""
    model = log.editor.cards[0].model
    row = next(r for r in range(model.rowCount()) if not model.set_at(r).completed)
    for key, text in (("weight", "20"), ("reps", "10")):
        assert model.setData(model.index(row, model.column_of(key)), text)
    done = model.index(row, model.column_of("done"))
    assert model.setData(done, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    qtbot.wait(20)


def test_a_past_workout_ends_at_its_last_set(window, log, qtbot, monkeypatch):
    workout_id = _log_past_workout(log, qtbot, monkeypatch, None)
    started = NOW - dt.timedelta(hours=26)
    assert log.editor.clock.text().startswith("0:")  # its own clock, not 26 hours
    clock.pin(NOW + dt.timedelta(minutes=4))
    _tick_first_open_set(log, qtbot)
    clock.pin(NOW + dt.timedelta(minutes=11))
    _tick_first_open_set(log, qtbot)
    clock.pin(NOW + dt.timedelta(minutes=20))

    qtbot.mouseClick(log.editor.finish_button, Qt.MouseButton.LeftButton)

    times = _completed_times(workout_id)
    assert [t - started for t in times] == [dt.timedelta(minutes=m) for m in (4, 11)]
    assert Workout.get_by_id(workout_id).ended_at == started + dt.timedelta(minutes=11)
    line = log.history.model.index(0).data(Qt.ItemDataRole.DisplayRole)
    assert line.splitlines()[0] == "Tue 17 Mar 2026 · 11 min"


def test_a_past_workout_lasts_the_duration_typed(window, log, qtbot, monkeypatch):
    workout_id = _log_past_workout(log, qtbot, monkeypatch, dt.timedelta(minutes=50))
    _tick_first_open_set(log, qtbot)
    clock.pin(NOW + dt.timedelta(minutes=3))

    qtbot.mouseClick(log.editor.finish_button, Qt.MouseButton.LeftButton)

    started = NOW - dt.timedelta(hours=26)
    assert Workout.get_by_id(workout_id).ended_at == started + dt.timedelta(minutes=50)
    line = log.history.model.index(0).data(Qt.ItemDataRole.DisplayRole)
    assert line.splitlines()[0] == "Tue 17 Mar 2026 · 50 min"


def test_the_past_workout_dialog_asks_for_a_duration_and_refuses_one_ending_later_than_now(
    window, qtbot
):
    dialog = start_page.PastWorkoutDialog([], window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.duration.text() == "Until the last set"
    assert dialog.when.text() == "Tue 17 Mar 2026 · 09:15"
    dialog.when.setDateTime(QDateTime(NOW - dt.timedelta(minutes=30)))
    dialog.duration.setFocus()
    dialog.duration.lineEdit().selectAll()
    qtbot.keyClicks(dialog.duration, "60")  # it would end half an hour from now
    qtbot.wait(50)
    dialog.accept()
    assert dialog.isVisible()  # refused: it would end in the future
    assert dialog.error.isVisible() and "would end in the future" in dialog.error.text()

    dialog.when.setDateTime(QDateTime(NOW - dt.timedelta(minutes=90)))
    dialog.duration.lineEdit().selectAll()
    qtbot.keyClicks(dialog.duration, "75")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.answer() == start_page.PastWorkout(
        dt.datetime(2026, 3, 18, 7, 45), None, dt.timedelta(minutes=75)
    )
