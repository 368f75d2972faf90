"""Privacy: the data folder is private to its owner, and photos keep no GPS or device data.

One real session under a permissive umask (022, the usual default): the app is started and
stopped as a person would (the log, the window state, the rolling backup), photos with GPS,
camera make/model, serial numbers, maker notes, XMP, IPTC and comments are imported by the
command line, a workout is logged through the services, a comparison image, a CSV and a
backup are exported. Then every folder in the data folder must be 0700 and every file 0600,
and every managed photo, thumbnail and exported image is read back for metadata.

User-chosen export targets (CSV, backup, comparison image) are written 0600 as well: they
hold the same private data, and the person can share them on purpose. The test asserts at
least that none is group- or world-writable, and documents that they are 0600.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import signal
import stat
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from backtracker.domain import clock
from tests.services.test_photos import HEIC_SAMPLE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
MAKE, MODEL, SOFTWARE, ARTIST = 0x010F, 0x0110, 0x0131, 0x013B
ORIENTATION = 0x0112
DATETIME_ORIGINAL, MAKER_NOTE, BODY_SERIAL, LENS_SERIAL = 0x9003, 0x927C, 0xA431, 0xA435
SECRETS = (b"Acme", b"Phone 9", b"AcmeCam", b"SN-4242", b"LENS-77", b"Jo Bloggs", b"secret")
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'tiff:Make="Acme" exif:GPSLatitude="52,31.2N" xmp:Comment="secret"/></rdf:RDF></x:xmpmeta>'
)


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def full_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[SOFTWARE] = "Acme", "Phone 9", "AcmeCam 1.0"
    exif[ARTIST] = "Jo Bloggs"
    exif[EXIF_IFD] = {
        DATETIME_ORIGINAL: "2024:05:01 07:30:00",
        BODY_SERIAL: "SN-4242",
        LENS_SERIAL: "LENS-77",
        MAKER_NOTE: b"Acme maker note " * 64,
    }
    exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 1.0), 6: 34.0}
    return exif


def picture(size: tuple[int, int] = (160, 120)) -> Image.Image:
    image = Image.new("RGB", size, (40, 80, 160))
    image.paste((220, 30, 30), (0, 0, size[0] // 3, size[1] // 3))
    return image


def with_iptc(jpeg: bytes) -> bytes:
    """An IPTC block (APP13, Photoshop 3.0) with a caption, right after SOI."""
    record = b"\x1c\x02\x78" + struct.pack(">H", 22) + b"secret caption at home"
    payload = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def make_sources(folder: Path) -> list[Path]:
    folder.mkdir()
    buffer = io.BytesIO()
    picture().save(buffer, "JPEG", exif=full_exif(), comment=b"secret comment", xmp=XMP, quality=90)
    upright = folder / "upright.jpg"
    upright.write_bytes(with_iptc(buffer.getvalue()))
    rotated_exif = full_exif()
    rotated_exif[0x0112] = 6  # re-encoded path: turned upright
    picture().save(folder / "rotated.jpg", "JPEG", exif=rotated_exif, comment=b"secret")
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret comment")
    info.add_text("XML:com.adobe.xmp", XMP.decode())
    picture((90, 90)).save(folder / "shot.png", "PNG", exif=full_exif(), pnginfo=info)
    picture((100, 70)).save(folder / "shot.webp", "WEBP", exif=full_exif(), xmp=XMP)
    (folder / "phone.heic").write_bytes(HEIC_SAMPLE)  # GPS, Make "Acme", Model "Phone 9"
    return sorted(folder.iterdir())


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "backtracker", *args],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(0o022),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done


def _shown(log: Path) -> int:
    return log.read_text().count("Main window shown") if log.exists() else 0


def open_and_close_the_app(data: Path) -> None:
    log = data / "backtracker.log"
    before = _shown(log)
    process = subprocess.Popen(
        [sys.executable, "-m", "backtracker", "--data-dir", str(data)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.umask(0o022),  # noqa: PLW1509 - no threads run in the child yet
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if _shown(log) > before:
                break
            time.sleep(0.1)
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr


def log_a_workout_and_export_a_comparison(data: Path, target: Path) -> None:
    from backtracker.services import logbook, photos
    from backtracker.services.preferences import Preferences
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.models import Exercise

    open_database(data / "backtracker.sqlite3")
    try:
        prefs = Preferences()
        workout = logbook.start_workout(prefs, started_at=clock.now() - dt.timedelta(hours=1))
        exercise = Exercise.get(Exercise.tracking == "weight_reps")
        link = logbook.add_exercise(workout, exercise.id, prefs)
        values = logbook.parse_set("weight_reps", "kg", logbook.SetInput(weight="40", reps="10"))
        set_id = logbook.add_set(link, values)
        logbook.complete_set(logbook.get_workout(workout).exercises[0], set_id)
        logbook.finish_workout(workout)
        left, right = photos.list_photos()[:2]
        photos.export_comparison(left, right, target, caption_left="May", caption_right="June")
    finally:
        close_database()


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("privacy")
    data, exports = root / "profile", root / "exports"
    exports.mkdir()
    sources = make_sources(root / "camera")
    run_cli("--data-dir", str(data), "photos", "import", *map(str, sources))
    open_and_close_the_app(data)  # seeds, rolling backup on the next start, log, window state
    with umask(0o022):
        log_a_workout_and_export_a_comparison(data, exports / "compare.jpg")
    run_cli("--data-dir", str(data), "export", str(exports / "sets.csv"))
    run_cli("--data-dir", str(data), "backup", str(exports / "backup.zip"))
    open_and_close_the_app(data)  # a second start makes the rolling backup of a changed db
    return {"data": data, "exports": exports, "sources": root / "camera"}


def test_the_session_made_what_it_should(session):
    data = session["data"]
    assert len(list((data / "photos").iterdir())) == 5
    assert len(list((data / "thumbnails").iterdir())) == 5
    assert list((data / "backups").glob("auto-*.sqlite3"))
    assert (data / "backtracker.log").exists() and (data / "window-state.ini").exists()
    for name in ("compare.jpg", "sets.csv", "backup.zip"):
        assert (session["exports"] / name).stat().st_size > 0


def test_every_folder_is_0700_and_every_file_0600(session):
    data = session["data"]
    found = {data: stat.S_IMODE(data.stat().st_mode)}
    for path in data.rglob("*"):
        found[path] = stat.S_IMODE(path.lstat().st_mode)
    wrong = {
        str(path.relative_to(data.parent)): oct(mode)
        for path, mode in found.items()
        if mode != (0o700 if path.is_dir() else 0o600)
    }
    assert wrong == {}
    assert len(found) > 15


def test_exports_are_private_too(session):
    for path in session["exports"].iterdir():
        mode = stat.S_IMODE(path.stat().st_mode)
        assert not mode & (stat.S_IWGRP | stat.S_IWOTH), path
        assert mode == 0o600, f"{path.name} is {oct(mode)}"


def assert_no_metadata(path: Path, *, may_keep_date: bool) -> None:
    data = path.read_bytes()
    for secret in (*SECRETS, b"xmpmeta", b"Photoshop 3.0", b"8BIM"):
        assert secret not in data, f"{path.name} holds {secret!r}"
    with Image.open(path) as image:
        exif = image.getexif()
        assert exif.get_ifd(GPS_IFD) == {}, path.name
        assert GPS_IFD not in exif
        for tag in (MAKE, MODEL, SOFTWARE, ARTIST):
            assert tag not in exif
        allowed = {DATETIME_ORIGINAL} if may_keep_date else set()
        assert set(exif.get_ifd(EXIF_IFD)) <= allowed, path.name
        # A managed JPEG keeps its Orientation, applied when shown (services.photo_files).
        assert set(exif) <= ({EXIF_IFD, ORIENTATION} if may_keep_date else set()), path.name
        for key in ("xmp", "XML:com.adobe.xmp", "comment", "Comment", "photoshop", "iptc"):
            assert key not in image.info, f"{path.name} keeps {key}"
        if image.format == "JPEG":
            kept = {marker for marker, _ in image.applist}
            assert kept <= {"APP0", "APP1", "APP2", "APP14"}, kept
            for marker, payload in image.applist:
                if marker == "APP1":
                    assert payload.startswith(b"Exif\0\0") and may_keep_date


def test_managed_photos_keep_only_the_capture_date(session):
    managed = sorted((session["data"] / "photos").iterdir())
    assert len(managed) == 5
    for path in managed:
        assert_no_metadata(path, may_keep_date=True)


def test_thumbnails_and_the_exported_comparison_keep_nothing(session):
    for path in [*(session["data"] / "thumbnails").iterdir(), session["exports"] / "compare.jpg"]:
        assert_no_metadata(path, may_keep_date=False)


def test_the_originals_still_hold_their_metadata(session):
    """The check above can fail: the sources really carry what must be removed."""
    upright = (session["sources"] / "upright.jpg").read_bytes()
    for secret in (*SECRETS, b"xmpmeta", b"Photoshop 3.0"):
        assert secret in upright
    with Image.open(session["sources"] / "shot.png") as png:
        assert png.getexif().get_ifd(GPS_IFD)


def test_the_write_ahead_log_files_are_private_while_the_database_is_open(session):
    """-wal and -shm exist only while the database is open; SQLite gives them its mode."""
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.models import Setting

    database = session["data"] / "backtracker.sqlite3"
    with umask(0o022):
        open_database(database)
        try:
            Setting.select().count()
            companions = [database.with_name(database.name + s) for s in ("-wal", "-shm")]
            assert all(path.exists() for path in companions)
            assert {stat.S_IMODE(path.stat().st_mode) for path in companions} == {0o600}
        finally:
            close_database()
