"""Progress's "Show both sides" for one-sided exercises: a left and a right series.

The estimated 1RM per side uses each side's reps with the set's load; the rep metrics count
each side's reps. Other metrics (heaviest weight, volumes) are the same for both sides, so
they have no per-side lines.
"""

from __future__ import annotations

import datetime as dt

from backtracker.domain import clock
from backtracker.domain.strength import Formula
from backtracker.domain.trends import linear_trend, record_indices
from backtracker.services.progress import Metric, Range, Series
from backtracker.storage import progress as store
from backtracker.storage.side_progress import SideDay, side_days

SIDE_METRICS = (Metric.E1RM, Metric.MOST_REPS, Metric.TOTAL_REPS)
SIDES = ("left", "right")


def is_one_sided(exercise_id: int) -> bool:
    return store.is_unilateral_exercise(exercise_id)


def has_sides(metric: Metric | str) -> bool:
    """Whether the metric differs between the sides (and so can be drawn per side)."""
    return Metric(metric) in SIDE_METRICS


def _value(day: SideDay, metric: Metric, side: int) -> float | None:
    if metric is Metric.E1RM:
        return day.best_e1rm_kg[side]
    if metric is Metric.MOST_REPS:
        return float(day.most_reps[side]) or None
    return float(day.total_reps[side]) or None


def side_series(
    exercise_id: int,
    metric: Metric | str,
    rng: Range | str,
    *,
    formula: str,
    today: dt.date | None = None,
) -> tuple[Series, Series] | None:
    """The (left, right) series of `metric` over `rng`; None for a metric without sides.

    Records are judged against all of each side's history, as in `exercise_series`."""
    metric = Metric(metric)
    if not has_sides(metric):
        return None
    since = Range(rng).since(today or clock.today())
    days = side_days(exercise_id, formula=Formula(formula))
    result = []
    for side, name in enumerate(SIDES):
        points = [(d.day, v) for d in days if (v := _value(d, metric, side)) is not None]
        records = set(record_indices([v for _, v in points]))
        first = (
            0
            if since is None
            else next((i for i, (day, _) in enumerate(points) if day >= since), len(points))
        )
        shown = points[first:]
        result.append(
            Series(
                days=tuple(day for day, _ in shown),
                values=tuple(v for _, v in shown),
                details=tuple(f"{name} side" for _ in shown),
                record_indices=tuple(i - first for i in sorted(records) if i >= first),
                trend=linear_trend([(day.toordinal(), v) for day, v in shown]),
            )
        )
    return result[0], result[1]
