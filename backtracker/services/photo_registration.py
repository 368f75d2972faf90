"""Automatic registration of a progress photo to its pose's reference photo (no Qt).

The method, "fourier-mellin+irls" (METHOD):

1. Both photos are decoded small (Pillow's draft decode, then ~256 px high, greyscale) and
   turned into a band-pass image: a light blur minus a wide blur, divided by its spread. That
   keeps edges and texture and drops slow changes of light between sessions.
2. A global first guess for rotation and scale (Fourier–Mellin): the magnitude of an image's
   spectrum ignores where things are, and rotating or zooming the image rotates or zooms
   its spectrum; in log-polar coordinates those become plain shifts, which phase correlation
   finds. A second phase correlation then finds the shift. Only small rotations (≤ 15°) and
   zooms (0.6–1.6×) are considered, and the best few candidates are all refined.
3. A robust refinement from coarse to fine (64, 128, 256 px high): Gauss–Newton on the
   band-pass images for the four numbers of a similarity (iteratively re-weighted least
   squares with Tukey's biweight). Pixels that disagree with the rest, like a back that grew
   broader or an arm held differently, get a weight near zero, so the fixed background and
   the parts of the body that did not move decide.
4. Confidence in [0, 1], the least of three measures after alignment, over the pixels both
   photos cover: the normalised correlation of the two band-pass images; the share of the
   detailed blocks of an 8-row grid that correlate on their own (a room that agrees
   everywhere but on the body scores high; a person lined up in front of another room, or
   an unrelated picture, scores low); and how steady the answer is when only the left,
   right, top or bottom half of the frame is fitted (in front of a bare wall the changed
   body is all there is to go by, and each half pulls its own way). It shrinks when the
   photos share under half their area.

It assumes the photos show the same place from roughly the same spot, with enough detail
around the person (a door frame, furniture, a textured wall). See the README for how it
fails.

Coordinates are those of domain/photo_align.py: height units about the centre of the
upright photo; the result carries a point of the photo to the same point of the reference.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import Image, UnidentifiedImageError

from backtracker.domain.errors import UserError
from backtracker.domain.photo_align import Similarity
from backtracker.services import photo_files, photo_vault
from backtracker.services.photo_files import DECODE_ERRORS

METHOD = "fourier-mellin+irls"
WORK_HEIGHT = 256  # the finest level, in pixels
LEVELS = (64, 128, 256)  # coarse to fine
MIN_SIDE = 32  # a photo smaller than this (either side) cannot be aligned
MIN_DETAIL = 2.0  # standard deviation of the grey values (0–255) below which a photo is blank
MAX_ROTATION_DEG = 15.0
SCALE_RANGE = (0.6, 1.6)
MAX_SHIFT = 0.6  # height units
CANDIDATES = 3  # Fourier–Mellin peaks refined; the best agreement wins
CLEAR_MATCH = 0.7  # a correlation (on the 128 px level) that ends the search at once
ITERATIONS = (30, 20, 12)  # Gauss–Newton steps per level
TUKEY_C = 4.685
# Confidence: a normalised correlation at or below CORR_LOW gives 0, at or above CORR_HIGH 1.
CORR_LOW, CORR_HIGH = 0.2, 0.6
MIN_OVERLAP = 0.5  # below this share of the reference covered, confidence shrinks
# ... and the share of detailed blocks that agree (correlate above BLOCK_AGREES) maps from
# BLOCKS_LOW (0) to BLOCKS_HIGH (1): parts of the body that changed disagree, the room agrees.
BLOCK_ROWS = 8
BLOCK_DETAIL = 0.3  # a block's spread (band-pass units) below this is plain: not counted
BLOCK_AGREES = 0.5
BLOCKS_LOW, BLOCKS_HIGH = 0.3, 0.7
# ... and how far fits to each half of the frame stray from the whole's (at the corners):
# up to WOBBLE_LOW is steady (1), WOBBLE_HIGH or more gives 0.
WOBBLE_LOW, WOBBLE_HIGH = 0.01, 0.02
WOBBLE_STEPS = 8


class RegistrationError(UserError):
    """A photo that cannot be aligned at all (too small, blank, unreadable)."""


@dataclass(frozen=True)
class Registration:
    similarity: Similarity  # photo → reference, height units (domain/photo_align.py)
    confidence: float  # 0–1
    method: str = METHOD


@dataclass(frozen=True)
class Prepared:
    """A photo made ready for registration: its band-pass image at each level, coarse to
    fine (float32, same height ratio as the photo)."""

    levels: tuple[np.ndarray, ...]
    size: tuple[int, int]  # the upright photo's width and height


# --- preparing ------------------------------------------------------------------------------


def open_small(path: Path, height: int = WORK_HEIGHT) -> Image.Image:
    """A managed photo, upright (its orientation tag applied), greyscale, at least about
    `height` pixels high, decoded no larger than needed. Raises RegistrationError."""
    try:
        stream = photo_vault.source(path)  # unsealed in memory when the vault is on
        size = _upright_size(stream)
        stream.seek(0)
        wanted = max(1, round(size[0] * height / max(1, size[1]))), height
        return photo_files.open_upright(stream, at_least=wanted).convert("L")
    except photo_vault.VaultLockedError as error:
        raise RegistrationError(str(error)) from error
    except photo_vault.TamperedFileError as error:
        raise RegistrationError(str(error)) from error
    except FileNotFoundError as error:
        raise RegistrationError(f"The photo file {path} is missing.") from error
    except (UnidentifiedImageError, *DECODE_ERRORS) as error:
        raise RegistrationError(f"The photo file {path} cannot be read: {error}") from error


def prepare(image: Image.Image, size: tuple[int, int] | None = None) -> Prepared:
    """`image` upright (any mode). `size` is the full photo's upright size when `image` is a
    reduced decode of it (the same aspect). Raises RegistrationError for a photo too small or
    too plain to align."""
    width, height = image.size
    full = size or (width, height)
    if min(width, height) < MIN_SIDE or min(full) < MIN_SIDE:
        raise RegistrationError(
            f"The photo is too small to line up ({full[0]}×{full[1]} pixels; at least "
            f"{MIN_SIDE} on each side)."
        )
    grey = image if image.mode == "L" else image.convert("L")
    levels = []
    for level_height in LEVELS:
        scaled_height = min(level_height, height)
        scaled_width = max(MIN_SIDE // 2, round(width * scaled_height / height))
        small = grey.resize((scaled_width, scaled_height), Image.Resampling.BOX)
        pixels = np.asarray(small, dtype=np.float32)
        if level_height == LEVELS[-1] and float(pixels.std()) < MIN_DETAIL:
            raise RegistrationError(
                "The photo is blank or nearly so: there is no detail to line it up by."
            )
        levels.append(_band_pass(pixels))
    return Prepared(tuple(levels), full)


def prepare_file(path: Path, size: tuple[int, int] | None = None) -> Prepared:
    """A managed photo prepared from a reduced decode. Raises RegistrationError."""
    small = open_small(path)
    return prepare(small, size or small.size)


def _upright_size(source: BinaryIO) -> tuple[int, int]:
    """The photo's upright width and height, from its header. Raises what Pillow raises."""
    with Image.open(source) as image:
        width, height = image.size
        if photo_files.orientation_of(image.getexif()) in (5, 6, 7, 8):
            return height, width
        return width, height


