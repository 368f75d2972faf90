"""Which app wrote the file, and which variant of its export, decided from the header.

csv.Sniffer guesses delimiters from a sample and is easily fooled (a comma inside a note, a
semicolon file with one column of commas). The header is reliable: each delimiter is tried on
it, and the one that yields a known header wins.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from backtracker.services.importers import dates, strong_locales
from backtracker.services.importers.model import ImportFileError, SourceFormat
from backtracker.services.importers.reading import Source, header_line, lines, load, split_line

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}

EXPECTED = {
    SourceFormat.STRONG: "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,"
    "Distance,Seconds,Notes,Workout Notes,RPE (or the older semicolon headers)",
    SourceFormat.HEVY: "title,start_time,end_time,description,exercise_title,superset_id,"
    "exercise_notes,set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe",
    SourceFormat.FITNOTES: "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,"
    "Distance Unit,Time,Comment",
    SourceFormat.FITNOTES_BODY: "Date,Time,Measurement,Value,Unit,Comment",
    SourceFormat.BACKTRACKER: "workout_start,workout_name,exercise,set_number,set_type,"
    "weight_kg,reps,duration_s,distance_m,rpe,notes,workout_end,workout_notes,superset,"
    "reps_left,reps_right",
}

_STRONG_2016 = ("kg", "kgs", "lbs", "lb")  # the 2016 layout names the weight by its unit

# Columns each format must have; the first alternative present is used.
_REQUIRED: dict[SourceFormat, tuple[tuple[str, ...], ...]] = {
    SourceFormat.STRONG: (
        ("date",),
        ("workout name",),
        ("exercise name",),
        ("set order",),
        ("weight", "weight (kg)", "weight (kgs)", "weight (lbs)", "weight (lb)", *_STRONG_2016),
        ("reps",),
    ),
    SourceFormat.HEVY: (
        ("title",),
        ("start_time",),
        ("exercise_title",),
        ("set_index",),
        ("set_type",),
        ("weight_kg", "weight_lbs"),
        ("reps",),
    ),
    SourceFormat.FITNOTES: (
        ("date",),
        ("exercise",),
        ("category",),
        ("weight unit", "weight (kgs)", "weight (kg)", "weight (lbs)", "weight (lb)"),
        ("reps",),
    ),
    SourceFormat.FITNOTES_BODY: (("date",), ("measurement",), ("value",)),
    SourceFormat.BACKTRACKER: (  # our own export (services/export.py)
        ("workout_start",),
        ("workout_name",),
        ("exercise",),
        ("set_number",),
        ("set_type",),
        ("weight_kg",),
        ("reps",),
    ),
}


def normalise(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").strip().strip('"').split()).casefold()


@dataclass(frozen=True)
class Layout:
    """A recognised header: the format, its variant and where each column is."""

    format: SourceFormat
    variant: str
    delimiter: str
    header_at: int  # line number of the header
    names: tuple[str, ...]  # the header as written
    columns: dict[str, int]  # normalised name → index (a Strong header: in English)
    language: str = "English"  # the language of a Strong header
    by_shape: bool = False  # a Strong export whose header words are unknown: read by position

    def index(self, *names: str) -> int | None:
        for name in names:
            if name in self.columns:
                return self.columns[name]
        return None

    def label(self, index: int) -> str:
        """The column's name as the file writes it, for messages."""
        return self.names[index].replace("\ufeff", "").strip().strip('"') or f"column {index + 1}"

    @property
    def labels(self) -> list[str]:
        return [self.label(index) for index in range(self.width)]

    @property
    def width(self) -> int:
        return len(self.names)

    @property
    def column_mapping(self) -> tuple[tuple[str, str], ...]:
        """(the file's column, what it is read as), for a header not in English; else ()."""
        if self.language == "English" and not self.by_shape:
            return ()
        meaning = {index: name for name, index in self.columns.items()}
        return tuple(
            (self.label(index), strong_locales.TITLES.get(meaning.get(index, ""), "(not read)"))
            for index in range(self.width)
        )


