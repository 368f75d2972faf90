"""Discomfort flagged after a workout (table discomfort): per exercise of the workout, or for
the lower back as a whole (workout_exercise None). Every write is one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backtracker.domain.errors import UserError
from backtracker.storage.models import (
    Discomfort,
    Exercise,
    ExerciseMuscle,
    Muscle,
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


# The statement peewee built for the links of an exercise's last sessions (same joins, tests
# and order), as plain SQL: a workout's cards ask it for each of their exercises.
_RECENT_LINKS_SQL = """
SELECT t1.id FROM workout_exercise AS t1 INNER JOIN workout AS t2 ON (t1.workout_id = t2.id)
WHERE (((t1.exercise_id = ?) AND (t2.started_at <= ?))
    AND EXISTS(SELECT t3.id FROM set_entry AS t3
        WHERE ((t3.workout_exercise_id = t1.id) AND (t3.completed = ?))))
ORDER BY t2.started_at DESC, t2.id DESC LIMIT ?
"""


def workout_of(workout_id: int) -> tuple[dt.datetime, int | None] | None:
    """The workout's start and routine (None: no such workout), as plain SQL."""
    row = db.execute_sql(
        "SELECT started_at, routine_id FROM workout WHERE id = ? LIMIT 1", (workout_id,)
    ).fetchone()
    return None if row is None else (Workout.started_at.python_value(row[0]), row[1])


def recent_scores(exercise_id: int, *, before: dt.datetime, limit: int = 3) -> list[int | None]:
    """The discomfort on this exercise in its last `limit` sessions up to `before`, newest
    first (None: that session has no flag on it). A session is a workout with at least one
    done set of the exercise; lower-back-overall flags are not about one exercise."""
    return recent_scores_of([exercise_id], before=before, limit=limit)[exercise_id]


def recent_scores_of(
    exercise_ids: list[int], *, before: dt.datetime, limit: int = 3
) -> dict[int, list[int | None]]:
    """`recent_scores` of each of these exercises, with one read of the flags for all."""
    stamp = Workout.started_at.db_value(before)
    links = {
        exercise_id: [
            link_id
            for (link_id,) in db.execute_sql(
                _RECENT_LINKS_SQL, (exercise_id, stamp, True, limit)
            ).fetchall()
        ]
        for exercise_id in exercise_ids
    }
    every = [link_id for ids in links.values() for link_id in ids]
    marks = ", ".join("?" * len(every))
    scores = dict(
        db.execute_sql(
            "SELECT workout_exercise_id, score FROM discomfort "
            f"WHERE (workout_exercise_id IN ({marks}))",
            every,
        ).fetchall()
        if every
        else ()
    )
    return {exercise_id: [scores.get(i) for i in ids] for exercise_id, ids in links.items()}


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
