"""Manual alignment in three points: storing the points, the manual alignments they make,
and what the compare view reads back."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from backtracker.domain.errors import UserError
from backtracker.domain.photo_align import LOW_CONFIDENCE, MANUAL, Landmarks, from_fractions
from backtracker.services import photo_landmarks
from backtracker.storage import photos as photo_store
from backtracker.storage.models import Photo

REF_POINTS = Landmarks(head=(0.5, 0.2), left_shoulder=(0.3, 0.4), right_shoulder=(0.7, 0.4))


def add_photo(day: int, size: tuple[int, int] = (400, 600), pose: str = "back") -> int:
    return photo_store.insert_photo(
        sha256=f"{pose}-{day}-{size}",
        file_name=f"{pose}-{day}.jpg",
        original_name=f"{day}.jpg",
        taken_at=dt.datetime(2026, 1, day, 8, 0),
        date_source="exif",
        pose=pose,
        width=size[0],
        height=size[1],
    )


def registration(photo_id: int) -> tuple | None:
    row = Photo.get_by_id(photo_id)
    if row.aligned_to is None:
        return None
    return (
        row.aligned_to,
        row.aligned_dx,
        row.aligned_dy,
        row.aligned_scale,
        row.aligned_rotation_deg,
        row.aligned_confidence,
        row.aligned_method,
    )


def set_automatic(photo_id: int, reference: int, confidence: float = 0.9) -> None:
    Photo.update(
        aligned_to=reference,
        aligned_dx=0.01,
        aligned_dy=-0.02,
        aligned_scale=1.05,
        aligned_rotation_deg=1.5,
        aligned_confidence=confidence,
        aligned_method="phase",
    ).where(Photo.id == photo_id).execute()


def test_points_on_the_reference_and_a_photo_store_the_manual_alignment(profile):
    reference, later = add_photo(3), add_photo(10)
    # The later photo: the camera moved 40 px right (a tenth of the width) → its points are
    # 40 px further right; the alignment moves it back by 40 px = 40/600 height units.
    shifted = Landmarks(head=(0.6, 0.2), left_shoulder=(0.4, 0.4), right_shoulder=(0.8, 0.4))

    saved = photo_landmarks.set_landmarks(reference, REF_POINTS)
    assert saved.aligned and saved.reference_id == reference
    saved = photo_landmarks.set_landmarks(later, shifted)
    assert saved.aligned and saved.reference_id == reference

    assert Landmarks.from_json(Photo.get_by_id(later).landmarks_json) == shifted
    to, dx, dy, scale, rotation, confidence, method = registration(later)
    assert (to, confidence, method) == (reference, 1.0, MANUAL)
    assert dx == pytest.approx(-40 / 600)
    assert dy == pytest.approx(0.0, abs=1e-12)
    assert scale == pytest.approx(1.0)
    assert rotation == pytest.approx(0.0, abs=1e-9)
    assert registration(reference) == (reference, 0.0, 0.0, 1.0, 0.0, 1.0, MANUAL)


def test_a_zoomed_and_tilted_photo_of_another_size_maps_its_points_onto_the_reference(profile):
    reference, later = add_photo(3), add_photo(10, size=(800, 1000))
    # The later photo shows the figure half as big, turned 10° clockwise about the centre.
    theta = math.radians(10)

    def moved(point: tuple[float, float]) -> tuple[float, float]:
        u, v = from_fractions(point, 400, 600)
        u, v = (
            0.5 * (u * math.cos(theta) - v * math.sin(theta)),
            0.5 * (u * math.sin(theta) + v * math.cos(theta)),
        )
        return (u * 1000 + 400) / 800, (v * 1000 + 500) / 1000

    later_points = Landmarks(*(moved(p) for p in REF_POINTS.points()))
    photo_landmarks.set_landmarks(reference, REF_POINTS)
    photo_landmarks.set_landmarks(later, later_points)

    _, dx, dy, scale, rotation, confidence, method = registration(later)
    assert scale == pytest.approx(2.0)
    assert rotation == pytest.approx(-10.0)
    assert (dx, dy) == (pytest.approx(0.0, abs=1e-9), pytest.approx(0.0, abs=1e-9))
    assert (confidence, method) == (1.0, MANUAL)


def test_points_before_the_reference_has_any_wait_for_it(profile):
    reference, later = add_photo(3), add_photo(10)
    shifted = Landmarks(head=(0.6, 0.2), left_shoulder=(0.4, 0.4), right_shoulder=(0.8, 0.4))

    saved = photo_landmarks.set_landmarks(later, shifted)
    assert not saved.aligned
    assert registration(later) is None
    assert Photo.get_by_id(later).landmarks_json is not None

    saved = photo_landmarks.set_landmarks(reference, REF_POINTS)
    assert saved.realigned == 1
    assert registration(later)[1] == pytest.approx(-40 / 600)


def test_moving_the_references_points_works_every_manual_alignment_out_again(profile):
    reference, second, third = add_photo(3), add_photo(10), add_photo(17)
    photo_landmarks.set_landmarks(reference, REF_POINTS)
    photo_landmarks.set_landmarks(second, REF_POINTS)
    photo_landmarks.set_landmarks(third, REF_POINTS)
    set_automatic(fourth := add_photo(24), reference)
    assert registration(second)[1:5] == pytest.approx((0.0, 0.0, 1.0, 0.0), abs=1e-12)

    # The reference's points dragged 60 px down: the others now move 60 px down to meet them.
    lower = Landmarks(head=(0.5, 0.3), left_shoulder=(0.3, 0.5), right_shoulder=(0.7, 0.5))
    saved = photo_landmarks.set_landmarks(reference, lower)
    assert saved.realigned == 2
    for photo in (second, third):
        assert registration(photo)[2] == pytest.approx(60 / 600)
        assert registration(photo)[6] == MANUAL
    assert registration(fourth)[6] == "phase"  # an automatic one is not the points' business


def test_manual_overrides_automatic_and_clearing_leaves_the_photo_unaligned(profile):
    reference, later = add_photo(3), add_photo(10)
    set_automatic(later, reference)
    photo_landmarks.set_landmarks(reference, REF_POINTS)
    photo_landmarks.set_landmarks(later, REF_POINTS)
    assert registration(later)[6] == MANUAL

    saved = photo_landmarks.clear_landmarks(later)
    assert not saved.aligned
    assert Photo.get_by_id(later).landmarks_json is None
    assert registration(later) is None
    assert Landmarks.from_json(Photo.get_by_id(reference).landmarks_json) == REF_POINTS


def test_clearing_the_references_points_clears_manual_alignments_only(profile):
    reference, manual, automatic = add_photo(3), add_photo(10), add_photo(17)
    photo_landmarks.set_landmarks(reference, REF_POINTS)
    photo_landmarks.set_landmarks(manual, REF_POINTS)
    set_automatic(automatic, reference)

    photo_landmarks.clear_landmarks(reference)

    assert registration(manual) is None
    assert Landmarks.from_json(Photo.get_by_id(manual).landmarks_json) == REF_POINTS  # kept
    assert registration(automatic)[6] == "phase"
    assert Photo.get_by_id(reference).landmarks_json is None


def test_other_poses_are_left_alone(profile):
    back_ref, back = add_photo(3), add_photo(10)
    front_ref, front = add_photo(4, pose="front"), add_photo(11, pose="front")
    photo_landmarks.set_landmarks(front_ref, REF_POINTS)
    photo_landmarks.set_landmarks(front, REF_POINTS)
    photo_landmarks.set_landmarks(back_ref, REF_POINTS)
    photo_landmarks.set_landmarks(back, REF_POINTS)
    photo_landmarks.clear_landmarks(back_ref)
    assert registration(back) is None
    assert registration(front)[0] == front_ref


def test_bad_input_is_refused_and_changes_nothing(profile):
    reference = add_photo(3)
    photo_landmarks.set_landmarks(reference, REF_POINTS)
    before = Photo.get_by_id(reference).landmarks_json

    with pytest.raises(UserError, match="left shoulder point is outside the photo"):
        Landmarks(head=(0.5, 0.2), left_shoulder=(-0.1, 0.4), right_shoulder=(0.7, 0.4))
    with pytest.raises(UserError, match="on top of each other"):
        Landmarks(head=(0.5, 0.2), left_shoulder=(0.5, 0.4), right_shoulder=(0.5, 0.4))
    with pytest.raises(UserError, match="Photo 999 is no longer in the gallery"):
        photo_landmarks.set_landmarks(999, REF_POINTS)
    with pytest.raises(UserError, match="Photo 999 is no longer in the gallery"):
        photo_landmarks.clear_landmarks(999)
    assert Photo.get_by_id(reference).landmarks_json == before

    sizeless = add_photo(5, size=(0, 0))
    with pytest.raises(UserError, match="no known size"):
        photo_landmarks.set_landmarks(sizeless, REF_POINTS)
    assert Photo.get_by_id(sizeless).landmarks_json is None


def test_placements_give_the_reference_frame_and_say_which_are_usable(profile):
    reference, good, doubtful, elsewhere, never = (add_photo(d) for d in (3, 10, 17, 20, 24))
    set_automatic(good, reference, confidence=0.9)
    set_automatic(doubtful, reference, confidence=LOW_CONFIDENCE - 0.01)
    set_automatic(elsewhere, good)  # aligned to a photo that is not the reference

    found = photo_landmarks.placements("back", [reference, good, doubtful, elsewhere, never])

    assert set(found) == {reference, good, doubtful}
    assert found[reference].similarity.is_identity and found[reference].usable
    assert found[good].usable and found[good].similarity.rotation_deg == 1.5
    assert found[good].reference_size == (400, 600)
    assert not found[doubtful].usable
    assert photo_landmarks.placements("front", [reference]) == {}


def scene(path, when: dt.datetime, shift: int) -> None:
    """A textured room seen by a camera moved `shift` px to the left (so everything in the
    photo sits `shift` px further right), 300 × 400, with a figure in the middle."""
    from random import Random

    from PIL import Image, ImageDraw

    room = Image.new("RGB", (400, 400), (190, 190, 185))
    draw = ImageDraw.Draw(room)
    rng = Random(7)
    for _ in range(160):
        x, y = rng.randrange(400), rng.randrange(400)
        shade = rng.randrange(40, 220)
        draw.rectangle(
            (x, y, x + rng.randrange(6, 30), y + rng.randrange(6, 30)), fill=(shade,) * 3
        )
    draw.ellipse((172, 60, 228, 120), fill=(225, 180, 150))
    draw.polygon([(140, 140), (260, 140), (245, 340), (155, 340)], fill=(60, 90, 140))
    photo = room.crop((50 - shift, 0, 350 - shift, 400))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    photo.save(path, "JPEG", quality=95, exif=exif)


def test_clearing_points_hands_the_photo_back_to_automatic_alignment(profile, tmp_path):
    from backtracker.services import photo_alignment, photos

    source = tmp_path / "originals"
    source.mkdir()
    ids = []
    for day, shift in ((3, 0), (10, 30)):
        path = source / f"{day}.jpg"
        scene(path, dt.datetime(2026, 1, day, 8, 0), shift)
        report = photos.ingest(
            [path], profile.photos_dir, photos.thumbnails_dir(profile.data_dir), pose="back"
        )
        ids.append(report.imported[0].id)
    reference, later = ids
    photo_alignment.align_pose("back")
    assert registration(later)[6] == photo_alignment.AUTOMATIC

    shifted = Landmarks(head=(0.6, 0.2), left_shoulder=(0.4, 0.4), right_shoulder=(0.8, 0.4))
    photo_landmarks.save_points({later: shifted, reference: REF_POINTS})  # reference first
    assert registration(later)[6] == MANUAL
    assert registration(later)[1] == pytest.approx(-30 / 400)

    saved = photo_landmarks.clear_landmarks(later)

    assert saved.automatic == 1
    to, dx, dy, scale, rotation, confidence, method = registration(later)
    assert (to, method) == (reference, photo_alignment.AUTOMATIC)
    assert confidence >= LOW_CONFIDENCE
    # The room moved back by 30 px (of a 400 px height), nothing else.
    assert (dx, dy) == (pytest.approx(-30 / 400, abs=0.01), pytest.approx(0.0, abs=0.01))
    assert (scale, rotation) == (pytest.approx(1.0, abs=0.01), pytest.approx(0.0, abs=0.5))
    assert Photo.get_by_id(later).landmarks_json is None
