"""The files behind progress photos: decoding originals within limits, managed copies
without metadata, thumbnails from a reduced decode, and atomic writes (no Qt).

Ingest is lossless wherever the container allows it: a JPEG keeps its compressed image data
byte for byte, a PNG or WEBP its image chunks, and only the metadata around them is
rewritten (`photo_metadata`): GPS, device, times, XMP, IPTC, comments and maker data go;
what decoding needs (tables, ICC colour profile, Adobe colour transform) stays. What cannot
be rewritten safely (a damaged or odd JPEG, an animated or unusual PNG or WEBP, a PNG or
WEBP that must be turned), and HEIC/HEIF, is decoded, turned upright and encoded again.

Orientation. A managed JPEG keeps the camera's Orientation tag (2–8) in a minimal EXIF
block, together with at most DateTimeOriginal; its pixels are stored as the camera wrote
them. Turning the pixels instead would mean decoding and re-encoding (a loss, and 3–4×
slower), and keeping the orientation in the database instead would tie the file to the
database: as a tag, the file stays self-describing in a backup, a restore or another viewer.
So everything that shows or exports a managed photo applies the tag:

- without Qt: `open_upright(path)` (a PIL image, upright) and the helpers built on it
  (`load_fitted`, `thumbnail_of_file`); the comparison export and the timelapse use them;
- in Qt: `QImageReader` with `setAutoTransform(True)` (`ui.photos.thumbnails.decode_scaled`).

A photo's stored width and height are always the upright ones. Thumbnails are upright
pixels without any metadata. Every other managed copy (PNG, WEBP, re-encoded) is upright
and has no orientation tag.
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
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

from backtracker.domain.photos import format_exif_datetime, parse_exif_datetime
from backtracker.services.photo_metadata import (
    RewriteUnsafeError,
    scrub_icc,
    strip_jpeg,
    strip_png,
    strip_webp,
)

log = logging.getLogger(__name__)

MAX_PIXELS = 80_000_000  # decompression-bomb limit
THUMB_SIZE = 320  # longest edge of a cached thumbnail
THUMB_QUALITY = 85
COPY_QUALITY = 95  # re-encoded copies: JPEG or lossy WEBP that cannot be rewritten safely
HEIC_QUALITY = COPY_QUALITY  # HEIC/HEIF is always converted to a JPEG at this quality
TEMP_SUFFIX = ".part"
STALE_TEMP_SECONDS = 600  # temp files this old are leftovers of a crash

# Pillow's own guard: a warning past this, an error past twice this. Opening turns the
# warning into a refusal, and also checks the caller's limit itself.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_EXIF_IFD = 0x8769
_ORIENTATION, _DATETIME = 0x0112, 0x0132
_DATETIME_ORIGINAL, _DATETIME_DIGITIZED = 0x9003, 0x9004
# What turns a picture stored with Orientation n upright (as ImageOps.exif_transpose does).
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_QUARTER_TURNS = frozenset({5, 6, 7, 8})  # width and height swap
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
    lossless: bool = False  # the image data was kept as it was (not decoded and re-encoded)


def prepare_photo(data: bytes, *, heif: bool, max_pixels: int = MAX_PIXELS) -> PreparedPhoto:
    """Check an original and make its managed copy; raises RefusedError."""
    image = _open_limited(data, heif=heif, max_pixels=max_pixels)
    with _decoding():
        exif = image.getexif()
        taken_at = _exif_taken_at(exif)
        orientation = orientation_of(exif)
        kept = _rewrite(data, image, taken_at, orientation)
        if kept is not None:
            return _prepare_lossless(kept, image, taken_at, orientation)
        return _prepare_by_reencoding(image, taken_at, lossless=_is_lossless_webp(data))


def orientation_of(exif: Image.Exif) -> int:
    """The EXIF Orientation (1–8); anything else counts as 1 (as stored)."""
    value = exif.get(_ORIENTATION, 1)
    return value if isinstance(value, int) and value in UPRIGHT else 1


def _rewrite(
    data: bytes, image: Image.Image, taken_at: dt.datetime | None, orientation: int
) -> bytes | None:
    """The original with its metadata rewritten, or None when it must be re-encoded."""
    try:
        if image.format in ("JPEG", "MPO"):
            return strip_jpeg(data, exif=_minimal_exif(taken_at, orientation))
        if orientation != 1:  # only a JPEG copy carries an orientation tag
            return None
        tiff = (_minimal_exif(taken_at) or b"")[len(b"Exif\0\0") :] or None
        if image.format == "PNG":
            return strip_png(data, exif=tiff)
        if image.format == "WEBP":
            alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            return strip_webp(data, exif=tiff, size=image.size, alpha=alpha)
    except RewriteUnsafeError as reason:
        log.info("Re-encoding a photo instead of rewriting its metadata: %s", reason)
    return None


@contextlib.contextmanager
def _decoding() -> Iterator[None]:
    """Turn a decoder's complaint about the file into a refusal."""
    try:
        yield
    except DECODE_ERRORS as error:
        log.debug("Decoding failed", exc_info=True)
        raise RefusedError("truncated or damaged image") from error


