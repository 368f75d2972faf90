"""The command line's --map FILE: the person's own mapping of names in a file to exercises.

A UTF-8 CSV with the header `name,exercise`; each row maps a name as written in the
imported file to an exercise of the library, given by its name or one of its aliases
(letter case and spacing do not matter). An empty exercise means "a new custom exercise
with the file's name", even for a name that would match. Names the imported file does not
hold are ignored (and said so). A bad map file is refused naming its line, before anything
is written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from backtracker.domain.errors import UserError
from backtracker.services.importers.matching import literal
from backtracker.services.importers.model import ImportFileError
from backtracker.services.importers.reading import clean_text, load
from backtracker.storage import exercises as store

HEADER = ("name", "exercise")


class MapFileError(UserError):
    def __init__(self, path: Path, reason: str, line: int | None = None) -> None:
        where = f", line {line}" if line is not None else ""
        super().__init__(f"The map file {path.name}{where}: {reason} Nothing was imported.")
        self.line = line


@dataclass(frozen=True)
class MapEntry:
    line: int
    name: str  # as written in the imported file
    exercise: str  # a name or alias in the library; "" for a new custom exercise


def read_map_file(path: Path) -> list[MapEntry]:
    """The rows of the map file; refuses a file that is not `name,exercise` CSV."""
    try:
        text = load(Path(path)).text
    except ImportFileError as error:
        if error.reason.startswith("the file is empty"):
            raise MapFileError(
                Path(path), "it is empty; its first line must be “name,exercise”.", 1
            ) from None
        raise MapFileError(Path(path), error.reason, error.line) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    entries: list[MapEntry] = []
    seen: dict[str, MapEntry] = {}
    header_seen = False
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if not header_seen:
                if tuple(c.strip().casefold() for c in cells) != HEADER:
                    raise MapFileError(
                        path,
                        f"the header is “{','.join(cells)}”; it must be “name,exercise”.",
                        line,
                    )
                header_seen = True
                continue
            if len(cells) != 2:
                raise MapFileError(
                    path,
                    f"the row has {len(cells)} fields; give two: the name in the file and the "
                    "exercise (quote a name that holds a comma).",
                    line,
                )
            name, exercise = clean_text(cells[0]), clean_text(cells[1])
            if not name:
                raise MapFileError(path, "the name is empty.", line)
            before = seen.get(name)
            if before is not None and literal(before.exercise) != literal(exercise):
                raise MapFileError(
                    path,
                    f"“{name}” is mapped again, to another exercise (line {before.line} "
                    f"maps it to “{before.exercise or 'a new custom exercise'}”).",
                    line,
                )
            entry = MapEntry(line, name, exercise)
            seen[name] = entry
            entries.append(entry)
    except csv.Error as error:
        raise MapFileError(path, f"the row cannot be read as CSV ({error}).", start) from None
    if not header_seen:
        raise MapFileError(path, "it is empty; its first line must be “name,exercise”.", 1)
    return entries


def resolve_map(
    path: Path, entries: list[MapEntry], names_in_file: tuple[str, ...]
) -> tuple[dict[str, int | None], list[str]]:
    """(source name → exercise id or None, notices); raises MapFileError for an exercise
    the library does not know, or knows twice. Needs the open profile."""
    by_name: dict[str, list[tuple[bool, int]]] = {}
    by_alias: dict[str, list[tuple[bool, int]]] = {}
    for exercise_id, name, _equipment, archived, aliases in store.naming_facts():
        by_name.setdefault(literal(name), []).append((archived, exercise_id))
        for alias, _source in aliases:
            by_alias.setdefault(literal(alias), []).append((archived, exercise_id))
    present = set(names_in_file)
    mapping: dict[str, int | None] = {}
    notices: list[str] = []
    for entry in entries:
        if not entry.exercise:
            exercise_id = None
        else:
            key = literal(entry.exercise)
            found = by_name.get(key) or by_alias.get(key)
            if not found:
                raise MapFileError(
                    path,
                    f"there is no exercise called “{entry.exercise}” in the library (by name "
                    "or alias). Leave the exercise empty for a new custom exercise.",
                    entry.line,
                )
            live = sorted({i for archived, i in found if not archived}) or sorted(
                {i for _archived, i in found}
            )
            if len(live) > 1:
                raise MapFileError(
                    path,
                    f"“{entry.exercise}” names {len(live)} exercises of the library; give the "
                    "exercise's own name.",
                    entry.line,
                )
            exercise_id = live[0]
        if entry.name in present:
            mapping[entry.name] = exercise_id
        else:
            notices.append(
                f"Map file, line {entry.line}: “{entry.name}” is not in the imported file; ignored."
            )
    return mapping, notices
