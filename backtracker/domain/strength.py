"""Strength maths on logged sets: estimated one-rep max, volume, best set, "last time" text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from backtracker.domain import one_sided
from backtracker.domain.units import (
    Unit,
    format_distance,
    format_duration,
    format_weight,
    same_weight,
)

E1RM_MAX_REPS = 12  # estimates drift badly past a dozen reps


class Formula(StrEnum):
    EPLEY = "epley"
    BRZYCKI = "brzycki"

    @property
    def label(self) -> str:
        return {"epley": "Epley", "brzycki": "Brzycki"}[self.value]


def estimate_one_rep_max(
    weight_kg: float | None, reps: int | None, formula: Formula | str = Formula.EPLEY
) -> float | None:
    """Estimated 1RM in kg; None for no weight, no reps or more than 12 reps."""
    if weight_kg is None or reps is None or weight_kg <= 0 or not 1 <= reps <= E1RM_MAX_REPS:
        return None
    weight = float(weight_kg)
    if reps == 1:
        return weight
    if Formula(formula) is Formula.BRZYCKI:
        return weight * 36.0 / (37.0 - reps)
    return weight * (1.0 + reps / 30.0)


class SetType(StrEnum):
    WARMUP = "warmup"
    NORMAL = "normal"
    DROP = "drop"
    FAILURE = "failure"

    @property
    def label(self) -> str:
        return {"warmup": "Warm-up", "normal": "Normal", "drop": "Drop", "failure": "Failure"}[
            self.value
        ]

    @property
    def short(self) -> str:
        """The letter shown in the set column; normal sets show none."""
        return {"warmup": "W", "normal": "", "drop": "D", "failure": "F"}[self.value]


@dataclass(frozen=True)
class SetRecord:
    """One logged set, in canonical units (kg, seconds, metres)."""

    set_type: str = SetType.NORMAL.value
    weight_kg: float | None = None
    reps: int | None = None
    duration_s: float | None = None
    distance_m: float | None = None
    rpe: float | None = None
    completed: bool = True
    reps_left: int | None = None  # a one-sided set logged per side; `reps` is the weaker one
    reps_right: int | None = None

    @property
    def is_work_set(self) -> bool:
        """Counts towards volume and records: done, and not a warm-up."""
        return self.completed and self.set_type != SetType.WARMUP


def effective_load_kg(
    weight_kg: float | None, *, bodyweight_kg: float | None, bodyweight_exercise: bool
) -> float | None:
    """The load moved: bodyweight plus added weight for bodyweight exercises (a negative
    added weight is assistance: bodyweight − 20 kg); None when unknown or nothing is moved."""
    if not bodyweight_exercise:
        return weight_kg
    return one_sided.effective_load(weight_kg, bodyweight_kg)


def set_volume(
    record: SetRecord,
    *,
    bodyweight_kg: float | None = None,
    bodyweight_exercise: bool = False,
    unilateral: bool = False,
) -> float:
    """Load × reps of a completed work set; anything else (or an unknown load) counts 0.

    A one-sided exercise counts both sides: load × (left + right), or load × reps × 2 for a
    set logged as "each side"."""
    if not record.is_work_set or not record.reps or record.reps < 0:
        return 0.0
    load = effective_load_kg(
        record.weight_kg, bodyweight_kg=bodyweight_kg, bodyweight_exercise=bodyweight_exercise
    )
    if not load or load < 0:
        return 0.0
    reps = one_sided.volume_reps(
        record.reps, record.reps_left, record.reps_right, unilateral=unilateral
    )
    return float(load * reps)


def session_volume(
    records: Iterable[SetRecord],
    *,
    bodyweight_kg: float | None = None,
    bodyweight_exercise: bool = False,
    unilateral: bool = False,
) -> float:
    return sum(
        set_volume(
            r,
            bodyweight_kg=bodyweight_kg,
            bodyweight_exercise=bodyweight_exercise,
            unilateral=unilateral,
        )
        for r in records
    )


def best_set(
    records: Iterable[SetRecord], formula: Formula | str = Formula.EPLEY
) -> SetRecord | None:
    """The work set with the highest estimated 1RM (the earliest on a tie, `same_weight`)."""
    best: SetRecord | None = None
    best_e1rm = 0.0
    for record in records:
        if not record.is_work_set:
            continue
        e1rm = estimate_one_rep_max(record.weight_kg, record.reps, formula)
        if e1rm is not None and (
            best is None or (e1rm > best_e1rm and not same_weight(e1rm, best_e1rm))
        ):
            best, best_e1rm = record, e1rm
    return best


# --- "last time" --------------------------------------------------------------------------


def _seconds_text(seconds: float) -> str:
    return f"{round(seconds)} s" if seconds < 60 else format_duration(seconds)


def _weight_text(kg: float, unit: Unit, bodyweight_exercise: bool) -> str:
    if kg < 0:  # assistance on a bodyweight exercise
        return one_sided.format_assisted(kg, unit)
    return ("+" if bodyweight_exercise else "") + format_weight(kg, unit)


# A "last time" line names this many sets at most; more read "… and 12 more" (a session
# logged set by set can hold a hundred: the line must still fit beside its date).
LISTED_SETS = 8


def listed(parts: Sequence[str]) -> str:
    """`parts` joined with commas, past `LISTED_SETS` of them "… and 12 more"."""
    if len(parts) <= LISTED_SETS:
        return ", ".join(parts)
    return f"{', '.join(parts[:LISTED_SETS])} and {len(parts) - LISTED_SETS} more"


def _summarize_reps(sets: Sequence[SetRecord], unit: Unit, bodyweight_exercise: bool) -> str:
    weights = [s.weight_kg or 0.0 for s in sets]
    reps = [one_sided.format_side_reps(s.reps, s.reps_left, s.reps_right) for s in sets]
    one_weight = all(same_weight(w, weights[0]) for w in weights)
    if one_weight and len(set(reps)) == 1:
        head = f"{len(sets)}×{reps[0]}"
        if not weights[0]:
            return head
        return f"{head} @ {_weight_text(weights[0], unit, bodyweight_exercise)}"
    if one_weight:
        if not weights[0]:
            return listed(reps)
        return f"{_weight_text(weights[0], unit, bodyweight_exercise)} × {listed(reps)}"
    return listed(
        [
            f"{r} × {_weight_text(w, unit, bodyweight_exercise)}" if w else r
            for r, w in zip(reps, weights, strict=True)
        ]
    )


def _summarize_cardio(sets: Sequence[SetRecord], unit: Unit) -> str:
    parts = []
    for s in sets:
        if s.distance_m and s.duration_s:
            parts.append(
                f"{format_distance(s.distance_m, unit)} in {format_duration(s.duration_s)}"
            )
        elif s.distance_m:
            parts.append(format_distance(s.distance_m, unit))
        else:
            parts.append(format_duration(s.duration_s or 0))
    return listed(parts)


def summarize_sets(
    records: Iterable[SetRecord], unit: Unit | str, *, bodyweight_exercise: bool = False
) -> str:
    """One line for the "last time" hint, from the completed work sets.

    "3×10 @ 14 kg", "14 kg × 10, 9, 8", "10 × 14 kg, 9 × 16 kg", "3×12", "3×45 s",
    "5 km in 25:00"; "" when nothing was done. Added weight on bodyweight exercises reads "+5 kg".
    Past `LISTED_SETS` different sets: "10 × 14 kg, … and 12 more".
    """
    unit = Unit(unit)
    sets = [s for s in records if s.is_work_set]
    rep_sets = [s for s in sets if s.reps]
    if rep_sets:
        return _summarize_reps(rep_sets, unit, bodyweight_exercise)
    cardio = [s for s in sets if s.distance_m]
    if cardio:
        return _summarize_cardio(cardio, unit)
    holds = [round(s.duration_s) for s in sets if s.duration_s]
    if not holds:
        return ""
    if len(holds) == 1:
        return _seconds_text(holds[0])
    if len(set(holds)) == 1:
        return f"{len(holds)}×{_seconds_text(holds[0])}"
    return listed([_seconds_text(h) for h in holds])
