"""Goals with a forecast (issue 15 §5): when will the recent trend reach the goal?

The fit, in plain words:

- A *session best* is the best estimated 1RM of one day's work sets of the exercise.
- The trend is the ordinary least-squares line through the session bests of the last
  12 weeks. It needs at least 3 sessions on 3 days; with fewer there is no trend yet.
- The band is the line's 80 % *prediction interval*: where about 8 in 10 future session
  bests should fall if training goes on as it has. It is Student's t (80 %, n − 2 degrees of
  freedom) times the residual standard deviation times √(1 + 1/n + (x − x̄)²/Sxx), so it
  widens the further the line is projected.
- A goal of weight × reps is *reached* by a completed work set with at least that weight and
  at least that many reps; an estimated-1RM goal by a set whose estimate reaches it. Its
  forecast follows the estimated 1RM of the goal's weight × reps (the person's formula).
- The projection is the first day the line reaches that estimate. After the due date, or on
  a flat or falling line, the goal is not on track.

Pure Python: storage hands over the session bests and the day a goal was first met.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from backtracker.domain.dates import format_date, format_day_month
from backtracker.domain.strength import E1RM_MAX_REPS, Formula, estimate_one_rep_max
from backtracker.domain.units import Unit, format_weight

WINDOW_WEEKS = 12
MIN_SESSIONS = 3
BAND_LEVEL = 0.80
HORIZON_DAYS = 2 * 365  # a projection further out than this is no forecast
FIT_NAME = (
    f"least-squares line through the last {WINDOW_WEEKS} weeks' session bests; "
    f"shaded band: {round(BAND_LEVEL * 100)} % prediction interval"
)

# Student's t, two-sided 80 % (the 0.90 quantile), by degrees of freedom. Between rows the
# smaller df is used: a slightly wider band, never a narrower one.
_T80 = {
    1: 3.078,
    2: 1.886,
    3: 1.638,
    4: 1.533,
    5: 1.476,
    6: 1.440,
    7: 1.415,
    8: 1.397,
    9: 1.383,
    10: 1.372,
    12: 1.356,
    15: 1.341,
    20: 1.325,
    25: 1.316,
    30: 1.310,
    40: 1.303,
    60: 1.296,
    120: 1.289,
}
_Z80 = 1.2816


def t_quantile_80(df: int) -> float:
    """The t value of a two-sided 80 % interval with `df` degrees of freedom."""
    if df < 1:
        raise ValueError("a prediction interval needs at least one degree of freedom")
    if df > max(_T80):
        return _Z80
    return _T80[max(row for row in _T80 if row <= df)]


class GoalKind(StrEnum):
    REPS = "reps"  # weight × reps
    E1RM = "e1rm"  # an estimated one-rep max


@dataclass(frozen=True)
class Goal:
    """One exercise's goal; `weight_kg` is the added weight for bodyweight exercises (negative:
    assistance) and the estimate itself for an e1RM goal."""

    kind: GoalKind
    weight_kg: float
    reps: int | None = None
    due_on: dt.date | None = None


def goal_text(
    goal: Goal,
    unit: Unit | str,
    *,
    bodyweight_exercise: bool = False,
    today: dt.date | None = None,
) -> str:
    """ "Goal 30 kg × 10 by 1 Mar", "Goal e1RM 40 kg", "Goal 8 reps with 20 kg assistance"."""
    if goal.kind is GoalKind.E1RM:
        what = f"e1RM {format_weight(goal.weight_kg, unit)}"
    elif bodyweight_exercise and goal.weight_kg < 0:
        what = f"{goal.reps} reps with {format_weight(-goal.weight_kg, unit)} assistance"
    elif bodyweight_exercise and goal.weight_kg == 0:
        what = f"{goal.reps} reps"
    else:
        plus = "+" if bodyweight_exercise else ""
        what = f"{plus}{format_weight(goal.weight_kg, unit)} × {goal.reps}"
    due = f" by {_day_text(goal.due_on, today)}" if goal.due_on else ""
    return f"Goal {what}{due}"


def target_e1rm(
    goal: Goal, formula: Formula | str, *, bodyweight_kg: float | None = None
) -> float | None:
    """The estimated 1RM the goal stands for, in kg; None when there is no estimate (more
    than 12 reps, or a bodyweight exercise without a logged bodyweight).

    `bodyweight_kg` is given for bodyweight exercises only: their load is bodyweight plus
    the added weight."""
    if goal.kind is GoalKind.E1RM:
        return goal.weight_kg
    load = goal.weight_kg
    if bodyweight_kg is not None:
        load = bodyweight_kg + goal.weight_kg
    return estimate_one_rep_max(load, goal.reps, formula)


@dataclass(frozen=True)
class Fit:
    """A least-squares line through session bests, with x the day's ordinal."""

    slope: float  # kg per day
    intercept: float
    residual_sd: float
    n: int
    mean_x: float
    sxx: float
    first_day: dt.date
    last_day: dt.date

    def at(self, day: dt.date) -> float:
        return self.slope * day.toordinal() + self.intercept

    def band(self, day: dt.date) -> tuple[float, float]:
        """The 80 % prediction interval of a session best on `day`."""
        x = day.toordinal()
        half = (
            t_quantile_80(self.n - 2)
            * self.residual_sd
            * math.sqrt(1.0 + 1.0 / self.n + (x - self.mean_x) ** 2 / self.sxx)
        )
        centre = self.at(day)
        return centre - half, centre + half

    def reaches(self, target_kg: float) -> dt.date | None:
        """The first day the line is at or above `target_kg`; None on a flat or falling line."""
        if self.slope <= 0:
            return None
        x = (target_kg - self.intercept) / self.slope
        return dt.date.fromordinal(math.ceil(x - 1e-9))


