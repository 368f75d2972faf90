"""The back coach's queries: hard sets per exercise and day, what each exercise trains, and
the latest sessions of the back exercises trained lately (for stalls and deloads), and the
exercises the lower-back rule may speak about.

A hard set is storage/sessions.py's work set (completed, not a warm-up, with reps or a
time); the stall figures read its rep sets. Days are the workout's local date. A report
runs four queries (more only when discomfort was flagged), whatever the length of the
history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from backtracker.domain.catalogue import Tracking
from backtracker.domain.coach.stalls import ExerciseSessions, Session
from backtracker.domain.strength import SetRecord
from backtracker.storage.models import db
from backtracker.storage.progress import BODYWEIGHT_OF_WORKOUT
from backtracker.storage.sessions import BACK_EXERCISES, REP_SET, WORK_SET


def _stamp(day: dt.date) -> str:
    """A day as the start of its stored `started_at` text ("2026-03-16" sorts before any
    "2026-03-16 07:30:00")."""
    return day.isoformat()


def hard_sets_by_day(start: dt.date, end: dt.date) -> list[tuple[int, dt.date, int]]:
    """(exercise id, day, hard sets) for every day from `start` up to, not including, `end`."""
    sql = f"""
        SELECT we.exercise_id, date(w.started_at) AS day, COUNT(*)
        FROM workout w
        CROSS JOIN workout_exercise we ON we.workout_id = w.id
        CROSS JOIN set_entry s ON s.workout_exercise_id = we.id
        WHERE w.started_at >= ? AND w.started_at < ? AND {WORK_SET}
        GROUP BY we.exercise_id, day"""
    rows = db.execute_sql(sql, (_stamp(start), _stamp(end))).fetchall()
    return [(exercise, dt.date.fromisoformat(day), count) for exercise, day, count in rows]


@dataclass(frozen=True)
class ExerciseFacts:
    name: str
    pattern: str | None
    category: str
    muscles: tuple[tuple[str, str], ...]  # (muscle key, role)


def exercise_facts(exercise_ids: Iterable[int]) -> dict[int, ExerciseFacts]:
    """Name, pattern, category and (muscle, role) pairs of the given exercises."""
    ids = sorted(set(exercise_ids))
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    sql = f"""
        SELECT e.id, e.name, e.pattern, e.category, m.key, em.role
        FROM exercise e
        LEFT JOIN exercise_muscle em ON em.exercise_id = e.id
        LEFT JOIN muscle m ON m.id = em.muscle_id
        WHERE e.id IN ({marks})
        ORDER BY e.id, m.key"""
    found: dict[int, tuple[str, str | None, str, list[tuple[str, str]]]] = {}
    for exercise_id, name, pattern, category, muscle, role in db.execute_sql(sql, ids):
        entry = found.setdefault(exercise_id, (name, pattern, category, []))
        if muscle is not None:
            entry[3].append((muscle, role))
    return {
        exercise_id: ExerciseFacts(name, pattern, category, tuple(muscles))
        for exercise_id, (name, pattern, category, muscles) in found.items()
    }


def recent_back_sessions(start: dt.date, end: dt.date, lookback: int) -> list[ExerciseSessions]:
    """Every back exercise with a rep set from `start` up to `end` (exclusive), with its
    latest `lookback` sessions before `end` (days with a rep set), oldest first."""
    sql = f"""
    WITH trained AS (
        SELECT DISTINCT we.exercise_id
        FROM workout w
        CROSS JOIN workout_exercise we ON we.workout_id = w.id
        CROSS JOIN set_entry s ON s.workout_exercise_id = we.id
        WHERE w.started_at >= :start AND w.started_at < :end
            AND we.exercise_id IN {BACK_EXERCISES} AND {REP_SET}
    ),
    days AS (
        SELECT we.exercise_id AS exercise_id, date(w.started_at) AS day,
            ROW_NUMBER() OVER (
                PARTITION BY we.exercise_id ORDER BY date(w.started_at) DESC) AS newest
        FROM workout_exercise we
        JOIN workout w ON w.id = we.workout_id
        WHERE we.exercise_id IN (SELECT exercise_id FROM trained) AND w.started_at < :end
            AND EXISTS (SELECT 1 FROM set_entry s WHERE s.workout_exercise_id = we.id
                AND {REP_SET})
        GROUP BY we.exercise_id, day
    ),
    kept AS (SELECT exercise_id, day FROM days WHERE newest <= :lookback)
    SELECT e.id, e.name, e.tracking, k.day, s.set_type, s.weight_kg, s.reps, s.completed,
        CASE WHEN e.tracking = '{Tracking.BODYWEIGHT_REPS.value}'
            THEN {BODYWEIGHT_OF_WORKOUT} END
    FROM workout w
    CROSS JOIN workout_exercise we ON we.workout_id = w.id
    JOIN kept k ON k.exercise_id = we.exercise_id AND k.day = date(w.started_at)
    JOIN exercise e ON e.id = we.exercise_id
    JOIN set_entry s ON s.workout_exercise_id = we.id
    WHERE w.started_at >= (SELECT MIN(day) FROM kept) AND w.started_at < :end AND {REP_SET}
    ORDER BY e.name, e.id, k.day, w.started_at, s.position"""
    params = {"start": _stamp(start), "end": _stamp(end), "lookback": lookback}
    by_exercise: dict[int, tuple[str, bool, dict[dt.date, list[SetRecord]]]] = {}
    bodyweights: dict[tuple[int, dt.date], float | None] = {}
    for row in db.execute_sql(sql, params):
        exercise_id, name, tracking, day_text, set_type, weight, reps, completed, bw = row
        day = dt.date.fromisoformat(day_text)
        entry = by_exercise.setdefault(
            exercise_id, (name, tracking == Tracking.BODYWEIGHT_REPS.value, {})
        )
        record = SetRecord(set_type=set_type, weight_kg=weight, reps=reps, completed=completed)
        entry[2].setdefault(day, []).append(record)
        bodyweights.setdefault((exercise_id, day), bw)
    return [
        ExerciseSessions(
            exercise_id=exercise_id,
            name=name,
            bodyweight_exercise=bodyweight_exercise,
            sessions=tuple(
                Session(day, tuple(sets), bodyweights[(exercise_id, day)])
                for day, sets in sorted(days.items())
            ),
        )
        for exercise_id, (name, bodyweight_exercise, days) in by_exercise.items()
    ]


def sore_exercises(start: dt.date, end: dt.date, threshold: int) -> dict[int, int]:
    """Exercise id → its latest workout from `start` up to `end` (exclusive), for the
    exercises of those weeks with discomfort of `threshold` or more ever flagged on them
    before `end`: the only ones the lower-back rule can fire for."""
    sql = """
        SELECT we.exercise_id, w.id
        FROM workout w
        CROSS JOIN workout_exercise we ON we.workout_id = w.id
        WHERE w.started_at >= ? AND w.started_at < ? AND EXISTS (
            SELECT 1 FROM discomfort d
            JOIN workout_exercise fe ON fe.id = d.workout_exercise_id
            JOIN workout fw ON fw.id = fe.workout_id
            WHERE fe.exercise_id = we.exercise_id AND d.score >= ? AND fw.started_at < ?)
        ORDER BY w.started_at, w.id"""
    params = (_stamp(start), _stamp(end), threshold, _stamp(end))
    return dict(db.execute_sql(sql, params).fetchall())
