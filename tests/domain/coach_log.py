"""Logging helpers for the back coach's tests: workouts with sets, written through storage."""

from __future__ import annotations

import datetime as dt
from typing import Any

from backtracker.storage import workouts
from backtracker.storage.models import Exercise, db

# Patterns as helper H1 will put them in the catalogue; tests set them themselves.
PATTERNS = {
    "dumbbell-row": "horizontal_pull",
    "seated-cable-row": "horizontal_pull",
    "lat-pulldown": "vertical_pull",
    "pull-up": "vertical_pull",
    "face-pull": "fly",
    "reverse-fly": "fly",
    "barbell-shrug": "shrug",
    "deadlift": "hinge",
    "back-extension": "extension",
}


def set_patterns(patterns: dict[str, str | None] | None = None) -> None:
    for key, pattern in (patterns or PATTERNS).items():
        db.execute_sql("UPDATE exercise SET pattern = ? WHERE catalogue_key = ?", (pattern, key))


def exercise_id(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def press_id() -> int:
    """A custom press (the catalogue has none): pattern push, chest and triceps."""
    return Exercise.create(
        name="Bench Press",
        category="strength",
        equipment="barbell",
        load_profile="heavy",
        tracking="weight_reps",
        default_rest_s=90,
        is_custom=True,
        pattern="push",
    ).id


def log(started: dt.datetime, plan: dict[int, list[tuple[Any, ...]]]) -> int:
    """A workout with, per exercise, sets of (weight, reps[, set_type[, completed]])."""
    workout_id = workouts.start_workout(started)
    for exercise, sets in plan.items():
        link = workouts.add_exercise(workout_id, workouts.PlannedExercise(exercise))
        for weight, reps, *rest in sets:
            set_type = rest[0] if rest else "normal"
            completed = rest[1] if len(rest) > 1 else True
            workouts.add_set(
                link,
                {"weight_kg": weight, "reps": reps, "set_type": set_type, "completed": completed},
            )
    workouts.update_workout(workout_id, {"ended_at": started + dt.timedelta(hours=1)})
    return workout_id


def at(day: str, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour))
