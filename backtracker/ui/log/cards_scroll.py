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
from PySide6.QtWidgets import QBoxLayout, QScrollArea, QWidget


class CardsScroll(QScrollArea):
    def __init__(self, cards: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(cards)  # QScrollArea watches it: `eventFilter`
        self._least = self._least_width()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A card added or a table's columns set may change the least width: the window's
        # layout is asked again only when it did (a set logged changes a card's text, not
        # its columns: no relayout of the whole window for it).
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            least = self._least_width()
            if least != self._least:
                self._least = least
                self.updateGeometry()
        return super().eventFilter(watched, event)

    def add_card(self, cards: QBoxLayout, card: QWidget) -> None:
        """Put `card` at the end of `cards` (a layout in the page) and show it at once, so
        that a key pressed this turn can reach it.

        Shown inside the layout, a card would have Qt lay the page out at its old height
        first, squeezing every card below its least height, and at its new height later,
        stretching them back: each card laid out twice and the one in sight painted again.
        Shown before it joins the layout, where it will go, at its own size, the card only
        adds itself: the page grows to fit and is laid out once."""
        if cards.count() == 0:  # the first card: no other to squeeze
            cards.addWidget(card)
            card.show()
            return
        page = self.widget()
        margins = page.layout().contentsMargins()
        width = page.width() - margins.left() - margins.right()
        if card.hasHeightForWidth():
            height = card.heightForWidth(width)
        else:
            height = card.sizeHint().height()
        card.setParent(page)
        card.setGeometry(margins.left(), page.height(), width, height)
        card.show()  # below the page's bottom edge: nothing in sight is painted again
        cards.addWidget(card)
        if page.hasHeightForWidth():
            needed = page.heightForWidth(page.width())
        else:
            needed = page.sizeHint().height()
        # Grown, the page repaints only what is new (its cards repaint themselves as they
        # move); the attribute is for this resize only, not for the area's scrolling.
        page.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        page.resize(page.width(), max(self.viewport().height(), needed))  # as QScrollArea
        page.setAttribute(Qt.WidgetAttribute.WA_StaticContents, False)
        page.layout().activate()  # laid out now: the card's place is known this turn

    def _least_width(self) -> int:
        return (
            self.widget().minimumSizeHint().width()
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), self._least), hint.height())
