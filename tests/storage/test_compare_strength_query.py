"""Compare mode's strength line comes from one query over the 28 days up to each photo's date
(`storage.photos.strength_changes`): the windows' edges, one-sided sets by their weaker side,
warm-ups and unfinished sets left out, bodyweight exercises at that day's bodyweight, the main
lifts by sessions; and the same numbers as the per-exercise path it replaced, on a demo
profile.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from backtracker.domain.photos import percent_change_text
from backtracker.domain.strength import Formula
from backtracker.domain.units import Unit, format_number, from_kg
from backtracker.services import photos as photo_service
from backtracker.storage import body, progress, workouts
from backtracker.storage.models import Exercise
from backtracker.storage.photos import StrengthChange, strength_changes

WINDOW = photo_service.STRENGTH_WINDOW_DAYS
FIRST = dt.date(2026, 1, 31)
LAST = dt.date(2026, 6, 30)
DONE = {"completed": True}


def exercise(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def log(day: dt.date, key: str, *sets: dict[str, object], hour: int = 18) -> None:
    """One workout on `day` with these sets of one exercise (completed unless they say)."""
    workout = workouts.start_workout(dt.datetime.combine(day, dt.time(hour)))
    link = workouts.add_exercise(workout, workouts.PlannedExercise(exercise(key)))
    for values in sets:
        workouts.add_set(link, {**DONE, **values})


def changes(first: dt.date = FIRST, last: dt.date = LAST, formula: str = "epley", limit: int = 3):
    return strength_changes(first, last, formula=formula, window_days=WINDOW, limit=limit)


def epley(weight: float, reps: int) -> float:
    return weight if reps == 1 else weight * (1.0 + reps / 30.0)


def test_each_window_is_the_28_days_up_to_its_date(seeded):
    window = dt.timedelta(days=WINDOW - 1)
    log(FIRST - window - dt.timedelta(days=1), "barbell-row", {"weight_kg": 200.0, "reps": 5})
    log(FIRST - window, "barbell-row", {"weight_kg": 60.0, "reps": 5})  # the first day in
    log(FIRST, "barbell-row", {"weight_kg": 50.0, "reps": 5}, hour=23)  # late on the last
    log(FIRST + dt.timedelta(days=1), "barbell-row", {"weight_kg": 190.0, "reps": 5})
    log(LAST - window - dt.timedelta(days=1), "barbell-row", {"weight_kg": 180.0, "reps": 5})
    log(LAST, "barbell-row", {"weight_kg": 70.0, "reps": 3}, hour=6)
    log(LAST + dt.timedelta(days=1), "barbell-row", {"weight_kg": 170.0, "reps": 5})

    (change,) = changes()

    assert change == StrengthChange(
        exercise("barbell-row"), "Barbell Row", epley(60, 5), 70.0 * 1.1
    )
    assert changes(LAST, FIRST) == [change]  # either order


def test_overlapping_windows_share_their_sets(seeded):
    log(dt.date(2026, 3, 1), "barbell-row", {"weight_kg": 80.0, "reps": 8})
    log(dt.date(2026, 3, 10), "barbell-row", {"weight_kg": 120.0, "reps": 1})
    log(dt.date(2026, 3, 10), "barbell-row", {"weight_kg": 95.0, "reps": 10})

    (change,) = changes(dt.date(2026, 3, 5), dt.date(2026, 3, 12))

    assert (change.before_kg, change.after_kg) == (epley(80, 8), epley(95, 10))


def test_a_one_sided_set_counts_by_its_weaker_side(seeded):
    for day in (FIRST, LAST):
        log(
            day,
            "single-arm-dumbbell-row",
            {"weight_kg": 20.0, "reps": 7, "reps_left": 8, "reps_right": 7},
        )

    (change,) = changes()

    assert change.before_kg == change.after_kg == pytest.approx(20.0 * (1 + 7 / 30))


def test_warm_ups_unfinished_sets_and_long_sets_are_left_out(seeded):
    for day in (FIRST, LAST):
        log(
            day,
            "barbell-row",
            {"weight_kg": 140.0, "reps": 3, "set_type": "warmup"},
            {"weight_kg": 150.0, "reps": 3, "completed": False},
            {"weight_kg": 160.0, "reps": 13},  # past 12 reps: no estimate
            {"weight_kg": 0.0, "reps": 5},
            {"weight_kg": 60.0, "reps": 5},
        )
    log(FIRST, "lat-pulldown", {"weight_kg": 50.0, "reps": 10, "set_type": "warmup"})
    log(LAST, "lat-pulldown", {"weight_kg": 50.0, "reps": 10})

    assert changes() == [
        StrengthChange(exercise("barbell-row"), "Barbell Row", epley(60, 5), epley(60, 5))
    ]


def test_a_bodyweight_exercise_is_read_at_that_days_bodyweight(seeded):
    body.set_bodyweight(FIRST - dt.timedelta(days=40), 80.0)
    body.set_bodyweight(LAST - dt.timedelta(days=3), 76.0)
    log(FIRST, "pull-up", {"weight_kg": 10.0, "reps": 5})
    log(LAST, "assisted-pull-up", {"weight_kg": -20.0, "reps": 8})
    log(LAST, "pull-up", {"reps": 6})

    (pull_up,) = changes()

    assert pull_up.name == "Pull-Up"
    assert pull_up.before_kg == pytest.approx(epley(90.0, 5))
    assert pull_up.after_kg == pytest.approx(epley(76.0, 6))


def test_the_main_lifts_are_those_with_most_sessions_with_an_estimate_on_both_sides(seeded):
    for day in (FIRST, LAST):
        for key in ("barbell-row", "lat-pulldown", "seated-cable-row", "face-pull"):
            log(day, key, {"weight_kg": 40.0, "reps": 10})
    for days_back in range(60, 66):  # more sessions, long ago
        log(FIRST - dt.timedelta(days=days_back), "face-pull", {"weight_kg": 10.0, "reps": 15})
    log(FIRST - dt.timedelta(days=70), "seated-cable-row", {"weight_kg": 30.0, "reps": 10})
    log(FIRST - dt.timedelta(days=71), "seated-cable-row", {"duration_s": 30.0})  # a hold
    log(LAST, "dumbbell-row", {"weight_kg": 30.0, "reps": 8})  # only after: not a change
    for days_back in range(1, 20):
        log(
            FIRST - dt.timedelta(days=200 + days_back),
            "dumbbell-row",
            {"weight_kg": 9.0, "reps": 9},
        )

    names = [change.name for change in changes()]

    assert names == ["Face Pull", "Seated Cable Row", "Barbell Row"]  # then by name
    assert [change.name for change in changes(limit=4)][-1] == "Lat Pulldown"
    assert changes(FIRST - dt.timedelta(days=400), FIRST - dt.timedelta(days=300)) == []


# -- the same numbers as before ---------------------------------------------------------------
def per_exercise_changes(first: dt.date, last: dt.date, formula: str) -> list[StrengthChange]:
    """The path compare mode used before: every exercise with history, most sessions first,
    each one's per-day figures read on its own, until three have an estimate on both sides."""
    first, last = min(first, last), max(first, last)
    window = dt.timedelta(days=WINDOW - 1)
    found = []
    for exercise_id, name, _ in progress.exercises_with_history():
        days = progress.exercise_days(exercise_id, formula=Formula(formula), since=first - window)
        before, after = (
            max(
                (d.best_e1rm_kg for d in days if end - window <= d.day <= end and d.best_e1rm_kg),
                default=None,
            )
            for end in (first, last)
        )
        if before is not None and after is not None:
            found.append(StrengthChange(exercise_id, name, before, after))
        if len(found) == 3:
            break
    return found


