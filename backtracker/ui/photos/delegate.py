"""Painting the gallery: thumbnail cells with a date caption, and full-width month headers.

Painting only ever draws cached pixmaps; a missing thumbnail is requested from the loader
and a placeholder is drawn until it arrives. A cell's box (thumbnail or placeholder) and its
caption are each painted once into a tile (`tiles.py`), on the view's background, and
copied from then on, so a scroll costs two copies per cell; the selected cell, in the
accent colour, and a photo that cannot be shown are painted from their parts.

Making tiles is the costly part (a smooth scale, two texts), and a fast scroll brings a
dozen new cells into view each frame. One paint event makes tiles for `TILE_BUDGET_S` at
most; the cells left over are drawn plainly for that frame (the thumbnail scaled without
smoothing, no caption) and the view is painted again on the next turn of the event loop, so
the loop never stalls on a screenful of tiles.
"""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from backtracker.domain.dates import format_day_month
from backtracker.domain.photos import PhotoInfo
from backtracker.ui.icons import icon
from backtracker.ui.photos.model import IsHeaderRole, PhotoCountRole, PhotoRole, count_text
from backtracker.ui.photos.model import pose_label as _pose_label
from backtracker.ui.photos.thumbnails import ThumbnailLoader
from backtracker.ui.photos.tiles import TileCache
from backtracker.ui.pixel_ratio import device_pixel_ratio
from backtracker.ui.theme import theme

MIN_THUMB = QSize(150, 200)  # portrait 3:4, the shape of most progress photos
MAX_THUMB_WIDTH = 240
DECODE_BOX = QSize(240, 320)  # thumbnails are decoded this size and drawn scaled to the cell
CAPTION_GAP = 4
RADIUS = 6.0
HEADER_TOP = 14  # space above a month header, so months read as groups
PLACEHOLDER_ICON = 36
PLACEHOLDER_TILE = -1  # the box tile of a photo still loading, shared by all of them
CAPTION_CACHE_BYTES = 12 * 1024 * 1024  # about 600 captions of 240×22
TILE_BUDGET_S = 0.004  # tile making per paint event; the rest waits for the next one
MAX_FOLLOW_UPS = 100  # repaints in a row for left-over tiles (tiles beyond the cache's room)

AnyIndex = QModelIndex | QPersistentModelIndex
_SELECTED = QStyle.StateFlag.State_Selected.value  # plain ints: cheaper than enum flags
_MOUSE_OVER = QStyle.StateFlag.State_MouseOver.value


