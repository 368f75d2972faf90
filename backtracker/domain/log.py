"""Plain values for logged training: sets, exercises within a workout, workouts, history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class LoggedSet:
    id: int
    position: int
    set_type: str
    weight_kg: float | None
    reps: int | None
    duration_s: float | None
    distance_m: float | None
    rpe: float | None
    rest_s: int | None
    notes: str
    completed: bool
    completed_at: dt.datetime | None
    reps_left: int | None = None  # a one-sided set logged per side; `reps` is the weaker one
    reps_right: int | None = None


@dataclass(frozen=True)
class WorkoutExerciseInfo:
    id: int
    exercise_id: int
    exercise_name: str
    tracking: str
    equipment: str
    load_profile: str
    default_rest_s: int
    position: int
    notes: str
    rest_s: int | None
    rep_min: int | None
    rep_max: int | None
    sets: tuple[LoggedSet, ...]
    unilateral: bool = False  # one side at a time: sets log left and right reps
    superset: int | None = None  # exercises with the same number form one superset

    @property
    def rest_seconds(self) -> int:
        return self.rest_s if self.rest_s is not None else self.default_rest_s


@dataclass(frozen=True)
class WorkoutInfo:
    id: int
    name: str
    routine_id: int | None
    started_at: dt.datetime
    ended_at: dt.datetime | None
    notes: str
    posture_score: int | None
    posture_note: str
    warmup_stretch: bool
    cooldown_stretch: bool
    exercises: tuple[WorkoutExerciseInfo, ...]


@dataclass(frozen=True)
class WorkoutSummary:
    """One line of history."""

    id: int
    name: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    exercise_count: int
    set_count: int
    volume_kg: float

    @property
    def duration(self) -> dt.timedelta | None:
        return None if self.ended_at is None else self.ended_at - self.started_at


@dataclass(frozen=True)
class PastSession:
    """One earlier workout's sets of one exercise, for "last time" and progression."""

    workout_id: int
    started_at: dt.datetime
    rest_s: int | None
    sets: tuple[LoggedSet, ...]
