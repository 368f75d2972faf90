"""A one-line label that shortens its text in the middle ("…") when it is given less room.

A plain QLabel is at least as wide as its text: the Log's "last time" line, eight different
sets and a date (about 750 px), made the exercise card, and so the workout, wider than the
window, which then scrolled sideways. Word wrap would fit it too, but makes every layout pass
over the workout's cards ask each label's height for its width; opening a ten-year log's
workout took about 8 ms longer.

This label asks for its whole text's width and makes do with `MINIMUM_CHARACTERS` of it. What
it cannot show is cut from the middle, so the start and the end (the date) stay in sight; the
whole text is its tooltip then, and `text()` (what a screen reader reads) is always whole.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

MINIMUM_CHARACTERS = 12


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        # A minimum width set overrides the hint (the whole text's width) in every layout,
        # with no call into Python each time a layout asks.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * MINIMUM_CHARACTERS)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tooltip()

    def shown_text(self) -> str:
        """The text as drawn at the label's width."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )

    def _update_tooltip(self) -> None:
        self.setToolTip(self.text() if self.shown_text() != self.text() else "")
