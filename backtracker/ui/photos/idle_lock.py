"""Locking the photo vault after a while without use (Preferences ▸ vault_idle_minutes).

While the vault is unlocked, an application-wide event filter notes the person's last
input (a key, a mouse button, the wheel, a touch) and a timer looks every few seconds at
how long ago that was. Idle time is measured on two clocks, the monotonic one and the wall
clock, and the longer counts: the monotonic clock stands still while the computer sleeps,
so a laptop closed for an hour still locks its photos the moment it wakes, and an input
that arrives after the idle time has run out locks before it is served. The filter is
installed only while there is a key to forget, so people without a vault pay nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from backtracker.domain import clock
from backtracker.domain.errors import UserError
from backtracker.services import photo_vault
from backtracker.services.photo_vault import VaultState

# Seams for tests: how often the timer looks, and how long a minute of the setting is.
CHECK_INTERVAL_MS = 10_000
MINUTE_S = 60.0
DEFAULT_MINUTES = 5

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


def can_lock() -> bool:
    """The vault is on (or a pass is under way) and its key is in memory."""
    try:
        return photo_vault.state() is not VaultState.OFF and photo_vault.is_unlocked()
    except UserError:  # a damaged record: nothing can be unlocked either
        return False


def idle_minutes(prefs: object) -> int:
    """The preference, or its default on a Preferences made before it existed."""
    value = getattr(prefs, "vault_idle_minutes", DEFAULT_MINUTES)
    return value if isinstance(value, int) and value > 0 else DEFAULT_MINUTES


class IdleLock(QObject):
    """Calls `lock` once the person has not touched the app for the preferred time.

    `update()` after every change of the vault (DataEvents.photo_vault_changed) starts or
    stops the watch. `busy()` true postpones the lock (a pass being finished, say).
    """

    def __init__(
        self,
        minutes: Callable[[], int],
        lock: Callable[[], None],
        busy: Callable[[], bool] = lambda: False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._minutes = minutes
        self._lock = lock
        self._busy = busy
        self._watching = False
        self._locking = False  # a lock is queued: one is enough
        self._last_input = (time.monotonic(), clock.utc_now())
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)

    @property
    def watching(self) -> bool:
        return self._watching

    def update(self) -> None:
        """Watch while the vault can be locked; stop once it is locked or off."""
        wanted = can_lock()
        if wanted == self._watching:
            return
        app = QCoreApplication.instance()
        self._watching = wanted
        if wanted:
            self.note_input()
            if app is not None:
                app.installEventFilter(self)
            self._timer.start(CHECK_INTERVAL_MS)
        else:
            if app is not None:
                app.removeEventFilter(self)
            self._timer.stop()

    def note_input(self) -> None:
        self._last_input = (time.monotonic(), clock.utc_now())

    def idle_seconds(self) -> float:
        monotonic, wall = self._last_input
        by_wall = (clock.utc_now() - wall) / dt.timedelta(seconds=1)
        return max(time.monotonic() - monotonic, by_wall)

    def idle_limit_seconds(self) -> float:
        return self._minutes() * MINUTE_S

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            if self.idle_seconds() >= self.idle_limit_seconds():
                self._queue_lock()  # woken after the time ran out: lock before anything else
            else:
                self.note_input()
        return False

    def check(self) -> None:
        """The timer's look: lock once the idle time has run out."""
        if self._watching and self.idle_seconds() >= self.idle_limit_seconds():
            self._queue_lock()

    def _queue_lock(self) -> None:
        # Not from inside the event filter: the widget the event is for may be hidden then.
        if not self._locking:
            self._locking = True
            QTimer.singleShot(0, self, self._lock_now)

    def _lock_now(self) -> None:
        self._locking = False
        if not self._watching:
            return
        if self._busy():
            self.note_input()  # try again a whole idle time later
            return
        self._lock()
        self.update()
