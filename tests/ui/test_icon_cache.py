"""The SVG icons are rendered once per name, colour and size (ui/icons.py): a style asks for a
button's pixmap on every paint, and QIcon keeps none for an engine of its own. The colour is
part of what is kept, so a theme change, a disabled button or a selected row still draws in
its own colour."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap, QPixmapCache

from backtracker.ui import icons
from backtracker.ui.theme import ThemeMode

SIZE = QSize(48, 48)  # big enough for solid strokes


@pytest.fixture
def renders(monkeypatch) -> list[tuple[str, str]]:
    """Each SVG render, as (name, colour); the pixmap cache emptied first."""
    QPixmapCache.clear()
    drawn: list[tuple[str, str]] = []
    real = icons._renderer

    def counted(name: str, color: str):
        drawn.append((name, color))
        return real(name, color)

    monkeypatch.setattr(icons, "_renderer", counted)
    yield drawn
    QPixmapCache.clear()


def _ink(pixmap: QPixmap) -> str:
    """The colour the icon is drawn in: the commonest of its solid pixels (the icons are one
    colour; their edges are anti-aliased)."""
    image = pixmap.toImage()
    solid = Counter(
        QColor(image.pixelColor(x, y).rgb()).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() >= 200
    )
    return solid.most_common(1)[0][0]


def test_a_pixmap_asked_again_is_not_rendered_again(theme, renders):
    plus = icons.icon("plus")
    first = plus.pixmap(SIZE)
    again = [plus.pixmap(SIZE) for _ in range(5)]
    assert len(renders) == 1
    assert all(p.toImage() == first.toImage() for p in again)
    icons.icon("plus").pixmap(SIZE)  # another button with the same icon
    assert len(renders) == 1
    bigger = plus.pixmap(QSize(24, 24))
    assert bigger.size() == QSize(24, 24) and len(renders) == 2


def test_the_colour_is_kept_apart_by_mode_and_theme(qapp, theme, renders):
    plus = icons.icon("plus")
    normal = plus.pixmap(SIZE)
    disabled = plus.pixmap(SIZE, QIcon.Mode.Disabled)
    assert _ink(normal) == qapp.palette().buttonText().color().name()
    assert _ink(normal) != _ink(disabled)
    assert len({color for _, color in renders}) == 2

    light = _ink(normal)
    try:
        theme.apply(ThemeMode.DARK)
        dark = plus.pixmap(SIZE)
        assert _ink(dark) != light  # drawn afresh in the dark theme's text colour
        assert len(renders) == 3
    finally:
        theme.apply(ThemeMode.LIGHT)
    assert _ink(plus.pixmap(SIZE)) == light
    assert len(renders) == 3  # the light one was kept


def test_an_accent_icon_keeps_its_accent(theme, renders):
    pin = icons.icon("pin", accent="star").pixmap(SIZE)
    plain = icons.icon("pin").pixmap(SIZE)
    assert _ink(pin) == QColor(theme.colors.star).name()
    assert _ink(pin) != _ink(plain)


def _painted(icon: QIcon, scale: float = 1.0, ratio: float = 1.0) -> QImage:
    """What QIcon.paint draws (as an item view's row does) into a SIZE × `ratio` canvas."""
    canvas = QPixmap(SIZE * ratio)
    canvas.setDevicePixelRatio(ratio)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    painter.scale(scale, scale)
    icon.paint(painter, QRect(0, 0, round(SIZE.width() / scale), round(SIZE.height() / scale)))
    painter.end()
    return canvas.toImage()


@pytest.mark.parametrize("ratio", [1.0, 2.0])
def test_an_icon_painted_by_a_view_is_the_kept_pixmap(theme, renders, ratio):
    plus = icons.icon("plus")
    first = _painted(plus, ratio=ratio)
    assert _painted(plus, ratio=ratio) == first
    assert len(renders) == 1  # the second row's icon was not rendered again
    # the same pixels as the icon asked for at the device's size: sharp, not scaled up
    assert first.convertToFormat(QImage.Format.Format_ARGB32) == plus.pixmap(
        SIZE, ratio
    ).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    assert len(renders) == 1


def test_a_scaling_painter_draws_the_vectors(theme, renders):
    plus = icons.icon("plus")
    scaled = _painted(plus, scale=2.0)
    assert (
        len(renders) == 1
        and QPixmapCache.find(f"backtracker-icon/plus/{renders[0][1]}/24x24", QPixmap()) is False
    )  # nothing kept at the painter's own size
    assert _ink(QPixmap.fromImage(scaled)) == _ink(plus.pixmap(SIZE))
