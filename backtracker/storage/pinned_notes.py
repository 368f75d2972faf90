"""An exercise's pinned note: the line shown every time the exercise is logged."""

from __future__ import annotations

from backtracker.storage.exercises import ExerciseNotFoundError
from backtracker.storage.models import Exercise


def pinned_note(exercise_id: int) -> str:
    row = Exercise.select(Exercise.pinned_note).where(Exercise.id == exercise_id).tuples().first()
    if row is None:
        raise ExerciseNotFoundError()
    return row[0] or ""


def set_pinned_note(exercise_id: int, text: str) -> None:
    """One write; "" unpins. Raises ExerciseNotFoundError for an exercise gone meanwhile."""
    updated = Exercise.update(pinned_note=text).where(Exercise.id == exercise_id).execute()
    if not updated:
        raise ExerciseNotFoundError()
