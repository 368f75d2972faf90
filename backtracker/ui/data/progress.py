"""Long data work in the background, with a progress dialog that can stop it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

from backtracker.domain.errors import UserError
from backtracker.ui import dialogs
from backtracker.ui.tasks import Task, call_on_gui_thread, run_task

T = TypeVar("T")

PROGRESS_DELAY_MS = 300  # quicker work finishes without a dialog flashing up
STEPS = 200  # progress reports posted to the GUI thread per job, at most

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class Stopped:
    """What a job returns when the person cancelled it (the service rolled back)."""


STOPPED = Stopped()


def throttled(post: Progress) -> Progress:
    """Forward (done, total) only when the shown fraction moves: 100,000 rows, 200 updates."""
    last = -1

    def report(done: int, total: int) -> None:
        nonlocal last
        step = done * STEPS // total if total > 0 else 0
        if step != last or done >= total:
            last = step
            post(done, total)

    return report


class JobProgressDialog(QProgressDialog):
    """A progress dialog that cannot be dismissed while its job must not be interrupted."""

    def __init__(self, label: str, title: str, cancellable: bool, parent: QWidget) -> None:
        super().__init__(label, "Cancel", 0, 0, parent)
        self.cancellable = cancellable
        self.setWindowTitle(title)
        self.setMinimumDuration(PROGRESS_DELAY_MS)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        if not cancellable:
            self.setCancelButton(None)  # type: ignore[arg-type]

    def reject(self) -> None:
        if self.cancellable:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.cancellable:
            super().closeEvent(event)
        else:
            event.ignore()


def run_with_progress(
    parent: QWidget,
    work: Callable[[Progress, Cancelled], T],
    *,
    title: str,
    label: str,
    on_done: Callable[[T], None],
    on_error: Callable[[UserError], None] | None = None,
    on_stopped: Callable[[], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    cancellable: bool = True,
    uses_database: bool = True,
    application_modal: bool = False,
    stopping_text: str = "Stopping…",
    context: QObject | None = None,
) -> Task:
    """Run `work(progress, cancelled)` off the GUI thread behind a progress dialog.

    `work` returns its result, or `STOPPED` when it honoured a cancel. A `UserError` goes to
    `on_error` (by default an error box titled `title`); a bug is reported by `run_task`.
    `context`: when it is deleted before the work ends, no callback runs (see `run_task`).
    """
    dialog = JobProgressDialog(label, title, cancellable, parent)
    dialog.setWindowModality(
        Qt.WindowModality.ApplicationModal if application_modal else Qt.WindowModality.WindowModal
    )
    if application_modal:
        dialog.setMinimumDuration(0)
        dialog.show()  # block input from the start, not only once the delay has passed
    task = Task(title)
    closed = False

    def advance(done: int, total: int) -> None:
        if closed or task.cancelled():
            return
        if dialog.maximum() != total:
            dialog.setMaximum(max(total, 0))
        dialog.setValue(max(0, min(done, total)))

    def cancel() -> None:
        task.cancel()
        dialog.setLabelText(stopping_text)

    def close_dialog() -> None:
        nonlocal closed
        if closed:
            return
        closed = True
        if shiboken6.isValid(dialog):
            dialog.canceled.disconnect(cancel)
            dialog.cancellable = True  # the job is over: the dialog may go
            dialog.close()
            dialog.deleteLater()

    def done(result: Any) -> None:
        close_dialog()  # the progress goes before any summary comes
        if isinstance(result, Stopped):
            if on_stopped is not None:
                on_stopped()
        else:
            on_done(result)

    def failed(error: UserError) -> None:
        close_dialog()
        if on_error is not None:
            on_error(error)
        else:
            dialogs.show_error(parent, title, str(error))

    def finished() -> None:
        close_dialog()  # also after a bug, when neither callback ran
        if on_finished is not None:
            on_finished()

    dialog.canceled.connect(cancel)
    post = throttled(call_on_gui_thread(advance))
    return run_task(
        lambda: work(post, task.cancelled),
        on_done=done,
        on_error=failed,
        on_finished=finished,
        context=context,
        uses_database=uses_database,
        task=task,
    )
