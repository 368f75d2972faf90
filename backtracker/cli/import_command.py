"""The `import` command: read a Strong, Hevy, FitNotes or BackTracker CSV, show what it holds
(every problem line, the column and exercise mapping), and write it in one transaction.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from backtracker.cli import Command
from backtracker.domain.errors import UserError
from backtracker.storage import routines
from backtracker.storage.database import close_database, open_database_copy
from backtracker.storage.profile import (
    Profile,
    default_data_dir,
)
from backtracker.storage.seeding import seed_catalogue

if TYPE_CHECKING:
    from backtracker.services.importers import ImportResult, ParsedFile, RowProblem


from backtracker.cli.commands import (
    EXIT_OK,
    _add_wait,
    _plural,
    _writes,
    fail,
    open_profile,
)

IMPORT_FORMATS = ("auto", "strong", "hevy", "fitnotes", "fitnotes-body", "backtracker")


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="a Strong, Hevy or FitNotes CSV")
    parser.add_argument(
        "--format",
        choices=IMPORT_FORMATS,
        default="auto",
        help="the app that wrote the file (default: auto, detected from the header)",
    )
    parser.add_argument(
        "--unit",
        choices=("kg", "lb"),
        default=None,
        help="the weight unit of a file that does not say (Strong iOS exports)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would be imported and every problem line; write nothing, create "
        "nothing (not even a missing profile)",
    )
    parser.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the rest of a file whose lines have problems; the skipped lines are "
        "listed and kept in the import's record (without it such a file imports nothing)",
    )
    parser.add_argument(
        "--map",
        type=Path,
        default=None,
        metavar="MAPFILE",
        help="a CSV with the header name,exercise: a name in the file, and the library "
        "exercise (name or alias) it is; an empty exercise makes a new custom one. Names "
        "not in it map only by exact name, alias or their own equipment, else become new "
        "custom exercises (a guess is never taken)",
    )
    _add_wait(parser)


def _run_import(args: argparse.Namespace) -> int:
    """Read the file first, touching no profile; then the dry run, or the locked import.

    A refused file, like a dry run, creates nothing. An import into a folder without a
    profile that then fails removes the profile it had begun (_undo_new_profile).
    """
    from backtracker.services import importers  # only this command needs it

    try:
        fmt = None if args.format == "auto" else args.format
        parsed = importers.parse(args.file, unit=args.unit, fmt=fmt, skip_bad_rows=True)
    except importers.UnitNeededError as error:
        return fail(f"{error} Use --unit kg or --unit lb.")
    except importers.BadRowsError as error:  # no row at all can be imported
        _print_problems(error.problems, sys.stderr)
        return fail(str(error))
    except UserError as error:
        return fail(str(error))
    map_entries = None
    if args.map is not None:
        from backtracker.services.importers import mapfile

        try:
            map_entries = mapfile.read_map_file(args.map)
        except UserError as error:
            return fail(str(error))
    args.map_entries = map_entries
    if args.dry_run:
        return _dry_run_import(args, parsed)
    if parsed.problems and not args.skip_bad_rows:
        print(_file_line(parsed, args.unit), file=sys.stderr)
        _print_problems(parsed.problems, sys.stderr)
        return fail(
            f"Nothing was imported: {_plural(len(parsed.problems), 'line')} of the file "
            "cannot be read (listed above). Correct them, or import the rest with "
            "--skip-bad-rows."
        )
    folder = (args.data_dir or default_data_dir()).expanduser().absolute()
    existed = folder.exists()
    code = _writes(functools.partial(_write_import, parsed), "import")(args)
    if code != EXIT_OK and not existed:
        with contextlib.suppress(OSError):  # only if empty: nothing else is in it
            folder.rmdir()  # the lock file went with the lock
    return code


def _write_import(parsed: ParsedFile, args: argparse.Namespace) -> int:
    """Import under the profile lock; a failure into a new profile leaves no database."""
    from backtracker.services import importers

    database = Profile((args.data_dir or default_data_dir()).expanduser().absolute())
    new_profile = not database.database_path.exists()
    try:
        open_profile(args.data_dir)
        mapping, notices = _map_from_file(args, parsed)
        result = importers.import_parsed(parsed, mapping, skip_bad_rows=args.skip_bad_rows)
    except UserError as error:
        if isinstance(error, importers.BadRowsError):  # found once the names were mapped
            _print_problems(error.problems, sys.stderr)
        close_database()
        if new_profile:
            _remove_database(database.database_path)
        return fail(str(error))
    finally:
        close_database()
    print("\n".join(notices + _import_report(parsed, result, args.unit)))
    return EXIT_OK


def _map_from_file(
    args: argparse.Namespace, parsed: ParsedFile
) -> tuple[dict[str, int | None], list[str]]:
    """The --map file's mapping (the profile is open); a bad exercise raises UserError."""
    entries = getattr(args, "map_entries", None)
    if entries is None:
        return {}, []
    from backtracker.services.importers import mapfile

    return mapfile.resolve_map(args.map, entries, parsed.exercise_names)


