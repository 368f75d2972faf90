"""The compare canvas: two photos side by side, split by a wipe, or overlaid.

Each photo is fitted into its frame, then moved and scaled by its own alignment (offsets
are fractions of the fitted width, so they hold at any window size). Dragging moves the
active photo, the wheel scales it, arrow keys nudge it (Shift: bigger steps). In wipe mode,
dragging the divider or its round handle moves the wipe instead, and leaves both photos
where they are.

Aligned (the default), a photo with a usable registration to its pose's reference is shown
in the reference's frame (aligned_painter), and the person's fine-tuning moves and scales
that frame; a photo without one is shown as it is, with a note. In points mode both photos
are shown side by side as they are, for clicking landmarks on (landmarks_mode).
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from backtracker.domain.photos import Alignment
from backtracker.services.photo_landmarks import Placement
from backtracker.ui.photos import aligned_painter
from backtracker.ui.theme import theme

GAP = 8
NUDGE, BIG_NUDGE = 0.002, 0.02
WHEEL_STEP = 1.03
HANDLE_RADIUS = 11  # the round handle on the wipe divider
HANDLE_GRAB = HANDLE_RADIUS + 4  # how near the handle's centre a press grabs it
LINE_GRAB = 5  # how near the divider line a press grabs it


class CompareMode(StrEnum):
    SIDE_BY_SIDE = "side_by_side"
    WIPE = "wipe"
    OVERLAY = "overlay"

    @property
    def label(self) -> str:
        return {"side_by_side": "Side by side", "wipe": "Wipe", "overlay": "Overlay"}[self.value]


class Side(IntEnum):
    LEFT = 0
    RIGHT = 1


class _Photo:
    """One side: the decoded pixmap, its alignment and a scaled copy for painting."""

    def __init__(self) -> None:
        self.pixmap: QPixmap | None = None
        self.caption = ""
        self.alignment = Alignment()
        self.message = ""
        self.placement: Placement | None = None  # its registration to the reference
        self.photo_size = (0, 0)  # upright width and height of the stored photo
        self.resampled: dict[QSize, QPixmap] = {}  # for drawing through the placement
        self._scaled: tuple[QSize, QPixmap] | None = None

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        self.pixmap = pixmap
        self._scaled = None
        self.resampled = {}

    def scaled(self, size: QSize, ratio: float) -> QPixmap | None:
        """The pixmap resampled to `size` (logical), kept while the size stays the same."""
        if self.pixmap is None or size.isEmpty():
            return None
        device = QSize(round(size.width() * ratio), round(size.height() * ratio))
        if self._scaled is None or self._scaled[0] != device:
            pixmap = self.pixmap.scaled(
                device,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            pixmap.setDevicePixelRatio(ratio)
            self._scaled = (device, pixmap)
        return self._scaled[1]


class CompareCanvas(QWidget):
    alignment_changed = Signal(int, object)  # side, Alignment: the person moved or scaled it
    active_side_changed = Signal(int)
    wipe_moved = Signal(float)  # the person dragged the wipe divider to this fraction

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CompareCanvas")
        self.setAccessibleName("Comparison")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setMouseTracking(True)  # the cursor shows where the wipe divider can be grabbed
        self._photos = (_Photo(), _Photo())
        self.mode = CompareMode.SIDE_BY_SIDE
        self.wipe_position = 0.5  # where the wipe divides, as a fraction of the frame width
        self.opacity = 0.5  # of the right photo over the left in overlay mode
        self.active_side = Side.RIGHT
        self.aligned = True  # show photos in the reference's frame where they can be
        self.points_mode = False  # both photos as they are, side by side, for landmarks
        self._drag_from: QPointF | None = None  # dragging the active photo
        self._wipe_grab: float | None = None  # dragging the wipe: pointer x minus divider x

    # -- what to show ----------------------------------------------------------------------
    def set_photo(
        self, side: Side, pixmap: QPixmap | None, caption: str, message: str = ""
    ) -> None:
        photo = self._photos[side]
        photo.set_pixmap(pixmap)
        photo.caption = caption
        photo.message = message
        self.update()

    def pixmap(self, side: Side) -> QPixmap | None:
        return self._photos[side].pixmap

    def alignment(self, side: Side) -> Alignment:
        return self._photos[side].alignment

    def set_alignment(self, side: Side, alignment: Alignment) -> None:
        self._photos[side].alignment = alignment
        self.update()

    def set_placement(
        self, side: Side, placement: Placement | None, photo_size: tuple[int, int]
    ) -> None:
        photo = self._photos[side]
        photo.placement, photo.photo_size = placement, photo_size
        self.update()

    def placement(self, side: Side) -> Placement | None:
        return self._photos[side].placement

    def set_aligned(self, on: bool) -> None:
        self.aligned = on
        self.update()

    def set_points_mode(self, on: bool) -> None:
        self.points_mode = on
        self.update()

    def is_aligned(self, side: Side) -> bool:
        """Whether the photo is drawn in the reference's frame now."""
        photo = self._photos[side]
        return (
            self.aligned
            and not self.points_mode
            and photo.placement is not None
            and photo.placement.usable
            and min(photo.photo_size) > 0
        )

    def note(self, side: Side) -> str:
        """What the photo's corner says: why it is not lined up, when it should be."""
        photo = self._photos[side]
        if not self.aligned or self.points_mode or photo.pixmap is None or self.is_aligned(side):
            return ""
        if photo.placement is not None and not photo.placement.usable:
            return aligned_painter.UNSURE
        return aligned_painter.NOT_ALIGNED

    def set_mode(self, mode: CompareMode) -> None:
        self.mode = CompareMode(mode)
        self.update()

    def set_wipe_position(self, fraction: float) -> None:
        self.wipe_position = min(max(fraction, 0.0), 1.0)
        self.update()

    def set_opacity(self, opacity: float) -> None:
        self.opacity = min(max(opacity, 0.0), 1.0)
        self.update()

    def set_active_side(self, side: Side) -> None:
        if side != self.active_side:
            self.active_side = Side(side)
            self.active_side_changed.emit(int(side))
            self.update()

    # -- alignment by the person -----------------------------------------------------------
    def move_active(self, dx: float, dy: float) -> None:
        """Move the active photo by fractions of its fitted width."""
        now = self._photos[self.active_side].alignment
        self._align(Alignment.clamped(now.dx + dx, now.dy + dy, now.scale))

    def scale_active(self, factor: float) -> None:
        now = self._photos[self.active_side].alignment
        self._align(Alignment.clamped(now.dx, now.dy, now.scale * factor))

    def _align(self, alignment: Alignment) -> None:
        photo = self._photos[self.active_side]
        if alignment != photo.alignment:
            photo.alignment = alignment
            self.update()
            self.alignment_changed.emit(int(self.active_side), alignment)

    # -- geometry --------------------------------------------------------------------------
    def frames(self) -> tuple[QRectF, QRectF]:
        area = QRectF(self.rect()).adjusted(GAP, GAP, -GAP, -GAP)
        if self.mode is not CompareMode.SIDE_BY_SIDE and not self.points_mode:
            return area, area
        half = (area.width() - GAP) / 2
        left = QRectF(area.left(), area.top(), half, area.height())
        right = QRectF(area.left() + half + GAP, area.top(), half, area.height())
        return left, right

    def fitted_rect(self, side: Side) -> QRectF | None:
        """Where the photo is drawn before its alignment: fitted and centred in its frame."""
        photo = self._photos[side]
        if photo.pixmap is None:
            return None
        frame = self.frames()[side]
        if self.is_aligned(side) and photo.placement is not None:
            return aligned_painter.reference_rect(frame, photo.placement.reference_size)
        size = QSizeF(photo.pixmap.size()).scaled(frame.size(), Qt.AspectRatioMode.KeepAspectRatio)
        rect = QRectF(QPointF(), size)
        rect.moveCenter(frame.center())
        return rect

    def reference_width(self) -> float:
        """What alignment offsets are fractions of: the wider of the two fitted photos, as
        the exported comparison's panels are (both are the same for same-shaped photos)."""
        widths = [rect.width() for side in Side if (rect := self.fitted_rect(side)) is not None]
        return max(widths, default=1.0) or 1.0

    def photo_rect(self, side: Side) -> QRectF | None:
        fitted = self.fitted_rect(side)
        if fitted is None or self.points_mode:
            return fitted
        align = self._photos[side].alignment
        rect = QRectF(QPointF(), fitted.size() * align.scale)
        rect.moveCenter(fitted.center() + QPointF(align.dx, align.dy) * self.reference_width())
        return rect

    def photos_area(self) -> QRectF:
        """The union of the fitted photos in the shared frame (the wipe runs across it)."""
        frame = self.frames()[0]
        rects = [rect for side in Side if (rect := self.fitted_rect(side)) is not None]
        if not rects or self.mode is CompareMode.SIDE_BY_SIDE or self.points_mode:
            return frame
        area = rects[0]
        for rect in rects[1:]:
            area = area.united(rect)
        return area

    def wipe_x(self) -> float:
        area = self.photos_area()
        return area.left() + self.wipe_position * area.width()

    def wipe_handle_center(self) -> QPointF:
        return QPointF(self.wipe_x(), self.photos_area().center().y())

    def on_wipe_divider(self, pos: QPointF) -> bool:
        """Whether a press at `pos` grabs the wipe: its round handle or the line itself."""
        if self.mode is not CompareMode.WIPE:
            return False
        handle = pos - self.wipe_handle_center()
        if handle.x() ** 2 + handle.y() ** 2 <= HANDLE_GRAB**2:
            return True
        area = self.photos_area()
        return abs(pos.x() - self.wipe_x()) <= LINE_GRAB and area.top() <= pos.y() <= area.bottom()

    def _wipe_to(self, x: float) -> None:
        area = self.photos_area()
        if area.width() <= 0:
            return
        before = self.wipe_position
        self.set_wipe_position((x - area.left()) / area.width())
        if self.wipe_position != before:
            self.wipe_moved.emit(self.wipe_position)

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        colors = theme().colors
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#15181c" if colors.dark else "#e4e7eb"))
        left_frame, right_frame = self.frames()
        if self.mode is CompareMode.SIDE_BY_SIDE or self.points_mode:
            self._draw_photo(painter, Side.LEFT, left_frame)
            self._draw_photo(painter, Side.RIGHT, right_frame)
        elif self.mode is CompareMode.WIPE:
            split = self.wipe_x()
            left_part = QRectF(left_frame)
            left_part.setRight(split)
            right_part = QRectF(right_frame)
            right_part.setLeft(split)
            self._draw_photo(painter, Side.LEFT, left_part, message_rect=left_frame)
            self._draw_photo(painter, Side.RIGHT, right_part, message_rect=right_frame)
            self._draw_divider(painter, split, self.photos_area())
        else:
            self._draw_photo(painter, Side.LEFT, left_frame)
            painter.setOpacity(self.opacity)
            self._draw_photo(painter, Side.RIGHT, right_frame)
            painter.setOpacity(1.0)
        for side, frame in ((Side.LEFT, left_frame), (Side.RIGHT, right_frame)):
            self._draw_caption(painter, side, self._caption_area(side, frame))
            if note := self.note(side):
                area = self._caption_area(side, frame)
                aligned_painter.draw_note(painter, self.font(), note, area, left=side is Side.LEFT)
        painter.end()

    def _draw_photo(
        self,
        painter: QPainter,
        side: Side,
        clip: QRectF,
        *,
        message_rect: QRectF | None = None,
    ) -> None:
        photo = self._photos[side]
        rect = self.photo_rect(side)
        if rect is None:
            if photo.message and clip.width() > 0:
                painter.setPen(QColor(theme().colors.muted_text))
                painter.drawText(
                    message_rect or clip,
                    Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                    photo.message,
                )
            return
        if self.is_aligned(side) and photo.pixmap is not None and photo.placement is not None:
            transform = aligned_painter.photo_transform(
                photo.placement, photo.photo_size, photo.pixmap.size(), rect
            )
            inside = clip.intersected(rect)
            aligned_painter.draw_transformed(
                painter, photo.pixmap, transform, inside, photo.resampled
            )
            return
        scaled = photo.scaled(rect.size().toSize(), self.devicePixelRatioF())
        if scaled is None or clip.width() <= 0:
            return
        painter.save()
        painter.setClipRect(clip)
        painter.drawPixmap(rect.topLeft(), scaled)
        painter.restore()

    def _draw_divider(self, painter: QPainter, x: float, frame: QRectF) -> None:
        colors = theme().colors
        painter.setPen(QPen(QColor("#ffffff"), 2))
        painter.drawLine(QPointF(x, frame.top()), QPointF(x, frame.bottom()))
        painter.setBrush(QColor(colors.accent))
        painter.setPen(QPen(QColor("#ffffff"), 2))
        painter.drawEllipse(QPointF(x, frame.center().y()), HANDLE_RADIUS, HANDLE_RADIUS)
        painter.setPen(QPen(QColor("#ffffff"), 2))
        center = frame.center().y()
        for direction in (-1, 1):
            path = QPainterPath()
            path.moveTo(x + direction * 3, center - 4)
            path.lineTo(x + direction * 7, center)
            path.lineTo(x + direction * 3, center + 4)
            painter.drawPath(path)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _caption_area(self, side: Side, frame: QRectF) -> QRectF:
        """Captions sit in the photos' top corners (left photo left, right photo right)."""
        if self.mode is CompareMode.SIDE_BY_SIDE or self.points_mode:
            fitted = self.fitted_rect(side)
            return fitted if fitted is not None else frame
        return self.photos_area()

    def _draw_caption(self, painter: QPainter, side: Side, frame: QRectF) -> None:
        photo = self._photos[side]
        if not photo.caption:
            return
        colors = theme().colors
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        text = photo.caption
        width = metrics.horizontalAdvance(text) + 16
        height = metrics.height() + 8
        x = frame.left() + 8 if side is Side.LEFT else frame.right() - 8 - width
        pill = QRectF(x, frame.top() + 8, width, height)
        active = side == self.active_side
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colors.accent) if active else QColor(0, 0, 0, 150))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.setBrush(Qt.BrushStyle.NoBrush)

    # -- input -----------------------------------------------------------------------------
    def _side_at(self, pos: QPointF) -> Side:
        if self.mode is CompareMode.SIDE_BY_SIDE or self.points_mode:
            return Side.LEFT if pos.x() < self.frames()[1].left() else Side.RIGHT
        return self.active_side

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.on_wipe_divider(event.position()):
            self._wipe_grab = event.position().x() - self.wipe_x()  # no jump to the pointer
            self.setCursor(Qt.CursorShape.SplitHCursor)
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self.set_active_side(self._side_at(event.position()))
            self._drag_from = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._wipe_grab is not None:
            self._wipe_to(event.position().x() - self._wipe_grab)
            event.accept()
            return
        if self._drag_from is not None:
            delta = event.position() - self._drag_from
            self._drag_from = event.position()
            width = self.reference_width()
            self.move_active(delta.x() / width, delta.y() / width)
            event.accept()
            return
        self._update_cursor(event.position())
        super().mouseMoveEvent(event)

    def _update_cursor(self, pos: QPointF) -> None:
        grab = self.on_wipe_divider(pos)
        self.setCursor(Qt.CursorShape.SplitHCursor if grab else Qt.CursorShape.OpenHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._wipe_grab is not None and event.button() == Qt.MouseButton.LeftButton:
            self._wipe_grab = None
            self._update_cursor(event.position())
            event.accept()
            return
        if self._drag_from is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = None
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.set_active_side(self._side_at(event.position()))
            self.scale_active(WHEEL_STEP**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = BIG_NUDGE if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE
        moves = {
            Qt.Key.Key_Left: (-step, 0.0),
            Qt.Key.Key_Right: (step, 0.0),
            Qt.Key.Key_Up: (0.0, -step),
            Qt.Key.Key_Down: (0.0, step),
        }
        key = Qt.Key(event.key())
        if key in moves:
            self.move_active(*moves[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.scale_active(1 + step * 5)
        elif key == Qt.Key.Key_Minus:
            self.scale_active(1 / (1 + step * 5))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def sizeHint(self) -> QSize:
        return QSize(900, 640)
