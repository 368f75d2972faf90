"""Icons from the app's own SVG set in resources/icons, drawn in the current text colour.

The icons are single-colour line drawings; they are recoloured at paint time, so they follow
the light/dark theme without being rebuilt and stay sharp at any size and device pixel ratio.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
    QPixmapCache,
)
from PySide6.QtSvg import QSvgRenderer

from backtracker import resources
from backtracker.ui.pixel_ratio import device_pixel_ratio
from backtracker.ui.theme import theme

_INK = b"#000000"


@cache
def _svg_bytes(name: str) -> bytes:
    return resources.read_bytes("icons", f"{name}.svg")


@cache
def _renderer(name: str, color: str) -> QSvgRenderer:
    return QSvgRenderer(QByteArray(_svg_bytes(name).replace(_INK, color.encode())))


class _SvgIconEngine(QIconEngine):
    def __init__(self, name: str, role: QPalette.ColorRole, accent: str | None) -> None:
        super().__init__()
        self._name = name
        self._role = role
        self._accent = accent

    def _color(self, mode: QIcon.Mode) -> str:
        """The colour drawn in: the theme's, for the mode (disabled, selected) and role."""
        if self._accent and mode == QIcon.Mode.Normal:
            return getattr(theme().colors, self._accent)
        palette = QGuiApplication.palette()
        group = (
            QPalette.ColorGroup.Disabled
            if mode == QIcon.Mode.Disabled
            else (QPalette.ColorGroup.Active)
        )
        role = QPalette.ColorRole.HighlightedText if mode == QIcon.Mode.Selected else self._role
        return palette.color(group, role).name()

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        """Item views paint icons this way, a row at a time: the kept pixmap at the device's
        pixel ratio, unless the painter scales or turns (drawn as vectors then)."""
        if rect.isEmpty() or not painter.isActive():
            return
        transform = painter.worldTransform()
        if transform.isScaling() or transform.isRotating():
            _renderer(self._name, self._color(mode)).render(painter, QRectF(rect))
            return
        ratio = device_pixel_ratio(painter)
        pixels = QSize(round(rect.width() * ratio), round(rect.height() * ratio))
        pixmap = self.pixmap(pixels, mode, state)
        pixmap.setDevicePixelRatio(ratio)
        painter.drawPixmap(rect.topLeft(), pixmap)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        """The icon at `size`, rendered once per name, colour and size: a style asks again
        on every paint of the button (some 20 times when a workout opens, 4 icons), and
        QIcon keeps no pixmaps of an engine of its own. The colour in the key follows the
        theme, so a theme change renders afresh."""
        if size.isEmpty():
            # A tool button squeezed below its icon (a paint before the layout has placed
            # it, a tiny window) asks for e.g. 16×0: nothing to draw, and painting into a
            # null pixmap would print a burst of QPainter warnings.
            return QPixmap()
        color = self._color(mode)
        key = f"backtracker-icon/{self._name}/{color}/{size.width()}x{size.height()}"
        pixmap = QPixmap()
        if QPixmapCache.find(key, pixmap):
            return pixmap
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        _renderer(self._name, color).render(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        QPixmapCache.insert(key, pixmap)
        return pixmap

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self._name, self._role, self._accent)


def icon(
    name: str,
    role: QPalette.ColorRole = QPalette.ColorRole.ButtonText,
    *,
    accent: str | None = None,
) -> QIcon:
    """A theme-following icon from resources/icons/NAME.svg.

    `accent` names a `theme.Colors` field (e.g. "star") to draw in instead of the text colour.
    """
    return QIcon(_SvgIconEngine(name, role, accent))


def app_icon() -> QIcon:
    result = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        result.addFile(str(resources.path("icons", "app", f"backtracker-{size}.png")))
    return result
