"""A photo file's metadata rewritten without touching its image data (no Qt, no decoding).

JPEG, PNG and WEBP are containers: a list of marker segments or chunks, most of which are
either the compressed image or what a decoder needs to read it (tables, colour), and the
rest metadata (EXIF with GPS and the device, XMP, IPTC, comments, times, maker data). Each
`strip_*` function below keeps a fixed list of what decoding needs, drops the metadata it
knows, adds the given minimal EXIF, and raises `RewriteUnsafeError` for anything it does not
know or cannot parse (a truncated stream, an odd marker, a bad checksum, an animation):
the caller then decodes and re-encodes instead, so private data is never kept by doubt.

The functions take bytes and return bytes, so an encrypting store can wrap them.
"""

from __future__ import annotations

import re
import struct
import zlib

MAX_ICC_BYTES = 4_000_000  # a compressed PNG profile inflating past this is refused


class RewriteUnsafeError(Exception):
    """The container cannot be rewritten safely; decode and re-encode it instead."""


# --- JPEG -----------------------------------------------------------------------------------

_SOI, _EOI, _SOS, _COM = 0xD8, 0xD9, 0xDA, 0xFE
_APP0, _APP1, _APP2, _APP14 = 0xE0, 0xE1, 0xE2, 0xEE
# Frame headers (baseline, extended, progressive, lossless; Huffman or arithmetic), and the
# tables a decoder reads: Huffman (DHT), arithmetic conditioning (DAC), quantisation (DQT),
# restart interval (DRI), number of lines (DNL). Hierarchical (DHP, EXP), JPG and JPGn
# extensions, reserved markers and stray SOI/RSTn/TEM between segments are not kept.
_FRAMES = frozenset({*range(0xC0, 0xD0)} - {0xC4, 0xC8, 0xCC})
_TABLES = frozenset({0xC4, 0xCC, 0xDB, 0xDD, 0xDC})
_JFIF_FIELDS = 14  # "JFIF\0", version, units, x and y density, thumbnail width and height
_ADOBE_FIELDS = 12  # "Adobe", version, flags0, flags1, colour transform
_ICC_HEADER = b"ICC_PROFILE\x00"
# Inside entropy-coded data 0xFF is followed by 0x00 (stuffing), RSTn or more 0xFF.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def strip_jpeg(data: bytes, *, exif: bytes | None) -> bytes:
    """The same JPEG with its metadata replaced, its image data byte for byte as it was.

    Kept: the frame header, the tables and every scan with its entropy-coded data; JFIF
    (APP0, its thumbnail removed), the ICC colour profile (APP2, device fields blanked) and
    Adobe's colour-transform marker (APP14), which decoders need. Dropped: EXIF and XMP
    (APP1), every other APPn (IPTC and Photoshop data, MPF with the pictures appended to
    it, maker data), comments and anything after the end of the image. `exif` (starting
    with "Exif\\0\\0") becomes the only APP1.
    """
    if not data.startswith(b"\xff\xd8"):
        raise RewriteUnsafeError("no start of image")
    view = memoryview(data)
    out: list[bytes | memoryview] = [b"\xff\xd8"]
    icc_chunks: list[bytes] = []
    icc_index = 0
    jfif_first = seen_frame = seen_scan = False
    position, size = 2, len(data)
    while True:
        if position >= size or data[position] != 0xFF:
            raise RewriteUnsafeError(f"no marker at byte {position}")
        while position < size and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= size:
            raise RewriteUnsafeError("ends inside a marker")
        marker = data[position]
        position += 1
        if marker == _EOI:
            if not seen_scan:
                raise RewriteUnsafeError("no image data")
            out.append(b"\xff\xd9")
            break
        if position + 2 > size:
            raise RewriteUnsafeError("ends inside a segment length")
        end = position + int.from_bytes(data[position : position + 2], "big")
        if end > size or end < position + 2:
            raise RewriteUnsafeError(f"segment {marker:#04x} runs past the end")
        payload = data[position + 2 : end] if 0xE0 <= marker <= 0xEF else b""
        if (marker in _FRAMES or marker in _TABLES or marker == _SOS) and not _well_formed(
            marker, data[position + 2 : end]
        ):
            raise RewriteUnsafeError(f"a malformed segment {marker:#04x}")
        if marker in _FRAMES:
            if seen_frame:
                raise RewriteUnsafeError("a second frame header")
            seen_frame = True
            out.append(view[position - 2 : end])
        elif marker in _TABLES:
            out.append(view[position - 2 : end])
        elif marker == _SOS:
            if not seen_frame:
                raise RewriteUnsafeError("a scan before the frame header")
            seen_scan = True
            found = _NEXT_MARKER.search(data, end)
            if found is None:
                raise RewriteUnsafeError("the image data has no end")
            out.append(view[position - 2 : found.start()])
            position = found.start()
            continue
        elif marker == _APP0 and payload.startswith(b"JFIF\x00") and len(out) == 1:
            if len(payload) < _JFIF_FIELDS:
                raise RewriteUnsafeError("short JFIF header")
            out.append(_segment(_APP0, payload[: _JFIF_FIELDS - 2] + b"\x00\x00"))
            jfif_first = True
        elif marker == _APP2 and payload.startswith(_ICC_HEADER):
            icc_chunks.append(payload)
            if len(icc_chunks) == 1:
                out.append(b"")  # placeholder: the profile goes where it was
                icc_index = len(out) - 1
        elif marker == _APP14 and payload.startswith(b"Adobe"):
            if len(payload) < _ADOBE_FIELDS:
                raise RewriteUnsafeError("short Adobe marker")
            out.append(_segment(_APP14, payload[:_ADOBE_FIELDS]))
        elif 0xE0 <= marker <= 0xEF or marker == _COM:
            pass  # metadata we do not keep
        else:
            raise RewriteUnsafeError(f"unexpected marker {marker:#04x}")
        position = end
    if icc_chunks:
        out[icc_index] = _icc_segments(icc_chunks)
    if exif is not None:  # right after SOI, or after JFIF, which must come first
        out.insert(2 if jfif_first else 1, _segment(_APP1, exif))
    return b"".join(out)


