"""Photo rows: the managed copies' facts, looked up by id or by the hash of the original."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from backtracker.storage.models import Photo, db
from backtracker.storage.profile import Profile


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
