"""The built-in commands, and `open_profile`, which every command that reads data shares.

`backtracker.cli` imports this module lazily (see `registered_commands`), because this module
needs `Command` from there.

Commands that write (demo, import, photos import, restore) hold the profile lock while they
run (`_writes`), so they never write while the app or another command has the profile; the
ones that only read (stats, export, photos list, import --dry-run) and `backup` (a consistent
snapshot through SQLite's backup API) run alongside the app. Those never create a profile:
given a folder that does not exist or holds no database, they say so and stop; except
`import --dry-run`, which works on an in-memory copy (of a new profile, when there is none)
and so can check a file before there is a profile, leaving the disk as it was.
"""

from __future__ import annotations

import argparse
import functools
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from backtracker import APP_NAME
from backtracker.cli import Command
from backtracker.domain import clock
from backtracker.domain.errors import UserError
from backtracker.storage import routines
from backtracker.storage.database import close_database, open_database
from backtracker.storage.lock import GUI_PURPOSE, ProfileInUseError, ProfileLock, holder_text
from backtracker.storage.profile import (
    Profile,
    default_data_dir,
    existing_profile,
    prepare_profile,
)
from backtracker.storage.seeding import seed_catalogue

if TYPE_CHECKING:
    pass

EXIT_OK = 0
EXIT_USER_ERROR = 2


def open_profile(data_dir: Path | None, *, create: bool = True) -> Profile:
    """Prepare the data folder and open its database with the catalogue and routines seeded.

    With `create=False` (the commands that only read) the folder and its database must
    already be there: nothing is created. Raises UserError as is (a folder that can't be
    used, no profile to read, a database from a newer version). The caller closes the
    database with `close_database()`.
    """
    folder = data_dir or default_data_dir()
    profile = prepare_profile(folder) if create else existing_profile(folder)
    open_database(profile.database_path)
    try:
        seed_catalogue()
        routines.seed_builtin_routines()
    except BaseException:
        close_database()
        raise
    return profile


def fail(message: str) -> int:
    print(f"{APP_NAME}: {message}", file=sys.stderr)
    return EXIT_USER_ERROR


# --- one writer per profile ----------------------------------------------------------------

DEFAULT_WAIT_S = 60.0
MAX_WAIT_S = 24 * 3600.0


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= MAX_WAIT_S:  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"give the number of seconds to wait, from 0 to {MAX_WAIT_S:.0f}, e.g. --wait 30"
        )
    return seconds


def _add_wait(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait",
        type=_seconds,
        nargs="?",
        const=DEFAULT_WAIT_S,
        default=0.0,
        metavar="SECONDS",
        help="when BackTracker is open on this profile, wait up to SECONDS for it to close "
        f"(default {DEFAULT_WAIT_S:.0f}) instead of stopping at once",
    )


def _in_use_message(error: ProfileInUseError, waited: float) -> str:
    who = holder_text(error.pid, error.purpose)
    close = "Close it" if error.purpose in (GUI_PURPOSE, "") else "Let it finish"
    if waited > 0:
        seconds = f"{waited:g} second{'' if waited == 1 else 's'}"
        return f"{who}, still after waiting {seconds}. {close} first, then try again."
    return f"{who}. {close} first, or pass --wait to wait for it."


def _writes(
    run: Callable[[argparse.Namespace], int],
    purpose: str,
    when: Callable[[argparse.Namespace], bool] = lambda args: True,
) -> Callable[[argparse.Namespace], int]:
    """`run`, holding the profile lock (storage/lock.py) whenever `when(args)` says it writes.

    While the app or another writing command has the profile, the command refuses at once,
    or with --wait waits for the profile to be free; either way nothing was written.
    """

    @functools.wraps(run)
    def locked(args: argparse.Namespace) -> int:
        if not when(args):
            return run(args)
        try:
            profile = prepare_profile(args.data_dir or default_data_dir())
            lock = ProfileLock.acquire(profile.data_dir, wait=args.wait, purpose=purpose)
        except ProfileInUseError as error:
            return fail(_in_use_message(error, args.wait))
        except UserError as error:
            return fail(str(error))
        with lock:
            return run(args)

    return locked


