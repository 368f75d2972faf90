"""Strong's CSV export, all five variants (FORMATS.md), one row per set.

- Android (older): semicolons, every field quoted, units in the header ("Weight (lbs)",
  "Distance (miles)", "Duration (sec)").
- Legacy: semicolons, "Weight Unit" and "Distance Unit" columns.
- iOS: commas, no unit anywhere (the caller says kg or lb; distances are then km or miles),
  duration as "2h 38m", 24- or 12-hour times ("12:34:56 pm", maybe with U+202F).
- Late 2024: the iOS layout without the notes columns; reps may read "13.0".
- 2016: columns named by their unit ("kg" or "lbs", "km" or "mi"), no duration, Set Order
  from 0.
- The quoted Android layout may spell set types WARM_UP, FAILURE and DROP_SET; the legacy one
  may end with "Workout Duration" ("1h 50m").
- The iOS layout in the phone's language (strong_locales): German "Ruhezeit" is a rest marker,
  "31min" a duration. A header whose words are unknown is read by its position (detect).

Rows whose Set Order is a rest marker ("Rest Timer", "Ruhezeit", …) or a note marker ("Note")
are not sets: the rest in Seconds becomes the rest between that exercise's sets, the note the
exercise's note. In a file not in English, an unknown word in Set Order on a row with no
weight, reps or distance is such a marker too (a rest when it has seconds, else a note).

A workout is the rows sharing a start time and a workout name; its key is
"strong:<ISO start>:<name>". A workout left running for days keeps the duration the file
gives; the parsed file's `notices` say which ones.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import re

from backtracker.domain.units import distance_to_m, to_kg
from backtracker.services.importers import assemble, reading, strong_locales
from backtracker.services.importers.assemble import WorkoutBuilder
from backtracker.services.importers.dates import (
    LONG_WORKOUT_S,
    STRONG_EXAMPLE,
    DateTimes,
    learn_duration_words,
    workout_duration,
)
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

_ORDER = re.compile(r"\d+(?:\.0+)?")
_REST, _NOTE, _UNKNOWN = "rest", "note", ""
_WEIGHT_2016 = ("kg", "kgs", "lbs", "lb")  # the 2016 layout names columns by their unit
_DISTANCE_2016 = ("km", "mi", "miles", "m")


def _kind(order: str) -> str:
    """A set type, _REST, _NOTE or _UNKNOWN for a Set Order cell (already stripped)."""
    key = order.casefold()
    if key in strong_locales.REST_WORDS:
        return _REST
    if key in strong_locales.NOTE_WORDS:
        return _NOTE
    found = strong_locales.SET_TYPES.get(key)
    if found is not None:
        return found
    return "normal" if _ORDER.fullmatch(order) else _UNKNOWN


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
    i_duration = col("duration (sec)", "duration", "workout duration")
    weight_header = _column(layout, "weight") or next(
        c for c in _WEIGHT_2016 if c in layout.columns
    )
    distance_header = _column(layout, "distance") or next(
        (c for c in _DISTANCE_2016 if c in layout.columns), ""
    )
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
    elif weight_header in _WEIGHT_2016:  # 2016: "kg" or "lbs" is the column's name
        weight_kg = assemble.WEIGHT_UNITS[weight_header]
        unit_in_file = assemble.unit_name(weight_kg)
        distance_m = assemble.DISTANCE_UNITS[distance_header] if distance_header else 1.0
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
    kinds: dict[str, str] = {}  # Set Order text → what it is
    duration_words = strong_locales.DURATION_UNITS
    if layout.language != "English" and i_duration is not None:  # learn unknown words
        duration_words = learn_duration_words(_column_texts(source, layout, i_duration))
    guess_markers = layout.language != "English"  # unknown words may be markers
    loaded = [i for i in (i_weight, i_reps, i_distance) if i is not None]  # all 0 on markers
    long_running: list[tuple[WorkoutBuilder, str]] = []
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
                    secs = workout_duration(
                        cells[i_duration], line, label[i_duration], duration_words
                    )
                    workout.ended_at = reading.plus_seconds(start, secs, line)
                    if secs is not None and secs > LONG_WORKOUT_S:
                        long_running.append((workout, reading.clean_text(cells[i_duration])))
            if not workout.notes and i_workout_notes is not None:
                workout.notes = cells[i_workout_notes].strip()
            exercise = names[cells[i_exercise]]
            if not exercise:
                raise ImportFileError(f"the {label[i_exercise]} is empty.", line=line)
            order = cells[i_order]
            kind = kinds.get(order)
            if kind is None:
                kind = kinds[order] = _kind(order.strip())
            secs = None
            if i_seconds is not None:
                secs = reading.seconds(
                    reading.amount(cells[i_seconds], line, label[i_seconds]), line, label[i_seconds]
                )
            if kind == _UNKNOWN and guess_markers and not any(_nonzero(cells[i]) for i in loaded):
                kind = _REST if secs else _NOTE  # a marker word we don't know
            if kind == _REST:
                if secs:
                    workout.rest.setdefault(exercise, round(secs))
                continue
            if kind == _NOTE:
                if i_notes is not None:
                    workout.add_note(exercise, cells[i_notes])
                continue
            set_type = kind
            if set_type == _UNKNOWN:
                raise ImportFileError(
                    f"“{reading.clean_text(order)[:40]}” in {label[i_order]} is not a set "
                    "number, a set type (W, D, F, WARM_UP, DROP_SET, FAILURE), Rest Timer or "
                    "Note.",
                    line=line,
                )
            weight = reading.weight(cells[i_weight], line, label[i_weight])
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
    parsed = assemble.finish(
        source,
        layout,
        unit_in_file=unit_in_file,
        workouts=list(workouts.values()),
        rows=count + len(problems) - failed,
        progress=progress,
        problems=problems,
    )
    return dataclasses.replace(
        parsed,
        column_mapping=layout.column_mapping,
        column_mapping_by_shape=layout.by_shape,
        notices=_long_running_notice(long_running),
    )


def _column_texts(source: Source, layout: Layout, index: int) -> set[str]:
    """The distinct texts of one column (a quick pass; bad rows are left to the parser)."""
    found: set[str] = set()
    reader = csv.reader(io.StringIO(source.text, newline=""), delimiter=layout.delimiter)
    with contextlib.suppress(csv.Error):
        for cells in reader:
            if reader.line_num > layout.header_at and len(cells) > index:
                found.add(cells[index])
    return found


def _nonzero(text: str) -> bool:
    """Whether a weight, reps or distance cell holds something other than 0 or nothing."""
    try:
        return float(text) != 0
    except ValueError:
        return bool(text.strip()) and text.strip().replace(",", "", 1).strip("0.") != ""


def _long_running_notice(found: list[tuple[WorkoutBuilder, str]]) -> tuple[str, ...]:
    """One sentence on workouts longer than a day: kept as given, named for the person."""
    if not found:
        return ()
    shown = "; ".join(
        f"{w.started_at:%Y-%m-%d %H:%M} {w.name or 'Workout'} ({text})" for w, text in found[:5]
    )
    more = f"; and {len(found) - 5} more" if len(found) > 5 else ""
    count = "1 workout runs" if len(found) == 1 else f"{len(found)} workouts run"
    return (
        f"{count} for more than a day, probably left running in Strong: {shown}{more}. "
        "Their sets are imported and the duration is kept as the file gives it.",
    )


def _column(layout: Layout, stem: str) -> str:
    """The plain column ("weight") if there is one, else the one with a unit ("weight (kg)")."""
    if stem in layout.columns:
        return stem
    return next((c for c in layout.columns if c.startswith(f"{stem} (")), "")
