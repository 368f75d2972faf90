"""Hostile images for photo import, beyond tests/services/test_photos.py: decompression bombs in
every format, files that lie about their type, huge and malformed EXIF, and things that are
not regular files. Each file gets its own line in the batch report; a refused one leaves no
row, no managed copy, no thumbnail and no temp file; an accepted one keeps no metadata."""

from __future__ import annotations

import io
import os
import struct
import threading
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from backtracker.services import photos
from backtracker.storage import photos as store
from tests.services.test_photos import (
    DATETIME_ORIGINAL,
    EXIF_IFD,
    GPS_IFD,
    MAKE,
    MODEL,
    marked,
    png_claiming,
)

MAKER_NOTE, USER_COMMENT, BODY_SERIAL = 0x927C, 0x9286, 0xA431


@pytest.fixture
def dirs(profile):
    return profile.photos_dir, photos.thumbnails_dir(profile.data_dir)


def ingest(paths: list[Path], dirs: tuple[Path, Path]) -> photos.IngestReport:
    """Run the import in a thread, so a file that blocks (a pipe) fails the test, not the run."""
    result: list[photos.IngestReport] = []
    worker = threading.Thread(
        target=lambda: result.append(photos.ingest(paths, *dirs)), daemon=True
    )
    worker.start()
    worker.join(30)
    assert result, "the import hung on one of the files"
    return result[0]


def nothing_stored(dirs: tuple[Path, Path]) -> None:
    for folder in dirs:
        assert not folder.exists() or list(folder.iterdir()) == []
    assert store.file_names() == {}


