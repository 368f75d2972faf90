"""`backtracker photos timelapse OUT`, run as a person would, in a subprocess."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from backtracker.storage.database import close_database


def run_timelapse(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "backtracker",
            "photos",
            "timelapse",
            *args,
            "--data-dir",
            str(data),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def forget_alignments() -> None:
    """As before `photos align` ran: no photo has a registration (import may align them)."""
    from backtracker.storage.models import Photo

    Photo.update(
        aligned_to=None,
        aligned_dx=None,
        aligned_dy=None,
        aligned_scale=None,
        aligned_rotation_deg=None,
        aligned_confidence=None,
        aligned_method=None,
    ).execute()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A profile with four back photos (Jan–Apr 2026), one front photo, Lat Pulldown sets
    and a bodyweight; the database is closed again, as the command finds it."""
    from backtracker.cli.commands import open_profile
    from backtracker.services import photos
    from backtracker.storage import body
    from backtracker.storage.models import SetEntry, Workout, WorkoutExercise
    from backtracker.storage.progress import find_exercise

    folder = tmp_path / "data"
    camera = tmp_path / "camera"
    camera.mkdir()
    profile = open_profile(folder)
    try:
        for month in (1, 2, 3, 4):
            exif = Image.Exif()
            exif.get_ifd(0x8769)[0x9003] = f"2026:{month:02d}:10 07:30:00"
            Image.new("RGB", (90, 120), (40 * month, 90, 120)).save(
                camera / f"back-{month}.jpg", exif=exif
            )
        photos.ingest(list(camera.iterdir()), profile.photos_dir, tmp_path / "thumbs")
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9003] = "2026:02:01 07:30:00"
        Image.new("RGB", (90, 120), (10, 10, 10)).save(tmp_path / "front.jpg", exif=exif)
        photos.ingest(
            [tmp_path / "front.jpg"], profile.photos_dir, tmp_path / "thumbs", pose="front"
        )
        exercise_id, _ = find_exercise("Lat Pulldown")
        start = dt.datetime(2026, 2, 1, 18, 0)
        workout = Workout.create(started_at=start, ended_at=start + dt.timedelta(hours=1))
        link = WorkoutExercise.create(workout=workout, exercise=exercise_id, position=0)
        SetEntry.create(workout_exercise=link, position=0, weight_kg=60, reps=10, completed=True)
        body.set_bodyweight(dt.date(2026, 3, 5), 79.0)
        forget_alignments()
    finally:
        close_database()
    return folder


def test_writes_a_gif_of_the_range_and_says_what_it_wrote(data, tmp_path):
    out = tmp_path / "back.gif"

    result = run_timelapse(
        data,
        str(out),
        "--from",
        "2026-02-01",
        "--to",
        "2026-03-31",
        "--frame-ms",
        "300",
        "--caption",
        "e1rm:lat pulldown",
        "--bodyweight",
    )

    assert result.returncode == 0, result.stderr
    assert f"Wrote {out} (GIF, 2 frames of 90×" in result.stdout
    assert "300 ms each" in result.stdout
    assert "2 of 2 photos not aligned" in result.stdout  # none has an alignment yet
    with Image.open(out) as image:
        assert image.n_frames == 2
        image.seek(1)
        assert image.info["duration"] == 900


def test_an_existing_file_is_kept_unless_forced(data, tmp_path):
    out = tmp_path / "back.webp"
    out.write_bytes(b"mine")

    refused = run_timelapse(data, str(out))

    assert refused.returncode == 2
    assert "already exists; pass --force to replace it" in refused.stderr
    assert out.read_bytes() == b"mine"
    forced = run_timelapse(data, str(out), "--force", "--pose", "front")
    assert forced.returncode == 0, forced.stderr
    assert "(WebP, 1 frame of" in forced.stdout and "not aligned" in forced.stdout
    with Image.open(out) as image:
        assert image.format == "WEBP"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2027-01-01"], "No back photos from 1 Jan 2027 on."),
        (["--from", "2026-04-01", "--to", "2026-03-01"], "starts on 1 Apr 2026, after it ends"),
        (["--caption", "e1rm:Lat Pulldwn"], "No exercise called “Lat Pulldwn”. Try one of:"),
        (["--from", "2026-02-30"], "“2026-02-30” is not a date; write it as YYYY-MM-DD"),
        (["--frame-ms", "fast"], "milliseconds per frame as a whole number from 20 to 10000"),
        (["--caption", "reps:Row"], "“reps:Row” is not a caption; write e1rm:EXERCISE"),
    ],
)
def test_bad_input_is_refused_clearly(data, tmp_path, args, message):
    out = tmp_path / "back.gif"

    result = run_timelapse(data, str(out), *args)

    assert result.returncode == 2
    assert message in result.stderr
    assert not out.exists()


def test_formats_and_places_it_cannot_write(data, tmp_path):
    png = run_timelapse(data, str(tmp_path / "back.png"))
    assert png.returncode == 2 and "saved as .webp or .gif" in png.stderr
    missing = run_timelapse(data, str(tmp_path / "nowhere" / "back.gif"))
    assert missing.returncode == 2
    assert "the folder" in missing.stderr and "does not exist" in missing.stderr
    folder = run_timelapse(data, str(tmp_path))
    assert folder.returncode == 2
    if sys.modules.get("av") is None:
        try:
            import av  # noqa: F401
        except ImportError:
            mp4 = run_timelapse(data, str(tmp_path / "back.mp4"))
            assert mp4.returncode == 2 and "MP4 needs the optional PyAV package" in mp4.stderr
    assert not list(tmp_path.glob("back.*"))


def test_only_reads_and_never_creates_a_profile(tmp_path):
    nothing = tmp_path / "nothing"

    result = run_timelapse(nothing, str(tmp_path / "back.gif"))

    assert result.returncode == 2
    assert not nothing.exists()


def test_aligned_photos_get_no_note(data, tmp_path):
    from backtracker.cli.commands import open_profile
    from backtracker.storage.models import Photo

    open_profile(data, create=False)
    try:
        backs = list(Photo.select().where(Photo.pose == "back").order_by(Photo.taken_at))
        for photo in backs:
            Photo.update(
                aligned_to=backs[0].id,
                aligned_dx=0.0,
                aligned_dy=0.01,
                aligned_scale=1.0,
                aligned_rotation_deg=0.5,
                aligned_confidence=0.3 if photo is backs[-1] else 0.9,
                aligned_method="test",
            ).where(Photo.id == photo.id).execute()
    finally:
        close_database()
    out = tmp_path / "back.webp"

    result = run_timelapse(data, str(out), "--to", "2026-03-31")

    assert result.returncode == 0, result.stderr
    assert "3 frames" in result.stdout and "not aligned" not in result.stdout
    everything = run_timelapse(data, str(out), "--force")
    assert "1 of 4 photos not aligned" in everything.stdout  # April's is doubtful
