"""The lower back over time (issue 15 §3, Progress ▸ Lower back): weekly hard sets of the
exercises that load the spine, the discomfort flags and the posture check-ins.

One query per series over the range, whatever its length. A hard set is storage/sessions.py's
work set (completed, not a warm-up, with reps or a time) of a strength exercise that is not a
stretch or cardio (the back coach's rule, domain/coach/regions.py); a one-sided set is one
row, so both sides count once. Weeks run Monday to Sunday by the workout's local date, and
flags and check-ins are dated by their workout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backtracker.domain.catalogue import Category
from backtracker.domain.coach.regions import NOT_TRAINING
from backtracker.storage.models import db
from backtracker.storage.sessions import WORK_SET

LOADS = ("high", "moderate")  # the spinal loads the chart draws, heaviest first

# The Monday of the workout's week: the coming Sunday (itself on a Sunday), less six days.
_MONDAY = "date(w.started_at, 'weekday 0', '-6 days')"
_NOT_TRAINING = ", ".join(f"'{pattern}'" for pattern in sorted(NOT_TRAINING))


def _range(start: dt.date | None, end: dt.date) -> tuple[str, tuple[str, ...]]:
    """SQL and parameters for workouts from `start` (None: the beginning) up to, not
    including, `end`. Days are the start of the stored `started_at` text."""
    if start is None:
        return "w.started_at < ?", (end.isoformat(),)
    return "w.started_at >= ? AND w.started_at < ?", (start.isoformat(), end.isoformat())


def weekly_load_sets(start: dt.date | None, end: dt.date) -> list[tuple[dt.date, str, int]]:
    """(Monday, spinal load, hard sets) for the weeks with high or moderate spinal-load work
    from `start` up to `end` (exclusive), oldest first."""
    where, params = _range(start, end)
    loads = ", ".join(f"'{load}'" for load in LOADS)
    sql = f"""
        SELECT {_MONDAY} AS monday, e.spinal_load, COUNT(*)
        FROM workout w
        CROSS JOIN workout_exercise we ON we.workout_id = w.id
        JOIN exercise e ON e.id = we.exercise_id
        JOIN set_entry s ON s.workout_exercise_id = we.id
        WHERE {where} AND {WORK_SET} AND e.spinal_load IN ({loads})
            AND e.category = '{Category.STRENGTH.value}'
            AND COALESCE(e.pattern, '') NOT IN ({_NOT_TRAINING})
        GROUP BY monday, e.spinal_load
        ORDER BY monday, e.spinal_load"""
    return [
        (dt.date.fromisoformat(monday), load, count)
        for monday, load, count in db.execute_sql(sql, params).fetchall()
    ]


@dataclass(frozen=True)
class FlagRow:
    """A discomfort flag: `exercise` None is the lower back as a whole."""

    workout_id: int
    day: dt.date
    score: int
    note: str
    exercise_id: int | None
    exercise: str | None


def flags(start: dt.date | None, end: dt.date) -> list[FlagRow]:
    """The discomfort flags of the workouts from `start` up to `end` (exclusive), oldest
    first; a workout's lower-back flag before its exercises' flags, in their order."""
    where, params = _range(start, end)
    sql = f"""
        SELECT w.id, date(w.started_at), d.score, d.note, e.id, e.name
        FROM workout w
        CROSS JOIN discomfort d ON d.workout_id = w.id
        LEFT JOIN workout_exercise we ON we.id = d.workout_exercise_id
        LEFT JOIN exercise e ON e.id = we.exercise_id
        WHERE {where}
        ORDER BY w.started_at, w.id, we.position IS NOT NULL, we.position, d.id"""
    return [
        FlagRow(workout, dt.date.fromisoformat(day), score, note or "", exercise_id, name)
        for workout, day, score, note, exercise_id, name in db.execute_sql(sql, params)
    ]


@dataclass(frozen=True)
class PostureRow:
    """A posture check-in: 1 (poor) to 5 (great), with the workout's note."""

    workout_id: int
    day: dt.date
    score: int
    note: str


def posture_checkins(start: dt.date | None, end: dt.date) -> list[PostureRow]:
    """The workouts' posture check-ins from `start` up to `end` (exclusive), oldest first."""
    where, params = _range(start, end)
    sql = f"""
        SELECT w.id, date(w.started_at), w.posture_score, w.posture_note
        FROM workout w
        WHERE {where} AND w.posture_score IS NOT NULL
        ORDER BY w.started_at, w.id"""
    return [
        PostureRow(workout, dt.date.fromisoformat(day), score, note or "")
        for workout, day, score, note in db.execute_sql(sql, params)
    ]


def has_any() -> bool:
    """Whether any discomfort flag or posture check-in was ever logged."""
    sql = """SELECT EXISTS (SELECT 1 FROM discomfort)
        OR EXISTS (SELECT 1 FROM workout WHERE posture_score IS NOT NULL)"""
    return bool(db.execute_sql(sql).fetchone()[0])
