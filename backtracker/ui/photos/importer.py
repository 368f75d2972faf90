"""Importing photos in the background, with a cancellable progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from backtracker.domain.errors import UserError
from backtracker.services import photos
from backtracker.services.photos import IngestReport
from backtracker.ui import dialogs
from backtracker.ui.tasks import Task, call_on_gui_thread, run_task

PROGRESS_DELAY_MS = 300  # quicker imports finish without a dialog flashing up


def _ingest(
    paths: list[Path],
    photos_dir: Path,
    thumbs_dir: Path,
    *,
    pose: str,
    progress: Callable[[int, int, Path], None],
    cancelled: Callable[[], bool],
) -> IngestReport:
    """The worker's part: ingest finds the photos in folders and takes them one by one. They
    are lined up afterwards, in the background (ui/photos/catch_up.py), so the import's
    progress ends when the files are in."""
    return photos.ingest(
        paths,
        photos_dir,
        thumbs_dir,
        pose=pose,
        progress=progress,
        cancelled=cancelled,
        align=False,
    )


class PhotoImporter(QObject):
    """Runs one import at a time; `finished` carries the report (also after a cancel)."""

    finished = Signal(object)  # IngestReport
    running_changed = Signal(bool)

    def __init__(self, photos_dir: Path, thumbs_dir: Path, window: QWidget) -> None:
        super().__init__(window)
        self.photos_dir = photos_dir
        self.thumbs_dir = thumbs_dir
        self._window = window
        self._task: Task | None = None
        self._progress: QProgressDialog | None = None

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self, paths: list[Path], pose: str) -> bool:
        """Import `paths` (files and folders) as `pose`; False while another import runs."""
        if self._task is not None:
            return False
        progress = QProgressDialog("Looking for photos…", "Cancel", 0, 0, self._window)
        progress.setWindowTitle("Importing photos")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(PROGRESS_DELAY_MS)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumWidth(420)
        self._progress = progress
        task = Task("import photos")
        self._task = task
        progress.canceled.connect(self.cancel)
        self.running_changed.emit(True)
        run_task(
            partial(
                _ingest,
                pose=pose,
                progress=call_on_gui_thread(self._advance),
                cancelled=task.cancelled,
            ),
            list(paths),
            self.photos_dir,
            self.thumbs_dir,
            on_done=self._done,
            on_error=self._failed,
            on_finished=self._end,
            context=self,
            uses_database=True,
            task=task,
        )
        return True

    def cancel(self) -> None:
        """Stop after the photo being imported now; the ones done are kept."""
        if self._task is not None:
            self._task.cancel()
        if self._progress is not None:
            self._progress.setLabelText("Stopping after this photo…")

    def _advance(self, done: int, total: int, current: Path) -> None:
        progress = self._progress
        if progress is None or self._task is None or self._task.cancelled():
            return
        if progress.maximum() != total:
            progress.setMaximum(total)
        progress.setLabelText(f"Imported {done:,} of {total:,}\n{current.name}")
        progress.setValue(done)

    def _done(self, report: IngestReport) -> None:
        self._end()  # the progress dialog goes before the summary comes
        self.finished.emit(report)

    def _failed(self, error: UserError) -> None:
        self._end()
        dialogs.show_error(self._window, "Import stopped", str(error))

    def _end(self) -> None:
        if self._task is None:
            return
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        self._task = None
        self.running_changed.emit(False)
