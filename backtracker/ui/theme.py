"""Light and dark palettes that follow the system, or the person's choice in View ▸ Theme."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette


class ThemeMode(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class Colors(NamedTuple):  # not a dataclass: building one costs about 1 ms of every start
    """Named colours for everything the palette has no role for (diagrams, badges, charts)."""

    dark: bool
    window: str
    base: str
    alternate: str
    text: str
    muted_text: str
    button: str
    border: str
    accent: str
    accent_text: str
    muscle_primary: str
    muscle_secondary: str
    body: str
    muscle_idle: str
    outline: str
    error: str
    star: str


LIGHT = Colors(
    dark=False,
    window="#f5f6f8",
    base="#ffffff",
    alternate="#f0f2f5",
    text="#1f2328",
    muted_text="#5d6670",
    button="#eceef1",
    border="#d0d5dc",
    accent="#1f6feb",
    accent_text="#ffffff",
    muscle_primary="#d9480f",
    muscle_secondary="#f6b38e",
    body="#e3e6ea",
    muscle_idle="#c3c9d1",
    outline="#8a93a0",
    error="#c62828",
    star="#d29b00",
)
DARK = Colors(
    dark=True,
    window="#1e2227",
    base="#292e35",
    alternate="#2f353c",
    text="#e6e8eb",
    muted_text="#9aa3ad",
    button="#2b3037",
    border="#3b424b",
    accent="#4c8dff",
    accent_text="#ffffff",
    muscle_primary="#ff7a3d",
    muscle_secondary="#8c4a2c",
    body="#343a42",
    muscle_idle="#4a515b",
    outline="#626b76",
    error="#ff6b6b",
    star="#f0c040",
)


def build_palette(colors: Colors) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    assignments = {
        role.Window: colors.window,
        role.WindowText: colors.text,
        role.Base: colors.base,
        role.AlternateBase: colors.alternate,
        role.Text: colors.text,
        role.Button: colors.button,
        role.ButtonText: colors.text,
        role.BrightText: colors.error,
        role.Highlight: colors.accent,
        role.HighlightedText: colors.accent_text,
        role.Link: colors.accent,
        role.LinkVisited: colors.accent,
        role.ToolTipBase: colors.base,
        role.ToolTipText: colors.text,
        role.PlaceholderText: colors.muted_text,
        role.Mid: colors.border,
        role.Midlight: colors.alternate,
        role.Dark: colors.border,
        role.Light: colors.base,
        role.Shadow: "#000000",
        role.Accent: colors.accent,
    }
    for color_role, value in assignments.items():
        palette.setColor(color_role, QColor(value))
    for disabled_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, disabled_role, QColor(colors.muted_text))
    return palette


def segment_style(colors: Colors) -> str:
    """Checkable tool buttons in a row (views, ranges): the checked one in the accent colour.

    Fusion's pressed look is too faint to tell which one is on, especially in the dark
    palette. A style sheet drops Fusion's focus frame, so keyboard focus gets a border.
    """
    return (
        f"QToolButton {{ padding: 3px 10px; border: 1px solid {colors.border};"
        f" border-radius: 4px; background: {colors.button}; color: {colors.text}; }}"
        f" QToolButton:hover {{ border-color: {colors.outline}; }}"
        f" QToolButton:focus {{ border: 2px solid {colors.accent}; padding: 2px 9px; }}"
        f" QToolButton:checked {{ background: {colors.accent}; color: {colors.accent_text};"
        f" border-color: {colors.accent}; }}"
        f" QToolButton:checked:focus {{ border-color: {colors.text}; }}"
        f" QToolButton:disabled {{ color: {colors.muted_text}; }}"
        f" QToolButton:checked:disabled {{ background: {colors.border};"
        f" border-color: {colors.border}; color: {colors.muted_text}; }}"
    )


def _repolish_style_sheets() -> None:
    """Widgets with a style sheet can keep the old palette's text and button colours when the
    palette changes (light routine buttons on a dark page): setting the sheet again repolishes.
    """
    from PySide6.QtWidgets import QApplication  # this module is imported before any widget

    if not isinstance(QApplication.instance(), QApplication):
        return
    for widget in QApplication.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)


class ThemeManager(QObject):
    """Applies the palette and tells widgets with custom painting when it changes."""

    changed = Signal()

    def __init__(self, app: QGuiApplication, mode: ThemeMode = ThemeMode.SYSTEM) -> None:
        super().__init__(app)
        self._app = app
        self._mode = mode
        self._colors = LIGHT
        app.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        self.apply(mode)

    @property
    def mode(self) -> ThemeMode:
        return self._mode

    @property
    def colors(self) -> Colors:
        return self._colors

    def system_is_dark(self) -> bool:
        return self._app.styleHints().colorScheme() == Qt.ColorScheme.Dark

    def apply(self, mode: ThemeMode) -> None:
        self._mode = ThemeMode(mode)
        dark = (
            self.system_is_dark()
            if self._mode is ThemeMode.SYSTEM
            else (self._mode is ThemeMode.DARK)
        )
        self._colors = DARK if dark else LIGHT
        self._app.setPalette(build_palette(self._colors))
        _repolish_style_sheets()
        self.changed.emit()

    def _system_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._mode is ThemeMode.SYSTEM:
            self.apply(ThemeMode.SYSTEM)


_manager: ThemeManager | None = None


def install_theme(app: QGuiApplication, mode: ThemeMode) -> ThemeManager:
    global _manager  # noqa: PLW0603 - one palette per application, set at start-up
    _manager = ThemeManager(app, mode)
    return _manager


def theme() -> ThemeManager:
    if _manager is None:
        raise RuntimeError("install_theme() has not been called")
    return _manager
