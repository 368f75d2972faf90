"""Lining a pose's photos up with its reference (services/photo_alignment.py): which photo is
the reference, what is stored, manual alignments left alone, a new reference, imports."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PIL import Image

from backtracker.domain.errors import UserError
from backtracker.domain.photo_align import LOW_CONFIDENCE, MANUAL, Similarity
from backtracker.services import photo_alignment, photo_registration, photos
from backtracker.services.photo_alignment import Outcome
from backtracker.storage import photos as store
from backtracker.storage.models import Photo
from backtracker.storage.settings import get_setting
from tests.services.test_photo_registration_accuracy import (
    Camera,
    draw_person,
    draw_room,
    photograph,
)

EXIF_IFD, DATETIME_ORIGINAL = 0x8769, 0x9003
CAMERAS = {
    "first": Camera(),
    "second": Camera(0.04, -0.02, 1.08, 2.0),
    "third": Camera(-0.05, 0.03, 0.9, -2.5),
}
DATES = {"first": "2025:01:10", "second": "2025:04:10", "third": "2025:09:10"}


@pytest.fixture
def dirs(profile):
    return profile.photos_dir, photos.thumbnails_dir(profile.data_dir)


@pytest.fixture(scope="module")
def room() -> Image.Image:
    return draw_room(21)


def shoot(folder: Path, name: str, room: Image.Image, *, pose_date: str | None = None) -> Path:
    """A JPEG of the room and the figure (broader in later photos) by camera `name`."""
    folder.mkdir(parents=True, exist_ok=True)
    broad = {"first": 0.0, "second": 0.5, "third": 1.0}.get(name, 0.3)
    image = photograph(draw_person(room, broad=broad), CAMERAS.get(name, Camera()))
    exif = Image.Exif()
    exif[EXIF_IFD] = {DATETIME_ORIGINAL: f"{pose_date or DATES[name]} 07:30:00"}
    path = folder / f"{name}.jpg"
    image.save(path, quality=90, exif=exif.tobytes())
    return path


def stored(photo_id: int) -> Photo:
    return Photo.get_by_id(photo_id)


def ids_by_name(report: photos.IngestReport) -> dict[str, int]:
    return {Path(info.original_name).stem: info.id for info in report.imported}


def truth(name: str, reference: str = "first") -> Similarity:
    """Photo `name` → photo `reference`, as the cameras were placed."""
    return CAMERAS[name].view.then(CAMERAS[reference].view.inverse())


def close_to(row: Photo, wanted: Similarity) -> bool:
    """Within 1 % of the height at the photo's corners and centre."""
    found = Similarity(row.aligned_dx, row.aligned_dy, row.aligned_scale, row.aligned_rotation_deg)
    corners = [(-0.375, -0.5), (0.375, -0.5), (0.375, 0.5), (-0.375, 0.5), (0.0, 0.0)]
    return all(math.dist(found.apply(point), wanted.apply(point)) <= 0.01 for point in corners)


def test_an_import_lines_the_pose_up_with_its_first_photo(tmp_path, dirs, room):
    files = [shoot(tmp_path / "camera", name, room) for name in ("third", "first", "second")]

    report = photos.ingest(files, *dirs, pose="back")

    ids = ids_by_name(report)
    assert photo_alignment.reference_id("back") == ids["first"]
    first = stored(ids["first"])
    assert (first.aligned_to, first.aligned_dx, first.aligned_dy) == (ids["first"], 0.0, 0.0)
    assert (first.aligned_scale, first.aligned_rotation_deg) == (1.0, 0.0)
    assert (first.aligned_confidence, first.aligned_method) == (1.0, photo_alignment.AUTOMATIC)
    for name in ("second", "third"):
        row = stored(ids[name])
        assert row.aligned_to == ids["first"]
        assert row.aligned_method == photo_registration.METHOD
        assert row.aligned_confidence >= LOW_CONFIDENCE
        assert close_to(row, truth(name)), name
    (pose_report,) = report.alignment
    assert pose_report.count(Outcome.ALIGNED) == 2
    assert pose_report.count(Outcome.REFERENCE) == 1


def test_the_automatic_method_name_is_the_registrations():
    assert photo_alignment.AUTOMATIC == photo_registration.METHOD


