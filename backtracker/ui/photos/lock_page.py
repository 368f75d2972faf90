"""The Photos tab while the photo vault is locked: a page asking for the passphrase.

`PhotosLock` stacks the page over the tab's content and decides which one shows: the page
whenever `photo_vault.needs_passphrase()` (the vault is on, or a pass was cut short, and
the key is not in memory). While locked the tab shows nothing of the photos, no thumbnail,
file name or count, and holds none of them in memory: locking drops every decoded photo
(the thumbnail and tile caches, the details preview, compare mode's photos, any photo window
and timelapse preview). Unlocking runs in the background (scrypt takes a moment); a pass
that was cut short is finished right after, with its progress on the page. Whoever locks or
unlocks emits `DataEvents.photo_vault_changed`, and the tab follows it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.errors import UserError
from backtracker.services import photo_vault
from backtracker.services.photo_vault import VaultState, WrongPassphraseError
from backtracker.services.preferences import Preferences
from backtracker.ui import dialogs
from backtracker.ui.icons import icon
from backtracker.ui.photos import catch_up as alignment_catch_up
from backtracker.ui.photos import tiles
from backtracker.ui.photos.idle_lock import idle_minutes
from backtracker.ui.photos.timelapse_dialog import TimelapseDialog
from backtracker.ui.photos.viewer import PhotoViewer
from backtracker.ui.tasks import call_on_gui_thread, run_task
from backtracker.ui.theme import theme
from backtracker.ui.widgets.headings import heading

if TYPE_CHECKING:
    from backtracker.ui.photos.tab import PhotosTab

TITLE = "Your photos are locked"
WRONG_PASSPHRASE = "That passphrase does not open your photo vault."
EMPTY_PASSPHRASE = "Type your passphrase, then press Enter."
COLUMN_WIDTH = 500
PADLOCK = 56


def progress_text(pending: VaultState, done: int, total: int) -> str:
    work = "encryption" if pending is VaultState.TURNING_ON else "decryption"
    return f"Finishing {work}: {done:,} of {total:,} files"


def finished_text(pending: VaultState, changed: int) -> str:
    files = "file" if changed == 1 else "files"
    if pending is VaultState.TURNING_ON:
        return f"The photo vault is on: the last {changed:,} {files} were encrypted."
    return f"The photo vault is off: the last {changed:,} {files} were decrypted."


class Padlock(QWidget):
    """The padlock above the title, painted in the accent colour of the current theme."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(QSize(PADLOCK, PADLOCK))
        self._icon = icon("lock", accent="accent")

    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        painter = QPainter(self)
        self._icon.paint(painter, self.rect())
        painter.end()


