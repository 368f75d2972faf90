"""Lossless ingest (issue 16 §3): a JPEG keeps its compressed image data byte for byte and a
PNG or WEBP its image chunks; only the metadata is rewritten, the JPEG Orientation tag is
kept and applied wherever a managed photo is shown or exported, and whatever cannot be
rewritten safely is re-encoded, never kept with its private data."""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, ImageOps

from backtracker.services import photo_files, photos
from backtracker.services.photo_metadata import (
    RewriteUnsafeError,
    strip_jpeg,
    strip_png,
    strip_webp,
)
from backtracker.services.photos import ingest
from tests.services.test_photos import DO, is_red, marked, upright_marker

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
MAKE, MODEL, ORIENTATION, DATETIME = 0x010F, 0x0110, 0x0112, 0x0132
DATETIME_ORIGINAL, DATETIME_DIGITIZED, OFFSET_TIME = 0x9003, 0x9004, 0x9011
BODY_SERIAL, MAKER_NOTE = 0xA431, 0x927C
SECRETS = (b"Acme", b"Phone 9", b"SN-4242", b"secret", b"2019:")
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><tiff:Make>Acme</tiff:Make>secret</x:xmpmeta>'


# --- making files ---------------------------------------------------------------------------


def photo(size: tuple[int, int] = (96, 64)) -> Image.Image:
    """The up-marked picture with noise over it, so that any re-encoding changes pixels."""
    noise = Image.frombytes("RGB", size, random.Random(size[0]).randbytes(size[0] * size[1] * 3))
    return Image.blend(marked(size), noise, 0.2)


def private_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[DATETIME] = "Acme", "Phone 9", "2019:01:01 00:00:00"
    if orientation is not None:
        exif[ORIENTATION] = orientation
    exif[EXIF_IFD] = {
        DATETIME_ORIGINAL: "2024:05:01 07:30:15",
        DATETIME_DIGITIZED: "2019:05:01 07:30:15",
        OFFSET_TIME: "+02:00",
        BODY_SERIAL: "SN-4242",
        MAKER_NOTE: b"Acme secret maker note",
    }
    exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 1.0), 29: "2019:05:01"}
    return exif


def segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def jpeg(image: Image.Image, orientation: int | None = None, **options: object) -> bytes:
    """A JPEG with private EXIF, XMP, a comment and an IPTC block."""
    buffer = io.BytesIO()
    exif = private_exif(orientation).tobytes()
    image.save(buffer, "JPEG", quality=90, exif=exif, xmp=XMP, comment=b"secret", **options)
    data = buffer.getvalue()
    iptc = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0a\x1c\x02\x78\x00\x06secret"
    return data[:2] + segment(0xED, iptc) + data[2:]


def segments(data: bytes) -> list[tuple[int, bytes]]:
    """A JPEG's marker segments up to the first scan: (marker, payload)."""
    found, position = [], 2
    while data[position + 1] != 0xDA:
        marker = data[position + 1]
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        found.append((marker, data[position + 4 : position + 2 + length]))
        position += 2 + length
    return found


def scans(data: bytes) -> bytes:
    """From the first scan header to the end of the image: the compressed image data."""
    position = 2
    while data[position + 1] != 0xDA:
        standalone = data[position + 1] in range(0xD0, 0xD8)  # RSTn: no length
        position += (
            2 if standalone else 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        )
    return data[position : data.rindex(b"\xff\xd9") + 2]


