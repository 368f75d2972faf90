"""History opens every workout, a page at a time as the list scrolls, and lists only the
exercises that were done."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from backtracker.domain.log import WorkoutSummary
from backtracker.domain.units import Unit
from backtracker.storage import workouts
from backtracker.storage.models import Exercise, Workout
from backtracker.ui.log.history import FIRST_ROWS, SUMMARY_ROLE, HistoryModel

START = dt.datetime(2026, 3, 16, 7, 0)
COUNT = 250  # past the old limit of 200 and over two pages and a half


def log_many(count: int = COUNT) -> list[int]:
    """`count` finished workouts, one a day back from START; ids newest first."""
    row = Exercise.get(Exercise.catalogue_key == "dumbbell-row").id
    ids = []
    for number in range(count):
        started = START - dt.timedelta(days=number)
        plan = (workouts.PlannedExercise(row, sets=1),)
        workout_id = workouts.start_workout(started, plan=plan)
        (link,) = workouts.get_workout(workout_id).exercises
        workouts.update_set(link.sets[0].id, {"weight_kg": 20.0, "reps": 8, "completed": True})
        workouts.update_workout(workout_id, {"ended_at": started + dt.timedelta(hours=1)})
        ids.append(workout_id)
    return ids


@pytest.fixture
def log(window):
    window.tabs.setCurrentWidget(window.log_page)
    return window.log


def test_the_model_passes_the_model_tester_while_it_fetches(qtmodeltester, seeded):
    ids = log_many()
    model = HistoryModel()
    model.reload(Unit.KG)
    assert model.rowCount() == 100
    assert model.canFetchMore()
    # The Python tester stays connected and checks every page inserted. (It runs its checks,
    # fetchMore included, before it marks a reset done, so it can't watch `reload`; Qt's own
    # tester does, below.)
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore():
        model.fetchMore()
    assert [model.index(row).data(SUMMARY_ROLE).id for row in range(model.rowCount())] == ids


def test_reload_passes_qts_model_tester(qtmodeltester, seeded):
    ids = log_many(COUNT)
    model = HistoryModel()
    model.reload(Unit.KG)
    qtmodeltester.check(model, force_py=False)  # QAbstractItemModelTester
    model.reload(Unit.LB)
    shown = [model.index(row).data(SUMMARY_ROLE).id for row in range(model.rowCount())]
    assert shown == ids[: len(shown)]  # newest first, none twice
    assert model.unit is Unit.LB


def test_a_view_asking_again_during_an_insert_gets_no_page_twice(seeded):
    ids = log_many(COUNT)
    model = HistoryModel()
    model.rowsAboutToBeInserted.connect(lambda *_: model.fetchMore())  # a nested request
    model.reload(Unit.KG)
    while model.canFetchMore():
        model.fetchMore()
    assert [model.index(row).data(SUMMARY_ROLE).id for row in range(model.rowCount())] == ids


def test_scrolling_to_the_end_reaches_the_oldest_workout(window, log, qtbot):
    ids = log_many()
    window.events.workouts_changed.emit()
    history = log.history
    view = history.list
    assert history.model.rowCount() == FIRST_ROWS  # the rows in sight, at once
    qtbot.waitUntil(lambda: history.model.rowCount() == 100)  # then the rest of a page
    qtbot.wait(50)
    assert history.model.rowCount() == 100  # a page, not all of them
    view.setFocus()
    for _ in range(10):
        qtbot.keyClick(view, Qt.Key.Key_End)
        qtbot.wait(100)
        if not history.model.canFetchMore():
            break
    qtbot.keyClick(view, Qt.Key.Key_End)
    qtbot.wait(300)
    assert history.model.rowCount() == COUNT  # was stuck at 200
    oldest = view.currentIndex().data(SUMMARY_ROLE)
    assert oldest.id == ids[-1]
    assert oldest.started_at == START - dt.timedelta(days=COUNT - 1)


def test_the_rest_of_the_first_page_is_read_a_few_rows_a_turn(window, log, qtbot):
    # On ten years of training a page of 100 rows is up to 25 ms of SQL: the first show
    # reads what is in sight at once, then the rest of the page FIRST_ROWS at a time, each
    # read on a turn of its own, in order and none twice.
    history = log.history
    qtbot.wait(50)
    ids = log_many(150)
    reads: list[tuple[object, int]] = []
    load = history.model._load_page

    def counted(after, limit):
        reads.append((after, limit))
        return load(after, limit)

    history.model._load_page = counted
    window.events.workouts_changed.emit()
    assert reads == [(None, FIRST_ROWS)]
    qtbot.waitUntil(lambda: history.model.rowCount() == 100)
    qtbot.wait(50)
    assert [limit for _after, limit in reads] == [FIRST_ROWS] * (100 // FIRST_ROWS)
    assert [after[1] for after, _limit in reads[1:]] == [
        ids[n * FIRST_ROWS - 1] for n in range(1, 100 // FIRST_ROWS)
    ]
    shown = [history.model.index(row).data(SUMMARY_ROLE).id for row in range(100)]
    assert shown == ids[:100]
    assert history.model.canFetchMore()  # the next page waits for the scroll


def test_a_workout_far_back_stays_selected_after_a_change(window, log, qtbot):
    ids = log_many()
    window.events.workouts_changed.emit()
    history = log.history
    while history.model.row_of(ids[230]) < 0:
        history.model.fetchMore()
    history.list.setCurrentIndex(history.model.index(230))
    assert history.current_id() == ids[230]
    workouts.update_workout(ids[0], {"notes": "changed"})
    window.events.workouts_changed.emit()
    qtbot.wait(100)
    assert history.current_id() == ids[230]


def test_history_lists_only_the_exercises_done(window, log, qtbot):
    keys = ("dumbbell-row", "lat-pulldown", "superman", "renegade-row", "face-pull")
    plan = tuple(
        workouts.PlannedExercise(Exercise.get(Exercise.catalogue_key == key).id, sets=3)
        for key in keys
    )
    workout_id = workouts.start_workout(START, plan=plan)
    first = workouts.get_workout(workout_id).exercises[0].sets[0]
    workouts.update_set(first.id, {"weight_kg": 20.0, "reps": 8, "completed": True})
    workouts.update_workout(workout_id, {"ended_at": START + dt.timedelta(hours=1)})
    window.events.workouts_changed.emit()
    qtbot.waitUntil(lambda: log.history.model.rowCount() == 1)
    text = log.history.model.index(0).data()
    assert "1 exercise · 1 set · 160 kg" in text  # was "5 exercises · 1 set"
    assert Workout.select().count() == 1


def test_an_empty_page_source_leaves_an_empty_list(qtmodeltester, qapp):
    pages: list[tuple[dt.datetime, int] | None] = []

    def load(after: tuple[dt.datetime, int] | None, limit: int) -> list[WorkoutSummary]:
        pages.append(after)
        return []

    model = HistoryModel(load_page=load)
    model.reload(Unit.KG)
    assert model.rowCount() == 0
    assert not model.canFetchMore()
    assert pages == [None]
    qtmodeltester.check(model, force_py=True)


def test_deleting_a_workout_far_back_selects_its_neighbour_without_reading_everything(
    window, log, qtbot
):
    ids = log_many()
    window.events.workouts_changed.emit()
    history = log.history
    while history.model.row_of(ids[150]) < 0:
        history.model.fetchMore()
    history.list.setCurrentIndex(history.model.index(150))
    qtbot.mouseClick(history.delete_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert Workout.get_or_none(Workout.id == ids[150]) is None
    assert history.current_id() == ids[151]  # the next older one took its place
    assert history.model.rowCount() == 200  # two pages read, not all 249 workouts
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: Workout.get_or_none(Workout.id == ids[150]) is not None)