class LockPage(QWidget):
    """The padlock, the title, the passphrase field and Unlock; no trace of a photo."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PhotosLockPage")
        title = heading(TITLE)
        title.setAccessibleName(TITLE)
        text = QLabel("Type your passphrase to see your progress photos.")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pending_label = QLabel()
        self.pending_label.setWordWrap(True)
        self.pending_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pending_label.setAccessibleName("Unfinished change")
        self.pending_label.hide()
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText("Passphrase")
        self.field.setAccessibleName("Passphrase")
        self.field.setMinimumWidth(240)
        self.field.returnPressed.connect(self._submit)
        self.field.textEdited.connect(self._typing)
        self.unlock_button = QPushButton(icon("lock"), "&Unlock")
        self.unlock_button.setToolTip("Unlock your photos (Enter)")
        self.unlock_button.clicked.connect(self._submit)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem.setAccessibleName("Problem")
        self.problem.hide()
        self.progress = QLabel()
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.footer = QLabel()
        self.footer.setWordWrap(True)
        self.footer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.footer.setEnabled(False)

        row = QHBoxLayout()
        row.addWidget(self.field, 1)
        row.addWidget(self.unlock_button)
        column = QWidget()
        column.setMaximumWidth(COLUMN_WIDTH)
        column_layout = QVBoxLayout(column)
        column_layout.addWidget(Padlock(), 0, Qt.AlignmentFlag.AlignHCenter)
        column_layout.addSpacing(4)
        column_layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        column_layout.addSpacing(8)
        column_layout.addWidget(text)
        column_layout.addWidget(self.pending_label)
        column_layout.addSpacing(12)
        column_layout.addLayout(row)
        column_layout.addWidget(self.problem)
        column_layout.addWidget(self.progress)
        column_layout.addSpacing(16)
        column_layout.addWidget(self.footer)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(column, 3)
        centre.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(centre)
        layout.addStretch(2)
        self._style()
        theme().changed.connect(self._style)

    def _style(self) -> None:
        colors = theme().colors
        self.problem.setStyleSheet(f"color: {colors.error}; font-weight: 600;")
        self.pending_label.setStyleSheet(f"color: {colors.text}; font-weight: 600;")

    # -- what it says ----------------------------------------------------------------------
    def show_state(self, pending: VaultState | None, problem: str, minutes: int) -> None:
        """The unfinished pass (if any), a problem with the vault's record, the idle time."""
        self.pending_label.setText(
            f"Turning the photo vault {'on' if pending is VaultState.TURNING_ON else 'off'} "
            "was interrupted; unlock to finish it."
            if pending is not None
            else ""
        )
        self.pending_label.setVisible(pending is not None)
        if problem:
            self.show_problem(problem)
        self.footer.setText(
            f"Photos lock again after {minutes} minute{'' if minutes == 1 else 's'} without "
            "use, or with Ctrl+L. The rest of BackTracker works while they are locked."
        )

    def clear(self) -> None:
        """A fresh page: no passphrase, no message, ready to type."""
        self.field.clear()
        self.field.setReadOnly(False)
        self.unlock_button.setEnabled(True)
        self.problem.hide()
        self.progress.hide()

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_working(self, text: str) -> None:
        """Unlocking or finishing a pass: the field keeps its text, Unlock waits."""
        self.field.setReadOnly(True)
        self.unlock_button.setEnabled(False)
        self.problem.hide()
        self.progress.setText(text)
        self.progress.show()

    def set_ready(self) -> None:
        self.field.setReadOnly(False)
        self.unlock_button.setEnabled(True)
        self.progress.hide()

    def show_wrong(self) -> None:
        """Wrong passphrase: say so, and select it for retyping."""
        self.show_problem(WRONG_PASSPHRASE)
        self.field.selectAll()

    def show_problem(self, text: str) -> None:
        self.set_ready()
        self.problem.setText(text)
        self.problem.show()
        if self.isVisible():
            self.focus_field()

    def _typing(self) -> None:
        self.problem.hide()

    def _submit(self) -> None:
        if self.field.isReadOnly():
            return  # already unlocking
        passphrase = self.field.text()
        if not passphrase:
            self.show_problem(EMPTY_PASSPHRASE)
            return
        self.unlock_requested.emit(passphrase)