def _prepare_lossless(
    copy: bytes, original: Image.Image, taken_at: dt.datetime | None, orientation: int
) -> PreparedPhoto:
    """The rewritten copy; its thumbnail comes from a reduced decode of the copy itself
    (1/2 to 1/8 scale for a JPEG), which also proves the copy complete and readable."""
    width, height = original.size
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    suffix = _COPY_SUFFIX[original.format or ""]

    def thumbnail() -> bytes:
        with _decoding():
            return thumbnail_of_file(io.BytesIO(copy))

    return PreparedPhoto(copy, suffix, width, height, taken_at, thumbnail, lossless=True)


def _prepare_by_reencoding(
    image: Image.Image, taken_at: dt.datetime | None, *, lossless: bool
) -> PreparedPhoto:
    """Decode in full, turn upright, and encode again without the metadata."""
    source_format = image.format or ""
    image.load()
    upright = ImageOps.exif_transpose(image)
    suffix = _COPY_SUFFIX[source_format]
    icc = scrub_icc(upright.info.get("icc_profile"))
    transparency = upright.info.get("transparency")
    upright.info = {} if transparency is None else {"transparency": transparency}
    options: dict[str, object] = {"exif": _minimal_exif(taken_at) or b""}
    if icc:
        options["icc_profile"] = icc
    buffer = io.BytesIO()
    if suffix == ".jpg":
        quality = HEIC_QUALITY if source_format == "HEIF" else COPY_QUALITY
        for_jpeg(upright).save(buffer, "JPEG", quality=quality, **options)
    elif suffix == ".png":
        upright.save(buffer, "PNG", **options)
    else:
        webp = {"lossless": True} if lossless else {"quality": COPY_QUALITY}
        upright.save(buffer, "WEBP", **webp, **options)

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


def _minimal_exif(taken_at: dt.datetime | None, orientation: int = 1) -> bytes | None:
    """An EXIF block ("Exif\\0\\0" and TIFF) with at most DateTimeOriginal and an Orientation
    other than 1; None when there is neither."""
    if taken_at is None and orientation == 1:
        return None
    exif = Image.Exif()
    if orientation != 1:
        exif[_ORIENTATION] = orientation
    if taken_at is not None:
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


def is_temp_file(path: Path) -> bool:
    """A copy still being written (or left by a crash mid-write): never a photo of its own.
    `remove_stale_temp_files` sweeps the old ones."""
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)


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


def open_upright(
    source: Path | BinaryIO, *, at_least: tuple[int, int] | None = None
) -> Image.Image:
    """A managed photo decoded and turned upright (its EXIF Orientation applied), detached
    from the file. The one Qt-free way to read a managed photo's pixels: use it (or the
    helpers below) wherever one is shown or exported. `at_least` (upright width, height)
    lets a JPEG decode at a reduced scale (1/2 to 1/8) no smaller than that. Raises
    FileNotFoundError, UnidentifiedImageError or one of DECODE_ERRORS, and for a path the
    vault's VaultLockedError or TamperedFileError (both UserError)."""
    with Image.open(_readable(source)) as image:
        orientation = orientation_of(image.getexif())
        if at_least is not None:
            width, height = at_least
            turned = orientation in _QUARTER_TURNS
            image.draft("RGB", (height, width) if turned else (width, height))
        image.load()
        method = UPRIGHT.get(orientation)
        upright = image.copy() if method is None else image.transpose(method)
    upright.info.pop("exif", None)
    return upright


def _readable(source: Path | BinaryIO) -> BinaryIO:
    """A managed file as Pillow may read it: unsealed in memory when the vault sealed it
    (services/photo_vault.py); never a decrypted file on disk."""
    if not isinstance(source, Path):
        return source
    from backtracker.services import photo_vault  # it imports this module's writer lazily

    return photo_vault.source(source)


def thumbnail_of_file(source: Path | BinaryIO) -> bytes:
    """A thumbnail (JPEG, upright, no metadata, at most THUMB_SIZE a side) of a managed
    copy, from a reduced decode."""
    with Image.open(_readable(source)) as image:
        orientation = orientation_of(image.getexif())
        image.draft("RGB", (THUMB_SIZE * 2, THUMB_SIZE * 2))
        image.thumbnail((THUMB_SIZE, THUMB_SIZE))
        method = UPRIGHT.get(orientation)
        return thumbnail_bytes(image if method is None else image.transpose(method))


def load_fitted(source: Path | BinaryIO, size: tuple[int, int]) -> Image.Image:
    """A managed copy, upright, as RGB at exactly `size`, decoded no larger than needed."""
    upright = for_jpeg(open_upright(source, at_least=size)).convert("RGB")
    return upright.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
