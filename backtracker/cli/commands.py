"""The built-in commands, and `open_profile`, which every command that reads data shares.

`backtracker.cli` imports this module lazily (see `registered_commands`), because this module
needs `Command` from there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from backtracker import APP_NAME
from backtracker.cli import Command
from backtracker.domain.errors import UserError
from backtracker.storage import routines
from backtracker.storage.database import close_database, open_database
from backtracker.storage.profile import Profile, default_data_dir, prepare_profile
from backtracker.storage.seeding import seed_catalogue

EXIT_OK = 0
EXIT_USER_ERROR = 2


def open_profile(data_dir: Path | None) -> Profile:
    """Prepare the data folder and open its database with the catalogue and routines seeded.

    Raises UserError as is (a folder that can't be used, a database from a newer version).
    The caller closes the database with `close_database()`.
    """
    profile = prepare_profile(data_dir or default_data_dir())
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
        report = demo.fill_demo_profile(today=dt.date.today(), weeks=args.weeks, seed=args.seed)
    except UserError as error:
        return fail(str(error))
    finally:
        close_database()
    print(
        f"Demo profile in {profile.data_dir}: {report.workouts} workouts, {report.sets} sets, "
        f"{report.bodyweights} bodyweight entries, from {report.first} to {report.last}."
    )
    return EXIT_OK


DEMO = Command(
    name="demo",
    help="fill an empty profile with a realistic year of back training",
    configure=_configure_demo,
    run=_run_demo,
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
        open_profile(args.data_dir)
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
    help="show an exercise's records and estimated 1RM per day (kg)",
    configure=_configure_stats,
    run=_run_stats,
)

BUILTIN_COMMANDS: tuple[Command, ...] = (DEMO, STATS)