# --- the commands ---------------------------------------------------------------------------


def _weeks(text: str) -> int:
    from backtracker.services.demo import MAX_WEEKS

    try:
        weeks = int(text)
    except ValueError:
        weeks = 0
    if not 1 <= weeks <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(f"choose a whole number from 1 to {MAX_WEEKS}")
    return weeks


def _configure_demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--weeks",
        type=_weeks,
        default=52,
        metavar="N",
        help="how many weeks of training, ending today (default: 52)",
    )
    parser.add_argument(
        "--seed", type=int, default=7, metavar="N", help="the same seed gives the same data"
    )
    _add_wait(parser)


def _run_demo(args: argparse.Namespace) -> int:
    from backtracker.services import demo  # only this command needs it

    try:
        profile = open_profile(args.data_dir)
    except UserError as error:
        return fail(str(error))
    try:
        existing = demo.workout_count()
        if existing:
            plural = "workout" if existing == 1 else "workouts"
            return fail(
                f"The profile in {profile.data_dir} already holds {existing} {plural}; demo data "
                "goes into an empty profile. Use --data-dir with a new folder."
            )
        report = demo.fill_demo_profile(today=clock.today(), weeks=args.weeks, seed=args.seed)
        from backtracker.services import demo_photos, photos

        pictures = demo_photos.add_demo_photos(
            profile.photos_dir, photos.thumbnails_dir(profile.data_dir), today=clock.today()
        )
    except UserError as error:
        return fail(str(error))
    finally:
        close_database()
    print(
        f"Demo profile in {profile.data_dir}: {report.workouts} workouts, {report.sets} sets, "
        f"{report.bodyweights} bodyweight entries, {len(pictures.imported)} progress photos, "
        f"from {report.first} to {report.last}."
    )
    return EXIT_OK


DEMO = Command(
    name="demo",
    help="fill an empty profile with a realistic year of back training",
    configure=_configure_demo,
    run=_writes(_run_demo, "demo"),
)


