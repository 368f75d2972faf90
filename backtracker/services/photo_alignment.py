"""Lining up a pose's photos with its reference photo automatically (no Qt).

Each pose has a reference: the photo the person picked (the setting `photo_references`,
{pose: id}), else the pose's first photo by date. Every other photo of the pose is
registered to it by `photo_registration` and the result is stored in `Photo.aligned_*` with
the method's name and a confidence; the reference stores the identity with confidence 1.

A manual alignment (method "manual", from clicked landmarks; services/photo_landmarks.py)
always wins: it is never overwritten here, and the write itself checks it, so a person
setting points while a pose is being aligned in the background keeps them. When the
reference changes, every automatic alignment of the pose is done again and the manual ones
are worked out again from the points (photo_landmarks.recompute_manual); a manual one whose
photo or new reference has no points is kept as it was, still aligned to the old reference,
and reported.

Work on pixels is slow (a few hundred milliseconds a photo): in the app it runs off the
GUI thread. `cancelled()` is asked before each photo. photo_registration (and numpy) is
loaded only when there is something to register, so an import of a pose's first photo stays
as quick as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from backtracker.domain.errors import UserError
from backtracker.domain.photo_align import IDENTITY, LOW_CONFIDENCE, MANUAL, Similarity
from backtracker.domain.photos import Pose
from backtracker.storage import photos as store

if TYPE_CHECKING:
    from backtracker.services.photo_registration import Prepared

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    REFERENCE = "reference"  # the pose's reference: the identity, confidence 1
    ALIGNED = "aligned"  # registered automatically (see the confidence)
    MANUAL = "manual"  # a manual alignment, left as it is (or worked out from the points)
    UNCHANGED = "unchanged"  # already aligned to this reference; not asked to redo it
    FAILED = "failed"  # could not be aligned (the message says why); its row is unchanged


@dataclass(frozen=True)
class StoredAlignment:
    """A photo's stored registration to photo `reference_id`."""

    reference_id: int
    similarity: Similarity
    confidence: float
    method: str

    @property
    def doubtful(self) -> bool:
        return self.confidence < LOW_CONFIDENCE

    def as_json(self) -> dict[str, float | str]:
        """The `align` object of `photos list --json`."""
        s = self.similarity
        return {
            "reference": self.reference_id,
            "dx": round(s.dx, 6),
            "dy": round(s.dy, 6),
            "scale": round(s.scale, 6),
            "rotation_deg": round(s.rotation_deg, 4),
            "confidence": round(self.confidence, 3),
            "method": self.method,
        }


@dataclass(frozen=True)
class PhotoResult:
    photo_id: int
    outcome: Outcome
    alignment: StoredAlignment | None = None
    message: str = ""


@dataclass
class PoseReport:
    pose: str
    reference_id: int | None
    results: list[PhotoResult] = field(default_factory=list)
    cancelled: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def doubtful(self) -> int:
        """Automatic alignments below LOW_CONFIDENCE (shown as doubtful, not used)."""
        return sum(
            1
            for result in self.results
            if result.outcome is Outcome.ALIGNED and result.alignment and result.alignment.doubtful
        )


AUTOMATIC = "fourier-mellin+irls"  # photo_registration.METHOD (a test checks they match)


class UnknownPhotoError(UserError):
    def __init__(self, photo_id: int) -> None:
        super().__init__(f"There is no photo {photo_id}.")


# --- reading ---------------------------------------------------------------------------------


def reference_id(pose: str) -> int | None:
    """The pose's reference photo: the one picked, else its first by date; None without
    photos."""
    return store.reference_photo_id(_valid_pose(pose))


def _stored(row: store.AlignmentRow) -> StoredAlignment | None:
    if not row.complete:
        return None
    assert row.aligned_to is not None and row.dx is not None and row.dy is not None
    assert row.scale is not None and row.rotation_deg is not None
    try:
        similarity = Similarity(row.dx, row.dy, row.scale, row.rotation_deg)
    except ValueError:  # a damaged row: treated as not aligned
        return None
    return StoredAlignment(row.aligned_to, similarity, row.confidence or 0.0, row.method or "")


