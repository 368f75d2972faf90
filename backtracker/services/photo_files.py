"""The files behind progress photos: decoding originals within limits, managed copies
without metadata, thumbnails from a reduced decode, and atomic writes (no Qt).

A JPEG that is already upright keeps its compressed image data untouched: only its metadata
segments are rewritten, which is lossless and much cheaper than decoding and re-encoding.
Everything else is decoded, turned upright and encoded again without metadata.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import logging
import os
import re
import struct
import tempfile
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from backtracker.domain.photos import format_exif_datetime, parse_exif_datetime

log = logging.getLogger(__name__)

MAX_PIXELS = 80_000_000  # decompression-bomb limit
THUMB_SIZE = 320  # longest edge of a cached thumbnail
THUMB_QUALITY = 85
COPY_QUALITY = 95  # re-encoded copies (rotated JPEGs, HEIC)
TEMP_SUFFIX = ".part"
STALE_TEMP_SECONDS = 600  # temp files this old are leftovers of a crash

# Pillow's own guard: a warning past this, an error past twice this. Opening turns the
# warning into a refusal, and also checks the caller's limit itself.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_EXIF_IFD = 0x8769
_ORIENTATION, _DATETIME = 0x0112, 0x0132
_DATETIME_ORIGINAL, _DATETIME_DIGITIZED = 0x9003, 0x9004
# MPO: a JPEG with more pictures appended (phones' depth maps, gain maps); we keep the first.
_COPY_SUFFIX = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp", "HEIF": ".jpg"}
# Everything a decoder may raise on a damaged file (Pillow documents no narrower set).
DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    TypeError,
    IndexError,
    KeyError,
    EOFError,
    RuntimeError,
    struct.error,
    MemoryError,
)


class RefusedError(Exception):
    """A file cannot be taken; the message is the reason shown to the person."""


@dataclass
class PreparedPhoto:
    """A decoded original, ready to store."""

    copy: bytes  # the managed copy's bytes
    suffix: str
    width: int  # as displayed
    height: int
    taken_at: dt.datetime | None  # from EXIF
    thumbnail: Callable[[], bytes]  # JPEG bytes; may raise RefusedError


def prepare_photo(data: bytes, *, heif: bool, max_pixels: int = MAX_PIXELS) -> PreparedPhoto:
    """Decode and check an original and make its managed copy; raises RefusedError."""
    image = _open_limited(data, heif=heif, max_pixels=max_pixels)
    with _decoding():
        exif = image.getexif()
        taken_at = _exif_taken_at(exif)
        orientation = exif.get(_ORIENTATION, 1)
        if image.format in ("JPEG", "MPO") and orientation in (1, 0, None):
            return _prepare_upright_jpeg(data, image, taken_at)
        return _prepare_by_reencoding(image, taken_at, lossless=_is_lossless_webp(data))


@contextlib.contextmanager
def _decoding() -> Iterator[None]:
    """Turn a decoder's complaint about the file into a refusal."""
    try:
        yield
    except DECODE_ERRORS as error:
        log.debug("Decoding failed", exc_info=True)
        raise RefusedError("truncated or damaged image") from error


def _prepare_upright_jpeg(
    data: bytes, image: Image.Image, taken_at: dt.datetime | None
) -> PreparedPhoto:
    """Keep the compressed image, rewrite the metadata; the thumbnail comes from a reduced
    decode (1/4 or 1/8 scale), which also checks that the image data is complete."""
    width, height = image.size
    icc = image.info.get("icc_profile")
    copy = rewrite_jpeg_metadata(data, exif=_minimal_exif(taken_at), keep_icc=icc is not None)

    def thumbnail() -> bytes:
        with _decoding():
            image.draft("RGB", (THUMB_SIZE * 2, THUMB_SIZE * 2))
            image.thumbnail((THUMB_SIZE, THUMB_SIZE))
            return thumbnail_bytes(image)

    return PreparedPhoto(copy, ".jpg", width, height, taken_at, thumbnail)


def _prepare_by_reencoding(
    image: Image.Image, taken_at: dt.datetime | None, *, lossless: bool
) -> PreparedPhoto:
    """Decode in full, turn upright, and encode again without the metadata."""
    source_format = image.format or ""
    image.load()
    upright = ImageOps.exif_transpose(image)
    suffix = _COPY_SUFFIX[source_format]
    icc = _scrub_icc(upright.info.get("icc_profile"))
    transparency = upright.info.get("transparency")
    upright.info = {} if transparency is None else {"transparency": transparency}
    options: dict[str, object] = {"exif": _minimal_exif(taken_at) or b""}
    if icc:
        options["icc_profile"] = icc
    buffer = io.BytesIO()
    if suffix == ".jpg":
        for_jpeg(upright).save(buffer, "JPEG", quality=COPY_QUALITY, **options)
    elif suffix == ".png":
        upright.save(buffer, "PNG", **options)
    else:
        quality = {"lossless": True} if lossless else {"quality": COPY_QUALITY}
        upright.save(buffer, "WEBP", **quality, **options)

    def thumbnail() -> bytes:
        with _decoding():
            size = _fit(upright.size, THUMB_SIZE)
            small = for_jpeg(upright).resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)
            return thumbnail_bytes(small)

    return PreparedPhoto(buffer.getvalue(), suffix, *upright.size, taken_at, thumbnail)


