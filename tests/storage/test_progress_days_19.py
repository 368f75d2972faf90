"""storage.progress.exercise_days reads an exercise whose load is its weight per workout
(`_workout_days_sql`); storage.progress_records.records_from_days finds the best estimate
per rep count. Both must give exactly what the general per-day query (`_days_sql`) and
`exercise_records` give: same days, same floats (volume summed in the same order), same
records, on a generated history, a demo profile and the days the fast path hands back to
the per-day query (two workouts on a day, an exercise twice in one workout)."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from backtracker.domain.strength import Formula
from backtracker.storage import progress as store
from backtracker.storage.models import Exercise, db
from backtracker.storage.progress_records import records_from_days
from tests.storage.test_progress import at, exercise_id, log, log_history

FORMULAS = ("epley", "brzycki")


def per_day(exercise: int, formula: str, since: dt.date | None = None) -> list[store.DayStats]:
    """What exercise_days gave before: the general per-day query, for every exercise."""
    sql = store._days_sql(
        Formula(formula),
        store.is_bodyweight_exercise(exercise),
        since is not None,
        store.is_unilateral_exercise(exercise),
    )
    return [store._day_stats(row) for row in db.execute_sql(sql, store._params(exercise, since))]


def exact(days: list[store.DayStats]) -> list[tuple[object, ...]]:
    """Every field, floats by their repr, so 0.1 + 0.2 and 0.3 differ."""
    return [
        (
            d.day,
            repr(d.best_e1rm_kg),
            repr(d.heaviest_kg),
            repr(d.best_set_volume_kg),
            repr(d.session_volume_kg),
            d.total_reps,
            repr(d.best_set_weight_kg),
            d.best_set_reps,
            d.most_reps,
            tuple(repr(load) for load in d.heaviest_by_reps),
        )
        for d in days
    ]


def same_days(exercise: int, formula: str, since: dt.date | None = None) -> int:
    got = store.exercise_days(exercise, formula=formula, since=since)
    expected = per_day(exercise, formula, since)
    assert exact(got) == exact(expected), (exercise, formula, since)
    assert records_from_days(
        exercise, store.exercise_days(exercise, formula=formula), formula=formula
    ) == store.exercise_records(exercise, formula=formula), (exercise, formula)
    return len(got)


def generated_history(seed: int) -> list[int]:
    """Forty workouts over a year of random loads (odd floats too, so sums round), reps
    from 1 to 15, warm-ups, unfinished sets and zero loads among them."""
    rng = random.Random(seed)
    keys = ("dumbbell-row", "barbell-row", "lat-pulldown", "single-arm-dumbbell-row")
    ids = [exercise_id(key) for key in keys]
    start = dt.date(2025, 1, 6)
    for week in range(40):
        day = start + dt.timedelta(days=7 * week + rng.randrange(3))
        plan = {}
        for exercise in rng.sample(ids, 3):
            sets = []
            for _ in range(rng.randrange(2, 7)):
                weight = rng.choice([0.0, 20.0, 22.5, 40.0, 41.3, 60.1, 0.1 * rng.randrange(900)])
                reps = rng.randrange(1, 16)
                kind = rng.choice(["normal", "normal", "normal", "warmup", "drop"])
                sets.append((weight, reps, kind, rng.random() > 0.1))
            plan[exercise] = sets
        log(at(day.isoformat(), 7 + week % 12), plan)
    return ids


@pytest.mark.parametrize("seed", [19, 1917])
def test_days_and_records_are_the_per_day_ones_on_a_generated_history(seeded, seed):
    ids = generated_history(seed)
    assert store.is_unilateral_exercise(ids[-1])  # both sides of a one-sided set count
    compared = sum(
        same_days(exercise, formula, since)
        for exercise in ids
        for formula in FORMULAS
        for since in (None, dt.date(2025, 6, 1))
    )
    assert compared > 100


def test_days_are_the_per_day_ones_on_the_test_history(seeded):
    row, pull = log_history()  # pull-ups: bodyweight, read per day as before
    for formula in FORMULAS:
        assert same_days(row, formula) > 0
        assert same_days(pull, formula) > 0


def test_days_are_the_per_day_ones_on_a_demo_profile(seeded):
    from backtracker.domain import clock
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.routines import seed_builtin_routines

    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=26)
    exercises = [exercise for exercise, _, _ in store.exercises_with_history()]
    assert len(exercises) >= 5
    assert sum(same_days(exercise, formula) for exercise in exercises for formula in FORMULAS)


def test_two_workouts_on_a_day_are_one_day(seeded):
    row = exercise_id("dumbbell-row")
    log(at("2026-02-02", 7), {row: [(30.1, 8), (32.2, 5)]})
    log(at("2026-02-02", 19), {row: [(33.3, 3), (30.0, 10)]})
    log(at("2026-02-04"), {row: [(34.0, 6)]})
    for formula in FORMULAS:
        same_days(row, formula)
    first = store.exercise_days(row)[0]
    assert first.day == dt.date(2026, 2, 2)
    assert first.total_reps == 26 and first.heaviest_kg == 33.3
    assert first.session_volume_kg == pytest.approx(30.1 * 8 + 32.2 * 5 + 33.3 * 3 + 300.0)


def test_an_exercise_twice_in_one_workout_is_one_day(seeded):
    from backtracker.storage import workouts

    row = exercise_id("dumbbell-row")
    workout = log(at("2026-03-02"), {row: [(30.7, 8)]})
    link = workouts.add_exercise(workout, workouts.PlannedExercise(row))
    workouts.add_set(link, {"weight_kg": 31.9, "reps": 6, "set_type": "normal", "completed": True})
    log(at("2026-03-05"), {row: [(34.0, 6)]})
    for formula in FORMULAS:
        same_days(row, formula)
    assert [d.total_reps for d in store.exercise_days(row)] == [14, 6]


def test_a_load_that_rounds_to_the_same_estimate_ties_on_the_earlier_day(seeded):
    """Two loads a unit in the last place apart whose estimates are the same float: the
    earlier day holds the record, as a pass over every day finds."""
    row = exercise_id("dumbbell-row")
    heavy = 109.8
    light = math.nextafter(heavy, 0.0)
    assert light < heavy and light * (1.0 + 5 / 30.0) == heavy * (1.0 + 5 / 30.0)
    log(at("2026-04-01"), {row: [(light, 5)]})
    log(at("2026-04-08"), {row: [(heavy, 5)]})
    for formula in FORMULAS:
        same_days(row, formula)
    best = records_from_days(row, store.exercise_days(row), formula="epley").best_e1rm
    assert best is not None and best.day == dt.date(2026, 4, 1) and best.weight_kg == light


def test_an_exercise_is_read_per_workout_unless_a_day_holds_two(seeded, monkeypatch):
    """The fast path is the one used (else these tests would compare a query to itself)."""
    row = exercise_id("dumbbell-row")
    log(at("2026-05-04"), {row: [(40.0, 5)]})
    log(at("2026-05-06"), {row: [(42.0, 5)]})
    queries: list[str] = []
    execute = db.execute_sql

    def spy(sql, params=None, *args, **kwargs):
        queries.append(sql)
        return execute(sql, params, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", spy)
    store.exercise_days(row)
    assert sum("GROUP BY we.workout_id" in sql for sql in queries) == 1
    assert not any("GROUP BY day" in sql for sql in queries)
    queries.clear()
    monkeypatch.undo()
    log(at("2026-05-06", 7), {row: [(20.0, 5)]})
    monkeypatch.setattr(db, "execute_sql", spy)
    store.exercise_days(row)
    assert any("GROUP BY day" in sql for sql in queries)
    assert Exercise.get_by_id(row).tracking != "bodyweight_reps"
