"""Live records: which sets of a workout beat the exercise's bests at the moment they were
done. Pure Python; the bests from earlier workouts come from storage/live_records.py.

A set can beat three kinds of record, all on its *load* (the weight in kg; for bodyweight
exercises bodyweight plus added weight, as the Progress tab's records count it):

- the best estimated 1RM (sets of 1–12 reps);
- the heaviest load ever lifted, for any number of reps;
- the best for its number of reps: the heaviest load ever lifted for *exactly* that many
  reps (1–12, the rep counts the Progress tab's records table lists).

Only completed work sets count (never a warm-up), with at least one rep and a load above 0.
A record must *beat* an earlier value: the first time a measure is ever done sets it but is
no record, and a value within `units.same_weight` of the best (60.01 kg after 60 kg) is none
either, as in the Progress tab (`domain.trends.record_indices`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from backtracker.domain.strength import E1RM_MAX_REPS, Formula, SetType, estimate_one_rep_max
from backtracker.domain.units import Unit, format_weight, same_weight


class RecordKind(StrEnum):
    E1RM = "e1rm"
    HEAVIEST = "heaviest"
    REPS = "reps"  # the heaviest load for exactly this many reps


@dataclass(frozen=True)
class RecordHit:
    """One record a set broke: its kind, the new value (kg) and the set's reps."""

    kind: RecordKind
    value_kg: float
    reps: int

    def describe(self, unit: Unit | str) -> str:
        """The record in words: heaviest 32.5 kg, best e1RM 37.92 kg, best for 8 reps 30 kg."""
        weight = format_weight(self.value_kg, unit)
        if self.kind is RecordKind.E1RM:
            return f"best e1RM {weight}"
        if self.kind is RecordKind.HEAVIEST:
            return f"heaviest {weight}"
        noun = "rep" if self.reps == 1 else "reps"
        return f"best for {self.reps} {noun} {weight}"


@dataclass(frozen=True)
class Bests:
    """An exercise's bests so far: the heaviest load for each rep count (every count, also
    past 12); the heaviest load and the best estimate follow from these."""

    by_reps: Mapping[int, float] = field(default_factory=dict)

    def heaviest(self) -> float | None:
        return max(self.by_reps.values(), default=None)

    def best_e1rm(self, formula: Formula | str) -> float | None:
        estimates = [
            estimate_one_rep_max(load, reps, formula)
            for reps, load in self.by_reps.items()
            if reps <= E1RM_MAX_REPS
        ]
        return max((e for e in estimates if e is not None), default=None)


@dataclass(frozen=True)
class RecordSet:
    """What the record check needs of one set, in the order the sets were done."""

    key: int  # the set's id
    set_type: str
    completed: bool
    load_kg: float | None
    reps: int | None

    @property
    def counts(self) -> bool:
        return (
            self.completed
            and self.set_type != SetType.WARMUP
            and self.reps is not None
            and self.reps > 0
            and self.load_kg is not None
            and self.load_kg > 0
        )


def _beats(value: float, best: float | None) -> bool:
    return best is not None and value > best and not same_weight(value, best)


def find_records(
    before: Bests, sets: Iterable[RecordSet], formula: Formula | str = Formula.EPLEY
) -> dict[int, tuple[RecordHit, ...]]:
    """The records each set broke against `before` and every counting set ahead of it in
    `sets`; keys are the sets' keys, sets that broke none are left out."""
    by_reps = dict(before.by_reps)
    heaviest = before.heaviest()
    best_e1rm = before.best_e1rm(formula)
    found: dict[int, tuple[RecordHit, ...]] = {}
    for entry in sets:
        if not entry.counts:
            continue
        load, reps = float(entry.load_kg or 0.0), int(entry.reps or 0)
        hits: list[RecordHit] = []  # the plainest first: heaviest, estimate, rep count
        estimate = estimate_one_rep_max(load, reps, formula)
        if _beats(load, heaviest):
            hits.append(RecordHit(RecordKind.HEAVIEST, load, reps))
        if estimate is not None and _beats(estimate, best_e1rm):
            hits.append(RecordHit(RecordKind.E1RM, estimate, reps))
        if reps <= E1RM_MAX_REPS and _beats(load, by_reps.get(reps)):
            hits.append(RecordHit(RecordKind.REPS, load, reps))
        if hits:
            found[entry.key] = tuple(hits)
        # This set is now part of what the next ones must beat, record or not.
        if estimate is not None and (best_e1rm is None or estimate > best_e1rm):
            best_e1rm = estimate
        if heaviest is None or load > heaviest:
            heaviest = load
        if reps not in by_reps or load > by_reps[reps]:
            by_reps[reps] = load
    return found


def describe_hits(hits: Sequence[RecordHit], unit: Unit | str) -> str:
    """The records of one set in a line: "heaviest 32.5 kg · best e1RM 37.92 kg"."""
    return " · ".join(hit.describe(unit) for hit in hits)
