"""Painting the gallery: thumbnail cells with a date caption, and full-width month headers.

Painting only ever draws cached pixmaps; a missing thumbnail is requested from the loader
and a placeholder is drawn until it arrives.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from backtracker.domain.dates import format_day_month
from backtracker.domain.photos import PhotoInfo
from backtracker.ui.icons import icon
from backtracker.ui.photos.model import IsHeaderRole, PhotoCountRole, PhotoRole, count_text
from backtracker.ui.photos.model import pose_label as _pose_label
from backtracker.ui.photos.thumbnails import ThumbnailLoader
from backtracker.ui.theme import theme

MIN_THUMB = QSize(150, 200)  # portrait 3:4, the shape of most progress photos
MAX_THUMB_WIDTH = 240
DECODE_BOX = QSize(240, 320)  # thumbnails are decoded this size and drawn scaled to the cell
CAPTION_GAP = 4
RADIUS = 6.0
HEADER_TOP = 14  # space above a month header, so months read as groups
PLACEHOLDER_ICON = 36

AnyIndex = QModelIndex | QPersistentModelIndex


class GalleryDelegate(QStyledItemDelegate):
    def __init__(self, view: QListView, thumbnails: ThumbnailLoader) -> None:
        super().__init__(view)
        self._view = view
        self._thumbnails = thumbnails
        self._placeholders: dict[tuple[bool, float], QPixmap] = {}
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

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            if index.data(IsHeaderRole):
                self._paint_header(painter, option, index)
            else:
                info = index.data(PhotoRole)
                if isinstance(info, PhotoInfo):
                    self._paint_photo(painter, option, info)
        finally:
            painter.restore()

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
        self, painter: QPainter, option: QStyleOptionViewItem, info: PhotoInfo
    ) -> None:
        colors = theme().colors
        cell = option.rect
        self.cell_size()
        box_size = self._box
        left = cell.x() + (cell.width() - box_size.width()) // 2
        box = QRectF(left, cell.y(), box_size.width(), box_size.height())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)

        pixmap = self._thumbnails.pixmap(info)
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
            painter.drawPixmap(
                round(box.center().x() - PLACEHOLDER_ICON / 2),
                round(box.center().y() - PLACEHOLDER_ICON / 2),
                self._placeholder(painter.device().devicePixelRatioF()),
            )

        if selected or hovered:
            width = 3.0 if selected else 1.5
            color = QColor(colors.accent if selected else colors.outline)
            painter.setPen(QPen(color, width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = width / 2
            painter.drawRoundedRect(box.adjusted(inset, inset, -inset, -inset), RADIUS, RADIUS)

        caption = QRect(
            left + 2, cell.y() + box_size.height() + CAPTION_GAP, box_size.width() - 4, 0
        )
        caption.setHeight(self._caption_height - CAPTION_GAP)
        painter.setFont(option.font)
        painter.setPen(QColor(colors.accent if selected else colors.text))
        date = format_day_month(info.taken_at)
        painter.drawText(caption, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, date)
        painter.setPen(QColor(colors.muted_text))
        painter.drawText(
            caption,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            _pose_label(info.pose),
        )

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
