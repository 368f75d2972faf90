"""Notices when the local date changes while the app is open: at midnight, after sleep.

The weekly goal, the week panel and Progress's "today" are worked out for a date. A window
left open past midnight, or woken on another day, would show yesterday's week; the watch says
when the day changed so they refresh.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from backtracker.domain import clock
from backtracker.domain.dates import until_next_midnight

# Look again at least this often: a timer does not run while the computer sleeps, and the
# clock may be changed by hand or by a time-zone change.
LONGEST_WAIT = dt.timedelta(minutes=30)
# Fire just after midnight, not a hair before it.
MARGIN = dt.timedelta(milliseconds=50)


class DayWatch(QObject):
    day_changed = Signal(object)  # the new date

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.day = clock.today()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may fire minutes off
        self.timer.timeout.connect(self.check)
        self._arm()

    def check(self) -> None:
        """Say so if the date is not the one last seen (also when the window is activated)."""
        today = clock.today()
        if today != self.day:
            self.day = today
            self.day_changed.emit(today)
        self._arm()

    def _arm(self) -> None:
        wait = min(until_next_midnight(clock.now_precise()) + MARGIN, LONGEST_WAIT)
        self.timer.start(max(1, round(wait.total_seconds() * 1000)))
