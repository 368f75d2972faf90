"""Per-side figures of a one-sided exercise, per day, for Progress's "Show both sides".

A set logged with left and right reps gives each side its own count; a set logged as "each
side" gives both sides its reps. The load is the set's (for bodyweight exercises, that day's
bodyweight plus the added weight, as in storage/progress.py); only work sets with reps count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backtracker.domain.strength import Formula
from backtracker.storage.models import db
from backtracker.storage.progress import (
    BODYWEIGHT_OF_WORKOUT,
    e1rm_sql,
    is_bodyweight_exercise,
)
from backtracker.storage.sessions import REP_SET


@dataclass(frozen=True)
class SideDay:
    """One day of a one-sided exercise, each figure for the left and the right side."""

    day: dt.date
    best_e1rm_kg: tuple[float | None, float | None]
    most_reps: tuple[int, int]
    total_reps: tuple[int, int]


def _sql(formula: Formula, bodyweight_exercise: bool, since: bool) -> str:
    # e1rm_sql gives no estimate for a load of 0 or less (assistance heavier than the person).
    load = (
        f"{BODYWEIGHT_OF_WORKOUT} + COALESCE(s.weight_kg, 0.0)"
        if bodyweight_exercise
        else "s.weight_kg"
    )
    since_clause = "AND w.started_at >= ?" if since else ""
    left = e1rm_sql("load", "CAST(l AS REAL)", formula)
    right = e1rm_sql("load", "CAST(r AS REAL)", formula)
    return f"""
SELECT day, MAX({left}), MAX({right}), MAX(l), MAX(r), SUM(l), SUM(r)
FROM (
    SELECT date(w.started_at) AS day, COALESCE(s.reps_left, s.reps) AS l,
        COALESCE(s.reps_right, s.reps) AS r, {load} AS load
    FROM workout_exercise we
    JOIN workout w ON w.id = we.workout_id
    JOIN set_entry s ON s.workout_exercise_id = we.id
    WHERE we.exercise_id = ? {since_clause} AND {REP_SET}
)
GROUP BY day
ORDER BY day
"""


def side_days(
    exercise_id: int, *, formula: Formula | str = Formula.EPLEY, since: dt.date | None = None
) -> list[SideDay]:
    """One row per day with a work set of the exercise, oldest first (`since` inclusive)."""
    sql = _sql(Formula(formula), is_bodyweight_exercise(exercise_id), since is not None)
    params = (exercise_id,) if since is None else (exercise_id, since.isoformat())
    return [
        SideDay(
            day=dt.date.fromisoformat(day),
            best_e1rm_kg=(e_left, e_right),
            most_reps=(most_left, most_right),
            total_reps=(total_left, total_right),
        )
        for day, e_left, e_right, most_left, most_right, total_left, total_right in (
            db.execute_sql(sql, params).fetchall()
        )
    ]
