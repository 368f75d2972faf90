"""The Log's side column scrolls rather than drawing its panels over each other.

A box layout lays a panel with a height for its width (a word-wrapped label in it) out at
no less than that height, while the layout's `minimumHeightForWidth` counts the panel's
smaller minimum. The column was given only the latter: in a short window the layout then
squeezed every panel to an equal share, below their minimums (History's buttons over its
list, the back's week without its legend), and the column did not scroll far enough.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from backtracker.ui.widgets.column_scroll import ColumnScroll

WORDS = "A line that wraps onto several lines in a narrow column of panels. " * 4


class _Drawing(QWidget):
    """Like the back's heat map: 150 px tall by preference, able to shrink to nothing."""

    def minimumSizeHint(self) -> QSize:
        return QSize(40, 0)

    def sizeHint(self) -> QSize:
        return QSize(200, 150)


class _WrappedPanel(QWidget):
    """Like the back's week: a drawing and a word-wrapped label. The label gives the panel a
    height for its width, which counts the drawing's preferred height; its minimum does
    not."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Heading</b>"))
        layout.addWidget(_Drawing())
        label = QLabel(WORDS)
        label.setWordWrap(True)
        layout.addWidget(label)


class _ListPanel(QWidget):
    """Like History: a list with a minimum height and a button under it."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListView()
        self.list.setMinimumHeight(120)
        self.button = QPushButton("Open")
        layout.addWidget(self.list, 1)
        layout.addWidget(self.button)


@pytest.fixture
def column(qtbot):
    column = QWidget()
    layout = QVBoxLayout(column)
    panels = [_WrappedPanel(), _ListPanel(), _WrappedPanel(), _ListPanel()]
    for panel in panels:
        layout.addWidget(panel, 1)
    column.setMinimumWidth(260)
    scroll = ColumnScroll(column)
    qtbot.addWidget(scroll)
    scroll.panels = panels  # strong references for the test's length
    return scroll


def _laid_out_at_their_least(scroll) -> bool:
    column = scroll.widget()
    width = column.width() - 2 * column.layout().contentsMargins().left()
    for panel in scroll.panels:
        least = panel.minimumSizeHint().height()
        if panel.hasHeightForWidth():
            least = max(least, panel.heightForWidth(width))
        if panel.height() < least:
            return False
    return True


def _overlaps(panel: _ListPanel) -> bool:
    return panel.list.geometry().intersects(panel.button.geometry())


@pytest.mark.parametrize("height", [240, 330, 420])
def test_a_short_column_scrolls_with_every_panel_at_its_least_height(column, qtbot, height):
    scroll = column
    scroll.resize(320, height)
    scroll.show()
    qtbot.waitExposed(scroll)
    qtbot.waitUntil(lambda: scroll.widget().width() > 0)
    qtbot.wait(20)
    assert _laid_out_at_their_least(scroll)
    for panel in scroll.panels[1::2]:
        assert not _overlaps(panel)
        assert panel.list.height() >= 120
    assert scroll.verticalScrollBar().isVisible()
    bottom = scroll.panels[-1].button
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    qtbot.wait(20)
    place = bottom.mapTo(scroll.viewport(), bottom.rect().bottomLeft())
    assert place.y() <= scroll.viewport().height()  # the last button can be scrolled to


def test_a_tall_column_fills_the_height_without_a_scroll_bar(column, qtbot):
    scroll = column
    scroll.resize(320, 1400)
    scroll.show()
    qtbot.waitExposed(scroll)
    qtbot.wait(20)
    assert not scroll.verticalScrollBar().isVisible()
    assert scroll.widget().height() == scroll.viewport().height()
    assert _laid_out_at_their_least(scroll)
