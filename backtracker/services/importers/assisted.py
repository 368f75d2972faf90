"""Negative weights in an import: assistance on bodyweight exercises, a bad row elsewhere.

Apps write an assisted pull-up's assistance as a negative weight (-20). The parsers keep
it (reading.weight); once every name is mapped to one of our exercises, a negative weight
on an exercise tracked as bodyweight reps is imported as assistance, and on any other
exercise its line is a problem line, listed like any other (BadRowsError, or skipped with
--skip-bad-rows and kept in the import's record).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from backtracker.domain import one_sided
from backtracker.domain.units import format_number
from backtracker.services.importers.model import ParsedWorkout, RowProblem
from backtracker.storage.models import Exercise


def negative_weight_problems(
    workouts: Iterable[ParsedWorkout], resolved: dict[str, int]
) -> tuple[RowProblem, ...]:
    """A problem for every set with a negative weight its exercise can't take."""
    negative = [(w, s) for w in workouts for s in w.sets if (s.weight_kg or 0.0) < 0]
    if not negative:
        return ()
    ids = {resolved[s.exercise] for _, s in negative if s.exercise in resolved}
    exercises = {
        row.id: (row.name, row.tracking)
        for row in Exercise.select(Exercise.id, Exercise.name, Exercise.tracking).where(
            Exercise.id.in_(list(ids))
        )
    }
    problems = []
    for _, s in negative:
        exercise_id = resolved.get(s.exercise)
        if exercise_id not in exercises:
            continue
        name, tracking = exercises[exercise_id]
        weight = format_number(s.weight_kg or 0.0, 2)
        problem = one_sided.negative_weight_problem(tracking, s.weight_kg)
        if problem is None:
            continue
        if one_sided.takes_negative_load(tracking):
            reason = f"A weight of {weight} kg on “{s.exercise}”: {problem}"
        else:
            reason = (
                f"A negative weight ({weight} kg) on “{s.exercise}”, imported as {name}: only "
                "bodyweight exercises take a negative (assisting) load. Map the name to a "
                "bodyweight exercise, such as Assisted Pull-Up."
            )
        problems.append(RowProblem(s.line, reason))
    return tuple(sorted(problems, key=lambda p: p.line))


def without_lines(
    workouts: Iterable[ParsedWorkout], problems: Iterable[RowProblem]
) -> list[ParsedWorkout]:
    """The workouts without the sets on the problem lines (a workout left with no set is
    left out too: it held nothing else to import)."""
    lines = {p.line for p in problems}
    kept = []
    for workout in workouts:
        sets = tuple(s for s in workout.sets if s.line not in lines)
        if sets or not workout.sets:
            kept.append(dataclasses.replace(workout, sets=sets))
    return kept
