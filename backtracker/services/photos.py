"""Progress photos: ingest, the gallery's edits, compare numbers and export (no Qt).

Originals are only ever read. Each accepted photo gets a managed copy in the profile's
photos/ folder, named by the SHA-256 of the original bytes, with its image data kept as it
was where the format allows (a JPEG's compressed data byte for byte) and stripped of GPS,
device and every other private metadata (at most DateTimeOriginal and a JPEG's Orientation
stay; `photo_files.open_upright` applies the latter wherever a photo is shown or exported);
`photo_files` does the work on the files. Each photo is one transaction, and its files are
written before its row, so a failure leaves neither a half-written file nor a broken row.
Thumbnails are a disposable cache in thumbs_dir, made from a reduced decode.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import stat
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import peewee
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from backtracker.domain import clock
from backtracker.domain.errors import UserError, ValidationError, os_reason
from backtracker.domain.photos import Alignment, DateSource, PhotoInfo, Pose, percent_change_text
from backtracker.domain.strength import Formula
from backtracker.domain.units import Unit, format_number, from_kg
from backtracker.services import photo_compose, photo_files, photo_vault
from backtracker.services.photo_files import DECODE_ERRORS, RefusedError
from backtracker.services.photo_landmarks import Placement
from backtracker.storage import body as body_store
from backtracker.storage import photos as store

if TYPE_CHECKING:
    from backtracker.services.photo_alignment import PoseReport

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif")
HEIF_SUFFIXES = (".heic", ".heif")
MAX_PIXELS = photo_files.MAX_PIXELS  # decompression-bomb limit
THUMB_SIZE = photo_files.THUMB_SIZE  # longest edge of a cached thumbnail (JPEG, quality 85)
EXPORT_QUALITY = 92
EXPORT_MAX_HEIGHT = 1600
EXPORT_BACKGROUND = (24, 24, 24)
THUMBNAILS_DIR_NAME = "thumbnails"  # in the profile's data folder
MAX_NOTES = 2000
MAX_FILE_BYTES = 500_000_000  # read whole into memory; no photo comes near
MAIN_LIFTS = 3
STRENGTH_WINDOW_DAYS = 28


@dataclass(frozen=True)
class Refusal:
    path: Path
    reason: str


@dataclass
class IngestReport:
    imported: list[PhotoInfo] = field(default_factory=list)
    duplicates: list[Path] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    cancelled: bool = False
    # The imported photos' poses lined up afterwards (services/photo_alignment.PoseReport).
    alignment: list[PoseReport] = field(default_factory=list)


class PhotoNotFoundError(UserError):
    def __init__(self, photo_id: int) -> None:
        super().__init__(f"Photo {photo_id} is no longer in the gallery.")


def thumbnails_dir(data_dir: Path) -> Path:
    """Where a profile's thumbnail cache lives (also `Profile.thumbnails_dir`)."""
    return data_dir / THUMBNAILS_DIR_NAME


# --- collecting files -----------------------------------------------------------------------


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, plus the photos found in folders (recursively, hidden ones skipped),
    sorted and without repeats."""
    found: set[Path] = set()
    for path in map(Path, paths):
        if not path.is_dir():
            found.add(path)
            continue
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            found.update(
                Path(folder, name)
                for name in names
                if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES
            )
    return sorted(found)


# --- ingest ---------------------------------------------------------------------------------


def ingest(
    paths: Iterable[Path],
    photos_dir: Path,
    thumbs_dir: Path,
    *,
    pose: str = "back",
    progress: Callable[[int, int, Path], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    align: bool = True,
) -> IngestReport:
    """Import photos one by one; a bad file is refused with its reason and the batch goes on.

    `progress(done, total, current)` is called after each file; `cancelled()` is asked
    before each file, and a true answer stops the batch there (report.cancelled is set).
    With `align`, the imported photos are then lined up with their pose's reference
    (services/photo_alignment.py; a few hundred ms a photo, `cancelled()` asked before each).
    """
    pose = _valid_pose(pose)
    files = collect_files(paths)
    key = photo_vault.write_key()  # VaultLockedError before anything when locked
    for folder in (photos_dir, thumbs_dir):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    photo_files.remove_stale_temp_files(photos_dir, thumbs_dir)
    report = IngestReport()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="photo-writer") as writer:
        for done, path in enumerate(files, start=1):
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            try:
                info = _ingest_one(path, photos_dir, thumbs_dir, pose, writer, key=key)
            except RefusedError as refusal:
                report.refused.append(Refusal(path, str(refusal)))
            else:
                if info is None:
                    report.duplicates.append(path)
                else:
                    report.imported.append(info)
            if progress is not None:
                progress(done, len(files), path)
    if align and report.imported:
        report.alignment = _align_imported(report.imported, cancelled)
    return report


def _align_imported(
    imported: list[PhotoInfo], cancelled: Callable[[], bool] | None
) -> list[PoseReport]:
    """Line the new photos up with their pose's reference; the import stands either way."""
    from backtracker.services import photo_alignment  # numpy only when there is work

    try:
        return photo_alignment.align_imported([info.id for info in imported], cancelled=cancelled)
    except (UserError, peewee.DatabaseError):
        log.exception("Aligning the imported photos failed; they stay unaligned")
        return []


