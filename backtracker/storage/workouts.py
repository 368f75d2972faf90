"""Workouts, the exercises in them and their sets. Every write is its own transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from backtracker.domain.errors import UserError
from backtracker.storage import discomfort, sessions, set_checks, supersets
from backtracker.storage.models import (
    Exercise,
    SetEntry,
    Workout,
    WorkoutExercise,
    db,
    now,
)
from backtracker.storage.volume import volume_reps_sql

if TYPE_CHECKING:  # imported where used: the start-up check for a running workout needs none
    from backtracker.domain.log import (
        LoggedSet,
        PastSession,
        WorkoutInfo,
        WorkoutSummary,
    )

SET_FIELDS = (
    "set_type",
    "weight_kg",
    "reps",
    "duration_s",
    "distance_m",
    "rpe",
    "rest_s",
    "notes",
    "completed",
    "completed_at",
    "reps_left",
    "reps_right",
)
WORKOUT_FIELDS = (
    "name",
    "started_at",
    "ended_at",
    "notes",
    "posture_score",
    "posture_note",
    "warmup_stretch",
    "cooldown_stretch",
)


class WorkoutNotFoundError(UserError):
    def __init__(self) -> None:
        super().__init__("That workout no longer exists; it may have been deleted.")


def _set(row: SetEntry) -> LoggedSet:
    from backtracker.domain.log import LoggedSet

    return LoggedSet(
        id=row.id,
        position=row.position,
        set_type=row.set_type,
        weight_kg=row.weight_kg,
        reps=row.reps,
        duration_s=row.duration_s,
        distance_m=row.distance_m,
        rpe=row.rpe,
        rest_s=row.rest_s,
        notes=row.notes,
        completed=bool(row.completed),
        completed_at=row.completed_at,
        reps_left=row.reps_left,
        reps_right=row.reps_right,
    )


_SET_COLUMNS = ("id", "workout_exercise", "position", *SET_FIELDS)
_SETS_SQL = (
    "SELECT "
    + ", ".join(SetEntry._meta.fields[name].column_name for name in _SET_COLUMNS)
    + " FROM set_entry WHERE workout_exercise_id IN ({marks}) ORDER BY position, id"
)
# SQLite's column affinities already give ints, floats and text as peewee's fields would
# make them; the flag and the time are converted by their fields, as peewee's `.tuples()`.
_completed_at = SetEntry.completed_at.python_value


def _sets_by_link(link_ids: list[int]) -> dict[int, list[LoggedSet]]:
    """The sets of these links in order, read as plain SQL: the same `LoggedSet`s `_set`
    makes of model rows, without building a statement or a model object per set (a
    workout's cards read them; tests/storage/test_workout_reads_19.py compares)."""
    from backtracker.domain.log import LoggedSet

    result: dict[int, list[LoggedSet]] = defaultdict(list)
    if link_ids:
        cursor = db.execute_sql(_SETS_SQL.format(marks=", ".join("?" * len(link_ids))), link_ids)
        for row in cursor.fetchall():
            values = dict(zip(_SET_COLUMNS, row, strict=True))
            link = values.pop("workout_exercise")
            values["completed"] = bool(values["completed"])
            if values["completed_at"] is not None:
                values["completed_at"] = _completed_at(values["completed_at"])
            result[link].append(LoggedSet(**values))
    return result


# A workout and its exercises as plain SQL (the columns `get_workout` reads), converted by
# the fields' own `python_value` as peewee does; opening a workout reads them.
_WORKOUT_READ = tuple(
    (name, Workout._meta.fields[name].python_value)
    for name in ("id", "name", "routine", *WORKOUT_FIELDS[1:])
)
_WORKOUT_SQL = (
    "SELECT id, name, routine_id, "
    + ", ".join(Workout._meta.fields[name].column_name for name in WORKOUT_FIELDS[1:])
    + " FROM workout WHERE id = ? LIMIT 1"
)
_LINK_COLUMNS = (
    (WorkoutExercise, ("id", "position", "notes", "rest_s", "rep_min", "rep_max", "superset")),
    (Exercise, ("id", "name", "tracking", "equipment", "load_profile", "default_rest_s")),
    (Exercise, ("unilateral",)),
)
_LINK_FIELDS = (  # WorkoutExerciseInfo's, in the order of the columns below
    *("id", "position", "notes", "rest_s", "rep_min", "rep_max", "superset"),
    *("exercise_id", "exercise_name", "tracking", "equipment", "load_profile", "default_rest_s"),
)
_LINK_READ = tuple(
    model._meta.fields[name].python_value for model, names in _LINK_COLUMNS for name in names
)
_LINKS_SQL = """
SELECT we.id, we.position, we.notes, we.rest_s, we.rep_min, we.rep_max, we.superset,
    e.id, e.name, e.tracking, e.equipment, e.load_profile, e.default_rest_s, e.unilateral
FROM workout_exercise AS we INNER JOIN exercise AS e ON (we.exercise_id = e.id)
WHERE (we.workout_id = ?)
ORDER BY we.position, we.id
"""


def _converted(row: tuple, converters: tuple) -> list[Any]:
    return [
        None if value is None else convert(value)
        for convert, value in zip(converters, row, strict=True)
    ]


def get_workout(workout_id: int) -> WorkoutInfo:
    from backtracker.domain.log import WorkoutExerciseInfo, WorkoutInfo

    found = db.execute_sql(_WORKOUT_SQL, (workout_id,)).fetchone()
    if found is None:
        raise WorkoutNotFoundError()
    row = dict(
        zip(
            (name for name, _ in _WORKOUT_READ),
            _converted(found, tuple(c for _, c in _WORKOUT_READ)),
            strict=True,
        )
    )
    links = [
        _converted(link, _LINK_READ)
        for link in db.execute_sql(_LINKS_SQL, (workout_id,)).fetchall()
    ]
    sets = _sets_by_link([link[0] for link in links])
    exercises = tuple(
        WorkoutExerciseInfo(
            **dict(zip(_LINK_FIELDS, link[:-1], strict=True)),
            sets=tuple(sets[link[0]]),
            unilateral=bool(link[-1]),
        )
        for link in links
    )
    return WorkoutInfo(
        id=row["id"],
        name=row["name"],
        routine_id=row["routine"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        notes=row["notes"],
        posture_score=row["posture_score"],
        posture_note=row["posture_note"],
        warmup_stretch=bool(row["warmup_stretch"]),
        cooldown_stretch=bool(row["cooldown_stretch"]),
        exercises=exercises,
    )


@dataclass(frozen=True)
class ExerciseFacts:
    """What a workout's cards read of an exercise's row (the coaching, the pinned note)."""

    tracking: str
    equipment: str
    load_profile: str
    bar: str | None
    pinned_note: str


def exercise_facts(exercise_ids: list[int]) -> dict[int, ExerciseFacts]:
    marks = ", ".join("?" * len(exercise_ids))
    sql = f"""SELECT id, tracking, equipment, load_profile, bar, pinned_note
        FROM exercise WHERE id IN ({marks})"""
    return {row[0]: ExerciseFacts(*row[1:]) for row in db.execute_sql(sql, exercise_ids)}


def active_workout_id() -> int | None:
    """The workout still running (no end time), e.g. after the app was closed mid-session."""
    row = (
        Workout.select(Workout.id)
        .where(Workout.ended_at.is_null())
        .order_by(Workout.started_at.desc())
        .first()
    )
    return None if row is None else row.id


@dataclass(frozen=True)
class PlannedExercise:
    exercise_id: int
    sets: int = 0
    rep_min: int | None = None
    rep_max: int | None = None
    rest_s: int | None = None
    prefill: tuple[dict[str, Any], ...] = ()  # values for the planned (not yet done) sets
    superset: int | None = None  # the routine item's group: a superset survives the copy


def start_workout(
    started_at: dt.datetime,
    *,
    name: str = "",
    routine_id: int | None = None,
    plan: tuple[PlannedExercise, ...] = (),
    source: str = "app",
) -> int:
    """Create a workout with its planned exercises and empty sets, in one transaction."""
    with db.atomic():
        workout = Workout.create(
            name=name, routine=routine_id, started_at=started_at, source=source
        )
        for position, planned in enumerate(plan):
            _insert_link(workout.id, planned, position)
    return workout.id


def _insert_link(workout_id: int, planned: PlannedExercise, position: int) -> int:
    """Add the exercise to the workout with its planned, not yet done, sets."""
    link_id = WorkoutExercise.insert(
        workout=workout_id,
        exercise=planned.exercise_id,
        position=position,
        rep_min=planned.rep_min,
        rep_max=planned.rep_max,
        rest_s=planned.rest_s,
        superset=planned.superset,
    ).execute()
    for set_position in range(planned.sets):
        values = planned.prefill[set_position] if set_position < len(planned.prefill) else {}
        SetEntry.create(workout_exercise=link_id, position=set_position, completed=False, **values)
    return link_id


def add_exercise(workout_id: int, planned: PlannedExercise) -> int:
    with db.atomic():
        position = WorkoutExercise.select().where(WorkoutExercise.workout == workout_id).count()
        link_id = _insert_link(workout_id, planned, position)
        _touch(workout_id)
    return link_id


def remove_exercise(link_id: int) -> None:
    with db.atomic():
        link = WorkoutExercise.get_by_id(link_id)
        link.delete_instance(recursive=False)  # sets go with it (ON DELETE CASCADE)
        _renumber_links(link.workout_id)
        supersets.tidy(link.workout_id)  # a group left with one exercise dissolves
        _touch(link.workout_id)


def move_exercise(link_id: int, offset: int) -> None:
    """Move an exercise up or down; superset groups stay whole (storage/supersets.py)."""
    supersets.move(link_id, offset)


def _renumber_links(workout_id: int) -> None:
    ids = [
        i
        for (i,) in WorkoutExercise.select(WorkoutExercise.id)
        .where(WorkoutExercise.workout == workout_id)
        .order_by(WorkoutExercise.position, WorkoutExercise.id)
        .tuples()
    ]
    for position, other in enumerate(ids):
        WorkoutExercise.update(position=position).where(WorkoutExercise.id == other).execute()


def _touch(workout_id: int) -> None:
    Workout.update(updated_at=now()).where(Workout.id == workout_id).execute()


def add_set(link_id: int, values: dict[str, Any]) -> int:
    """Append a set to an exercise of a workout; commits at once."""
    unknown = set(values) - set(SET_FIELDS)
    if unknown:
        raise ValueError(f"unknown set fields {unknown}")
    set_checks.check_new_set(link_id, values)
    with db.atomic():
        position = SetEntry.select().where(SetEntry.workout_exercise == link_id).count()
        set_id = SetEntry.insert(workout_exercise=link_id, position=position, **values).execute()
    return set_id


def update_set(set_id: int, values: dict[str, Any]) -> int:
    """Write `values` over a set; the number of rows changed (0: the set is gone)."""
    unknown = set(values) - set(SET_FIELDS)
    if unknown:
        raise ValueError(f"unknown set fields {unknown}")
    values = set_checks.prepare_set_update(set_id, values)
    return SetEntry.update(**values).where(SetEntry.id == set_id).execute()


class SetNotFoundError(UserError):
    def __init__(self) -> None:
        super().__init__("That set no longer exists; it may have been deleted.")


def get_set(set_id: int) -> LoggedSet:
    row = SetEntry.get_or_none(SetEntry.id == set_id)
    if row is None:
        raise SetNotFoundError()
    return _set(row)


def delete_set(set_id: int) -> tuple[int, LoggedSet]:
    """Delete a set and renumber the rest; returns what undo needs to put it back."""
    with db.atomic():
        row = SetEntry.get_by_id(set_id)
        snapshot = (row.workout_exercise_id, _set(row))
        row.delete_instance()
        remaining = [
            i
            for (i,) in SetEntry.select(SetEntry.id)
            .where(SetEntry.workout_exercise == row.workout_exercise_id)
            .order_by(SetEntry.position, SetEntry.id)
            .tuples()
        ]
        for position, other in enumerate(remaining):
            SetEntry.update(position=position).where(SetEntry.id == other).execute()
    return snapshot


def restore_set(link_id: int, logged: LoggedSet) -> None:
    """Put a deleted set back where it was, with its id."""
    with db.atomic():
        SetEntry.update(position=SetEntry.position + 1).where(
            (SetEntry.workout_exercise == link_id) & (SetEntry.position >= logged.position)
        ).execute()
        SetEntry.insert(
            id=logged.id,
            workout_exercise=link_id,
            position=logged.position,
            **{name: getattr(logged, name) for name in SET_FIELDS},
        ).execute()


def update_workout(workout_id: int, values: dict[str, Any]) -> None:
    unknown = set(values) - set(WORKOUT_FIELDS)
    if unknown:
        raise ValueError(f"unknown workout fields {unknown}")
    updated = Workout.update(updated_at=now(), **values).where(Workout.id == workout_id).execute()
    if not updated:
        raise WorkoutNotFoundError()


def finish_workout(workout_id: int, ended_at: dt.datetime) -> int:
    """Record the end time and drop planned sets that were never done; returns how many."""
    with db.atomic():
        link_ids = WorkoutExercise.select(WorkoutExercise.id).where(
            WorkoutExercise.workout == workout_id
        )
        dropped = (
            SetEntry.delete()
            .where(
                SetEntry.workout_exercise.in_(link_ids) & (SetEntry.completed == False)  # noqa: E712
            )
            .execute()
        )
        update_workout(workout_id, {"ended_at": ended_at})
    return dropped


@dataclass(frozen=True)
class DeletedWorkout:
    """Everything needed to put a deleted workout back exactly."""

    workout: WorkoutInfo
    row_extras: dict[str, Any]
    discomfort: tuple[Any, ...] = ()  # storage.discomfort.Flag rows, put back with it


def delete_workout(workout_id: int) -> DeletedWorkout:
    """Delete a workout with everything in it; returns the snapshot that undo restores."""
    with db.atomic():
        snapshot = get_workout(workout_id)
        row = Workout.get_by_id(workout_id)
        extras = {
            "source": row.source,
            "import_batch": row.import_batch_id,
            "import_key": row.import_key,
            "routine": row.routine_id,
            "created_at": row.created_at,
        }
        flags = tuple(discomfort.flags_of(workout_id).values())
        Workout.delete().where(Workout.id == workout_id).execute()
    return DeletedWorkout(snapshot, extras, flags)


def restore_workout(deleted: DeletedWorkout) -> None:
    """Put a deleted workout back exactly, ids included, in one transaction."""
    snapshot = deleted.workout
    with db.atomic():
        Workout.insert(
            id=snapshot.id,
            **{name: getattr(snapshot, name) for name in WORKOUT_FIELDS},
            **deleted.row_extras,
        ).execute()
        for link in snapshot.exercises:
            WorkoutExercise.insert(
                id=link.id,
                workout=snapshot.id,
                exercise=link.exercise_id,
                position=link.position,
                notes=link.notes,
                rest_s=link.rest_s,
                rep_min=link.rep_min,
                rep_max=link.rep_max,
                superset=link.superset,
            ).execute()
            for logged in link.sets:
                SetEntry.insert(
                    id=logged.id,
                    workout_exercise=link.id,
                    position=logged.position,
                    **{name: getattr(logged, name) for name in SET_FIELDS},
                ).execute()
        discomfort.restore_flags(snapshot.id, list(deleted.discomfort))


# The statement peewee built for `past_sessions` (the same joins, tests and order, so the
# same plan and the same order among workouts started the same minute), as plain SQL: a
# workout's cards ask it once each, and building it took most of the call.
_PAST_SESSIONS_SQL = """
SELECT t1.id, t1.rest_s, t2.id, t2.started_at
FROM workout_exercise AS t1 INNER JOIN workout AS t2 ON (t1.workout_id = t2.id)
WHERE ((((t1.exercise_id = ?) AND (t2.started_at <= ?)) AND (t2.id != ?))
    AND EXISTS(SELECT t3.id FROM set_entry AS t3
        WHERE ((t3.workout_exercise_id = t1.id) AND (t3.completed = ?)))){deloads}
ORDER BY t2.started_at DESC LIMIT ?
"""
_NOT_IN_A_DELOAD_WEEK = """
    AND NOT EXISTS(SELECT t4.id FROM deload AS t4
        WHERE ((t4.week_start <= date(t2.started_at))
            AND (date(t4.week_start, ?) >= date(t2.started_at))))"""


def past_sessions(
    exercise_id: int,
    *,
    before: dt.datetime,
    limit: int = 3,
    exclude_workout_id: int | None = None,
    skip_deload_weeks: bool = False,
) -> list[PastSession]:
    """The latest workouts up to `before` with completed sets of this exercise, newest first.

    `exclude_workout_id` leaves out the workout being looked at itself;
    `skip_deload_weeks` the workouts inside accepted deload weeks (services/deload.py).
    """
    from backtracker.domain.log import PastSession

    deloads = _NOT_IN_A_DELOAD_WEEK if skip_deload_weeks else ""
    params: tuple[object, ...] = (
        exercise_id,
        Workout.started_at.db_value(before),
        exclude_workout_id or 0,
        True,
        *(("+6 days",) if skip_deload_weeks else ()),
        limit,
    )
    field = Workout.started_at
    links = [
        (link_id, rest_s, workout_id, field.python_value(started))
        for link_id, rest_s, workout_id, started in db.execute_sql(
            _PAST_SESSIONS_SQL.format(deloads=deloads), params
        ).fetchall()
    ]
    sets = _sets_by_link([link_id for link_id, *_ in links])
    return [
        PastSession(
            workout_id=workout_id,
            started_at=started,
            rest_s=rest_s,
            sets=tuple(s for s in sets[link_id] if s.completed),
        )
        for link_id, rest_s, workout_id, started in links
    ]


def session_starts(since: dt.datetime | None = None) -> list[dt.datetime]:
    """Starts of the workouts that count as back sessions (storage/sessions.py), oldest
    first: an empty or warm-up-only workout is not a session."""
    return sessions.session_starts(since)


_SUMMARY_SQL = """
WITH w AS (
    SELECT id, name, started_at, ended_at,
        COALESCE(
            (SELECT value FROM body_metric b WHERE b.metric = 'bodyweight'
                AND b.measured_on <= date(workout.started_at)
                ORDER BY b.measured_on DESC LIMIT 1),
            (SELECT value FROM body_metric b WHERE b.metric = 'bodyweight'
                ORDER BY b.measured_on ASC LIMIT 1)
        ) AS bodyweight_kg
    FROM workout
    WHERE {where}
    ORDER BY started_at DESC, id DESC
    LIMIT ?
)
SELECT w.id, w.name, w.started_at, w.ended_at,
    COUNT(DISTINCT CASE WHEN s.completed THEN we.id END),
    COALESCE(SUM(s.completed AND s.set_type != 'warmup'), 0),
    COALESCE(SUM(CASE
        WHEN NOT s.completed OR s.set_type = 'warmup' OR s.reps IS NULL THEN 0
        WHEN e.tracking = 'bodyweight_reps' THEN
            CASE WHEN w.bodyweight_kg IS NULL THEN 0
                 ELSE MAX(w.bodyweight_kg + COALESCE(s.weight_kg, 0), 0) * VOLUME_REPS END
        ELSE COALESCE(s.weight_kg, 0) * VOLUME_REPS
    END), 0.0)
FROM w
LEFT JOIN workout_exercise we ON we.workout_id = w.id
LEFT JOIN exercise e ON e.id = we.exercise_id
LEFT JOIN set_entry s ON s.workout_exercise_id = we.id
GROUP BY w.id
ORDER BY w.started_at DESC, w.id DESC
""".replace("VOLUME_REPS", volume_reps_sql("s", "e.unilateral"))  # both sides of one-sided sets

HISTORY_PAGE = 100


def workout_summaries(
    *,
    limit: int = HISTORY_PAGE,
    after: tuple[dt.datetime, int] | None = None,
    finished_only: bool = True,
) -> list[WorkoutSummary]:
    """One page of history lines, newest first, aggregated in SQL (volume uses that day's
    bodyweight).

    `after` is the (started_at, id) of the last line already shown: the page continues
    below it (keyset pagination, so a page costs the same ten years back as today). An
    exercise counts when it has a completed set (a warm-up too: it was done); planned sets
    never done don't make an exercise, and the set count leaves warm-ups out.
    """
    from backtracker.domain.log import WorkoutSummary

    conditions = ["ended_at IS NOT NULL"] if finished_only else []
    params: list[object] = []
    if after is not None:
        started, workout_id = after
        conditions.append("(started_at < ? OR (started_at = ? AND id < ?))")
        stamp = Workout.started_at.db_value(started)
        params += [stamp, stamp, workout_id]
    where = " AND ".join(conditions) or "1"
    cursor = db.execute_sql(_SUMMARY_SQL.format(where=where), (*params, limit))
    field = Workout.started_at
    return [
        WorkoutSummary(
            id=row[0],
            name=row[1],
            started_at=field.python_value(row[2]),
            ended_at=field.python_value(row[3]) if row[3] else None,
            exercise_count=row[4],
            set_count=int(row[5]),
            volume_kg=float(row[6]),
        )
        for row in cursor.fetchall()
    ]
