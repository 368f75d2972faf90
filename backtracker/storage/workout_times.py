"""The moments of a workout: its start, end, sets' completion times and when it was entered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from backtracker.storage.models import SetEntry, Workout, WorkoutExercise, db, now
from backtracker.storage.workouts import SetNotFoundError, WorkoutNotFoundError


@dataclass(frozen=True)
class WorkoutTimes:
    workout_id: int
    started_at: dt.datetime
    ended_at: dt.datetime | None
    created_at: dt.datetime  # when the row was made: long after the start if back-dated
    last_completed_at: dt.datetime | None  # the latest completion time of its done sets


def workout_times(workout_id: int) -> WorkoutTimes:
    row = Workout.get_or_none(Workout.id == workout_id)
    if row is None:
        raise WorkoutNotFoundError()
    last = (
        SetEntry.select(fn.MAX(SetEntry.completed_at))
        .join(WorkoutExercise)
        .where(
            (WorkoutExercise.workout == workout_id) & (SetEntry.completed == True)  # noqa: E712 - peewee expression
        )
        .scalar()
    )
    if isinstance(last, str):  # MAX() hands back the stored text
        last = SetEntry.completed_at.python_value(last)
    return WorkoutTimes(row.id, row.started_at, row.ended_at, row.created_at, last)


def workout_of_set(set_id: int) -> int:
    row = (
        SetEntry.select(WorkoutExercise.workout)
        .join(WorkoutExercise)
        .where(SetEntry.id == set_id)
        .tuples()
        .first()
    )
    if row is None:
        raise SetNotFoundError()
    return row[0]


def move_workout(workout_id: int, started_at: dt.datetime) -> dt.timedelta:
    """Move the whole workout so that it starts at `started_at`: its end and the completion
    times of its sets move by the same amount, in one transaction. The shift made."""
    with db.atomic():
        row = Workout.get_or_none(Workout.id == workout_id)
        if row is None:
            raise WorkoutNotFoundError()
        shift = started_at - row.started_at
        ended_at = None if row.ended_at is None else row.ended_at + shift
        Workout.update(started_at=started_at, ended_at=ended_at, updated_at=now()).where(
            Workout.id == workout_id
        ).execute()
        done = (
            SetEntry.select(SetEntry.id, SetEntry.completed_at)
            .join(WorkoutExercise)
            .where((WorkoutExercise.workout == workout_id) & SetEntry.completed_at.is_null(False))
            .tuples()
        )
        for set_id, completed_at in list(done):
            SetEntry.update(completed_at=completed_at + shift).where(
                SetEntry.id == set_id
            ).execute()
    return shift
