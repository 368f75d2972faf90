"""What a timelapse reads of each photo beyond its row: its stored registration to the
pose's reference photo (see domain/photo_align.py for what the numbers mean)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backtracker.storage.models import Photo


@dataclass(frozen=True)
class Registration:
    photo_id: int
    reference_id: int
    dx: float
    dy: float
    scale: float
    rotation_deg: float
    confidence: float
    method: str


def registrations(photo_ids: Iterable[int]) -> dict[int, Registration]:
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
    found: dict[int, Registration] = {}
    for values in query.tuples():
        if any(value is None for value in values[1:7]):
            continue  # half-written by an older version: treat as not aligned
        photo_id, reference, dx, dy, scale, rotation, confidence, method = values
        found[photo_id] = Registration(
            photo_id, reference, dx, dy, scale, rotation, confidence, method or ""
        )
    return found