def _open_limited(data: bytes, *, heif: bool, max_pixels: int) -> Image.Image:
    """Open (headers only) within the pixel limit; raises RefusedError."""
    formats = ["JPEG", "PNG", "WEBP"]
    if heif:
        if not _heif_available():
            raise RefusedError("HEIC/HEIF support is not installed (the pi-heif package)")
        formats.append("HEIF")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=formats)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        found = re.search(r"\((\d+) pixels\)", str(error))
        raise RefusedError(_too_large_text(int(found[1]) if found else None, max_pixels)) from None
    except UnidentifiedImageError:
        if heif and looks_like_heif(data):
            raise RefusedError("truncated or damaged HEIC/HEIF image") from None
        raise RefusedError("not an image") from None
    except DECODE_ERRORS as error:
        log.debug("Opening failed", exc_info=True)
        raise RefusedError("truncated or damaged image") from error
    if image.width * image.height > max_pixels:
        raise RefusedError(_too_large_text(image.width * image.height, max_pixels))
    return image


def _too_large_text(pixels: int | None, max_pixels: int) -> str:
    limit = f"the limit is {max_pixels / 1e6:g}"
    if pixels is None:
        return f"image too large ({limit} megapixels)"
    megapixels = pixels / 1e6
    shown = f"{megapixels:.0f}" if megapixels >= 10 else f"{megapixels:.2g}"
    return f"image too large ({shown} megapixels; {limit})"


@functools.cache
def _heif_available() -> bool:
    """Register the HEIF decoder with Pillow the first time a HEIC/HEIF file comes along."""
    try:
        import pi_heif
    except ImportError:
        log.warning("pi-heif is not installed: HEIC/HEIF photos are refused")
        return False
    pi_heif.register_heif_opener()
    return True


def looks_like_heif(data: bytes) -> bool:
    """An ISO media file with a HEIF brand (phones sometimes name them .jpg)."""
    return data[4:8] == b"ftyp" and data[8:12] in {b"heic", b"heix", b"heim", b"heis", b"mif1"}


def _exif_taken_at(exif: Image.Exif) -> dt.datetime | None:
    details = exif.get_ifd(_EXIF_IFD)
    for value in (details.get(_DATETIME_ORIGINAL), details.get(_DATETIME_DIGITIZED)):
        if (moment := parse_exif_datetime(value)) is not None:
            return moment
    return parse_exif_datetime(exif.get(_DATETIME))


def _minimal_exif(taken_at: dt.datetime | None) -> bytes | None:
    """An EXIF block with only DateTimeOriginal (None without a date)."""
    if taken_at is None:
        return None
    exif = Image.Exif()
    exif[_EXIF_IFD] = {_DATETIME_ORIGINAL: format_exif_datetime(taken_at)}
    return exif.tobytes()


