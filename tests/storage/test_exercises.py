"""Reading and writing exercises with their aliases and muscles (storage layer)."""

from __future__ import annotations

import pytest

from backtracker.domain.catalogue import ExerciseDraft
from backtracker.domain.errors import UserError
from backtracker.storage import exercises as store
from backtracker.storage.models import (
    Exercise,
    ExerciseAlias,
    ExerciseMuscle,
    Routine,
    RoutineItem,
    Workout,
    WorkoutExercise,
)
from backtracker.storage.seeding import load_catalogue


def by_key(key: str) -> Exercise:
    return Exercise.get(Exercise.catalogue_key == key)


def draft(name: str = "Towel Row", aliases: tuple[str, ...] = ("Door Row",)) -> ExerciseDraft:
    return ExerciseDraft(
        name=name,
        aliases=list(aliases),
        summary="A row against a door frame.",
        equipment="none",
        no_gym=True,
        load_profile="light",
        tracking="bodyweight_reps",
        primary_muscles=["lats", "rhomboids"],
        secondary_muscles=["biceps"],
        steps=["Loop a towel round the handle.", "Lean back and pull."],
        cue="Elbows back.",
        mistakes=["Shrugging"],
    )


def log_workout_with(exercise_id: int) -> None:
    workout = Workout.create(started_at="2024-05-01 18:00:00")
    WorkoutExercise.create(workout=workout, exercise=exercise_id, position=0)


def test_list_exercises_returns_aliases_and_muscles(seeded):
    shipped = {entry.key: entry for entry in load_catalogue().entries}
    listed = {info.catalogue_key: info for info in store.list_exercises()}
    assert set(listed) == set(shipped)
    for key, entry in shipped.items():
        info = listed[key]
        assert info.name == entry.draft.name
        assert set(info.aliases) == set(entry.draft.aliases), key
        assert set(info.primary_muscles) == set(entry.draft.primary_muscles), key
        assert set(info.secondary_muscles) == set(entry.draft.secondary_muscles), key


def test_list_and_get_agree(seeded):
    for info in store.list_exercises():
        assert store.get_exercise(info.id) == info


def test_create_custom_exercise_stores_every_field(seeded):
    exercise_id = store.create_custom_exercise(draft())
    info = store.get_exercise(exercise_id)
    assert info.is_custom
    assert not info.user_modified
    assert info.catalogue_key is None
    assert info.aliases == ("Door Row",)
    assert info.primary_muscles == ("lats", "rhomboids")
    assert info.secondary_muscles == ("biceps",)
    assert info.steps == ("Loop a towel round the handle.", "Lean back and pull.")
    assert info.mistakes == ("Shrugging",)
    assert info.default_rest_s == 45
    assert info.to_draft() == draft()


def test_list_exercises_can_leave_out_archived_ones(seeded):
    row = by_key("superman")
    store.set_archived(row.id, True)
    assert row.id not in {i.id for i in store.list_exercises(include_archived=False)}
    assert row.id in {i.id for i in store.list_exercises()}


def test_names_in_use_holds_names_and_aliases(seeded):
    names = store.names_in_use()
    assert {"Dumbbell Row", "DB Row", "Lat Pulldown", "Lat Pull-Down"} <= names


def test_names_in_use_can_leave_out_the_exercise_being_edited(seeded):
    row = by_key("dumbbell-row")
    names = store.names_in_use(exclude_id=row.id)
    assert "Dumbbell Row" not in names
    assert "DB Row" not in names
    assert "Lat Pulldown" in names
    assert "Lat Pull-Down" in names


def test_get_exercise_of_a_missing_id_is_a_user_error(seeded):
    with pytest.raises(UserError):
        store.get_exercise(999_999)


def test_update_marks_a_catalogue_entry_as_edited_but_not_a_custom_one(seeded):
    catalogue_row = by_key("face-pull")
    changed = store.get_exercise(catalogue_row.id).to_draft()
    changed.cue = "Pull to your forehead."
    store.update_exercise(catalogue_row.id, changed)
    assert store.get_exercise(catalogue_row.id).user_modified
    assert store.get_exercise(catalogue_row.id).cue == "Pull to your forehead."

    custom_id = store.create_custom_exercise(draft())
    store.update_exercise(custom_id, draft(name="Towel Row 2"))
    assert not store.get_exercise(custom_id).user_modified


def test_write_links_does_not_steal_an_alias_from_another_exercise(seeded):
    exercise_id = store.create_custom_exercise(draft(aliases=("DB Row", "Door Row")))
    assert store.get_exercise(exercise_id).aliases == ("Door Row",)
    assert "DB Row" in store.get_exercise(by_key("dumbbell-row").id).aliases


def test_has_history_sees_workouts_and_routines(seeded):
    in_workout = store.create_custom_exercise(draft("In A Workout", ()))
    in_routine = store.create_custom_exercise(draft("In A Routine", ()))
    unused = store.create_custom_exercise(draft("Unused", ()))
    log_workout_with(in_workout)
    routine = Routine.create(name="Back day")
    RoutineItem.create(routine=routine, exercise=in_routine, position=0, sets=3)

    assert store.has_history(in_workout)
    assert store.has_history(in_routine)
    assert not store.has_history(unused)


def test_delete_with_history_is_refused_and_keeps_the_row(seeded):
    exercise_id = store.create_custom_exercise(draft())
    log_workout_with(exercise_id)
    with pytest.raises(store.ExerciseHasHistoryError):
        store.delete_exercise(exercise_id)
    assert Exercise.get_or_none(Exercise.id == exercise_id) is not None


def test_delete_removes_the_aliases_and_muscle_links_too(seeded):
    exercise_id = store.create_custom_exercise(draft())
    store.delete_exercise(exercise_id)
    assert Exercise.get_or_none(Exercise.id == exercise_id) is None
    assert not ExerciseAlias.select().where(ExerciseAlias.exercise == exercise_id).exists()
    assert not ExerciseMuscle.select().where(ExerciseMuscle.exercise == exercise_id).exists()
