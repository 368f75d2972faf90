"""The running workout's exercise cards, scrolling up and down, never cut off sideways.

A QScrollArea's least width is its own few pixels, whatever the widget in it needs: at the
window's least width the workout's side of the Log was given less than a set table's
columns, and the table (whose own scroll bars are off) hid its Notes and Done columns past
the card's right edge. Here the area is as wide as its cards' least width (the set table's
columns, `SetTableView.minimumSizeHint`) plus the scroll bar, so the window's least width
makes room for them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QScrollArea, QWidget


class CardsScroll(QScrollArea):
    def __init__(self, cards: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(cards)  # QScrollArea watches it: `eventFilter`

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A card added or a table's columns set change the least width: ask the layout again.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        needed = (
            self.widget().minimumSizeHint().width()
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )
        return QSize(max(hint.width(), needed), hint.height())
