"""What the data actions run in a worker: plain values in, plain values out, no widgets."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from backtracker.services import importers
from backtracker.services.importers import (
    ImportResult,
    MatchSuggestion,
    ParsedFile,
    RowProblem,
    SourceFormat,
)
from backtracker.ui.data.progress import STOPPED, Cancelled, Progress, Stopped


@dataclass(frozen=True)
class Reading:
    """A file read for the import dialog.

    `parsed` is None while it waits for a unit, or when `problem` says (naming the line)
    why the file, whose format was recognised, cannot be imported.
    """

    path: Path
    format: SourceFormat
    variant: str
    parsed: ParsedFile | None = None
    suggestions: tuple[MatchSuggestion, ...] = ()
    sets_by_name: dict[str, int] = field(default_factory=dict)
    problem: str | None = None
    problems: tuple[RowProblem, ...] = ()  # every line that cannot be imported


def read_import_file(
    path: Path, unit: str | None, progress: Progress, cancelled: Cancelled
) -> Reading | Stopped:
    """Detect, parse and suggest a mapping.

    A file of no known format raises `ImportFileError`; a known one that cannot be imported
    comes back with its `problem`, so the dialog can still say what the file is. Lines that
    cannot be imported do not stop the reading: they come back in `parsed.problems` (or in
    `problems`, when no line at all can be imported), each with its reason.
    """
    fmt, variant = importers.detect(path)
    try:
        parsed = importers.parse(
            path,
            unit=unit,
            fmt=fmt,
            progress=progress,
            cancelled=cancelled,
            skip_bad_rows=True,
        )
    except importers.ImportCancelled:
        return STOPPED
    except importers.UnitNeededError as error:
        if unit is not None:  # asked with a unit and still refused: a problem in the file
            return Reading(path, fmt, variant, problem=str(error))
        return Reading(path, fmt, variant)
    except importers.BadRowsError as error:
        return Reading(path, fmt, variant, problem=str(error), problems=error.problems)
    except importers.ImportFileError as error:
        return Reading(path, fmt, variant, problem=str(error))
    if cancelled():
        return STOPPED
    sets_by_name = Counter(entry.exercise for workout in parsed.workouts for entry in workout.sets)
    return Reading(
        path,
        parsed.format,
        parsed.variant,
        parsed,
        tuple(importers.suggest_mapping(parsed.exercise_names)),
        dict(sets_by_name),
        problems=parsed.problems,
    )


def import_reading(
    parsed: ParsedFile,
    mapping: dict[str, int | None],
    progress: Progress,
    cancelled: Cancelled,
    skip_bad_rows: bool = False,
) -> ImportResult | Stopped:
    """One transaction for the whole file; a cancel rolls it back.

    A file with problem lines is refused (BadRowsError) unless `skip_bad_rows`.
    """
    try:
        return importers.import_parsed(
            parsed,
            mapping,
            progress=progress,
            cancelled=cancelled,
            skip_bad_rows=skip_bad_rows,
        )
    except importers.ImportCancelled:
        return STOPPED
