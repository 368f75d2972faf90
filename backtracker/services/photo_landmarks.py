"""Manual alignment in three points: the top of the head and the two shoulders.

The person clicks the same three points on each photo of a pose. When a photo and its
pose's reference photo both have them, the similarity that puts the photo's points onto the
reference's is stored as the photo's registration (`Photo.aligned_*`) with the method
"manual" and confidence 1; it overrides an automatic one, which never overwrites it.
When the reference's points change, every manual alignment of the pose is worked out again.
Clearing a photo's points clears its manual alignment, and the photo is then aligned
automatically (services/photo_alignment; this reads the photo's pixels, so in the app it
runs off the GUI thread). The reference's own row is the identity, with the method
"manual" when it has points and the automatic method's name when not, as photo_alignment
stores it.

The compare view reads `placements`: each photo's registration, or none when it has no
usable one (never aligned, aligned to another reference, or confidence below
LOW_CONFIDENCE).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backtracker.domain.errors import UserError
from backtracker.domain.photo_align import (
    IDENTITY,
    LOW_CONFIDENCE,
    MANUAL,
    Landmarks,
    Similarity,
    from_landmarks,
)
from backtracker.services import photo_alignment
from backtracker.storage import photo_landmarks as store
from backtracker.storage import photos as photo_store
from backtracker.storage.photo_landmarks import LandmarkRow, RegistrationRow, Write


class PhotoGoneError(UserError):
    def __init__(self, photo_id: int) -> None:
        super().__init__(f"Photo {photo_id} is no longer in the gallery.")


@dataclass(frozen=True)
class Placement:
    """How to show one photo in its pose's reference frame."""

    photo_id: int
    reference_id: int
    reference_size: tuple[int, int]  # the reference photo's upright width, height
    similarity: Similarity  # photo → reference, in height units about the centre
    confidence: float
    method: str

    @property
    def usable(self) -> bool:
        return self.confidence >= LOW_CONFIDENCE


@dataclass(frozen=True)
class LandmarksSaved:
    """What saving a photo's points did."""

    photo_id: int
    reference_id: int | None
    aligned: bool  # the photo now has a manual alignment (or is the reference)
    realigned: int = 0  # other photos whose manual alignment was worked out again
    automatic: int = 0  # photos aligned automatically again after points were cleared


# -- the reference ---------------------------------------------------------------------------


def reference_id(pose: str) -> int | None:
    """The pose's reference photo: the one the person picked (the `photo_references`
    setting, see services/photo_alignment.py), else its first photo by date (then by id)."""
    return photo_store.reference_photo_id(pose)


# -- reading ---------------------------------------------------------------------------------


def landmarks(photo_id: int) -> Landmarks | None:
    row = store.landmark_row(photo_id)
    if row is None:
        raise PhotoGoneError(photo_id)
    return Landmarks.from_json(row.landmarks_json)


def landmarks_of(photo_ids: Iterable[int]) -> dict[int, Landmarks]:
    """The stored points of each given photo that has them."""
    found: dict[int, Landmarks] = {}
    for photo_id in photo_ids:
        row = store.landmark_row(photo_id)
        points = Landmarks.from_json(row.landmarks_json) if row is not None else None
        if points is not None:
            found[photo_id] = points
    return found


def placements(pose: str, photo_ids: Iterable[int]) -> dict[int, Placement]:
    """The registration of each given photo of `pose` to the pose's current reference: the
    reference itself is the identity; photos aligned to another photo, or not at all, are
    left out. Low-confidence ones are included (`usable` says whether to use them)."""
    reference = reference_id(pose)
    if reference is None:
        return {}
    reference_row = store.landmark_row(reference)
    if reference_row is None or reference_row.width <= 0 or reference_row.height <= 0:
        return {}
    size = (reference_row.width, reference_row.height)
    ids = list(photo_ids)
    found: dict[int, Placement] = {}
    for photo_id, reg in store.registrations(i for i in ids if i != reference).items():
        if reg.reference_id != reference:
            continue
        try:
            similarity = Similarity(reg.dx, reg.dy, reg.scale, reg.rotation_deg)
        except ValueError:
            continue  # unusable numbers are as good as none
        confidence = min(max(reg.confidence, 0.0), 1.0)
        found[photo_id] = Placement(photo_id, reference, size, similarity, confidence, reg.method)
    if reference in ids:
        found[reference] = Placement(reference, reference, size, IDENTITY, 1.0, "reference")
    return found


# -- writing ---------------------------------------------------------------------------------


