"""The rest timer: started when a set is done, visible from every tab in the status bar."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from backtracker.ui.theme import theme

ADJUST_STEP_S = 15
MAX_REST_S = 30 * 60


class RestTimer(QObject):
    """Counts down against a clock that tests can replace; never sleeps."""

    changed = Signal(int)  # whole seconds left
    finished = Signal()
    stopped = Signal()

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._deadline: float | None = None
        self._started_by: object = None  # what started this rest (a logged set's id)
        self._ticker = QTimer(self)
        self._ticker.setInterval(200)
        self._ticker.timeout.connect(self.tick)

    @property
    def running(self) -> bool:
        return self._deadline is not None

    def remaining(self) -> int:
        if self._deadline is None:
            return 0
        return max(0, math.ceil(self._deadline - self._clock() - 1e-9))

    @property
    def started_by(self) -> object:
        return self._started_by if self._deadline is not None else None

    def start(self, seconds: int, started_by: object = None) -> None:
        """Rest for `seconds`; `started_by` names what started it, so taking that back
        (Ctrl+Z on the set) can stop this rest and no later one."""
        self._deadline = self._clock() + max(1, min(MAX_REST_S, seconds))
        self._started_by = started_by
        self._ticker.start()
        self.changed.emit(self.remaining())

    def cancel_if_started_by(self, started_by: object) -> bool:
        """Stop the rest if `started_by` started the one running; True if it did."""
        if started_by is None or self.started_by != started_by:
            return False
        self.skip()
        return True

    def adjust(self, delta_s: int) -> None:
        """Add or take away time while it runs; taking it all away ends the rest."""
        if self._deadline is None:
            return
        self._deadline = min(self._deadline + delta_s, self._clock() + MAX_REST_S)
        self.tick()

    def skip(self) -> None:
        if self._deadline is not None:
            self._deadline = None
            self._started_by = None
            self._ticker.stop()
            self.stopped.emit()

    def tick(self) -> None:
        if self._deadline is None:
            return
        left = self.remaining()
        self.changed.emit(left)
        if left <= 0:
            self._deadline = None
            self._started_by = None
            self._ticker.stop()
            self.finished.emit()


def format_clock(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes}:{secs:02d}"


class RestTimerWidget(QWidget):
    """ "Rest 1:23 [−15] [+15] [Skip]"; turns to the accent colour with a chime at zero."""

    def __init__(
        self, timer: RestTimer, chime: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.timer = timer
        self._chime = chime
        self.label = QLabel()
        self.label.setAccessibleName("Rest timer")
        self.minus = QToolButton(text="−15")
        self.minus.setToolTip("Rest 15 seconds less")
        self.plus = QToolButton(text="+15")
        self.plus.setToolTip("Rest 15 seconds more")
        self.skip_button = QToolButton(text="Skip")
        self.skip_button.setToolTip("End the rest now")
        self.minus.clicked.connect(lambda: timer.adjust(-ADJUST_STEP_S))
        self.plus.clicked.connect(lambda: timer.adjust(ADJUST_STEP_S))
        self.skip_button.clicked.connect(timer.skip)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.minus, self.plus, self.skip_button):
            layout.addWidget(widget)
        self._done_clear = QTimer(self)
        self._done_clear.setSingleShot(True)
        self._done_clear.setInterval(6000)
        self._done_clear.timeout.connect(self.hide)
        timer.changed.connect(self._show_running)
        timer.finished.connect(self._show_done)
        timer.stopped.connect(self.hide)
        self.hide()

    def _set_buttons_visible(self, on: bool) -> None:
        for button in (self.minus, self.plus, self.skip_button):
            button.setVisible(on)

    def _show_running(self, seconds: int) -> None:
        if seconds <= 0:
            return
        self._done_clear.stop()
        self.label.setText(f"Rest {format_clock(seconds)}")
        self.label.setStyleSheet("font-weight: 600;")
        self._set_buttons_visible(True)
        self.show()

    def _show_done(self) -> None:
        colors = theme().colors
        self.label.setText("Rest over: next set!")
        self.label.setStyleSheet(
            f"font-weight: 700; color: {colors.accent_text}; background: {colors.accent};"
            "border-radius: 4px; padding: 1px 8px;"
        )
        self._set_buttons_visible(False)
        self.show()
        self._chime()
        self._done_clear.start()