def _well_formed(marker: int, body: bytes) -> bool:
    """Whether a frame header, table or scan header has exactly the length its own fields
    give, so that nothing else (a renamed metadata segment) passes for one."""
    size = len(body)
    if marker in _FRAMES:
        return size >= 6 and body[5] >= 1 and size == 6 + 3 * body[5]
    if marker == _SOS:
        return size >= 1 and 1 <= body[0] <= 4 and size == 4 + 2 * body[0]
    if marker in (0xDD, 0xDC):  # DRI, DNL
        return size == 2
    if marker == 0xCC:  # DAC: pairs
        return size > 0 and size % 2 == 0
    position = 0
    while position < size:
        if marker == 0xDB:  # DQT: precision and index, then 64 values of 8 or 16 bits
            precision = body[position] >> 4
            if precision > 1:
                return False
            position += 1 + 64 * (1 + precision)
        else:  # DHT: class and index, 16 counts, then as many values as they add up to
            if position + 17 > size:
                return False
            position += 17 + sum(body[position + 1 : position + 17])
    return size > 0 and position == size


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + (len(payload) + 2).to_bytes(2, "big") + payload


def _icc_segments(chunks: list[bytes]) -> bytes:
    """The profile's APP2 chunks in order, with the device fields of its header blanked."""
    header = len(_ICC_HEADER) + 2
    counts = {chunk[header - 1] for chunk in chunks if len(chunk) >= header}
    numbers = sorted(chunk[header - 2] for chunk in chunks if len(chunk) >= header)
    if counts != {len(chunks)} or numbers != list(range(1, len(chunks) + 1)):
        raise RewriteUnsafeError("the ICC profile's chunks do not add up")
    ordered = sorted(chunks, key=lambda chunk: chunk[header - 2])
    profile = scrub_icc(b"".join(chunk[header:] for chunk in ordered)) or b""
    step = 65_533 - header
    parts = [profile[i : i + step] for i in range(0, len(profile), step)]
    return b"".join(
        _segment(_APP2, _ICC_HEADER + bytes((n, len(parts))) + part)
        for n, part in enumerate(parts, start=1)
    )


