"""Weights on the Equipment page read the same in any system language: under German, Qt's
own spin box took "2.5" as 25 (the point is a thousands separator there)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt

from backtracker.ui.equipment_page import DecimalSpinBox


@pytest.fixture
def german():
    before = QLocale()
    QLocale.setDefault(QLocale("de_DE"))
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize("typed", ["2.5", "2,5"])
def test_a_point_or_a_comma_both_mean_a_decimal(german, qtbot, typed):
    spin = DecimalSpinBox()
    qtbot.addWidget(spin)
    spin.setRange(0, 100)
    spin.setDecimals(2)
    spin.show()
    spin.setFocus()
    spin.selectAll()
    for char in typed:
        qtbot.keyClick(spin, char)
        qtbot.wait(30)
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == 2.5
    assert spin.text() == "2.50"
