"""Headings and the centred empty-state page, drawn the same way on every tab."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

TITLE_SCALE = 1.6  # page titles, relative to the system font so they follow its size
EMPTY_STATE_WIDTH = 560


def heading(text: str = "", scale: float = TITLE_SCALE) -> QLabel:
    """A semi-bold label `scale` times the size of the system font."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def lay_out_empty_state(
    page: QWidget,
    title: str,
    text: str,
    buttons: Sequence[QWidget],
    footer: QWidget | None = None,
) -> QLabel:
    """Fill `page` with a title, a wrapped text and a row of buttons in a centred column,
    a little above the middle; the text label is returned."""
    message = QLabel(text)
    message.setWordWrap(True)
    message.setAlignment(Qt.AlignmentFlag.AlignCenter)
    row_of_buttons = QHBoxLayout()
    row_of_buttons.addStretch(1)
    for button in buttons:
        row_of_buttons.addWidget(button)
    row_of_buttons.addStretch(1)
    column = QWidget()
    column.setMaximumWidth(EMPTY_STATE_WIDTH)
    column_layout = QVBoxLayout(column)
    column_layout.addWidget(heading(title), 0, Qt.AlignmentFlag.AlignHCenter)
    column_layout.addSpacing(8)
    column_layout.addWidget(message)
    column_layout.addSpacing(12)
    column_layout.addLayout(row_of_buttons)
    if footer is not None:
        column_layout.addSpacing(16)
        column_layout.addWidget(footer)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(column, 3)
    row.addStretch(1)
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addLayout(row)
    layout.addStretch(2)
    return message
