"""The device pixel ratio of what a painter paints on, without asking for its device."""

from __future__ import annotations

from PySide6.QtGui import QPainter


def device_pixel_ratio(painter: QPainter) -> float:
    """The pixel ratio of `painter`'s device (2.0 on a 200 % screen).

    Read off the device transform when the world transform only moves, as in item views and
    widgets' paint events. Not `painter.device()` there: PySide6 works out the most derived
    class of the device it hands back, and the first time that builds the Python enums of
    every QPaintDevice subclass, QWizard and QFontDialog included (some 40 enums, about 10 ms
    of the first paint that asks).
    """
    world = painter.worldTransform()
    if world.isScaling() or world.isRotating():
        return painter.device().devicePixelRatioF()
    return painter.deviceTransform().m11()
