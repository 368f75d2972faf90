"""Goals with a forecast (issue 15 §5): set, replace or clear an exercise's goal, and say how
it is going. Weights come in the person's unit and are stored in kg."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backtracker.domain import clock
from backtracker.domain.catalogue import Tracking
from backtracker.domain.coach.forecast import (
    Forecast,
    Goal,
    GoalKind,
    forecast,
    goal_text,
    target_e1rm,
    window_start,
)
from backtracker.domain.dates import format_date
from backtracker.domain.errors import UserError, ValidationError
from backtracker.domain.strength import Formula
from backtracker.domain.units import (
    MAX_ASSISTANCE,
    MAX_WEIGHT,
    Unit,
    format_number,
    to_kg,
)
from backtracker.storage import body
from backtracker.storage import goals as store
from backtracker.storage import progress as progress_store

MAX_GOAL_REPS = 100


class NoGoalsForTimeError(UserError):
    def __init__(self) -> None:
        super().__init__(
            "Goals are weight × reps or an estimated 1RM; this exercise records time, "
            "so it has no goal to set."
        )


def _tracking(exercise_id: int) -> Tracking:
    tracking = progress_store.exercise_tracking(exercise_id)
    if tracking is None:
        raise UserError("That exercise no longer exists.")
    return tracking


def is_bodyweight(exercise_id: int) -> bool:
    return _tracking(exercise_id) is Tracking.BODYWEIGHT_REPS


def can_have_goal(exercise_id: int) -> bool:
    return _tracking(exercise_id) not in (Tracking.DURATION, Tracking.DISTANCE_DURATION)


def make_goal(
    *,
    kind: GoalKind | str,
    weight: float,
    reps: int | None,
    due_on: dt.date | None,
    unit: Unit | str,
    bodyweight_exercise: bool = False,
    today: dt.date | None = None,
) -> Goal:
    """A validated goal from what the person typed (the weight in their unit). Raises
    ValidationError naming the field (weight, reps, due_on) and what would be accepted."""
    kind, unit = GoalKind(kind), Unit(unit)
    today = today or clock.today()
    limit = MAX_WEIGHT[unit]
    assisted_ok = bodyweight_exercise and kind is GoalKind.REPS
    if weight > limit:
        raise ValidationError(
            {
                "weight": f"{format_number(weight, 2)} {unit.value} is more than any lift on "
                f"record; the goal goes up to {format_number(limit, 0)} {unit.value}."
            }
        )
    if assisted_ok:
        if weight < -MAX_ASSISTANCE[unit]:
            floor = format_number(MAX_ASSISTANCE[unit], 0)
            raise ValidationError({"weight": f"Assistance goes down to −{floor} {unit.value}."})
    elif weight <= 0:
        what = "estimated 1RM" if kind is GoalKind.E1RM else "weight"
        raise ValidationError({"weight": f"Enter a {what} above 0 {unit.value} for the goal."})
    if kind is GoalKind.REPS:
        if reps is None or not 1 <= reps <= MAX_GOAL_REPS:
            raise ValidationError(
                {"reps": f"Enter the reps of the goal, from 1 to {MAX_GOAL_REPS}."}
            )
    else:
        reps = None
    if due_on is not None and due_on < today:
        raise ValidationError(
            {"due_on": f"The date has passed; choose {format_date(today)} or later, or no date."}
        )
    return Goal(kind=kind, weight_kg=to_kg(weight, unit) + 0.0, reps=reps, due_on=due_on)


def set_goal(
    exercise_id: int,
    *,
    kind: GoalKind | str,
    weight: float,
    reps: int | None,
    due_on: dt.date | None,
    unit: Unit | str,
    today: dt.date | None = None,
) -> Goal | None:
    """Set or replace the exercise's goal; returns the goal it replaced (None: none)."""
    tracking = _tracking(exercise_id)
    if tracking in (Tracking.DURATION, Tracking.DISTANCE_DURATION):
        raise NoGoalsForTimeError()
    goal = make_goal(
        kind=kind,
        weight=weight,
        reps=reps,
        due_on=due_on,
        unit=unit,
        bodyweight_exercise=tracking is Tracking.BODYWEIGHT_REPS,
        today=today,
    )
    return store.set_goal(exercise_id, goal)