def upright_original(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as original:
        return ImageOps.exif_transpose(original)


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    found, position = [], 8
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        found.append(
            (data[position + 4 : position + 8], data[position + 8 : position + 8 + length])
        )
        position += 12 + length
    return found


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def riff_chunks(data: bytes) -> dict[bytes, bytes]:
    found, position = {}, 12
    while position + 8 <= len(data):
        kind, length = (
            data[position : position + 4],
            int.from_bytes(data[position + 4 : position + 8], "little"),
        )
        found[kind] = data[position + 8 : position + 8 + length]
        position += 8 + length + (length & 1)
    return found


def assert_private(path: Path) -> None:
    """No GPS, device, serial, maker note, other dates, XMP, IPTC or comment survived."""
    stored = path.read_bytes()
    for secret in (*SECRETS, b"xmpmeta", b"Photoshop 3.0", b"8BIM", b"+02:00"):
        assert secret not in stored, f"{path.name} holds {secret!r}"
    with Image.open(path) as copy:
        exif = copy.getexif()
        assert set(exif) <= {EXIF_IFD, ORIENTATION}
        assert set(exif.get_ifd(EXIF_IFD)) <= {DATETIME_ORIGINAL}
        assert exif.get_ifd(GPS_IFD) == {}
        assert not {"xmp", "comment", "photoshop", "iptc"} & set(copy.info)


@pytest.fixture
def dirs(profile) -> tuple[Path, Path]:
    return profile.photos_dir, photos.thumbnails_dir(profile.data_dir)


def ingest_bytes(data: bytes, name: str, dirs: tuple[Path, Path], tmp_path: Path):
    source = tmp_path / name
    source.write_bytes(data)
    report = ingest([source], *dirs)
    assert not report.refused, report.refused
    (info,) = report.imported
    return info


# --- JPEG -----------------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_jpeg_keeps_its_image_data_and_shows_upright_in_every_orientation(
    orientation, dirs, tmp_path
):
    upright = photo((96, 64))
    stored = upright if orientation == 1 else upright.transpose(DO[orientation])
    original = jpeg(stored, orientation)

    info = ingest_bytes(original, f"o{orientation}.jpg", dirs, tmp_path)

    copy = info.path.read_bytes()
    assert scans(copy) == scans(original)  # the entropy-coded data, byte for byte
    assert copy.endswith(b"\xff\xd9")
    shown = photo_files.open_upright(info.path)
    assert shown.tobytes() == upright_original(original).tobytes()  # the very same pixels
    assert shown.size == (info.width, info.height) == (96, 64)
    assert upright_marker(shown)
    with Image.open(info.path) as kept:
        exif = kept.getexif()
        assert dict(exif).get(ORIENTATION, 1) == orientation
        assert exif.get_ifd(EXIF_IFD) == {DATETIME_ORIGINAL: "2024:05:01 07:30:15"}
    assert_private(info.path)
    assert info.taken_at == dt.datetime(2024, 5, 1, 7, 30, 15)
    with Image.open(photos.thumbnail_path(info, dirs[1])) as thumb:
        assert thumb.size == (96, 64) and upright_marker(thumb)
        assert dict(thumb.getexif()) == {} and "icc_profile" not in thumb.info
    photos.thumbnail_path(info, dirs[1]).unlink()  # the cache rebuilt from the copy: upright
    with Image.open(photos.thumbnail_path(info, dirs[1])) as thumb:
        assert thumb.size == (96, 64) and upright_marker(thumb)


