"""Our own CSV export (services/export.py) read back: a round trip into a fresh profile.

One row per completed set, in the workout's order. A workout is the rows sharing
`workout_start` and `workout_name`; its key is "backtracker:<ISO start>:<name>". Times are
local ISO 8601 without a zone; weights in kg, distances in metres, durations in seconds.
`workout_end` and `workout_notes` (added in issue 13) give the workout's duration and notes;
a file written before them imports without. Set notes keep their line breaks as written.
`superset` (a letter: adjacent exercises of a workout with one letter form a superset) and
`reps_left`/`reps_right` (a one-sided set per side) were added in issue 14; older files
import without them.
"""

from __future__ import annotations

import datetime as dt

from backtracker.domain import supersets
from backtracker.services.importers import assemble, reading
from backtracker.services.importers.assemble import WorkoutBuilder
from backtracker.services.importers.detect import Layout
from backtracker.services.importers.model import (
    Cancelled,
    ImportFileError,
    ParsedFile,
    ParsedSet,
    Progress,
)
from backtracker.services.importers.reading import CHECK_EVERY, Source

SET_TYPES = ("warmup", "normal", "drop", "failure")
EXAMPLE = "2024-05-01T07:30:00"


def _moment(text: str, line: int, column: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise reading.bad_date(text, line, column, EXAMPLE) from None
    if moment.tzinfo is not None:  # we write local times without a zone
        raise reading.bad_date(text, line, column, EXAMPLE)
    return moment


def parse(
    source: Source,
    layout: Layout,
    *,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ParsedFile:
    col = layout.index
    label = layout.labels
    i_start, i_name, i_exercise = col("workout_start"), col("workout_name"), col("exercise")
    i_number, i_type, i_weight = col("set_number"), col("set_type"), col("weight_kg")
    i_reps, i_duration, i_distance = col("reps"), col("duration_s"), col("distance_m")
    i_rpe, i_notes = col("rpe"), col("notes")
    i_end, i_workout_notes = col("workout_end"), col("workout_notes")
    i_superset, i_left, i_right = col("superset"), col("reps_left"), col("reps_right")
    assert i_start is not None and i_name is not None and i_exercise is not None
    assert i_number is not None and i_type is not None and i_weight is not None
    assert i_reps is not None

    names = reading.Names()
    workouts: dict[tuple[dt.datetime, str], WorkoutBuilder] = {}
    total = source.line_count
    count = 0
    problems = reading.Problems()
    failed = 0
    rows = reading.rows(
        source, layout.delimiter, layout.header_at, layout.width, cancelled, problems=problems
    )
    for line, cells in rows:
        count += 1
        if progress is not None and count % CHECK_EVERY == 0:
            progress(count, total)
        try:
            start = _moment(cells[i_start], line, label[i_start])
            title = names[cells[i_name]]
            exercise = names[cells[i_exercise]]
            if not exercise:
                raise ImportFileError(f"the {label[i_exercise]} is empty.", line=line)
            number = reading.number(cells[i_number], line, label[i_number])
            if number is None or not number.is_integer() or number < 1:
                raise ImportFileError(
                    f"“{cells[i_number].strip()}” in {label[i_number]} is not a set number "
                    "(1, 2, 3…).",
                    line=line,
                )
            set_type = cells[i_type].strip().casefold() or "normal"
            if set_type not in SET_TYPES:
                raise ImportFileError(
                    f"“{cells[i_type].strip()}” in {label[i_type]} is not a set type "
                    "(warmup, normal, drop or failure).",
                    line=line,
                )
            weight = reading.weight(cells[i_weight], line, label[i_weight])
            reps = reading.whole(cells[i_reps], line, label[i_reps])
            duration = None
            if i_duration is not None:
                duration = reading.seconds(
                    reading.amount(cells[i_duration], line, label[i_duration]),
                    line,
                    label[i_duration],
                )
            distance = None
            if i_distance is not None:
                distance = reading.amount(cells[i_distance], line, label[i_distance])
            rpe = reading.rpe(cells[i_rpe], line, label[i_rpe]) if i_rpe is not None else None
            end = None
            if i_end is not None and cells[i_end].strip():
                end = _moment(cells[i_end], line, label[i_end])
                if end < start:
                    raise ImportFileError(
                        f"the {label[i_end]} is before the {label[i_start]}.", line=line
                    )
            group = None
            if i_superset is not None and cells[i_superset].strip():
                group = supersets.number_of(cells[i_superset])
                if group is None:
                    raise ImportFileError(
                        f"“{cells[i_superset].strip()}” in {label[i_superset]} is not a "
                        "superset letter (A, B, C…).",
                        line=line,
                    )
            left = reading.whole(cells[i_left], line, label[i_left]) if i_left is not None else None
            right = (
                reading.whole(cells[i_right], line, label[i_right]) if i_right is not None else None
            )
            if (left is None) != (right is None):
                raise ImportFileError(
                    "give both the left and the right reps of a one-sided set, or neither.",
                    line=line,
                )
            if left is not None and right is not None:
                if reps is None:
                    reps = min(left, right)  # `reps` holds the weaker side
                elif reps != min(left, right):
                    raise ImportFileError(
                        f"{label[i_reps]} ({reps}) must be the weaker side "
                        f"({min(left, right)}) of a set logged left and right.",
                        line=line,
                    )
        except ImportFileError as error:
            problems.add(error, line)
            failed += 1
            continue
        workout = workouts.get((start, title))
        if workout is None:
            workout = workouts[(start, title)] = WorkoutBuilder(
                key=f"backtracker:{start.isoformat()}:{title}", started_at=start, name=title
            )
            workout.ended_at = end
            if i_workout_notes is not None:
                workout.notes = cells[i_workout_notes]
        if group is not None:
            workout.supersets.setdefault(exercise, group)
        workout.sets.append(
            ParsedSet(
                exercise=exercise,
                set_type=set_type,
                weight_kg=weight,
                reps=reps,
                duration_s=duration,
                distance_m=distance,
                rpe=rpe,
                notes=cells[i_notes] if i_notes is not None else "",
                line=line,
                reps_left=left,
                reps_right=right,
            )
        )
    return assemble.finish(
        source,
        layout,
        unit_in_file="kg",
        workouts=list(workouts.values()),
        rows=count + len(problems) - failed,  # the rows of the wrong width were not counted
        progress=progress,
        problems=problems,
    )
