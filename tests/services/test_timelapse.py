"""The timelapse service: which frames, in which order, lined up how, captioned with what,
and the files it writes (WebP, GIF; MP4 only with PyAV), on photos made here."""

from __future__ import annotations

import datetime as dt
import io
import struct

import pytest
from PIL import Image, ImageDraw

from backtracker.domain.errors import UserError
from backtracker.domain.photo_align import Similarity, pixel_matrix
from backtracker.services import timelapse
from backtracker.services.timelapse import TimelapseOptions, plan_timelapse, write_timelapse
from backtracker.storage import body
from backtracker.storage import photos as photo_store
from backtracker.storage.models import SetEntry, Workout, WorkoutExercise
from backtracker.storage.progress import find_exercise

SCENE = (200, 190, 170)
DOT = (230, 20, 20)
GPS_IFD = 0x8825


def scene(size: tuple[int, int] = (400, 300), dot: tuple[int, int] = (300, 80)) -> Image.Image:
    """A plain wall with a red dot: the fixed point a timelapse must keep in place."""
    image = Image.new("RGB", size, SCENE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((150, 100, 250, 280), fill=(120, 90, 70))  # a figure
    x, y = dot
    draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=DOT)
    return image


def add_photo(
    profile,
    image: Image.Image,
    when: dt.datetime,
    *,
    pose: str = "back",
    private: bool = False,
    fmt: str = "PNG",
) -> int:
    """A managed copy in the profile's photos folder and its row, as ingest leaves them."""
    profile.photos_dir.mkdir(parents=True, exist_ok=True)
    name = f"{when:%Y%m%d%H%M%S}-{pose}.{'jpg' if fmt == 'JPEG' else 'png'}"
    options: dict[str, object] = {}
    if private:  # what a careless copy would carry along: GPS and a camera model
        exif = Image.Exif()
        exif[0x0110] = "Secret Phone 12"
        exif.get_ifd(GPS_IFD)[2] = (51.0, 30.0, 0.0)
        options["exif"] = exif.tobytes()
    image.save(profile.photos_dir / name, fmt, **options)
    return photo_store.insert_photo(
        sha256=name,
        file_name=name,
        original_name=name,
        taken_at=when,
        date_source="exif",
        pose=pose,
        width=image.width,
        height=image.height,
    )


def register(photo_id: int, reference_id: int, similarity: Similarity, confidence=0.9) -> None:
    photo_store.update_photo(
        photo_id,
        aligned_to=reference_id,
        aligned_dx=similarity.dx,
        aligned_dy=similarity.dy,
        aligned_scale=similarity.scale,
        aligned_rotation_deg=similarity.rotation_deg,
        aligned_confidence=confidence,
        aligned_method="test",
    )


def moved_camera(reference: Image.Image, similarity: Similarity, size) -> Image.Image:
    """What the camera saw after moving: the photo whose registration is `similarity`."""
    return reference.transform(
        size,
        Image.Transform.AFFINE,
        pixel_matrix(similarity, size, reference.size),
        resample=Image.Resampling.BICUBIC,
        fillcolor=SCENE,
    )


def dot_centre(image: Image.Image, box: tuple[int, int, int, int] | None = None):
    """The centroid of the red dot's pixels (in the box, if given); None when none is red."""
    rgb = image.convert("RGB")
    left, top, right, bottom = box or (0, 0, *rgb.size)
    xs = ys = count = 0
    pixels = rgb.load()
    for y in range(top, bottom):
        for x in range(left, right):
            r, g, b = pixels[x, y]
            if r > 170 and g < 90 and b < 90:
                xs, ys, count = xs + x, ys + y, count + 1
    return None if count < 10 else (xs / count, ys / count)


def day(n: int) -> dt.datetime:
    return dt.datetime(2026, 1, 1, 8, 0) + dt.timedelta(days=n)


# --- which frames ---------------------------------------------------------------------------


