"""An accepted deload week: what it does to the targets, to the progression baseline and to
the stall count.

The rule, in plain words:

- Accepting the current week's deload suggestion makes the next week (Monday to Sunday) a
  deload week: each back exercise that gives hard sets (not a stretch, not cardio) gets two
  thirds of its planned sets (rounded, at least one) at about 90 % of its last working
  weight, rounded down to the plates (as the report's deload items are) and then to a
  weight that can be loaded with the person's kit; the reps stay as last time. An
  exercise without a weight keeps its reps and gets fewer sets. Nothing else changes.
- The week after goes back to normal progression: for those exercises "last time" skips
  the sessions inside a deload week, so progression starts from the last normal session.
- A deload starts the stall count again: sessions on or before the last day of the latest
  deload week that has begun no longer count towards a stall.
- While a deload week is accepted for this week or the next, no new one is suggested.

Pure Python: storage reads the weeks, services apply them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from backtracker.domain.coach.stalls import ExerciseSessions, round_down_load
from backtracker.domain.dates import format_day_month
from backtracker.domain.plates import Loader
from backtracker.domain.strength import SetRecord
from backtracker.domain.units import Unit, same_weight

_DAYS = dt.timedelta(days=6)


@dataclass(frozen=True)
class DeloadWeek:
    """A deload week the person accepted: `monday` to the Sunday after it."""

    monday: dt.date
    load_factor: float
    sets_factor: float

    @property
    def sunday(self) -> dt.date:
        return self.monday + _DAYS

    def covers(self, day: dt.date) -> bool:
        return self.monday <= day <= self.sunday


def covering(weeks: Iterable[DeloadWeek], day: dt.date) -> DeloadWeek | None:
    """The deload week holding `day`, if any."""
    return next((week for week in weeks if week.covers(day)), None)


def latest_ended_before(weeks: Iterable[DeloadWeek], day: dt.date) -> DeloadWeek | None:
    """The latest deload week whose Sunday is before `day`."""
    ended = [week for week in weeks if week.sunday < day]
    return max(ended, key=lambda week: week.monday, default=None)


def since(exercise: ExerciseSessions, reset: dt.date | None) -> ExerciseSessions:
    """The exercise's sessions after `reset` (the last day of a deload week): the ones that
    count towards a stall. With no reset, all of them."""
    if reset is None:
        return exercise
    return replace(exercise, sessions=tuple(s for s in exercise.sessions if s.day > reset))


def outside(exercise: ExerciseSessions, weeks: Sequence[DeloadWeek]) -> ExerciseSessions:
    """The exercise's sessions outside every deload week: its normal sessions."""
    return replace(
        exercise,
        sessions=tuple(s for s in exercise.sessions if covering(weeks, s.day) is None),
    )


def deload_sets(planned: int, sets_factor: float) -> int:
    """Two thirds of the planned sets, rounded, at least one: 3 → 2, 4 → 3, 1 → 1."""
    return max(1, round(planned * sets_factor))


@dataclass(frozen=True)
class DeloadTarget:
    """A deload week's target for one exercise: the weight (added weight for a bodyweight
    exercise; None when it has none) and the reps of last time."""

    weight_kg: float | None
    reps: int | None


def _loadable(wanted_kg: float, heaviest_kg: float, loader: Loader | None) -> float:
    """`wanted_kg`, or with a loader the loadable weight at or below it (else the next one
    up, if still lighter than last time)."""
    if loader is None:
        return wanted_kg
    fit = loader.fit_kg(wanted_kg)
    for option in (fit.exact, fit.below, fit.above):
        if option is not None and option.total_kg < heaviest_kg - 1e-9:
            return round(option.total_kg, 4)
    return wanted_kg


def deload_target(
    last: Sequence[SetRecord],
    load_factor: float,
    *,
    unit: Unit | str,
    bodyweight_exercise: bool = False,
    bodyweight_kg: float | None = None,
    loader: Loader | None = None,
) -> DeloadTarget | None:
    """The target from the last normal session's sets; None when it has no rep work set.

    A weighted exercise: `load_factor` of the heaviest work set, rounded down to the plates
    as the report's deload items are (stalls.round_down_load), then to a weight the loader
    can make (plates on the bar, the dumbbells owned). A bodyweight exercise with added
    weight: `load_factor` of bodyweight plus added weight, as added weight, never below
    none; without added weight (or with assistance), as it was. Reps: the last work set at
    that heaviest weight.
    """
    unit = Unit(unit)
    work = [record for record in last if record.is_work_set and (record.reps or 0) > 0]
    if not work:
        return None
    weights = [record.weight_kg for record in work if record.weight_kg is not None]
    heaviest = max(weights, default=None)
    at_heaviest = [
        record
        for record in work
        if heaviest is None
        or (record.weight_kg is not None and same_weight(record.weight_kg, heaviest))
    ]
    reps = at_heaviest[-1].reps
    if heaviest is None or heaviest <= 0:
        return DeloadTarget(heaviest, reps)
    if bodyweight_exercise:
        if bodyweight_kg:
            added = (bodyweight_kg + heaviest) * load_factor - bodyweight_kg
            return DeloadTarget(max(0.0, round_down_load(added, unit)), reps)
        return DeloadTarget(max(0.0, round_down_load(heaviest * load_factor, unit)), reps)
    wanted = round_down_load(heaviest * load_factor, unit) or heaviest
    return DeloadTarget(_loadable(wanted, heaviest, loader), reps)


def share_text(factor: float) -> str:
    if math.isclose(factor, 2 / 3, abs_tol=1e-6):
        return "two thirds"
    if math.isclose(factor, 0.5, abs_tol=1e-6):
        return "half"
    return f"{round(factor * 100)} %"


def week_sentence(week: DeloadWeek) -> str:
    """What an exercise card says in a deload week."""
    return (
        f"Deload week: {round(week.load_factor * 100)} % of the load and "
        f"{share_text(week.sets_factor)} of the sets, then back to normal."
    )


def accepted_sentence(week: DeloadWeek) -> str:
    """What the report says instead of suggesting another deload week."""
    return (
        f"Deload week accepted for the week of {format_day_month(week.monday)}: the same back "
        f"exercises at about {round(week.load_factor * 100)} % of the load and "
        f"{share_text(week.sets_factor)} of the sets, then back to normal progression."
    )
