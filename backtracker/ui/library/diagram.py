"""The body diagram: the SVG in resources/diagram with the trained muscles coloured in."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from backtracker import resources
from backtracker.ui.theme import Colors, theme

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)


@cache
def body_svg() -> bytes:
    """The body diagram (front and back views), read once; the back coach colours it too."""
    return resources.read_bytes("diagram", "body.svg")


def colour_diagram(
    svg: bytes, colors: Colors, primary: Iterable[str], secondary: Iterable[str]
) -> bytes:
    """Return the SVG with primary muscles strong, secondary light and the rest idle."""
    primary, secondary = set(primary), set(secondary)
    root = ET.fromstring(svg)
    for element in root.iter():
        muscle = element.get("data-muscle")
        if muscle is not None:
            fill = (
                colors.muscle_primary
                if muscle in primary
                else colors.muscle_secondary
                if muscle in secondary
                else colors.muscle_idle
            )
            element.set("fill", fill)
            element.set("stroke", colors.outline)
        elif element.get("data-part") == "body":
            element.set("fill", colors.body)
            element.set("stroke", colors.outline)
    return ET.tostring(root, encoding="utf-8")


class MuscleDiagram(QWidget):
    """Draws the diagram scaled to fit, keeping its proportions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._primary: tuple[str, ...] = ()
        self._secondary: tuple[str, ...] = ()
        self._renderer = QSvgRenderer(self)
        self._renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self._stale = True  # coloured when next painted: a hidden diagram costs nothing
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Muscle diagram")
        theme().changed.connect(self._reload)
        self._reload()

    def set_muscles(self, primary: Iterable[str], secondary: Iterable[str] = ()) -> None:
        self._primary, self._secondary = tuple(primary), tuple(secondary)
        self._reload()

    @property
    def highlighted(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return self._primary, self._secondary

    def _reload(self) -> None:
        self._stale = True
        self.update()

    def _colour(self) -> None:
        coloured = colour_diagram(body_svg(), theme().colors, self._primary, self._secondary)
        self._renderer.load(QByteArray(coloured))
        self._stale = False

    def sizeHint(self) -> QSize:
        return QSize(260, 273)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(width * 420 / 400)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._stale:
            self._colour()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer.render(painter, QRectF(self.rect()))
        painter.end()
