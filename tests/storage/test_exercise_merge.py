"""Merging two exercises ("these are the same", issue 13 point 5): every set and routine entry
moves in one transaction, and undoing it puts back every row exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from backtracker.domain.catalogue import ExerciseDraft
from backtracker.domain.errors import UserError
from backtracker.services import importers, library
from backtracker.storage import exercises as store
from backtracker.storage.models import (
    ALL_MODELS,
    Exercise,
    ExerciseAlias,
    Routine,
    RoutineItem,
    SetEntry,
    Workout,
    WorkoutExercise,
    db,
)
from tests.services.test_importers_files import STRONG_IOS_HEADER, write


def dump() -> dict[str, list[tuple]]:
    """Every row of every table: "exactly" means this is equal."""
    return {
        model.__name__: sorted(model.select().tuples(), key=repr)
        for model in ALL_MODELS
        if model.__name__ != "Setting"
    }


def _id(name: str) -> int:
    return Exercise.get(Exercise.name == name).id


@pytest.fixture
def history(seeded, tmp_path):
    """An import that made "Seated Row Wide" a custom exercise beside Seated Cable Row."""
    rows = [
        "2024-02-01 18:00:00,Pull,50m,Seated Cable Row (Cable),1,60,10,0,0,,,",
        "2024-02-01 18:00:00,Pull,50m,Seated Row Wide,1,62.5,10,0,0,,,",
        "2024-02-01 18:00:00,Pull,50m,Seated Row Wide,2,62.5,9,0,0,,,",
        "2024-02-05 18:00:00,Pull,50m,Seated Row Wide,1,65,8,0,0,,,",
    ]
    importers.import_file(write(tmp_path / "s.csv", [STRONG_IOS_HEADER, *rows]), unit="kg")
    routine = Routine.create(name="Mine")
    RoutineItem.create(routine=routine, exercise=_id("Seated Row Wide"), position=0, sets=3)
    return seeded


def _sets_of(exercise_id: int) -> list[float]:
    return sorted(
        s.weight_kg
        for s in SetEntry.select()
        .join(WorkoutExercise)
        .where(WorkoutExercise.exercise == exercise_id)
    )


def test_merging_moves_every_set_and_routine_entry_and_removes_the_custom(history):
    keep, other = _id("Seated Cable Row"), _id("Seated Row Wide")
    sets_before = SetEntry.select().count()

    record = library.merge_exercises(keep, other)

    assert _sets_of(keep) == [60.0, 62.5, 62.5, 65.0]
    assert SetEntry.select().count() == sets_before
    assert RoutineItem.get().exercise_id == keep
    assert Exercise.get_or_none(Exercise.id == other) is None
    assert record.deleted and len(record.links) == 2 and len(record.routine_items) == 1
    # Later imports of the other's name land on the kept exercise.
    (again,) = importers.suggest_mapping(["Seated Row Wide"])
    assert (again.exercise_id, again.confident) == (keep, True)


def test_undo_restores_every_row_exactly(history):
    keep, other = _id("Seated Cable Row"), _id("Seated Row Wide")
    before = dump()

    record = library.merge_exercises(keep, other)
    assert dump() != before
    library.unmerge_exercises(record)

    assert dump() == before
    # And again (redo, then undo), as the undo stack does.
    library.unmerge_exercises(library.merge_exercises(keep, other))
    assert dump() == before


def test_a_catalogue_exercise_merged_away_is_archived_and_undo_restores_it(history):
    keep, other = _id("Seated Row Wide"), _id("Seated Cable Row")
    before = dump()

    record = library.merge_exercises(keep, other)

    assert not record.deleted
    assert Exercise.get_by_id(other).archived_at is not None
    assert _sets_of(keep) == [60.0, 62.5, 62.5, 65.0] and _sets_of(other) == []
    library.unmerge_exercises(record)
    assert dump() == before


def test_merging_is_one_transaction(history, monkeypatch):
    keep, other = _id("Seated Cable Row"), _id("Seated Row Wide")
    before = dump()

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(Exercise, "delete_instance", broken)
    with pytest.raises(RuntimeError):
        library.merge_exercises(keep, other)
    assert dump() == before
    assert not db.in_transaction()


def test_an_exercise_cannot_merge_into_itself_or_a_missing_one(history):
    keep = _id("Seated Cable Row")
    before = dump()
    with pytest.raises(UserError, match="into itself"):
        library.merge_exercises(keep, keep)
    with pytest.raises(UserError, match="no longer exists"):
        library.merge_exercises(keep, 999_999)
    assert dump() == before


def test_the_summary_says_what_moves(history):
    text = library.merge_summary(_id("Seated Cable Row"), _id("Seated Row Wide"))
    assert "the sets of 2 workouts and 1 routine entry move to “Seated Cable Row”" in text
    assert "removed" in text


def test_a_custom_with_its_own_aliases_keeps_them_on_the_kept_one(seeded):
    keep = _id("Deadlift")
    other = library.add_custom_exercise(
        ExerciseDraft(
            name="Trap Bar Pull",
            aliases=["Hex Bar Deadlift"],
            category="strength",
            equipment="barbell",
            load_profile="heavy",
            tracking="weight_reps",
            primary_muscles=["glutes"],
        )
    )
    workout = Workout.create(name="W", started_at=dt.datetime(2024, 1, 1, 9), ended_at=None)
    link = WorkoutExercise.create(workout=workout, exercise=other, position=0)
    SetEntry.create(workout_exercise=link, position=0, weight_kg=100, reps=5, completed=True)
    before = dump()

    record = store.merge_exercises(keep, other)
    names = {a.alias for a in ExerciseAlias.select().where(ExerciseAlias.exercise == keep)}
    assert {"Hex Bar Deadlift", "Trap Bar Pull"} <= names
    store.unmerge_exercises(record)
    assert dump() == before
