"""Records as they happen: the sets of a workout that beat the exercise's bests.

Computed, never stored: an `ExerciseRecords` is built once per exercise of a workout (one
query for the bests before it) and then answers for its sets as they change, without
another query. domain/records.py says what counts as a record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from backtracker.domain.catalogue import Tracking
from backtracker.domain.log import LoggedSet, WorkoutExerciseInfo
from backtracker.domain.records import Bests, RecordHit, RecordSet, describe_hits, find_records
from backtracker.domain.strength import Formula, effective_load_kg
from backtracker.domain.units import Unit
from backtracker.storage import body, workouts
from backtracker.storage.live_records import (
    PerLinkBests,
    Stamp,
    bests_before,
    exercises_of_workouts,
    heaviest_by_reps_before,
    heaviest_by_reps_per_link,
)

ReadAhead = dict[tuple[int, bool], PerLinkBests]


class _ReadAhead:
    """Each exercise's bests per link (`heaviest_by_reps_per_link`), read ahead in the
    background for the workouts the Log's History lists, so opening one of them needs no
    pass over the exercise's sets on the GUI thread. Kept only while the data is the one it
    was read under (`Stamp`): any write, another connection's commit or another database
    empties it, and an exercise not read ahead gets the one query per link it always had."""

    def __init__(self) -> None:
        self.stamp: Stamp | None = None
        self.rows: ReadAhead = {}

    def current(self) -> ReadAhead:
        stamp = Stamp()
        if not stamp.same_as(self.stamp):
            self.rows = {}
            self.stamp = stamp
        return self.rows


_read_ahead = _ReadAhead()


def read_ahead_stamp() -> Stamp:
    """Taken on the GUI thread before `read_ahead` starts; `remember` checks it."""
    return Stamp()


def missing_for(workout_ids: list[int]) -> list[tuple[int, bool]]:
    """The exercises of these workouts whose bests are not read ahead yet (GUI thread)."""
    have = _read_ahead.current()
    return [key for key in exercises_of_workouts(workout_ids) if key not in have]


def read_ahead(exercises: list[tuple[int, bool]]) -> ReadAhead:
    """Each exercise's bests per link (a background task, on its own connection)."""
    return {
        (exercise, bodyweight): heaviest_by_reps_per_link(exercise, bodyweight_exercise=bodyweight)
        for exercise, bodyweight in exercises
    }


def remember(stamp: Stamp, found: ReadAhead) -> bool:
    """Keep what `read_ahead` found, unless the data changed since `stamp` was taken."""
    if not Stamp().same_as(stamp):
        return False
    _read_ahead.current().update(found)
    return True


def forget_read_ahead() -> None:
    _read_ahead.rows = {}
    _read_ahead.stamp = None


@dataclass(frozen=True)
class ExerciseRecords:
    """What the sets of one exercise in one workout are measured against."""

    exercise_name: str
    bests: Bests
    bodyweight_exercise: bool
    bodyweight_kg: float | None  # the workout day's, for bodyweight exercises
    formula: Formula

    def load_of(self, logged: LoggedSet) -> float | None:
        return effective_load_kg(
            logged.weight_kg,
            bodyweight_kg=self.bodyweight_kg,
            bodyweight_exercise=self.bodyweight_exercise,
        )

    def records(self, sets: Iterable[LoggedSet]) -> dict[int, tuple[RecordHit, ...]]:
        """Set id → the records it broke, for the sets in the order they are listed."""
        return find_records(
            self.bests,
            (
                RecordSet(
                    key=s.id,
                    set_type=s.set_type,
                    completed=s.completed,
                    load_kg=self.load_of(s),
                    reps=s.reps,
                )
                for s in sets
            ),
            self.formula,
        )


def for_link(
    link: WorkoutExerciseInfo,
    *,
    workout_id: int,
    started_at: dt.datetime,
    formula: Formula | str,
) -> ExerciseRecords:
    """The bests an exercise of a workout is measured against (one query, none when the
    exercise's bests were read ahead; one more for the bodyweight of a bodyweight exercise)."""
    bodyweight_exercise = link.tracking == Tracking.BODYWEIGHT_REPS
    rows = _read_ahead.current().get((link.exercise_id, bodyweight_exercise))
    if rows is not None:  # read ahead for the History: no pass over the sets here
        by_reps = bests_before(
            rows,
            workout_id=workout_id,
            started_at=started_at,
            link_id=link.id,
            link_position=link.position,
        )
    else:
        by_reps = heaviest_by_reps_before(
            exercise_id=link.exercise_id,
            workout_id=workout_id,
            started_at=started_at,
            link_id=link.id,
            link_position=link.position,
            bodyweight_exercise=bodyweight_exercise,
        )
    return ExerciseRecords(
        exercise_name=link.exercise_name,
        bests=Bests(by_reps),
        bodyweight_exercise=bodyweight_exercise,
        bodyweight_kg=body.bodyweight_on(started_at.date()) if bodyweight_exercise else None,
        formula=Formula(formula),
    )


def announcement(exercise_name: str, hits: tuple[RecordHit, ...], unit: Unit | str) -> str:
    """The short status-bar line: "New record: Dumbbell Row heaviest 32.5 kg (+2 more)";
    the star's tooltip names them all."""
    more = f" (+{len(hits) - 1} more)" if len(hits) > 1 else ""
    return f"New record: {exercise_name} {hits[0].describe(unit)}{more}"


@dataclass(frozen=True)
class WorkoutRecord:
    """A set of a workout that broke records, for the summary."""

    exercise_name: str
    set_id: int
    weight_kg: float | None
    reps: int | None
    hits: tuple[RecordHit, ...]

    def describe(self, unit: Unit | str) -> str:
        return f"{self.exercise_name}: {describe_hits(self.hits, unit)}"


def workout_records(workout_id: int, formula: Formula | str) -> list[WorkoutRecord]:
    """Every record set in a workout, in the order of its exercises and sets."""
    workout = workouts.get_workout(workout_id)
    found: list[WorkoutRecord] = []
    for link in workout.exercises:
        measure = for_link(
            link, workout_id=workout.id, started_at=workout.started_at, formula=formula
        )
        records = measure.records(link.sets)
        found.extend(
            WorkoutRecord(link.exercise_name, s.id, s.weight_kg, s.reps, records[s.id])
            for s in link.sets
            if s.id in records
        )
    return found
