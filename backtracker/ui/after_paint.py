"""Start-up work held back until the main window has been painted once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# Work that can wait for the first paint still runs if the window is never painted (hidden).
AFTER_PAINT_FALLBACK_MS = 1000
# ... and starts this long after it: the GUI thread's own turns right after the first frame
# (9-15 ms of work) then run before the first workers (the Library's history line, the
# week's goal) compete with it for Python's interpreter lock.
AFTER_PAINT_SETTLE_MS = 100
# A piece of work that answers NOT_YET is asked again this much later, before the rest.
NOT_YET = "not yet"
RETRY_MS = 5


class AfterFirstPaint(QObject):
    """Holds start-up work back until the window has been painted once, then runs it in order,
    one piece per event-loop turn; a piece that answers NOT_YET is asked again a moment later.

    Before the first frame every worker thread and every extra bit of work on the GUI thread
    delays what the person waits to see; after it, the same work costs them nothing. A turn
    each, a click meanwhile waits for one piece at most (the database opening after a window
    built without it took 55 ms in one turn: ui/first_window.py `DataGate.warm_up`).
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._pending: list[Callable[[], object]] = []
        self._painted = False
        self._cancelled = False
        window.installEventFilter(self)
        QTimer.singleShot(AFTER_PAINT_FALLBACK_MS, self, self._run_pending)

    def call(self, work: Callable[[], object]) -> None:
        """Run `work` from the event loop, once the window has been painted and the work
        asked for before it has run."""
        if self._cancelled:
            return
        if self._painted and not self._pending:
            QTimer.singleShot(0, self, work)
        else:
            self._pending.append(work)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # once the whole frame is drawn, and the turns right after it
            QTimer.singleShot(AFTER_PAINT_SETTLE_MS, self, self._run_pending)
        return False

    def cancel(self) -> None:
        """The window has closed: work not yet started never will be."""
        self._cancelled = True
        self._pending.clear()

    def _run_pending(self) -> None:
        if self._painted:
            return  # the fallback and the paint: whichever came first started it
        self._painted = True
        self._run_next()

    def _run_next(self) -> None:
        if self._cancelled or not self._pending:
            return  # closed, or the database refused (ui/first_window.py)
        work = self._pending.pop(0)
        waits = False
        try:
            waits = work() is NOT_YET  # something it needs is not done yet (a thread's work)
        finally:
            if waits:
                self._pending.insert(0, work)
                QTimer.singleShot(RETRY_MS, self, self._run_next)
            elif self._pending:
                QTimer.singleShot(0, self, self._run_next)