def window_start(today: dt.date) -> dt.date:
    return today - dt.timedelta(weeks=WINDOW_WEEKS)


def fit_trend(points: Sequence[tuple[dt.date, float]], today: dt.date) -> Fit | None:
    """The line through the session bests of the last 12 weeks up to `today`; None with
    fewer than 3 sessions on 3 days there."""
    start = window_start(today)
    best: dict[dt.date, float] = {}
    for day, value in points:
        if start <= day <= today:
            best[day] = max(value, best.get(day, value))
    if len(best) < MIN_SESSIONS:
        return None
    days = sorted(best)
    xs = [float(day.toordinal()) for day in days]
    ys = [best[day] for day in days]
    n = len(xs)
    mean_x, mean_y = math.fsum(xs) / n, math.fsum(ys) / n
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    sse = math.fsum((y - (slope * x + intercept)) ** 2 for x, y in zip(xs, ys, strict=True))
    return Fit(
        slope=slope,
        intercept=intercept,
        residual_sd=math.sqrt(sse / (n - 2)),
        n=n,
        mean_x=mean_x,
        sxx=sxx,
        first_day=days[0],
        last_day=days[-1],
    )


class Status(StrEnum):
    REACHED = "reached"
    ON_TRACK = "on_track"
    NOT_ON_TRACK = "not_on_track"
    NO_TREND = "no_trend"


@dataclass(frozen=True)
class Forecast:
    status: Status
    sentence: str  # "at this rate, about 14 Mar"
    target_kg: float | None  # the estimated 1RM the goal stands for
    fit: Fit | None
    reached_on: dt.date | None = None
    projected_on: dt.date | None = None  # the day the line reaches the target

    def projection_end(self, due_on: dt.date | None, today: dt.date) -> dt.date | None:
        """How far a chart draws the line forward: to the goal when on track, else to the
        due date (or 4 weeks on without one); None with no line to draw or a goal reached."""
        if self.fit is None or self.status is Status.REACHED or self.target_kg is None:
            return None
        if self.status is Status.ON_TRACK and self.projected_on is not None:
            return self.projected_on
        if due_on is not None and due_on > today:
            return due_on
        return today + dt.timedelta(weeks=4)


def _day_text(day: dt.date, today: dt.date | None) -> str:
    """ "14 Mar" within today's year (or with no today to compare), "14 Mar 2027" otherwise."""
    if today is None or day.year == today.year:
        return format_day_month(day)
    return format_date(day)


def forecast(
    goal: Goal,
    session_bests: Sequence[tuple[dt.date, float]],
    *,
    reached_on: dt.date | None,
    target_kg: float | None,
    today: dt.date,
) -> Forecast:
    """The goal's status and one plain sentence about it."""
    if reached_on is not None:
        return Forecast(
            Status.REACHED,
            f"reached on {_day_text(reached_on, today)}",
            target_kg,
            None,
            reached_on=reached_on,
        )
    fit = fit_trend(session_bests, today)
    due = goal.due_on
    due_text = _day_text(due, today) if due else ""
    if target_kg is None:
        why = (
            f"no forecast past {E1RM_MAX_REPS} reps"
            if (goal.reps or 0) > E1RM_MAX_REPS
            else "no forecast without a logged bodyweight"
        )
        return Forecast(Status.NO_TREND, why, None, fit)
    if fit is None:
        return Forecast(
            Status.NO_TREND,
            f"no trend yet: it needs {MIN_SESSIONS} sessions in {WINDOW_WEEKS} weeks",
            target_kg,
            None,
        )
    crossing = fit.reaches(target_kg)
    if crossing is None:
        sentence = f"not on track for {due_text}" if due else "not on track"
        return Forecast(
            Status.NOT_ON_TRACK,
            f"{sentence}: no rise in the last {WINDOW_WEEKS} weeks",
            target_kg,
            fit,
        )
    projected = max(crossing, today)
    if projected > today + dt.timedelta(days=HORIZON_DAYS):
        sentence = f"not on track for {due_text}" if due else "not on track"
        return Forecast(
            Status.NOT_ON_TRACK,
            f"{sentence}: at this rate, more than two years away",
            target_kg,
            fit,
            projected_on=projected,
        )
    about = f"about {_day_text(projected, today)}"
    if due is not None and projected > due:
        return Forecast(
            Status.NOT_ON_TRACK,
            f"not on track for {due_text} (at this rate, {about})",
            target_kg,
            fit,
            projected_on=projected,
        )
    return Forecast(
        Status.ON_TRACK, f"at this rate, {about}", target_kg, fit, projected_on=projected
    )