def alignments(photo_ids: Iterable[int]) -> dict[int, StoredAlignment]:
    """The stored registration of each given photo that has one."""
    found = {}
    for row in store.alignment_rows(ids=list(photo_ids)):
        stored = _stored(row)
        if stored is not None:
            found[row.id] = stored
    return found


# --- aligning ---------------------------------------------------------------------------------


def set_reference(
    pose: str,
    photo_id: int,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PoseReport:
    """Make `photo_id` the pose's reference and align the pose to it again."""
    pose = _valid_pose(pose)
    rows = store.alignment_rows(ids=[photo_id])
    if not rows:
        raise UnknownPhotoError(photo_id)
    if rows[0].pose != pose:
        raise UserError(
            f"Photo {photo_id} is a {rows[0].pose} photo; pick a {pose} photo as the {pose} "
            "pose's reference."
        )
    store.pick_reference(pose, photo_id)
    return align_pose(pose, redo=True, progress=progress, cancelled=cancelled)


def align_pose(
    pose: str,
    *,
    redo: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PoseReport:
    """Align every photo of the pose to its reference. With `redo` false, photos already
    aligned to the current reference are left alone (after an import, say).
    `progress(done, total)` follows each photo."""
    pose = _valid_pose(pose)
    reference = store.reference_photo_id(pose)
    report = PoseReport(pose, reference)
    if reference is None:
        return report
    _recompute_manual(pose, store.alignment_rows(pose=pose), reference)
    rows = store.alignment_rows(pose=pose)
    by_id = {row.id: row for row in rows}
    prepared: Prepared | None = None
    reference_error: str | None = None
    for done, row in enumerate(rows, start=1):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        if row.id == reference:
            report.results.append(_store_reference(row))
        elif row.method == MANUAL:
            report.results.append(_manual_result(row, reference))
        elif not redo and row.complete and row.aligned_to == reference:
            report.results.append(PhotoResult(row.id, Outcome.UNCHANGED, _stored(row)))
        else:
            if prepared is None and reference_error is None:
                try:
                    prepared = _prepare(by_id[reference])
                except UserError as error:  # RegistrationError
                    reference_error = f"the reference photo {reference}: {error}"
            if prepared is None:
                report.results.append(
                    PhotoResult(row.id, Outcome.FAILED, None, reference_error or "")
                )
            else:
                report.results.append(_align(row, reference, prepared))
        if progress is not None:
            progress(done, len(rows))
    return report


def align_photo(photo_id: int) -> PhotoResult:
    """Align one photo to its pose's reference (a manual alignment is left as it is)."""
    rows = store.alignment_rows(ids=[photo_id])
    if not rows:
        raise UnknownPhotoError(photo_id)
    row = rows[0]
    reference = store.reference_photo_id(row.pose)
    assert reference is not None  # the photo itself is of the pose
    if row.id == reference:
        return _store_reference(row)
    if row.method == MANUAL:
        return _manual_result(row, reference)
    reference_rows = store.alignment_rows(ids=[reference])
    if not reference_rows:  # deleted just now
        return PhotoResult(row.id, Outcome.FAILED, None, "the reference photo was removed")
    try:
        prepared = _prepare(reference_rows[0])
    except UserError as error:  # RegistrationError
        return PhotoResult(row.id, Outcome.FAILED, None, f"the reference photo: {error}")
    return _align(row, reference, prepared)


def align_imported(
    photo_ids: Iterable[int], *, cancelled: Callable[[], bool] | None = None
) -> list[PoseReport]:
    """After an import: align the new photos' poses, leaving photos that are already aligned
    to the current reference alone (an older photo imported may become the reference; then
    the pose is done again). A failure is reported, never raised: the import stands."""
    poses = sorted({row.pose for row in store.alignment_rows(ids=list(photo_ids))})
    reports = []
    for pose in poses:
        reports.append(align_pose(pose, redo=False, cancelled=cancelled))
        if reports[-1].cancelled:
            break
    return reports


# --- the parts --------------------------------------------------------------------------------


def _valid_pose(pose: str) -> str:
    try:
        return Pose(pose).value
    except ValueError:
        raise UserError(f"There is no pose {pose!r}; choose back, front, side or other.") from None


def _prepare(row: store.AlignmentRow) -> Prepared:
    from backtracker.services import photo_registration

    path = store.current_photos_dir() / row.file_name
    size = (row.width, row.height) if row.width > 0 and row.height > 0 else None
    return photo_registration.prepare_file(path, size)


def _store_reference(row: store.AlignmentRow) -> PhotoResult:
    method = MANUAL if row.landmarks_json else AUTOMATIC
    written = store.store_registration(
        row.id,
        reference_id=row.id,
        dx=0.0,
        dy=0.0,
        scale=1.0,
        rotation_deg=0.0,
        confidence=1.0,
        method=method,
        over_manual=True,  # the reference is the identity whatever it was before
    )
    stored = StoredAlignment(row.id, IDENTITY, 1.0, method)
    return PhotoResult(row.id, Outcome.REFERENCE if written else Outcome.FAILED, stored)


def _manual_result(row: store.AlignmentRow, reference: int) -> PhotoResult:
    stored = _stored(row)
    if row.aligned_to == reference:
        return PhotoResult(row.id, Outcome.MANUAL, stored)
    return PhotoResult(
        row.id,
        Outcome.MANUAL,
        stored,
        f"kept its manual alignment to photo {row.aligned_to}; set the points on it and on "
        f"the reference photo {reference} to line it up with the reference",
    )


def _recompute_manual(pose: str, rows: list[store.AlignmentRow], reference: int) -> None:
    """Manual alignments made against another reference are worked out again from the points
    (by the manual-alignment service) before the automatic ones are done."""
    if not any(row.method == MANUAL and row.aligned_to != reference for row in rows):
        return
    from backtracker.services import photo_landmarks

    photo_landmarks.recompute_manual(pose)


def _align(row: store.AlignmentRow, reference: int, prepared: Prepared) -> PhotoResult:
    from backtracker.services import photo_registration
    from backtracker.services.photo_registration import RegistrationError

    try:
        found = photo_registration.register(_prepare(row), prepared)
    except RegistrationError as error:
        return PhotoResult(row.id, Outcome.FAILED, None, str(error))
    s = found.similarity
    written = store.store_registration(
        row.id,
        reference_id=reference,
        dx=s.dx,
        dy=s.dy,
        scale=s.scale,
        rotation_deg=s.rotation_deg,
        confidence=found.confidence,
        method=found.method,
    )
    if not written:  # deleted, or points set meanwhile: theirs stands
        rows = store.alignment_rows(ids=[row.id])
        if rows and rows[0].method == MANUAL:
            return PhotoResult(row.id, Outcome.MANUAL, _stored(rows[0]))
        return PhotoResult(row.id, Outcome.FAILED, None, "it was removed while being aligned")
    stored = StoredAlignment(reference, s, found.confidence, found.method)
    return PhotoResult(row.id, Outcome.ALIGNED, stored)


def poses_to_catch_up() -> list[str]:
    """The poses with a photo not yet aligned to the pose's current reference (photos from
    before alignment existed, a deleted reference, a pose changed): quick, only reads."""
    behind: list[str] = []
    for pose in Pose:
        reference = store.reference_photo_id(pose.value)
        if reference is None:
            continue
        rows = store.alignment_rows(pose=pose.value)
        if any(not row.complete or row.aligned_to != reference for row in rows):
            behind.append(pose.value)
    return behind


def catch_up(
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[PoseReport]:
    """Align every photo that is not aligned to its pose's current reference, leaving the
    others alone (`align_pose` with `redo` false, pose by pose)."""
    reports = []
    for pose in poses_to_catch_up():
        if cancelled is not None and cancelled():
            break
        reports.append(align_pose(pose, redo=False, progress=progress, cancelled=cancelled))
    return reports
