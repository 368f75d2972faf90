"""Photo rows: the managed copies' facts, looked up by id or by the hash of the original."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from backtracker.domain.catalogue import Tracking
from backtracker.domain.photo_align import MANUAL
from backtracker.storage.models import Photo, db
from backtracker.storage.profile import Profile
from backtracker.storage.progress import BODYWEIGHT_OF_WORKOUT, e1rm_sql
from backtracker.storage.sessions import REP_SET, WORK_SET
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


def current_profile() -> Profile:
    """The profile whose database is open (its folder holds the database)."""
    return Profile(Path(db.database).absolute().parent)


def current_photos_dir() -> Path:
    """The photos/ folder of the profile whose database is open (it sits beside it)."""
    return current_profile().photos_dir


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


# --- compare mode: strength around two dates ---------------------------------------------------


@dataclass(frozen=True)
class StrengthChange:
    """An exercise's best estimated 1RM in the window up to each of two days."""

    exercise_id: int
    name: str
    before_kg: float
    after_kg: float


def strength_changes(
    first: dt.date, last: dt.date, *, formula: str, window_days: int, limit: int
) -> list[StrengthChange]:
    """The main lifts' best estimated 1RM in the `window_days` up to `first` and up to
    `last`, in one query over the two windows (all exercises at once): the exercises with
    an estimate in both windows, most sessions (over all time) first, then by name; at most
    `limit`. The loads and estimates are those of the Progress tab's per-day figures
    (`progress.exercise_days`): rep sets of 1–12 reps, warm-ups out, a one-sided set by its
    weaker side, bodyweight exercises at that day's bodyweight plus the added weight."""
    first, last = min(first, last), max(first, last)
    span = dt.timedelta(days=window_days - 1)
    windows = [(end - span, end) for end in (first, last)]
    with_bodyweight = "l.bodyweight + COALESCE(s.weight_kg, 0.0)"
    load = (
        f"CASE WHEN l.bodyweight_exercise THEN "
        f"CASE WHEN {with_bodyweight} > 0.0 THEN {with_bodyweight} END "
        f"ELSE NULLIF(s.weight_kg, 0.0) END"
    )
    in_window = "(w.started_at >= ? AND w.started_at < ?)"
    sql = f"""
    WITH estimates AS (
        SELECT l.exercise_id, l.day, {e1rm_sql("load", "reps_real", formula)} AS e1rm
        FROM (
            SELECT l.exercise_id, l.day, {load} AS load, CAST(s.reps AS REAL) AS reps_real
            FROM (
                SELECT we.id AS link_id, we.exercise_id, date(w.started_at) AS day,
                    e.tracking = ? AS bodyweight_exercise,
                    CASE WHEN e.tracking = ? THEN {BODYWEIGHT_OF_WORKOUT} END AS bodyweight
                FROM workout w
                JOIN workout_exercise we ON we.workout_id = w.id
                JOIN exercise e ON e.id = we.exercise_id
                WHERE {in_window} OR {in_window}
                LIMIT -1 OFFSET 0
            ) l
            JOIN set_entry s ON s.workout_exercise_id = l.link_id
            WHERE {REP_SET}
        ) l
    ),
    both_windows AS (
        SELECT exercise_id,
            MAX(CASE WHEN day BETWEEN ? AND ? THEN e1rm END) AS before_kg,
            MAX(CASE WHEN day BETWEEN ? AND ? THEN e1rm END) AS after_kg
        FROM estimates WHERE e1rm IS NOT NULL
        GROUP BY exercise_id
        HAVING before_kg IS NOT NULL AND after_kg IS NOT NULL
    )
    SELECT e.id, e.name, b.before_kg, b.after_kg,
        (SELECT COUNT(DISTINCT we.workout_id) FROM workout_exercise we
            WHERE we.exercise_id = e.id AND EXISTS (
                SELECT 1 FROM set_entry s WHERE s.workout_exercise_id = we.id AND {WORK_SET}
            )) AS sessions
    FROM both_windows b JOIN exercise e ON e.id = b.exercise_id
    ORDER BY sessions DESC, e.name COLLATE NOCASE, e.id
    LIMIT ?"""
    bodyweight = Tracking.BODYWEIGHT_REPS.value
    params: list[object] = [bodyweight, bodyweight]
    for start, end in windows:  # started_at is 'YYYY-MM-DD HH:MM:SS': whole days by text
        params += [start.isoformat(), (end + dt.timedelta(days=1)).isoformat()]
    for start, end in windows:
        params += [start.isoformat(), end.isoformat()]
    params.append(limit)
    rows = db.execute_sql(sql, params).fetchall()
    return [StrengthChange(i, name, before, after) for i, name, before, after, _ in rows]