def scrub_icc(profile: bytes | None) -> bytes | None:
    """The ICC profile with the device manufacturer and model blanked: the header's fields,
    and the text of its device manufacturer and model description tags (dmnd, dmdd), which
    stay as empty descriptions. Its ID, which covers them, is cleared as the spec allows.
    The colour data is left as it is."""
    if not profile or len(profile) < 128:
        return profile
    scrubbed = bytearray(profile)
    scrubbed[48:56] = bytes(8)
    for start, end in _device_text(profile):
        scrubbed[start:end] = bytes(end - start)
    if scrubbed == profile:
        return profile
    scrubbed[84:100] = bytes(16)
    return bytes(scrubbed)


def _device_text(profile: bytes) -> list[tuple[int, int]]:
    """Where the text of the dmnd and dmdd tags lies (after each tag's type fields); none
    for a tag table that does not fit the profile."""
    if len(profile) < 132:
        return []
    count = int.from_bytes(profile[128:132], "big")
    if count > (len(profile) - 132) // 12:
        return []
    found = []
    for entry in range(132, 132 + 12 * count, 12):
        signature = profile[entry : entry + 4]
        offset = int.from_bytes(profile[entry + 4 : entry + 8], "big")
        size = int.from_bytes(profile[entry + 8 : entry + 12], "big")
        if signature not in (b"dmnd", b"dmdd") or offset < 132 or offset + size > len(profile):
            continue
        kind = profile[offset : offset + 4]
        if kind == b"mluc" and size >= 16:  # no records (the record size stays 12)
            found += [(offset + 8, offset + 12), (offset + 16, offset + size)]
        elif kind == b"desc" and size >= 12:  # the ASCII count stays, its text becomes NULs
            found.append((offset + 12, offset + size))
        elif size >= 8:  # any other type: its signature stays
            found.append((offset + 8, offset + size))
    return found


# --- PNG ------------------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Image data, palette and transparency, colour (gamma, chromaticities, sRGB, coding-independent
# code points, HDR mastering and light levels), significant bits, background, pixel size.
_PNG_KEPT = frozenset(
    {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"cICP"}
    | {b"mDCv", b"cLLi", b"sBIT", b"bKGD", b"pHYs"}
)
# Text of any kind, EXIF, times, suggested palettes and histograms, and, being ancillary,
# any private chunk: dropped. Animation (acTL, fcTL, fdAT) and unknown critical chunks are
# re-encoded (to the first frame, as today).


def strip_png(data: bytes, *, exif: bytes | None) -> bytes:
    """The same PNG with only the chunks decoding needs, every checksum checked; the ICC
    profile (iCCP) is kept with a neutral name and its device fields blanked; `exif` (raw
    TIFF, no "Exif" header) becomes an eXIf chunk before the image data."""
    if not data.startswith(_PNG_SIGNATURE):
        raise RewriteUnsafeError("no PNG signature")
    out: list[bytes | memoryview] = [_PNG_SIGNATURE]
    view = memoryview(data)
    position, size = len(_PNG_SIGNATURE), len(data)
    while True:
        if position + 12 > size:
            raise RewriteUnsafeError("ends inside a chunk header")
        length = int.from_bytes(data[position : position + 4], "big")
        kind = bytes(data[position + 4 : position + 8])
        end = position + 12 + length
        if length > 0x7FFF_FFFF or end > size:
            raise RewriteUnsafeError(f"chunk {kind!r} runs past the end")
        body = view[position + 8 : end - 4]
        if zlib.crc32(view[position + 4 : end - 4]) != int.from_bytes(data[end - 4 : end], "big"):
            raise RewriteUnsafeError(f"chunk {kind!r} has a bad checksum")
        if len(out) == 1 and kind != b"IHDR":
            raise RewriteUnsafeError("IHDR is not first")
        if kind == b"IDAT" and exif is not None:
            out.append(_png_chunk(b"eXIf", exif))
            exif = None
        if kind in _PNG_KEPT:
            out.append(view[position:end])
        elif kind == b"iCCP":
            out.append(_png_chunk(b"iCCP", _png_icc(bytes(body))))
        elif kind[0] & 0x20 == 0 or kind in (b"acTL", b"fcTL", b"fdAT"):
            raise RewriteUnsafeError(f"chunk {kind!r} is not understood")
        position = end
        if kind == b"IEND":
            return b"".join(out)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_icc(body: bytes) -> bytes:
    """An iCCP body named "ICC profile" holding the scrubbed profile."""
    name_end = body.find(b"\x00")
    if not 1 <= name_end <= 79 or len(body) < name_end + 2 or body[name_end + 1] != 0:
        raise RewriteUnsafeError("a malformed iCCP chunk")
    inflate = zlib.decompressobj()
    try:
        profile = inflate.decompress(body[name_end + 2 :], MAX_ICC_BYTES)
    except zlib.error as error:
        raise RewriteUnsafeError("a damaged iCCP chunk") from error
    if inflate.unconsumed_tail or not inflate.eof:
        raise RewriteUnsafeError("an oversized or cut iCCP chunk")
    return b"ICC profile\x00\x00" + zlib.compress(scrub_icc(profile) or b"")