def _missing(fmt: SourceFormat, columns: dict[str, int]) -> list[str]:
    missing = [options[0] for options in _REQUIRED[fmt] if not any(o in columns for o in options)]
    if fmt is SourceFormat.FITNOTES and "weight unit" in columns and "weight" not in columns:
        missing.append("weight")  # the current header has both
    return missing


def _known(fmt: SourceFormat, columns: dict[str, int]) -> int:
    return sum(any(o in columns for o in options) for options in _REQUIRED[fmt])


def _pick(columns: dict[str, int]) -> SourceFormat | None:
    return next((fmt for fmt in SourceFormat if not _missing(fmt, columns)), None)


def inspect(source: Source) -> Layout:
    """Find the delimiter and format from the header; refuse an unknown header."""
    header_at, line = header_line(source.text)
    best: tuple[int, str, dict[str, int], list[str]] | None = None
    for delimiter in DELIMITERS:
        names = split_line(line, delimiter)
        columns: dict[str, int] = {}
        for index, name in enumerate(names):
            columns.setdefault(normalise(name), index)
        fmt = _pick(columns)
        if fmt is not None:
            variant = _variant(fmt, columns, source, delimiter, header_at)
            return Layout(fmt, variant, delimiter, header_at, tuple(names), columns)
        translated = strong_locales.translate([normalise(name) for name in names])
        if translated is not None:  # Strong in the phone's language
            language, english = translated
            columns = {name: index for index, name in enumerate(english)}
            variant = _variant(SourceFormat.STRONG, columns, source, delimiter, header_at)
            variant = variant.replace("Strong ", f"Strong ({language} header) ", 1)
            return Layout(
                SourceFormat.STRONG, variant, delimiter, header_at, tuple(names), columns, language
            )
        score = max(_known(f, columns) for f in SourceFormat)
        if best is None or score > best[0]:
            best = (score, delimiter, columns, names)
    shaped = _strong_by_shape(source, header_at, line)
    if shaped is not None:
        return shaped
    assert best is not None
    score, _, columns, names = best
    if score >= 3:  # close to a known header: say what is missing
        fmt = max(SourceFormat, key=lambda f: _known(f, columns))
        missing = ", ".join(f"“{m}”" for m in _missing(fmt, columns))
        raise ImportFileError(
            f"this looks like a {fmt.label} export, but the header has no {missing} column. "
            f"Expected: {EXPECTED[fmt]}.",
            line=header_at,
        )
    shown = ",".join(n.strip() for n in names)
    shown = shown if len(shown) <= 80 else shown[:79] + "…"
    expected = "; ".join(f"{fmt.label}: {text}" for fmt, text in EXPECTED.items())
    raise ImportFileError(
        f"the header “{shown}” is not one BackTracker knows. Expected an export from Strong, "
        f"Hevy or FitNotes, whose headers are — {expected}.",
        line=header_at,
    )


_SHAPE_SAMPLE = 50  # data rows looked at to recognise a Strong export by its shape


def _strong_by_shape(source: Source, header_at: int, header: str) -> Layout | None:
    """A Strong iOS export whose header words are unknown (a language we don't know).

    The column order is fixed: a date, the workout name, a duration, the exercise, a set
    column of numbers and marker words, then weight, reps, distance and seconds as numbers,
    (notes, workout notes,) and RPE. The first rows must all look like that.
    """
    for delimiter in DELIMITERS:
        names = split_line(header, delimiter)
        if len(names) == len(strong_locales.COLUMNS):
            english = strong_locales.COLUMNS
        elif len(names) == len(strong_locales.COLUMNS_TEN):
            english = strong_locales.COLUMNS_TEN
        else:
            continue
        rows = _sample(source, delimiter, header_at)
        if rows and all(_strong_shaped(cells, english) for cells in rows):
            columns = {name: index for index, name in enumerate(english)}
            variant = _variant(SourceFormat.STRONG, columns, source, delimiter, header_at)
            variant = variant.replace(
                "Strong ", "Strong (header in an unknown language, read by its shape) ", 1
            )
            return Layout(
                SourceFormat.STRONG,
                variant,
                delimiter,
                header_at,
                tuple(names),
                columns,
                language="unknown",
                by_shape=True,
            )
    return None


