"""Photo rows: the managed copies' facts, looked up by id or by the hash of the original."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from backtracker.domain.photo_align import MANUAL
from backtracker.storage.models import Photo, db
from backtracker.storage.profile import Profile
from backtracker.storage.settings import get_setting, set_setting


@dataclass(frozen=True)
class PhotoRow:
    id: int
    sha256: str
    file_name: str  # relative to the profile's photos/ folder
    original_name: str
    taken_at: dt.datetime
    date_source: str
    pose: str
    notes: str
    width: int
    height: int
    align_dx: float
    align_dy: float
    align_scale: float


_COLUMNS = (
    Photo.id,
    Photo.sha256,
    Photo.file_name,
    Photo.original_name,
    Photo.taken_at,
    Photo.date_source,
    Photo.pose,
    Photo.notes,
    Photo.width,
    Photo.height,
    Photo.align_dx,
    Photo.align_dy,
    Photo.align_scale,
)


def _row(values: tuple) -> PhotoRow:
    row = PhotoRow(*values)
    if isinstance(row.taken_at, dt.datetime):
        return row
    return dataclasses.replace(row, taken_at=dt.datetime.fromisoformat(str(row.taken_at)))


def current_photos_dir() -> Path:
    """The photos/ folder of the profile whose database is open (it sits beside it)."""
    return Profile(Path(db.database).absolute().parent).photos_dir


def has_sha256(sha256: str) -> bool:
    return Photo.select(Photo.id).where(Photo.sha256 == sha256).exists()


def insert_photo(
    *,
    sha256: str,
    file_name: str,
    original_name: str,
    taken_at: dt.datetime,
    date_source: str,
    pose: str,
    width: int,
    height: int,
) -> int:
    """Add a row in its own transaction; returns its id."""
    with db.atomic():
        return Photo.insert(
            sha256=sha256,
            file_name=file_name,
            original_name=original_name,
            taken_at=taken_at,
            date_source=date_source,
            pose=pose,
            width=width,
            height=height,
        ).execute()


def photo_rows(*, pose: str | None = None) -> list[PhotoRow]:
    """Oldest first (by date, then by id)."""
    query = Photo.select(*_COLUMNS).order_by(Photo.taken_at, Photo.id)
    if pose is not None:
        query = query.where(Photo.pose == pose)
    return [_row(values) for values in query.tuples()]


def photo_row(photo_id: int) -> PhotoRow | None:
    values = Photo.select(*_COLUMNS).where(Photo.id == photo_id).tuples().first()
    return None if values is None else _row(values)


def update_photo(photo_id: int, **fields: object) -> bool:
    """Set the given columns (pose, taken_at, date_source, notes, align_*); False when the
    photo does not exist."""
    if not fields:
        return Photo.select().where(Photo.id == photo_id).exists()
    columns = {getattr(Photo, name): value for name, value in fields.items()}
    with db.atomic():
        return Photo.update(columns).where(Photo.id == photo_id).execute() > 0


def delete_photo(photo_id: int) -> bool:
    with db.atomic():
        return Photo.delete().where(Photo.id == photo_id).execute() > 0


def file_names() -> dict[str, int]:
    """Every row's file name and id."""
    return dict(Photo.select(Photo.file_name, Photo.id).tuples())


# --- registration to the pose's reference (see domain/photo_align.py) ------------------------

REFERENCES_SETTING = "photo_references"  # {pose: photo id} the person picked


@dataclass(frozen=True)
class AlignmentRow:
    """What automatic alignment needs of one photo, and its stored registration (all the
    aligned_* values None when it has none)."""

    id: int
    pose: str
    file_name: str
    width: int
    height: int
    landmarks_json: str | None
    aligned_to: int | None
    dx: float | None
    dy: float | None
    scale: float | None
    rotation_deg: float | None
    confidence: float | None
    method: str | None

    @property
    def complete(self) -> bool:
        values = (self.aligned_to, self.dx, self.dy, self.scale, self.rotation_deg)
        return all(value is not None for value in values) and self.confidence is not None


_ALIGNMENT_COLUMNS = (
    Photo.id,
    Photo.pose,
    Photo.file_name,
    Photo.width,
    Photo.height,
    Photo.landmarks_json,
    Photo.aligned_to,
    Photo.aligned_dx,
    Photo.aligned_dy,
    Photo.aligned_scale,
    Photo.aligned_rotation_deg,
    Photo.aligned_confidence,
    Photo.aligned_method,
)


def alignment_rows(*, pose: str | None = None, ids: list[int] | None = None) -> list[AlignmentRow]:
    """Oldest first (by date, then by id); only the pose's, or only the given ids."""
    query = Photo.select(*_ALIGNMENT_COLUMNS).order_by(Photo.taken_at, Photo.id)
    if pose is not None:
        query = query.where(Photo.pose == pose)
    if ids is not None:
        query = query.where(Photo.id.in_(ids))
    return [AlignmentRow(*values) for values in query.tuples()]


def picked_references() -> dict[str, int]:
    """The reference photo the person picked for each pose (may name deleted photos)."""
    raw = get_setting(REFERENCES_SETTING, {})
    if not isinstance(raw, dict):
        return {}
    return {str(pose): value for pose, value in raw.items() if isinstance(value, int)}


def pick_reference(pose: str, photo_id: int | None) -> None:
    """Remember (or, with None, forget) the person's reference photo for the pose."""
    picked = picked_references()
    if photo_id is None:
        picked.pop(pose, None)
    else:
        picked[pose] = photo_id
    set_setting(REFERENCES_SETTING, picked)


def reference_photo_id(pose: str) -> int | None:
    """The pose's reference: the photo the person picked while it is still of this pose,
    else the pose's first photo by date (then by id); None when the pose has no photos."""
    picked = picked_references().get(pose)
    if picked is not None:
        still = Photo.select(Photo.id).where((Photo.id == picked) & (Photo.pose == pose))
        if still.exists():
            return picked
    return (
        Photo.select(Photo.id).where(Photo.pose == pose).order_by(Photo.taken_at, Photo.id).scalar()
    )


def store_registration(
    photo_id: int,
    *,
    reference_id: int,
    dx: float,
    dy: float,
    scale: float,
    rotation_deg: float,
    confidence: float,
    method: str,
    over_manual: bool = False,
) -> bool:
    """Store a photo's registration; unless `over_manual`, a manual one ("manual") is left
    as it is (the check and the write are one statement). True when the row was written."""
    query = Photo.update(
        {
            Photo.aligned_to: reference_id,
            Photo.aligned_dx: dx,
            Photo.aligned_dy: dy,
            Photo.aligned_scale: scale,
            Photo.aligned_rotation_deg: rotation_deg,
            Photo.aligned_confidence: confidence,
            Photo.aligned_method: method,
        }
    ).where(Photo.id == photo_id)
    if not over_manual:
        query = query.where(Photo.aligned_method.is_null() | (Photo.aligned_method != MANUAL))
    with db.atomic():
        return query.execute() > 0
