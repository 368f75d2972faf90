"""`backtracker photos timelapse OUT`: an animation of one pose's photos over a date range.

It only reads the database (like `photos list`), so it runs alongside the app and never
creates a profile. An existing OUT is left alone unless --force is given; the file is
written atomically either way, so a failure never leaves half a file.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from backtracker.cli.commands import EXIT_OK, POSES, fail

HELP = "make an animated WebP or GIF (MP4 with PyAV) of one pose's photos over time"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a date; write it as YYYY-MM-DD, e.g. 2026-03-18"
        ) from None


def _frame_ms(text: str) -> int:
    from backtracker.services.timelapse import MAX_FRAME_MS, MIN_FRAME_MS

    try:
        value = int(text)
    except ValueError:
        value = 0
    if not MIN_FRAME_MS <= value <= MAX_FRAME_MS:
        raise argparse.ArgumentTypeError(
            f"give the milliseconds per frame as a whole number from {MIN_FRAME_MS} to "
            f"{MAX_FRAME_MS}, e.g. --frame-ms 600"
        )
    return value


def _height(text: str) -> int:
    from backtracker.services.timelapse import MAX_HEIGHT, MIN_HEIGHT

    try:
        value = int(text)
    except ValueError:
        value = 0
    if not MIN_HEIGHT <= value <= MAX_HEIGHT:
        raise argparse.ArgumentTypeError(
            f"give the height in pixels as a whole number from {MIN_HEIGHT} to {MAX_HEIGHT}"
        )
    return value


def _caption(text: str) -> str:
    kind, _, exercise = text.partition(":")
    if kind.strip().lower() != "e1rm" or not exercise.strip():
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a caption; write e1rm:EXERCISE, e.g. --caption 'e1rm:Lat Pulldown'"
        )
    return exercise.strip()


def configure(actions: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `timelapse` action to `photos`."""
    from backtracker.services.timelapse import (
        DEFAULT_FRAME_MS,
        DEFAULT_MAX_HEIGHT,
        LAST_FRAME_HOLD,
        WEBP_QUALITY,
    )

    parser = actions.add_parser(
        "timelapse",
        help=HELP,
        description="Write one pose's photos, oldest first, as an animation: each photo "
        "lined up with the pose's reference photo by its stored alignment (photos that "
        "have none, or a doubtful one, are shown whole and counted), a date under each. "
        "The extension of OUT picks the format: .webp (animated, lossy quality "
        f"{WEBP_QUALITY}), .gif (a palette per frame), or .mp4 (H.264, only when the "
        "optional PyAV package is installed). No metadata is written.",
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="the file to write")
    parser.add_argument("--pose", choices=POSES, default="back", help="(default: back)")
    parser.add_argument(
        "--from", dest="start", type=_date, metavar="DATE", help="first day (YYYY-MM-DD)"
    )
    parser.add_argument("--to", dest="end", type=_date, metavar="DATE", help="last day")
    parser.add_argument(
        "--frame-ms",
        type=_frame_ms,
        default=DEFAULT_FRAME_MS,
        metavar="N",
        help=f"milliseconds per frame (default: {DEFAULT_FRAME_MS}); the last frame stays "
        f"{LAST_FRAME_HOLD} times as long",
    )
    parser.add_argument(
        "--caption",
        type=_caption,
        metavar="e1rm:EXERCISE",
        help="also write the exercise's best estimated 1RM up to each photo's day",
    )
    parser.add_argument(
        "--bodyweight",
        action="store_true",
        help="also write the bodyweight on each photo's day (the latest entry within 14 days)",
    )
    parser.add_argument(
        "--height",
        type=_height,
        default=DEFAULT_MAX_HEIGHT,
        metavar="PX",
        help=f"the picture's height at most (default: {DEFAULT_MAX_HEIGHT}; never larger "
        "than the reference photo)",
    )
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    from backtracker.cli.passphrase import add_passphrase_file

    add_passphrase_file(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Make the timelapse; the database is open (read only by this command)."""
    from backtracker.services import preferences
    from backtracker.services import timelapse as service

    out: Path = args.out
    service.output_format(out)  # a wrong extension or a missing encoder: before any work
    if out.is_dir():
        return fail(f"{out} is a folder; give the name of the file to write.")
    if out.exists() and not args.force:
        return fail(f"{out} already exists; pass --force to replace it.")
    from backtracker.cli import passphrase

    passphrase.unlock(args, holds_lock=False)  # when the vault is on; it only reads
    prefs = preferences.load()
    plan = service.plan_timelapse(
        service.TimelapseOptions(
            pose=args.pose,
            start=args.start,
            end=args.end,
            frame_ms=args.frame_ms,
            max_height=args.height,
            e1rm_exercise=args.caption,
            bodyweight=args.bodyweight,
            formula=prefs.formula,
            unit=prefs.unit,
        )
    )
    result = service.write_timelapse(plan, out)
    width, height = result.size
    frames = f"{result.frames} frame{'' if result.frames == 1 else 's'}"
    print(
        f"Wrote {out.absolute()} ({result.format}, {frames} of {width}×{height}, "
        f"{args.frame_ms} ms each, {result.bytes / 1_000_000:.1f} MB)."
    )
    if result.unaligned:
        print(
            f"{result.unaligned} of {result.frames} photos not aligned (no alignment, or a "
            "doubtful one): shown whole, unwarped. `backtracker photos align` aligns them; "
            "a doubtful one can be lined up by hand in compare mode."
        )
    return EXIT_OK
