"""Counts that mean what they say: the weekly goal, the streak and sessions per week count
only workouts with a completed work set of a back exercise; holds and bodyweight exercises
show up in Progress, the Library line and `stats`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from backtracker.domain import clock
from backtracker.domain.goals import COUNTED_SESSION_RULE, WeeklyGoal, WeeklyProgress
from backtracker.services import logbook, progress
from backtracker.services.preferences import Preferences
from backtracker.services.progress import Metric, Range
from backtracker.storage import body, routines, workouts
from backtracker.storage.models import Exercise

D = dt.date
PREFS = Preferences(goal_minimum=2, goal_target=3)
TODAY = D(2026, 3, 18)  # a Wednesday, pinned below whatever BACKTRACKER_TEST_NOW says


@pytest.fixture(autouse=True)
def _on_a_wednesday() -> None:
    clock.pin(dt.datetime.combine(TODAY, dt.time(9, 15)))


def ex(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def at(day: D, hour: int = 7) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def workout(day: D, sets: dict[str, list[dict[str, Any]]], *, hour: int = 7) -> int:
    """A finished workout with, per exercise key, these completed sets (values as stored)."""
    workout_id = logbook.start_workout(PREFS, started_at=at(day, hour))
    for key, values in sets.items():
        link = workouts.add_exercise(workout_id, workouts.PlannedExercise(ex(key)))
        for value in values:
            workouts.add_set(link, {"completed": True, "set_type": "normal", **value})
    logbook.finish_workout(workout_id, at(day, hour) + dt.timedelta(hours=1))
    return workout_id


def empty_workout(day: D, *, hour: int = 7) -> int:
    workout_id = logbook.start_workout(PREFS, started_at=at(day, hour))
    logbook.finish_workout(workout_id, at(day, hour) + dt.timedelta(minutes=2))
    return workout_id


def row(weight: float = 20.0, reps: int = 8, **extra: Any) -> dict[str, Any]:
    return {"weight_kg": weight, "reps": reps, **extra}


def hold(seconds: float) -> dict[str, Any]:
    return {"duration_s": seconds}


MONDAY, TUESDAY = D(2026, 3, 16), D(2026, 3, 17)


# --- the weekly goal and streak ------------------------------------------------------------


def test_three_empty_finished_workouts_are_not_three_sessions(seeded):
    for hour in (7, 8, 9):
        empty_workout(MONDAY, hour=hour)
    progress_ = logbook.weekly(PREFS)
    assert progress_.done == 0  # was "3 of 3"
    assert progress_.label == "This week 0 of 3"


def test_an_opened_but_untouched_routine_workout_does_not_count(seeded):
    routines.seed_builtin_routines()
    beginner = next(r for r in routines.list_routines() if r.builtin_key == "back-beginner")
    workout_id = logbook.start_workout(PREFS, routine_id=beginner.id, started_at=at(TUESDAY))
    assert workouts.get_workout(workout_id).exercises  # planned sets, none done
    assert logbook.weekly(PREFS).done == 0
    logbook.finish_workout(workout_id, at(TUESDAY) + dt.timedelta(minutes=5))
    assert logbook.weekly(PREFS).done == 0


def test_only_a_completed_work_set_of_a_back_exercise_makes_a_session(seeded):
    workout(MONDAY, {"dumbbell-row": [row(set_type="warmup")]})  # warm-up only
    workout(MONDAY, {"running": [{"duration_s": 1200.0, "distance_m": 3000.0}]})  # legs
    workout(MONDAY, {"kettlebell-swing": [row(16.0, 15)]}, hour=9)  # glutes, hamstrings
    planned = logbook.start_workout(PREFS, started_at=at(MONDAY, 10))
    link = workouts.add_exercise(planned, workouts.PlannedExercise(ex("dumbbell-row")))
    workouts.add_set(link, {**row(), "completed": False})  # typed but never ticked
    workouts.update_workout(planned, {"ended_at": at(MONDAY, 11)})
    assert logbook.weekly(PREFS).done == 0

    workout(TUESDAY, {"dumbbell-row": [row()]})
    workout(TUESDAY, {"superman": [hold(30.0)]}, hour=9)  # a hold of a back exercise
    assert logbook.weekly(PREFS).done == 2


def test_empty_workouts_make_no_streak(seeded):
    for weeks_back in (1, 2):
        monday = MONDAY - dt.timedelta(weeks=weeks_back)
        for hour in (7, 8, 9):
            empty_workout(monday, hour=hour)
    assert logbook.weekly(PREFS).streak_weeks == 0
    for weeks_back in (1, 2):
        monday = MONDAY - dt.timedelta(weeks=weeks_back)
        workout(monday, {"lat-pulldown": [row(40.0, 10)]}, hour=10)
        workout(monday, {"pull-up": [{"reps": 5}]}, hour=11)
    assert logbook.weekly(PREFS).streak_weeks == 2


def test_the_rule_is_spelled_out_for_the_goal_tooltip():
    assert "at least one completed work set" in COUNTED_SESSION_RULE
    assert "back exercise" in COUNTED_SESSION_RULE
    shown = WeeklyProgress(done=1, goal=WeeklyGoal(2, 3), streak_weeks=0, met_this_week=False)
    assert shown.tooltip == f"This week 1 of 3. {COUNTED_SESSION_RULE}"


# --- Progress's sessions per week ----------------------------------------------------------


def test_overview_sessions_per_week_leave_out_empty_workouts(seeded):
    last_week = MONDAY - dt.timedelta(weeks=1)
    empty_workout(last_week)
    empty_workout(last_week, hour=9)
    workout(last_week, {"dumbbell-row": [row(set_type="warmup")]}, hour=10)
    workout(MONDAY, {"face-pull": [row(15.0, 12)]})
    empty_workout(TUESDAY)
    overview = progress.overview(rng=Range.W4, today=TODAY)
    assert overview.weeks[-2:] == ((last_week, 0), (MONDAY, 1))


def test_overview_weeks_start_at_the_first_session_not_the_first_empty_workout(seeded):
    empty_workout(MONDAY - dt.timedelta(weeks=5))
    workout(MONDAY - dt.timedelta(weeks=1), {"dumbbell-row": [row()]})
    overview = progress.overview(rng=Range.ALL, today=TODAY)
    assert overview.weeks == ((MONDAY - dt.timedelta(weeks=1), 1), (MONDAY, 0))


# --- holds and bodyweight exercises everywhere ---------------------------------------------


@pytest.fixture
def holds(seeded) -> int:
    """Two Superman workouts: 30 s + 45 s, then 40 s + 50 s + 20 s (a warm-up 60 s left out)."""
    superman = ex("superman")
    workout(D(2026, 3, 9), {"superman": [hold(30.0), hold(45.0)]})
    workout(D(2026, 3, 16), {"superman": [hold(60.0) | {"set_type": "warmup"}, hold(40.0)]})
    link = workouts.get_workout(workouts.workout_summaries()[0].id).exercises[0].id
    workouts.add_set(link, {"completed": True, **hold(50.0)})
    workouts.add_set(link, {"completed": True, **hold(20.0)})
    return superman


def test_holds_are_in_the_progress_exercise_list(holds):
    assert (holds, "Superman", 2) in progress.exercises_with_history()


def test_hold_series_show_the_longest_hold_and_time_under_tension(holds):
    longest = progress.exercise_series(
        holds, Metric.LONGEST_HOLD, Range.ALL, formula="epley", unit="kg", today=TODAY
    )
    assert longest.days == (D(2026, 3, 9), D(2026, 3, 16))
    assert longest.values == (45.0, 50.0)
    assert longest.record_indices == (0, 1)
    tut = progress.exercise_series(
        holds, Metric.TIME_UNDER_TENSION, Range.ALL, formula="epley", unit="kg", today=TODAY
    )
    assert tut.values == (75.0, 110.0)
    assert tut.details == ("2 sets, longest 0:45", "3 sets, longest 0:50")


def test_metrics_follow_what_the_exercise_records(seeded):
    assert progress.metrics_for(ex("superman")) == (Metric.LONGEST_HOLD, Metric.TIME_UNDER_TENSION)
    assert progress.metrics_for(ex("pull-up"))[:2] == (Metric.MOST_REPS, Metric.TOTAL_REPS)
    assert progress.metrics_for(ex("dumbbell-row"))[0] is Metric.E1RM


def test_stats_of_holds(holds):
    numbers = progress.stats("superman", formula="epley")
    assert numbers["kind"] == "time"
    assert numbers["sessions"] == 2
    assert numbers["first_date"] == "2026-03-09"
    assert numbers["last_date"] == "2026-03-16"
    assert numbers["longest_hold_s"] == 50.0
    assert numbers["records"]["longest_hold"] == {"seconds": 50.0, "date": "2026-03-16"}
    assert numbers["time_under_tension_by_day"] == [["2026-03-09", 75.0], ["2026-03-16", 110.0]]
    text = progress.stats_text(numbers)
    assert text.splitlines()[0] == "Superman: 2 sessions, 2026-03-09 to 2026-03-16"
    assert "  Longest hold: 0:50 (2026-03-16)" in text
    assert "  Time under tension per session: 1:15, 1:50 (last 2026-03-16)" in text
    assert "1RM" not in text


def test_stats_of_bodyweight_reps_without_a_bodyweight(seeded):
    workout(D(2026, 3, 9), {"pull-up": [{"reps": 6}, {"reps": 5}]})
    workout(D(2026, 3, 16), {"pull-up": [{"reps": 8}, {"reps": 4}]})
    numbers = progress.stats("Pull-Up", formula="epley")
    assert numbers["sessions"] == 2
    assert numbers["most_reps"] == 8
    assert numbers["records"]["most_reps"] == {"reps": 8, "date": "2026-03-16"}
    assert numbers["reps_by_day"] == [["2026-03-09", 11], ["2026-03-16", 12]]
    text = progress.stats_text(numbers)
    assert "  Most reps in a set: 8 (2026-03-16)" in text
    assert "  Reps per session: 11, 12 (last 2026-03-16)" in text


def test_library_line_of_holds_and_bodyweight_reps(holds):
    line = progress.history_line(holds, formula="epley", unit="kg")
    assert line == (
        "Last 40 s, 50 s, 20 s (16 Mar 2026) · 1:50 under tension · longest hold 0:50 · 2 sessions"
    )
    workout(D(2026, 3, 16), {"pull-up": [{"reps": 8}, {"reps": 4}]}, hour=9)
    line = progress.history_line(ex("pull-up"), formula="epley", unit="kg")
    assert line == "Last 8, 4 (16 Mar 2026) · 12 reps in all · most reps 8 · 1 session"


def test_bodyweight_reps_with_a_bodyweight_keep_their_weight_figures(seeded):
    body.set_bodyweight(D(2026, 3, 1), 80.0)
    workout(D(2026, 3, 16), {"pull-up": [{"reps": 8, "weight_kg": 10.0}]})
    numbers = progress.stats("pull-up", formula="epley")
    assert numbers["kind"] == "bodyweight"
    assert numbers["heaviest_weight_kg"] == 90.0
    assert numbers["most_reps"] == 8
    text = progress.stats_text(numbers)
    assert "  Most reps in a set: 8 (2026-03-16)" in text
    assert "  Heaviest weight: 90 kg (8 × 90 kg, 2026-03-16)" in text
    line = progress.history_line(ex("pull-up"), formula="epley", unit="kg")
    assert line.endswith("most reps 8 · best e1RM 114 kg · 1 session")
    assert clock.today() == TODAY
