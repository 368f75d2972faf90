"""FitNotes (Android): the training export, current and older headers, and the body tracker.

FitNotes has no workout name, no time of day and no set number: the rows of one day, in file
order, are that day's workout. Identical rows are real repeated sets and are all kept. The
workout is placed at 12:00 (noon) local time on its day: noon stays on the same calendar day
whatever time-zone shift a reader applies, and sorts a day's FitNotes session after any early
session logged in BackTracker. Its key is "fitnotes:<YYYY-MM-DD>".

Dates are ISO in current exports; some follow the phone's locale (31/12/2024, 12/31/2024,
31.12.2024): the order is decided once for the whole file (see `dates.date_order`).

The body tracker export gives bodyweight (kept, in kg) and other measurements: body fat (%)
and lengths (kept in cm, under the measurement's name); anything else is ignored. One value
per day and measurement: the latest time of the day wins.
"""

from __future__ import annotations

import datetime as dt
import re

from backtracker.services.importers import assemble, dates, reading
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

NOON = dt.time(12)
_CM_PER_UNIT = {"cm": 1.0, "mm": 0.1, "in": 2.54, "inch": 2.54, "inches": 2.54, "m": 100.0}
_BODYWEIGHT_NAMES = {"bodyweight", "body weight", "weight"}
_BODY_FAT_NAMES = {"body fat", "bodyfat", "body fat %", "body fat percentage"}


def _materialise(
    source: Source, layout: Layout, cancelled: Cancelled | None
) -> list[tuple[int, list[str]]]:
    return list(reading.rows(source, layout.delimiter, layout.header_at, layout.width, cancelled))


