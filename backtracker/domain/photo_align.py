"""Lining up progress photos: similarity transforms (a shift, a uniform scale and a small
rotation) between a photo and its pose's reference photo.

Coordinates. A point of an upright photo (orientation applied) of `width` × `height` pixels
is written in *height units about the centre*:

    u = (x − width / 2) / height        v = (y − height / 2) / height

x to the right, y down, as on screen. One unit is the photo's own height, so two photos of
different resolutions compare directly, and a similarity in these units is a similarity in
pixels (no stretching for non-square images).

The stored registration of a photo (`Photo.aligned_*`) is the similarity that carries a point
of the photo to the same point of the reference photo `aligned_to`:

    [u_ref, v_ref] = scale · R(rotation_deg) · [u, v] + [dx, dy]

with R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]] in these y-down coordinates: a positive angle
turns the photo *clockwise* on screen. `dx` and `dy` are in the reference's height units.
The reference itself is the identity.

Manual landmarks (`Photo.landmarks_json`) are the top of the head and the two shoulder
points, each stored as fractions of the upright image, `[x / width, y / height]`.

Pure Python: no Qt, no Pillow, no numpy.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from backtracker.domain.errors import UserError

Point = tuple[float, float]

LANDMARKS = ("head", "left_shoulder", "right_shoulder")
LANDMARK_LABELS = {
    "head": "top of the head",
    "left_shoulder": "left shoulder",
    "right_shoulder": "right shoulder",
}
MANUAL = "manual"  # the method name of an alignment from clicked landmarks
LOW_CONFIDENCE = 0.5  # below this an automatic alignment is shown as doubtful, not used


@dataclass(frozen=True)
class Similarity:
    """p_ref = scale · R(rotation_deg) · p + (dx, dy), in height units about the centre."""

    dx: float = 0.0
    dy: float = 0.0
    scale: float = 1.0
    rotation_deg: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.scale) and self.scale > 0):
            raise ValueError(f"a similarity needs a positive scale, not {self.scale!r}")
        for value in (self.dx, self.dy, self.rotation_deg):
            if not math.isfinite(value):
                raise ValueError("a similarity's shift and rotation must be finite numbers")

    @property
    def is_identity(self) -> bool:
        return (
            abs(self.dx) < 1e-12
            and abs(self.dy) < 1e-12
            and abs(self.scale - 1) < 1e-12
            and abs(self.rotation_deg) < 1e-12
        )

    def linear(self) -> tuple[float, float, float, float]:
        """(a, b, c, d) of the 2×2 part [[a, b], [c, d]] = scale · R."""
        theta = math.radians(self.rotation_deg)
        cos, sin = self.scale * math.cos(theta), self.scale * math.sin(theta)
        return cos, -sin, sin, cos

    def apply(self, point: Point) -> Point:
        a, b, c, d = self.linear()
        u, v = point
        return a * u + b * v + self.dx, c * u + d * v + self.dy

    def inverse(self) -> Similarity:
        """The similarity that carries the reference back onto the photo."""
        scale = 1 / self.scale
        back = Similarity(0.0, 0.0, scale, -self.rotation_deg)
        dx, dy = back.apply((self.dx, self.dy))
        return Similarity(-dx, -dy, scale, -self.rotation_deg)

    def then(self, other: Similarity) -> Similarity:
        """This one first, then `other` (other ∘ self)."""
        dx, dy = other.apply((self.dx, self.dy))
        return Similarity(dx, dy, self.scale * other.scale, self.rotation_deg + other.rotation_deg)


IDENTITY = Similarity()


def to_units(x: float, y: float, width: int, height: int) -> Point:
    """Pixel (x, y) of an upright width × height photo, in height units about its centre."""
    return (x - width / 2) / height, (y - height / 2) / height


def to_pixels(point: Point, width: int, height: int) -> tuple[float, float]:
    u, v = point
    return u * height + width / 2, v * height + height / 2


def from_fractions(point: Point, width: int, height: int) -> Point:
    """A landmark stored as fractions of the image, in height units about the centre."""
    return to_units(point[0] * width, point[1] * height, width, height)


def from_points(source: Sequence[Point], target: Sequence[Point]) -> Similarity:
    """The least-squares similarity carrying `source` points onto `target` points (no
    reflection; Umeyama's closed form for the 2-D case). Needs two or more distinct points."""
    if len(source) != len(target) or len(source) < 2:
        raise ValueError("a similarity needs two or more pairs of points")
    n = len(source)
    sx = sum(p[0] for p in source) / n
    sy = sum(p[1] for p in source) / n
    tx = sum(p[0] for p in target) / n
    ty = sum(p[1] for p in target) / n
    # With z = complex centred points, the best a + ib = Σ conj(s)·t / Σ |s|².
    num_re = num_im = spread = 0.0
    for (px, py), (qx, qy) in zip(source, target, strict=True):
        ux, uy, wx, wy = px - sx, py - sy, qx - tx, qy - ty
        num_re += ux * wx + uy * wy
        num_im += ux * wy - uy * wx
        spread += ux * ux + uy * uy
    if spread < 1e-18:
        raise ValueError("the points coincide; a similarity needs them apart")
    a, b = num_re / spread, num_im / spread
    scale = math.hypot(a, b)
    if scale < 1e-12:
        raise ValueError("the points give no usable scale")
    rotation = math.degrees(math.atan2(b, a))
    dx = tx - (a * sx - b * sy)
    dy = ty - (b * sx + a * sy)
    return Similarity(dx, dy, scale, rotation)


def residual(similarity: Similarity, source: Sequence[Point], target: Sequence[Point]) -> float:
    """The root-mean-square distance left after carrying `source` onto `target`."""
    if not source:
        return 0.0
    total = 0.0
    for point, wanted in zip(source, target, strict=True):
        x, y = similarity.apply(point)
        total += (x - wanted[0]) ** 2 + (y - wanted[1]) ** 2
    return math.sqrt(total / len(source))


# -- manual landmarks -----------------------------------------------------------------------


@dataclass(frozen=True)
class Landmarks:
    """The three clicked points, as fractions of the upright image ([0, 1] each)."""

    head: Point
    left_shoulder: Point
    right_shoulder: Point

    def __post_init__(self) -> None:
        for name in LANDMARKS:
            x, y = getattr(self, name)
            if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
                raise UserError(
                    f"The {LANDMARK_LABELS[name]} point is outside the photo; click inside it."
                )
        (lx, ly), (rx, ry) = self.left_shoulder, self.right_shoulder
        if math.hypot(lx - rx, ly - ry) < 0.01:
            raise UserError("The two shoulder points are on top of each other; click each one.")

    def points(self) -> tuple[Point, Point, Point]:
        return self.head, self.left_shoulder, self.right_shoulder

    def to_json(self) -> str:
        return json.dumps({name: list(getattr(self, name)) for name in LANDMARKS})

    @classmethod
    def from_json(cls, text: str | None) -> Landmarks | None:
        """The stored landmarks; None when there are none or they can't be read."""
        if not text:
            return None
        try:
            raw = json.loads(text)
            points = {name: (float(raw[name][0]), float(raw[name][1])) for name in LANDMARKS}
            return cls(**points)
        except (ValueError, TypeError, KeyError, IndexError, UserError):
            return None


def from_landmarks(
    photo: Landmarks,
    photo_size: tuple[int, int],
    reference: Landmarks,
    reference_size: tuple[int, int],
) -> Similarity:
    """The similarity that puts the photo's three points onto the reference's."""
    source = [from_fractions(p, *photo_size) for p in photo.points()]
    target = [from_fractions(p, *reference_size) for p in reference.points()]
    return from_points(source, target)


# -- pixels -------------------------------------------------------------------------------


def pixel_matrix(
    similarity: Similarity, photo_size: tuple[int, int], reference_size: tuple[int, int]
) -> tuple[float, float, float, float, float, float]:
    """(a, b, c, d, e, f): photo pixel (x, y) → reference pixel (a·x + b·y + c, d·x + e·y + f)."""
    pw, ph = photo_size
    rw, rh = reference_size
    la, lb, lc, ld = similarity.linear()
    k = rh / ph  # photo pixels → reference pixels, before the similarity's own scale
    # x_ref = rh·(la·u + lb·v + dx) + rw/2 with u = (x − pw/2)/ph, v = (y − ph/2)/ph
    a, b = la * k, lb * k
    d, e = lc * k, ld * k
    c = rh * similarity.dx + rw / 2 - a * pw / 2 - b * ph / 2
    f = rh * similarity.dy + rh / 2 - d * pw / 2 - e * ph / 2
    return a, b, c, d, e, f


def pil_coefficients(
    similarity: Similarity, photo_size: tuple[int, int], reference_size: tuple[int, int]
) -> tuple[float, float, float, float, float, float]:
    """Coefficients for PIL's `Image.transform(reference_size, Image.Transform.AFFINE, …)`,
    which maps each *output* pixel (the reference's frame) back to the photo's pixel."""
    inverse = similarity.inverse()
    return pixel_matrix(inverse, reference_size, photo_size)