def _sample(source: Source, delimiter: str, header_at: int) -> list[list[str]]:
    reader = csv.reader(io.StringIO(source.text, newline=""), delimiter=delimiter)
    found: list[list[str]] = []
    try:
        for cells in reader:
            if reader.line_num <= header_at or not any(cell.strip() for cell in cells):
                continue
            found.append(cells)
            if len(found) >= _SHAPE_SAMPLE:
                break
    except csv.Error:
        return []
    return found


def _is_number(text: str) -> bool:
    text = text.strip()
    if not text:
        return True
    try:
        float(text.replace(",", ".", 1) if text.count(",") == 1 else text)
    except ValueError:
        return False
    return True


def _strong_shaped(cells: list[str], english: tuple[str, ...]) -> bool:
    while len(cells) > len(english) and not cells[-1].strip():
        cells = cells[:-1]
    if len(cells) != len(english):
        return False
    cell = dict(zip(english, cells, strict=True))
    order = cell["set order"].strip()
    return (
        dates.is_strong_date(cell["date"])
        and dates.is_duration(cell["duration"])
        and bool(cell["exercise name"].strip())
        and bool(order)
        and (_is_number(order) or not any(ch.isdigit() for ch in order))
        and all(_is_number(cell[name]) for name in ("weight", "reps", "distance", "seconds"))
        and _is_number(cell["rpe"])
    )


def _unit_in(name: str) -> str | None:
    match = re.search(r"\((\w+)\)", name)
    return match.group(1) if match else None


def _variant(
    fmt: SourceFormat, columns: dict[str, int], source: Source, delimiter: str, header_at: int
) -> str:
    if fmt is SourceFormat.STRONG:
        if "weight unit" in columns:
            if "workout duration" in columns:
                return "Strong (legacy): unit columns, workout durations"
            return "Strong (legacy): unit columns"
        old = next((c for c in _STRONG_2016 if c in columns), None)
        if old is not None and "weight" not in columns:
            distance = next((c for c in ("km", "mi", "miles", "m") if c in columns), None)
            return f"Strong (2016): units in the header ({old}" + (
                f", {distance})" if distance else ")"
            )
        weight = next((c for c in columns if c.startswith("weight (")), None)
        if weight:
            distance = next((c for c in columns if c.startswith("distance (")), "")
            return (
                f"Strong Android (older): units in the header ({_unit_in(weight)}"
                + (f", {_unit_in(distance)}" if distance else "")
                + ")"
            )
        if "notes" not in columns and "workout notes" not in columns:
            return "Strong (late 2024): ten columns, no unit in the file"
        twelve = _first_is_twelve_hour(source, delimiter, header_at, columns)
        return f"Strong iOS: no unit in the file, {'12' if twelve else '24'}-hour times"
    if fmt is SourceFormat.HEVY:
        return "Hevy (lb, miles)" if "weight_lbs" in columns else "Hevy (kg, km)"
    if fmt is SourceFormat.FITNOTES:
        if "weight unit" in columns:
            return "FitNotes (current)"
        weight = next(c for c in columns if c.startswith("weight ("))
        return f"FitNotes (older, {'lb' if 'lb' in weight else 'kg'} in the header)"
    if fmt is SourceFormat.BACKTRACKER:
        if "workout_end" in columns:
            return "BackTracker CSV"
        return "BackTracker CSV (older: no workout ends or workout notes)"
    return "FitNotes body tracker"


def _first_is_twelve_hour(
    source: Source, delimiter: str, header_at: int, columns: dict[str, int]
) -> bool:
    index = columns["date"]
    for number, line in lines(source.text):
        if number > header_at and line.strip():
            cells = split_line(line, delimiter)
            return index < len(cells) and dates.is_twelve_hour(cells[index])
    return False


def detect(path: Path) -> tuple[SourceFormat, str]:
    """(format, variant) of a file; raises ImportFileError for empty, binary or unknown files."""
    layout = inspect(load(path))
    return layout.format, layout.variant
