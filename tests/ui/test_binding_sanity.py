"""Guards against known-bad Qt for Python releases that would crash a real session."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_qt_calls_do_not_drop_references_to_none(qtbot):
    """PySide6 6.12.0 lost a reference to None per void call: a crash after ~5,000 calls."""
    label = QLabel("x")
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("y")
        label.repaint()
    assert sys.getrefcount(None) - before > -50