@pytest.fixture
def demo(seeded):
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.routines import seed_builtin_routines

    seed_builtin_routines()
    today = dt.date(2026, 3, 1)
    fill_demo_profile(today=today, weeks=52)
    return today


def test_the_same_numbers_as_the_per_exercise_path_on_a_demo_profile(demo):
    today = demo
    ends = [today - dt.timedelta(days=days) for days in (0, 9, 30, 120, 300, 370, 600)]
    compared = 0
    for (first, last), formula in itertools.product(
        itertools.combinations(ends, 2), ("epley", "brzycki")
    ):
        expected = per_exercise_changes(first, last, formula)
        assert changes(first, last, formula) == expected, (first, last, formula)  # exact floats
        compared += bool(expected)
    assert compared >= 20  # most pairs have main lifts on both sides

    # And the line compare mode shows, in kg and in pounds.
    first, last = today - dt.timedelta(days=300), today
    for unit in ("kg", "lb"):
        lines = [
            f"{c.name} e1RM {format_number(from_kg(c.before_kg, Unit(unit)), 1)} → "
            f"{format_number(from_kg(c.after_kg, Unit(unit)), 1)} {unit} "
            f"({percent_change_text(c.before_kg, c.after_kg)})"
            for c in per_exercise_changes(first, last, "epley")
        ]
        assert len(lines) == 3
        assert photo_service.strength_change(first, last, formula="epley", unit=unit) == lines