def test_an_older_photo_imported_later_becomes_the_reference_and_the_pose_is_redone(
    tmp_path, dirs, room
):
    later = photos.ingest([shoot(tmp_path / "a", n, room) for n in ("second", "third")], *dirs)
    ids = ids_by_name(later)
    assert stored(ids["third"]).aligned_to == ids["second"]

    earlier = photos.ingest([shoot(tmp_path / "b", "first", room)], *dirs)

    first = ids_by_name(earlier)["first"]
    assert photo_alignment.reference_id("back") == first
    for name in ("second", "third"):
        row = stored(ids[name])
        assert row.aligned_to == first
        assert close_to(row, truth(name)), name


def test_picking_a_reference_lines_the_pose_up_with_it(tmp_path, dirs, room):
    ids = ids_by_name(
        photos.ingest([shoot(tmp_path / "c", n, room) for n in ("first", "second", "third")], *dirs)
    )

    report = photo_alignment.set_reference("back", ids["second"])

    assert get_setting(store.REFERENCES_SETTING) == {"back": ids["second"]}
    assert photo_alignment.reference_id("back") == ids["second"]
    assert report.reference_id == ids["second"]
    second = stored(ids["second"])
    assert (second.aligned_to, second.aligned_scale, second.aligned_confidence) == (
        ids["second"],
        1.0,
        1.0,
    )
    for name in ("first", "third"):
        row = stored(ids[name])
        assert row.aligned_to == ids["second"]
        assert close_to(row, truth(name, reference="second")), name


def test_a_deleted_or_moved_reference_falls_back_to_the_first_photo(tmp_path, dirs, room):
    ids = ids_by_name(
        photos.ingest([shoot(tmp_path / "d", n, room) for n in ("first", "second")], *dirs)
    )
    photo_alignment.set_reference("back", ids["second"])

    photos.update_photo(ids["second"], pose="side")

    assert photo_alignment.reference_id("back") == ids["first"]
    assert photo_alignment.reference_id("side") == ids["second"]


def test_a_bad_reference_is_refused_and_nothing_changes(tmp_path, dirs, room):
    ids = ids_by_name(
        photos.ingest([shoot(tmp_path / "e", n, room) for n in ("first", "second")], *dirs)
    )
    photos.update_photo(ids["second"], pose="side")
    before = [(r.id, r.aligned_to, r.aligned_dx) for r in Photo.select().order_by(Photo.id)]

    with pytest.raises(UserError, match="There is no photo 999"):
        photo_alignment.set_reference("back", 999)
    with pytest.raises(UserError, match="is a side photo; pick a back photo"):
        photo_alignment.set_reference("back", ids["second"])
    with pytest.raises(UserError, match="no pose 'sideways'"):
        photo_alignment.set_reference("sideways", ids["first"])

    assert get_setting(store.REFERENCES_SETTING) is None
    after = [(r.id, r.aligned_to, r.aligned_dx) for r in Photo.select().order_by(Photo.id)]
    assert after == before


def make_manual(photo_id: int, reference: int) -> None:
    Photo.update(
        aligned_to=reference,
        aligned_dx=0.1,
        aligned_dy=-0.1,
        aligned_scale=1.2,
        aligned_rotation_deg=1.5,
        aligned_confidence=1.0,
        aligned_method=MANUAL,
    ).where(Photo.id == photo_id).execute()


def test_a_manual_alignment_is_never_overwritten(tmp_path, dirs, room):
    ids = ids_by_name(
        photos.ingest([shoot(tmp_path / "f", n, room) for n in ("first", "second")], *dirs)
    )
    make_manual(ids["second"], ids["first"])

    report = photo_alignment.align_pose("back")
    single = photo_alignment.align_photo(ids["second"])

    row = stored(ids["second"])
    assert (row.aligned_dx, row.aligned_scale, row.aligned_method) == (0.1, 1.2, MANUAL)
    assert [r.outcome for r in report.results if r.photo_id == ids["second"]] == [Outcome.MANUAL]
    assert single.outcome is Outcome.MANUAL


