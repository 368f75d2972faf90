"""The first window without the ORM: which tab it opens on, and the database opened after.

When start-up could read what the Library shows with plain `sqlite3`
(storage/first_window.py), the window is built from that and the database is opened through
Peewee right after the first paint (`DataGate`). Anything the person does before then (a
click, a key, a wheel turn) first opens it, on the spot: the event waits the few tens of
milliseconds that takes instead of reaching code whose database is not there yet. The gate
watches from the first paint on: a window takes no input before it is drawn (its first
expose paints it), and an application-wide filter is called for every event, which while
the window is built and shown (thousands of them) would cost as much as the ORM saves.

The tab in view when the window closed is remembered in the UI state ("window/tab") and
shown at the next start; a workout left running opens the Log instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from backtracker.ui.main_window import MainWindow

TAB_SETTING = "window/tab"
TAB_KEYS = ("library", "log", "photos", "progress")  # in the order of the tab bar
LIBRARY = TAB_KEYS[0]

# What a person does: each of these waits for the database when it is not open yet.
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Shortcut,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
        QEvent.Type.DragEnter,
        QEvent.Type.Drop,
        QEvent.Type.TouchBegin,
    }
)


def last_tab(settings: QSettings) -> str:
    """The key of the tab that was in view when the window last closed (the Library when
    none is remembered, or an unknown one)."""
    key = settings.value(TAB_SETTING, LIBRARY)
    return key if isinstance(key, str) and key in TAB_KEYS else LIBRARY


def remember_tab(settings: QSettings, index: int) -> None:
    if 0 <= index < len(TAB_KEYS):
        settings.setValue(TAB_SETTING, TAB_KEYS[index])


class DataGate(QObject):
    """Opens the database once: after the first paint, or before the first input event.

    `open_data(window)` returns False when the database could not be opened (it has told the
    person and ended the event loop); the input event that asked for it is then dropped.
    """

    def __init__(self, window: MainWindow, open_data: Callable[[MainWindow], bool]) -> None:
        super().__init__(window)
        self._window = window
        self._open_data = open_data
        self._opening = False  # input meanwhile (a dialog saying it failed) passes through
        self.opened: bool | None = None  # None: not tried yet; False: it failed
        window.installEventFilter(self)  # the application's events from the first paint on

    def warm_up(self) -> list[Callable[[], object]]:
        """The slow parts of opening, each for an event-loop turn of its own before
        `ensure_open` (`AfterFirstPaint` runs them in order, one per turn): what `open_data`
        offers as its `warm_up()`, if it does (app.py: the backup started on a thread, the
        ORM's modules loaded). Opening in one turn took 55 ms on a ten-year profile."""
        steps = getattr(self._open_data, "warm_up", None)
        return list(steps()) if steps is not None else []

    def ensure_open(self) -> bool:
        """Open the database now unless that was done; whether it is open."""
        if self.opened is None and not self._opening:
            self._opening = True
            try:
                self.opened = bool(self._open_data(self._window))
            finally:
                self._opening = False
                self._window.removeEventFilter(self)
                QApplication.instance().removeEventFilter(self)
        return bool(self.opened)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Paint and watched is self._window and self.opened is None:
            self._window.removeEventFilter(self)
            QApplication.instance().installEventFilter(self)
        elif kind in _INPUT_EVENTS and not self._opening:
            return not self.ensure_open()
        return False
