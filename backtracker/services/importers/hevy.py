"""Hevy's CSV export: one row per set, metric (weight_kg, distance_km) or imperial
(weight_lbs, distance_miles).

Times read "15 Sep 2025, 07:48" (English months, no seconds); set_index counts from 0;
set_type is normal, warmup, failure or dropset; bodyweight sets have an empty weight. A
workout is the rows sharing a start time and title; its key is "hevy:<ISO start>:<title>".
"""

from __future__ import annotations

from backtracker.domain.units import KG_PER_LB, M_PER_KM, M_PER_MILE
from backtracker.services.importers import assemble, reading
from backtracker.services.importers.assemble import WorkoutBuilder
from backtracker.services.importers.dates import HEVY_EXAMPLE, DateTimes
from backtracker.services.importers.detect import Layout
from backtracker.services.importers.model import (
    Cancelled,
    ImportFileError,
    ParsedFile,
    ParsedSet,
    Progress,
)
from backtracker.services.importers.reading import CHECK_EVERY, Source

SET_TYPES = {
    "": "normal",
    "normal": "normal",
    "warmup": "warmup",
    "warm_up": "warmup",
    "failure": "failure",
    "dropset": "drop",
    "drop_set": "drop",
    "drop": "drop",
}


def parse(
    source: Source,
    layout: Layout,
    *,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ParsedFile:
    col = layout.index
    label = layout.labels
    imperial = "weight_lbs" in layout.columns
    per_kg = KG_PER_LB if imperial else 1.0
    per_m = M_PER_MILE if imperial else M_PER_KM
    i_title, i_start, i_end = col("title"), col("start_time"), col("end_time")
    i_description, i_exercise = col("description"), col("exercise_title")
    i_superset, i_exercise_notes = col("superset_id"), col("exercise_notes")
    i_index, i_type, i_reps = col("set_index"), col("set_type"), col("reps")
    i_weight = col("weight_lbs", "weight_kg")
    i_distance = col("distance_miles", "distance_km")
    i_duration, i_rpe = col("duration_seconds"), col("rpe")
    assert i_title is not None and i_start is not None and i_exercise is not None
    assert i_index is not None and i_type is not None and i_reps is not None
    assert i_weight is not None

    start_times = DateTimes(label[i_start], HEVY_EXAMPLE)
    end_times = DateTimes(label[i_end], HEVY_EXAMPLE) if i_end is not None else None
    names = reading.Names()
    workouts: dict[tuple[object, str], WorkoutBuilder] = {}
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
            start = start_times(cells[i_start], line)
            title = names[cells[i_title]]
            end = None
            if end_times is not None and cells[i_end].strip():
                end = end_times(cells[i_end], line)
            exercise = names[cells[i_exercise]]
            if not exercise:
                raise ImportFileError(f"the {label[i_exercise]} is empty.", line=line)
            group = None
            if i_superset is not None and cells[i_superset].strip():
                number = reading.number(cells[i_superset], line, label[i_superset])
                if number is None or not number.is_integer() or number < 0:
                    raise ImportFileError(
                        f"“{cells[i_superset].strip()}” in {label[i_superset]} is not a group "
                        "number.",
                        line=line,
                    )
                group = int(number)
            index = reading.number(cells[i_index], line, label[i_index])
            if index is not None and (not index.is_integer() or index < 0):
                raise ImportFileError(
                    f"“{cells[i_index].strip()}” in {label[i_index]} is not a set number.",
                    line=line,
                )
            set_type = SET_TYPES.get(cells[i_type].strip().casefold())
            if set_type is None:
                raise ImportFileError(
                    f"“{cells[i_type].strip()}” in {label[i_type]} is not a set type "
                    "(normal, warmup, failure or dropset).",
                    line=line,
                )
            weight = reading.weight(cells[i_weight], line, label[i_weight])
            distance = None
            if i_distance is not None:
                distance = reading.amount(cells[i_distance], line, label[i_distance])
            duration = None
            if i_duration is not None:
                duration = reading.seconds(
                    reading.amount(cells[i_duration], line, label[i_duration]),
                    line,
                    label[i_duration],
                )
            reps = reading.whole(cells[i_reps], line, label[i_reps])
            rpe = reading.rpe(cells[i_rpe], line, label[i_rpe]) if i_rpe is not None else None
        except ImportFileError as error:
            problems.add(error, line)
            failed += 1
            continue
        workout = workouts.get((start, title))
        if workout is None:
            workout = workouts[(start, title)] = WorkoutBuilder(
                key=f"hevy:{start.isoformat()}:{title}", started_at=start, name=title
            )
            workout.ended_at = end if end is not None and end >= start else None
            if i_description is not None:
                workout.notes = cells[i_description].strip()
        if i_exercise_notes is not None:
            workout.add_note(exercise, cells[i_exercise_notes])
        if group is not None:
            workout.supersets.setdefault(exercise, group)
        workout.sets.append(
            ParsedSet(
                exercise=exercise,
                set_type=set_type,
                weight_kg=None if weight is None else weight * per_kg,
                reps=reps,
                duration_s=duration,
                distance_m=None if distance is None else distance * per_m,
                rpe=rpe,
                notes="",
                line=line,
            )
        )
    return assemble.finish(
        source,
        layout,
        unit_in_file="lb" if imperial else "kg",
        workouts=list(workouts.values()),
        rows=count + len(problems) - failed,  # the rows of the wrong width were not counted
        progress=progress,
        problems=problems,
    )
