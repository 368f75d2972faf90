"""History importers: Strong, Hevy and FitNotes CSV exports into BackTracker (Qt-free).

    parsed = parse(path, unit="kg")           # or detect(path) first, for the dialog
    suggestions = suggest_mapping(parsed.exercise_names)
    result = import_parsed(parsed, mapping)   # one transaction; idempotent

`import_file(path)` does all three with the automatic mapping (the command line).
"""

from __future__ import annotations

from pathlib import Path

from backtracker.services.importers.detect import detect
from backtracker.services.importers.matching import suggest_mapping
from backtracker.services.importers.model import (
    BadRowsError,
    ImportCancelled,
    ImportFileError,
    ImportResult,
    MatchSuggestion,
    ParsedFile,
    ParsedSet,
    ParsedWorkout,
    RowProblem,
    SourceFormat,
    UnitNeededError,
)
from backtracker.services.importers.parsing import parse
from backtracker.services.importers.writer import import_parsed

__all__ = [
    "BadRowsError",
    "ImportCancelled",
    "ImportFileError",
    "ImportResult",
    "MatchSuggestion",
    "ParsedFile",
    "ParsedSet",
    "ParsedWorkout",
    "RowProblem",
    "SourceFormat",
    "UnitNeededError",
    "detect",
    "import_file",
    "import_parsed",
    "parse",
    "suggest_mapping",
]


def import_file(
    path: Path,
    *,
    unit: str | None = None,
    fmt: SourceFormat | str | None = None,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
) -> ImportResult:
    """Parse and import with the automatic mapping (confident matches, else new customs).

    Problem lines refuse the file (BadRowsError lists them) unless `skip_bad_rows`.
    """
    parsed = parse(path, unit=unit, fmt=fmt, skip_bad_rows=skip_bad_rows)
    return import_parsed(parsed, dry_run=dry_run, skip_bad_rows=skip_bad_rows)
