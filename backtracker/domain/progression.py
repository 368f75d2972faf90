"""Progression coaching: the next step the article names, from the last sessions.

Add weight once every work set reached the top of the rep range; otherwise add reps; when the
reps stall, cut the rest a little. Each suggestion carries one plain sentence saying why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from backtracker.domain import one_sided
from backtracker.domain.catalogue import Equipment, LoadProfile, Tracking, rest_range
from backtracker.domain.errors import ValidationError
from backtracker.domain.plates import Loader, round_up_from
from backtracker.domain.strength import SetRecord, SetType, listed
from backtracker.domain.units import (
    Unit,
    format_distance,
    format_duration,
    format_weight,
    from_kg,
    same_weight,
    to_kg,
    weight_step,
)

REST_CUT_S = 15
HOLD_STEP_S = 5
_LIGHT_EQUIPMENT = {Equipment.DUMBBELL.value, Equipment.KETTLEBELL.value}
# Below these, a full plate step is a big jump: light dumbbells go up in smaller steps.
_LIGHT_BELOW = {Unit.KG: 12.5, Unit.LB: 25.0}
_LIGHT_STEP = {Unit.KG: 1.0, Unit.LB: 2.5}


@dataclass(frozen=True)
class RepRange:
    """The reps a work set aims for, e.g. 8–12."""

    low: int
    high: int

    def __post_init__(self) -> None:
        if not 1 <= self.low <= self.high:
            raise ValidationError(
                {
                    "rep_range": "A rep range starts at 1 or more and its top can't be below its "
                    "bottom, e.g. 8–12."
                }
            )

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


BEGINNER = RepRange(8, 12)  # 2–3 sets of 8–12
ADVANCED = RepRange(6, 10)  # 3–4 sets of 6–10, heavier


@dataclass(frozen=True)
class SessionSets:
    """The sets of one exercise in one past session, and the rest used between them."""

    sets: tuple[SetRecord, ...]
    rest_s: int | None = None


class Step(StrEnum):
    START = "start"
    ADD_WEIGHT = "add_weight"
    ADD_REPS = "add_reps"
    CUT_REST = "cut_rest"
    HOLD_LONGER = "hold_longer"
    ADD_DISTANCE_OR_PACE = "add_distance_or_pace"
    DELOAD = "deload"  # an accepted deload week (domain/coach/deload_week.py)


@dataclass(frozen=True)
class Suggestion:
    """What to aim for next time. Targets are canonical (kg, seconds, metres); None = no target.

    For bodyweight exercises `weight_kg` is the added weight.
    """

    step: Step
    message: str
    weight_kg: float | None = None
    reps: int | None = None
    rest_s: int | None = None
    duration_s: float | None = None
    distance_m: float | None = None


def _seconds_text(seconds: float) -> str:
    return f"{round(seconds)} s" if seconds < 60 else format_duration(seconds)


def _work_sets(session: SessionSets, tracking: Tracking) -> list[SetRecord]:
    """The completed work sets that count for the decision (drop sets never do)."""
    sets = [s for s in session.sets if s.is_work_set and s.set_type != SetType.DROP]
    if tracking is Tracking.DURATION:
        return [s for s in sets if s.duration_s and s.duration_s > 0]
    if tracking is Tracking.DISTANCE_DURATION:
        return [s for s in sets if s.distance_m or s.duration_s]
    return [s for s in sets if s.reps and s.reps >= 1]


def _step_up(kg: float, unit: Unit, step: float) -> float:
    """Add `step` (in the person's unit), landing on the step grid and never jumping further.

    35 lb + 5 → 40 lb; 8 kg + 1 → 9 kg; an off-grid 14 kg + 2.5 → 15 kg, not 17.5 kg.
    """
    value = round(from_kg(kg, unit), 6)
    grid = math.floor((value + step) / step + 1e-9) * step
    return to_kg(grid, unit)


def _increment(kg: float, *, equipment: str, unit: Unit, tracking: Tracking) -> float:
    if (
        tracking is Tracking.WEIGHT_REPS
        and equipment in _LIGHT_EQUIPMENT
        and round(from_kg(kg, unit), 6) < _LIGHT_BELOW[unit]
    ):
        return _LIGHT_STEP[unit]
    return weight_step(unit)


def _start(rep_range: RepRange, tracking: Tracking) -> Suggestion:
    top = rep_range.high
    if tracking is Tracking.WEIGHT_REPS:
        message = f"First time: pick a weight you can lift for {top} clean reps."
        return Suggestion(Step.START, message, reps=top)
    if tracking is Tracking.BODYWEIGHT_REPS:
        message = f"First time: do as many clean reps as you can, up to {top}."
        return Suggestion(Step.START, message, reps=top)
    if tracking is Tracking.DURATION:
        message = "First time: hold with good form for as long as you can, then log the time."
        return Suggestion(Step.START, message)
    return Suggestion(
        Step.START, "First time: go at an easy, steady pace and log how far and long."
    )


def _reps_suggestion(
    history: list[tuple[SessionSets, list[SetRecord]]],
    rep_range: RepRange,
    *,
    tracking: Tracking,
    equipment: str,
    load_profile: str,
    unit: Unit,
    current_rest_s: int | None,
    loader: Loader | None = None,
) -> Suggestion:
    bodyweight = tracking is Tracking.BODYWEIGHT_REPS
    last_session, last = history[0]
    heaviest = max(s.weight_kg or 0.0 for s in last)

    def weight_text(kg: float) -> str:
        if kg < 0:  # assistance on a bodyweight exercise
            return one_sided.format_assisted(kg, unit)
        return ("+" if bodyweight else "") + format_weight(kg, unit)

    if all((s.reps or 0) >= rep_range.high for s in last):
        step = _increment(heaviest, equipment=equipment, unit=unit, tracking=tracking)
        target = _step_up(heaviest, unit, step)
        if loader is not None and not bodyweight:
            # A weight the person can load: plates for a barbell, a dumbbell they own.
            target = round_up_from(loader, heaviest, target) or target
        added = " of added weight" if bodyweight else ""
        message = (
            f"Try {weight_text(target)}{added} for {rep_range.low} reps: every set reached "
            f"{rep_range.high} reps last time."
        )
        return Suggestion(Step.ADD_WEIGHT, message, weight_kg=target, reps=rep_range.low)

    at_heaviest = [s for s in last if same_weight(s.weight_kg or 0.0, heaviest)]
    # One more rep than the weakest set, but always inside the rep range the routine asks for.
    lowest = min(s.reps or 0 for s in at_heaviest)
    target_reps = max(rep_range.low, min(lowest + 1, rep_range.high))
    weight_kg = heaviest if heaviest or not bodyweight else None
    at = f" at {weight_text(heaviest)}" if heaviest else ""

    rest = current_rest_s if current_rest_s is not None else last_session.rest_s
    floor = rest_range(LoadProfile(load_profile)).low_s
    if len(history) > 1 and rest is not None and rest > floor:
        previous = history[1][1]
        stalled = same_weight(max(s.weight_kg or 0.0 for s in previous), heaviest) and (
            sum(s.reps or 0 for s in previous) == sum(s.reps or 0 for s in last)
        )
        if stalled:
            new_rest = max(rest - REST_CUT_S, floor)
            message = f"Same reps twice{at}: rest {new_rest} s instead of {rest} s to push on."
            return Suggestion(
                Step.CUT_REST, message, weight_kg=weight_kg, reps=target_reps, rest_s=new_rest
            )

    reps_list = listed([str(s.reps) for s in last])  # a long session: the first few
    aim = f"aim for {target_reps} reps on every set (last: {reps_list})."
    message = f"Stay{at} and {aim}" if heaviest else aim[0].upper() + aim[1:]
    return Suggestion(Step.ADD_REPS, message, weight_kg=weight_kg, reps=target_reps)


def _hold_suggestion(last: list[SetRecord]) -> Suggestion:
    shortest = min(round(s.duration_s or 0) for s in last)
    target = shortest + HOLD_STEP_S
    weights = [s.weight_kg for s in last if s.weight_kg]
    message = (
        f"Hold every set for {_seconds_text(target)}: {HOLD_STEP_S} s longer than your shortest "
        "hold last time."
    )
    return Suggestion(
        Step.HOLD_LONGER, message, weight_kg=max(weights) if weights else None, duration_s=target
    )


def _cardio_suggestion(last: list[SetRecord], unit: Unit) -> Suggestion:
    distance = sum(s.distance_m or 0.0 for s in last) or None
    duration = sum(s.duration_s or 0.0 for s in last) or None
    if distance and duration:
        message = (
            f"Go a little further than {format_distance(distance, unit)}, or cover it faster "
            f"than {format_duration(duration)}."
        )
    elif distance:
        message = f"Go a little further than {format_distance(distance, unit)}."
    else:
        message = f"Keep going a little longer than {format_duration(duration or 0)}."
    return Suggestion(Step.ADD_DISTANCE_OR_PACE, message, duration_s=duration, distance_m=distance)


def suggest_next(
    sessions: Sequence[SessionSets],
    rep_range: RepRange,
    *,
    tracking: Tracking | str,
    equipment: Equipment | str,
    load_profile: LoadProfile | str,
    unit: Unit | str,
    current_rest_s: int | None = None,
    loader: Loader | None = None,
) -> Suggestion:
    """The next step for one exercise, from its past sessions (newest first).

    Sessions without a counting work set (only warm-ups, nothing ticked) are skipped.
    `current_rest_s` is the rest the person uses now; without it, the last session's rest.
    With a `loader` (the person's plates or dumbbells) a heavier weight is one they can
    load; when nothing heavier can be loaded the plain step stays.
    """
    tracking = Tracking(tracking)
    unit = Unit(unit)
    history = [(s, work) for s in sessions if (work := _work_sets(s, tracking))]
    if not history:
        return _start(rep_range, tracking)
    if tracking is Tracking.DURATION:
        return _hold_suggestion(history[0][1])
    if tracking is Tracking.DISTANCE_DURATION:
        return _cardio_suggestion(history[0][1], unit)
    return _reps_suggestion(
        history,
        rep_range,
        tracking=tracking,
        equipment=str(equipment),
        load_profile=str(load_profile),
        unit=unit,
        current_rest_s=current_rest_s,
        loader=loader,
    )
