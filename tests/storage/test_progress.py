"""Progress queries against a small history whose numbers are worked out by hand below.

Dumbbell Row (weights in kg, "W" a warm-up, "x" not completed):
    Mon 2026-01-05  W 10×12, 20×8, 22.5×5, 15×15, x 30×3
    Wed 2026-01-07  25×1, 21×6, W 40×1
    Wed 2026-01-14  20×8 in the morning and 20×8 in the evening (two workouts)
    Wed 2026-01-21  30×5, 35×1            (Epley: both 35.0, a tie)
    Wed 2026-02-04  35×1, 22.5×5, 25×2
    Fri 2026-02-06  W 10×12 only          (a workout, but no work set)
Pull-Up (bodyweight 80 kg from 2026-01-01, 78 kg from 2026-01-10):
    Sat 2025-12-20  6 reps                (before any entry: the earliest, 80 kg)
    Wed 2026-01-07  8 reps                (80 kg)
    Mon 2026-01-12  +10 kg × 5            (78 + 10 = 88 kg)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from backtracker.domain.strength import estimate_one_rep_max
from backtracker.storage import body, exercises, progress, workouts
from backtracker.storage.models import Exercise

D = dt.date
WARMUP = "warmup"


def exercise_id(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def log(started: dt.datetime, plan: dict[int, list[tuple[Any, ...]]]) -> int:
    """A workout with, per exercise, sets of (weight, reps[, set_type[, completed]])."""
    workout_id = workouts.start_workout(started)
    for exercise, sets in plan.items():
        link = workouts.add_exercise(workout_id, workouts.PlannedExercise(exercise))
        for weight, reps, *rest in sets:
            set_type = rest[0] if rest else "normal"
            completed = rest[1] if len(rest) > 1 else True
            workouts.add_set(
                link,
                {"weight_kg": weight, "reps": reps, "set_type": set_type, "completed": completed},
            )
    # Not finish_workout(): that drops unfinished sets, and these must stay to be ignored.
    workouts.update_workout(workout_id, {"ended_at": started + dt.timedelta(hours=1)})
    return workout_id


def at(day: str, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(D.fromisoformat(day), dt.time(hour))


def log_history() -> tuple[int, int]:
    """Write the history in the module docstring; returns (row id, pull-up id)."""
    row, pull = exercise_id("dumbbell-row"), exercise_id("pull-up")
    body.set_bodyweight(D(2026, 1, 1), 80.0)
    body.set_bodyweight(D(2026, 1, 10), 78.0)
    log(at("2025-12-20", 10), {pull: [(None, 6)]})
    log(
        at("2026-01-05"),
        {row: [(10.0, 12, WARMUP), (20.0, 8), (22.5, 5), (15.0, 15), (30.0, 3, "normal", False)]},
    )
    log(at("2026-01-07"), {row: [(25.0, 1), (21.0, 6), (40.0, 1, WARMUP)], pull: [(None, 8)]})
    log(at("2026-01-12"), {pull: [(10.0, 5)]})
    log(at("2026-01-14", 8), {row: [(20.0, 8)]})
    log(at("2026-01-14", 19), {row: [(20.0, 8, "failure")]})
    log(at("2026-01-21"), {row: [(30.0, 5), (35.0, 1)]})
    log(at("2026-02-04"), {row: [(35.0, 1), (22.5, 5), (25.0, 2, "drop")]})
    log(at("2026-02-06"), {row: [(10.0, 12, WARMUP)]})
    return row, pull


@pytest.fixture
def history(seeded) -> tuple[int, int]:
    return log_history()


def close(line: tuple[Any, ...]) -> tuple[Any, ...]:
    """The line with its floats compared to 12 significant digits."""
    return tuple(pytest.approx(v, rel=1e-12) if isinstance(v, float) else v for v in line)


def rows(days: list[progress.DayStats]) -> list[tuple[Any, ...]]:
    return [
        (
            d.day,
            d.best_e1rm_kg,
            d.heaviest_kg,
            d.best_set_volume_kg,
            d.session_volume_kg,
            d.total_reps,
            d.best_set_weight_kg,
            d.best_set_reps,
        )
        for d in days
    ]


# --- per day --------------------------------------------------------------------------------

ROW_EPLEY = [
    # day, best e1RM, heaviest, best set volume, session volume, reps, best set
    (D(2026, 1, 5), 22.5 * 35 / 30, 22.5, 225.0, 160 + 112.5 + 225, 28, 22.5, 5),
    (D(2026, 1, 7), 21 * 36 / 30, 25.0, 126.0, 25 + 126, 7, 21.0, 6),
    (D(2026, 1, 14), 20 * 38 / 30, 20.0, 160.0, 320.0, 16, 20.0, 8),
    (D(2026, 1, 21), 35.0, 35.0, 150.0, 185.0, 6, 35.0, 1),  # 30×5 ties; the heavier wins
    (D(2026, 2, 4), 35.0, 35.0, 112.5, 35 + 112.5 + 50, 8, 35.0, 1),
]
ROW_BRZYCKI = [
    (D(2026, 1, 5), 22.5 * 36 / 32, 22.5, 225.0, 497.5, 28, 22.5, 5),
    (D(2026, 1, 7), 25.0, 25.0, 126.0, 151.0, 7, 25.0, 1),  # 21×6 gives only 24.39 here
    (D(2026, 1, 14), 20 * 36 / 29, 20.0, 160.0, 320.0, 16, 20.0, 8),
    (D(2026, 1, 21), 35.0, 35.0, 150.0, 185.0, 6, 35.0, 1),
    (D(2026, 2, 4), 35.0, 35.0, 112.5, 197.5, 8, 35.0, 1),
]


@pytest.mark.parametrize(("formula", "expected"), [("epley", ROW_EPLEY), ("brzycki", ROW_BRZYCKI)])
def test_days_by_hand(history, formula, expected):
    row, _ = history
    assert rows(progress.exercise_days(row, formula=formula)) == [close(line) for line in expected]


def test_estimates_are_the_domain_floats_exactly(history):
    """The SQL and `estimate_one_rep_max` agree to the last bit (reps cast to REAL)."""
    row, _ = history
    for formula in ("epley", "brzycki"):
        for day in progress.exercise_days(row, formula=formula):
            assert day.best_e1rm_kg == estimate_one_rep_max(
                day.best_set_weight_kg, day.best_set_reps, formula
            )


def test_integer_division_would_show(history):
    """20×8 by Epley is 25.33; with reps/30 done in integers it would read 20.0."""
    row, _ = history
    jan14 = progress.exercise_days(row, since=D(2026, 1, 14))[0]
    assert jan14.best_e1rm_kg == pytest.approx(25.3333333333, rel=1e-9)


def test_since_is_inclusive(history):
    row, _ = history
    days = progress.exercise_days(row, since=D(2026, 1, 14))
    assert [d.day for d in days] == [D(2026, 1, 14), D(2026, 1, 21), D(2026, 2, 4)]
    assert progress.exercise_days(row, since=D(2026, 2, 5)) == []


def test_bodyweight_exercises_load_that_days_bodyweight(history):
    _, pull = history
    assert rows(progress.exercise_days(pull)) == [
        close(line)
        for line in [
            (D(2025, 12, 20), 80 * 1.2, 80.0, 480.0, 480.0, 6, 80.0, 6),  # earliest entry
            (D(2026, 1, 7), 80 * 38 / 30, 80.0, 640.0, 640.0, 8, 80.0, 8),
            (D(2026, 1, 12), 88 * 35 / 30, 88.0, 440.0, 440.0, 5, 88.0, 5),  # 78 + 10
        ]
    ]


def test_without_any_bodyweight_a_bodyweight_set_has_reps_but_no_load(seeded):
    pull = exercise_id("pull-up")
    log(at("2026-03-02"), {pull: [(None, 10), (None, 8)]})
    (day,) = progress.exercise_days(pull)
    assert (day.total_reps, day.session_volume_kg) == (18, 0.0)
    assert day.best_e1rm_kg is day.heaviest_kg is day.best_set_weight_kg is None


def test_a_day_of_only_long_sets_has_no_estimate(seeded):
    row = exercise_id("dumbbell-row")
    log(at("2026-03-02"), {row: [(10.0, 15), (12.0, 13)]})
    (day,) = progress.exercise_days(row)
    assert day.best_e1rm_kg is None and day.best_set_reps is None
    assert (day.heaviest_kg, day.best_set_volume_kg, day.total_reps) == (12.0, 156.0, 28)


def test_an_exercise_without_work_sets_has_no_days(history):
    assert progress.exercise_days(exercise_id("face-pull")) == []


# --- records --------------------------------------------------------------------------------


def test_records_by_hand(history):
    row, _ = history
    records = progress.exercise_records(row)
    # 35×1 on 01-21 ties 30×5 the same day (heavier wins) and 35×1 on 02-04 (earlier wins).
    assert records.best_e1rm == progress.Record(35.0, D(2026, 1, 21), 35.0, 1)
    # The 40 kg warm-up and the unfinished 30×3 are no records.
    assert records.heaviest == progress.Record(35.0, D(2026, 1, 21), 35.0, 1)
    # The 15-rep set is too long for an estimate but holds the set-volume record.
    assert records.best_set_volume == progress.Record(225.0, D(2026, 1, 5), 15.0, 15)
    assert records.by_reps == {
        1: progress.Record(35.0, D(2026, 1, 21), 35.0, 1),
        2: progress.Record(25.0, D(2026, 2, 4), 25.0, 2),
        5: progress.Record(30.0, D(2026, 1, 21), 30.0, 5),
        6: progress.Record(21.0, D(2026, 1, 7), 21.0, 6),
        8: progress.Record(20.0, D(2026, 1, 5), 20.0, 8),  # again on 01-14: earliest wins
    }


def test_records_follow_the_formula(history):
    row, _ = history
    log(at("2026-02-09"), {row: [(32.5, 4)]})  # Epley 36.83, Brzycki 36.11: a record
    epley = progress.exercise_records(row, formula="epley").best_e1rm
    brzycki = progress.exercise_records(row, formula="brzycki").best_e1rm
    assert epley == progress.Record(pytest.approx(32.5 * 34 / 30), D(2026, 2, 9), 32.5, 4)
    assert brzycki == progress.Record(pytest.approx(32.5 * 36 / 33), D(2026, 2, 9), 32.5, 4)


def test_bodyweight_records_include_the_bodyweight(history):
    _, pull = history
    records = progress.exercise_records(pull)
    assert records.best_e1rm == progress.Record(
        pytest.approx(88 * 35 / 30), D(2026, 1, 12), 88.0, 5
    )
    assert records.heaviest == progress.Record(88.0, D(2026, 1, 12), 88.0, 5)
    assert records.best_set_volume == progress.Record(640.0, D(2026, 1, 7), 80.0, 8)
    assert set(records.by_reps) == {5, 6, 8}


def test_no_records_without_work_sets(history):
    empty = progress.exercise_records(exercise_id("face-pull"))
    assert empty == progress.Records(None, None, None, {})


# --- counts, lists and lookups --------------------------------------------------------------


def test_sessions_count_workouts_with_a_work_set(history):
    row, pull = history
    assert progress.session_count(row) == 6  # two on 01-14; the warm-up-only one doesn't count
    assert progress.session_count(pull) == 3
    assert progress.session_count(exercise_id("face-pull")) == 0


def test_exercises_with_history_most_sessions_first_then_by_name(history):
    row, pull = history
    chin = exercise_id("chin-up")
    for day in ("2026-03-02", "2026-03-04", "2026-03-06"):
        log(at(day), {chin: [(None, 5)]})
    assert progress.exercises_with_history() == [
        (row, "Dumbbell Row", 6),
        (chin, "Chin-Up", 3),
        (pull, "Pull-Up", 3),
    ]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Dumbbell Row", "dumbbell-row"),
        ("dumbbell row", "dumbbell-row"),
        ("DB ROW", "dumbbell-row"),  # an alias
        ("  pull   up ", "pull-up"),  # alias "Pull Up", spaces tidied
        ("RDL", "romanian-deadlift"),
    ],
)
def test_find_exercise_by_name_or_alias(seeded, typed, key):
    assert progress.find_exercise(typed) == (
        exercise_id(key),
        Exercise.get_by_id(exercise_id(key)).name,
    )


def test_find_exercise_includes_archived_and_refuses_unknowns(seeded):
    row = exercise_id("dumbbell-row")
    exercises.set_archived(row, True)
    assert progress.find_exercise("dumbbell row") == (row, "Dumbbell Row")
    assert progress.find_exercise("dumbbell") is None
    assert progress.find_exercise("") is None


# --- overview -------------------------------------------------------------------------------


def test_sessions_per_week_include_weeks_without_any(history):
    assert progress.sessions_per_week(until=D(2026, 2, 8)) == [
        (D(2025, 12, 15), 1),
        (D(2025, 12, 22), 0),
        (D(2025, 12, 29), 0),
        (D(2026, 1, 5), 2),
        (D(2026, 1, 12), 3),
        (D(2026, 1, 19), 1),
        (D(2026, 1, 26), 0),
        (D(2026, 2, 2), 1),  # the warm-up-only workout is not a session
    ]


def test_sessions_per_week_since_a_midweek_day_and_until_a_later_week(history):
    assert progress.sessions_per_week(since=D(2026, 1, 14), until=D(2026, 2, 17)) == [
        (D(2026, 1, 12), 3),
        (D(2026, 1, 19), 1),
        (D(2026, 1, 26), 0),
        (D(2026, 2, 2), 1),
        (D(2026, 2, 9), 0),
        (D(2026, 2, 16), 0),
    ]


def test_sessions_per_week_without_workouts(profile):
    assert progress.sessions_per_week(until=D(2026, 2, 8)) == []
    assert progress.sessions_per_week(since=D(2026, 1, 28), until=D(2026, 2, 8)) == [
        (D(2026, 1, 26), 0),
        (D(2026, 2, 2), 0),
    ]


def test_weekly_volume_is_split_across_primary_muscles(history):
    row, pull = history
    assert exercises.get_exercise(row).primary_muscles == ("lats", "rhomboids", "trapezius")
    assert exercises.get_exercise(pull).primary_muscles == ("lats",)
    third = {  # Dumbbell Row volume per week, a third to each of its muscles
        D(2026, 1, 5): (497.5 + 151) / 3,
        D(2026, 1, 12): 320 / 3,
        D(2026, 1, 19): 185 / 3,
        D(2026, 2, 2): 197.5 / 3,
    }
    pull_ups = {D(2025, 12, 15): 480.0, D(2026, 1, 5): 640.0, D(2026, 1, 12): 440.0}
    expected = []
    for week in sorted(third.keys() | pull_ups.keys()):
        lats = third.get(week, 0.0) + pull_ups.get(week, 0.0)
        expected.append((week, "lats", pytest.approx(lats)))
        if week in third:
            expected.append((week, "rhomboids", pytest.approx(third[week])))
            expected.append((week, "trapezius", pytest.approx(third[week])))
    assert progress.weekly_volume_by_muscle() == expected


def test_weekly_volume_of_a_bodyweight_exercise_needs_a_bodyweight(seeded):
    pull, row = exercise_id("pull-up"), exercise_id("dumbbell-row")
    log(at("2026-03-04"), {pull: [(5.0, 6)], row: [(10.0, 12, WARMUP)]})
    assert progress.weekly_volume_by_muscle() == []  # not the 30 kg of added weight alone
    body.set_bodyweight(D(2026, 3, 9), 70.0)  # later, but the only entry: it is used
    assert progress.weekly_volume_by_muscle() == [(D(2026, 3, 2), "lats", 450.0)]


def test_weekly_volume_since_starts_on_that_weeks_monday(history):
    weeks = {week for week, _, _ in progress.weekly_volume_by_muscle(since=D(2026, 1, 20))}
    assert weeks == {D(2026, 1, 19), D(2026, 2, 2)}


def test_bodyweight_series_oldest_first(history):
    assert progress.bodyweight_series() == [(D(2026, 1, 1), 80.0), (D(2026, 1, 10), 78.0)]
    assert progress.bodyweight_series(since=D(2026, 1, 10)) == [(D(2026, 1, 10), 78.0)]