# --- WEBP -----------------------------------------------------------------------------------

_WEBP_IMAGE = (b"VP8 ", b"VP8L")
_VP8X_ICC, _VP8X_ALPHA, _VP8X_EXIF = 0x20, 0x10, 0x08


def strip_webp(data: bytes, *, exif: bytes | None, size: tuple[int, int], alpha: bool) -> bytes:
    """The same WEBP with only its image (VP8 or VP8L, with ALPH) and its ICC profile
    (device fields blanked); `exif` (raw TIFF) becomes its only EXIF chunk. `size` is the
    canvas and `alpha` whether the image has an alpha channel, as the decoder reported."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise RewriteUnsafeError("no RIFF WEBP header")
    riff_end = 8 + int.from_bytes(data[4:8], "little")
    if riff_end > len(data):
        raise RewriteUnsafeError("the RIFF size runs past the end")
    icc: bytes | None = None
    image: list[bytes] = []
    flags = 0
    position = 12
    while position < riff_end:
        if position + 8 > riff_end:
            raise RewriteUnsafeError("ends inside a chunk header")
        kind = data[position : position + 4]
        length = int.from_bytes(data[position + 4 : position + 8], "little")
        end = position + 8 + length
        if end > riff_end:
            raise RewriteUnsafeError(f"chunk {kind!r} runs past the end")
        body = data[position + 8 : end]
        if kind == b"VP8X":
            if position != 12 or length < 10:
                raise RewriteUnsafeError("a misplaced or short VP8X chunk")
            flags = body[0]
            if flags & 0x02:
                raise RewriteUnsafeError("an animation")
        elif kind == b"ICCP":
            icc = scrub_icc(body)
        elif kind in (b"ALPH", *_WEBP_IMAGE):
            image.append(_riff_chunk(kind, body))
        elif kind in (b"ANIM", b"ANMF"):
            raise RewriteUnsafeError("an animation")
        position = end + (length & 1)
    if not any(part[:4] in _WEBP_IMAGE for part in image):
        raise RewriteUnsafeError("no image data")
    if icc is None and exif is None and not flags:
        return _riff(image)  # the simple format, as it may well have been
    width, height = size
    if not (1 <= width <= 1 << 24 and 1 <= height <= 1 << 24):
        raise RewriteUnsafeError("a canvas too large for WEBP")
    flags = (
        (_VP8X_ICC if icc else 0)
        | (_VP8X_ALPHA if alpha or flags & _VP8X_ALPHA else 0)
        | (_VP8X_EXIF if exif else 0)
    )
    header = bytes((flags, 0, 0, 0)) + (width - 1).to_bytes(3, "little")
    parts = [_riff_chunk(b"VP8X", header + (height - 1).to_bytes(3, "little"))]
    if icc:
        parts.append(_riff_chunk(b"ICCP", icc))
    parts += image
    if exif:
        parts.append(_riff_chunk(b"EXIF", exif))
    return _riff(parts)


def _riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + len(body).to_bytes(4, "little") + body + b"\x00" * (len(body) & 1)


def _riff(chunks: list[bytes]) -> bytes:
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body
