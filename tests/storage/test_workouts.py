"""Workouts, sets, history lines and undo snapshots against a real SQLite file."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from backtracker.storage import body, workouts
from backtracker.storage.models import Exercise, SetEntry, Workout, WorkoutExercise, db

T0 = dt.datetime(2026, 11, 2, 18, 0)


def ex(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def test_start_from_a_plan_creates_planned_sets(seeded):
    plan = (
        workouts.PlannedExercise(
            ex("dumbbell-row"),
            sets=3,
            rep_min=8,
            rep_max=12,
            prefill=({"weight_kg": 14.0, "reps": 10},),
        ),
        workouts.PlannedExercise(ex("face-pull"), sets=2),
    )
    workout_id = workouts.start_workout(T0, name="Back", plan=plan)
    info = workouts.get_workout(workout_id)
    assert [e.exercise_name for e in info.exercises] == ["Dumbbell Row", "Face Pull"]
    row = info.exercises[0]
    assert (row.rep_min, row.rep_max) == (8, 12)
    assert [(s.weight_kg, s.reps, s.completed) for s in row.sets] == [
        (14.0, 10, False),
        (None, None, False),
        (None, None, False),
    ]
    assert workouts.active_workout_id() == workout_id


def test_each_set_is_committed_at_once(seeded, tmp_path):
    workout_id = workouts.start_workout(T0)
    link = workouts.add_exercise(workout_id, workouts.PlannedExercise(ex("dumbbell-row")))
    workouts.add_set(link, {"weight_kg": 16.0, "reps": 10, "completed": True})
    # Another connection (another process) sees it straight away: nothing waits in memory.
    other = sqlite3.connect(db.database)
    assert other.execute("SELECT weight_kg, reps, completed FROM set_entry").fetchall() == [
        (16.0, 10, 1)
    ]
    other.close()


def test_finish_drops_planned_sets_that_were_not_done(seeded):
    plan = (workouts.PlannedExercise(ex("dumbbell-row"), sets=3),)
    workout_id = workouts.start_workout(T0, plan=plan)
    first = workouts.get_workout(workout_id).exercises[0].sets[0]
    workouts.update_set(first.id, {"weight_kg": 12.0, "reps": 12, "completed": True})
    dropped = workouts.finish_workout(workout_id, T0 + dt.timedelta(minutes=40))
    info = workouts.get_workout(workout_id)
    assert dropped == 2
    assert [(s.weight_kg, s.reps) for s in info.exercises[0].sets] == [(12.0, 12)]
    assert info.ended_at == T0 + dt.timedelta(minutes=40)
    assert workouts.active_workout_id() is None


def test_delete_set_and_restore_keeps_order_and_id(seeded):
    workout_id = workouts.start_workout(T0)
    link = workouts.add_exercise(workout_id, workouts.PlannedExercise(ex("face-pull")))
    ids = [
        workouts.add_set(link, {"reps": r, "weight_kg": 20.0, "completed": True})
        for r in (15, 12, 10)
    ]
    link_id, snapshot = workouts.delete_set(ids[1])
    assert [s.reps for s in workouts.get_workout(workout_id).exercises[0].sets] == [15, 10]
    workouts.restore_set(link_id, snapshot)
    sets = workouts.get_workout(workout_id).exercises[0].sets
    assert [(s.id, s.reps, s.position) for s in sets] == [
        (ids[0], 15, 0),
        (ids[1], 12, 1),
        (ids[2], 10, 2),
    ]


def test_delete_workout_and_undo_restores_everything(seeded):
    workout_id = workouts.start_workout(T0, name="Pull day")
    link = workouts.add_exercise(
        workout_id, workouts.PlannedExercise(ex("dumbbell-row"), rep_min=8, rep_max=12)
    )
    workouts.add_set(link, {"weight_kg": 16.0, "reps": 10, "completed": True, "rpe": 8.0})
    workouts.update_workout(workout_id, {"notes": "felt strong", "posture_score": 4})
    workouts.finish_workout(workout_id, T0 + dt.timedelta(minutes=30))
    before = workouts.get_workout(workout_id)
    counts = (Workout.select().count(), WorkoutExercise.select().count(), SetEntry.select().count())

    deleted = workouts.delete_workout(workout_id)
    assert (Workout.select().count(), SetEntry.select().count()) == (0, 0)
    workouts.restore_workout(deleted)
    assert workouts.get_workout(workout_id) == before
    assert (
        Workout.select().count(),
        WorkoutExercise.select().count(),
        SetEntry.select().count(),
    ) == counts


def test_past_sessions_newest_first_with_completed_sets_only(seeded):
    row = ex("dumbbell-row")
    for week, weight in enumerate((12.0, 14.0, 16.0)):
        w = workouts.start_workout(T0 + dt.timedelta(days=7 * week))
        link = workouts.add_exercise(w, workouts.PlannedExercise(row, rest_s=75))
        workouts.add_set(link, {"weight_kg": weight, "reps": 10, "completed": True})
        workouts.add_set(link, {"weight_kg": weight, "reps": 9, "completed": False})
    sessions = workouts.past_sessions(row, before=T0 + dt.timedelta(days=15), limit=5)
    assert [s.sets[0].weight_kg for s in sessions] == [16.0, 14.0, 12.0]
    assert all(len(s.sets) == 1 and s.rest_s == 75 for s in sessions)
    assert workouts.past_sessions(row, before=T0 - dt.timedelta(minutes=1), limit=5) == []
    # The workout being looked at is left out, even when it started at the same moment.
    (first,) = workouts.past_sessions(row, before=T0, limit=5)
    assert workouts.past_sessions(row, before=T0, exclude_workout_id=first.workout_id) == []


def test_history_summary_counts_volume_with_bodyweight(seeded):
    body.set_bodyweight(dt.date(2026, 11, 1), 80.0)
    w = workouts.start_workout(T0)
    rows = workouts.add_exercise(w, workouts.PlannedExercise(ex("dumbbell-row")))
    workouts.add_set(rows, {"set_type": "warmup", "weight_kg": 8.0, "reps": 10, "completed": True})
    workouts.add_set(rows, {"weight_kg": 16.0, "reps": 10, "completed": True})
    workouts.add_set(rows, {"weight_kg": 16.0, "reps": 8, "completed": True})
    pullups = workouts.add_exercise(w, workouts.PlannedExercise(ex("pull-up")))
    workouts.add_set(pullups, {"weight_kg": 5.0, "reps": 6, "completed": True})
    workouts.add_set(pullups, {"reps": 5, "completed": False})
    workouts.finish_workout(w, T0 + dt.timedelta(minutes=45))
    (summary,) = workouts.workout_summaries()
    assert summary.exercise_count == 2
    assert summary.set_count == 3  # warm-up and the unfinished set do not count
    assert summary.volume_kg == pytest.approx(16 * 10 + 16 * 8 + (80 + 5) * 6)
    assert summary.duration == dt.timedelta(minutes=45)


def test_unfinished_workouts_are_not_history(seeded):
    workouts.start_workout(T0)
    assert workouts.workout_summaries() == []
    assert len(workouts.workout_summaries(finished_only=False)) == 1


def test_bad_set_values_are_refused_by_the_database(seeded):
    w = workouts.start_workout(T0)
    link = workouts.add_exercise(w, workouts.PlannedExercise(ex("dumbbell-row")))
    assisted = workouts.add_exercise(w, workouts.PlannedExercise(ex("assisted-pull-up")))
    with pytest.raises(Exception, match="CHECK"):  # assistance stops at −500 kg
        workouts.add_set(assisted, {"weight_kg": -600.0, "reps": 10})
    with pytest.raises(ValueError, match="unknown"):
        workouts.add_set(link, {"weigth": 5})
    assert SetEntry.select().count() == 0


def test_bodyweight_on_a_day(seeded):
    assert body.bodyweight_on(dt.date(2026, 1, 1)) is None
    body.set_bodyweight(dt.date(2026, 3, 1), 82.0)
    body.set_bodyweight(dt.date(2026, 4, 1), 80.5)
    body.set_bodyweight(dt.date(2026, 4, 1), 80.0)  # same day replaces
    assert body.bodyweight_on(dt.date(2026, 3, 15)) == 82.0
    assert body.bodyweight_on(dt.date(2026, 5, 1)) == 80.0
    assert body.bodyweight_on(dt.date(2026, 1, 1)) == 82.0  # before any entry: the first
    assert body.bodyweights() == [(dt.date(2026, 4, 1), 80.0), (dt.date(2026, 3, 1), 82.0)]
    assert body.delete_bodyweight(dt.date(2026, 4, 1)) == 80.0
    assert body.bodyweights(limit=5) == [(dt.date(2026, 3, 1), 82.0)]
