"""A photo drawn into an exported comparison's panel in its pose's reference frame, as the
compare view shows it aligned (ui/photos/aligned_painter.py does the same on screen).

The reference photo's shape is fitted into the panel, scaled about the panel's centre by the
person's fine-tuning and moved by (dx, dy) × the panel width; the photo is carried into that
rectangle by its similarity to the reference (domain/photo_align.py). What falls outside
the rectangle is cut off.
"""

from __future__ import annotations

from PIL import Image, UnidentifiedImageError

from backtracker.domain.errors import UserError
from backtracker.domain.photo_align import pil_coefficients
from backtracker.domain.photos import PhotoInfo
from backtracker.services import photo_files
from backtracker.services.photo_files import DECODE_ERRORS
from backtracker.services.photo_landmarks import Placement


def shown_shape(info: PhotoInfo, placement: Placement | None) -> tuple[int, int]:
    """The shape a panel shows the photo in: the reference's when aligned, else its own."""
    if placement is not None and placement.usable:
        return placement.reference_size
    return info.width, info.height


def destination(
    info: PhotoInfo, reference_size: tuple[int, int], size: tuple[int, int]
) -> tuple[float, float, float]:
    """Where the reference frame lands in a panel of `size`: (left, top, reference pixel →
    panel pixel scale), after the fine-tuning."""
    width, height = size
    rw, rh = reference_size
    scale = min(width / rw, height / rh) * info.align_scale
    left = (width - rw * scale) / 2 + info.align_dx * width
    top = (height - rh * scale) / 2 + info.align_dy * width
    return left, top, scale


def aligned_panel(
    info: PhotoInfo, placement: Placement, size: tuple[int, int], background: tuple[int, int, int]
) -> Image.Image:
    """The photo in the reference's frame, fitted into a panel of `size`."""
    width, height = size
    left, top, scale = destination(info, placement.reference_size, size)
    rw, rh = placement.reference_size
    # Decode at about the size it is shown at (photo pixel → panel pixel factor), never larger.
    shrink = min(1.0, scale * (rh / info.height) * placement.similarity.scale)
    loaded_size = (max(1, round(info.width * shrink)), max(1, round(info.height * shrink)))
    try:
        photo = photo_files.load_fitted(info.path, loaded_size)
    except FileNotFoundError as error:
        raise UserError(f"The photo file {info.path} is missing.") from error
    except (UnidentifiedImageError, *DECODE_ERRORS) as error:
        raise UserError(f"The photo file {info.path} cannot be read: {error}") from error
    # Panel pixel → reference pixel → photo pixel → loaded pixel.
    a, b, c, d, e, f = pil_coefficients(
        placement.similarity, (info.width, info.height), placement.reference_size
    )
    qx, qy = loaded_size[0] / info.width, loaded_size[1] / info.height
    coefficients = (
        qx * a / scale,
        qx * b / scale,
        qx * (c - (a * left + b * top) / scale),
        qy * d / scale,
        qy * e / scale,
        qy * (f - (d * left + e * top) / scale),
    )
    warped = photo.transform(
        size,
        Image.Transform.AFFINE,
        coefficients,
        resample=Image.Resampling.BICUBIC,
        fillcolor=background,
    )
    panel = Image.new("RGB", size, background)
    box = (
        max(0, round(left)),
        max(0, round(top)),
        min(width, round(left + rw * scale)),
        min(height, round(top + rh * scale)),
    )
    if box[2] > box[0] and box[3] > box[1]:
        panel.paste(warped.crop(box), box[:2])
    return panel
