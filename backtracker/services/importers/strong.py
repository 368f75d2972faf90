"""Strong's CSV export, all five variants (FORMATS.md), one row per set.

- Android (older): semicolons, every field quoted, units in the header ("Weight (lbs)",
  "Distance (miles)", "Duration (sec)").
- Legacy: semicolons, "Weight Unit" and "Distance Unit" columns.
- iOS: commas, no unit anywhere (the caller says kg or lb; distances are then km or miles),
  duration as "2h 38m", 24- or 12-hour times ("12:34:56 pm", maybe with U+202F).
- Late 2024: the iOS layout without the notes columns; reps may read "13.0".

Rows whose Set Order is "Rest Timer" or "Note" are not sets: the rest goes on the workout's
exercise, the note becomes the exercise's note. A workout is the rows sharing a start time and
a workout name; its key is "strong:<ISO start>:<name>".
"""

from __future__ import annotations

import re

from backtracker.domain.units import distance_to_m, to_kg
from backtracker.services.importers import assemble, reading
from backtracker.services.importers.assemble import WorkoutBuilder
from backtracker.services.importers.dates import STRONG_EXAMPLE, DateTimes
from backtracker.services.importers.detect import Layout
from backtracker.services.importers.model import (
    Cancelled,
    ImportFileError,
    ParsedFile,
    ParsedSet,
    Progress,
    UnitNeededError,
)
from backtracker.services.importers.reading import CHECK_EVERY, Source

_SET_TYPES = {"w": "warmup", "d": "drop", "f": "failure"}
_ORDER = re.compile(r"\d+(?:\.0+)?")


def parse(
    source: Source,
    layout: Layout,
    *,
    unit: str | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ParsedFile:
    chosen = assemble.chosen_unit(unit)
    col = layout.index
    i_date, i_name = col("date"), col("workout name")
    i_exercise, i_order = col("exercise name"), col("set order")
    i_reps, i_rpe, i_seconds = col("reps"), col("rpe"), col("seconds")
    i_notes, i_workout_notes = col("notes"), col("workout notes")
    i_weight_unit, i_distance_unit = col("weight unit"), col("distance unit")
    i_duration = col("duration (sec)", "duration")
    weight_header = _column(layout, "weight")
    distance_header = _column(layout, "distance")
    i_weight = layout.columns[weight_header]
    i_distance = layout.columns[distance_header] if distance_header else None

    # What one unit of the file's weights and distances is, in kg and metres.
    chosen_kg = to_kg(1.0, chosen) if chosen else None
    chosen_m = distance_to_m(1.0, chosen) if chosen else None
    unit_in_file: str | None = None
    weight_kg, distance_m = chosen_kg, chosen_m
    if weight_header.startswith("weight ("):  # Android (older): "Weight (lbs)"
        weight_kg = assemble.WEIGHT_UNITS.get(weight_header[8:-1], 1.0)
        unit_in_file = assemble.unit_name(weight_kg)
        distance_m = 1.0
        if distance_header.startswith("distance ("):
            distance_m = assemble.distance_factor(
                distance_header[10:-1], layout.header_at, layout.labels[i_distance or 0], None
            )
    elif i_weight_unit is None and chosen is None:  # iOS and late 2024: the person says
        raise UnitNeededError(
            "this Strong export does not say whether its weights are in kg or lb. "
            "Choose the unit Strong was set to.",
            line=layout.header_at,
        )

    assert i_date is not None and i_name is not None and i_exercise is not None
    assert i_order is not None and i_reps is not None and i_weight is not None
    label = layout.labels
    started_at = DateTimes(label[i_date], STRONG_EXAMPLE)
    names = reading.Names()
    workouts: dict[tuple[object, str], WorkoutBuilder] = {}
    total = source.line_count
    count = 0
    problems = reading.Problems()
    failed = 0  # rows counted, then found wrong (those of the wrong width are not counted)
    rows = reading.rows(
        source, layout.delimiter, layout.header_at, layout.width, cancelled, problems=problems
    )
    for line, cells in rows:
        count += 1
        if progress is not None and count % CHECK_EVERY == 0:
            progress(count, total)
        try:
            start = started_at(cells[i_date], line)
            name = names[cells[i_name]]
            workout = workouts.get((start, name))
            if workout is None:
                workout = workouts[(start, name)] = WorkoutBuilder(
                    key=f"strong:{start.isoformat()}:{name}", started_at=start, name=name
                )
                if i_duration is not None:
                    secs = reading.duration(cells[i_duration], line, label[i_duration])
                    workout.ended_at = reading.plus_seconds(start, secs, line)
            if not workout.notes and i_workout_notes is not None:
                workout.notes = cells[i_workout_notes].strip()
            exercise = names[cells[i_exercise]]
            if not exercise:
                raise ImportFileError(f"the {label[i_exercise]} is empty.", line=line)
            order = cells[i_order].strip()
            kind = order.casefold()
            secs = None
            if i_seconds is not None:
                secs = reading.seconds(
                    reading.amount(cells[i_seconds], line, label[i_seconds]), line, label[i_seconds]
                )
            if kind == "rest timer":
                if secs:
                    workout.rest.setdefault(exercise, round(secs))
                continue
            if kind == "note":
                if i_notes is not None:
                    workout.add_note(exercise, cells[i_notes])
                continue
            set_type = _SET_TYPES.get(kind) or ("normal" if _ORDER.fullmatch(order) else None)
            if set_type is None:
                raise ImportFileError(
                    f"“{order}” in {label[i_order]} is not a set number, W, D, F, Rest Timer "
                    "or Note.",
                    line=line,
                )
            weight = reading.amount(cells[i_weight], line, label[i_weight])
            if weight is not None:
                per_kg = weight_kg
                if i_weight_unit is not None:
                    per_kg = assemble.weight_factor(
                        cells[i_weight_unit], line, label[i_weight_unit], chosen_kg
                    )
                    unit_in_file = unit_in_file or assemble.unit_name(per_kg)
                assert per_kg is not None
                weight *= per_kg
            distance = None
            if i_distance is not None:
                distance = reading.amount(cells[i_distance], line, label[i_distance])
                if distance is not None:
                    per_m = distance_m
                    if i_distance_unit is not None:
                        per_m = assemble.distance_factor(
                            cells[i_distance_unit], line, label[i_distance_unit], chosen_m
                        )
                    if per_m is None:  # a unit column for weights but none for distances
                        per_m = assemble.distance_factor("", line, "Distance Unit", None)  # raises
                    distance *= per_m
            workout.sets.append(
                ParsedSet(
                    exercise=exercise,
                    set_type=set_type,
                    weight_kg=weight,
                    reps=reading.whole(cells[i_reps], line, label[i_reps]),
                    duration_s=secs,
                    distance_m=distance,
                    rpe=reading.rpe(cells[i_rpe], line, label[i_rpe])
                    if i_rpe is not None
                    else None,
                    notes=cells[i_notes].strip() if i_notes is not None else "",
                    line=line,
                )
            )
        except ImportFileError as error:  # this row is a problem line; read on
            problems.add(error, line)
            failed += 1
    return assemble.finish(
        source,
        layout,
        unit_in_file=unit_in_file,
        workouts=list(workouts.values()),
        rows=count + len(problems) - failed,
        progress=progress,
        problems=problems,
    )


def _column(layout: Layout, stem: str) -> str:
    """The plain column ("weight") if there is one, else the one with a unit ("weight (kg)")."""
    if stem in layout.columns:
        return stem
    return next((c for c in layout.columns if c.startswith(f"{stem} (")), "")
