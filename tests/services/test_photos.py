"""Photo ingest, the gallery's edits, compare numbers and export, on files made here."""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import re
import struct
import zlib
from pathlib import Path

import peewee
import pytest
from PIL import Image, ImageCms

from backtracker.domain import clock
from backtracker.domain.errors import UserError, ValidationError
from backtracker.domain.photos import Alignment, Pose, parse_exif_datetime
from backtracker.services import photo_files, photos
from backtracker.services.photos import ingest

RED, GREEN, BLUE = (230, 20, 20), (20, 200, 40), (20, 60, 200)
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
MAKE, MODEL, SOFTWARE, ORIENTATION = 0x010F, 0x0110, 0x0131, 0x0112
DATETIME_ORIGINAL = 0x9003

# A 64×48 HEIC (red block top left) with a 32×24 embedded thumbnail and EXIF holding a
# capture date, Make "Acme", Model "Phone 9" and GPS; made once with libheif's heif-enc,
# because pi-heif cannot encode.
HEIC_SAMPLE = base64.b64decode(
    """
AAAAKGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZm1pZjFoZWljbWlhZgAAAwxtZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0
AAAAAAAAAAAAAAAAAAAAAA5waXRtAAAAAAACAAAAGGlkYXQAAAAAAEAAMAAAAAAAIAAYAAAAdGlsb2MBAAAAREAABQABAAAA
AAAAAzwAAQAAAAAAAABTAAIAAQAAAAAAAAABAAAAAAAAAAgAAwAAAAAAAAOPAAEAAAAAAAAAuAAEAAAAAAAABEcAAQAAAAAA
AABIAAUAAQAAAAAAAAABAAAACAAAAAgAAAB3aWluZgAAAAAABQAAABVpbmZlAgAAAQABAABodmMxAAAAABVpbmZlAgAAAAAC
AABncmlkAAAAABVpbmZlAgAAAQADAABFeGlmAAAAABVpbmZlAgAAAQAEAABodmMxAAAAABVpbmZlAgAAAAAFAABncmlkAAAA
AYppcHJwAAABXmlwY28AAABzaHZjQwEDcAAAAAAAAAAAAB7wAPz9+PgAAA8DIAABABhAAQwB//8DcAAAAwCQAAADAAADAB66
AkAhAAEAJ0IBAQNwAAADAJAAAAMAAAMAHqAggQWW6uSmubAgAAADACAAAAMAISIAAQAGRAHBc8CJAAAAFGlzcGUAAAAAAAAA
QAAAAEAAAAAUaXNwZQAAAAAAAABAAAAAMAAAABBwaXhpAAAAAAMICAgAAABzaHZjQwEDcAAAAAAAAAAAAB7wAPz9+PgAAA8D
IAABABhAAQwB//8DcAAAAwCQAAADAAADAB66AkAhAAEAJ0IBAQNwAAADAJAAAAMAAAMAHqAggQWW6q6a5sCAAAADAIAAAAMA
hCIAAQAGRAHBc8GJAAAAFGlzcGUAAAAAAAAAQAAAAEAAAAAUaXNwZQAAAAAAAAAgAAAAGAAAABBwaXhpAAAAAAMICAgAAAAk
aXBtYQAAAAAAAAAEAAECgQIAAgIDhAAEAoUGAAUCB4gAAABEaXJlZgAAAAAAAAAOZGltZwACAAEAAQAAAA5jZHNjAAMAAQAC
AAAADmRpbWcABQABAAQAAAAOdGhtYgAFAAEAAgAAAVttZGF0AAAATygBr1jgw7qSaZ/9/ir8AdluQvt20WU5vv1ZN45zQqjA
UpxX8mOpFeRAoHg/f9EnjlyRxggdrgRjqiJ+xl0N1v718wID/iCZLLuQo1tdCxcAAAAATU0AKgAAAAgABQEPAAIAAAAFAAAA
SgEQAAIAAAAIAAAAUAESAAMAAAABAAEAAIdpAAQAAAABAAAAWIglAAQAAAABAAAAfgAAAABBY21lAABQaG9uZSA5AAABkAMA
AgAAABQAAABqAAAAADIwMjM6MDM6MDQgMDU6MDY6MDcAAAIAAQACAAAAAk4AAAAAAgAFAAAAAwAAAJwAAAAAAAAANAAAAAEA
AAAfAAAAAQAAAAwAAAABAAAARCgBr1IakcSA8pQmCQxD4L3Vdifou0Tx/2b8Xx2IDG71eTjR4kzdPOL3byyqxv2iKQb07UzM
smk1TW2apkDgxojc3XHg
"""
)