def test_frames_are_the_poses_photos_in_the_range_oldest_first(profile):
    ids = {}
    for n in (30, 0, 20, 10, 40):  # stored out of order
        ids[n] = add_photo(profile, scene(), day(n))
    add_photo(profile, scene(), day(15), pose="front")  # another pose: never in it

    plan = plan_timelapse(TimelapseOptions(pose="back", start=day(10).date(), end=day(30).date()))

    assert [frame.photo.id for frame in plan.frames] == [ids[10], ids[20], ids[30]]
    assert [frame.caption for frame in plan.frames] == ["11 Jan 2026", "21 Jan 2026", "31 Jan 2026"]
    everything = plan_timelapse(TimelapseOptions(pose="back"))
    assert [frame.photo.id for frame in everything.frames] == [ids[n] for n in (0, 10, 20, 30, 40)]


def test_bad_ranges_and_options_are_refused_clearly(profile):
    add_photo(profile, scene(), day(0))
    with pytest.raises(UserError, match=r"No back photos from 1 Feb 2026 to 1 Mar 2026\."):
        plan_timelapse(TimelapseOptions(start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 1)))
    with pytest.raises(UserError, match="No front photos yet"):
        plan_timelapse(TimelapseOptions(pose="front"))
    with pytest.raises(UserError, match="starts on 1 Mar 2026, after it ends on 1 Feb 2026"):
        plan_timelapse(TimelapseOptions(start=dt.date(2026, 3, 1), end=dt.date(2026, 2, 1)))
    with pytest.raises(UserError, match="from 20 to 10,000 ms, not 5"):
        plan_timelapse(TimelapseOptions(frame_ms=5))
    with pytest.raises(UserError, match="no pose “sideways”"):
        plan_timelapse(TimelapseOptions(pose="sideways"))


def test_unaligned_photos_are_fitted_and_counted(profile):
    reference = add_photo(profile, scene(), day(0))
    good = add_photo(profile, scene(), day(1))
    doubtful = add_photo(profile, scene(), day(2))
    elsewhere = add_photo(profile, scene(), day(3))
    add_photo(profile, scene(), day(4))  # never aligned
    other_reference = add_photo(profile, scene(), day(5), pose="front")
    register(reference, reference, Similarity(), 1.0)
    register(good, reference, Similarity(0.01, 0.0, 1.02, 1.0), 0.8)
    register(doubtful, reference, Similarity(0.01, 0.0, 1.02, 1.0), 0.3)
    register(elsewhere, other_reference, Similarity(), 0.9)

    plan = plan_timelapse(TimelapseOptions())

    aligned = [frame.similarity is not None for frame in plan.frames]
    assert aligned == [True, True, False, False, False]
    assert plan.unaligned == 3
    result = write_timelapse(plan, profile.data_dir / "out.gif")
    assert (result.frames, result.unaligned) == (5, 3)


# --- lining up ------------------------------------------------------------------------------


def test_the_warp_puts_a_fixed_point_where_the_reference_has_it(profile):
    reference_image = scene()
    moved = Similarity(dx=-0.06, dy=0.03, scale=0.9, rotation_deg=2.5)  # photo → reference
    # The camera moved: the same wall, shifted, zoomed and turned, in a larger photo.
    photo_image = moved_camera(reference_image, moved, (480, 360))
    assert dot_centre(photo_image) is not None
    reference = add_photo(profile, reference_image, day(0))
    photo = add_photo(profile, photo_image, day(30))
    register(reference, reference, Similarity(), 1.0)
    register(photo, reference, moved)

    plan = plan_timelapse(TimelapseOptions())
    width, height = plan.size()
    assert (width, height) == (400, 300)  # the reference's frame
    first, second = (timelapse.render_frame(plan, frame) for frame in plan.frames)
    picture = (0, 0, width, height)
    want, got = dot_centre(first, picture), dot_centre(second, picture)

    assert want is not None and got is not None
    assert abs(want[0] - 300) < 1.0 and abs(want[1] - 80) < 1.0
    assert abs(got[0] - want[0]) < 0.01 * height and abs(got[1] - want[1]) < 0.01 * height
    # Unaligned, the same photo shows the dot elsewhere: the registration did the work.
    register(photo, reference, moved, confidence=0.1)
    unaligned = plan_timelapse(TimelapseOptions())
    assert unaligned.frames[1].similarity is None
    raw = timelapse.render_frame(unaligned, unaligned.frames[1])
    raw_dot = dot_centre(raw, picture)
    assert raw_dot is not None and abs(raw_dot[0] - want[0]) > 0.03 * height


