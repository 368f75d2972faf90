"""The Log's "Back this week" panel: a small back heatmap of this week's hard sets so far and
the regions still below the band, in a line or two.

It follows completed and uncompleted sets as they happen (sets_changed, workouts_changed),
one read per burst of changes, in the background (ui/tasks.py: tens of milliseconds on ten
years of training, right when a set is ticked), and catches up when shown if it was hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from backtracker.domain.coach.regions import REGION_LABELS, RegionCount, format_sets
from backtracker.services import coach
from backtracker.services.coach import WeekReport
from backtracker.ui.coach.heatmap import BackHeatmap
from backtracker.ui.events import DataEvents
from backtracker.ui.tasks import run_task

TOOLTIP = (
    "Hard sets per back region this week (Monday to Sunday): completed work sets, not "
    "warm-ups; a primary muscle counts 1, a secondary ½. Progress ▸ Back shows any week."
)


def below_band_line(counts: list[RegionCount] | tuple[RegionCount, ...]) -> str:
    """ "Below 10: Mid-back 4 · Lats 6" (lowest first), or that every region is in the band."""
    if not any(c.sets for c in counts):
        return "No hard sets for the back yet this week."
    below = sorted((c for c in counts if c.sets < c.low), key=lambda c: c.sets)
    low, high = counts[0].low, counts[0].high
    if not below:
        over = [c for c in counts if c.sets > c.high]
        if over:
            names = " · ".join(f"{REGION_LABELS[c.region]} {format_sets(c.sets)}" for c in over)
            return f"Every region has {low}+ sets; above {high}: {names}"
        return f"Every back region is within {low}–{high} sets."
    parts = " · ".join(f"{REGION_LABELS[c.region]} {format_sets(c.sets)} of {c.low}" for c in below)
    return f"Below the band: {parts}"


class BackWeekPanel(QWidget):
    def __init__(self, events: DataEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dirty = True
        self._requests = self._shown_request = 0  # reads asked for and shown
        self._timer = QTimer(self)  # one reload for a burst of change signals
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.reload)
        self.heatmap = BackHeatmap(compact=True)
        self.heatmap.setMaximumHeight(150)
        self.line = QLabel()
        self.line.setWordWrap(True)
        self.line.setAccessibleName("Back regions below the band")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(QLabel("<b>Back this week</b>"))
        layout.addWidget(self.heatmap)
        layout.addWidget(self.line)
        self.setToolTip(TOOLTIP)
        for signal in (
            events.sets_changed,  # a set completed or taken back
            events.workouts_changed,
            events.preferences_changed,  # the band
            events.exercises_changed,  # a pattern or a muscle changed
            events.day_changed,  # a new week starts at midnight on Monday
        ):
            signal.connect(self.mark_dirty)

    def mark_dirty(self) -> None:
        self._dirty = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()

    @property
    def loading(self) -> bool:
        return self._shown_request != self._requests

    def reload(self) -> None:
        """Read this week in the background; only the latest answer is shown."""
        self._timer.stop()
        self._dirty = False
        self._requests += 1
        request = self._requests
        run_task(
            coach.week_report,
            on_done=lambda report: self._show(report, request),
            context=self,
            uses_database=True,
        )

    def _show(self, report: WeekReport, request: int) -> None:
        if request != self._requests:
            return
        self._shown_request = request
        self.heatmap.set_counts(report.regions, report.region_sentences)
        # An all-grey back says nothing the line does not: its room goes to the lists below.
        self.heatmap.setVisible(any(count.sets for count in report.regions))
        self.line.setText(below_band_line(report.regions))
