"""First run: is the profile still empty, and which routine does a beginner start with?"""

from __future__ import annotations

from peewee import SQL

from backtracker.storage.models import BodyMetric, Photo, Workout
from backtracker.storage.models import Routine as RoutineRow

BEGINNER_ROUTINE_KEY = "back-beginner"


def profile_is_empty() -> bool:
    """True while the person has stored nothing of their own: no workout, photo or bodyweight.

    One query that stops at the first row found, so it costs next to nothing at start-up.
    """
    anything = (
        Workout.select(SQL("1"))
        .union_all(Photo.select(SQL("1")))
        .union_all(BodyMetric.select(SQL("1")))
    )
    return not anything.exists()


def beginner_routine_id() -> int | None:
    """The built-in beginner routine, unless the person has deleted or archived it."""
    row = (
        RoutineRow.select(RoutineRow.id)
        .where((RoutineRow.builtin_key == BEGINNER_ROUTINE_KEY) & RoutineRow.archived_at.is_null())
        .first()
    )
    return None if row is None else row.id