def test_a_smaller_output_keeps_the_point_in_proportion(profile):
    reference = add_photo(profile, scene((800, 600), (600, 160)), day(0))
    moved = Similarity(dx=0.05, dy=-0.02, scale=1.1, rotation_deg=-3.0)
    photo = add_photo(
        profile, moved_camera(scene((800, 600), (600, 160)), moved, (800, 600)), day(9)
    )
    register(reference, reference, Similarity(), 1.0)
    register(photo, reference, moved)

    plan = plan_timelapse(TimelapseOptions(max_height=240))
    frame = timelapse.render_frame(plan, plan.frames[1])

    assert plan.size() == (320, 240)
    got = dot_centre(frame, (0, 0, 320, 240))
    assert got is not None
    assert abs(got[0] - 240) < 0.01 * 240 + 0.5 and abs(got[1] - 64) < 0.01 * 240 + 0.5


# --- captions -------------------------------------------------------------------------------


def bright_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    return sum(1 for value in image.convert("L").crop(box).tobytes() if value > 150)


def test_the_date_is_written_in_the_caption_band(profile):
    add_photo(profile, Image.new("RGB", (300, 400), (10, 10, 10)), day(0))
    plan = plan_timelapse(TimelapseOptions())
    frame = timelapse.render_frame(plan, plan.frames[0])
    width, height = plan.size()

    assert frame.size[1] > height  # a band under the picture
    band = (0, height, width, frame.size[1])
    assert bright_pixels(frame, band) > 100  # the date, light on dark
    plain = timelapse.render_frame(plan, timelapse.Frame(plan.frames[0].photo, None, "", ""))
    assert bright_pixels(plain, band) == 0


def log_sets(exercise_id: int, when: dt.date, sets: list[tuple[float, int]]) -> None:
    start = dt.datetime.combine(when, dt.time(18, 0))
    workout = Workout.create(started_at=start, ended_at=start + dt.timedelta(minutes=45))
    link = WorkoutExercise.create(workout=workout, exercise=exercise_id, position=0)
    for position, (weight, reps) in enumerate(sets):
        SetEntry.create(
            workout_exercise=link, position=position, weight_kg=weight, reps=reps, completed=True
        )


