"""The body diagram: the SVG in resources/diagram with the trained muscles coloured in."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from backtracker import resources
from backtracker.ui.theme import Colors, theme

# A start tag, and an attribute in one. The diagram is our own file, written with double-quoted
# attributes; tests/ui/test_diagram_colour.py reads it back with a real XML parser.
_START_TAG = re.compile(rb"<[A-Za-z][^>]*>")
_ATTRIBUTE = re.compile(rb'\s([\w:.-]+)="([^"]*)"')
_COLOUR_ATTRIBUTES = (b"fill", b"stroke")

# A start tag: its attributes, the tag, the tag without its fill and stroke nor its end
# ("/>" or ">"), and that end.
_Tag = tuple[dict[str, str], bytes, bytes, bytes]

# A colouring: a shape's attributes → its (fill, stroke), or None to leave it as it is.
Painter = Callable[[Mapping[str, str]], "tuple[str, str] | None"]


@cache
def body_svg() -> bytes:
    """The body diagram (front and back views), read once; the back coach colours it too."""
    return resources.read_bytes("diagram", "body.svg")


@cache
def _shapes(svg: bytes) -> tuple[tuple[bytes, ...], tuple[_Tag, ...]]:
    """The SVG cut around its start tags: the text between them, and for each tag its
    attributes and the tag without its fill and stroke (the parts `recolour` joins).

    Cut once per file (0.5 ms): recolouring is then a join, about 0.03 ms, where parsing
    the file into an XML tree and writing it back took 0.5-1.2 ms each time, and importing
    the tree's modules 1-4 ms of the first paint."""
    texts: list[bytes] = []
    tags: list[_Tag] = []
    start = 0
    for match in _START_TAG.finditer(svg):
        texts.append(svg[start : match.start()])
        tag = match.group()
        close = b"/>" if tag.endswith(b"/>") else b">"
        attributes = {name.decode(): value.decode() for name, value in _ATTRIBUTE.findall(tag)}
        head = _ATTRIBUTE.sub(
            lambda attribute: b"" if attribute[1] in _COLOUR_ATTRIBUTES else attribute[0],
            tag[: -len(close)],
        )
        tags.append((attributes, tag, head, close))
        start = match.end()
    texts.append(svg[start:])
    return tuple(texts), tuple(tags)


def recolour(svg: bytes, paint: Painter) -> bytes:
    """The SVG with each start tag `paint` gives colours to filled and stroked in them
    (its own fill and stroke replaced); every other byte is left as it was."""
    texts, tags = _shapes(svg)
    parts = [texts[0]]
    for (attributes, tag, head, close), text in zip(tags, texts[1:], strict=True):
        colours = paint(attributes)
        if colours is None:
            parts.append(tag)
        else:
            fill, stroke = colours
            parts.append(
                b'%s fill="%s" stroke="%s"%s' % (head, fill.encode(), stroke.encode(), close)
            )
        parts.append(text)
    return b"".join(parts)


def colour_diagram(
    svg: bytes, colors: Colors, primary: Iterable[str], secondary: Iterable[str]
) -> bytes:
    """Return the SVG with primary muscles strong, secondary light and the rest idle."""
    primary, secondary = set(primary), set(secondary)

    def paint(attributes: Mapping[str, str]) -> tuple[str, str] | None:
        muscle = attributes.get("data-muscle")
        if muscle is not None:
            fill = (
                colors.muscle_primary
                if muscle in primary
                else colors.muscle_secondary
                if muscle in secondary
                else colors.muscle_idle
            )
            return fill, colors.outline
        if attributes.get("data-part") == "body":
            return colors.body, colors.outline
        return None

    return recolour(svg, paint)


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