def _band_pass(pixels: np.ndarray) -> np.ndarray:
    """A light blur minus a wide one, scaled to unit spread."""
    height = pixels.shape[0]
    fine = _blur(pixels, max(0.6, height / 256))
    wide = _blur(pixels, height / 24)
    band = fine - wide
    spread = float(band.std())
    return (band / spread if spread > 1e-6 else band).astype(np.float32)


def _gauss_matrix(n: int, sigma: float) -> np.ndarray:
    """A row-normalised Gaussian blur matrix for n samples (edges renormalised)."""
    index = np.arange(n, dtype=np.float32)
    matrix = np.exp(-0.5 * ((index[:, None] - index[None, :]) / sigma) ** 2)
    return matrix / matrix.sum(axis=1, keepdims=True)


def _blur(pixels: np.ndarray, sigma: float) -> np.ndarray:
    rows, columns = pixels.shape
    return _gauss_matrix(rows, sigma) @ pixels @ _gauss_matrix(columns, sigma).T


# --- sampling -------------------------------------------------------------------------------


def _sample(image: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bilinear samples at continuous pixel coordinates (pixel i covers [i, i + 1)), and
    where they fall inside the image. An image with a third axis is sampled per layer."""
    rows, columns = image.shape[:2]
    fx, fy = x - 0.5, y - 0.5
    inside = (fx >= 0) & (fx <= columns - 1) & (fy >= 0) & (fy <= rows - 1)
    np.clip(fx, 0, columns - 1.001, out=fx)
    np.clip(fy, 0, rows - 1.001, out=fy)
    x0, y0 = fx.astype(np.intp), fy.astype(np.intp)
    ax = (fx - x0).astype(image.dtype).reshape(-1, 1)
    ay = (fy - y0).astype(image.dtype).reshape(-1, 1)
    flat = image.reshape(rows * columns, -1)
    index = (y0 * columns + x0).ravel()
    top_left, top_right = flat[index], flat[index + 1]
    bottom_left, bottom_right = flat[index + columns], flat[index + columns + 1]
    top = top_left + (top_right - top_left) * ax
    bottom = bottom_left + (bottom_right - bottom_left) * ax
    return (top + (bottom - top) * ay).reshape(x.shape + image.shape[2:]), inside


def _grid_units(shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Every pixel centre of an image, in height units about its centre."""
    rows, columns = shape
    u = (np.arange(columns, dtype=np.float64) + 0.5 - columns / 2) / rows
    v = (np.arange(rows, dtype=np.float64) + 0.5 - rows / 2) / rows
    return np.meshgrid(u, v)


def _to_pixels(u: np.ndarray, v: np.ndarray, shape: tuple[int, int]) -> tuple:
    rows, columns = shape
    return u * rows + columns / 2, v * rows + rows / 2


def _warp_into(photo: np.ndarray, back: Similarity, shape: tuple[int, int]) -> tuple:
    """The photo seen in a frame of `shape` (the reference's), where `back` carries the
    frame's points to the photo's; and which pixels the photo covers."""
    u, v = _grid_units(shape)
    a, b, c, d = back.linear()
    pu, pv = a * u + b * v + back.dx, c * u + d * v + back.dy
    return _sample(photo, *_to_pixels(pu, pv, photo.shape))


# --- Fourier–Mellin -------------------------------------------------------------------------


def _phase_correlation(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The phase-correlation surface; its peak at (dy, dx) means second ≈ first moved by it."""
    cross = np.fft.fft2(second) * np.conj(np.fft.fft2(first))
    cross /= np.abs(cross) + 1e-9
    return np.real(np.fft.ifft2(cross))


def _peaks(surface: np.ndarray, allowed: np.ndarray, count: int) -> list[tuple[float, float]]:
    """Up to `count` separated maxima (sub-pixel by parabola), as signed (dy, dx) shifts."""
    work = np.where(allowed, surface, -np.inf)
    rows, columns = surface.shape
    found: list[tuple[float, float]] = []
    for _ in range(count):
        index = int(np.argmax(work))
        y, x = divmod(index, columns)
        if not np.isfinite(work[y, x]):
            break
        offsets = []
        for axis_index, size in ((y, rows), (x, columns)):
            before = surface[(y - 1) % rows, x] if size == rows else surface[y, (x - 1) % columns]
            after = surface[(y + 1) % rows, x] if size == rows else surface[y, (x + 1) % columns]
            centre = surface[y, x]
            bend = before - 2 * centre + after
            offset = 0.5 * (before - after) / bend if bend < 0 else 0.0
            offsets.append(axis_index + max(-0.5, min(0.5, offset)))
        dy, dx = offsets
        found.append((dy - rows if dy > rows / 2 else dy, dx - columns if dx > columns / 2 else dx))
        work[max(0, y - 3) : y + 4, max(0, x - 3) : x + 4] = -np.inf
    return found


def _hann(shape: tuple[int, int]) -> np.ndarray:
    return np.outer(np.hanning(shape[0]), np.hanning(shape[1])).astype(np.float32)


def _on_canvas(image: np.ndarray, side: int) -> np.ndarray:
    """Windowed and centred on a side × side canvas (image centre on canvas centre)."""
    rows, columns = image.shape
    canvas = np.zeros((side, side), dtype=np.float32)
    top, left = (side - rows) // 2, (side - columns) // 2
    canvas[top : top + rows, left : left + columns] = (image - image.mean()) * _hann(image.shape)
    return canvas


def _log_polar_spectrum(canvas: np.ndarray, radii: np.ndarray, angles: np.ndarray) -> np.ndarray:
    side = canvas.shape[0]
    magnitude = np.abs(np.fft.fftshift(np.fft.fft2(canvas)))
    frequency = np.fft.fftshift(np.fft.fftfreq(side))
    fy, fx = np.meshgrid(frequency, frequency, indexing="ij")
    high_pass = (1 - np.cos(np.pi * fx) * np.cos(np.pi * fy)) * (
        2 - np.cos(np.pi * fx) * np.cos(np.pi * fy)
    )
    spectrum = np.log1p(magnitude) * high_pass
    x = side / 2 + 0.5 + radii[None, :] * np.cos(angles[:, None])
    y = side / 2 + 0.5 + radii[None, :] * np.sin(angles[:, None])
    values, _ = _sample(spectrum.astype(np.float64), x, y)
    return values


def _rotation_scale_candidates(photo: np.ndarray, reference: np.ndarray) -> list[Similarity]:
    """Rotation and scale (about the centre) that may carry the photo onto the reference."""
    side = int(max(*photo.shape, *reference.shape))
    side += side % 2
    n_angles, n_radii = 360, side
    angles = np.arange(n_angles) * np.pi / n_angles
    r_min, r_max = 2.0, side / 2 * 0.9
    radii = np.exp(np.linspace(math.log(r_min), math.log(r_max), n_radii))
    step = (math.log(r_max) - math.log(r_min)) / (n_radii - 1)
    first = _log_polar_spectrum(_on_canvas(reference, side), radii, angles)
    second = _log_polar_spectrum(_on_canvas(photo, side), radii, angles)
    window = np.hanning(n_radii)[None, :]
    surface = _phase_correlation(first * window, second * window)
    shift_angle = np.fft.fftfreq(n_angles) * n_angles
    shift_radius = np.fft.fftfreq(n_radii) * n_radii
    rotation = shift_angle[:, None] * 180 / n_angles + 0 * shift_radius[None, :]
    scale = np.exp(shift_radius[None, :] * step) + 0 * shift_angle[:, None]
    allowed = (
        (np.abs(rotation) <= MAX_ROTATION_DEG)
        & (scale >= SCALE_RANGE[0])
        & (scale <= SCALE_RANGE[1])
    )
    candidates = []
    for d_angle, d_radius in _peaks(surface, allowed, CANDIDATES):
        # The photo's spectrum is the reference's turned by −θ and zoomed by s.
        candidates.append(
            Similarity(0.0, 0.0, math.exp(d_radius * step), -float(d_angle) * 180 / n_angles)
        )
    return candidates or [Similarity()]


def _translation(photo: np.ndarray, reference: np.ndarray, turn: Similarity) -> Similarity:
    """`turn` (rotation and scale) followed by the shift phase correlation finds."""
    warped, inside = _warp_into(photo, turn.inverse(), reference.shape)
    warped = np.where(inside, warped, 0.0)
    window = _hann(reference.shape)
    surface = _phase_correlation(
        (warped - warped.mean()) * window, (reference - reference.mean()) * window
    )
    rows = reference.shape[0]
    allowed = np.ones(surface.shape, dtype=bool)
    (dy, dx), *_ = _peaks(surface, allowed, 1)
    return Similarity(float(dx) / rows, float(dy) / rows, turn.scale, turn.rotation_deg)


# --- robust refinement ----------------------------------------------------------------------


def _refine(
    photo: np.ndarray,
    reference: np.ndarray,
    start: Similarity,
    steps: int,
    keep: np.ndarray | None = None,
) -> Similarity:
    """Gauss–Newton with Tukey weights on T = start⁻¹ (reference units → photo units);
    with `keep`, only those pixels of the reference count."""
    back = start.inverse()
    a, b, _, _ = back.linear()
    params = np.array([a, -b, back.dx, back.dy])  # T(q) = [[a, −b], [b, a]] q + (c, d)
    u, v = _grid_units(reference.shape)
    ref = reference
    if keep is not None:  # only those pixels, as flat lists
        u, v, ref = u[keep], v[keep], reference[keep]
    rows = photo.shape[0]
    grad_y, grad_x = np.gradient(photo)
    # The photo and its slopes (per height unit of the photo) sampled together.
    layers = np.stack((photo, grad_x * rows, grad_y * rows), axis=-1)
    enough = 0.01 / reference.shape[0]  # a hundredth of a pixel: converged
    for _ in range(steps):
        a, b, c, d = params
        pu, pv = a * u - b * v + c, b * u + a * v + d
        x, y = _to_pixels(pu, pv, photo.shape)
        sampled, inside = _sample(layers, x, y)
        if inside.sum() < 64:
            break
        values, gx, gy = sampled[inside].T
        residual = values - ref[inside]
        spread = 1.4826 * float(np.median(np.abs(residual))) + 1e-6
        scaled = residual / (TUKEY_C * spread)
        weight = np.where(np.abs(scaled) < 1, (1 - scaled**2) ** 2, 0.0)
        qu, qv = u[inside], v[inside]
        jacobian = np.stack((gx * qu + gy * qv, -gx * qv + gy * qu, gx, gy), axis=1)
        weighted = jacobian * weight[:, None]
        try:
            delta = np.linalg.solve(weighted.T @ jacobian, -(weighted.T @ residual))
        except np.linalg.LinAlgError:
            break
        params = params + delta
        if not np.all(np.isfinite(params)) or math.hypot(params[0], params[1]) < 1e-3:
            return start
        if np.max(np.abs(delta)) < enough:
            break
    a, b, c, d = (float(value) for value in params)
    return Similarity(c, d, math.hypot(a, b), math.degrees(math.atan2(b, a))).inverse()


@dataclass(frozen=True)
class Agreement:
    """How well two band-pass images agree after alignment."""

    correlation: float  # normalised correlation over the pixels both cover
    share: float  # of the reference covered by the photo
    blocks: float  # of the detailed blocks (a grid of about 8 × 6), those that correlate
    wobble: float = 0.0  # how far fits to each half of the frame stray (height units)

    @property
    def confidence(self) -> float:
        fit = (self.correlation - CORR_LOW) / (CORR_HIGH - CORR_LOW)
        parts = (self.blocks - BLOCKS_LOW) / (BLOCKS_HIGH - BLOCKS_LOW)
        steady = (WOBBLE_HIGH - self.wobble) / (WOBBLE_HIGH - WOBBLE_LOW)
        cover = self.share / MIN_OVERLAP
        return max(0.0, min(1.0, fit, parts, steady)) * max(0.0, min(1.0, cover))


def _agreement(photo: np.ndarray, reference: np.ndarray, found: Similarity) -> Agreement:
    warped, inside = _warp_into(photo, found.inverse(), reference.shape)
    share = float(inside.mean())
    if inside.sum() < 64:
        return Agreement(0.0, share, 0.0)
    rows, columns = reference.shape
    across = max(1, round(BLOCK_ROWS * columns / rows))
    detailed = agreeing = 0
    for i in range(BLOCK_ROWS):
        for j in range(across):
            block = (
                slice(i * rows // BLOCK_ROWS, (i + 1) * rows // BLOCK_ROWS),
                slice(j * columns // across, (j + 1) * columns // across),
            )
            covered = inside[block]
            if covered.mean() < 0.7:
                continue
            first, second = warped[block][covered], reference[block][covered]
            if first.std() < BLOCK_DETAIL or second.std() < BLOCK_DETAIL:
                continue
            detailed += 1
            agreeing += _correlation(first, second) > BLOCK_AGREES
    return Agreement(
        _correlation(warped[inside], reference[inside]),
        share,
        agreeing / detailed if detailed else 0.0,
    )


def _correlation(first: np.ndarray, second: np.ndarray) -> float:
    first = first - first.mean()
    second = second - second.mean()
    norm = math.sqrt(float((first * first).sum()) * float((second * second).sum()))
    return float((first * second).sum()) / norm if norm > 1e-9 else 0.0


def _plausible(found: Similarity) -> bool:
    return (
        SCALE_RANGE[0] * 0.9 <= found.scale <= SCALE_RANGE[1] * 1.1
        and abs(found.rotation_deg) <= MAX_ROTATION_DEG * 1.5
        and math.hypot(found.dx, found.dy) <= MAX_SHIFT
    )


def register(photo: Prepared, reference: Prepared) -> Registration:
    """The similarity carrying the photo onto the reference, and how far to trust it."""
    coarse_photo, coarse_ref = photo.levels[1], reference.levels[1]
    starts = [
        _translation(coarse_photo, coarse_ref, turn)
        for turn in _rotation_scale_candidates(coarse_photo, coarse_ref)
    ]
    # Each start is refined on the two coarse levels (strongest peak first, until one clearly
    # matches); the one that agrees best there is refined on the finest.
    tried: list[tuple[float, Similarity]] = []
    for start in starts:
        found = start
        for level, steps in enumerate(ITERATIONS[:-1]):
            found = _refine(photo.levels[level], reference.levels[level], found, steps)
        if _plausible(found):
            agreement = _agreement(photo.levels[1], reference.levels[1], found)
            score = agreement.correlation * min(1.0, agreement.share / MIN_OVERLAP)
            tried.append((score, found))
            if score >= CLEAR_MATCH:
                break
    if not tried:
        return Registration(Similarity(), 0.0)
    _, found = max(tried, key=lambda pair: pair[0])
    found = _refine(photo.levels[-1], reference.levels[-1], found, ITERATIONS[-1])
    if not _plausible(found):
        return Registration(Similarity(), 0.0)
    agreement = _agreement(photo.levels[-1], reference.levels[-1], found)
    agreement = dataclasses.replace(
        agreement, wobble=_wobble(photo.levels[-1], reference.levels[-1], found)
    )
    return Registration(found, round(agreement.confidence, 3))


def _wobble(photo: np.ndarray, reference: np.ndarray, found: Similarity) -> float:
    """How far the alignment moves (at the frame's corners, in height units) when only the
    left, right, top or bottom half of the frame is fitted. A room that stays put gives the
    same answer from every half; when the body is all there is to line up (a bare wall),
    each half pulls its own way."""
    u, v = _grid_units(reference.shape)
    corners = ((-0.5, -0.5), (0.5, -0.5), (-0.5, 0.5), (0.5, 0.5))
    worst = 0.0
    for keep in (u < 0, u >= 0, v < 0, v >= 0):
        half = _refine(photo, reference, found, WOBBLE_STEPS, keep)
        for corner in corners:
            worst = max(worst, math.dist(half.apply(corner), found.apply(corner)))
    return worst


def register_files(photo: Path, reference: Path) -> Registration:
    """Both files read small and upright, then `register`. Raises RegistrationError."""
    return register(prepare_file(photo), prepare_file(reference))
