"""A check box cell (the set table's Done) drawn in the middle of its cell, ticked by a click
anywhere in the cell.

Qt's item delegate draws a check box at the left of its cell and takes a click only on the
box, so a click in the rest of the 52 px Done cell did nothing. Here the box is drawn centred,
and a mouse event anywhere in the cell is handed to Qt's own handling as if it were on the box:
press, double-click and release keep Qt's meaning (a release toggles), and Space still ticks.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex

_MOUSE = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
)
_CHECKS = {
    Qt.CheckState.Unchecked: QStyle.StateFlag.State_Off,
    Qt.CheckState.PartiallyChecked: QStyle.StateFlag.State_NoChange,
    Qt.CheckState.Checked: QStyle.StateFlag.State_On,
}


def is_check_cell(index: Index) -> bool:
    return bool(index.flags() & Qt.ItemFlag.ItemIsUserCheckable)


def _style_option(
    delegate: QStyledItemDelegate, option: QStyleOptionViewItem, index: Index
) -> tuple[QStyleOptionViewItem, QStyle]:
    full = QStyleOptionViewItem(option)
    delegate.initStyleOption(full, index)
    style = full.widget.style() if full.widget is not None else QApplication.style()
    return full, style


def _box_where_qt_puts_it(full: QStyleOptionViewItem, style: QStyle) -> QRect:
    element = QStyle.SubElement.SE_ItemViewItemCheckIndicator
    return style.subElementRect(element, full, full.widget)


def centred_box(full: QStyleOptionViewItem, style: QStyle) -> QRect:
    """Where the box is drawn: Qt's box, moved to the middle of the cell."""
    size = _box_where_qt_puts_it(full, style).size()
    return QStyle.alignedRect(full.direction, Qt.AlignmentFlag.AlignCenter, size, full.rect)


def paint(
    delegate: QStyledItemDelegate, painter: QPainter, option: QStyleOptionViewItem, index: Index
) -> None:
    """The cell's background (the done tint), then the box in the middle."""
    full, style = _style_option(delegate, option, index)
    style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, full, painter, full.widget)
    box = QStyleOptionViewItem(full)
    box.rect = centred_box(full, style)
    box.state = (full.state & ~QStyle.StateFlag.State_HasFocus) | _CHECKS[full.checkState]
    style.drawPrimitive(
        QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck, box, painter, full.widget
    )


def on_the_box(
    delegate: QStyledItemDelegate, event: QEvent, option: QStyleOptionViewItem, index: Index
) -> QEvent:
    """A mouse event inside the cell, moved onto the spot where Qt's handling looks for the
    box; any other event as it is."""
    if event.type() not in _MOUSE or not isinstance(event, QMouseEvent):
        return event
    if not option.rect.contains(event.position().toPoint()):
        return event
    full, style = _style_option(delegate, option, index)
    spot = QPointF(_box_where_qt_puts_it(full, style).center())
    return QMouseEvent(
        event.type(),
        spot,
        event.globalPosition(),
        event.button(),
        event.buttons(),
        event.modifiers(),
    )
