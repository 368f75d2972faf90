"""Stalls and deload weeks.

The rule, in plain words:

- A session of an exercise is a day with at least one of its work sets that gives an
  estimated 1RM (1–12 reps with a load; for bodyweight exercises the load is the bodyweight
  plus the added weight). Sessions are counted, not weeks: a week without training is
  neither progress nor a stall, it is simply not there.
- An exercise has *stalled* when the best estimated 1RM of its last 4 sessions is no higher
  (beyond the weight tolerance) than the best of the 4 sessions before them. It needs at
  least 5 sessions to tell; a new exercise has not stalled.
- A *deload week* is suggested when more than half of the back exercises trained in the last
  3 weeks have stalled: the same exercises at about 90 % of the load (rounded down to the
  plates) and two thirds of the sets (at least one). Then back to normal progression.
- One exercise stalling on its own keeps the progression coach's rule (cut the rest):
  nothing here changes that.

Pure Python: storage hands over each exercise's latest sessions.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from backtracker.domain.strength import (
    Formula,
    SetRecord,
    effective_load_kg,
    estimate_one_rep_max,
)
from backtracker.domain.units import Unit, from_kg, same_weight, to_kg, weight_step

STALL_SESSIONS = 4  # not improved in this many sessions
LOOKBACK_SESSIONS = 2 * STALL_SESSIONS  # the last 4 against the 4 before them
DEFINED_FROM = STALL_SESSIONS + 1  # sessions needed before anything is called a stall
WINDOW_WEEKS = 3  # the exercises trained in the last 3 weeks
DELOAD_LOAD = 0.9
DELOAD_SETS = 2 / 3
_LIGHT_BELOW = {Unit.KG: 20.0, Unit.LB: 45.0}
_LIGHT_STEP = {Unit.KG: 1.0, Unit.LB: 2.5}


@dataclass(frozen=True)
class Session:
    """One day's work sets of an exercise, and the bodyweight that day (None: unknown)."""

    day: dt.date
    sets: tuple[SetRecord, ...]
    bodyweight_kg: float | None = None


@dataclass(frozen=True)
class ExerciseSessions:
    """An exercise's latest sessions, oldest first."""

    exercise_id: int
    name: str
    bodyweight_exercise: bool
    sessions: tuple[Session, ...]


def _load(record: SetRecord, session: Session, bodyweight_exercise: bool) -> float | None:
    return effective_load_kg(
        record.weight_kg,
        bodyweight_kg=session.bodyweight_kg,
        bodyweight_exercise=bodyweight_exercise,
    )


def session_best(
    session: Session, bodyweight_exercise: bool, formula: Formula | str
) -> float | None:
    """The session's best estimated 1RM; None when no work set gives one."""
    estimates = [
        estimate_one_rep_max(_load(record, session, bodyweight_exercise), record.reps, formula)
        for record in session.sets
        if record.is_work_set
    ]
    found = [value for value in estimates if value is not None]
    return max(found) if found else None


def is_stalled(bests: Sequence[float]) -> bool:
    """Whether the last 4 of these session bests (oldest first) beat none of the 4 before."""
    if len(bests) < DEFINED_FROM:
        return False
    recent = max(bests[-STALL_SESSIONS:])
    before = max(bests[-LOOKBACK_SESSIONS:-STALL_SESSIONS])
    return recent <= before or same_weight(recent, before)


def stalled(exercise: ExerciseSessions, formula: Formula | str) -> bool:
    bests = [
        best
        for session in exercise.sessions
        if (best := session_best(session, exercise.bodyweight_exercise, formula)) is not None
    ]
    return is_stalled(bests)


def deload_due(stalled_count: int, trained: int) -> bool:
    """More than half of the back exercises trained in the window have stalled."""
    return trained > 0 and 2 * stalled_count > trained


@dataclass(frozen=True)
class DeloadItem:
    """One exercise of a deload week: the weight to use (added weight for a bodyweight
    exercise, negative for assistance; None when the last session had no load) and sets."""

    exercise_id: int
    exercise: str
    load_kg: float | None
    sets: int


def round_down_load(kg: float, unit: Unit) -> float:
    """Down to the plates: whole kilos (2.5 lb) below 20 kg (45 lb), plate steps above;
    assistance (negative) rounds to more of it."""
    value = round(from_kg(abs(kg), unit), 6)
    step = _LIGHT_STEP[unit] if value < _LIGHT_BELOW[unit] else weight_step(unit)
    steps = math.floor(value / step + 1e-9)
    if kg < 0:  # assistance: more of it is lighter
        steps = math.ceil(value / step - 1e-9)
    return math.copysign(to_kg(steps * step, unit), kg) if steps else 0.0


def deload_item(exercise: ExerciseSessions, unit: Unit | str) -> DeloadItem | None:
    """The deload week's weight and sets for an exercise, from its last session."""
    if not exercise.sessions:
        return None
    unit = Unit(unit)
    last = exercise.sessions[-1]
    work = [record for record in last.sets if record.is_work_set]
    if not work:
        return None
    sets = max(1, round(len(work) * DELOAD_SETS))
    weights = [record.weight_kg for record in work if record.weight_kg is not None]
    if not weights:
        return DeloadItem(exercise.exercise_id, exercise.name, None, sets)
    heaviest = max(weights)
    if heaviest <= 0:  # bodyweight alone or assisted: fewer sets, the same weight
        return DeloadItem(exercise.exercise_id, exercise.name, heaviest, sets)
    if exercise.bodyweight_exercise:  # lighter added weight, never assistance
        added = heaviest * DELOAD_LOAD
        if last.bodyweight_kg:
            added = (last.bodyweight_kg + heaviest) * DELOAD_LOAD - last.bodyweight_kg
        return DeloadItem(
            exercise.exercise_id, exercise.name, max(0.0, round_down_load(added, unit)), sets
        )
    return DeloadItem(
        exercise.exercise_id, exercise.name, round_down_load(heaviest * DELOAD_LOAD, unit), sets
    )


def deload_sentence(stalled_count: int, trained: int) -> str:
    return (
        f"Most of your back exercises have stalled ({stalled_count} of {trained} trained in "
        f"the last {WINDOW_WEEKS} weeks): take a deload week, the same exercises at about "
        "90 % of the load and two thirds of the sets, then go back to normal progression."
    )
