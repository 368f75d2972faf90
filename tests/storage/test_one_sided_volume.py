"""Volume counts both sides of a one-sided exercise, in every sum the app shows; assisted
sets of bodyweight exercises use bodyweight minus the assistance; the storage refuses a
negative weight on any other exercise and a pair of sides that disagrees with the reps.

Single-Arm Dumbbell Row (one-sided in the catalogue), Wed 2026-01-07, bodyweight 80 kg:
    20 kg × 8 / 7 (left / right)   → volume 20 × 15 = 300, reps (weaker side) 7
    20 kg × 6 each side            → volume 20 × 12 = 240
    W 10 kg × 10 each side         → a warm-up: no volume
Assisted Pull-Up, same workout: −20 kg × 8  → load 60 kg, volume 480
Session volume: 300 + 240 + 480 = 1020 kg. The best set is the 8 / 7 one, read as 7 reps.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from backtracker.domain.errors import ValidationError
from backtracker.services import progress as progress_service
from backtracker.storage import body, progress, workouts
from backtracker.storage.models import Exercise, SetEntry
from backtracker.storage.seeding import load_catalogue, seed_catalogue

DAY = dt.date(2026, 1, 7)
STARTED = dt.datetime(2026, 1, 7, 18)


def exercise_id(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


@pytest.fixture
def history(seeded) -> dict[str, int]:
    body.set_bodyweight(dt.date(2026, 1, 1), 80.0)
    workout = workouts.start_workout(STARTED)
    row = workouts.add_exercise(
        workout, workouts.PlannedExercise(exercise_id("single-arm-dumbbell-row"))
    )
    pull = workouts.add_exercise(workout, workouts.PlannedExercise(exercise_id("assisted-pull-up")))
    done = {"completed": True}
    workouts.add_set(row, {"weight_kg": 20.0, "reps": 7, "reps_left": 8, "reps_right": 7, **done})
    workouts.add_set(row, {"weight_kg": 20.0, "reps": 6, **done})
    workouts.add_set(row, {"weight_kg": 10.0, "reps": 10, "set_type": "warmup", **done})
    workouts.add_set(pull, {"weight_kg": -20.0, "reps": 8, **done})
    workouts.update_workout(workout, {"ended_at": STARTED + dt.timedelta(hours=1)})
    return {"workout": workout, "row_link": row, "pull_link": pull}


def test_the_catalogue_marks_the_one_sided_exercises(seeded):
    keys = {
        e.catalogue_key
        for e in Exercise.select().where(Exercise.unilateral == True)  # noqa: E712
    }
    assert {"single-arm-dumbbell-row", "kettlebell-row"} <= keys
    assert "dumbbell-row" not in keys  # a dumbbell in each hand, both at once
    assert load_catalogue().version >= 2


def test_a_profile_seeded_before_the_flag_learns_it(seeded, monkeypatch):
    """A version-1 profile had every exercise two-sided; the new catalogue refreshes it."""
    from backtracker.storage import seeding
    from backtracker.storage.settings import set_setting

    Exercise.update(unilateral=False).execute()
    set_setting(seeding.CATALOGUE_VERSION_KEY, 1)
    set_setting(seeding.CATALOGUE_FINGERPRINT_KEY, "0:00000000")
    report = seed_catalogue()
    assert "single-arm-dumbbell-row" in report.refreshed
    assert Exercise.get(Exercise.catalogue_key == "single-arm-dumbbell-row").unilateral
    shipped = json.loads(seeding._shipped_exercises())
    assert shipped["version"] >= 2


def test_the_history_line_counts_both_sides_and_the_assisted_load(history):
    (summary,) = workouts.workout_summaries()
    assert summary.volume_kg == pytest.approx(300.0 + 240.0 + 480.0)


def test_progress_days_count_both_sides(history):
    (day,) = progress.exercise_days(exercise_id("single-arm-dumbbell-row"))
    assert day.session_volume_kg == pytest.approx(540.0)
    assert day.best_set_volume_kg == pytest.approx(300.0)  # 8 + 7 beats 6 + 6
    assert day.total_reps == 7 + 6  # reps are the weaker side: coaching goes by it
    assert day.most_reps == 7
    assert day.best_set_reps == 7 and day.best_set_weight_kg == 20.0
    assert day.best_e1rm_kg == pytest.approx(20.0 * (1 + 7 / 30))


def test_records_count_both_sides_in_the_best_set_volume(history):
    records = progress.exercise_records(exercise_id("single-arm-dumbbell-row"))
    assert records.best_set_volume is not None
    assert records.best_set_volume.value_kg == pytest.approx(300.0)
    assert records.best_set_volume.reps == 7
    assert records.best_e1rm is not None
    assert records.best_e1rm.reps == 7  # the per-side set goes by its weaker side


def test_stats_uses_both_sides_and_the_assisted_load(history):
    numbers = progress_service.stats("Single-Arm Dumbbell Row", formula="epley")
    assert numbers["best_set_volume_kg"] == 300.0
    assisted = progress_service.stats("Assisted Pull-Up", formula="epley")
    assert assisted["heaviest_weight_kg"] == 60.0  # 80 kg bodyweight − 20 kg assistance
    assert assisted["best_e1rm_kg"] == pytest.approx(round(60.0 * (1 + 8 / 30), 2))
    assert assisted["best_set_volume_kg"] == 480.0


def test_weekly_volume_by_muscle_counts_both_sides(history):
    rows = progress.weekly_volume_by_muscle(since=DAY)
    total = sum(kg for _, _, kg in rows)
    assert total == pytest.approx(300.0 + 240.0 + 480.0)


def test_assistance_without_a_bodyweight_gives_no_load(seeded):
    workout = workouts.start_workout(STARTED)
    pull = workouts.add_exercise(workout, workouts.PlannedExercise(exercise_id("assisted-pull-up")))
    workouts.add_set(pull, {"weight_kg": -20.0, "reps": 8, "completed": True})
    workouts.update_workout(workout, {"ended_at": STARTED + dt.timedelta(hours=1)})
    (day,) = progress.exercise_days(exercise_id("assisted-pull-up"))
    assert day.best_e1rm_kg is None and day.heaviest_kg is None  # no bodyweight is invented
    assert day.session_volume_kg == 0.0
    assert workouts.workout_summaries()[0].volume_kg == 0.0


def test_a_negative_weight_on_a_weighted_exercise_is_refused_by_storage(seeded):
    workout = workouts.start_workout(STARTED)
    row = workouts.add_exercise(workout, workouts.PlannedExercise(exercise_id("dumbbell-row")))
    with pytest.raises(ValidationError, match="Only bodyweight exercises"):
        workouts.add_set(row, {"weight_kg": -20.0, "reps": 8})
    assert SetEntry.select().count() == 0
    set_id = workouts.add_set(row, {"weight_kg": 20.0, "reps": 8})
    with pytest.raises(ValidationError, match="Only bodyweight exercises"):
        workouts.update_set(set_id, {"weight_kg": -5.0})
    assert SetEntry.get_by_id(set_id).weight_kg == 20.0


def test_sides_that_disagree_with_the_reps_are_refused(history):
    link = history["row_link"]
    with pytest.raises(ValidationError, match="weaker side"):
        workouts.add_set(link, {"weight_kg": 20.0, "reps": 8, "reps_left": 8, "reps_right": 7})
    with pytest.raises(ValidationError, match="both sides"):
        workouts.add_set(link, {"weight_kg": 20.0, "reps": 8, "reps_left": 8})
    first = SetEntry.get((SetEntry.workout_exercise == link) & (SetEntry.position == 0))
    with pytest.raises(ValidationError, match="weaker side"):
        workouts.update_set(first.id, {"reps_left": 3})
    assert (first.reps, first.reps_left, first.reps_right) == (7, 8, 7)
    assert SetEntry.get_by_id(first.id).reps_left == 8


def test_new_reps_alone_make_a_per_side_set_each_side_again(history):
    first = SetEntry.get(
        (SetEntry.workout_exercise == history["row_link"]) & (SetEntry.position == 0)
    )
    workouts.update_set(first.id, {"reps": 9})
    stored = SetEntry.get_by_id(first.id)
    assert (stored.reps, stored.reps_left, stored.reps_right) == (9, None, None)