def _remove_database(path: Path) -> None:
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        part.unlink(missing_ok=True)


def _dry_run_import(args: argparse.Namespace, parsed: ParsedFile) -> int:
    """Import into an in-memory copy of the profile (or of a new one), then forget it."""
    from backtracker.services import importers

    folder = (args.data_dir or default_data_dir()).expanduser().absolute()
    database = Profile(folder).database_path
    if folder.exists() and not folder.is_dir():
        return fail(f"The data folder {folder} is a file, not a folder. Choose another.")
    try:
        open_database_copy(database if database.exists() else None)
        seed_catalogue()
        routines.seed_builtin_routines()
        mapping, notices = _map_from_file(args, parsed)
        result = importers.import_parsed(parsed, mapping, dry_run=True, skip_bad_rows=True)
    except UserError as error:
        return fail(str(error))
    finally:
        close_database()
    lines = notices + _import_report(parsed, result, args.unit)
    if not database.exists():
        lines.insert(1, f"There is no profile in {folder} yet: counted as for a new one.")
    print("\n".join(lines))
    if result.skipped_rows and not args.skip_bad_rows:
        return fail(
            f"As it stands nothing would be imported: {_plural(len(result.skipped_rows), 'line')} "
            "of the file cannot be read (listed above). Correct them, or import the rest "
            "with --skip-bad-rows."
        )
    return EXIT_OK


def _print_problems(problems: Sequence[RowProblem], stream: TextIO) -> None:
    print(f"Lines that cannot be imported ({len(problems)}):", file=stream)
    for problem in problems:
        print(f"  {problem}", file=stream)


def _file_line(parsed: ParsedFile, unit: str | None) -> str:
    separated = {",": "comma", ";": "semicolon", "\t": "tab"}.get(parsed.delimiter, "")
    unit = parsed.unit_in_file or f"{unit} as chosen"
    return (
        f"{parsed.file_name}: {parsed.format.label}, {parsed.variant} "
        f"({separated}-separated, weights {unit}, {_plural(parsed.rows, 'row')})."
    )


def _import_report(parsed: ParsedFile, result: ImportResult, unit: str | None) -> list[str]:
    """What the import command prints: the file, the counts and the exercise mapping."""
    lines = [_file_line(parsed, unit)]
    if parsed.column_mapping:  # a Strong header not in English: how its columns are read
        how = (
            "recognised by their order (the header's words are not known)"
            if parsed.column_mapping_by_shape
            else "translated from the header"
        )
        lines.append(f"Columns, {how}:")
        lines += [f"  {column} → {meaning}" for column, meaning in parsed.column_mapping]
    lines += list(parsed.notices)
    if parsed.repaired:
        lines.append(
            f"Repaired {_plural(parsed.repaired, 'row')}: commas written without quotes (in "
            "an exercise name or a comment) split a field; it was put back together."
        )
    # Lines found once the names were mapped (a negative weight on a weighted exercise)
    # are in the result's skipped rows too.
    problems = result.skipped_rows or parsed.problems
    if problems:
        lines.append(f"Lines that cannot be imported ({len(problems)}):")
        lines += [f"  {problem}" for problem in problems]
        if not result.dry_run:
            lines.append(
                f"Skipped {_plural(len(problems), 'line')} (--skip-bad-rows); the "
                "import's record keeps them."
            )
    if result.already_imported:
        lines.append(
            "This file was imported before; nothing new to add "
            f"({_plural(result.workouts_skipped, 'workout')} already there)."
        )
        return lines
    done = "would be imported" if result.dry_run else "imported"
    lines.append(
        f"Workouts: {result.workouts_added} {done}, "
        f"{result.workouts_skipped} skipped as duplicates (already imported)."
    )
    lines.append(f"Sets: {result.sets_added} {done}, {result.sets_skipped} skipped as duplicates.")
    if parsed.bodyweights or parsed.measurements:
        lines.append(f"Bodyweights: {result.bodyweights_added} {done}.")
    if parsed.measurements:
        lines.append(f"Other body measurements: {result.measurements_added} {done}.")
    if result.mapping:
        lines.append("Exercise mapping (name in the file → BackTracker exercise, how):")
        lines += [
            f"  {source} → {ours} ({_HOW.get(result.how.get(source, ''), 'matched')})"
            for source, ours in result.mapping.items()
        ]
    if result.dry_run:
        lines.append("Dry run: nothing was written.")
    return lines


# How each name was mapped (ImportResult.how); the command line's mapping is the --map file.
_HOW = {
    "exact": "exact name",
    "alias": "alias",
    "equipment": "equipment",
    "custom": "new custom exercise",
    "chosen": "from map file",
}


IMPORT = Command(
    name="import",
    help="import workout history from a Strong, Hevy or FitNotes CSV export",
    configure=_configure_import,
    run=_run_import,  # reads the file first; takes the lock only to write (_write_import)
)
