"""Reading a whole export: detect the format, then hand the rows to that app's parser."""

from __future__ import annotations

from pathlib import Path

from backtracker.services.importers import backtracker_csv, fitnotes, hevy, strong
from backtracker.services.importers.detect import inspect
from backtracker.services.importers.model import (
    BadRowsError,
    Cancelled,
    ImportFileError,
    ParsedFile,
    Progress,
    SourceFormat,
)
from backtracker.services.importers.reading import load


def parse(
    path: Path,
    *,
    unit: str | None = None,
    fmt: SourceFormat | str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    skip_bad_rows: bool = False,
) -> ParsedFile:
    """Parse the file into workouts and body metrics; nothing is written.

    `unit` ("kg" or "lb") is needed when the file does not say (Strong iOS): without it,
    UnitNeededError. A file that names its units ignores it. `fmt` insists on a format; a
    file of another format is refused. Raises ImportFileError naming the line and problem,
    or ImportCancelled.

    A row that cannot be read does not stop the reading: every such row is collected with
    its reason. Then, unless `skip_bad_rows`, BadRowsError lists them all; with it, the file
    comes back without them, in `ParsedFile.problems` (to show, and to keep in the record).
    """
    source = load(Path(path))
    layout = inspect(source)
    if fmt is not None and SourceFormat(fmt) is not layout.format:
        raise ImportFileError(
            f"this is a {layout.format.label} export ({layout.variant}), not "
            f"{SourceFormat(fmt).label}. Choose {layout.format.label} or automatic detection.",
            line=layout.header_at,
        )
    if layout.format is SourceFormat.STRONG:
        parsed = strong.parse(source, layout, unit=unit, progress=progress, cancelled=cancelled)
    elif layout.format is SourceFormat.HEVY:
        parsed = hevy.parse(source, layout, progress=progress, cancelled=cancelled)
    elif layout.format is SourceFormat.FITNOTES:
        parsed = fitnotes.parse(source, layout, unit=unit, progress=progress, cancelled=cancelled)
    elif layout.format is SourceFormat.BACKTRACKER:
        parsed = backtracker_csv.parse(source, layout, progress=progress, cancelled=cancelled)
    else:
        parsed = fitnotes.parse_body(
            source, layout, unit=unit, progress=progress, cancelled=cancelled
        )
    if not parsed.rows:
        raise ImportFileError(
            "the file has a header but no rows after it: there is nothing to import.",
            line=layout.header_at + 1,
        )
    if parsed.problems:
        anything = parsed.workouts or parsed.bodyweights or parsed.measurements
        if not skip_bad_rows or not anything:
            raise BadRowsError(parsed.problems, importable=bool(anything))
    return parsed