class PhotosLock(QObject):
    """Shows the lock page or the tab's content, locks (forgetting every decoded photo)
    and unlocks (finishing a pass that was cut short)."""

    def __init__(
        self,
        tab: PhotosTab,
        content: QWidget,
        prefs_provider: Callable[[], Preferences],
        show_status: Callable[..., None],
    ) -> None:
        super().__init__(tab)
        self._tab = tab
        self._prefs = prefs_provider
        self._show_status = show_status
        self._busy = False
        self.locked = False
        self.page = LockPage()
        self.page.unlock_requested.connect(self.unlock)
        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.page)
        tab.events.photo_vault_changed.connect(self.refresh)
        self.refresh()

    @property
    def busy(self) -> bool:
        """Unlocking or finishing a pass (the idle lock waits for it)."""
        return self._busy

    def refresh(self) -> None:
        """Show the lock page or the photos, as the vault is now."""
        if self._busy:
            return  # the unlock under way looks again when it ends
        problem = ""
        try:
            needs = photo_vault.needs_passphrase()
            pending = photo_vault.pending_pass()
        except UserError as error:  # the record is damaged: nothing can be opened
            needs, pending, problem = True, None, str(error)
        if needs:
            if not self.locked:
                self._lock_view()
            self.page.show_state(pending, problem, idle_minutes(self._prefs()))
        elif self.locked:
            self._unlocked_view()

    def refuse(self, what: str) -> bool:
        """True, saying why, when the photos are locked (`what`: "import photos")."""
        self.refresh()
        if not self.locked:
            return False
        text = f"Your photos are locked. Unlock them first to {what}."
        self.page.show_problem(text)
        self._show_status(text)
        return True

    # -- locked ----------------------------------------------------------------------------
    def _lock_view(self) -> None:
        self.locked = True
        self.forget_photos()
        self.page.clear()
        self.stack.setCurrentWidget(self.page)
        if self._tab.isVisible():
            self.page.focus_field()

    def forget_photos(self) -> None:
        """Drop every decoded photo the tab holds, and every trace of the photos shown."""
        tab = self._tab
        tab.catch_up.cancel()
        tab.thumbnails.clear()
        tiles.clear_every_cache()
        for viewer in tab.findChildren(PhotoViewer):
            viewer.forget_photo()
        tab.viewers = []
        for dialog in tab.findChildren(TimelapseDialog):
            dialog.pixmaps = []
            dialog.preview.clear()
            dialog.close()
        tab.timelapse_dialog = None
        tab.compare_page.forget_photos()
        tab.details.forget_photo()
        tab.gallery_model.set_photos([])
        tab.count_label.clear()
        tab.stack.setCurrentWidget(tab.gallery_page)  # back in the gallery once unlocked

    def _unlocked_view(self) -> None:
        self.locked = False
        self.page.clear()
        self.stack.setCurrentWidget(self.stack.widget(0))
        tab = self._tab
        tab.reload()
        if tab.isVisible():
            tab.focus_main()
            if alignment_catch_up.AUTO_START:
                tab.catch_up.start()

    # -- unlocking -------------------------------------------------------------------------
    def unlock(self, passphrase: str) -> None:
        if self._busy:
            return
        self._busy = True
        self.page.set_working("Unlocking…")
        run_task(
            photo_vault.unlock,
            passphrase,
            on_done=lambda _none: self._unlocked(),
            on_error=self._refused,
            context=self,
            uses_database=True,
        )

    def _refused(self, error: UserError) -> None:
        self._busy = False
        if isinstance(error, WrongPassphraseError):
            self.page.show_wrong()
        else:
            self.page.show_problem(str(error))
            self.refresh()  # turned off meanwhile, say

    def _unlocked(self) -> None:
        try:
            pending = photo_vault.pending_pass()
        except UserError as error:
            self._pass_failed(error)
            return
        if pending is None:
            self._show_status("Photos unlocked.")
            self._done()
            return
        self.page.set_working(progress_text(pending, 0, len(photo_vault.managed_files())))
        progress = call_on_gui_thread(partial(self._pass_progress, pending))
        run_task(
            partial(photo_vault.finish_pass, progress=progress),
            on_done=partial(self._pass_finished, pending),
            on_error=self._pass_failed,
            context=self,
            uses_database=True,
        )

    def _pass_progress(self, pending: VaultState, done: int, total: int) -> None:
        self.page.set_working(progress_text(pending, done, total))

    def _pass_finished(self, pending: VaultState, changed: int) -> None:
        self._show_status(finished_text(pending, changed))
        self._done()

    def _pass_failed(self, error: UserError) -> None:
        # The photos read in either form while the key is in memory; the next unlock tries
        # the pass again.
        self._done()
        dialogs.show_error(self._tab, "Photo vault change not finished", str(error))

    def _done(self) -> None:
        self._busy = False
        self.page.clear()
        self._tab.events.photo_vault_changed.emit()  # this tab, the menus, the idle lock
        self.refresh()  # in case nobody else is listening