def _ingest_one(
    path: Path,
    photos_dir: Path,
    thumbs_dir: Path,
    pose: str,
    writer: ThreadPoolExecutor,
    *,
    key: bytes | None,
) -> PhotoInfo | None:
    """The stored photo, or None for a duplicate; sealed with `key` when the vault is on.
    Raises RefusedError."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise RefusedError(
            f"unsupported type {suffix}" if suffix else "unsupported type (no suffix)"
        )
    try:
        found = path.stat()
        if stat.S_ISDIR(found.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(found.st_mode):  # reading a pipe or a device would never end
            raise RefusedError("not a regular file")
        if found.st_size > MAX_FILE_BYTES:
            raise RefusedError(f"too large ({found.st_size / 1e6:.0f} MB; the limit is 500 MB)")
        modified = found.st_mtime
        data = path.read_bytes()
    except FileNotFoundError:
        raise RefusedError("file not found") from None
    except IsADirectoryError:
        raise RefusedError("a folder, not a file") from None
    except OSError as error:
        raise RefusedError(f"cannot be read: {os_reason(error)}") from None
    if not data:
        raise RefusedError("empty file")
    sha256 = hashlib.sha256(data).hexdigest()
    if store.has_sha256(sha256):
        return None
    prepared = photo_files.prepare_photo(
        data,
        heif=suffix in HEIF_SUFFIXES or photo_files.looks_like_heif(data),
        max_pixels=MAX_PIXELS,
    )
    if prepared.taken_at is not None:
        taken_at, source = prepared.taken_at, DateSource.EXIF
    else:
        taken_at = dt.datetime.fromtimestamp(modified).replace(microsecond=0)
        source = DateSource.FILE
    file_name = sha256 + prepared.suffix
    copy_path, thumb_path = photos_dir / file_name, thumbs_dir / f"{sha256}.jpg"
    try:
        # The copy is written and synced while the thumbnail is decoded (both release the
        # GIL); that decode is also what proves a kept JPEG's image data complete.
        copy = photo_vault.seal_for(copy_path, prepared.copy, key)
        writing = writer.submit(photo_files.write_temp, copy_path, copy, durable=True)
        try:
            thumbnail = prepared.thumbnail()
        except BaseException:
            photo_files.discard_temp(writing)
            raise
        photo_files.commit_temp(writing.result(), copy_path, durable=True)
        try:
            sealed_thumbnail = photo_vault.seal_for(thumb_path, thumbnail, key)
            photo_files.write_atomically(thumb_path, sealed_thumbnail, durable=False)
            photo_id = store.insert_photo(
                sha256=sha256,
                file_name=file_name,
                original_name=path.name,
                taken_at=taken_at,
                date_source=source.value,
                pose=pose,
                width=prepared.width,
                height=prepared.height,
            )
        except peewee.IntegrityError:
            if store.has_sha256(sha256):  # another process stored the same photo just now
                return None
            photo_files.remove_quietly(copy_path, thumb_path)
            raise
        except BaseException:
            photo_files.remove_quietly(copy_path, thumb_path)
            raise
    except OSError as error:
        raise RefusedError(f"could not be stored: {os_reason(error)}") from None
    except peewee.DatabaseError as error:
        log.exception("Storing photo %s failed", path)
        raise RefusedError(f"could not be stored in the database: {error}") from None
    row = store.photo_row(photo_id)
    if row is None:  # deleted by someone else already
        raise RefusedError("was removed while being imported")
    return _info(row, photos_dir)


# --- the gallery ----------------------------------------------------------------------------


def _info(row: store.PhotoRow, photos_dir: Path) -> PhotoInfo:
    return PhotoInfo(
        id=row.id,
        sha256=row.sha256,
        path=photos_dir / row.file_name,
        original_name=row.original_name,
        taken_at=row.taken_at,
        date_source=row.date_source,
        pose=row.pose,
        notes=row.notes,
        width=row.width,
        height=row.height,
        align_dx=row.align_dx,
        align_dy=row.align_dy,
        align_scale=row.align_scale,
    )


def list_photos(*, pose: str | None = None) -> list[PhotoInfo]:
    """Oldest first."""
    photos_dir = store.current_photos_dir()
    return [_info(row, photos_dir) for row in store.photo_rows(pose=pose)]


def get_photo(photo_id: int) -> PhotoInfo:
    row = store.photo_row(photo_id)
    if row is None:
        raise PhotoNotFoundError(photo_id)
    return _info(row, store.current_photos_dir())


def _valid_pose(pose: str) -> str:
    try:
        return Pose(pose).value
    except ValueError:
        raise ValidationError({"pose": "Choose back, front, side or other."}) from None


def update_photo(
    photo_id: int,
    *,
    pose: str | None = None,
    taken_at: dt.datetime | None = None,
    notes: str | None = None,
) -> PhotoInfo:
    """Change what is given; a new date is marked as the person's. ValidationError names
    each bad field, and then nothing changes."""
    fields: dict[str, object] = {}
    problems: dict[str, str] = {}
    if pose is not None:
        try:
            fields["pose"] = _valid_pose(pose)
        except ValidationError as error:
            problems.update(error.problems)
    if taken_at is not None:
        if taken_at.tzinfo is not None:
            taken_at = taken_at.astimezone().replace(tzinfo=None)
        taken_at = taken_at.replace(microsecond=0)
        if taken_at.year < 1900:
            problems["taken_at"] = "Choose a date after 1900."
        elif taken_at > clock.now() + dt.timedelta(days=1):
            problems["taken_at"] = "The date cannot be in the future."
        else:
            fields["taken_at"], fields["date_source"] = taken_at, DateSource.USER.value
    if notes is not None:
        notes = notes.strip()
        if len(notes) > MAX_NOTES:
            problems["notes"] = f"Notes can be at most {MAX_NOTES:,} characters."
        fields["notes"] = notes
    if problems:
        raise ValidationError(problems)
    if not store.update_photo(photo_id, **fields):
        raise PhotoNotFoundError(photo_id)
    return get_photo(photo_id)


def set_alignment(photo_id: int, alignment: Alignment) -> None:
    found = store.update_photo(
        photo_id, align_dx=alignment.dx, align_dy=alignment.dy, align_scale=alignment.scale
    )
    if not found:
        raise PhotoNotFoundError(photo_id)


def delete_photo(photo_id: int, photos_dir: Path, thumbs_dir: Path) -> None:
    """The row first (so the gallery never shows a missing file), then the copy and the
    thumbnail."""
    row = store.photo_row(photo_id)
    if row is None or not store.delete_photo(photo_id):
        raise PhotoNotFoundError(photo_id)
    copy = photos_dir / row.file_name
    try:
        copy.unlink(missing_ok=True)
        (thumbs_dir / f"{row.sha256}.jpg").unlink(missing_ok=True)
    except OSError as error:
        raise UserError(
            f"The photo was removed from the gallery, but its file {copy} could not be "
            f"deleted: {os_reason(error)}."
        ) from error


def thumbnail_path(info: PhotoInfo, thumbs_dir: Path) -> Path:
    """The cached thumbnail, made from a reduced decode of the managed copy if missing."""
    target = thumbs_dir / f"{info.sha256}.jpg"
    if target.exists():
        return target
    try:
        data = photo_files.thumbnail_of_file(info.path)
        sealed = photo_vault.seal_for(target, data, photo_vault.write_key())
        thumbs_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        photo_files.write_atomically(target, sealed, durable=False)
    except FileNotFoundError as error:
        raise UserError(f"The photo file {info.path} is missing.") from error
    except (UnidentifiedImageError, *DECODE_ERRORS) as error:
        raise UserError(f"The photo file {info.path} cannot be read: {error}") from error
    return target


def orphan_check(
    photos_dir: Path, rows: dict[str, int] | None = None
) -> tuple[list[Path], list[int]]:
    """Files in photos_dir that no row names, and ids of rows whose file is gone.

    `rows` (file name to id, as `storage.photos.file_names` gives) saves the query when the
    caller has them already. Temp files of a write in progress (or of one a crash cut short)
    are not orphans."""
    rows = store.file_names() if rows is None else rows
    files = (
        sorted(
            p
            for p in photos_dir.iterdir()
            if p.is_file() and p.name not in rows and not photo_files.is_temp_file(p)
        )
        if photos_dir.is_dir()
        else []
    )
    missing = sorted(i for name, i in rows.items() if not (photos_dir / name).is_file())
    return files, missing


# --- compare mode ---------------------------------------------------------------------------


def bodyweight_on(day: dt.date) -> float | None:
    """The day's bodyweight in kg (the nearest earlier entry, else the first one)."""
    return body_store.bodyweight_on(day)


