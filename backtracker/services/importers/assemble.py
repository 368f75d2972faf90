"""Collecting rows into workouts, and the units shared by the parsers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from backtracker.domain.units import KG_PER_LB, M_PER_KM, M_PER_MILE, Unit
from backtracker.services.importers.detect import Layout
from backtracker.services.importers.model import (
    ImportFileError,
    ParsedFile,
    ParsedSet,
    ParsedWorkout,
    Progress,
    RowProblem,
    UnitNeededError,
)
from backtracker.services.importers.reading import Source

# kg per unit of weight, metres per unit of distance, as the apps spell the units.
WEIGHT_UNITS = {"kg": 1.0, "kgs": 1.0, "kilograms": 1.0, "lb": KG_PER_LB, "lbs": KG_PER_LB}
DISTANCE_UNITS = {
    "m": 1.0,
    "meters": 1.0,
    "metres": 1.0,
    "km": M_PER_KM,
    "kms": M_PER_KM,
    "kilometers": M_PER_KM,
    "kilometres": M_PER_KM,
    "mi": M_PER_MILE,
    "mile": M_PER_MILE,
    "miles": M_PER_MILE,
    "ft": 0.3048,
    "feet": 0.3048,
    "yd": 0.9144,
    "yds": 0.9144,
    "yards": 0.9144,
}


def unit_name(factor: float) -> str:
    return "lb" if factor == KG_PER_LB else "kg"


def weight_factor(text: str, line: int, column: str, fallback: float | None) -> float:
    """kg per unit for a unit cell such as "kgs" or "lbs"; empty uses the chosen unit."""
    key = text.strip().casefold()
    if not key:
        if fallback is None:
            raise UnitNeededError(
                "this row gives a weight but no unit. Say whether the file is in kg or lb.",
                line=line,
            )
        return fallback
    if key not in WEIGHT_UNITS:
        raise ImportFileError(f"“{text.strip()}” in {column} is not kg or lbs.", line=line)
    return WEIGHT_UNITS[key]


def distance_factor(text: str, line: int, column: str, fallback: float | None) -> float:
    key = text.strip().casefold()
    if not key:
        if fallback is None:
            raise ImportFileError(f"a distance is given without a {column}.", line=line)
        return fallback
    if key not in DISTANCE_UNITS:
        known = ", ".join(sorted({"m", "km", "mi", "ft", "yd"}))
        raise ImportFileError(
            f"“{text.strip()}” in {column} is not a distance unit ({known}).", line=line
        )
    return DISTANCE_UNITS[key]


def chosen_unit(unit: str | None) -> Unit | None:
    if unit is None:
        return None
    try:
        return Unit(str(unit).strip().casefold().removesuffix("s"))
    except ValueError:
        raise ImportFileError(f"“{unit}” is not a unit: choose kg or lb.") from None


@dataclass
class WorkoutBuilder:
    key: str
    started_at: dt.datetime
    name: str
    ended_at: dt.datetime | None = None
    notes: str = ""
    sets: list[ParsedSet] = field(default_factory=list)
    rest: dict[str, int] = field(default_factory=dict)
    exercise_notes: dict[str, str] = field(default_factory=dict)
    supersets: dict[str, int] = field(default_factory=dict)

    def add_note(self, exercise: str, text: str) -> None:
        text = text.strip()
        if not text:
            return
        before = self.exercise_notes.get(exercise)
        if before is None:
            self.exercise_notes[exercise] = text
        elif text not in before.split("\n"):
            self.exercise_notes[exercise] = f"{before}\n{text}"

    def build(self) -> ParsedWorkout:
        return ParsedWorkout(
            key=self.key,
            started_at=self.started_at,
            ended_at=self.ended_at,
            name=self.name,
            notes=self.notes,
            sets=tuple(self.sets),
            rest_by_exercise=dict(self.rest),
            exercise_notes=dict(self.exercise_notes),
            supersets=dict(self.supersets),
        )


def finish(
    source: Source,
    layout: Layout,
    *,
    unit_in_file: str | None,
    workouts: list[WorkoutBuilder],
    rows: int,
    progress: Progress | None,
    bodyweights: tuple[tuple[dt.date, float], ...] = (),
    measurements: tuple[tuple[dt.date, str, float], ...] = (),
    groups: dict[str, str] | None = None,
    problems: Sequence[RowProblem] = (),
    repaired: int = 0,
) -> ParsedFile:
    """The parsed file, workouts in time order, exercise names in first-seen order.

    A workout left with nothing in it (its rows were all problem lines) is dropped.
    """
    if problems:
        workouts = [w for w in workouts if w.sets or w.rest or w.exercise_notes or w.notes]
    built = sorted((w.build() for w in workouts), key=lambda w: (w.started_at, w.key))
    names: dict[str, None] = {}
    for workout in workouts:
        names.update(dict.fromkeys(s.exercise for s in workout.sets))
        names.update(dict.fromkeys(workout.exercise_notes))
        names.update(dict.fromkeys(workout.rest))
    if progress is not None:
        progress(rows, rows)
    return ParsedFile(
        format=layout.format,
        variant=layout.variant,
        delimiter=layout.delimiter,
        unit_in_file=unit_in_file,
        workouts=tuple(built),
        bodyweights=bodyweights,
        rows=rows,
        sha256=source.sha256,
        file_name=source.file_name,
        exercise_names=tuple(names),
        exercise_groups=dict(groups or {}),
        measurements=measurements,
        problems=tuple(sorted(problems, key=lambda p: p.line)),
        repaired=repaired,
    )
