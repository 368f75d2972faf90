"""The main window's side of the photo vault's lock: File ▸ Lock Photos (Ctrl+L), the idle
lock, and the start-up line about a pass turning the vault on or off that was cut short.

Imported at start-up, so it loads nothing of the Photos tab: the idle lock
(ui/photos/idle_lock.py) is made the first time the vault is unlocked, the only moment it
has a key to forget. The Photos tab itself shows its lock page (ui/photos/lock_page.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from backtracker.ui.events import DataEvents

if TYPE_CHECKING:
    from backtracker.services.preferences import Preferences
    from backtracker.ui.photos.idle_lock import IdleLock

LOCKED = "Photos locked."
LOCKED_WHEN_IDLE = "Photos locked after a while without use."


class VaultLockControl(QObject):
    """Lock Photos (`lock`, enabled while the vault is on and unlocked) and the idle lock.

    Follows DataEvents.photo_vault_changed; `busy()` true holds the idle lock back (the
    Photos tab finishing a pass, say)."""

    def __init__(
        self,
        action: QAction,
        events: DataEvents,
        *,
        show_status: Callable[..., None],
        prefs: Callable[[], Preferences],
        busy: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._action = action
        self._events = events
        self._show_status = show_status
        self._prefs = prefs
        self._busy = busy
        self.idle_lock: IdleLock | None = None
        action.setEnabled(False)  # no key in memory at start
        events.photo_vault_changed.connect(self.vault_changed)

    def lock(self, status: str = LOCKED) -> None:
        """Forget the key; the Photos tab drops every decoded photo and shows its lock page."""
        from backtracker.services import photo_vault

        photo_vault.lock()
        self._events.photo_vault_changed.emit()
        if status:
            self._show_status(status)

    def vault_changed(self) -> None:
        from backtracker.ui.photos.idle_lock import IdleLock, idle_minutes

        if self.idle_lock is None:
            self.idle_lock = IdleLock(
                lambda: idle_minutes(self._prefs()),
                lambda: self.lock(LOCKED_WHEN_IDLE),
                busy=self._busy,
                parent=self,
            )
        self.idle_lock.update()
        self._action.setEnabled(self.idle_lock.watching)

    def check_at_start(self) -> None:
        """Once, after the window is painted: say so when a pass was cut short. Read on a
        worker: importing the vault's service (about 40 ms) stays off the GUI thread."""
        from backtracker.ui.tasks import run_task

        run_task(
            _interrupted_pass,
            on_done=self._tell_interrupted,
            on_error=lambda error: self._show_status(str(error)),  # a damaged record
            context=self,
            uses_database=True,
        )

    def _tell_interrupted(self, direction: str | None) -> None:
        if direction is not None:
            self._show_status(
                f"Turning the photo vault {direction} was interrupted; unlock Photos to finish it."
            )


def _interrupted_pass() -> str | None:
    """ "on" or "off" when a pass turning the vault on or off was cut short (a worker job)."""
    from backtracker.services import photo_vault

    pending = photo_vault.pending_pass()
    if pending is None:
        return None
    return "on" if pending is photo_vault.VaultState.TURNING_ON else "off"
