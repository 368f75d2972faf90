"""The training calendar's queries: what was done on each day, and the goal's weeks.

A workout shows on the calendar when it has at least one *work set* (storage/sessions.py:
completed, not a warm-up, with reps or a time); its sets are those work sets, and its
exercises the ones with a work set, in the workout's order. A set's volume is its load × reps
as in the history: bodyweight exercises add that day's bodyweight (nothing without a logged
bodyweight), and a one-sided exercise counts both sides (storage/volume.py). A negative total load
(assistance beyond the bodyweight) counts no volume. Days are the workout's own local date:
`started_at` is naive local text, so no time-zone or daylight-saving rule can move a day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backtracker.domain.catalogue import Tracking
from backtracker.storage.models import Workout, db
from backtracker.storage.progress import BODYWEIGHT_OF_WORKOUT, sessions_per_week
from backtracker.storage.sessions import REP_SET, WORK_SET
from backtracker.storage.volume import volume_reps_sql

_LOAD = (
    f"CASE WHEN e.tracking = '{Tracking.BODYWEIGHT_REPS.value}' "
    "THEN w.bodyweight + COALESCE(s.weight_kg, 0.0) ELSE s.weight_kg END"
)
SET_VOLUME_KG = f"""CASE WHEN {REP_SET} AND ({_LOAD}) > 0
    THEN ({_LOAD}) * CAST({volume_reps_sql("s", "e.unilateral")} AS REAL) ELSE 0.0 END"""

_DAYS_SQL = f"""
WITH w AS (
    SELECT w.id, w.name, w.started_at, {BODYWEIGHT_OF_WORKOUT} AS bodyweight
    FROM workout w WHERE w.started_at >= ? AND w.started_at < ?
    LIMIT -1 OFFSET 0
)
SELECT w.id, w.name, w.started_at, e.name, COUNT(*), TOTAL({SET_VOLUME_KG})
FROM w
JOIN workout_exercise we ON we.workout_id = w.id
JOIN exercise e ON e.id = we.exercise_id
JOIN set_entry s ON s.workout_exercise_id = we.id
WHERE {WORK_SET}
GROUP BY we.id
ORDER BY w.started_at, w.id, we.position, we.id
"""


@dataclass(frozen=True)
class ExerciseDone:
    name: str
    sets: int
    volume_kg: float


@dataclass(frozen=True)
class WorkoutDone:
    """One workout of a day: its work sets, their volume and the exercises done."""

    id: int
    name: str
    started_at: dt.datetime
    exercises: tuple[ExerciseDone, ...]

    @property
    def sets(self) -> int:
        return sum(exercise.sets for exercise in self.exercises)

    @property
    def volume_kg(self) -> float:
        return sum(exercise.volume_kg for exercise in self.exercises)

    @property
    def exercise_names(self) -> tuple[str, ...]:
        return tuple(exercise.name for exercise in self.exercises)


@dataclass(frozen=True)
class TrainingDay:
    day: dt.date
    workouts: tuple[WorkoutDone, ...]  # in the order they were started

    @property
    def sets(self) -> int:
        return sum(workout.sets for workout in self.workouts)

    @property
    def volume_kg(self) -> float:
        return sum(workout.volume_kg for workout in self.workouts)


def training_days(first: dt.date, last: dt.date) -> dict[dt.date, TrainingDay]:
    """Every day from `first` to `last` (both included) with a workout, by day."""
    if last < first:
        return {}
    end = last + dt.timedelta(days=1)
    rows = db.execute_sql(_DAYS_SQL, (first.isoformat(), end.isoformat())).fetchall()
    field = Workout.started_at
    workouts: list[WorkoutDone] = []
    current: tuple[int, str, dt.datetime] | None = None
    exercises: list[ExerciseDone] = []
    for workout_id, name, started, exercise, sets, volume in rows:
        if current is None or current[0] != workout_id:
            if current is not None:
                workouts.append(WorkoutDone(*current, exercises=tuple(exercises)))
            current, exercises = (workout_id, name, field.python_value(started)), []
        exercises.append(ExerciseDone(name=exercise, sets=int(sets), volume_kg=float(volume)))
    if current is not None:
        workouts.append(WorkoutDone(*current, exercises=tuple(exercises)))
    by_day: dict[dt.date, list[WorkoutDone]] = {}
    for workout in workouts:
        by_day.setdefault(workout.started_at.date(), []).append(workout)
    return {day: TrainingDay(day, tuple(done)) for day, done in by_day.items()}


def sessions_by_week(first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """Sessions (as the weekly goal counts them) of every Monday–Sunday week touching the
    days from `first` to `last`, by Monday; a week that spans a year's end counts whole."""
    if last < first:
        return {}
    return dict(sessions_per_week(since=first, until=last))


def has_training() -> bool:
    """Whether any workout has a work set (the calendar has anything to show)."""
    sql = f"""SELECT EXISTS (SELECT 1 FROM set_entry s WHERE {WORK_SET})"""
    return bool(db.execute_sql(sql).fetchone()[0])
