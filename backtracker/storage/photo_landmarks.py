"""Photo rows as manual alignment sees them: the clicked landmarks, the stored registration
to the pose's reference (see domain/photo_align.py for what the numbers mean)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backtracker.storage.models import Photo, db


@dataclass(frozen=True)
class LandmarkRow:
    """What manual alignment needs of one photo."""

    id: int
    pose: str
    width: int
    height: int
    landmarks_json: str | None
    aligned_to: int | None
    aligned_method: str | None


@dataclass(frozen=True)
class RegistrationRow:
    """A photo's complete stored registration to photo `reference_id`."""

    photo_id: int
    reference_id: int
    dx: float
    dy: float
    scale: float
    rotation_deg: float
    confidence: float
    method: str


_COLUMNS = (
    Photo.id,
    Photo.pose,
    Photo.width,
    Photo.height,
    Photo.landmarks_json,
    Photo.aligned_to,
    Photo.aligned_method,
)


def landmark_row(photo_id: int) -> LandmarkRow | None:
    values = Photo.select(*_COLUMNS).where(Photo.id == photo_id).tuples().first()
    return None if values is None else LandmarkRow(*values)


def landmark_rows(pose: str) -> list[LandmarkRow]:
    """Every photo of the pose, oldest first (by date, then by id)."""
    query = Photo.select(*_COLUMNS).where(Photo.pose == pose).order_by(Photo.taken_at, Photo.id)
    return [LandmarkRow(*values) for values in query.tuples()]


def registrations(photo_ids: Iterable[int]) -> dict[int, RegistrationRow]:
    """The stored registration of each given photo that has a complete one."""
    ids = list(photo_ids)
    if not ids:
        return {}
    query = Photo.select(
        Photo.id,
        Photo.aligned_to,
        Photo.aligned_dx,
        Photo.aligned_dy,
        Photo.aligned_scale,
        Photo.aligned_rotation_deg,
        Photo.aligned_confidence,
        Photo.aligned_method,
    ).where(Photo.id.in_(ids) & Photo.aligned_to.is_null(False))
    found: dict[int, RegistrationRow] = {}
    for values in query.tuples():
        if any(value is None for value in values[1:7]):
            continue  # incomplete: treated as not aligned
        photo_id, reference, dx, dy, scale, rotation, confidence, method = values
        found[photo_id] = RegistrationRow(
            photo_id, reference, dx, dy, scale, rotation, confidence, method or ""
        )
    return found


@dataclass(frozen=True)
class Write:
    """One photo's new landmarks and registration; `registration` None clears aligned_*,
    `keep_registration` leaves it as it is."""

    photo_id: int
    landmarks_json: str | None
    registration: RegistrationRow | None = None
    keep_registration: bool = False
    keep_landmarks: bool = False


def apply(writes: Iterable[Write]) -> bool:
    """All the writes in one transaction; False (and nothing written) when a photo is gone."""
    with db.atomic() as transaction:
        for write in writes:
            fields: dict = {}
            if not write.keep_landmarks:
                fields[Photo.landmarks_json] = write.landmarks_json
            if not write.keep_registration:
                reg = write.registration
                fields.update(
                    {
                        Photo.aligned_to: reg.reference_id if reg else None,
                        Photo.aligned_dx: reg.dx if reg else None,
                        Photo.aligned_dy: reg.dy if reg else None,
                        Photo.aligned_scale: reg.scale if reg else None,
                        Photo.aligned_rotation_deg: reg.rotation_deg if reg else None,
                        Photo.aligned_confidence: reg.confidence if reg else None,
                        Photo.aligned_method: reg.method if reg else None,
                    }
                )
            if not fields:
                continue
            if Photo.update(fields).where(Photo.id == write.photo_id).execute() == 0:
                transaction.rollback()
                return False
    return True
