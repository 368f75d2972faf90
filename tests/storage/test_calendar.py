"""The training calendar's query: per day the workouts, work sets, volume and exercises; and
the weeks that met the weekly goal."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from backtracker.domain import clock
from backtracker.services import calendar as calendar_service
from backtracker.services.preferences import Preferences
from backtracker.storage import body, calendar, workouts
from backtracker.storage.models import Exercise


@pytest.fixture(autouse=True)
def _wednesday_18_march() -> None:
    """These tests count weeks up to today: their own Wednesday, whatever the suite's now."""
    clock.pin(dt.datetime(2026, 3, 18, 9, 15))


def ex(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def log(started: dt.datetime, sets: dict[str, list[dict[str, object]]], *, name: str = "") -> int:
    """A finished workout with these completed sets per exercise (catalogue key)."""
    workout_id = workouts.start_workout(started, name=name)
    for key, values in sets.items():
        link = workouts.add_exercise(workout_id, workouts.PlannedExercise(ex(key), sets=0))
        for value in values:
            workouts.add_set(link, {"completed": True, **value})
    workouts.finish_workout(workout_id, started + dt.timedelta(minutes=45))
    return workout_id


def back_session(started: dt.datetime) -> int:
    return log(started, {"dumbbell-row": [{"weight_kg": 20.0, "reps": 10}]})


def test_a_day_holds_its_workouts_work_sets_volume_and_exercises(seeded):
    morning = log(
        dt.datetime(2026, 3, 3, 7, 0),
        {
            "dumbbell-row": [
                {"weight_kg": 10.0, "reps": 12, "set_type": "warmup"},  # left out
                {"weight_kg": 20.0, "reps": 10},
                {"weight_kg": 22.5, "reps": 8},
            ],
            "face-pull": [{"weight_kg": 15.0, "reps": 15}],
            "superman": [{"duration_s": 30.0}],  # a hold: a work set without volume
        },
        name="Back: Beginner",
    )
    evening = log(dt.datetime(2026, 3, 3, 19, 0), {"lat-pulldown": [{"weight_kg": 40, "reps": 10}]})
    log(dt.datetime(2026, 3, 5, 7, 0), {"dumbbell-row": [{"weight_kg": 20.0, "reps": 10}]})
    days = calendar.training_days(dt.date(2026, 3, 1), dt.date(2026, 3, 4))
    assert list(days) == [dt.date(2026, 3, 3)]  # 5 March is outside the span
    day = days[dt.date(2026, 3, 3)]
    first, second = day.workouts
    assert (first.id, first.name, second.id) == (morning, "Back: Beginner", evening)
    assert first.exercise_names == ("Dumbbell Row", "Face Pull", "Superman")
    assert [e.sets for e in first.exercises] == [2, 1, 1]
    assert first.sets == 4
    assert first.volume_kg == pytest.approx(20 * 10 + 22.5 * 8 + 15 * 15)
    assert day.sets == 5
    assert day.volume_kg == pytest.approx(605 + 400)


def test_warm_ups_unfinished_sets_and_empty_workouts_are_not_training(seeded):
    log(
        dt.datetime(2026, 3, 2, 7, 0),
        {"dumbbell-row": [{"weight_kg": 8, "reps": 12, "set_type": "warmup"}]},
    )
    planned = workouts.start_workout(
        dt.datetime(2026, 3, 3, 7, 0),
        plan=(workouts.PlannedExercise(ex("dumbbell-row"), sets=3),),
    )
    workouts.finish_workout(planned, dt.datetime(2026, 3, 3, 8, 0))
    workouts.start_workout(dt.datetime(2026, 3, 4, 7, 0))  # opened and left empty
    assert calendar.training_days(dt.date(2026, 3, 1), dt.date(2026, 3, 8)) == {}
    assert not calendar.has_training()
    back_session(dt.datetime(2026, 3, 5, 7, 0))
    assert calendar.has_training()


def test_bodyweight_one_sided_and_assisted_volume(seeded):
    body.set_bodyweight(dt.date(2026, 3, 1), 80.0)
    log(
        dt.datetime(2026, 3, 3, 7, 0),
        {
            "pull-up": [{"weight_kg": 10.0, "reps": 5}, {"weight_kg": -20.0, "reps": 8}],
            "single-arm-dumbbell-row": [
                {"weight_kg": 30.0, "reps": 8, "reps_left": 9, "reps_right": 8},
                {"weight_kg": 30.0, "reps": 10},  # "each side"
            ],
        },
    )
    (day,) = calendar.training_days(dt.date(2026, 3, 3), dt.date(2026, 3, 3)).values()
    pull_ups, rows = day.workouts[0].exercises
    assert pull_ups.volume_kg == pytest.approx(90 * 5 + 60 * 8)
    assert rows.volume_kg == pytest.approx(30 * 17 + 30 * 20)  # both sides count


def test_weeks_that_met_the_goal(seeded):
    # Week of Mon 2 Mar: two back sessions; week of 9 Mar: one; week of 16 Mar: three.
    for day in (2, 4, 10, 16, 17, 18):
        back_session(dt.datetime(2026, 3, day, 7, 0))
    prefs = Preferences(goal_minimum=2, goal_target=3)
    found = calendar_service.span(dt.date(2026, 3, 1), dt.date(2026, 3, 31), prefs)
    assert found.goal_weeks == [dt.date(2026, 3, 2), dt.date(2026, 3, 16)]
    assert found.sessions(dt.date(2026, 3, 12)) == 1
    assert found.met_goal(dt.date(2026, 3, 22))  # a Sunday: its week is the one of 16 March
    assert not found.met_goal(dt.date(2026, 3, 9))
    stricter = calendar_service.span(
        dt.date(2026, 3, 1), dt.date(2026, 3, 31), Preferences(goal_minimum=3, goal_target=3)
    )
    assert stricter.goal_weeks == [dt.date(2026, 3, 16)]


def test_a_workout_of_no_back_exercise_is_training_but_not_a_session(seeded):
    log(dt.datetime(2026, 3, 2, 7, 0), {"running": [{"duration_s": 1200.0, "distance_m": 4000}]})
    log(dt.datetime(2026, 3, 3, 7, 0), {"running": [{"duration_s": 1200.0, "distance_m": 4000}]})
    found = calendar_service.span(dt.date(2026, 3, 1), dt.date(2026, 3, 8), Preferences())
    assert len(found.days) == 2
    assert found.goal_weeks == []


def test_a_week_across_the_new_year_counts_whole_in_both_years(seeded):
    back_session(dt.datetime(2025, 12, 30, 18, 0))  # Tuesday of the week of Mon 29 Dec
    back_session(dt.datetime(2026, 1, 2, 18, 0))  # Friday of the same week
    prefs = Preferences(goal_minimum=2, goal_target=3)
    year_2025 = calendar_service.span(dt.date(2025, 1, 1), dt.date(2025, 12, 31), prefs)
    year_2026 = calendar_service.span(dt.date(2026, 1, 1), dt.date(2026, 12, 31), prefs)
    assert year_2025.goal_weeks == [dt.date(2025, 12, 29)]
    assert year_2026.goal_weeks == [dt.date(2025, 12, 29)]
    assert list(year_2025.days) == [dt.date(2025, 12, 30)]
    assert list(year_2026.days) == [dt.date(2026, 1, 2)]


@pytest.mark.parametrize(
    "started",
    [
        dt.datetime(2026, 3, 8, 0, 30),  # St John's springs forward at 02:00 that Sunday
        dt.datetime(2026, 3, 8, 2, 30),  # a local time that does not exist that night
        dt.datetime(2026, 3, 7, 23, 45),
        dt.datetime(2026, 11, 1, 1, 30),  # falls back at 02:00: 01:30 happens twice
        dt.datetime(2026, 11, 1, 23, 59),
    ],
)
def test_daylight_saving_nights_do_not_move_a_day(seeded, monkeypatch, started):
    monkeypatch.setenv("TZ", "America/St_Johns")
    time.tzset()
    try:
        clock.pin(dt.datetime(2026, 11, 2, 9, 0))
        workout_id = back_session(started)
        days = calendar.training_days(started.date() - dt.timedelta(days=1), started.date())
        assert list(days) == [started.date()]
        assert days[started.date()].workouts[0].id == workout_id
        assert days[started.date()].workouts[0].started_at == started
    finally:
        monkeypatch.undo()
        time.tzset()