# --- making files ---------------------------------------------------------------------------


def marked(size: tuple[int, int] = (120, 80)) -> Image.Image:
    """Blue with a red block top left and a green one top right: shows which way is up."""
    image = Image.new("RGB", size, BLUE)
    width, height = size
    image.paste(RED, (0, 0, width // 4, height // 4))
    image.paste(GREEN, (width - width // 4, 0, width, height // 4))
    return image


def exif_bytes(
    *,
    orientation: int | None = None,
    taken: str | None = None,
    gps: bool = False,
    device: bool = False,
) -> bytes:
    exif = Image.Exif()
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if device:
        exif[MAKE], exif[MODEL], exif[SOFTWARE] = "Acme", "Phone 9", "AcmeCam 1.0"
    if taken is not None:
        exif[EXIF_IFD] = {DATETIME_ORIGINAL: taken, 0xA431: "SN-4242"}  # + BodySerialNumber
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 1.0)}
    return exif.tobytes()


def write_jpeg(path: Path, image: Image.Image | None = None, **exif: object) -> Path:
    (image or marked()).save(path, "JPEG", quality=95, exif=exif_bytes(**exif))
    return path


def noisy_jpeg(path: Path, size: tuple[int, int] = (640, 480)) -> Path:
    Image.effect_noise(size, 40).convert("RGB").save(path, "JPEG", quality=90)
    return path


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header for a huge RGB image, without any image data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


# Orientation n is undone by this transpose (what a viewer does to show the image upright).
UNDO = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# ... so the stored pixels are the upright picture under the inverse transpose.
DO = {**UNDO, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}


def is_red(pixel: tuple[int, ...]) -> bool:
    r, g, b = pixel[:3]
    return r > 150 and g < 100 and b < 100


def is_green(pixel: tuple[int, ...]) -> bool:
    r, g, b = pixel[:3]
    return g > 150 and r < 100 and b < 100


def upright_marker(image: Image.Image) -> bool:
    """Red top left, green top right, neither bottom right."""
    rgb = image.convert("RGB")
    w, h = rgb.size
    left, right, top, bottom = w // 16, w - 1 - w // 16, h // 16, h - 1 - h // 16
    corner = rgb.getpixel((right, bottom))
    return (
        is_red(rgb.getpixel((left, top)))
        and is_green(rgb.getpixel((right, top)))
        and not is_red(corner)
        and not is_green(corner)
    )


class Originals:
    """Remembers files' bytes and times, to prove ingest never touched them."""

    def __init__(self, *paths: Path) -> None:
        self.state = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}

    def unchanged(self) -> bool:
        return all(
            p.read_bytes() == data and p.stat().st_mtime_ns == mtime
            for p, (data, mtime) in self.state.items()
        )


@pytest.fixture
def dirs(profile):
    return profile.photos_dir, photos.thumbnails_dir(profile.data_dir)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "camera"
    folder.mkdir()
    return folder


def run(paths: list[Path], dirs: tuple[Path, Path], **options) -> photos.IngestReport:
    return ingest(paths, *dirs, **options)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- orientation, dates and metadata --------------------------------------------------------


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orientation_is_applied_to_the_copy_and_the_thumbnail(orientation, dirs, source):
    upright = marked((120, 80))
    stored = upright if orientation == 1 else upright.transpose(DO[orientation])
    path = write_jpeg(source / f"o{orientation}.jpg", stored, orientation=orientation)
    assert upright_marker(stored) == (orientation == 1)  # the test image itself is turned
    originals = Originals(path)

    report = run([path], dirs)

    (info,) = report.imported
    assert (info.width, info.height) == (120, 80)
    with Image.open(info.path) as copy:  # the pixels as the camera stored them, and the tag
        assert copy.getexif().get(ORIENTATION, 1) == orientation
    copy = photo_files.open_upright(info.path)
    assert copy.size == (120, 80)
    assert upright_marker(copy)
    with Image.open(photos.thumbnail_path(info, dirs[1])) as thumb:
        assert thumb.size == (120, 80)  # never enlarged
        assert upright_marker(thumb)
    assert originals.unchanged()


def test_a_large_photo_gets_a_small_thumbnail(dirs, source):
    portrait = marked((1200, 1600))
    path = write_jpeg(source / "big.jpg", portrait.transpose(DO[6]), orientation=6)
    (info,) = run([path], dirs).imported
    assert (info.width, info.height) == (1200, 1600)
    with Image.open(photos.thumbnail_path(info, dirs[1])) as thumb:
        assert thumb.size == (240, 320) and thumb.format == "JPEG"
        assert upright_marker(thumb)


def test_date_comes_from_exif_and_only_it_is_kept(dirs, source):
    path = write_jpeg(
        source / "dated.jpg", taken="2024:05:01 07:30:15", gps=True, device=True, orientation=1
    )
    with Image.open(path) as original:  # what the test file holds
        assert original.getexif().get_ifd(GPS_IFD) and original.getexif()[MAKE] == "Acme"

    (info,) = run([path], dirs).imported

    assert info.taken_at == dt.datetime(2024, 5, 1, 7, 30, 15)
    assert info.date_source == "exif"
    assert info.path == dirs[0] / f"{info.sha256}.jpg" and info.path.is_absolute()
    with Image.open(info.path) as copy:
        exif = copy.getexif()
        assert exif.get_ifd(GPS_IFD) == {}
        assert GPS_IFD not in exif
        assert set(exif) == {EXIF_IFD}  # no Make, Model, Software, Orientation
        assert exif.get_ifd(EXIF_IFD) == {DATETIME_ORIGINAL: "2024:05:01 07:30:15"}
    data = info.path.read_bytes()
    for secret in (b"Acme", b"Phone 9", b"SN-4242", b"AcmeCam"):
        assert secret not in data


def test_rotated_copy_also_loses_gps_and_device(dirs, source):
    path = write_jpeg(
        source / "turned.jpg", taken="2023:01:02 03:04:05", gps=True, device=True, orientation=6
    )
    (info,) = run([path], dirs).imported
    with Image.open(info.path) as copy:
        exif = copy.getexif()
        assert set(exif) == {EXIF_IFD, ORIENTATION} and exif.get_ifd(GPS_IFD) == {}
        assert exif[ORIENTATION] == 6  # applied when shown (photo_files.open_upright)
        assert exif.get_ifd(EXIF_IFD) == {DATETIME_ORIGINAL: "2023:01:02 03:04:05"}
    assert b"Acme" not in info.path.read_bytes()


def test_xmp_comments_and_appended_data_are_dropped_but_pixels_kept(dirs, source):
    path = source / "xmp.jpg"
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><tiff:Make>Acme</tiff:Make></x:xmpmeta>'
    marked().save(buffer, "JPEG", quality=95, exif=exif_bytes(device=True), xmp=xmp)
    jpeg = buffer.getvalue()
    # A comment segment right after SOI, and a second picture appended after EOI (as MPF does).
    comment = b"\xff\xfe" + (len(b"Shot on Acme") + 2).to_bytes(2, "big") + b"Shot on Acme"
    path.write_bytes(jpeg[:2] + comment + jpeg[2:] + b"Acme trailing preview")

    (info,) = run([path], dirs).imported

    data = info.path.read_bytes()
    assert b"Acme" not in data and b"xmpmeta" not in data
    assert data.endswith(b"\xff\xd9")
    with Image.open(info.path) as copy, Image.open(io.BytesIO(jpeg)) as original:
        assert copy.tobytes() == original.tobytes()  # the image data was not re-encoded


def test_icc_profile_is_kept_without_device_fields(dirs, source):
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[48:56] = b"ACMEPH09"
    path = source / "icc.jpg"
    marked().save(path, "JPEG", icc_profile=bytes(profile))

    (info,) = run([path], dirs).imported

    with Image.open(info.path) as copy:
        kept = copy.info["icc_profile"]
    assert kept[48:56] == bytes(8) and kept[84:100] == bytes(16)
    assert kept[:48] == profile[:48] and kept[100:] == profile[100:]


def test_missing_date_falls_back_to_the_file_time(dirs, source):
    path = write_jpeg(source / "undated.jpg")
    moment = dt.datetime(2022, 8, 9, 10, 11, 12)
    os.utime(path, (moment.timestamp(), moment.timestamp()))

    (info,) = run([path], dirs).imported

    assert info.taken_at == moment and info.date_source == "file"
    with Image.open(info.path) as copy:
        assert dict(copy.getexif()) == {}


def test_png_and_webp_keep_their_format(dirs, source):
    png = source / "alpha.png"
    image = marked().convert("RGBA")
    image.putpixel((119, 79), (0, 0, 0, 0))
    image.save(png, exif=exif_bytes(taken="2021:02:03 04:05:06", gps=True, device=True))
    webp = source / "lossless.webp"
    marked().save(webp, lossless=True)

    report = run([png, webp], dirs)

    by_name = {info.original_name: info for info in report.imported}
    with Image.open(by_name["alpha.png"].path) as copy:
        assert copy.format == "PNG" and copy.mode == "RGBA"
        assert copy.getpixel((119, 79))[3] == 0
        assert copy.getexif().get_ifd(GPS_IFD) == {} and MAKE not in copy.getexif()
    assert by_name["alpha.png"].taken_at == dt.datetime(2021, 2, 3, 4, 5, 6)
    with Image.open(by_name["lossless.webp"].path) as copy:
        assert copy.format == "WEBP"
        assert copy.convert("RGB").tobytes() == marked().tobytes()  # still lossless


# --- duplicates and bad files ---------------------------------------------------------------


def test_same_bytes_under_another_name_are_a_duplicate(dirs, source):
    first = write_jpeg(source / "IMG_0001.jpg", taken="2024:01:01 08:00:00")
    second = source / "copy of it.JPEG"
    second.write_bytes(first.read_bytes())

    report = run([first, second], dirs)
    again = run([source], dirs)

    assert [i.original_name for i in report.imported] == ["IMG_0001.jpg"]
    assert report.duplicates == [second]
    assert again.imported == [] and sorted(again.duplicates) == sorted([first, second])
    assert len(photos.list_photos()) == 1
    assert len(files_in(dirs[0])) == 1 and len(files_in(dirs[1])) == 1


def test_bad_files_are_refused_with_reasons_and_the_batch_goes_on(
    dirs, source, monkeypatch: pytest.MonkeyPatch
):
    good = write_jpeg(source / "a-good.jpg")
    empty = source / "empty.jpg"
    empty.write_bytes(b"")
    text = source / "notes.jpg"
    text.write_text("shopping list: eggs, oats")
    whole = noisy_jpeg(source / "whole.jpg", (300, 300)).read_bytes()
    truncated = source / "truncated.jpg"
    truncated.write_bytes(whole[: len(whole) // 2])
    bomb = source / "bomb.png"
    bomb.write_bytes(png_claiming(20_000, 20_000))
    big = write_jpeg(source / "big.jpg", marked((400, 300)))
    gif = source / "anim.gif"
    marked().save(gif)
    missing = source / "gone.jpg"
    originals = Originals(good, empty, text, truncated, bomb, big, gif)
    monkeypatch.setattr(photos, "MAX_PIXELS", 100_000)

    report = run([good, empty, text, truncated, bomb, big, gif, missing], dirs)

    assert [i.original_name for i in report.imported] == ["a-good.jpg"]
    reasons = {r.path.name: r.reason for r in report.refused}
    assert reasons == {
        "empty.jpg": "empty file",
        "notes.jpg": "not an image",
        "truncated.jpg": "truncated or damaged image",
        "bomb.png": "image too large (400 megapixels; the limit is 0.1)",
        "big.jpg": "image too large (0.12 megapixels; the limit is 0.1)",
        "anim.gif": "unsupported type .gif",
        "gone.jpg": "file not found",
    }
    assert originals.unchanged()
    assert files_in(dirs[0]) == [report.imported[0].path.name]  # no temp files, no orphans


def test_pillow_bomb_guard_is_turned_into_a_refusal(dirs, source):
    bomb = source / "bomb.png"
    bomb.write_bytes(png_claiming(10_000, 10_000))  # 100 MP: Pillow warns, we refuse
    (refusal,) = run([bomb], dirs).refused
    assert refusal.reason == "image too large (100 megapixels; the limit is 80)"


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, -2])
def test_a_jpeg_cut_anywhere_is_refused(dirs, source, keep):
    whole = noisy_jpeg(source / "w.jpg", (800, 600)).read_bytes()
    damaged = source / "cut.jpg"
    damaged.write_bytes(whole[: int(len(whole) * keep)] if keep > 0 else whole[:keep])
    (refusal,) = run([damaged], dirs).refused
    assert refusal.reason == "truncated or damaged image"
    assert files_in(dirs[0]) == [] and files_in(dirs[1]) == []


# --- HEIC -----------------------------------------------------------------------------------


def test_heic_is_decoded_and_stored_as_jpeg_without_metadata(dirs, source):
    pytest.importorskip("pi_heif")
    path = source / "IMG_0042.HEIC"
    path.write_bytes(HEIC_SAMPLE)

    (info,) = run([path], dirs).imported

    assert (info.width, info.height) == (64, 48) and info.path.suffix == ".jpg"
    assert info.taken_at == dt.datetime(2023, 3, 4, 5, 6, 7) and info.date_source == "exif"
    with Image.open(info.path) as copy:
        assert copy.format == "JPEG"
        assert is_red(copy.getpixel((3, 3))) and not is_red(copy.getpixel((60, 44)))
        assert set(copy.getexif()) == {EXIF_IFD} and copy.getexif().get_ifd(GPS_IFD) == {}
    assert b"Acme" not in info.path.read_bytes()
    assert path.read_bytes() == HEIC_SAMPLE


def test_fake_or_broken_heic_is_refused_clearly(dirs, source):
    fake = source / "fake.heic"
    fake.write_text("not a photo at all")
    broken = source / "broken.heif"
    broken.write_bytes(HEIC_SAMPLE[:600])
    reasons = {r.path.name: r.reason for r in run([fake, broken], dirs).refused}
    assert reasons == {
        "fake.heic": "not an image",
        "broken.heif": "truncated or damaged HEIC/HEIF image",
    }


# --- progress, cancellation and failures ----------------------------------------------------


def test_progress_is_reported_after_each_file(dirs, source):
    paths = [write_jpeg(source / f"{n}.jpg", marked((100 + n, 80))) for n in range(3)]
    calls: list[tuple[int, int, Path]] = []
    report = run(paths, dirs, progress=lambda *call: calls.append(call))
    assert calls == [(1, 3, paths[0]), (2, 3, paths[1]), (3, 3, paths[2])]
    assert len(report.imported) == 3 and not report.cancelled


def test_cancelling_stops_before_the_next_file(dirs, source):
    paths = [write_jpeg(source / f"{n}.jpg", marked((100 + n, 80))) for n in range(5)]
    done: list[int] = []
    report = run(
        paths,
        dirs,
        progress=lambda count, total, current: done.append(count),
        cancelled=lambda: len(done) >= 2,
    )
    assert report.cancelled and len(report.imported) == 2 and done == [1, 2]
    assert len(files_in(dirs[0])) == 2


def test_a_failed_database_insert_leaves_no_file(dirs, source, monkeypatch: pytest.MonkeyPatch):
    path = write_jpeg(source / "a.jpg", orientation=3)

    def broken_insert(**fields: object) -> int:
        raise peewee.OperationalError("disk I/O error")

    monkeypatch.setattr(photos.store, "insert_photo", broken_insert)
    (refusal,) = run([path], dirs).refused
    assert refusal.reason == "could not be stored in the database: disk I/O error"
    assert files_in(dirs[0]) == [] and files_in(dirs[1]) == []
    assert photos.list_photos() == []


def test_a_failed_write_leaves_no_file(dirs, source, monkeypatch: pytest.MonkeyPatch):
    path = write_jpeg(source / "a.jpg")

    def full_disk(handle: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(photos.os, "fsync", full_disk)
    (refusal,) = run([path], dirs).refused
    assert refusal.reason == "could not be stored: No space left on device"
    assert files_in(dirs[0]) == [] and files_in(dirs[1]) == []
    assert photos.list_photos() == []


def test_leftover_temp_files_are_swept(dirs, source):
    photos_dir = dirs[0]
    photos_dir.mkdir(parents=True)
    stale, fresh = photos_dir / ".x.jpg.1.part", photos_dir / ".y.jpg.2.part"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    hour_ago = fresh.stat().st_mtime - 3600  # an hour before the file just written
    os.utime(stale, (hour_ago, hour_ago))
    run([write_jpeg(source / "a.jpg")], dirs)
    assert not stale.exists() and fresh.exists()


# --- collecting -----------------------------------------------------------------------------


def test_collect_files_walks_folders(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / ".hidden").mkdir()
    for name in ("a/x.JPG", "a/b/y.heic", "a/b/z.txt", "a/.w.jpg", "a/.hidden/v.png", "u.gif"):
        (tmp_path / name).write_bytes(b"x")
    found = photos.collect_files([tmp_path / "a", tmp_path / "u.gif", tmp_path / "a/x.JPG"])
    assert found == [tmp_path / "a/b/y.heic", tmp_path / "a/x.JPG", tmp_path / "u.gif"]


# --- the gallery's edits --------------------------------------------------------------------


@pytest.fixture
def stored(dirs, source) -> photos.PhotoInfo:
    path = write_jpeg(source / "a.jpg", taken="2024:03:01 09:00:00")
    return run([path], dirs, pose="front").imported[0]


def test_list_and_filter_by_pose(dirs, source, stored):
    later = write_jpeg(source / "b.jpg", marked((90, 60)), taken="2024:04:01 09:00:00")
    earlier = write_jpeg(source / "c.jpg", marked((91, 60)), taken="2023:04:01 09:00:00")
    run([later, earlier], dirs)
    assert [p.original_name for p in photos.list_photos()] == ["c.jpg", "a.jpg", "b.jpg"]
    assert [p.original_name for p in photos.list_photos(pose="back")] == ["c.jpg", "b.jpg"]
    assert photos.get_photo(stored.id) == stored
    assert stored.pose == Pose.FRONT and Pose.FRONT.label == "Front"


def test_update_photo_validates_and_marks_the_date_as_the_users(stored):
    with pytest.raises(ValidationError) as error:
        photos.update_photo(
            stored.id,
            pose="upside-down",
            taken_at=clock.now() + dt.timedelta(days=3),
            notes="x" * 2001,
        )
    assert set(error.value.problems) == {"pose", "taken_at", "notes"}
    with pytest.raises(ValidationError, match="after 1900"):
        photos.update_photo(stored.id, taken_at=dt.datetime(1850, 1, 1), notes="kept?")
    assert photos.get_photo(stored.id) == stored  # nothing changed

    moment = dt.datetime(2024, 2, 29, 18, 45, 10, 999)
    updated = photos.update_photo(stored.id, pose="side", taken_at=moment, notes="  lats!  ")
    assert updated.pose == "side" and updated.notes == "lats!"
    assert updated.taken_at == moment.replace(microsecond=0) and updated.date_source == "user"
    assert photos.update_photo(stored.id) == updated
    with pytest.raises(photos.PhotoNotFoundError):
        photos.update_photo(stored.id + 99, notes="x")


def test_alignment_is_validated_and_saved(stored):
    with pytest.raises(ValidationError) as error:
        Alignment(dx=1.5, dy=-0.1, scale=9)
    assert set(error.value.problems) == {"dx", "scale"}
    with pytest.raises(ValidationError):
        Alignment(dy=float("nan"))
    assert Alignment.clamped(2, -3, 0.01) == Alignment(1.0, -1.0, 0.2)
    photos.set_alignment(stored.id, Alignment(0.1, -0.05, 1.2))
    assert photos.get_photo(stored.id).alignment == Alignment(0.1, -0.05, 1.2)
    with pytest.raises(photos.PhotoNotFoundError):
        photos.set_alignment(stored.id + 99, Alignment())


def test_delete_removes_row_file_and_thumbnail(dirs, stored):
    thumb = photos.thumbnail_path(stored, dirs[1])
    assert stored.path.exists() and thumb.exists()
    photos.delete_photo(stored.id, *dirs)
    assert photos.list_photos() == []
    assert not stored.path.exists() and not thumb.exists()
    with pytest.raises(photos.PhotoNotFoundError):
        photos.delete_photo(stored.id, *dirs)


def test_thumbnail_is_rebuilt_when_the_cache_is_gone(dirs, stored):
    thumb = photos.thumbnail_path(stored, dirs[1])
    thumb.unlink()
    assert photos.thumbnail_path(stored, dirs[1]) == thumb
    with Image.open(thumb) as image:
        assert image.size == (120, 80) and upright_marker(image)
    stored.path.unlink()
    thumb.unlink()
    with pytest.raises(UserError, match="missing"):
        photos.thumbnail_path(stored, dirs[1])


def test_orphan_check(dirs, source, stored):
    assert photos.orphan_check(dirs[0]) == ([], [])
    other = run([write_jpeg(source / "b.jpg", marked((50, 50)))], dirs).imported[0]
    stray = dirs[0] / "stray.jpg"
    stray.write_bytes(b"?")
    other.path.unlink()
    assert photos.orphan_check(dirs[0]) == ([stray], [other.id])


# --- compare mode ---------------------------------------------------------------------------


def test_strength_change_on_a_demo_profile(seeded):
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage import progress as progress_store
    from backtracker.storage.routines import seed_builtin_routines

    seed_builtin_routines()
    today = dt.date(2026, 3, 1)
    fill_demo_profile(today=today, weeks=52)
    first = today - dt.timedelta(days=300)

    lines = photos.strength_change(first, today, formula="epley", unit="kg")

    assert 1 <= len(lines) <= 3
    pattern = re.compile(r"^(.+) e1RM (\d+(?:\.\d)?) → (\d+(?:\.\d)?) kg \(([+−±])(\d+) %\)$")
    for line in lines:
        assert pattern.match(line), line
    name, before, after, sign, percent = pattern.match(lines[0]).groups()
    exercise_id, top_name, _ = progress_store.exercises_with_history()[0]
    assert name == top_name  # the most-logged lift comes first
    days = progress_store.exercise_days(exercise_id)

    def best(end: dt.date) -> float:
        return max(
            d.best_e1rm_kg
            for d in days
            if end - dt.timedelta(days=27) <= d.day <= end and d.best_e1rm_kg
        )

    assert float(before) == pytest.approx(best(first), abs=0.051)
    assert float(after) == pytest.approx(best(today), abs=0.051)
    assert sign == "+" and int(percent) == round((best(today) / best(first) - 1) * 100)
    in_pounds = photos.strength_change(today, first, formula="epley", unit="lb")
    assert in_pounds[0].startswith(f"{name} e1RM ") and " lb (" in in_pounds[0]
    assert (
        photos.strength_change(first - dt.timedelta(days=900), first, formula="epley", unit="kg")
        == []
    )


def test_bodyweight_on(profile):
    from backtracker.storage.body import set_bodyweight

    assert photos.bodyweight_on(dt.date(2024, 1, 1)) is None
    set_bodyweight(dt.date(2024, 1, 10), 80.5)
    assert photos.bodyweight_on(dt.date(2024, 1, 12)) == 80.5


def test_export_comparison_has_no_metadata_and_the_right_size(dirs, source, tmp_path):
    left_path = write_jpeg(
        source / "l.jpg", marked((300, 400)), taken="2024:01:01 08:00:00", gps=True, device=True
    )
    right_path = write_jpeg(source / "r.jpg", Image.new("RGB", (600, 800), BLUE), gps=True)
    left, right = run([left_path, right_path], dirs).imported
    photos.set_alignment(left.id, Alignment(dx=0.0, dy=0.0, scale=1.0))

    target = photos.export_comparison(
        left,
        right,
        tmp_path / "compare.jpg",
        caption_left="1 Jan 2024",
        caption_right="1 Dec 2024",
    )

    with Image.open(target) as exported:
        assert exported.format == "JPEG"
        panel_height = 800  # the taller photo's height, under the 1600 px cap
        band, gap = max(36, panel_height // 14), max(4, panel_height // 200)
        assert exported.size == (2 * 600 + gap, panel_height + band)
        assert dict(exported.getexif()) == {}
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(exported.info)
        assert is_red(exported.getpixel((20, 20)))  # the left photo's marker, fitted
        assert not is_red(exported.getpixel((600 + gap + 20, 20)))
    assert b"Acme" not in target.read_bytes()
    assert not any(p.name.endswith(".part") for p in tmp_path.iterdir())


# --- demo pictures --------------------------------------------------------------------------


def test_demo_photos_spread_over_the_year(dirs):
    from backtracker.services.demo_photos import SPAN_DAYS, add_demo_photos

    today = dt.date(2026, 3, 1)
    report = add_demo_photos(*dirs, today=today, count=5)
    assert len(report.imported) == 5 and not report.refused
    days = [p.taken_at.date() for p in photos.list_photos(pose="back")]
    assert days[0] == today - dt.timedelta(days=SPAN_DAYS) and days[-1] == today
    assert all(p.date_source == "exif" for p in report.imported)
    assert add_demo_photos(*dirs, today=today, count=5).imported == []  # same seed: duplicates


def test_exif_dates_are_parsed_leniently():
    assert parse_exif_datetime("2024:05:01 07:30:00") == dt.datetime(2024, 5, 1, 7, 30)
    assert parse_exif_datetime(b"2024-05-01T07:30:00\x00") == dt.datetime(2024, 5, 1, 7, 30)
    for junk in ("0000:00:00 00:00:00", "    :  :     :  :  ", None, 5, "2024:13:01 00:00:00"):
        assert parse_exif_datetime(junk) is None