def test_e1rm_so_far_and_bodyweight_within_two_weeks(seeded):
    exercise_id, name = find_exercise("lat pulldown")
    log_sets(exercise_id, dt.date(2026, 1, 5), [(60.0, 10)])  # e1RM 80
    log_sets(exercise_id, dt.date(2026, 1, 20), [(50.0, 10)])  # lower: the best so far stays
    log_sets(exercise_id, dt.date(2026, 2, 10), [(90.0, 1)])  # 90
    body.set_bodyweight(dt.date(2026, 1, 1), 80.0)
    body.set_bodyweight(dt.date(2026, 2, 20), 78.5)
    for n in (0, 9, 24, 45, 60):  # 1 Jan, 10 Jan, 25 Jan, 15 Feb, 2 Mar
        add_photo(seeded, scene(), day(n))

    plan = plan_timelapse(
        TimelapseOptions(e1rm_exercise=" Lat pulldown ", bodyweight=True, unit="kg")
    )

    assert plan.exercise == name
    assert [frame.details for frame in plan.frames] == [
        f"{name} e1RM —  ·  Bodyweight 80 kg",
        f"{name} e1RM 80 kg  ·  Bodyweight 80 kg",
        f"{name} e1RM 80 kg  ·  Bodyweight —",  # 24 days after the last entry: too old
        f"{name} e1RM 90 kg  ·  Bodyweight —",
        f"{name} e1RM 90 kg  ·  Bodyweight 78.5 kg",
    ]
    in_pounds = plan_timelapse(TimelapseOptions(e1rm_exercise=name, unit="lb"))
    assert in_pounds.frames[-1].details == f"{name} e1RM 198.4 lb"
    frame = timelapse.render_frame(plan, plan.frames[1])
    width, height = plan.size()
    band = timelapse.caption_band(height, True)
    lower_line = (0, height + band * 6 // 10, width, height + band)
    assert bright_pixels(frame, lower_line) > 50  # the second line is drawn too
    with pytest.raises(UserError, match=r"No exercise called “Lat Pulldwn”\. Try one of: Lat"):
        plan_timelapse(TimelapseOptions(e1rm_exercise="Lat Pulldwn"))


# --- files ----------------------------------------------------------------------------------


def three_photos(profile) -> None:
    for n, shade in enumerate((60, 120, 180)):
        add_photo(
            profile,
            Image.new("RGB", (300, 400), (shade, 90, 200 - shade)),
            day(n * 10),
            private=True,
            fmt="JPEG",
        )


def riff_chunks(data: bytes) -> list[bytes]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, offset = [], 12
    while offset < len(data):
        kind, size = (
            data[offset : offset + 4],
            struct.unpack("<I", data[offset + 4 : offset + 8])[0],
        )
        chunks.append(kind)
        offset += 8 + size + size % 2
    return chunks


@pytest.mark.parametrize("suffix", [".webp", ".gif"])
def test_animation_is_written_readable_with_frame_times(profile, suffix):
    three_photos(profile)
    plan = plan_timelapse(TimelapseOptions(frame_ms=250))
    target = profile.data_dir / f"back{suffix}"

    result = write_timelapse(plan, target)

    assert result.path == target and result.bytes == target.stat().st_size
    with Image.open(target) as image:
        assert image.n_frames == 3 and image.is_animated
        durations = []
        for index in range(image.n_frames):
            image.seek(index)
            image.load()  # WebP tells a frame's duration once it is decoded
            durations.append(image.info["duration"])
        assert image.size == result.size
    assert durations == [250, 250, 750]  # the last frame is held three frame times
    assert not list(profile.data_dir.glob(".*.part"))


def test_no_metadata_in_the_output(profile):
    three_photos(profile)
    plan = plan_timelapse(TimelapseOptions())
    webp = write_timelapse(plan, profile.data_dir / "back.webp").path.read_bytes()
    gif = write_timelapse(plan, profile.data_dir / "back.gif").path.read_bytes()

    assert set(riff_chunks(webp)) <= {b"VP8X", b"ANIM", b"ANMF"}
    assert b"Secret Phone" not in webp and b"Secret Phone" not in gif
    with Image.open(io.BytesIO(webp)) as image:
        assert not {"exif", "xmp", "icc_profile"} & set(image.info)
    with Image.open(io.BytesIO(gif)) as image:
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
    # Only the loop block (NETSCAPE2.0) as an application extension, no comment blocks.
    assert gif.count(b"\x21\xff") == 1 and b"NETSCAPE2.0" in gif
    assert b"\x21\xfe" not in gif


def test_mp4_is_refused_clearly_without_its_encoder(profile, monkeypatch):
    three_photos(profile)
    monkeypatch.setattr(timelapse, "mp4_available", lambda: False)
    plan = plan_timelapse(TimelapseOptions())
    target = profile.data_dir / "back.mp4"

    with pytest.raises(UserError, match=r"MP4 needs the optional PyAV package \(pip install av\)"):
        write_timelapse(plan, target)
    with pytest.raises(UserError, match=r"saved as \.webp or \.gif .* not “\.png”"):
        write_timelapse(plan, profile.data_dir / "back.png")
    assert not target.exists() and not (profile.data_dir / "back.png").exists()


def test_mp4_is_written_when_pyav_is_installed(profile):
    av = pytest.importorskip("av")
    three_photos(profile)
    plan = plan_timelapse(TimelapseOptions(frame_ms=500))

    result = write_timelapse(plan, profile.data_dir / "back.mp4")

    with av.open(str(result.path)) as container:
        stream = container.streams.video[0]
        frames = list(container.decode(stream))
        assert (stream.codec_context.width, stream.codec_context.height) == result.size
        assert len(frames) >= 3
        assert float(frames[-1].pts * frames[-1].time_base) == pytest.approx(2.5, abs=0.05)


def test_a_missing_folder_or_cancel_writes_nothing(profile):
    three_photos(profile)
    plan = plan_timelapse(TimelapseOptions())
    with pytest.raises(UserError, match=r"the folder .*nowhere does not exist"):
        write_timelapse(plan, profile.data_dir / "nowhere" / "back.gif")
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1

    target = profile.data_dir / "back.gif"
    with pytest.raises(UserError, match="cancelled; nothing was saved"):
        write_timelapse(plan, target, cancelled=cancelled)
    assert not target.exists()


def test_a_missing_photo_file_is_named(profile):
    three_photos(profile)
    plan = plan_timelapse(TimelapseOptions())
    plan.frames[1].photo.path.unlink()
    with pytest.raises(UserError, match=r"The photo file .*\.jpg is missing\."):
        write_timelapse(plan, profile.data_dir / "back.webp")
    assert not (profile.data_dir / "back.webp").exists()


def test_frames_are_decoded_reduced(profile, monkeypatch):
    """A 12 MP JPEG is decoded at a fraction of its size for a 240 px frame."""
    add_photo(profile, Image.new("RGB", (4000, 3000), (90, 90, 90)), day(0), fmt="JPEG")
    plan = plan_timelapse(TimelapseOptions(max_height=240))
    sizes = []
    real_open = timelapse.photo_files.open_upright

    def spy(*args, **kwargs):
        image = real_open(*args, **kwargs)
        sizes.append(image.size)
        return image

    monkeypatch.setattr(timelapse.photo_files, "open_upright", spy)
    frame = timelapse.render_frame(plan, plan.frames[0])

    assert frame.size[0] == 320
    assert sizes and sizes[0][0] <= 4000 // 8 + 1  # JPEG draft at 1/8 scale


def test_a_photo_kept_with_its_orientation_tag_is_shown_upright(profile):
    """Managed JPEGs keep their Orientation tag (lossless ingest); frames apply it."""
    upright = Image.new("RGB", (120, 160), (40, 40, 200))
    ImageDraw.Draw(upright).rectangle((0, 0, 119, 30), fill=DOT)  # red along the top
    profile.photos_dir.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # turn 90° clockwise to show
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    stored.save(profile.photos_dir / "turned.jpg", "JPEG", quality=95, exif=exif.tobytes())
    photo_store.insert_photo(
        sha256="turned",
        file_name="turned.jpg",
        original_name="turned.jpg",
        taken_at=day(0),
        date_source="exif",
        pose="back",
        width=120,
        height=160,
    )

    plan = plan_timelapse(TimelapseOptions())
    frame = timelapse.render_frame(plan, plan.frames[0])

    assert plan.size() == (120, 160)
    red = dot_centre(frame, (0, 0, 120, 160))
    assert red is not None and red[1] < 25 and abs(red[0] - 60) < 3