def test_points_set_while_a_photo_is_being_aligned_win(tmp_path, dirs, room, monkeypatch):
    ids = ids_by_name(
        photos.ingest([shoot(tmp_path / "g", n, room) for n in ("first", "second")], *dirs)
    )
    register = photo_registration.register

    def slow_register(photo, reference):
        found = register(photo, reference)
        make_manual(ids["second"], ids["first"])  # the person saved points meanwhile
        return found

    monkeypatch.setattr(photo_registration, "register", slow_register)

    result = photo_alignment.align_photo(ids["second"])

    assert result.outcome is Outcome.MANUAL
    row = stored(ids["second"])
    assert (row.aligned_dx, row.aligned_method) == (0.1, MANUAL)


def test_a_photo_that_cannot_be_aligned_is_reported_and_left_as_it_was(tmp_path, dirs, room):
    folder = tmp_path / "h"
    files = [shoot(folder, "first", room), shoot(folder, "second", room)]
    blank = folder / "blank.jpg"
    exif = Image.Exif()
    exif[EXIF_IFD] = {DATETIME_ORIGINAL: "2025:06:01 07:30:00"}
    Image.new("RGB", (600, 800), (120, 120, 120)).save(blank, exif=exif.tobytes())

    report = photos.ingest([*files, blank], *dirs)

    ids = ids_by_name(report)
    (pose_report,) = report.alignment
    (failed,) = [r for r in pose_report.results if r.outcome is Outcome.FAILED]
    assert failed.photo_id == ids["blank"]
    assert "blank" in failed.message
    row = stored(ids["blank"])
    assert row.aligned_to is None and row.aligned_method is None
    assert stored(ids["second"]).aligned_to == ids["first"]


def test_import_without_aligning_and_aligning_later_only_what_is_missing(tmp_path, dirs, room):
    report = photos.ingest(
        [shoot(tmp_path / "i", n, room) for n in ("first", "second", "third")], *dirs, align=False
    )
    ids = ids_by_name(report)
    assert report.alignment == []
    assert all(stored(i).aligned_to is None for i in ids.values())

    done = photo_alignment.align_pose("back", redo=False)
    again = photo_alignment.align_pose("back", redo=False)

    assert done.count(Outcome.ALIGNED) == 2
    assert again.count(Outcome.UNCHANGED) == 2 and again.count(Outcome.ALIGNED) == 0
    assert photo_alignment.alignments(ids.values())[ids["third"]].reference_id == ids["first"]


def test_cancelling_stops_before_the_next_photo(tmp_path, dirs, room):
    photos.ingest(
        [shoot(tmp_path / "j", n, room) for n in ("first", "second", "third")], *dirs, align=False
    )
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    report = photo_alignment.align_pose("back", cancelled=cancelled)

    assert report.cancelled
    assert len(report.results) == 2
    assert Photo.select().where(Photo.aligned_to.is_null()).count() == 1


def test_a_pose_without_photos_has_no_reference(profile):
    assert photo_alignment.reference_id("front") is None
    report = photo_alignment.align_pose("front")
    assert report.reference_id is None and report.results == []


def test_a_picked_reference_is_also_the_manual_alignments_reference(tmp_path, dirs, room):
    """Points set on every photo: picking another reference works each manual alignment out
    again against it (from the points), and points set later line up with it too."""
    from backtracker.domain.photo_align import Landmarks, from_landmarks
    from backtracker.services import photo_landmarks

    ids = ids_by_name(
        photos.ingest([shoot(tmp_path / "k", n, room) for n in ("first", "second", "third")], *dirs)
    )
    points = {
        "first": Landmarks((0.5, 0.2), (0.35, 0.33), (0.65, 0.33)),
        "second": Landmarks((0.52, 0.21), (0.36, 0.35), (0.68, 0.34)),
        "third": Landmarks((0.48, 0.19), (0.33, 0.31), (0.62, 0.32)),
    }
    photo_landmarks.set_landmarks(ids["first"], points["first"])
    photo_landmarks.set_landmarks(ids["second"], points["second"])

    photo_alignment.set_reference("back", ids["second"])
    photo_landmarks.set_landmarks(ids["third"], points["third"])

    size = (600, 800)
    for name in ("first", "third"):
        row = stored(ids[name])
        assert (row.aligned_to, row.aligned_method) == (ids["second"], MANUAL), name
        wanted = from_landmarks(points[name], size, points["second"], size)
        assert row.aligned_dx == pytest.approx(wanted.dx)
        assert row.aligned_scale == pytest.approx(wanted.scale)
    reference = stored(ids["second"])
    assert (reference.aligned_to, reference.aligned_scale) == (ids["second"], 1.0)
