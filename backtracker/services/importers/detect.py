"""Which app wrote the file, and which variant of its export, decided from the header.

csv.Sniffer guesses delimiters from a sample and is easily fooled (a comma inside a note, a
semicolon file with one column of commas). The header is reliable: each delimiter is tried on
it, and the one that yields a known header wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from backtracker.services.importers import dates
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
}

# Columns each format must have; the first alternative present is used.
_REQUIRED: dict[SourceFormat, tuple[tuple[str, ...], ...]] = {
    SourceFormat.STRONG: (
        ("date",),
        ("workout name",),
        ("exercise name",),
        ("set order",),
        ("weight", "weight (kg)", "weight (kgs)", "weight (lbs)", "weight (lb)"),
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
    columns: dict[str, int]  # normalised name → index

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
        score = max(_known(f, columns) for f in SourceFormat)
        if best is None or score > best[0]:
            best = (score, delimiter, columns, names)
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


def _unit_in(name: str) -> str | None:
    match = re.search(r"\((\w+)\)", name)
    return match.group(1) if match else None


def _variant(
    fmt: SourceFormat, columns: dict[str, int], source: Source, delimiter: str, header_at: int
) -> str:
    if fmt is SourceFormat.STRONG:
        if "weight unit" in columns:
            return "Strong (legacy): unit columns"
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