def test_a_large_icc_profile_is_kept_in_order_without_device_fields(dirs, tmp_path):
    """A profile bigger than one segment (phones' wide-gamut ones can be), split in chunks."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[48:56] = b"ACMEPH09"
    profile += bytes(range(256)) * 400  # padding after the tags: 100 kB, two APP2 chunks
    profile[:4] = len(profile).to_bytes(4, "big")
    upright = photo()
    original = jpeg(upright.transpose(DO[6]), 6, icc_profile=bytes(profile))
    assert sum(m == 0xE2 for m, _ in segments(original)) == 2

    info = ingest_bytes(original, "icc.jpg", dirs, tmp_path)

    copy = info.path.read_bytes()
    assert scans(copy) == scans(original)
    with Image.open(info.path) as kept:
        icc = kept.info["icc_profile"]
    assert icc[48:56] == bytes(8) and icc[84:100] == bytes(16)
    assert icc[:48] == profile[:48] and icc[100:] == profile[100:]
    assert photo_files.open_upright(info.path).tobytes() == upright_original(original).tobytes()


def test_jfif_thumbnails_and_adobe_extras_are_dropped_and_only_known_segments_kept(dirs, tmp_path):
    """JFIF may carry a thumbnail of its own, and JFXX one more; APP14 keeps its 12 bytes."""
    original = jpeg(photo(), 1)
    thumb_pixels = b"\xee\x11\x22" * 4  # a 2×2 RGB thumbnail
    jfif = b"JFIF\x00\x01\x02\x01\x00\x48\x00\x48\x02\x02" + thumb_pixels
    jfxx = b"JFXX\x00\x13secret thumbnail"
    adobe = b"Adobe\x00\x64\x00\x00\x00\x00\x01" + b"secret"
    body = original[2:]
    if segments(original)[0][0] == 0xE0:  # replace Pillow's own JFIF
        body = body[2 + int.from_bytes(body[2:4], "big") :]
    original = b"\xff\xd8" + segment(0xE0, jfif) + segment(0xE0, jfxx) + segment(0xEE, adobe) + body

    info = ingest_bytes(original, "jfif.jpg", dirs, tmp_path)

    copy = info.path.read_bytes()
    assert scans(copy) == scans(original)
    kept = segments(copy)
    assert kept[0] == (0xE0, jfif[:12] + b"\x00\x00")
    assert (0xEE, adobe[:12]) in kept
    assert {m for m, _ in kept} <= {0xE0, 0xE1, 0xE2, 0xEE, 0xC0, 0xC2, 0xC4, 0xDB, 0xDD}
    assert thumb_pixels not in copy
    assert_private(info.path)


def test_a_jpeg_that_cannot_be_parsed_safely_is_re_encoded_and_still_private(dirs, tmp_path):
    """A stray restart marker between segments (decoders skip it) and ICC chunks that do not
    add up: both are stored by decoding and encoding again, upright, with nothing private."""
    upright = photo()
    odd_marker = jpeg(upright.transpose(DO[8]), 8)
    position = odd_marker.index(b"\xff\xdb")
    odd_marker = odd_marker[:position] + b"\xff\xd0" + odd_marker[position:]
    icc = jpeg(upright)
    position = icc.index(b"\xff\xdb")
    icc = icc[:position] + segment(0xE2, b"ICC_PROFILE\x00\x02\x03secret") + icc[position:]
    with pytest.raises(RewriteUnsafeError):
        strip_jpeg(odd_marker, exif=None)
    with pytest.raises(RewriteUnsafeError):
        strip_jpeg(icc, exif=None)

    for name, original in (("odd-marker.jpg", odd_marker), ("icc.jpg", icc)):
        info = ingest_bytes(original, name, dirs, tmp_path)
        copy = info.path.read_bytes()
        assert scans(copy) != scans(original)  # re-encoded
        assert b"\xff\xd0\xff" not in copy[: copy.index(b"\xff\xda")]
        assert_private(info.path)
        with Image.open(info.path) as kept:
            assert ORIENTATION not in kept.getexif()  # turned upright instead
            assert kept.size == (96, 64) and upright_marker(kept)


@pytest.mark.parametrize("cut", [0.5, -2])
def test_a_truncated_jpeg_is_refused_not_kept(dirs, tmp_path, cut):
    whole = jpeg(photo((320, 240)), 6)
    source = tmp_path / "cut.jpg"
    source.write_bytes(whole[: int(len(whole) * cut)] if cut > 0 else whole[:cut])
    report = ingest([source], *dirs)
    assert [r.reason for r in report.refused] == ["truncated or damaged image"]
    assert list(dirs[0].iterdir()) == []


def test_the_comparison_export_shows_a_turned_photo_upright(dirs, tmp_path):
    portrait = photo((120, 160))
    info = ingest_bytes(jpeg(portrait.transpose(DO[6]), 6), "p.jpg", dirs, tmp_path)
    other = ingest_bytes(jpeg(Image.new("RGB", (120, 160), (20, 60, 200))), "b.jpg", dirs, tmp_path)
    assert (info.width, info.height) == (120, 160)

    target = photos.export_comparison(
        info, other, tmp_path / "compare.png", caption_left="a", caption_right="b"
    )

    with Image.open(target) as exported:
        assert is_red(exported.getpixel((8, 8)))  # the red block top left, as shown
        assert not is_red(exported.getpixel((8, 150)))
        assert dict(exported.getexif()) == {}


def test_open_upright_decodes_at_a_reduced_scale_in_the_upright_frame(dirs, tmp_path):
    upright = photo((800, 1200))
    info = ingest_bytes(jpeg(upright.transpose(DO[6]), 6), "big.jpg", dirs, tmp_path)
    small = photo_files.open_upright(info.path, at_least=(200, 300))
    assert small.size == (200, 300)  # 1/4 scale, upright
    assert upright_marker(small)
    assert photo_files.open_upright(info.path).size == (800, 1200)


def test_duplicates_are_still_found_by_the_original_bytes(dirs, tmp_path):
    original = jpeg(photo().transpose(DO[6]), 6)
    first = ingest_bytes(original, "a.jpg", dirs, tmp_path)
    (tmp_path / "b.jpg").write_bytes(original)
    report = ingest([tmp_path / "b.jpg"], *dirs)
    assert report.duplicates == [tmp_path / "b.jpg"] and report.imported == []
    import hashlib

    assert first.sha256 == hashlib.sha256(original).hexdigest()
    assert first.path.name == f"{first.sha256}.jpg"


# --- PNG and WEBP ---------------------------------------------------------------------------


def test_a_png_loses_its_private_chunks_but_keeps_its_image_chunks(dirs, tmp_path):
    from PIL import PngImagePlugin

    info_chunks = PngImagePlugin.PngInfo()
    info_chunks.add_text("Comment", "secret comment")
    info_chunks.add_text("Author", "Acme", zip=True)
    info_chunks.add_itxt("XML:com.adobe.xmp", XMP.decode())
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[48:56] = b"ACMEPH09"
    buffer = io.BytesIO()
    image = photo().convert("RGBA")
    image.putpixel((5, 60), (1, 2, 3, 0))
    image.save(  # fastest compression: a re-encode (level 6) would give other IDAT bytes
        buffer,
        "PNG",
        pnginfo=info_chunks,
        exif=private_exif(),
        icc_profile=bytes(profile),
        compress_level=1,
    )
    data = buffer.getvalue()
    iend = data.rindex(b"IEND") - 4
    extra = png_chunk(b"tIME", b"\x07\xe3\x05\x01\x07\x1e\x00") + png_chunk(b"prVt", b"secret")
    original = data[:iend] + extra + data[iend:] + b"secret trailing"

    info = ingest_bytes(original, "shot.png", dirs, tmp_path)

    copy = info.path.read_bytes()
    kinds = [kind for kind, _ in png_chunks(copy)]
    assert set(kinds) <= {b"IHDR", b"iCCP", b"eXIf", b"IDAT", b"IEND", b"pHYs"}
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    idat = [body for kind, body in png_chunks(original) if kind == b"IDAT"]
    assert [body for kind, body in png_chunks(copy) if kind == b"IDAT"] == idat  # not re-encoded
    assert_private(info.path)
    with Image.open(info.path) as kept, Image.open(io.BytesIO(original)) as source:
        assert kept.tobytes() == source.tobytes() and kept.mode == "RGBA"
        assert kept.getexif().get_ifd(EXIF_IFD) == {DATETIME_ORIGINAL: "2024:05:01 07:30:15"}
        icc = kept.info["icc_profile"]
    assert icc[48:56] == bytes(8) and icc[100:] == profile[100:]


def test_a_turned_or_animated_png_is_re_encoded_upright_and_private(dirs, tmp_path):
    upright = photo()
    buffer = io.BytesIO()
    upright.transpose(DO[6]).save(buffer, "PNG", exif=private_exif(6))
    turned = ingest_bytes(buffer.getvalue(), "turned.png", dirs, tmp_path)
    frames = io.BytesIO()
    upright.save(frames, "PNG", save_all=True, append_images=[Image.new("RGB", (96, 64))])
    assert b"acTL" in frames.getvalue()
    animated = ingest_bytes(frames.getvalue(), "anim.png", dirs, tmp_path)

    for info in (turned, animated):
        assert_private(info.path)
        with Image.open(info.path) as kept:
            assert kept.size == (96, 64) and upright_marker(kept)
            assert ORIENTATION not in kept.getexif()
        assert b"acTL" not in info.path.read_bytes()


@pytest.mark.parametrize("lossless", [False, True])
def test_a_webp_loses_exif_and_xmp_but_keeps_its_image_chunk(dirs, tmp_path, lossless):
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[48:56] = b"ACMEPH09"
    buffer = io.BytesIO()
    photo().save(
        buffer,
        "WEBP",
        lossless=lossless,
        quality=80,
        method=0,  # the fastest: a re-encode (method 4) would give another bitstream
        exif=private_exif().tobytes(),
        xmp=XMP,
        icc_profile=bytes(profile),
    )
    original = buffer.getvalue()
    image_chunk = b"VP8L" if lossless else b"VP8 "
    assert b"EXIF" in original and b"XMP " in original

    info = ingest_bytes(original, "shot.webp", dirs, tmp_path)

    copy = info.path.read_bytes()
    chunks = riff_chunks(copy)
    assert set(chunks) <= {b"VP8X", b"ICCP", b"ALPH", image_chunk, b"EXIF"}
    assert chunks[image_chunk] == riff_chunks(original)[image_chunk]  # not re-encoded
    assert chunks[b"ICCP"][48:56] == bytes(8)
    assert_private(info.path)
    with Image.open(info.path) as kept, Image.open(io.BytesIO(original)) as source:
        assert kept.format == "WEBP" and kept.size == (96, 64)
        assert kept.convert("RGB").tobytes() == source.convert("RGB").tobytes()
        assert kept.getexif().get_ifd(EXIF_IFD) == {DATETIME_ORIGINAL: "2024:05:01 07:30:15"}
    with Image.open(photos.thumbnail_path(info, dirs[1])) as thumb:
        assert upright_marker(thumb)


def test_a_plain_webp_without_metadata_is_stored_as_it_came(dirs, tmp_path):
    buffer = io.BytesIO()
    photo().save(buffer, "WEBP", lossless=True, method=0)
    info = ingest_bytes(buffer.getvalue(), "plain.webp", dirs, tmp_path)
    assert info.path.read_bytes() == buffer.getvalue()


@pytest.mark.parametrize(
    ("mode", "options"),
    [
        ("RGB", {"progressive": True}),  # several scans, with tables between them
        ("RGB", {"restart_marker_blocks": 4}),  # DRI, and RSTn inside the image data
        ("L", {}),
        ("CMYK", {}),  # Adobe's APP14 says how to read the colours
        ("RGB", {"subsampling": 0, "qtables": "web_high"}),
    ],
    ids=["progressive", "restart-markers", "greyscale", "cmyk", "4:4:4"],
)
def test_every_kind_of_jpeg_keeps_its_image_data(dirs, tmp_path, mode, options):
    upright = photo().convert(mode)
    original = jpeg(upright.transpose(DO[6]), 6, **options)
    if "progressive" in options:
        assert scans(original).count(b"\xff\xda") > 1
    if "restart_marker_blocks" in options:
        assert any(bytes((0xFF, 0xD0 + n)) in scans(original) for n in range(8))

    info = ingest_bytes(original, f"{mode}.jpg", dirs, tmp_path)

    copy = info.path.read_bytes()
    assert scans(copy) == scans(original)
    if mode == "CMYK":
        assert (0xEE, next(p for m, p in segments(original) if m == 0xEE)) in segments(copy)
    shown = photo_files.open_upright(info.path)
    assert shown.mode == mode and shown.size == (96, 64)
    assert shown.tobytes() == upright_original(original).tobytes()
    assert_private(info.path)
    with Image.open(photos.thumbnail_path(info, dirs[1])) as thumb:
        assert thumb.size == (96, 64) and thumb.mode in ("RGB", "L")


def with_device_tags(profile: bytes, manufacturer: str, model: str) -> bytes:
    """The profile with dmnd and dmdd tags (multiLocalizedUnicodeType) naming the device."""

    def mluc(text: str) -> bytes:
        utf16 = text.encode("utf-16-be")
        return (
            b"mluc\0\0\0\0" + struct.pack(">II2s2sII", 1, 12, b"en", b"US", len(utf16), 28) + utf16
        )

    count = int.from_bytes(profile[128:132], "big")
    table_end = 132 + 12 * count
    entries = [
        profile[e : e + 4]
        + struct.pack(">I", int.from_bytes(profile[e + 4 : e + 8], "big") + 24)
        + profile[e + 8 : e + 12]
        for e in range(132, table_end, 12)
    ]
    body = profile[table_end:]
    tail = b""
    for signature, text in ((b"dmnd", manufacturer), (b"dmdd", model)):
        data = mluc(text)
        data += bytes(-len(data) % 4)
        entries.append(signature + struct.pack(">II", len(profile) + 24 + len(tail), len(data)))
        tail += data
    made = bytearray(profile[:128] + struct.pack(">I", count + 2) + b"".join(entries) + body + tail)
    made[:4] = len(made).to_bytes(4, "big")
    return bytes(made)


def test_the_icc_profiles_device_description_tags_are_blanked(dirs, tmp_path):
    plain = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    profile = with_device_tags(plain, "Acme Phones", "Phone 9 Pro")
    before = ImageCms.ImageCmsProfile(io.BytesIO(profile)).profile
    assert (before.manufacturer, before.model) == ("Acme Phones", "Phone 9 Pro")
    original = jpeg(photo().transpose(DO[6]), 6, icc_profile=profile)

    info = ingest_bytes(original, "icc-device.jpg", dirs, tmp_path)

    assert scans(info.path.read_bytes()) == scans(original)
    with Image.open(info.path) as kept:
        icc = kept.info["icc_profile"]
    assert "Acme".encode("utf-16-be") not in icc and b"Phone" not in icc
    after = ImageCms.ImageCmsProfile(io.BytesIO(icc)).profile  # still a valid profile
    assert not after.manufacturer and not after.model
    assert after.profile_description == before.profile_description
    assert after.red_colorant == before.red_colorant
    assert len(icc) == len(profile)


# --- damaged containers ---------------------------------------------------------------------


def _samples() -> dict[str, bytes]:
    picture = photo((40, 30))
    made = {
        "jpeg": jpeg(
            picture,
            6,
            icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
        )
    }
    for kind, options in (("png", {}), ("webp", {"lossless": True})):
        buffer = io.BytesIO()
        picture.save(buffer, kind.upper(), exif=private_exif().tobytes(), **options)
        made[kind] = buffer.getvalue()
    return made


SAMPLES = _samples()


def _strip(kind: str, data: bytes) -> bytes:
    if kind == "jpeg":
        return strip_jpeg(data, exif=None)
    if kind == "png":
        return strip_png(data, exif=None)
    return strip_webp(data, exif=None, size=(40, 30), alpha=False)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(sorted(SAMPLES)),
    cut=st.integers(min_value=0, max_value=4000),
    flips=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=4),
)
def test_a_damaged_container_is_rewritten_or_left_to_re_encoding_never_crashes(kind, cut, flips):
    """Any cut or changed bytes: the rewrite gives bytes or says it cannot, nothing else."""
    data = bytearray(SAMPLES[kind][: max(cut, 1)] if cut < len(SAMPLES[kind]) else SAMPLES[kind])
    for position, value in flips:
        if position < len(data):
            data[position] = value
    try:
        kept = _strip(kind, bytes(data))
    except RewriteUnsafeError:
        return
    for secret in (b"Acme", b"Phone 9", b"SN-4242"):
        assert secret not in kept


def test_a_metadata_segment_renamed_as_a_table_is_not_kept():
    """EXIF whose marker reads DQT (a bit flip, or a tool's mistake) fails the table's own
    length check, so the photo is re-encoded rather than kept with it."""
    original = SAMPLES["jpeg"]
    position = original.index(b"\xff\xe1")
    for marker in (0xDB, 0xC4, 0xC0, 0xDD):
        renamed = original[:position] + bytes((0xFF, marker)) + original[position + 2 :]
        with pytest.raises(RewriteUnsafeError, match="malformed"):
            strip_jpeg(renamed, exif=None)
    assert b"Acme" not in strip_jpeg(original, exif=None)
