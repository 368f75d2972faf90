"""The wrapping row of controls (widgets/flow_row.py), measured as laid out on screen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from backtracker.ui.widgets.flow_row import FILL_MIN_WIDTH, FlowRow, group


def _button(text: str, width: int) -> QPushButton:
    button = QPushButton(text)
    button.setFixedWidth(width)
    return button


@pytest.fixture
def row(qtbot):
    """A window with a wrapping row of three groups (200, 150 and 120 px) above a body."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    flow = FlowRow()
    window.first = group(_button("A", 90), _button("B", 104))
    window.second = group(_button("C", 150))
    window.third = group(_button("D", 120))
    flow.add(window.first)
    flow.add(window.second, right=True)
    flow.add(window.third, right=True)
    layout.addLayout(flow)
    window.body = QLabel("body")
    layout.addWidget(window.body, 1)
    window.flow = flow
    window.show()
    qtbot.waitExposed(window)
    return window


def _laid_out(qtbot, window, width: int) -> None:
    window.resize(width, 300)
    qtbot.waitUntil(lambda: window.width() == width)
    window.layout().activate()


def test_one_line_when_it_fits_with_the_right_groups_against_the_edge(row, qtbot):
    _laid_out(qtbot, row, 700)
    ys = {row.first.y(), row.second.y(), row.third.y()}
    assert len(ys) == 1  # one line
    assert row.first.x() == 0
    assert row.third.geometry().right() == row.width() - 1  # against the right edge
    assert row.second.geometry().right() < row.third.x()  # in their order


def test_narrow_the_groups_wrap_whole_and_the_window_may_be_as_narrow_as_the_widest(row, qtbot):
    widest = max(w.minimumSizeHint().width() for w in (row.first, row.second, row.third))
    assert row.minimumSizeHint().width() == widest  # not the sum of them all
    _laid_out(qtbot, row, 340)
    assert row.first.y() < row.second.y()  # the second group goes down whole
    assert row.second.y() == row.third.y()  # ... with the third beside it
    assert row.third.geometry().right() == row.width() - 1
    for group_box in (row.first, row.second, row.third):
        assert group_box.width() >= group_box.minimumSizeHint().width()  # never squeezed
    # What is below starts under the last line.
    assert row.body.y() >= row.third.geometry().bottom()
    _laid_out(qtbot, row, widest)
    assert row.first.y() < row.second.y() < row.third.y()  # a line each


def test_a_fill_group_takes_what_its_line_leaves_and_grows_taller_when_it_wraps(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    flow = FlowRow(window)
    caption = QLabel("A caption long enough to need two lines when the row is narrow " * 2)
    caption.setWordWrap(True)
    button = _button("Go", 100)
    flow.add(caption, fill=True)
    flow.add(button, right=True)
    window.show()
    qtbot.waitExposed(window)
    window.resize(1400, 200)
    qtbot.waitUntil(lambda: window.width() == 1400)
    flow.activate()
    assert caption.width() == 1400 - 100 - flow._gap()
    one_line = caption.height()
    window.resize(FILL_MIN_WIDTH + 100 + flow._gap(), 200)
    qtbot.waitUntil(lambda: caption.width() == FILL_MIN_WIDTH)
    assert caption.height() > one_line  # its text wrapped: the line is taller
    assert caption.height() >= caption.heightForWidth(caption.width())


def test_a_steady_row_is_as_tall_whichever_of_its_turns_is_shown(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    flow = FlowRow()
    short = group(_button("Short", 80))
    tall = QLabel("Two\nlines")
    tall.hide()
    flow.add(short)
    flow.add(tall)
    flow.steady(short, tall)
    layout.addLayout(flow)
    body = QLabel("body")
    layout.addWidget(body, 1)
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)
    layout.activate()
    place = body.geometry()
    assert flow.geometry().height() >= tall.sizeHint().height()
    short.hide()
    tall.show()
    layout.activate()
    assert body.geometry() == place  # what is below neither moves nor resizes
