"""The `report` command: the back coach's week (hard sets per region against the band, the
balance of pulls, stalled exercises, any deload), as text or JSON. Read-only, like `stats`.
"""

from __future__ import annotations

import argparse

from backtracker.cli import Command
from backtracker.cli.commands import EXIT_OK, fail, open_profile
from backtracker.domain.errors import UserError
from backtracker.storage.database import close_database


def _configure_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--week",
        metavar="YYYY-Www",
        default=None,
        help="the ISO week to report, e.g. 2026-W12 (default: this week)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON object instead of a summary"
    )


def _run_report(args: argparse.Namespace) -> int:
    import json

    from backtracker.services import coach  # only this command needs it

    try:
        monday = coach.parse_week(args.week) if args.week is not None else None
    except UserError as error:
        return fail(str(error))
    try:
        open_profile(args.data_dir, create=False)
    except UserError as error:
        return fail(str(error))
    try:
        report = coach.week_report(monday)
    except UserError as error:
        return fail(str(error))
    finally:
        close_database()
    if args.json:
        print(json.dumps(coach.report_json(report), ensure_ascii=False, indent=2))
    else:
        print(coach.report_text(report))
    return EXIT_OK


REPORT = Command(
    name="report",
    help="show the back coach's week: hard sets per back region, pull balance, stalls, deloads",
    configure=_configure_report,
    run=_run_report,
)