def parse(
    source: Source,
    layout: Layout,
    *,
    unit: str | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ParsedFile:
    chosen = assemble.chosen_unit(unit)
    chosen_kg = assemble.WEIGHT_UNITS[chosen.value] if chosen else None
    col, label = layout.index, layout.labels
    i_date, i_exercise, i_category = col("date"), col("exercise"), col("category")
    i_reps, i_comment, i_time = col("reps"), col("comment"), col("time")
    i_weight_unit, i_distance, i_distance_unit = (
        col("weight unit"),
        col("distance"),
        col("distance unit"),
    )
    # Current exports have "Weight" and "Weight Unit"; older ones "Weight (kgs)" (detect.py).
    weight_name = "weight" if i_weight_unit is not None else _bracketed_weight(layout)
    i_weight = layout.columns[weight_name]
    assert i_date is not None and i_exercise is not None and i_reps is not None
    header_kg = None
    if i_weight_unit is None:
        header_kg = assemble.WEIGHT_UNITS[weight_name[8:-1]]
    unit_in_file = assemble.unit_name(header_kg) if header_kg else None

    rows = _materialise(source, layout, cancelled)
    day_of = dates.Dates(label[i_date], dates.date_order(cells[i_date] for _, cells in rows))
    names = reading.Names()
    workouts: dict[dt.date, WorkoutBuilder] = {}
    groups: dict[str, str] = {}
    total = len(rows)
    for count, (line, cells) in enumerate(rows, start=1):
        if progress is not None and count % CHECK_EVERY == 0:
            progress(count, total)
        day = day_of(cells[i_date], line)
        workout = workouts.get(day)
        if workout is None:
            workout = workouts[day] = WorkoutBuilder(
                key=f"fitnotes:{day.isoformat()}",
                started_at=dt.datetime.combine(day, NOON),
                name="",
            )
        exercise = names[cells[i_exercise]]
        if not exercise:
            raise ImportFileError(f"the {label[i_exercise]} is empty.", line=line)
        if i_category is not None and exercise not in groups:
            groups[exercise] = reading.clean_text(cells[i_category])
        weight = reading.amount(cells[i_weight], line, label[i_weight])
        if weight is not None:
            per_kg = header_kg
            if per_kg is None:
                assert i_weight_unit is not None
                per_kg = assemble.weight_factor(
                    cells[i_weight_unit], line, label[i_weight_unit], chosen_kg
                )
                unit_in_file = unit_in_file or assemble.unit_name(per_kg)
            weight *= per_kg
        distance = None
        if i_distance is not None:
            distance = reading.amount(cells[i_distance], line, label[i_distance])
            if distance is not None:
                unit_cell = cells[i_distance_unit] if i_distance_unit is not None else ""
                distance *= assemble.distance_factor(
                    unit_cell, line, label[i_distance_unit or i_distance], None
                )
        duration = None
        if i_time is not None:
            duration = reading.duration(cells[i_time], line, label[i_time])
        workout.sets.append(
            ParsedSet(
                exercise=exercise,
                set_type="normal",
                weight_kg=weight,
                reps=reading.whole(cells[i_reps], line, label[i_reps]),
                duration_s=duration,
                distance_m=distance,
                rpe=None,
                notes=cells[i_comment].strip() if i_comment is not None else "",
                line=line,
            )
        )
    return assemble.finish(
        source,
        layout,
        unit_in_file=unit_in_file,
        workouts=list(workouts.values()),
        rows=total,
        progress=progress,
        groups=groups,
    )


def _bracketed_weight(layout: Layout) -> str:
    units = ("kgs", "kg", "lbs", "lb")
    return next(f"weight ({u})" for u in units if f"weight ({u})" in layout.columns)


def _metric_name(measurement: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", measurement.casefold()).strip("_") or "measurement"


def parse_body(
    source: Source,
    layout: Layout,
    *,
    unit: str | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ParsedFile:
    chosen = assemble.chosen_unit(unit)
    chosen_kg = assemble.WEIGHT_UNITS[chosen.value] if chosen else None
    col, label = layout.index, layout.labels
    i_date, i_time, i_measurement = col("date"), col("time"), col("measurement")
    i_value, i_unit = col("value"), col("unit")
    assert i_date is not None and i_measurement is not None and i_value is not None
    rows = _materialise(source, layout, cancelled)
    day_of = dates.Dates(label[i_date], dates.date_order(cells[i_date] for _, cells in rows))
    latest: dict[tuple[dt.date, str], tuple[dt.time, float]] = {}
    unit_in_file: str | None = None
    total = len(rows)
    for count, (line, cells) in enumerate(rows, start=1):
        if progress is not None and count % CHECK_EVERY == 0:
            progress(count, total)
        day = day_of(cells[i_date], line)
        at = dates.time_of_day(cells[i_time], line, label[i_time]) if i_time is not None else NOON
        measurement = reading.clean_text(cells[i_measurement]).casefold()
        value = reading.number(cells[i_value], line, label[i_value])
        unit_text = cells[i_unit].strip().casefold() if i_unit is not None else ""
        if value is None:
            continue
        if measurement in _BODYWEIGHT_NAMES:
            per_kg = assemble.weight_factor(unit_text, line, label[i_unit or i_value], chosen_kg)
            unit_in_file = unit_in_file or assemble.unit_name(per_kg)
            metric, value = "bodyweight", value * per_kg
        elif measurement in _BODY_FAT_NAMES or unit_text == "%":
            metric = "body_fat" if measurement in _BODY_FAT_NAMES else _metric_name(measurement)
        elif unit_text in _CM_PER_UNIT:
            metric, value = _metric_name(measurement), value * _CM_PER_UNIT[unit_text]
        else:
            continue  # a measurement we have no place for
        if value <= 0:
            raise ImportFileError(
                f"{cells[i_measurement].strip()} of {cells[i_value].strip()} is not possible.",
                line=line,
            )
        key = (day, metric)
        if key not in latest or at >= latest[key][0]:
            latest[key] = (at, value)
    bodyweights = tuple(
        (day, value)
        for (day, metric), (_, value) in sorted(latest.items())
        if metric == "bodyweight"
    )
    measurements = tuple(
        (day, metric, value)
        for (day, metric), (_, value) in sorted(latest.items())
        if metric != "bodyweight"
    )
    return assemble.finish(
        source,
        layout,
        unit_in_file=unit_in_file,
        workouts=[],
        rows=total,
        progress=progress,
        bodyweights=bodyweights,
        measurements=measurements,
    )
