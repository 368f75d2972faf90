"""Drawing a photo in its pose's reference frame, for the compare canvas.

An aligned photo is shown as the reference photo would be: the reference's shape is fitted
into the frame (that rectangle, moved and scaled by the person's fine-tuning, is the
*destination*), and the photo is carried into it by its stored similarity (photo →
reference, see domain/photo_align.py). What falls outside the destination is cut off, as
in the exported comparison.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPixmap, QTransform

from backtracker.domain.photo_align import pixel_matrix
from backtracker.services.photo_landmarks import Placement
from backtracker.ui.pixel_ratio import device_pixel_ratio

NOT_ALIGNED = "not aligned — set points"
NOTE_COLOR = (180, 95, 0)
UNSURE = "not aligned: the match is unsure — set points"


def reference_rect(frame: QRectF, reference_size: tuple[int, int]) -> QRectF:
    """The reference photo's shape fitted and centred in `frame`."""
    size = QSizeF(*reference_size).scaled(frame.size(), Qt.AspectRatioMode.KeepAspectRatio)
    rect = QRectF(QPointF(), size)
    rect.moveCenter(frame.center())
    return rect


def photo_transform(
    placement: Placement, photo_size: tuple[int, int], pixmap_size: QSize, destination: QRectF
) -> QTransform:
    """Pixmap pixel → widget point: the decoded pixmap is the photo at some reduction, the
    similarity carries photo pixels to reference pixels, and the reference fills
    `destination`."""
    a, b, c, d, e, f = pixel_matrix(placement.similarity, photo_size, placement.reference_size)
    to_photo = QTransform.fromScale(
        photo_size[0] / max(pixmap_size.width(), 1), photo_size[1] / max(pixmap_size.height(), 1)
    )
    # QTransform maps (x, y) to (m11·x + m21·y + dx, m12·x + m22·y + dy).
    to_reference = QTransform(a, d, b, e, c, f)
    k = destination.width() / placement.reference_size[0]
    to_widget = QTransform(k, 0, 0, k, destination.left(), destination.top())
    return to_photo * to_reference * to_widget


def draw_transformed(
    painter: QPainter,
    pixmap: QPixmap,
    transform: QTransform,
    clip: QRectF,
    resampled: dict[QSize, QPixmap],
) -> None:
    """Draw `pixmap` through `transform`, clipped. The pixmap is first resampled (smoothly,
    cached in `resampled`) to about the size it is shown at, so a large photo shrunk a lot
    stays crisp; the painter then only rotates and moves it."""
    if clip.width() <= 0 or clip.height() <= 0:
        return
    ratio = device_pixel_ratio(painter)
    shrink = abs(transform.determinant()) ** 0.5 * ratio
    target = QSize(
        max(1, round(pixmap.width() * min(shrink, 1.0))),
        max(1, round(pixmap.height() * min(shrink, 1.0))),
    )
    shown = pixmap
    if target != pixmap.size():
        shown = resampled.get(target)
        if shown is None:
            resampled.clear()  # one size at a time: the window's current one
            shown = pixmap.scaled(
                target,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            resampled[target] = shown
    back = QTransform.fromScale(pixmap.width() / target.width(), pixmap.height() / target.height())
    painter.save()
    painter.setClipRect(clip, Qt.ClipOperation.IntersectClip)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setTransform(back * transform, combine=True)
    painter.drawPixmap(QPointF(0, 0), shown)
    painter.restore()


def draw_note(painter: QPainter, font: QFont, text: str, area: QRectF, *, left: bool) -> None:
    """A warning pill in the bottom corner of `area` (left photo left, right photo right)."""
    font = QFont(font)
    font.setWeight(QFont.Weight.DemiBold)
    painter.save()
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    width = metrics.horizontalAdvance(text) + 16
    height = metrics.height() + 8
    x = area.left() + 8 if left else area.right() - 8 - width
    pill = QRectF(x, area.bottom() - 8 - height, width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(*NOTE_COLOR))
    painter.drawRoundedRect(pill, height / 2, height / 2)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
