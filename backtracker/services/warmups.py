"""The warm-up ramp for an exercise of a workout: which sets, and putting them in."""

from __future__ import annotations

from typing import Any

from backtracker.domain.catalogue import Tracking
from backtracker.domain.errors import UserError
from backtracker.domain.log import LoggedSet, WorkoutExerciseInfo
from backtracker.domain.plates import warmup_sets
from backtracker.domain.strength import SetType
from backtracker.domain.units import format_weight
from backtracker.services import equipment
from backtracker.storage import warmup_sets as store


def first_work_row(sets: list[LoggedSet]) -> int | None:
    return next((row for row, s in enumerate(sets) if s.set_type != SetType.WARMUP), None)


def ramp_for(link: WorkoutExerciseInfo, sets: list[LoggedSet], unit: str) -> list[dict[str, Any]]:
    """The warm-up sets to put in before the first work set, as set values; raises UserError
    saying why there are none (no weight yet, warm-ups already there, nothing below it)."""
    if link.tracking != Tracking.WEIGHT_REPS:
        raise UserError("Warm-up sets are for exercises logged with a weight and reps.")
    row = first_work_row(sets)
    if row is None:
        raise UserError("Add a work set with its weight first; the warm-ups lead up to it.")
    if row > 0:
        raise UserError(f"{link.exercise_name} already has warm-up sets before its first work set.")
    work_kg = sets[row].weight_kg
    if not work_kg or work_kg <= 0:
        raise UserError("Enter the first work set's weight; the warm-ups are shares of it.")
    owned = equipment.load(unit)
    loader = equipment.loader_for_exercise(link.exercise_id, owned)
    planned = warmup_sets(work_kg, owned.ramp, loader, unit)
    if not planned:
        raise UserError(
            f"Nothing to warm up with below {format_weight(work_kg, unit)}: every step of "
            "the ramp rounds to that weight or to the empty bar already there."
        )
    return [
        {
            "set_type": SetType.WARMUP.value,
            "weight_kg": s.weight_kg,
            "reps": s.reps,
            "completed": False,
        }
        for s in planned
    ]


def insert_sets(link_id: int, position: int, rows: list[dict[str, Any]]) -> list[int]:
    return store.insert_sets(link_id, position, rows)