def jpeg(image: Image.Image | None = None, exif: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    (image or marked()).save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header (SOF0) claims other dimensions."""
    data = bytearray(jpeg(marked((16, 16))))
    at = data.find(b"\xff\xc0")
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def webp_claiming(width: int, height: int) -> bytes:
    """An extended WebP whose canvas (VP8X) claims other dimensions."""
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[MAKE] = "Acme"  # any metadata makes the file an extended one, with a VP8X canvas
    marked((16, 16)).convert("RGBA").save(buffer, "WEBP", lossless=True, exif=exif.tobytes())
    data = bytearray(buffer.getvalue())
    at = data.find(b"VP8X")
    assert at > 0
    data[at + 12 : at + 15] = (width - 1).to_bytes(3, "little")
    data[at + 15 : at + 18] = (height - 1).to_bytes(3, "little")
    return bytes(data)


BOMBS = {
    "bomb.jpg": (jpeg_claiming(65_000, 65_000), "image too large (4225 megapixels"),
    "wide.png": (png_claiming(2**31 - 1, 1), "image too large"),
    "square.png": (png_claiming(100_000, 100_000), "image too large (10000 megapixels"),
    "canvas.webp": (webp_claiming(16_000, 16_000), "image too large (256 megapixels"),
    "zero.png": (png_claiming(0, 0), "not an image|truncated or damaged"),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_decompression_bombs_are_refused_from_their_headers(dirs, tmp_path, name):
    data, reason = BOMBS[name]
    path = tmp_path / name
    path.write_bytes(data)
    assert len(data) < 10_000  # small on disk, huge when decoded

    report = ingest([path], dirs)

    (refusal,) = report.refused
    assert refusal.path == path
    assert any(part in refusal.reason for part in reason.split("|")), refusal.reason
    nothing_stored(dirs)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr("photo.jpg", jpeg())
    return buffer.getvalue()


def _other_format(kind: str) -> bytes:
    buffer = io.BytesIO()
    marked().save(buffer, kind)
    return buffer.getvalue()


LIARS = {
    "text.heic": b"this is a shopping list, not a photo\n" * 3,
    "archive.jpg": _zip_bytes(),
    "page.png": b"<!doctype html><svg xmlns='http://www.w3.org/2000/svg'></svg>",
    "anim.jpg": _other_format("GIF"),
    "scan.jpeg": _other_format("TIFF"),
    "bitmap.webp": _other_format("BMP"),
    "script.heif": b"#!/bin/sh\nrm -rf ~\n",
    "fake-heic.jpg": b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64,  # a HEIF brand, no content
    "only-soi.jpg": b"\xff\xd8",
    "nul.png": b"\x00" * 4096,
}


@pytest.mark.parametrize("name", list(LIARS))
def test_files_that_are_not_what_their_name_says_are_refused(dirs, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(LIARS[name])

    (refusal,) = ingest([path], dirs).refused

    assert refusal.reason in {
        "not an image",
        "truncated or damaged image",
        "truncated or damaged HEIC/HEIF image",
    }
    assert path.read_bytes() == LIARS[name]  # originals are only read
    nothing_stored(dirs)


def test_a_real_png_named_jpg_is_taken_as_the_png_it_is(dirs, tmp_path):
    """A wrong extension on a good photo is not hostile: it is kept, under its true type."""
    path = tmp_path / "really-a-png.jpg"
    path.write_bytes(_other_format("PNG"))

    (info,) = ingest([path], dirs).imported

    assert info.path.suffix == ".png"
    with Image.open(info.path) as copy:
        assert copy.format == "PNG" and copy.size == (120, 80)


def _exif(build) -> bytes:  # type: ignore[no-untyped-def]
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = "Acme", "Phone 9"
    build(exif)
    return exif.tobytes()


def _maker_note(exif: Image.Exif) -> None:
    exif[EXIF_IFD] = {
        DATETIME_ORIGINAL: "2024:05:01 07:30:00",
        MAKER_NOTE: os.urandom(60_000),  # a 60 KB maker note: APP1 is nearly full
        BODY_SERIAL: "SN-4242",
    }


def _many_entries(exif: Image.Exif) -> None:
    for tag in range(0xC000, 0xC000 + 4000):
        exif[tag] = tag & 0xFF


def _raw_absurd_gps() -> bytes:
    """Make, Model and a GPS IFD with zero denominators, 2**32-1 numerators and a 300-letter
    reference (Pillow refuses to write such values, so the bytes are laid out by hand)."""
    gps_at, text_at, rationals_at, altitude_at = 64, 106, 408, 432
    ifd0 = struct.pack(">H", 3) + b"".join(
        (
            struct.pack(">HHII", MAKE, 2, 5, 50),
            struct.pack(">HHII", MODEL, 2, 8, 55),
            struct.pack(">HHII", GPS_IFD, 4, 1, gps_at),
        )
    )
    gps = struct.pack(">H", 3) + b"".join(
        (
            struct.pack(">HHII", 1, 2, 301, text_at),
            struct.pack(">HHII", 2, 5, 3, rationals_at),
            struct.pack(">HHII", 6, 5, 1, altitude_at),
        )
    )
    body = b"MM\0*" + struct.pack(">I", 8) + ifd0 + bytes(4) + b"Acme\0Phone 9\0\0"
    body += gps + bytes(4)
    body += b"N" * 300 + b"\0\0"
    body += struct.pack(">6I", 2**32 - 1, 0, 0, 0, 1, 2**32 - 1) + struct.pack(">2I", 7, 0)
    assert body.index(b"Acme") == 50 and len(body) == altitude_at + 8
    return b"Exif\0\0" + body


def _huge_comment(exif: Image.Exif) -> None:
    exif[EXIF_IFD] = {USER_COMMENT: b"ASCII\0\0\0" + b"A" * 60_000, DATETIME_ORIGINAL: "junk"}


def _raw_cyclic_exif() -> bytes:
    """IFD0 whose Exif-IFD pointer and next-IFD offset point back at IFD0 itself."""
    entry = struct.pack(">HHII", EXIF_IFD, 4, 1, 8)
    ifd = struct.pack(">H", 1) + entry + struct.pack(">I", 8)
    return b"Exif\0\0MM\0*" + struct.pack(">I", 8) + ifd


def _raw_offsets_past_the_end() -> bytes:
    entry = struct.pack(">HHII", MAKE, 2, 0x7FFFFFFF, 0x7FFFFFF0)  # a string 2 GB long
    return b"Exif\0\0MM\0*" + struct.pack(">I", 8) + struct.pack(">H", 1) + entry + bytes(4)


EXIFS = {
    "maker-note-60k": _exif(_maker_note),
    "4000-entries": _exif(_many_entries),
    "absurd-gps": _raw_absurd_gps(),
    "huge-user-comment": _exif(_huge_comment),
    "cyclic-ifd": _raw_cyclic_exif(),
    "offsets-past-the-end": _raw_offsets_past_the_end(),
    "orientation-99": _exif(lambda exif: exif.__setitem__(0x0112, 99)),
    "orientation-text": b"Exif\0\0MM\0*"
    + struct.pack(">IHHHII", 8, 1, 0x0112, 2, 12, 26)  # Orientation as 12 ASCII bytes
    + bytes(4)
    + b"upside down\0",
}


@pytest.mark.filterwarnings("ignore:Tag data larger than file:UserWarning")  # Pillow's note
@pytest.mark.parametrize("name", list(EXIFS))
@pytest.mark.parametrize("container", ["JPEG", "PNG", "WEBP"])
def test_huge_or_malformed_exif_never_breaks_the_import_or_survives_it(
    dirs, tmp_path, name, container
):
    """Such a photo is either refused with a reason (and leaves nothing) or stored with none
    of its metadata: no GPS, no device, no maker note, no comment."""
    exif = EXIFS[name]
    if len(exif) > 65_000 and container == "JPEG":
        pytest.skip("does not fit in a JPEG APP1 segment")
    path = tmp_path / f"{name}.{container.lower()}"
    buffer = io.BytesIO()
    marked().save(buffer, container, exif=exif)
    path.write_bytes(buffer.getvalue())

    report = ingest([path], dirs)

    if report.refused:
        (refusal,) = report.refused
        assert refusal.reason in {"truncated or damaged image", "not an image"}
        nothing_stored(dirs)
        return
    (info,) = report.imported
    stored = info.path.read_bytes()
    for secret in (b"Acme", b"Phone 9", b"SN-4242", b"AAAAAAAA"):
        assert secret not in stored
    with Image.open(info.path) as copy:
        kept = copy.getexif()
        assert set(kept) <= {EXIF_IFD}
        assert set(kept.get_ifd(EXIF_IFD)) <= {DATETIME_ORIGINAL}
        assert kept.get_ifd(GPS_IFD) == {}
    thumbnail = photos.thumbnails_dir(dirs[0].parent) / f"{info.sha256}.jpg"
    with Image.open(thumbnail) as thumb:
        assert dict(thumb.getexif()) == {}


def test_an_empty_file_a_folder_named_like_a_photo_and_a_device_are_refused(dirs, tmp_path):
    folder = tmp_path / "camera"
    folder.mkdir()
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "album.jpg").mkdir()  # a folder named like a photo is walked, not read
    device = folder / "null.jpg"
    device.symlink_to("/dev/null")
    dangling = folder / "dangling.jpg"
    dangling.symlink_to(tmp_path / "nowhere.jpg")

    report = ingest([folder, device], dirs)

    reasons = {r.path.name: r.reason for r in report.refused}
    assert reasons == {
        "empty.jpg": "empty file",
        "null.jpg": "not a regular file",
        "dangling.jpg": "file not found",
    }
    assert report.imported == [] and report.duplicates == []
    nothing_stored(dirs)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_instead_of_waiting_forever(dirs, tmp_path):
    pipe = tmp_path / "stream.jpg"
    os.mkfifo(pipe)
    good = tmp_path / "good.jpg"
    good.write_bytes(jpeg())

    report = ingest([pipe, good], dirs)

    assert [(r.path.name, r.reason) for r in report.refused] == [
        ("stream.jpg", "not a regular file")
    ]
    assert [i.original_name for i in report.imported] == ["good.jpg"]


def test_a_file_too_large_to_be_a_photo_is_refused_without_reading_it(dirs, tmp_path):
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as sparse:  # 600 MB on paper, nothing on the disk
        sparse.write(b"\xff\xd8")
        sparse.truncate(600_000_000)

    (refusal,) = ingest([huge], dirs).refused

    assert refusal.reason == "too large (600 MB; the limit is 500 MB)"
    nothing_stored(dirs)
