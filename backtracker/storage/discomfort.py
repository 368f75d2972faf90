"""Discomfort flagged after a workout (table discomfort): per exercise of the workout, or for
the lower back as a whole (workout_exercise None). Every write is one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from backtracker.domain.errors import UserError
from backtracker.storage.models import (
    Discomfort,
    Exercise,
    ExerciseMuscle,
    Muscle,
    SetEntry,
    Workout,
    WorkoutExercise,
    db,
    now,
)


@dataclass(frozen=True)
class Flag:
    """One flag: `workout_exercise` None is the lower back as a whole."""

    workout_exercise: int | None
    score: int
    note: str = ""
    id: int | None = None
    created_at: dt.datetime | None = None


def flags_of(workout_id: int) -> dict[int | None, Flag]:
    """The workout's flags by workout_exercise id (None: the lower back overall)."""
    rows = Discomfort.select().where(Discomfort.workout == workout_id).order_by(Discomfort.id)
    return {
        row.workout_exercise_id: Flag(
            row.workout_exercise_id, row.score, row.note, row.id, row.created_at
        )
        for row in rows
    }


def save_flags(workout_id: int, flags: dict[int | None, tuple[int, str] | None]) -> None:
    """Set, replace (a score of None clears) the given flags of one workout, together.

    The caller checked the values (services/discomfort.py); this checks they belong here.
    """
    with db.atomic():
        if not Workout.select().where(Workout.id == workout_id).exists():
            raise UserError("That workout no longer exists; it may have been deleted.")
        links = {
            i
            for (i,) in WorkoutExercise.select(WorkoutExercise.id)
            .where(WorkoutExercise.workout == workout_id)
            .tuples()
        }
        for link in flags:
            if link is not None and link not in links:
                raise UserError("That exercise is no longer in this workout.")
        for link, value in flags.items():
            where = (Discomfort.workout == workout_id) & (
                Discomfort.workout_exercise.is_null()
                if link is None
                else Discomfort.workout_exercise == link
            )
            existing = Discomfort.get_or_none(where)
            if value is None:
                if existing is not None:
                    existing.delete_instance()
                continue
            score, note = value
            if existing is None:
                Discomfort.create(workout=workout_id, workout_exercise=link, score=score, note=note)
            elif (existing.score, existing.note) != (score, note):
                Discomfort.update(score=score, note=note, created_at=now()).where(
                    Discomfort.id == existing.id
                ).execute()


def restore_flags(workout_id: int, flags: list[Flag]) -> None:
    """Put back flags exactly (ids and times): the undo of deleting their workout."""
    for flag in flags:
        Discomfort.insert(
            id=flag.id,
            workout=workout_id,
            workout_exercise=flag.workout_exercise,
            score=flag.score,
            note=flag.note,
            created_at=flag.created_at,
        ).execute()


def recent_scores(exercise_id: int, *, before: dt.datetime, limit: int = 3) -> list[int | None]:
    """The discomfort on this exercise in its last `limit` sessions up to `before`, newest
    first (None: that session has no flag on it). A session is a workout with at least one
    done set of the exercise; lower-back-overall flags are not about one exercise."""
    done = fn.EXISTS(
        SetEntry.select(SetEntry.id).where(
            (SetEntry.workout_exercise == WorkoutExercise.id) & (SetEntry.completed == True)  # noqa: E712
        )
    )
    links = list(
        WorkoutExercise.select(WorkoutExercise.id)
        .join(Workout)
        .where((WorkoutExercise.exercise == exercise_id) & (Workout.started_at <= before) & done)
        .order_by(Workout.started_at.desc(), Workout.id.desc())
        .limit(limit)
    )
    ids = [link.id for link in links]
    scores = dict(
        Discomfort.select(Discomfort.workout_exercise, Discomfort.score)
        .where(Discomfort.workout_exercise.in_(ids))
        .tuples()
    )
    return [scores.get(i) for i in ids]


def candidates() -> list[tuple[int, str, str | None, str, str | None, bool, str, frozenset[str]]]:
    """Every exercise with what the lower-back rule needs: (id, name, spinal_load, tracking,
    pattern, archived, equipment, primary muscle keys)."""
    primary: dict[int, set[str]] = {}
    for exercise_id, key in (
        ExerciseMuscle.select(ExerciseMuscle.exercise, Muscle.key)
        .join(Muscle)
        .where(ExerciseMuscle.role == "primary")
        .tuples()
    ):
        primary.setdefault(exercise_id, set()).add(key)
    return [
        (i, name, load, tracking, pattern, archived is not None, kit, frozenset(primary.get(i, ())))
        for i, name, load, tracking, pattern, archived, kit in Exercise.select(
            Exercise.id,
            Exercise.name,
            Exercise.spinal_load,
            Exercise.tracking,
            Exercise.pattern,
            Exercise.archived_at,
            Exercise.equipment,
        ).tuples()
    ]


def muscle_names() -> dict[str, str]:
    return dict(Muscle.select(Muscle.key, Muscle.short_name).tuples())
