"""`backtracker photos align [--pose POSE] [--reference ID]`: line every photo of a pose (or of
every pose) up with the pose's reference photo, and print what was found.

It writes the registrations, so it holds the profile lock like the other writing commands
(`commands._run_photos_locked`); it never creates a profile. A manual alignment (from
clicked points) is kept. One line per photo, then a summary per pose; the numbers are those
stored (domain/photo_align.py): dx and dy in reference heights, scale, rotation in degrees
(clockwise), the confidence from 0 to 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backtracker.cli.commands import EXIT_OK, POSES, _add_wait, _plural, fail

HELP = "line the photos of a pose up with its reference photo (automatic alignment)"
DESCRIPTION = (
    "Line every photo of a pose up with the pose's reference photo by shift, zoom and a "
    "small rotation, and store the result with a confidence. The reference is the photo "
    "picked with --reference (remembered), else the pose's first photo by date. Manual "
    "alignments (from points set in the app) are kept. Printed per photo: dx and dy in "
    "reference heights, the scale, the rotation in degrees (clockwise) and the confidence "
    "from 0 to 1; below 0.5 the alignment is doubtful and compare mode does not use it."
)


def _photo_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(
            "give a photo's id, a whole number as `backtracker photos list` shows it"
        )
    return value


def configure(actions: argparse._SubParsersAction) -> argparse.ArgumentParser:
    aligner = actions.add_parser("align", help=HELP, description=DESCRIPTION)
    aligner.add_argument(
        "--pose", choices=POSES, default=None, help="only this pose (default: every pose)"
    )
    aligner.add_argument(
        "--reference",
        type=_photo_id,
        default=None,
        metavar="ID",
        help="make this photo its pose's reference first (kept for later alignments)",
    )
    _add_wait(aligner)
    from backtracker.cli.passphrase import add_passphrase_file

    add_passphrase_file(aligner)
    aligner.add_argument("--data-dir", type=Path, metavar="PATH", default=argparse.SUPPRESS)
    return aligner


def run(args: argparse.Namespace) -> int:
    """With the database open (and the profile lock held)."""
    from backtracker.services import photo_alignment, photos
    from backtracker.storage import photos as store

    if args.reference is not None:
        rows = store.alignment_rows(ids=[args.reference])
        if not rows:
            return fail(
                f"There is no photo {args.reference}; `backtracker photos list` shows the ids."
            )
        if args.pose is not None and rows[0].pose != args.pose:
            return fail(
                f"Photo {args.reference} is a {rows[0].pose} photo, not a {args.pose} one; "
                f"pick a {args.pose} photo as the reference, or leave out --pose."
            )
        poses = [rows[0].pose]
    elif args.pose is not None:
        poses = [args.pose]
    else:
        poses = [pose for pose in POSES if photos.list_photos(pose=pose)]
    infos = {info.id: info for pose in poses for info in photos.list_photos(pose=pose)}
    if not infos:
        what = f"{args.pose} photos" if args.pose else "photos"
        return fail(f"There are no {what} to align; import some with `backtracker photos import`.")
    from backtracker.cli import passphrase

    passphrase.unlock(args)  # when the vault is on, before any photo is read
    failed = lined_up = 0  # photos other than the references
    for pose in poses:
        if args.reference is not None:
            report = photo_alignment.set_reference(pose, args.reference)
        else:
            report = photo_alignment.align_pose(pose, redo=True)
        print(f"{pose}: reference photo {report.reference_id}")
        for result in report.results:
            print("  " + _line(result, infos[result.photo_id].taken_at.date().isoformat()))
        print("  " + _summary(report))
        sys.stdout.flush()
        failed += report.count(photo_alignment.Outcome.FAILED)
        lined_up += report.count(photo_alignment.Outcome.ALIGNED)
        lined_up += report.count(photo_alignment.Outcome.MANUAL)
    if failed and not lined_up:
        return fail(f"No photo could be aligned ({_plural(failed, 'photo')} failed).")
    return EXIT_OK


def _line(result, day: str) -> str:
    from backtracker.services.photo_alignment import Outcome

    head = f"{result.photo_id:>5}  {day}  "
    if result.outcome is Outcome.FAILED:
        return head + f"failed: {result.message}"
    if result.outcome is Outcome.REFERENCE:
        return head + "reference (itself: dx 0, dy 0, scale 1, rotation 0°, confidence 1)"
    stored = result.alignment
    if stored is None:
        return head + result.outcome.value
    s = stored.similarity
    numbers = (
        f"dx {s.dx:+.4f}  dy {s.dy:+.4f}  scale {s.scale:.4f}  rotation {s.rotation_deg:+.2f}°  "
        f"confidence {stored.confidence:.2f}"
    )
    label = {Outcome.MANUAL: "manual (kept)", Outcome.UNCHANGED: "unchanged"}.get(
        result.outcome, "doubtful" if stored.doubtful else "aligned"
    )
    note = f"  ({result.message})" if result.message else ""
    return head + f"{label:<13}  {numbers}{note}"


def _summary(report) -> str:
    from backtracker.services.photo_alignment import Outcome

    parts = [f"{_plural(report.count(Outcome.ALIGNED), 'photo')} aligned"]
    if report.doubtful:
        parts[0] += f" ({report.doubtful} doubtful: below 0.5, set points in the app)"
    if report.count(Outcome.MANUAL):
        parts.append(f"{report.count(Outcome.MANUAL)} manual kept")
    parts.append(f"{report.count(Outcome.FAILED)} failed")
    return ", ".join(parts) + "."


def import_lines(reports: list) -> list[str]:
    """What `photos import` says about lining the new photos up (nothing when only a
    reference was set)."""
    from backtracker.services.photo_alignment import Outcome

    lines = []
    for report in reports:
        failed = [r for r in report.results if r.outcome is Outcome.FAILED]
        if not failed and not report.count(Outcome.ALIGNED):
            continue
        lines.append(
            f"Lined up with {report.pose} reference photo {report.reference_id}: "
            + _summary(report)
        )
        lines.extend(f"  not aligned {r.photo_id}: {r.message}" for r in failed)
    return lines
