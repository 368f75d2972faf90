"""Lining up, in the background, the photos that are not aligned to their pose's reference
yet: photos imported before alignment existed, or left behind by a deleted reference or a
changed pose. Runs when the Photos tab is first shown in a session and after each import
from the tab; a change of reference (which aligns the whole pose itself) stops it, and so
does the tab going away. It runs on a thread of its own at the lowest CPU priority
(`background.py`): the person scrolling the gallery meanwhile must not wait for it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QThreadPool, Signal

from backtracker.domain.errors import UserError
from backtracker.services import photo_alignment, photo_vault
from backtracker.services.photo_alignment import Outcome, PoseReport
from backtracker.ui.photos.background import ALIGNMENT_NICE, lowered, own_pool
from backtracker.ui.tasks import Task, run_task

# The Photos tab starts the run when first shown. Tests switch it off (tests/ui/conftest.py)
# so that opening the tab on a profile with photos does not align them in every test.
AUTO_START = True


def catch_up_text(reports: list[PoseReport]) -> str:
    """One sentence for the status bar; empty when nothing needed doing."""
    aligned = sum(r.count(Outcome.ALIGNED) - r.doubtful for r in reports)
    doubtful = sum(r.doubtful for r in reports)
    failed = sum(r.count(Outcome.FAILED) for r in reports)
    if not (aligned or doubtful or failed):
        return ""
    photos = "photo" if aligned == 1 else "photos"
    parts = [f"Lined up {aligned:,} {photos} with their reference photos"]
    if doubtful:
        parts.append(f"{doubtful:,} unsure (set points on them in compare mode)")
    if failed:
        parts.append(f"{failed:,} could not be aligned")
    stopped = any(r.cancelled for r in reports)
    return ", ".join(parts) + (" (stopped early)." if stopped else ".")


class AlignmentCatchUp(QObject):
    """`finished` is emitted when a run has stored anything."""

    finished = Signal()

    def __init__(self, parent: QObject, show_status: Callable[..., None]) -> None:
        super().__init__(parent)
        self._show_status = show_status
        self._task: Task | None = None
        self._started = False
        # The run under way, shared with the slot below, which must not hold `self`: when
        # the tab goes away, the run stops after the photo being aligned.
        self._running: list[Task] = []
        running = self._running
        self.destroyed.connect(lambda *_: [task.cancel() for task in running])

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self, *, again: bool = False) -> bool:
        """Start the session's run (`again`: another one, after an import); False when one
        is running, or without `again` once one has been started."""
        if self._task is not None or (self._started and not again):
            return False
        if _locked():
            return False  # every photo would fail; the Photos tab starts it once unlocked
        self._started = True
        task = Task("align photos not aligned yet")
        self._task = task
        self._running[:] = [task]
        run_task(
            lowered(partial(photo_alignment.catch_up, cancelled=task.cancelled), ALIGNMENT_NICE),
            on_done=self._done,
            on_error=self._failed,
            on_finished=self._end,
            context=self,
            pool=_alignment_pool(),
            uses_database=True,
            task=task,
        )
        return True

    def cancel(self) -> None:
        """Stop after the photo being aligned now; those done keep their alignment."""
        if self._task is not None:
            self._task.cancel()

    def _done(self, reports: list[PoseReport]) -> None:
        if _locked():  # locked while it ran: the photos left failed for that alone
            self._started = False  # so it runs again, once unlocked
            if any(r.count(Outcome.ALIGNED) for r in reports):
                self.finished.emit()
            return
        text = catch_up_text(reports)
        if text:
            self._show_status(text)
            self.finished.emit()

    def _failed(self, error: UserError) -> None:
        if _locked():
            self._started = False
            return
        self._show_status(f"Photos were not lined up: {error}")

    def _end(self) -> None:
        self._task = None
        self._running.clear()


_pool: QThreadPool | None = None


def _alignment_pool() -> QThreadPool:
    """One thread for every catch-up run, lowered for good (see background.py)."""
    global _pool  # noqa: PLW0603 - one pool for the process, made on first use
    if _pool is None:
        _pool = own_pool(1)
    return _pool


def _locked() -> bool:
    """The photo vault is on and locked (or its record is damaged): no photo can be read."""
    try:
        return photo_vault.needs_passphrase()
    except UserError:
        return True
