"""The Done cell of a set table: its box is drawn in the middle, and a click anywhere in the
cell ticks the set (ui/log/check_cell.py). Before, only a click on the box at the cell's left
edge did anything."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory

from backtracker.storage.models import Routine, SetEntry

PAUSE = 120  # ms between a person's clicks


class BoxSpy(QProxyStyle):
    """The table's style, noting where item check boxes are drawn."""

    def __init__(self) -> None:
        # A style of the app's kind of its own: a proxy owns its base, and must not own the
        # app's.
        super().__init__(QStyleFactory.create(QApplication.style().name()))
        self.boxes: list = []

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # type: ignore[no-untyped-def]
        if element == QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck:
            self.boxes.append(QRect(option.rect))  # a copy: the option goes with the paint
        super().drawPrimitive(element, option, painter, widget)


@pytest.fixture
def workout(demo_window, qtbot):
    """The demo window with a routine's workout open; its first card's set table."""
    window = demo_window
    window.tabs.setCurrentWidget(window.log_page)
    log = window.log_page.content()
    log.start_workout(Routine.select().first().id)
    qtbot.waitUntil(log.editor.isVisible)
    card = log.editor.cards[0]
    log.editor.scroll.ensureWidgetVisible(card.table)
    qtbot.wait(PAUSE)
    return window, card


def done_cell(card, row: int):
    table = card.table
    return table, table.visualRect(table.model().index(row, table.model().column_of("done")))


def completed(card, row: int) -> bool:
    return SetEntry.get_by_id(card.model.set_at(row).id).completed


def test_the_box_is_drawn_in_the_middle_of_its_cell(workout, qtbot):
    _, card = workout
    table, cell = done_cell(card, 0)
    spy = BoxSpy()
    table.setStyle(spy)
    table.viewport().repaint()
    boxes = [box for box in spy.boxes if cell.contains(box)]
    assert len(boxes) == 1
    box = boxes[0]
    assert abs(box.center().x() - cell.center().x()) <= 1
    assert abs(box.center().y() - cell.center().y()) <= 1
    assert box.width() < cell.width() / 2  # a box, not the whole cell


@pytest.mark.parametrize("where", ["left", "middle", "right"])
def test_a_click_anywhere_in_the_cell_ticks_the_set_and_another_unticks_it(workout, qtbot, where):
    _, card = workout
    table, cell = done_cell(card, 0)
    x = {"left": cell.left() + 3, "middle": cell.center().x(), "right": cell.right() - 3}[where]
    spot = QPoint(x, cell.center().y())
    assert not completed(card, 0)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.waitUntil(lambda: completed(card, 0))
    qtbot.wait(PAUSE * 3)  # a second click, not a double-click
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.waitUntil(lambda: not completed(card, 0))
    assert not completed(card, 1), "only the clicked set"


def test_a_click_in_the_next_cell_does_not_tick(workout, qtbot):
    _, card = workout
    table, cell = done_cell(card, 0)
    notes = QPoint(cell.left() - 6, cell.center().y())  # the Notes cell, just left of Done
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=notes)
    qtbot.wait(PAUSE)
    assert not completed(card, 0)


def test_space_on_the_done_cell_still_ticks_it(workout, qtbot):
    _, card = workout
    table = card.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, table.model().column_of("done")))
    qtbot.wait(PAUSE)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: completed(card, 0))
