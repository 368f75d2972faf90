"""Deload weeks (issue 15 §4): accept the week report's suggestion, take it back, and the
targets of the workouts started inside an accepted deload week.

Accepting the current week's suggestion makes the NEXT week (Monday to Sunday) a deload
week at 90 % of the load and two thirds of the sets. Nothing is set without the person's
click; the rules are domain/coach/deload_week.py's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backtracker.domain import clock
from backtracker.domain.catalogue import Tracking
from backtracker.domain.coach import deload_week, stalls
from backtracker.domain.coach.deload_week import DeloadWeek
from backtracker.domain.dates import format_date
from backtracker.domain.errors import UserError
from backtracker.domain.goals import week_start
from backtracker.domain.plates import Loader
from backtracker.domain.progression import Step, Suggestion
from backtracker.domain.strength import SetRecord
from backtracker.storage import body, deloads

if TYPE_CHECKING:
    from backtracker.services.coach import WeekReport

_WEEK = dt.timedelta(days=7)

__all__ = [
    "DeloadPlan",
    "DeloadWeek",
    "accept",
    "accepted_for",
    "cancel",
    "plan_for",
    "planned_sets",
    "suggestion",
]


def accept(report: WeekReport) -> DeloadWeek:
    """The person's click on the current week's suggestion: next week becomes a deload week
    (90 % of the load, two thirds of the sets). UserError, changing nothing, for a past
    week's report or one that suggests no deload."""
    this_monday = week_start(clock.today())
    if report.monday != this_monday:
        raise UserError(
            f"The week of {format_date(report.monday)} is over: only this week's report can "
            "set a deload week. Nothing was set."
        )
    if not report.deload:
        raise UserError("This week's report suggests no deload week; nothing was set.")
    return deloads.accept(this_monday + _WEEK, stalls.DELOAD_LOAD, stalls.DELOAD_SETS)


def cancel(monday: dt.date) -> DeloadWeek:
    """Take back an accepted deload week that is not over yet (undo). UserError for a week
    that is over or is no deload week."""
    if monday + dt.timedelta(days=6) < clock.today():
        raise UserError(
            f"The deload week of {format_date(monday)} is over; it stays in the history."
        )
    return deloads.cancel(monday)


def accepted_for(monday: dt.date) -> DeloadWeek | None:
    """The deload week accepted for the week starting `monday` or the one after it."""
    return deloads.covering(monday) or deloads.covering(monday + _WEEK)


@dataclass(frozen=True)
class DeloadPlan:
    """What deload weeks mean for one exercise on one day: `skip` leaves sessions inside
    deload weeks out of its "last time"; `week` is the deload week holding the day, when
    the exercise is one it lightens."""

    skip: bool = False
    week: DeloadWeek | None = None


def plan_for(exercise_id: int, day: dt.date) -> DeloadPlan:
    if not deloads.any_weeks() or not deloads.lightened(exercise_id):
        return DeloadPlan()
    return DeloadPlan(skip=True, week=deloads.covering(day))


def planned_sets(plan: DeloadPlan, sets: int) -> int:
    """The sets to plan: two thirds (at least one) inside a deload week, else as planned."""
    if plan.week is None:
        return sets
    return deload_week.deload_sets(sets, plan.week.sets_factor)


def suggestion(
    week: DeloadWeek,
    *,
    tracking: str,
    last_sets: Sequence[SetRecord],
    last_day: dt.date | None,
    unit: str,
    loader: Loader | None,
) -> Suggestion:
    """The card's coaching inside a deload week: the sentence, and the lighter target from
    the last normal session (none when there is none to go from)."""
    sentence = deload_week.week_sentence(week)
    bodyweight_exercise = tracking == Tracking.BODYWEIGHT_REPS.value
    if tracking not in (Tracking.WEIGHT_REPS.value, Tracking.BODYWEIGHT_REPS.value):
        return Suggestion(Step.DELOAD, sentence)
    bodyweight = (
        body.bodyweight_on(last_day) if bodyweight_exercise and last_day is not None else None
    )
    target = deload_week.deload_target(
        last_sets,
        week.load_factor,
        unit=unit,
        bodyweight_exercise=bodyweight_exercise,
        bodyweight_kg=bodyweight,
        loader=loader,
    )
    if target is None:
        return Suggestion(Step.DELOAD, sentence)
    return Suggestion(Step.DELOAD, sentence, weight_kg=target.weight_kg, reps=target.reps)
