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
    ImportCancelled,
    ImportFileError,
    ImportResult,
    MatchSuggestion,
    ParsedFile,
    ParsedSet,
    ParsedWorkout,
    SourceFormat,
    UnitNeededError,
)
from backtracker.services.importers.parsing import parse
from backtracker.services.importers.writer import import_parsed

__all__ = [
    "ImportCancelled",
    "ImportFileError",
    "ImportResult",
    "MatchSuggestion",
    "ParsedFile",
    "ParsedSet",
    "ParsedWorkout",
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
) -> ImportResult:
    """Parse and import with the automatic mapping (confident matches, else new customs)."""
    return import_parsed(parse(path, unit=unit, fmt=fmt), dry_run=dry_run)
