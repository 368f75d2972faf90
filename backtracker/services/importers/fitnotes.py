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
from dataclasses import dataclass

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
from backtracker.services.importers.reading import clean_text as clean

NOON = dt.time(12)
_CM_PER_UNIT = {"cm": 1.0, "mm": 0.1, "in": 2.54, "inch": 2.54, "inches": 2.54, "m": 100.0}
_BODYWEIGHT_NAMES = {"bodyweight", "body weight", "weight"}
_BODY_FAT_NAMES = {"body fat", "bodyfat", "body fat %", "body fat percentage"}


# FitNotes' own categories; people add their own, which the file's well-formed rows show.
CATEGORIES = ("Abs", "Back", "Biceps", "Cardio", "Chest", "Legs", "Shoulders", "Triceps")


def _materialise(
    source: Source, layout: Layout, cancelled: Cancelled | None, problems: reading.Problems
) -> list[tuple[int, list[str]]]:
    return list(
        reading.rows(
            source, layout.delimiter, layout.header_at, layout.width, cancelled, problems=problems
        )
    )


@dataclass(frozen=True)
class _Columns:
    """Where each column is, and how a row's cells become a set (FitNotes training export)."""

    layout: Layout
    chosen_kg: float | None
    header_kg: float | None  # "Weight (kgs)" in older headers; None: a Weight Unit column
    i_date: int
    i_exercise: int
    i_category: int | None
    i_weight: int
    i_weight_unit: int | None
    i_reps: int
    i_distance: int | None
    i_distance_unit: int | None
    i_time: int | None
    i_comment: int | None

    def values(
        self, cells: list[str], line: int
    ) -> tuple[float | None, float | None, int | None, float | None, float | None]:
        """(weight kg, kg per unit, reps, distance m, seconds); ImportFileError if wrong."""
        label = self.layout.labels
        weight = reading.amount(cells[self.i_weight], line, label[self.i_weight])
        per_kg = self.header_kg
        if weight is not None:
            if per_kg is None:
                assert self.i_weight_unit is not None
                per_kg = assemble.weight_factor(
                    cells[self.i_weight_unit], line, label[self.i_weight_unit], self.chosen_kg
                )
            weight *= per_kg
        reps = reading.whole(cells[self.i_reps], line, label[self.i_reps])
        distance = None
        if self.i_distance is not None:
            distance = reading.amount(cells[self.i_distance], line, label[self.i_distance])
            if distance is not None:
                i_unit = self.i_distance_unit
                unit_cell = cells[i_unit] if i_unit is not None else ""
                distance *= assemble.distance_factor(
                    unit_cell, line, label[i_unit if i_unit is not None else self.i_distance], None
                )
        duration = None
        if self.i_time is not None:
            duration = reading.duration(cells[self.i_time], line, label[self.i_time])
        return weight, per_kg, reps, distance, duration

    def place(self, cells: list[str], line: int, categories: set[str]) -> list[str] | None:
        """A row with more fields than the header, put back together, or None if in doubt.

        FitNotes writes commas in names without quotes ("Overhead Press (Each Side,
        Dumbbells)"), and may in the comment, the last column. Each way of giving the extra
        fields to the name (and the rest to the comment) is tried. The ways whose Category
        is a known one are kept; if more than one, those whose numbers and units all read.
        Exactly one must be left. (So a placed row with a wrong number is reported for its
        number, not for its commas.) A row whose extra fields are only a trailing comma is
        read as it always was, whatever its category.
        """
        width = self.layout.width
        extra = len(cells) - width
        i_name = self.i_exercise
        fits: list[list[str]] = []
        for taken in range(extra + 1):
            name = ",".join(cells[i_name : i_name + taken + 1])
            row = [*cells[:i_name], name, *cells[i_name + taken + 1 :]]
            tail = row[width:]
            if tail:
                if not any(cell.strip() for cell in tail):
                    row = row[:width]  # trailing empty fields
                elif self.i_comment == width - 1:
                    row = [*row[: width - 1], ",".join(row[width - 1 :])]
                else:
                    continue
            category = row[self.i_category] if self.i_category is not None else ""
            if self.i_category is not None and clean(category).casefold() not in categories:
                continue
            if row not in fits:
                fits.append(row)
        if len(fits) > 1:
            fits = [row for row in fits if self._reads(row, line)]
        if not fits and self.trailing_comma(cells, line):
            return cells[:width]  # read as ever, whatever its category
        return fits[0] if len(fits) == 1 else None

    def trailing_comma(self, cells: list[str], line: int) -> bool:
        """Whether the extra fields are only empty ones at the end, the rest reading well."""
        width = self.layout.width
        extra = cells[width:]
        return (
            bool(extra) and not any(c.strip() for c in extra) and self._reads(cells[:width], line)
        )

    def _reads(self, row: list[str], line: int) -> bool:
        try:
            self.values(row, line)
        except ImportFileError:
            return False
        return True


