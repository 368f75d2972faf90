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
from backtracker.storage.live_records import heaviest_by_reps_before


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
    """The bests an exercise of a workout is measured against (one query; one more for the
    bodyweight of a bodyweight exercise)."""
    bodyweight_exercise = link.tracking == Tracking.BODYWEIGHT_REPS
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