def set_landmarks(photo_id: int, points: Landmarks) -> LandmarksSaved:
    """Store a photo's three points and the manual alignments they make possible: the photo's
    own (when the reference has points), or, when the photo is the reference, every manual
    alignment of its pose. One transaction."""
    row = store.landmark_row(photo_id)
    if row is None:
        raise PhotoGoneError(photo_id)
    _check_size(row)
    reference = reference_id(row.pose)
    with_points = {photo_id: points}
    if reference == photo_id:
        writes, realigned = _manual_writes(row.pose, reference, with_points)
        saved = LandmarksSaved(photo_id, reference, True, realigned)
    else:
        writes, _ = _manual_writes(row.pose, reference, with_points, only={photo_id})
        aligned = any(w.registration is not None for w in writes if w.photo_id == photo_id)
        saved = LandmarksSaved(photo_id, reference, aligned)
    if not store.apply(writes):
        raise PhotoGoneError(photo_id)
    return saved


def clear_landmarks(photo_id: int, *, realign: bool = True) -> LandmarksSaved:
    """Forget a photo's points and its manual alignment; for the reference, every manual
    alignment of the pose goes with them. Then (with `realign`) the photos left without an
    alignment are aligned automatically; one that cannot be stays unaligned."""
    row = store.landmark_row(photo_id)
    if row is None:
        raise PhotoGoneError(photo_id)
    reference = reference_id(row.pose)
    cleared = {photo_id: None}
    only = None if reference == photo_id else {photo_id}
    writes, realigned = _manual_writes(row.pose, reference, cleared, only=only)
    if not store.apply(writes):
        raise PhotoGoneError(photo_id)
    automatic = 0
    if realign and reference == photo_id:
        report = photo_alignment.align_pose(row.pose, redo=False)
        automatic = report.count(photo_alignment.Outcome.ALIGNED)
    elif realign:
        result = photo_alignment.align_photo(photo_id)
        automatic = int(result.outcome is photo_alignment.Outcome.ALIGNED)
    return LandmarksSaved(photo_id, reference, False, realigned, automatic)


def save_points(changes: dict[int, Landmarks | None]) -> list[LandmarksSaved]:
    """Set (or, for None, clear) the points of several photos; references first, so the
    other photos are lined up with their new points."""
    rows = {pid: store.landmark_row(pid) for pid in changes}
    references = {row.pose: reference_id(row.pose) for row in rows.values() if row is not None}
    order = sorted(changes, key=lambda pid: pid not in references.values())
    results = []
    for photo_id in order:
        points = changes[photo_id]
        if points is None:
            results.append(clear_landmarks(photo_id))
        else:
            results.append(set_landmarks(photo_id, points))
    return results


def recompute_manual(pose: str) -> int:
    """Work every manual alignment of the pose out again against its current reference (after
    the reference changed). Returns how many photos now have one."""
    writes, realigned = _manual_writes(pose, reference_id(pose), {})
    store.apply(writes)
    return realigned


def _manual_writes(
    pose: str,
    reference: int | None,
    changed: dict[int, Landmarks | None],
    *,
    only: set[int] | None = None,
) -> tuple[list[Write], int]:
    """The writes that store `changed` points and bring the manual alignments of `pose` (of
    the photos in `only`, else all) in line with them. Returns them and how many photos
    other than the changed ones and the reference get a manual alignment."""
    rows = {row.id: row for row in store.landmark_rows(pose)}
    points = {pid: Landmarks.from_json(row.landmarks_json) for pid, row in rows.items()}
    points.update(changed)
    writes: list[Write] = []
    realigned = 0
    ref_row = rows.get(reference) if reference is not None else None
    ref_points = points.get(reference) if reference is not None else None
    for photo_id, row in rows.items():
        if only is not None and photo_id not in only:
            continue
        stored = changed.get(photo_id)
        landmarks_json = stored.to_json() if stored is not None else None
        keep_landmarks = photo_id not in changed
        mine = points.get(photo_id)
        manual_now = row.aligned_method == MANUAL
        if photo_id == reference:
            method = MANUAL if mine is not None else photo_alignment.AUTOMATIC
            registration = _registration(photo_id, reference, IDENTITY, method)
            writes.append(Write(photo_id, landmarks_json, registration, False, keep_landmarks))
            continue
        if mine is not None and ref_points is not None and ref_row is not None:
            similarity = from_landmarks(
                mine, (row.width, row.height), ref_points, (ref_row.width, ref_row.height)
            )
            registration = _registration(photo_id, reference, similarity)
            writes.append(Write(photo_id, landmarks_json, registration, False, keep_landmarks))
            if photo_id not in changed:
                realigned += 1
        else:  # nothing manual to store: a stale manual alignment goes, an automatic one stays
            writes.append(Write(photo_id, landmarks_json, None, not manual_now, keep_landmarks))
    return writes, realigned


def _registration(
    photo_id: int, reference: int, similarity: Similarity, method: str = MANUAL
) -> RegistrationRow:
    return RegistrationRow(
        photo_id,
        reference,
        similarity.dx,
        similarity.dy,
        similarity.scale,
        similarity.rotation_deg,
        1.0,
        method,
    )


def _check_size(row: LandmarkRow) -> None:
    if row.width <= 0 or row.height <= 0:
        raise UserError(f"Photo {row.id} has no known size; import it again to set points on it.")