def strength_change(first: dt.date, last: dt.date, *, formula: str, unit: str) -> list[str]:
    """E.g. "Dumbbell Row e1RM 32.5 → 38.4 kg (+18 %)" for the main lifts: the most-logged
    exercises (up to three) with an estimated 1RM in the 28 days up to both dates, read in
    one query over the two windows (compare mode runs it off the GUI thread)."""
    unit_ = Unit(unit)
    changes = store.strength_changes(
        first,
        last,
        formula=Formula(formula).value,
        window_days=STRENGTH_WINDOW_DAYS,
        limit=MAIN_LIFTS,
    )
    lines: list[str] = []
    for change in changes:
        before, after = change.before_kg, change.after_kg
        shown = [format_number(from_kg(kg, unit_), 1) for kg in (before, after)]
        percent = percent_change_text(before, after)
        lines.append(f"{change.name} e1RM {shown[0]} → {shown[1]} {unit_.value} ({percent})")
    return lines


def export_comparison(
    left: PhotoInfo,
    right: PhotoInfo,
    target: Path,
    *,
    caption_left: str,
    caption_right: str,
    placements: tuple[Placement | None, Placement | None] = (None, None),
) -> Path:
    """Both photos side by side in equal panels (with their saved alignment), a caption under
    each; written atomically as JPEG (PNG for a .png target) with no metadata at all. A photo
    with a usable placement is shown in its pose's reference frame, as compare mode shows it
    aligned."""
    shapes = [
        photo_compose.shown_shape(info, placement)
        for info, placement in zip((left, right), placements, strict=True)
    ]
    height = min(EXPORT_MAX_HEIGHT, max(left.height, right.height))
    aspect = max(w / h for w, h in shapes)
    panel = (round(height * aspect), height)
    band, gap = max(36, height // 14), max(4, height // 200)
    canvas = Image.new("RGB", (2 * panel[0] + gap, height + band), EXPORT_BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=round(band * 0.5))
    sides = ((left, caption_left, placements[0]), (right, caption_right, placements[1]))
    for index, (info, caption, placement) in enumerate(sides):
        x = index * (panel[0] + gap)
        if placement is not None and placement.usable:
            shown = photo_compose.aligned_panel(info, placement, panel, EXPORT_BACKGROUND)
        else:
            shown = _panel(info, panel)
        canvas.paste(shown, (x, 0))
        draw.text(
            (x + panel[0] / 2, height + band / 2),
            caption,
            fill=(235, 235, 235),
            font=font,
            anchor="mm",
        )
    buffer = io.BytesIO()
    if target.suffix.lower() == ".png":
        canvas.save(buffer, "PNG")
    else:
        canvas.save(buffer, "JPEG", quality=EXPORT_QUALITY)
    try:
        photo_files.write_atomically(target, buffer.getvalue(), durable=True)
    except OSError as error:
        raise UserError(f"Could not save {target}: {os_reason(error)}.") from error
    return target


def _panel(info: PhotoInfo, size: tuple[int, int]) -> Image.Image:
    """The photo fitted into `size`, then scaled by its alignment about the centre and
    moved by (dx, dy) × the panel width; what falls outside is cut off."""
    width, height = size
    scale = min(width / info.width, height / info.height) * info.align_scale
    shown = (max(1, round(info.width * scale)), max(1, round(info.height * scale)))
    try:
        photo = photo_files.load_fitted(info.path, shown)
    except FileNotFoundError as error:
        raise UserError(f"The photo file {info.path} is missing.") from error
    except (UnidentifiedImageError, *DECODE_ERRORS) as error:
        raise UserError(f"The photo file {info.path} cannot be read: {error}") from error
    panel = Image.new("RGB", size, EXPORT_BACKGROUND)
    x = round((width - shown[0]) / 2 + info.align_dx * width)
    y = round((height - shown[1]) / 2 + info.align_dy * width)
    panel.paste(photo, (x, y))
    return panel