def parse(
    source: Source,
    layout: Layout,
    *,
    unit: str | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ParsedFile:
    chosen = assemble.chosen_unit(unit)
    col, label = layout.index, layout.labels
    i_date, i_exercise, i_reps = col("date"), col("exercise"), col("reps")
    i_weight_unit = col("weight unit")
    # Current exports have "Weight" and "Weight Unit"; older ones "Weight (kgs)" (detect.py).
    weight_name = "weight" if i_weight_unit is not None else _bracketed_weight(layout)
    assert i_date is not None and i_exercise is not None and i_reps is not None
    header_kg = None
    if i_weight_unit is None:
        header_kg = assemble.WEIGHT_UNITS[weight_name[8:-1]]
    columns = _Columns(
        layout=layout,
        chosen_kg=assemble.WEIGHT_UNITS[chosen.value] if chosen else None,
        header_kg=header_kg,
        i_date=i_date,
        i_exercise=i_exercise,
        i_category=col("category"),
        i_weight=layout.columns[weight_name],
        i_weight_unit=i_weight_unit,
        i_reps=i_reps,
        i_distance=col("distance"),
        i_distance_unit=col("distance unit"),
        i_time=col("time"),
        i_comment=col("comment"),
    )
    i_category, i_comment = columns.i_category, columns.i_comment
    unit_in_file = assemble.unit_name(header_kg) if header_kg else None

    problems = reading.Problems()
    width = layout.width
    rows = list(
        reading.rows(
            source,
            layout.delimiter,
            layout.header_at,
            width,
            cancelled,
            problems=problems,
            longer=True,
        )
    )
    unread = len(problems)  # rows of the wrong width, not among `rows`
    categories = {c.casefold() for c in CATEGORIES}
    if i_category is not None:
        categories.update(
            clean(cells[i_category]).casefold()
            for line, cells in rows
            if len(cells) == width or columns.trailing_comma(cells, line)
        )
    categories.discard("")
    day_of = dates.Dates(label[i_date], dates.date_order(cells[i_date] for _, cells in rows))
    names = reading.Names()
    workouts: dict[dt.date, WorkoutBuilder] = {}
    groups: dict[str, str] = {}
    total = len(rows)
    repaired = 0
    for count, (line, read) in enumerate(rows, start=1):
        if progress is not None and count % CHECK_EVERY == 0:
            progress(count, total)
        cells = read
        try:
            repair = False
            if len(cells) > width:
                placed = columns.place(cells, line, categories)
                if placed is None:
                    raise ImportFileError(
                        f"this row has {len(cells)} fields but the header has {width}, and "
                        "the extra ones cannot be placed for certain (a comma in the "
                        f"{label[i_exercise]} name or the comment?). Put that name in quotes.",
                        line=line,
                    )
                repair = placed != cells[:width]  # not for a mere trailing comma
                cells = placed
            day = day_of(cells[i_date], line)
            exercise = names[cells[i_exercise]]
            if not exercise:
                raise ImportFileError(f"the {label[i_exercise]} is empty.", line=line)
            weight, per_kg, reps, distance, duration = columns.values(cells, line)
        except ImportFileError as error:
            problems.add(error, line)
            continue
        repaired += repair
        if weight is not None and per_kg is not None:
            unit_in_file = unit_in_file or assemble.unit_name(per_kg)
        if i_category is not None and exercise not in groups:
            groups[exercise] = reading.clean_text(cells[i_category])
        workout = workouts.get(day)
        if workout is None:
            workout = workouts[day] = WorkoutBuilder(
                key=f"fitnotes:{day.isoformat()}",
                started_at=dt.datetime.combine(day, NOON),
                name="",
            )
        workout.sets.append(
            ParsedSet(
                exercise=exercise,
                set_type="normal",
                weight_kg=weight,
                reps=reps,
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
        rows=total + unread,
        progress=progress,
        groups=groups,
        problems=problems,
        repaired=repaired,
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
    problems = reading.Problems()
    rows = _materialise(source, layout, cancelled, problems=problems)
    unread = len(problems)
    day_of = dates.Dates(label[i_date], dates.date_order(cells[i_date] for _, cells in rows))
    latest: dict[tuple[dt.date, str], tuple[dt.time, float]] = {}
    unit_in_file: str | None = None
    total = len(rows)
    for count, (line, cells) in enumerate(rows, start=1):
        if progress is not None and count % CHECK_EVERY == 0:
            progress(count, total)
        try:
            day = day_of(cells[i_date], line)
            at = (
                dates.time_of_day(cells[i_time], line, label[i_time])
                if i_time is not None
                else NOON
            )
            measurement = reading.clean_text(cells[i_measurement]).casefold()
            value = reading.number(cells[i_value], line, label[i_value])
            unit_text = cells[i_unit].strip().casefold() if i_unit is not None else ""
            if value is None:
                continue
            if measurement in _BODYWEIGHT_NAMES:
                per_kg = assemble.weight_factor(
                    unit_text, line, label[i_unit or i_value], chosen_kg
                )
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
        except ImportFileError as error:
            problems.add(error, line)
            continue
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
        rows=total + unread,
        progress=progress,
        bodyweights=bodyweights,
        measurements=measurements,
        problems=problems,
    )