def for_jpeg(image: Image.Image) -> Image.Image:
    """RGB or greyscale; transparency goes onto white."""
    if image.mode in ("RGB", "L", "CMYK"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _fit(size: tuple[int, int], longest: int) -> tuple[int, int]:
    """`size` scaled to fit a `longest`-pixel square, never enlarged."""
    width, height = size
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def thumbnail_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # comment=b"": Pillow would otherwise copy the original's JPEG comment (COM) over.
    for_jpeg(image).convert("RGB").save(buffer, "JPEG", quality=THUMB_QUALITY, comment=b"")
    return buffer.getvalue()


def _is_lossless_webp(data: bytes) -> bool:
    """Whether a WEBP's image chunk is VP8L (lossless) rather than VP8 (lossy)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return False
    position = 12
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        if kind in (b"VP8L", b"VP8 "):
            return kind == b"VP8L"
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        position += 8 + size + (size & 1)
    return False


# --- JPEG metadata rewrite ------------------------------------------------------------------

_SOS, _EOI, _COM = 0xDA, 0xD9, 0xFE
_APP0, _APP2, _APP14 = 0xE0, 0xE2, 0xEE
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RST0–RST7: no length
# Inside entropy-coded data 0xFF is followed by 0x00 (stuffing), RSTn or more 0xFF.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def rewrite_jpeg_metadata(data: bytes, *, exif: bytes | None, keep_icc: bool = True) -> bytes:
    """The same JPEG with its metadata replaced, image data untouched.

    Kept: JFIF (APP0), the ICC colour profile (APP2, device fields blanked) and Adobe's
    colour-transform marker (APP14), which decoders need. Dropped: EXIF and XMP (APP1),
    other APPn (MPF with its appended images, maker notes, IPTC), comments and anything
    after the end of the image. `exif` (with its "Exif\\0\\0" header) becomes the only APP1.
    Raises RefusedError for a damaged stream.
    """
    damaged = RefusedError("truncated or damaged image")
    if not data.startswith(b"\xff\xd8"):
        raise damaged
    out: list[bytes | memoryview] = [b"\xff\xd8"]
    view = memoryview(data)
    icc_chunks: list[bytes] = []
    icc_index, jfif_first = 0, False
    position, size = 2, len(data)
    while True:
        if position >= size or data[position] != 0xFF:
            raise damaged
        while position < size and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= size:
            raise damaged
        marker = data[position]
        position += 1
        if marker == _EOI:
            out.append(b"\xff\xd9")
            break
        if marker in _STANDALONE:
            out.append(bytes((0xFF, marker)))
            continue
        if position + 2 > size:
            raise damaged
        end = position + int.from_bytes(data[position : position + 2], "big")
        if end > size or end < position + 2:
            raise damaged
        payload = data[position + 2 : end] if 0xE0 <= marker <= 0xEF else b""
        if marker == _APP0 and payload.startswith(b"JFIF\x00") and len(out) == 1:
            out.append(view[position - 2 : end])
            jfif_first = True
        elif marker == _APP2 and payload.startswith(b"ICC_PROFILE\x00"):
            if keep_icc:
                icc_chunks.append(payload)
                if len(icc_chunks) == 1:
                    out.append(b"")  # placeholder: the profile goes where it was
                    icc_index = len(out) - 1
        elif marker == _APP14 and payload.startswith(b"Adobe"):
            out.append(view[position - 2 : end])
        elif 0xE0 <= marker <= 0xEF or marker == _COM:
            pass  # metadata we do not keep
        else:
            out.append(view[position - 2 : end])
        position = end
        if marker == _SOS:
            found = _NEXT_MARKER.search(data, position)
            if found is None:
                raise damaged
            out.append(view[position : found.start()])
            position = found.start()
    if icc_chunks:
        out[icc_index] = _icc_segments(icc_chunks)
    if exif is not None:  # right after SOI, or after JFIF, which must come first
        out.insert(2 if jfif_first else 1, _segment(0xE1, exif))
    return b"".join(out)


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def _icc_segments(chunks: list[bytes]) -> bytes:
    """The profile's APP2 chunks in order, with the device fields of its header blanked."""
    header = len(b"ICC_PROFILE\x00") + 2
    ordered = sorted(chunks, key=lambda chunk: chunk[header - 2])
    profile = _scrub_icc(b"".join(chunk[header:] for chunk in ordered)) or b""
    step = 65_533 - header
    parts = [profile[i : i + step] for i in range(0, len(profile), step)]
    return b"".join(
        _segment(_APP2, b"ICC_PROFILE\x00" + bytes((n, len(parts))) + part)
        for n, part in enumerate(parts, start=1)
    )


def _scrub_icc(profile: bytes | None) -> bytes | None:
    """The ICC profile with the device manufacturer and model of its header blanked (and
    its ID, which covers them, cleared as the spec allows)."""
    if not profile or len(profile) < 128 or profile[48:56] == bytes(8):
        return profile
    return profile[:48] + bytes(8) + profile[56:84] + bytes(16) + profile[100:]


# --- files ----------------------------------------------------------------------------------


def write_atomically(target: Path, data: bytes, *, durable: bool) -> None:
    """Write to a temp file beside `target`, then rename: readers see all or nothing.
    `durable` also flushes the data and the folder entry to disk first."""
    commit_temp(write_temp(target, data, durable=durable), target, durable=durable)


def write_temp(target: Path, data: bytes, *, durable: bool) -> Path:
    """A new temp file (private to the owner) beside `target` holding `data`."""
    handle, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            if durable:
                file.flush()
                os.fsync(file.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def commit_temp(temp: Path, target: Path, *, durable: bool) -> None:
    try:
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if durable:
        _fsync_folder(target.parent)


def discard_temp(writing: Future[Path]) -> None:
    """Wait for a temp file being written and delete it."""
    try:
        temp = writing.result()
    except Exception:  # the write failed: nothing to delete, and the first error wins
        log.debug("Writing a discarded copy failed", exc_info=True)
        return
    remove_quietly(temp)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def remove_quietly(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("Could not remove %s", path, exc_info=True)


def remove_stale_temp_files(*folders: Path) -> None:
    """Temp files left by a crash mid-write (fresh ones may belong to another import)."""
    limit = dt.datetime.now().timestamp() - STALE_TEMP_SECONDS
    for folder in folders:
        for temp in folder.glob(f".*{TEMP_SUFFIX}"):
            try:
                if temp.stat().st_mtime < limit:
                    temp.unlink()
            except OSError:
                log.warning("Could not remove the leftover %s", temp, exc_info=True)


def thumbnail_of_file(path: Path) -> bytes:
    """A thumbnail of a managed copy (already upright) from a reduced decode."""
    with Image.open(path) as image:
        image.draft("RGB", (THUMB_SIZE * 2, THUMB_SIZE * 2))
        image.thumbnail((THUMB_SIZE, THUMB_SIZE))
        return thumbnail_bytes(image)


def load_fitted(path: Path, size: tuple[int, int]) -> Image.Image:
    """A managed copy as RGB at exactly `size`, decoded no larger than needed."""
    with Image.open(path) as image:
        image.draft("RGB", size)
        rgb = for_jpeg(image).convert("RGB")
        return rgb.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
