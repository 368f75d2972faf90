"""Library use cases: add, edit, archive, restore and delete exercises through the service."""

from __future__ import annotations

import pytest

from backtracker.domain.catalogue import ExerciseDraft
from backtracker.domain.errors import UserError, ValidationError
from backtracker.services import library
from backtracker.storage.exercises import ExerciseHasHistoryError
from backtracker.storage.models import (
    Exercise,
    ExerciseAlias,
    ExerciseMuscle,
    Workout,
    WorkoutExercise,
)


def by_key(key: str) -> Exercise:
    return Exercise.get(Exercise.catalogue_key == key)


def draft(**changes: object) -> ExerciseDraft:
    values: dict[str, object] = {
        "name": "Towel Row",
        "aliases": ["Door Row"],
        "summary": "A row against a door frame.",
        "equipment": "none",
        "no_gym": True,
        "load_profile": "light",
        "tracking": "bodyweight_reps",
        "primary_muscles": ["lats", "rhomboids"],
        "secondary_muscles": ["biceps"],
        "steps": ["Loop a towel round the handle.", "Lean back and pull."],
    }
    return ExerciseDraft(**(values | changes))


def row_counts() -> tuple[int, int, int]:
    return (
        Exercise.select().count(),
        ExerciseAlias.select().count(),
        ExerciseMuscle.select().count(),
    )


def test_add_custom_exercise_saves_a_normalised_draft(seeded):
    exercise_id = library.add_custom_exercise(
        draft(name="  Towel   Row ", aliases=["Door Row", "door row"], load_profile="heavy")
    )
    info = library.exercise(exercise_id)
    assert info.name == "Towel Row"
    assert info.aliases == ("Door Row",)
    assert info.is_custom
    assert info.default_rest_s == 90
    assert info in library.exercises()


@pytest.mark.parametrize(
    "changes",
    [
        {"name": ""},
        {"name": "dumbbell row"},
        {"name": "db row"},
        {"aliases": ["Lat Pulldown"]},
        {"primary_muscles": []},
        {"primary_muscles": ["wings"]},
        {"category": "yoga"},
    ],
    ids=[
        "empty-name",
        "name-taken",
        "name-is-an-alias",
        "alias-taken",
        "no-muscle",
        "unknown-muscle",
        "bad-category",
    ],
)
def test_adding_bad_data_raises_and_writes_nothing(seeded, changes):
    before = row_counts()
    with pytest.raises(ValidationError):
        library.add_custom_exercise(draft(**changes))
    assert row_counts() == before


def test_edit_saves_the_changes(seeded):
    exercise_id = library.add_custom_exercise(draft())
    library.edit_exercise(
        exercise_id,
        draft(
            name="Towel Row (Doorframe)",
            aliases=["Frame Row"],
            primary_muscles=["lats"],
            secondary_muscles=["rear_delts"],
            load_profile="heavy",
        ),
    )
    info = library.exercise(exercise_id)
    assert info.name == "Towel Row (Doorframe)"
    assert info.aliases == ("Frame Row",)
    assert info.primary_muscles == ("lats",)
    assert info.secondary_muscles == ("rear_delts",)
    assert info.default_rest_s == 90


def test_edit_may_keep_the_exercises_own_name_and_aliases(seeded):
    row = by_key("dumbbell-row")
    unchanged = library.exercise(row.id).to_draft()
    library.edit_exercise(row.id, unchanged)
    info = library.exercise(row.id)
    assert info.name == "Dumbbell Row"
    assert set(info.aliases) == set(unchanged.aliases)
    assert info.user_modified


def test_edit_to_another_exercises_name_is_refused_unchanged(seeded):
    exercise_id = library.add_custom_exercise(draft())
    before = library.exercise(exercise_id)
    with pytest.raises(ValidationError) as caught:
        library.edit_exercise(exercise_id, draft(name="Face Pull"))
    assert caught.value.field == "name"
    assert library.exercise(exercise_id) == before


def test_editing_keeps_aliases_learned_from_imports(seeded):
    row = by_key("dumbbell-row")
    ExerciseAlias.create(exercise=row, alias="Bent Over Row (DB)", source="strong")

    library.edit_exercise(row.id, library.exercise(row.id).to_draft())
    changed = library.exercise(row.id).to_draft()
    changed.aliases = ["My Row"]
    library.edit_exercise(row.id, changed)

    sources = {
        a.alias: a.source for a in ExerciseAlias.select().where(ExerciseAlias.exercise == row)
    }
    assert sources == {"Bent Over Row (DB)": "strong", "My Row": "user"}


def test_archive_and_restore(seeded):
    exercise_id = library.add_custom_exercise(draft())
    library.archive_exercise(exercise_id)
    assert library.exercise(exercise_id).archived
    assert exercise_id not in {i.id for i in library.exercises(include_archived=False)}

    library.restore_exercise(exercise_id)
    assert not library.exercise(exercise_id).archived
    assert exercise_id in {i.id for i in library.exercises(include_archived=False)}


def test_a_custom_exercise_without_history_can_be_deleted(seeded):
    exercise_id = library.add_custom_exercise(draft())
    assert library.can_delete(exercise_id)
    library.delete_exercise(exercise_id)
    assert Exercise.get_or_none(Exercise.id == exercise_id) is None
    with pytest.raises(UserError):
        library.exercise(exercise_id)


def test_deleting_an_exercise_with_history_is_refused(seeded):
    exercise_id = library.add_custom_exercise(draft())
    workout = Workout.create(started_at="2024-05-01 18:00:00")
    WorkoutExercise.create(workout=workout, exercise=exercise_id, position=0)

    assert not library.can_delete(exercise_id)
    with pytest.raises(ExerciseHasHistoryError) as caught:
        library.delete_exercise(exercise_id)
    assert isinstance(caught.value, UserError)
    assert "Towel Row" in str(caught.value)
    assert Exercise.get_or_none(Exercise.id == exercise_id) is not None
    assert library.exercise(exercise_id).aliases == ("Door Row",)


def test_deleting_a_catalogue_exercise_is_refused(seeded):
    row = by_key("face-pull")
    assert not library.can_delete(row.id)
    with pytest.raises(UserError) as caught:
        library.delete_exercise(row.id)
    assert not isinstance(caught.value, ExerciseHasHistoryError)
    assert Exercise.get_or_none(Exercise.id == row.id) is not None


@pytest.mark.parametrize(
    "action",
    [
        library.exercise,
        library.archive_exercise,
        library.restore_exercise,
        library.delete_exercise,
        lambda i: library.edit_exercise(i, draft()),
    ],
    ids=["get", "archive", "restore", "delete", "edit"],
)
def test_a_missing_exercise_is_a_user_error(seeded, action):
    with pytest.raises(UserError):
        action(999_999)
