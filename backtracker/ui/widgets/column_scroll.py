"""A column of panels that scrolls up and down when the window is shorter than its panels.

Without it, a column of panels sets the window's minimum height: the Log's side column
(this week, the back's week, History, bodyweight, measurements) kept the window at least
650 px tall once the Log had been opened. In this area the column fills the height it is
given, its panels stretched as before, and scrolls only once it is given less than its
panels' minimum heights at its width. It is as wide as the column's own minimum plus the
scroll bar, so nothing in it is ever cut off sideways. Whatever takes the focus in it (Tab,
a heading's Alt+key, a click) is scrolled into sight.

QScrollArea's own "widget resizable" is not used: for a column whose layout has a height
for its width (a word-wrapped label in it) it keeps the column at its preferred height, so
the column scrolled in a window tall enough to show every panel at its minimum.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QWidget

# The least height the column is shown in: its first panel's heading and a line or two.
MINIMUM_HEIGHT = 120


class ColumnScroll(QScrollArea):
    def __init__(self, column: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop: the panels in it have theirs
        self.setWidget(column)
        QApplication.instance().focusChanged.connect(self._follow_focus)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.widget().isAncestorOf(new):
            self.ensureWidgetVisible(new)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A panel added to the column changes what it needs: its width and height here.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
            self._fit_column()
        return super().eventFilter(watched, event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:  # the window, or the scroll bar came or went
            self._fit_column()
        return super().viewportEvent(event)

    def _fit_column(self) -> None:
        column = self.widget()
        width = self.viewport().width()
        column.resize(width, max(self.viewport().height(), self._needed_height(width)))

    def _needed_height(self, width: int) -> int:
        """The least height at which the column's panels do not overlap, at this width.

        A box layout with a height for its width lays a panel that has one out at no less
        than its `heightForWidth` (its preferred height at that width: a word-wrapped label's
        whole text), while the layout's `minimumHeightForWidth` counts the panel's smaller
        minimum. Given only that, the layout squeezed every panel to an equal share, below
        their minimums, and they were drawn over each other (History's buttons over its
        list) instead of the column scrolling.
        """
        column = self.widget()
        layout = column.layout()
        if layout is None or not layout.hasHeightForWidth():
            return column.minimumSizeHint().height()
        needed = layout.minimumHeightForWidth(width)
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item.hasHeightForWidth():
                needed += max(0, item.heightForWidth(inner) - item.minimumHeightForWidth(inner))
        return needed

    def _scroll_bar_width(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def minimumSizeHint(self) -> QSize:
        column = self.widget()
        width = max(column.minimumSizeHint().width(), column.minimumWidth())
        return QSize(width + self._scroll_bar_width(), MINIMUM_HEIGHT)

    def sizeHint(self) -> QSize:
        column = self.widget().sizeHint()
        return QSize(column.width() + self._scroll_bar_width(), column.height())
