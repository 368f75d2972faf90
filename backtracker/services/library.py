"""Library use cases: browse the catalogue, add, edit, archive and delete exercises.

The checks live here (and in the domain) so that every front end, the GUI or a later
command-line tool, applies the same rules before anything is written.
"""

from __future__ import annotations

from backtracker.domain.catalogue import ExerciseDraft, ExerciseInfo, MuscleInfo, validate_draft
from backtracker.domain.errors import UserError
from backtracker.storage import exercises as store

MergeRecord = store.MergeRecord  # what undoing a merge needs


def muscles() -> list[MuscleInfo]:
    return store.list_muscles()


def exercises(*, include_archived: bool = True) -> list[ExerciseInfo]:
    return store.list_exercises(include_archived=include_archived)


def exercise(exercise_id: int) -> ExerciseInfo:
    return store.get_exercise(exercise_id)


def _validated(draft: ExerciseDraft, *, exclude_id: int | None) -> ExerciseDraft:
    return validate_draft(
        draft,
        known_muscles=[m.key for m in store.list_muscles()],
        names_in_use=store.names_in_use(exclude_id=exclude_id),
    )


def add_custom_exercise(draft: ExerciseDraft) -> int:
    """Validate and save a new custom exercise; raises ValidationError and writes nothing."""
    return store.create_custom_exercise(_validated(draft, exclude_id=None))


def edit_exercise(exercise_id: int, draft: ExerciseDraft) -> None:
    """Validate and save changes to any exercise, custom or from the catalogue."""
    store.update_exercise(exercise_id, _validated(draft, exclude_id=exercise_id))


def archive_exercise(exercise_id: int) -> None:
    store.set_archived(exercise_id, True)


def restore_exercise(exercise_id: int) -> None:
    store.set_archived(exercise_id, False)


def can_delete(exercise_id: int) -> bool:
    """Only custom exercises that no workout or routine uses may be deleted."""
    return store.get_exercise(exercise_id).is_custom and not store.has_history(exercise_id)


def delete_exercise(exercise_id: int) -> None:
    """Delete a custom exercise nothing uses; anything else is refused unchanged."""
    info = store.get_exercise(exercise_id)
    if not info.is_custom:
        raise UserError(
            f"“{info.name}” comes with BackTracker and cannot be deleted. Archive it to hide it."
        )
    store.delete_exercise(exercise_id)


def merge_summary(keep_id: int, other_id: int) -> str:
    """What merging `other` into `keep` will do, in a sentence for the confirmation."""
    keep, other = store.get_exercise(keep_id), store.get_exercise(other_id)
    workouts, _links, items = store.usage(other_id)
    moves = f"{workouts} workout{'s' if workouts != 1 else ''}"
    if items:
        moves += f" and {items} routine entr{'ies' if items != 1 else 'y'}"
    fate = (
        f"“{other.name}” is then removed, and its name becomes another name of “{keep.name}”."
        if other.is_custom
        else f"“{other.name}” comes with BackTracker, so it is archived."
    )
    return (
        f"“{other.name}” and “{keep.name}” are the same exercise: the sets of {moves} move "
        f"to “{keep.name}”. {fate} Edit ▸ Undo puts everything back."
    )


def merge_exercises(keep_id: int, other_id: int) -> store.MergeRecord:
    """Move everything of `other` to `keep` ("these are the same"); see storage.exercises."""
    return store.merge_exercises(keep_id, other_id)


def unmerge_exercises(record: store.MergeRecord) -> None:
    store.unmerge_exercises(record)
