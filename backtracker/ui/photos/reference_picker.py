"""Making a photo its pose's reference: every other photo of the pose is lined up with it
again (services/photo_alignment.set_reference), in the background with a cancellable
progress dialog, since each photo takes a moment."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from backtracker.domain.errors import UserError
from backtracker.domain.photos import PhotoInfo, Pose
from backtracker.services import photo_alignment
from backtracker.services.photo_alignment import Outcome, PoseReport
from backtracker.ui import dialogs
from backtracker.ui.tasks import Task, call_on_gui_thread, run_task

PROGRESS_DELAY_MS = 300


def report_text(report: PoseReport, day: str) -> str:
    """One sentence for the status bar."""
    pose = Pose(report.pose).label.lower()
    aligned = report.count(Outcome.ALIGNED) - report.doubtful
    photos = "photo" if aligned == 1 else "photos"
    parts = [f"The {pose} photo of {day} is the reference now: {aligned:,} {photos} lined up"]
    if report.count(Outcome.MANUAL):
        parts.append(f"{report.count(Outcome.MANUAL):,} by their points")
    if report.doubtful:
        parts.append(f"{report.doubtful:,} unsure (set points on them)")
    if report.count(Outcome.FAILED):
        parts.append(f"{report.count(Outcome.FAILED):,} could not be aligned")
    text = ", ".join(parts)
    return text + (" (stopped early)." if report.cancelled else ".")


class ReferencePicker(QObject):
    """One change of reference at a time; `finished` carries the pose when it is done."""

    finished = Signal(str)

    def __init__(
        self, window: QWidget, show_status: Callable[..., None], describe: Callable[[int], str]
    ) -> None:
        super().__init__(window)
        self._window = window
        self._show_status = show_status
        self._describe = describe
        self._task: Task | None = None
        self._progress: QProgressDialog | None = None

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self, info: PhotoInfo) -> bool:
        """Make `info` its pose's reference; False while another change runs."""
        if self._task is not None:
            return False
        progress = QProgressDialog("Lining photos up…", "Stop", 0, 0, self._window)
        progress.setWindowTitle("Changing the reference photo")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(PROGRESS_DELAY_MS)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumWidth(420)
        self._progress = progress
        task = Task("set reference photo")
        self._task = task
        progress.canceled.connect(self.cancel)
        run_task(
            partial(
                photo_alignment.set_reference,
                progress=call_on_gui_thread(self._advance),
                cancelled=task.cancelled,
            ),
            info.pose,
            info.id,
            on_done=partial(self._done, info.id),
            on_error=self._failed,
            on_finished=self._end,
            context=self,
            uses_database=True,
            task=task,
        )
        return True

    def cancel(self) -> None:
        """Stop after the photo being aligned now; the ones done keep their new alignment."""
        if self._task is not None:
            self._task.cancel()
        if self._progress is not None:
            self._progress.setLabelText("Stopping after this photo…")

    def _advance(self, done: int, total: int) -> None:
        progress = self._progress
        if progress is None or self._task is None or self._task.cancelled():
            return
        if progress.maximum() != total:
            progress.setMaximum(total)
        progress.setLabelText(f"Lined up {done:,} of {total:,} photos")
        progress.setValue(done)

    def _done(self, photo_id: int, report: PoseReport) -> None:
        self._end()
        self._show_status(report_text(report, self._describe(photo_id)))
        self.finished.emit(report.pose)

    def _failed(self, error: UserError) -> None:
        self._end()
        dialogs.show_error(self._window, "The reference was not changed", str(error))

    def _end(self) -> None:
        if self._task is None:
            return
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        self._task = None