def get_goal(exercise_id: int) -> Goal | None:
    return store.get_goal(exercise_id)


def clear_goal(exercise_id: int) -> Goal | None:
    """Remove the exercise's goal; returns it, so that it can be put back."""
    return store.clear_goal(exercise_id)


def restore_goal(exercise_id: int, goal: Goal | None) -> None:
    """Put a goal back as it was (undo): `None` clears it. No date check: it was valid."""
    if goal is None:
        store.clear_goal(exercise_id)
    else:
        _tracking(exercise_id)
        store.set_goal(exercise_id, goal)


@dataclass(frozen=True)
class GoalStatus:
    """An exercise's goal and how it is going, weights in kg."""

    goal: Goal
    text: str  # "Goal 30 kg × 10 by 1 Mar"
    forecast: Forecast
    weight_line_kg: float | None  # where the goal sits on the heaviest-weight metric
    bodyweight_exercise: bool

    @property
    def sentence(self) -> str:
        return self.forecast.sentence

    @property
    def line(self) -> str:
        """ "Goal 30 kg × 10 by 1 Mar · at this rate, about 14 Mar"."""
        return f"{self.text} · {self.forecast.sentence}"


def _reached_on(exercise_id: int, goal: Goal, formula: str) -> dt.date | None:
    if goal.kind is GoalKind.REPS:
        return store.first_day_reps_met(exercise_id, goal.weight_kg, goal.reps or 0)
    return store.first_day_e1rm_met(exercise_id, goal.weight_kg, formula)


def goal_status(
    exercise_id: int, *, formula: str, unit: str, today: dt.date | None = None
) -> GoalStatus | None:
    """The goal of the exercise with its forecast; None when it has no goal."""
    goal = store.get_goal(exercise_id)
    if goal is None:
        return None
    return _status(exercise_id, goal, formula=formula, unit=unit, today=today or clock.today())


def _status(exercise_id: int, goal: Goal, *, formula: str, unit: str, today: dt.date) -> GoalStatus:
    bodyweight_exercise = is_bodyweight(exercise_id)
    start = window_start(today)
    days = progress_store.exercise_days(exercise_id, formula=formula, since=start)
    bodyweight = body.bodyweight_on(today) if bodyweight_exercise else None
    target = (
        None
        if bodyweight_exercise and bodyweight is None
        else target_e1rm(goal, Formula(formula), bodyweight_kg=bodyweight)
    )
    bests = [(d.day, d.best_e1rm_kg) for d in days if d.day <= today and d.best_e1rm_kg]
    result = forecast(
        goal,
        bests,
        reached_on=_reached_on(exercise_id, goal, formula),
        target_kg=target,
        today=today,
    )
    weight_line = None
    if goal.kind is GoalKind.REPS:
        weight_line = goal.weight_kg if not bodyweight_exercise else None
        if bodyweight_exercise and bodyweight is not None:
            weight_line = bodyweight + goal.weight_kg
    return GoalStatus(
        goal=goal,
        text=goal_text(goal, unit, bodyweight_exercise=bodyweight_exercise, today=today),
        forecast=result,
        weight_line_kg=weight_line,
        bodyweight_exercise=bodyweight_exercise,
    )


def goal_line(exercise_id: int, *, formula: str, unit: str, today: dt.date | None = None) -> str:
    """The Log card's line for the goal, "" when the exercise has none."""
    status = goal_status(exercise_id, formula=formula, unit=unit, today=today)
    return "" if status is None else status.line


def goal_lines(
    exercise_ids: list[int], *, formula: str, unit: str, today: dt.date | None = None
) -> dict[int, str]:
    """`goal_line` for each of these exercises, reading their goals at once (most have
    none: a workout's cards, as it opens)."""
    today = today or clock.today()
    found = store.goals_of(exercise_ids)
    return {
        exercise_id: (
            _status(exercise_id, goal, formula=formula, unit=unit, today=today).line
            if (goal := found.get(exercise_id)) is not None
            else ""
        )
        for exercise_id in exercise_ids
    }