def _configure_stats(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exercise", metavar="EXERCISE", help="an exercise name or alias")
    parser.add_argument(
        "--json", action="store_true", help="print a JSON object instead of a summary"
    )
    parser.add_argument(
        "--formula",
        choices=("epley", "brzycki"),
        default=None,
        help="how to estimate the one-rep max (default: the one chosen in Settings)",
    )


def _run_stats(args: argparse.Namespace) -> int:
    import json

    from backtracker.services import preferences, progress  # only this command needs them

    try:
        open_profile(args.data_dir, create=False)
    except UserError as error:
        return fail(str(error))
    try:
        formula = args.formula or preferences.load().formula
        numbers = progress.stats(args.exercise, formula=formula)
    except UserError as error:
        return fail(str(error))
    finally:
        close_database()
    if args.json:
        print(json.dumps(numbers, ensure_ascii=False, indent=2))
    else:
        print(progress.stats_text(numbers))
    return EXIT_OK


STATS = Command(
    name="stats",
    help="show an exercise's records and numbers per day: estimated 1RM (kg), holds, reps",
    configure=_configure_stats,
    run=_run_stats,
)

POSES = ("back", "front", "side", "other")


def _configure_photos(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="photos_action", metavar="ACTION", required=True)
    importer = actions.add_parser(
        "import",
        help="copy photos into the profile (originals are left as they are)",
        description="Import JPEG, PNG, WEBP and HEIC/HEIF photos, or every one in a folder.",
    )
    importer.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a file or folder")
    importer.add_argument("--pose", choices=POSES, default="back", help="(default: back)")
    _add_wait(importer)
    from backtracker.cli import passphrase, vault_command

    passphrase.add_passphrase_file(importer)
    lister = actions.add_parser("list", help="list the stored photos, oldest first")
    lister.add_argument("--json", action="store_true", help="print a JSON list of objects")
    lister.add_argument("--pose", choices=POSES, default=None, help="only this pose")
    for sub in (importer, lister):
        # As on the command itself, so --data-dir also works after the action's arguments.
        sub.add_argument("--data-dir", type=Path, metavar="PATH", default=argparse.SUPPRESS)
    from backtracker.cli import timelapse_command

    timelapse = timelapse_command.configure(actions)
    timelapse.add_argument("--data-dir", type=Path, metavar="PATH", default=argparse.SUPPRESS)
    from backtracker.cli import align_command

    align_command.configure(actions)
    vault_command.configure(actions)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _run_photos(args: argparse.Namespace) -> int:
    try:
        profile = open_profile(args.data_dir, create=args.photos_action == "import")
    except UserError as error:
        return fail(str(error))
    try:
        if args.photos_action == "import":
            return _import_photos(profile, args)
        if args.photos_action == "timelapse":
            from backtracker.cli import timelapse_command

            return timelapse_command.run(args)
        if args.photos_action == "align":
            from backtracker.cli import align_command

            return align_command.run(args)
        if args.photos_action == "vault":
            from backtracker.cli import vault_command

            return vault_command.run(args)
        return _list_photos(args)
    except UserError as error:
        return fail(str(error))
    finally:
        from backtracker.cli.passphrase import forget_key

        forget_key()
        close_database()


def _import_photos(profile: Profile, args: argparse.Namespace) -> int:
    from backtracker.services import photos  # only this command needs it (and Pillow)

    if not photos.collect_files(args.paths):
        return fail("No JPEG, PNG, WEBP or HEIC/HEIF photos found in the given folders.")
    from backtracker.cli import passphrase

    passphrase.unlock(args)  # the vault's passphrase, when it is on (nothing written yet)
    report = photos.ingest(
        args.paths,
        profile.photos_dir,
        photos.thumbnails_dir(profile.data_dir),
        pose=args.pose,
    )
    print(
        f"Imported {_plural(len(report.imported), 'photo')}, "
        f"{_plural(len(report.duplicates), 'duplicate')}, {len(report.refused)} refused."
    )
    for refusal in report.refused:
        print(f"  refused {refusal.path}: {refusal.reason}")
    if report.alignment:
        from backtracker.cli.align_command import import_lines

        for line in import_lines(report.alignment):
            print(line)
    if report.refused and not report.imported and not report.duplicates:
        return fail(f"Nothing could be imported ({_plural(len(report.refused), 'file')} refused).")
    return EXIT_OK


def _list_photos(args: argparse.Namespace) -> int:
    import json

    from backtracker.services import photos

    found = photos.list_photos(pose=args.pose)
    if args.json:
        from backtracker.services.photo_alignment import alignments

        aligned = alignments(info.id for info in found)
        rows = [
            {
                "id": info.id,
                "path": str(info.path),
                "taken_at": info.taken_at.isoformat(),
                "pose": info.pose,
                "width": info.width,
                "height": info.height,
                "original_name": info.original_name,
                "date_source": info.date_source,
                "notes": info.notes,
                "sha256": info.sha256,
                "align": aligned[info.id].as_json() if info.id in aligned else None,
            }
            for info in found
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not found:
        print("No photos yet.")
    for info in found:
        when = info.taken_at.isoformat(sep=" ", timespec="minutes")
        size = f"{info.width}×{info.height}"
        print(f"{info.id:>5}  {when}  {info.pose:<5}  {size:>11}  {info.original_name}")
    return EXIT_OK


def _run_photos_locked(args: argparse.Namespace) -> int:
    """`photos import`, `photos align` and the `photos vault` actions that change it write:
    they hold the profile lock. Passphrase files are read first: a wrong one changes
    nothing."""
    from backtracker.cli import passphrase, vault_command

    try:
        passphrase.read_given_files(args)
    except UserError as error:
        return fail(str(error))
    if args.photos_action == "import":
        return _writes(_run_photos, "photos import")(args)
    if args.photos_action == "align" or vault_command.writes(args):
        try:  # they never create a profile, not even for the lock
            existing_profile(args.data_dir or default_data_dir())
        except UserError as error:
            return fail(str(error))
        return _writes(_run_photos, f"photos {args.photos_action}")(args)
    return _run_photos(args)


PHOTOS = Command(
    name="photos",
    help="import progress photos, list them, line them up (align), animate them (timelapse) "
    "or encrypt them (vault)",
    configure=_configure_photos,
    run=_run_photos_locked,
)


EXPORT_FORMATS = {
    "csv": "BackTracker CSV",
    "strong": "Strong-compatible CSV",
    "body": "body measurements CSV",
}


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the CSV file to write")
    parser.add_argument(
        "--format",
        choices=tuple(EXPORT_FORMATS),
        default="csv",
        help="csv: BackTracker's documented CSV (default); strong: Strong's iOS CSV, which "
        "Hevy can import (weights in kg); body: bodyweight and body measurements "
        "(date,metric,value,unit,notes in kg, cm and %%)",
    )


def _run_export(args: argparse.Namespace) -> int:
    from backtracker.services import export  # only this command needs it

    try:
        open_profile(args.data_dir, create=False)
    except UserError as error:
        return fail(str(error))
    try:
        if args.format == "body":
            from backtracker.services.body_export import export_measurements_csv

            rows = export_measurements_csv(args.file)
        else:
            write = export.export_strong_csv if args.format == "strong" else export.export_csv
            rows = write(args.file)
    except UserError as error:
        return fail(str(error))
    finally:
        close_database()
    kind = EXPORT_FORMATS[args.format]
    what = _plural(rows, "entry", "entries") if args.format == "body" else _plural(rows, "set")
    print(f"Exported {what} to {args.file.absolute()} ({kind}).")
    return EXIT_OK


EXPORT = Command(
    name="export",
    help="write every completed set (or, with --format body, the body log) to a CSV file",
    configure=_configure_export,
    run=_run_export,
)


def _configure_archive(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the backup archive (.zip)")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _run_backup(args: argparse.Namespace) -> int:
    from backtracker.services import backup  # only this command needs it

    data_dir = (args.data_dir or default_data_dir()).expanduser().absolute()
    try:
        written = backup.create_backup(args.file, data_dir=data_dir)
        manifest = backup.verify_backup(written)
    except UserError as error:
        return fail(str(error))
    print(
        f"Backed up the database and {_plural(manifest.photo_count, 'photo')} from {data_dir} "
        f"to {written} ({_megabytes(written.stat().st_size)}, checked)."
    )
    return EXIT_OK


BACKUP = Command(
    name="backup",
    help="write the database and photos to one archive (safe while the app runs)",
    configure=_configure_archive,
    run=_run_backup,
)


def _configure_restore(parser: argparse.ArgumentParser) -> None:
    _configure_archive(parser)
    _add_wait(parser)


def _run_restore(args: argparse.Namespace) -> int:
    from backtracker.services import backup  # only this command needs it

    try:
        profile = prepare_profile(args.data_dir or default_data_dir())
        close_database()  # restoring needs the database closed; this command never opens it
        manifest = backup.read_manifest(args.file)
        safety = backup.restore_backup(args.file, data_dir=profile.data_dir)
    except UserError as error:
        return fail(str(error))
    made = manifest.created_at.isoformat(sep=" ", timespec="minutes")
    print(
        f"Restored the database and {_plural(manifest.photo_count, 'photo')} from "
        f"{args.file.absolute()} (made {made} by BackTracker {manifest.app_version}) into "
        f"{profile.data_dir}. What was there before is kept in {safety}."
    )
    from backtracker.cli.vault_command import restore_note

    for line in restore_note(profile.database_path):
        print(line)
    return EXIT_OK


RESTORE = Command(
    name="restore",
    help="replace the profile with a backup archive (the current data is kept aside); "
    "close BackTracker first",
    configure=_configure_restore,
    run=_writes(_run_restore, "restore"),
)


def builtin_commands() -> tuple[Command, ...]:
    from backtracker.cli.import_command import IMPORT
    from backtracker.cli.report_command import REPORT

    return (DEMO, STATS, REPORT, PHOTOS, IMPORT, EXPORT, BACKUP, RESTORE)