class GalleryDelegate(QStyledItemDelegate):
    def __init__(self, view: QListView, thumbnails: ThumbnailLoader) -> None:
        super().__init__(view)
        self._view = view
        self._thumbnails = thumbnails
        self._placeholders: dict[tuple[bool, float], QPixmap] = {}
        self._boxes = TileCache()  # thumbnail boxes by photo id, and the placeholder's
        self._captions = TileCache(CAPTION_CACHE_BYTES)  # captions by photo id
        self._style: tuple[object, ...] | None = None  # see prepare_paint
        self._ratio = 1.0
        self._background = QColor()
        self._paint_began = 0.0  # see _may_make_tile
        self._tiles_made = 0
        self._follow_ups = 0  # repaints in a row asked for by _may_make_tile
        self._follow_up_due = False
        self._finish_tiles = QTimer(self)  # paints the cells left plain by the budget
        self._finish_tiles.setSingleShot(True)
        self._finish_tiles.setInterval(0)
        self._finish_tiles.timeout.connect(self._follow_up)
        self.update_metrics()

    def update_metrics(self) -> None:
        """Recompute sizes from the view's font (call after a font change)."""
        metrics = QFontMetrics(self._view.font())
        self._caption_height = metrics.height() + CAPTION_GAP
        self._box = QSize(MIN_THUMB)
        self._cell = QSize(MIN_THUMB.width(), MIN_THUMB.height() + self._caption_height)
        self._cell_for_width = -1
        header_font = self.header_font()
        self._header_height = QFontMetrics(header_font).height() + HEADER_TOP + 6

    def header_font(self) -> QFont:
        font = QFont(self._view.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setWeight(QFont.Weight.DemiBold)
        return font

    def header_width(self) -> int:
        """A header takes a whole row of the flow, so photos start on the next line."""
        return max(self._view.viewport().width() - 2 * self._view.spacing() - 1, 1)

    def cell_size(self) -> QSize:
        """As many columns as fit, the thumbnails grown to fill the width (3:4, up to a cap)."""
        width = self._view.viewport().width()
        if width != self._cell_for_width:
            spacing = self._view.spacing()  # QListView puts it round each item
            columns = max(1, (width - 1) // (MIN_THUMB.width() + 2 * spacing))
            cell_width = max(MIN_THUMB.width(), (width - 1) // columns - 2 * spacing)
            box_width = min(cell_width, MAX_THUMB_WIDTH)
            self._box = QSize(box_width, round(box_width * 4 / 3))
            self._cell = QSize(cell_width, self._box.height() + self._caption_height)
            self._cell_for_width = width
        return self._cell

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        del option
        if index.data(IsHeaderRole):
            return QSize(self.header_width(), self._header_height)
        return self.cell_size()

    def prepare_paint(self) -> None:
        """Before the view paints: what every tile's look depends on besides its photo (a
        change drops the tiles). Once per paint event, not once per cell; starts the
        event's tile budget."""
        self._paint_began = time.perf_counter()
        self._tiles_made = 0
        if not self._follow_up_due:  # painted for another reason: a new run of follow-ups
            self._follow_ups = 0
        self._follow_up_due = False
        viewport = self._view.viewport()
        background = viewport.palette().color(viewport.backgroundRole())
        style = (
            theme().colors,
            viewport.devicePixelRatioF(),
            QSize(self.cell_size()),
            self._view.font().key(),
            background.rgba(),
        )
        if style != self._style:
            self._style = style
            self._ratio = viewport.devicePixelRatioF()
            self._background = background
            self._boxes.clear()
            self._captions.clear()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        info = index.data(PhotoRole)  # None on a month header
        pixmap = None
        if isinstance(info, PhotoInfo):
            state = option.state.value
            pixmap = self._thumbnails.pixmap(info)
            if not state & _SELECTED and (
                pixmap is not None or not self._thumbnails.failed(info.id)
            ):
                self._paint_tiles(painter, option.rect, info, pixmap, state & _MOUSE_OVER)
                return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            if isinstance(info, PhotoInfo):
                self._paint_photo(painter, option, info, pixmap)
            elif index.data(IsHeaderRole):
                self._paint_header(painter, option, index)
        finally:
            painter.restore()

    # -- tiles -----------------------------------------------------------------------------
    def _paint_tiles(
        self, painter: QPainter, cell: QRect, info: PhotoInfo, pixmap: QPixmap | None, hovered: int
    ) -> None:
        """An unselected cell as copies of its tiles: the box with the thumbnail (or the
        placeholder) and the caption, each painted once by `_paint_box` and `_paint_caption`
        on the view's background (opaque tiles copy fastest); the hover outline on top."""
        if self._style is None:
            self.prepare_paint()
        if pixmap is None:
            box_tile = self._boxes.get(PLACEHOLDER_TILE, None)
            if box_tile is None:
                box_tile = self._make_box_tile(info, None)
                self._boxes.put(PLACEHOLDER_TILE, None, box_tile)
        else:
            box_tile = self._boxes.get(info.id, pixmap.cacheKey())
            if box_tile is None and self._may_make_tile():
                box_tile = self._make_box_tile(info, pixmap)
                self._boxes.put(info.id, pixmap.cacheKey(), box_tile)
        caption_tile = self._captions.get(info.id, (info.taken_at, info.pose))
        if caption_tile is None and self._may_make_tile():
            caption_tile = self._make_caption_tile(info)
            self._captions.put(info.id, (info.taken_at, info.pose), caption_tile)
        box = self._box
        left = cell.x() + (cell.width() - box.width()) // 2
        top = cell.y()
        if box_tile is not None:
            painter.drawPixmap(left, top, box_tile)
        elif pixmap is not None:  # over budget: the thumbnail alone, quickly, this frame
            size = pixmap.size().scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(QPoint(), size)
            target.moveCenter(QRect(left, top, box.width(), box.height()).center())
            painter.drawPixmap(target, pixmap)
        if caption_tile is not None:
            painter.drawPixmap(left, top + box.height(), caption_tile)
        if hovered:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint_outline(
                painter, QRectF(left, top, box.width(), box.height()), selected=False
            )
            painter.restore()

    def _may_make_tile(self) -> bool:
        """Whether this paint event may make one more tile: always its first one (so every
        paint makes progress), then while under `TILE_BUDGET_S`. When not, the view is
        painted again on the next turn of the event loop, which makes the next ones."""
        if self._tiles_made and time.perf_counter() - self._paint_began > TILE_BUDGET_S:
            # A screen needing more tiles than the caches hold would ask for ever.
            if self._follow_ups < MAX_FOLLOW_UPS:
                self._finish_tiles.start()
            return False
        self._tiles_made += 1
        return True

    def _follow_up(self) -> None:
        self._follow_ups += 1
        self._follow_up_due = True
        self._view.viewport().update()

    def _make_box_tile(self, info: PhotoInfo, pixmap: QPixmap | None) -> QPixmap:
        tile = _blank(self._box, self._ratio, self._background)
        painter = QPainter(tile)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(QPointF(), QSizeF(self._box))
        self._paint_box(painter, box, info, pixmap, self._ratio)
        painter.end()
        return tile

    def _make_caption_tile(self, info: PhotoInfo) -> QPixmap:
        size = QSize(self._box.width(), self._caption_height)
        tile = _blank(size, self._ratio, self._background)
        painter = QPainter(tile)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_caption(painter, QPoint(0, 0), info, self._view.font(), selected=False)
        painter.end()
        return tile

    # -- headers ---------------------------------------------------------------------------
    def _paint_header(
        self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        colors = theme().colors
        rect = QRect(option.rect).adjusted(0, HEADER_TOP, 0, 0)
        font = self.header_font()
        painter.setFont(font)
        painter.setPen(QColor(colors.text))
        title = str(index.data(Qt.ItemDataRole.DisplayRole))
        title_width = QFontMetrics(font).horizontalAdvance(title)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, align, title)
        count = count_text(int(index.data(PhotoCountRole) or 0))
        painter.setFont(option.font)
        painter.setPen(QColor(colors.muted_text))
        count_width = option.fontMetrics.horizontalAdvance(count)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, right, count)
        y = rect.center().y() + 0.5
        left = rect.left() + title_width + 12
        end = rect.right() - count_width - 12
        if end > left:
            painter.setPen(QPen(QColor(colors.border), 1))
            painter.drawLine(left, y, end, y)

    # -- photos ----------------------------------------------------------------------------
    def _paint_photo(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        info: PhotoInfo,
        pixmap: QPixmap | None,
    ) -> None:
        """A cell from its parts: the box, the outline when selected or hovered, the caption."""
        cell = option.rect
        self.cell_size()
        left = cell.x() + (cell.width() - self._box.width()) // 2
        box = QRectF(left, cell.y(), self._box.width(), self._box.height())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        self._paint_box(painter, box, info, pixmap, device_pixel_ratio(painter))
        if selected or hovered:
            self._paint_outline(painter, box, selected=selected)
        caption_at = QPoint(left, cell.y() + self._box.height())
        self._paint_caption(painter, caption_at, info, option.font, selected=selected)

    def _paint_box(
        self,
        painter: QPainter,
        box: QRectF,
        info: PhotoInfo,
        pixmap: QPixmap | None,
        ratio: float,
    ) -> None:
        """The rounded box with the thumbnail, else why it is missing, else a placeholder."""
        colors = theme().colors
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colors.alternate))
        painter.drawRoundedRect(box, RADIUS, RADIUS)
        if pixmap is not None:
            size = QSizeF(pixmap.size()).scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(QPointF(), size)
            target.moveCenter(box.center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
        elif self._thumbnails.failed(info.id):
            painter.setPen(QColor(colors.muted_text))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "Cannot show\nthis photo")
        else:
            painter.drawPixmap(  # whole pixels from the box's corner: the same in a tile
                round(box.left()) + (round(box.width()) - PLACEHOLDER_ICON) // 2,
                round(box.top()) + (round(box.height()) - PLACEHOLDER_ICON) // 2,
                self._placeholder(ratio),
            )

    def _paint_caption(
        self, painter: QPainter, top_left: QPoint, info: PhotoInfo, font: QFont, *, selected: bool
    ) -> None:
        """The day on the left (accent when selected), the pose on the right, under the box."""
        colors = theme().colors
        caption = QRect(
            top_left.x() + 2,
            top_left.y() + CAPTION_GAP,
            self._box.width() - 4,
            self._caption_height - CAPTION_GAP,
        )
        painter.setFont(font)
        painter.setPen(QColor(colors.accent if selected else colors.text))
        date = format_day_month(info.taken_at)
        painter.drawText(caption, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, date)
        painter.setPen(QColor(colors.muted_text))
        painter.drawText(
            caption,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            _pose_label(info.pose),
        )

    @staticmethod
    def _paint_outline(painter: QPainter, box: QRectF, *, selected: bool) -> None:
        """The accent ring of the selected photo, or the thin one under the mouse."""
        width = 3.0 if selected else 1.5
        color = QColor(theme().colors.accent if selected else theme().colors.outline)
        painter.setPen(QPen(color, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = width / 2
        painter.drawRoundedRect(box.adjusted(inset, inset, -inset, -inset), RADIUS, RADIUS)

    def _placeholder(self, ratio: float) -> QPixmap:
        key = (theme().colors.dark, ratio)
        pixmap = self._placeholders.get(key)
        if pixmap is None:
            size = round(PLACEHOLDER_ICON * ratio)
            source = icon("photos").pixmap(QSize(size, size))
            pixmap = QPixmap(source.size())
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setOpacity(0.35)
            painter.drawPixmap(0, 0, source)
            painter.end()
            pixmap.setDevicePixelRatio(ratio)
            self._placeholders[key] = pixmap
        return pixmap


def _blank(size: QSize, ratio: float, background: QColor) -> QPixmap:
    """A pixmap of `size` logical pixels at the screen's pixel ratio, filled."""
    pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(background)
    return pixmap
