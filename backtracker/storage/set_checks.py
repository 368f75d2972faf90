"""Checks a set's values must pass before they are written, whoever writes them.

The database's own CHECKs keep numbers in range; these add the rules that need the
exercise: only bodyweight exercises take a negative (assisting) load, and left and right reps
come together, with `reps` holding the weaker side (domain/one_sided.py).
"""

from __future__ import annotations

from typing import Any

from backtracker.domain import one_sided
from backtracker.domain.errors import ValidationError
from backtracker.storage.models import Exercise, SetEntry, WorkoutExercise


def _tracking_of_link(link_id: int) -> str | None:
    row = (
        Exercise.select(Exercise.tracking)
        .join(WorkoutExercise)
        .where(WorkoutExercise.id == link_id)
        .tuples()
        .first()
    )
    return None if row is None else row[0]


def _check_sides(left: int | None, right: int | None, reps: int | None) -> None:
    if left is None and right is None:
        return
    if left is None or right is None:
        raise ValidationError({"reps": "Give the reps of both sides, or one number for each."})
    if reps != min(left, right):
        raise ValidationError({"reps": "A one-sided set's reps must be its weaker side."})


def check_new_set(link_id: int, values: dict[str, Any]) -> None:
    """Raise ValidationError when `values` can't be a new set of the workout exercise."""
    _check_sides(values.get("reps_left"), values.get("reps_right"), values.get("reps"))
    weight = values.get("weight_kg")
    if weight is not None and weight < 0:
        tracking = _tracking_of_link(link_id)
        if tracking is not None:
            one_sided.check_load(tracking, weight, check_floor=False)


def prepare_set_update(set_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """The values to write over set `set_id`, or ValidationError when they can't be.

    New reps without sides on a set logged per side make it an "each side" set again (its
    left and right reps are cleared), so a stale pair never outvotes the reps.
    """
    weight = values.get("weight_kg")
    sides = ("reps_left", "reps_right")
    touches_sides = any(name in values for name in ("reps", *sides))
    if not touches_sides and (weight is None or weight >= 0):
        return values
    stored = SetEntry.get_or_none(SetEntry.id == set_id)
    if stored is None:
        return values  # nothing is written to a set that isn't there
    reps_alone = "reps" in values and not any(name in values for name in sides)
    if reps_alone and (stored.reps_left is not None or stored.reps_right is not None):
        values = {**values, "reps_left": None, "reps_right": None}
    if touches_sides:
        _check_sides(*(values[n] if n in values else getattr(stored, n) for n in (*sides, "reps")))
    if weight is not None and weight < 0:
        tracking = _tracking_of_link(stored.workout_exercise_id)
        if tracking is not None:
            one_sided.check_load(tracking, weight, check_floor=False)
    return values
