"""storage.progress_records: the records worked out from the per-day figures are exactly
`progress.exercise_records`'s (same values, days, sets), on the test history and on a demo
profile, for every exercise and both formulas."""

from __future__ import annotations

import pytest

from backtracker.domain import clock
from backtracker.storage import progress as store
from backtracker.storage.progress_records import records_from_days
from tests.storage.test_progress import log_history


def same_records(exercise: int, formula: str) -> bool:
    days = store.exercise_days(exercise, formula=formula)
    got = records_from_days(exercise, days, formula=formula)
    expected = store.exercise_records(exercise, formula=formula)
    assert got == expected, (exercise, formula)
    return expected.best_e1rm is not None


def test_records_from_days_are_the_query_ones_on_the_test_history(seeded):
    row, pull = log_history()
    for formula in ("epley", "brzycki"):
        assert same_records(row, formula)
        assert same_records(pull, formula)


def test_records_from_days_are_the_query_ones_on_a_demo_profile(seeded):
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.routines import seed_builtin_routines

    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=26)
    exercises = [exercise for exercise, _, _ in store.exercises_with_history()]
    assert len(exercises) >= 5
    compared = sum(
        same_records(exercise, formula)
        for exercise in exercises
        for formula in ("epley", "brzycki")
    )
    assert compared >= 8  # most have a load, so the comparison means something


def test_no_history_gives_no_records(seeded):
    from tests.storage.test_progress import exercise_id

    face_pull = exercise_id("face-pull")
    assert records_from_days(face_pull, [], formula="epley") == store.exercise_records(face_pull)
    assert records_from_days(face_pull, [], formula="epley").best_e1rm is None


@pytest.mark.parametrize("formula", ["epley", "brzycki"])
def test_a_heavier_set_over_twelve_reps_and_a_tie_are_the_query_ones(seeded, formula):
    """The heaviest load done for 15 reps (no estimate) and a later tie of the best."""
    from tests.storage.test_progress import at, exercise_id, log

    row = exercise_id("dumbbell-row")
    log(at("2026-01-05"), {row: [(40.0, 15), (40.0, 3), (30.0, 8)]})
    log(at("2026-01-12"), {row: [(40.0, 15), (35.0, 8)]})
    assert same_records(row, formula)
    heaviest = store.exercise_records(row, formula=formula).heaviest
    assert heaviest is not None and heaviest.reps == 15
