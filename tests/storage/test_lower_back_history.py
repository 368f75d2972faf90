"""Progress ▸ Lower back queries: weekly hard sets of high and moderate spinal-load exercises,
the discomfort flags and the posture check-ins, each one query over a range.

Hand-worked history (catalogue loads: Barbell Row and Deadlift high, Kettlebell Row moderate
and one-sided, Lat Pulldown low, Rowing Machine moderate but cardio):

    Tue 2025-12-30  Barbell Row: 3 work sets + 2 warm-ups + 1 not completed → 3 high
                    Kettlebell Row: 8/7 (left/right) and 6 each side → 2 moderate, not 4
                    Lat Pulldown: 3 work sets → low, not counted
    Fri 2026-01-02  Deadlift: 2 work sets → 2 high, in the week of Mon 2025-12-29 too
                    Rowing Machine: 1 completed interval → cardio, not a hard set
    Mon 2026-01-05  Barbell Row: 4 work sets → 4 high, the next week
So the week across New Year (Mon 29 Dec 2025 – Sun 4 Jan 2026) has 5 high and 2 moderate.
"""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.services import discomfort
from backtracker.storage import lower_back_history as history
from backtracker.storage import workouts
from backtracker.storage.models import Exercise

DONE = {"completed": True}


def exercise_id(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def add(workout: int, key: str) -> int:
    return workouts.add_exercise(workout, workouts.PlannedExercise(exercise_id(key)))


def work(link: int, count: int, **values: object) -> None:
    for _ in range(count):
        workouts.add_set(link, {"weight_kg": 60.0, "reps": 8, **DONE, **values})


@pytest.fixture
def weeks(seeded) -> dict[str, object]:
    tuesday = workouts.start_workout(dt.datetime(2025, 12, 30, 18, 0))
    row = add(tuesday, "barbell-row")
    work(row, 3)
    work(row, 2, set_type="warmup")
    workouts.add_set(row, {"weight_kg": 60.0, "reps": 8, "completed": False})
    kettlebell = add(tuesday, "kettlebell-row")
    workouts.add_set(
        kettlebell, {"weight_kg": 24.0, "reps": 7, "reps_left": 8, "reps_right": 7, **DONE}
    )
    workouts.add_set(kettlebell, {"weight_kg": 24.0, "reps": 6, **DONE})
    work(add(tuesday, "lat-pulldown"), 3)
    workouts.update_workout(tuesday, {"posture_score": 2, "posture_note": "stiff after rows"})

    friday = workouts.start_workout(dt.datetime(2026, 1, 2, 7, 30))
    deadlift = add(friday, "deadlift")
    work(deadlift, 2)
    rower = add(friday, "rowing-machine")
    workouts.add_set(rower, {"distance_m": 2000.0, "duration_s": 480.0, **DONE})
    workouts.update_workout(friday, {"posture_score": 4})

    monday = workouts.start_workout(dt.datetime(2026, 1, 5, 18, 0))
    late_row = add(monday, "barbell-row")
    work(late_row, 4)
    discomfort.save(tuesday, {row: (6, "sharp, left side"), None: (3, "")})
    discomfort.save(friday, {deadlift: (4, "")})
    discomfort.save(monday, {late_row: (2, "")})
    return {"tuesday": tuesday, "friday": friday, "monday": monday, "row": row}


def test_weekly_high_and_moderate_sets_across_new_year(weeks):
    rows = history.weekly_load_sets(dt.date(2025, 12, 1), dt.date(2026, 1, 12))
    assert rows == [
        (dt.date(2025, 12, 29), "high", 5),  # warm-ups and the set not done left out
        (dt.date(2025, 12, 29), "moderate", 2),  # one-sided sets once; the rower is cardio
        (dt.date(2026, 1, 5), "high", 4),
    ]


def test_the_range_is_by_workout_day_and_none_means_from_the_start(weeks):
    # From Fri 2 Jan: Tuesday's workout is out, the Monday one is in.
    assert history.weekly_load_sets(dt.date(2026, 1, 2), dt.date(2026, 1, 12)) == [
        (dt.date(2025, 12, 29), "high", 2),
        (dt.date(2026, 1, 5), "high", 4),
    ]
    # Up to, not including, Mon 5 Jan.
    assert history.weekly_load_sets(None, dt.date(2026, 1, 5)) == [
        (dt.date(2025, 12, 29), "high", 5),
        (dt.date(2025, 12, 29), "moderate", 2),
    ]


def test_flags_by_workout_day_the_lower_back_first(weeks):
    rows = history.flags(dt.date(2025, 12, 29), dt.date(2026, 1, 12))
    assert [(r.day, r.exercise, r.score, r.note) for r in rows] == [
        (dt.date(2025, 12, 30), None, 3, ""),
        (dt.date(2025, 12, 30), "Barbell Row", 6, "sharp, left side"),
        (dt.date(2026, 1, 2), "Deadlift", 4, ""),
        (dt.date(2026, 1, 5), "Barbell Row", 2, ""),
    ]
    assert rows[1].exercise_id == exercise_id("barbell-row")
    assert rows[0].exercise_id is None
    assert rows[1].workout_id == weeks["tuesday"]
    assert [r.day for r in history.flags(None, dt.date(2026, 1, 2))] == [dt.date(2025, 12, 30)] * 2


def test_posture_checkins(weeks):
    rows = history.posture_checkins(None, dt.date(2026, 1, 12))
    assert [(r.workout_id, r.day, r.score, r.note) for r in rows] == [
        (weeks["tuesday"], dt.date(2025, 12, 30), 2, "stiff after rows"),
        (weeks["friday"], dt.date(2026, 1, 2), 4, ""),
    ]
    assert history.posture_checkins(dt.date(2026, 1, 3), dt.date(2026, 1, 12)) == []


def test_has_any(seeded):
    assert not history.has_any()
    workout = workouts.start_workout(dt.datetime(2026, 3, 2, 18, 0))
    assert not history.has_any()
    workouts.update_workout(workout, {"posture_score": 3})
    assert history.has_any()


def test_one_query_per_series(weeks, monkeypatch):
    from backtracker.storage.models import db

    calls: list[str] = []
    original = db.execute_sql

    def counting(sql: str, params: object = None) -> object:
        calls.append(sql)
        return original(sql, params)

    monkeypatch.setattr(db, "execute_sql", counting)
    history.weekly_load_sets(None, dt.date(2027, 1, 1))
    history.flags(None, dt.date(2027, 1, 1))
    history.posture_checkins(None, dt.date(2027, 1, 1))
    assert len(calls) == 3
