"""FitNotes (Android): the training export, current and older headers, and the body tracker.

FitNotes has no workout name, no time of day and no set number: the rows of one day, in file
order, are that day's workout. Identical rows are real repeated sets and are all kept. The
workout is placed at 12:00 (noon) local time on its day: noon stays on the same calendar day
whatever time-zone shift a reader applies, and sorts a day's FitNotes session after any early
session logged in BackTracker. Its key is "fitnotes:<YYYY-MM-DD>".

Dates are ISO in current exports; some follow the phone's locale (31/12/2024, 12/31/2024,
31.12.2024): the order is decided once for the whole file (see `dates.date_order`).

The body tracker export gives bodyweight (kept, in kg) and the measurements BackTracker
keeps (domain/measurements.py): body fat (%) and waist, chest, shoulders, neck, upper arm
("Biceps"), forearm, hips, thigh and calf, lengths converted to cm from the row's Unit (cm,
mm, m or in). Any other measurement, a left or right one, or a length in no known unit is
skipped and said so in the file's notices (a row each, with the reason); the rest imports.
A value outside the measurement's sane range is a problem line. One value per day and
measurement: the latest time of the day wins. The Comment is not kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from backtracker.domain import measurements
from backtracker.domain.errors import ValidationError
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
_BODY_FAT_NAMES = {"body fat", "bodyfat", "body fat %", "body fat percentage", "fat"}
# FitNotes' measurement names (and plain variants) → ours; lengths only.
_LENGTH_NAMES = {
    "waist": "waist",
    "chest": "chest",
    "shoulders": "shoulders",
    "shoulder": "shoulders",
    "neck": "neck",
    "biceps": "upper_arm",
    "bicep": "upper_arm",
    "upper arm": "upper_arm",
    "upper arms": "upper_arm",
    "arm": "upper_arm",
    "arms": "upper_arm",
    "forearm": "forearm",
    "forearms": "forearm",
    "hips": "hips",
    "hip": "hips",
    "thigh": "thigh",
    "thighs": "thigh",
    "calf": "calf",
    "calves": "calf",
}
_SIDES = ("left ", "right ", "l ", "r ")
SKIPPED_LINES_SHOWN = 5


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
        weight = reading.weight(cells[self.i_weight], line, label[self.i_weight])
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


class _Skip(Exception):  # noqa: N818 - not an error: the row is left out, with a reason
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _known_names() -> str:
    names = [info.name for info in measurements.METRICS.values()]
    return f"bodyweight, {', '.join(names[:-1])} and {names[-1]}"


def _measurement(name: str, unit_text: str, value: float) -> tuple[str, float]:
    """(our metric, canonical value) for a body tracker row other than bodyweight; _Skip
    when BackTracker keeps no such measurement, ValidationError when out of range."""
    if name in _BODY_FAT_NAMES:
        if unit_text not in {"", "%"}:
            raise _Skip(f"body fat in “{unit_text}” is not a percentage")
        return "body_fat", measurements.check_canonical("body_fat", value)
    metric = _LENGTH_NAMES.get(name)
    if metric is None:
        side = next((s for s in _SIDES if name.startswith(s)), None)
        if side is not None and name[len(side) :] in _LENGTH_NAMES:
            raise _Skip(
                "BackTracker keeps one value a day for each measurement, not left and right"
            )
        raise _Skip(f"BackTracker keeps {_known_names()}")
    per_cm = _CM_PER_UNIT.get(unit_text)
    if per_cm is None:
        shown = f"“{unit_text}”" if unit_text else "no unit"
        raise _Skip(f"a length in {shown}; cm or in was expected")
    return metric, measurements.check_canonical(metric, value * per_cm)


def _skipped_notices(skipped: dict[tuple[str, str], list[int]]) -> tuple[str, ...]:
    notices = []
    for (name, reason), lines in skipped.items():
        shown = ", ".join(str(line) for line in lines[:SKIPPED_LINES_SHOWN])
        if len(lines) > SKIPPED_LINES_SHOWN:
            shown += f" and {len(lines) - SKIPPED_LINES_SHOWN:,} more"
        rows = f"{len(lines):,} row{'' if len(lines) == 1 else 's'}"
        where = f"line{'' if len(lines) == 1 else 's'} {shown}"
        notices.append(f"Skipped {rows} of “{name}” ({where}): {reason}.")
    return tuple(notices)


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
    skipped: dict[tuple[str, str], list[int]] = {}
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
            else:
                metric, value = _measurement(measurement, unit_text, value)
            if value <= 0:
                raise ImportFileError(
                    f"{cells[i_measurement].strip()} of {cells[i_value].strip()} is not possible.",
                    line=line,
                )
        except ImportFileError as error:
            problems.add(error, line)
            continue
        except ValidationError as error:
            reason = f"{cells[i_measurement].strip()} of {cells[i_value].strip()} "
            reason += f"{cells[i_unit].strip() if i_unit is not None else ''}".rstrip()
            problems.add(ImportFileError(f"{reason.rstrip()}: {error}", line=line), line)
            continue
        except _Skip as skip:
            name = reading.clean_text(cells[i_measurement]) or "(no name)"
            skipped.setdefault((name, skip.reason), []).append(line)
            continue
        key = (day, metric)
        if key not in latest or at >= latest[key][0]:
            latest[key] = (at, value)
    bodyweights = tuple(
        (day, value)
        for (day, metric), (_, value) in sorted(latest.items())
        if metric == "bodyweight"
    )
    kept = tuple(
        (day, metric, value)
        for (day, metric), (_, value) in sorted(latest.items())
        if metric != "bodyweight"
    )
    parsed = assemble.finish(
        source,
        layout,
        unit_in_file=unit_in_file,
        workouts=[],
        rows=total + unread,
        progress=progress,
        bodyweights=bodyweights,
        measurements=kept,
        problems=problems,
    )
    return replace(parsed, notices=(*parsed.notices, *_skipped_notices(skipped)))
