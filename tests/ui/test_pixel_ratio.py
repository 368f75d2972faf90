"""A painter's device pixel ratio, read without asking for its device (ui/pixel_ratio.py)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage, QPainter, QPixmap

from backtracker.ui.pixel_ratio import device_pixel_ratio


@pytest.mark.parametrize("ratio", [1.0, 1.25, 1.5, 2.0, 3.0])
@pytest.mark.parametrize("kind", [QPixmap, QImage])
def test_it_is_the_devices_ratio_whether_or_not_the_painter_has_moved(qapp, ratio, kind):
    device = QPixmap(40, 30) if kind is QPixmap else QImage(40, 30, QImage.Format.Format_ARGB32)
    device.setDevicePixelRatio(ratio)
    painter = QPainter(device)
    try:
        assert device_pixel_ratio(painter) == pytest.approx(ratio)
        painter.translate(7, 11)  # as an item view moves to a row
        assert device_pixel_ratio(painter) == pytest.approx(ratio)
        painter.scale(3, 3)  # a zoom is not the device's: it comes from the device then
        assert device_pixel_ratio(painter) == pytest.approx(ratio)
        painter.resetTransform()
        painter.rotate(30)
        assert device_pixel_ratio(painter) == pytest.approx(ratio)
    finally:
        painter.end()


def test_a_widgets_paint_sees_the_widgets_ratio(qapp, qtbot):
    from PySide6.QtWidgets import QWidget

    seen: list[float] = []

    class Probe(QWidget):
        def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
            painter = QPainter(self)
            seen.append(device_pixel_ratio(painter))
            painter.end()

    widget = Probe()
    qtbot.addWidget(widget)
    widget.resize(50, 40)
    widget.grab()
    assert seen and seen[-1] == pytest.approx(widget.devicePixelRatioF())
