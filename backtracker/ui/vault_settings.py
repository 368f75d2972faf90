"""Preferences ▸ Photo vault: the vault's state in words, turning it on or off, changing its
passphrase, and how long the photos stay unlocked while unused.

The work is services/photo_vault.py's; this module asks for passphrases and runs each change
in the background (ui/tasks.py), behind a progress dialog that counts the files. A vault
action takes effect at once: it is not part of what the Preferences dialog's Save stores.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.errors import UserError
from backtracker.services import photo_vault, preferences
from backtracker.services.photo_vault import VaultState, WrongPassphraseError
from backtracker.ui import dialogs
from backtracker.ui.data.progress import JobProgressDialog, throttled
from backtracker.ui.tasks import call_on_gui_thread, run_task
from backtracker.ui.theme import theme
from backtracker.ui.widgets.forms import problem_label

OFF_TEXT = "Off: photos are stored as ordinary files in your data folder."
ON_TEXT = "On: photos and thumbnails are encrypted; {lock}."
INTERRUPTED_TEXT = {
    VaultState.TURNING_ON: "Turning on was interrupted: unlock Photos to finish.",
    VaultState.TURNING_OFF: "Turning off was interrupted: unlock Photos to finish.",
}
NO_RECOVERY = (
    "If you forget this passphrase, nobody can recover your photos: not you, not "
    "BackTracker, not anyone else. There is no reset and no back door."
)
UNDERSTOOD = "I understand that if I forget this passphrase my photos are lost"

PassWork = Callable[..., int]  # photo_vault.turn_on / turn_off: (passphrase, progress=) -> files


def state_text() -> str:
    """The vault's state as the group says it."""
    current = photo_vault.state()
    if current is VaultState.OFF:
        return OFF_TEXT
    if current is VaultState.ON:
        return ON_TEXT.format(lock="unlocked" if photo_vault.is_unlocked() else "locked")
    return INTERRUPTED_TEXT[current]


def _files(count: int) -> str:
    return f"{count:,} file was" if count == 1 else f"{count:,} files were"


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme().colors.muted_text};")
    return label


class _PassphraseDialog(QDialog):
    """Password fields, each with its own problem line below it. A check that takes a while
    (scrypt) runs in the background; meanwhile the dialog cannot be closed, so what it
    starts is never left half known."""

    def __init__(self, title: str, action: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.fields: dict[str, QWidget] = {}
        self.problems: dict[str, QLabel] = {}
        self.busy = False
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(10)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.status = _muted("")
        self.status.hide()
        self.buttons = QDialogButtonBox()
        self.action = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.action.setDefault(True)
        # Enter goes on, also after a refusal: Cancel took the default while the check
        # disabled everything and focus passed through it.
        self.cancel.setAutoDefault(False)
        self.action.clicked.connect(self._go)
        self.cancel.clicked.connect(self.reject)

    def _finish_layout(self) -> None:
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.buttons)

    def _with_problem(self, key: str, field: QWidget, accessible: str) -> QWidget:
        """`field` with a hidden problem line under it."""
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        problem = problem_label(f"Problem with {accessible}")
        column.addWidget(problem)
        self.fields[key] = field
        self.problems[key] = problem
        return cell

    def _password(self, key: str, label: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(accessible)
        caption = QLabel(label)
        caption.setBuddy(edit)
        self.form.addRow(caption, self._with_problem(key, edit, accessible))
        return edit

    def show_problem(self, key: str, message: str) -> None:
        """Say what is wrong under the field it is about, and put the cursor there."""
        self.clear_problems()
        problem = self.problems.get(key) or next(iter(self.problems.values()))
        problem.setText(message)
        problem.show()
        field = self.fields.get(key)
        if field is not None:
            field.setFocus()
            if isinstance(field, QLineEdit):
                field.selectAll()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def clear_problems(self) -> None:
        for problem in self.problems.values():
            problem.hide()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        for field in self.fields.values():
            field.setEnabled(not busy)
        self.action.setEnabled(not busy)
        self.cancel.setEnabled(not busy)
        self.status.setText(text)
        self.status.setVisible(busy)
        if not busy:
            self.action.setDefault(True)

    def _run_check(
        self, fn: Callable[..., None], *args: str, text: str, on_wrong: str = "passphrase"
    ) -> None:
        """Run `fn(*args)` in the background; accept when it passes, or show its problem
        (a wrong passphrase under the field `on_wrong`)."""
        self.clear_problems()
        self._set_busy(True, text)

        def passed(_: None) -> None:
            self._set_busy(False)
            self.accept()

        def refused(error: UserError) -> None:
            self._set_busy(False)
            key = on_wrong if isinstance(error, WrongPassphraseError) else error.field
            self.show_problem(key or on_wrong, str(error))

        run_task(
            fn,
            *args,
            on_done=passed,
            on_error=refused,
            on_finished=lambda: self._set_busy(False) if self.busy else None,
            context=self,
            uses_database=True,
        )

    def _go(self) -> None:
        raise NotImplementedError

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
        else:
            super().closeEvent(event)


class TurnOnDialog(_PassphraseDialog):
    """Says that a forgotten passphrase loses the photos, then takes a new one twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Turn on the photo vault", "Turn &on", parent)
        self.passphrase = ""
        warning = QLabel(NO_RECOVERY)
        warning.setWordWrap(True)
        warning.setAccessibleName("Warning")
        warning.setStyleSheet(f"color: {theme().colors.error}; font-weight: 600;")
        self.layout_.addWidget(warning)
        self.layout_.addWidget(
            _muted(
                "Your photos and their thumbnails will be encrypted in your data folder. You "
                "type the passphrase to see them; the rest of BackTracker works without it. "
                "Write it down somewhere safe."
            )
        )
        self.new = self._password("passphrase", "&Passphrase", "Passphrase")
        self.repeat = self._password("repeat", "&Repeat it", "Passphrase again")
        self.understood = QCheckBox(UNDERSTOOD.replace("I understand", "I &understand"))
        self.understood.setAccessibleName(UNDERSTOOD)
        self.form.addRow("", self._with_problem("understood", self.understood, "the checkbox"))
        self._finish_layout()
        self.new.setFocus()

    def _go(self) -> None:
        self.clear_problems()
        try:
            photo_vault.validate_new_passphrase(self.new.text(), self.repeat.text())
        except UserError as error:
            self.show_problem(error.field or "passphrase", str(error))
            return
        if not self.understood.isChecked():
            self.show_problem(
                "understood",
                "Tick this box to confirm that a forgotten passphrase cannot be recovered.",
            )
            return
        self.passphrase = self.new.text()
        self.accept()


class TurnOffDialog(_PassphraseDialog):
    """Checks the passphrase (in the background) before the photos are decrypted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Turn off the photo vault", "Turn o&ff", parent)
        self.passphrase = ""
        said = QLabel(
            "Your photos and thumbnails will be stored unencrypted again, as ordinary files "
            "in your data folder: anyone who can open that folder can see them."
        )
        said.setWordWrap(True)
        self.layout_.addWidget(said)
        self.current = self._password("passphrase", "&Passphrase", "Passphrase")
        self._finish_layout()
        self.current.setFocus()

    def _go(self) -> None:
        self.clear_problems()
        if not self.current.text():
            self.show_problem("passphrase", "Type your passphrase.")
            return
        self.passphrase = self.current.text()
        self._run_check(
            photo_vault.check_passphrase, self.passphrase, text="Checking the passphrase…"
        )


class ChangePassphraseDialog(_PassphraseDialog):
    """The old passphrase and a new one twice; the data key is wrapped again (no photo is
    rewritten)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Change the photo vault's passphrase", "Chan&ge", parent)
        self.old = self._password("old", "&Current passphrase", "Current passphrase")
        self.new = self._password("passphrase", "&New passphrase", "New passphrase")
        self.repeat = self._password("repeat", "&Repeat it", "New passphrase again")
        self._finish_layout()
        self.layout_.insertWidget(1, _muted(NO_RECOVERY.replace("this", "the new", 1)))
        self.old.setFocus()

    def _go(self) -> None:
        self.clear_problems()
        if not self.old.text():
            self.show_problem("old", "Type your current passphrase.")
            return
        try:
            photo_vault.validate_new_passphrase(self.new.text(), self.repeat.text())
        except UserError as error:
            self.show_problem(error.field or "passphrase", str(error))
            return
        self._run_check(
            photo_vault.change_passphrase,
            self.old.text(),
            self.new.text(),
            text="Changing the passphrase…",
            on_wrong="old",
        )


class VaultSettingsGroup(QGroupBox):
    """The Photo vault group: its state, its three actions and the idle lock's minutes."""

    vault_changed = Signal()  # the vault was turned on or off, or its key changed

    def __init__(self, idle_minutes: int, parent: QWidget | None = None) -> None:
        super().__init__("Photo vault", parent)
        self.dialog: _PassphraseDialog | None = None  # the one open now
        self.progress: JobProgressDialog | None = None  # while a pass runs
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setAccessibleName("Photo vault state")
        self.state_label.setStyleSheet("font-weight: 600;")
        self.turn_on_button = QPushButton("Turn &on…")
        self.turn_off_button = QPushButton("Tur&n off…")
        self.change_button = QPushButton("Change passphr&ase…")
        self.turn_on_button.clicked.connect(self.start_turn_on)
        self.turn_off_button.clicked.connect(self.start_turn_off)
        self.change_button.clicked.connect(self.start_change)
        buttons = QHBoxLayout()
        for button in (self.turn_on_button, self.turn_off_button, self.change_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        low, high = preferences.VAULT_IDLE_MINUTES
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(low, high)
        self.idle_minutes.setValue(min(max(idle_minutes, low), high))
        self.idle_minutes.setSuffix(" min")
        self.idle_minutes.setMinimumWidth(90)
        self.idle_minutes.setAccessibleName("Lock photos after this many minutes of inactivity")
        idle_label = QLabel("Lock photos aft&er")
        idle_label.setBuddy(self.idle_minutes)
        idle_row = QHBoxLayout()
        idle_row.addWidget(idle_label)
        idle_row.addWidget(self.idle_minutes)
        idle_row.addWidget(QLabel("of inactivity"))
        idle_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.state_label)
        layout.addLayout(buttons)
        layout.addWidget(
            _muted(
                "Encrypts your photos and their thumbnails with a passphrase. Turning it on "
                "or off and changing the passphrase take effect at once; Save and Cancel below "
                "do not undo them. Nobody can open the photos without the passphrase."
            )
        )
        layout.addLayout(idle_row)
        layout.addWidget(_muted("The lock time is kept when you press Save."))
        self.refresh()

    def refresh(self) -> None:
        """Say the vault's state and offer what can be done from it."""
        try:
            current = photo_vault.state()
            text = state_text()
        except UserError as error:  # a damaged record: nothing here can help
            self.state_label.setText(str(error))
            for button in (self.turn_on_button, self.turn_off_button, self.change_button):
                button.hide()
            return
        self.state_label.setText(text)
        off = current is VaultState.OFF
        self.turn_on_button.setVisible(off)
        self.turn_off_button.setVisible(not off)
        self.change_button.setVisible(not off)
        running = self.progress is not None
        for button in (self.turn_on_button, self.turn_off_button, self.change_button):
            button.setEnabled(not running)

    # --- the three actions --------------------------------------------------------------

    def start_turn_on(self) -> None:
        dialog = TurnOnDialog(self.window())
        self._open(dialog, lambda: self._run_pass(photo_vault.turn_on, dialog.passphrase))

    def start_turn_off(self) -> None:
        dialog = TurnOffDialog(self.window())
        self._open(dialog, lambda: self._run_pass(photo_vault.turn_off, dialog.passphrase))

    def start_change(self) -> None:
        self._open(ChangePassphraseDialog(self.window()), self._changed)

    def _open(self, dialog: _PassphraseDialog, on_accepted: Callable[[], None]) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
        self.dialog = dialog
        dialog.accepted.connect(on_accepted)
        dialog.finished.connect(lambda _: self._closed(dialog))
        dialog.open()  # window-modal; the GUI goes on

    def _closed(self, dialog: _PassphraseDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _changed(self) -> None:
        self.vault_changed.emit()
        self.refresh()
        dialogs.show_info(
            self.window(),
            "Passphrase changed",
            "Your passphrase was changed; the old one no longer opens your photos. No photo "
            "was rewritten.",
        )

    # --- the pass over every file, in the background -------------------------------------

    def _run_pass(self, work: PassWork, passphrase: str) -> None:
        sealing = work is photo_vault.turn_on
        title = "Turning on the photo vault" if sealing else "Turning off the photo vault"
        verb = "Encrypted" if sealing else "Decrypted"
        first = "Making the key…" if sealing else "Checking the passphrase…"
        progress = JobProgressDialog(first, title, False, self.window())
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.setMinimumDuration(0)
        progress.show()  # shown at once: nothing else may start meanwhile
        self.progress = progress
        self.refresh()

        def advance(done: int, total: int) -> None:
            if self.progress is not progress:
                return
            if progress.maximum() != total:
                progress.setMaximum(total)
            # The label before the value: a modal dialog's setValue handles the reports
            # queued behind this one, so whatever is set after it would overwrite theirs.
            progress.setLabelText(f"{verb} {done:,} of {total:,} files…")
            progress.setValue(done)

        def done(count: int) -> None:
            end()
            if sealing:
                title_, text = (
                    "Photo vault on",
                    f"Your photos are encrypted: {_files(count)} encrypted (photos and "
                    "their thumbnails). Keep your passphrase safe; without it they cannot be "
                    "opened.",
                )
            else:
                title_, text = (
                    "Photo vault off",
                    f"{_files(count).capitalize()} decrypted; your photos are stored as "
                    "ordinary files in your data folder again.",
                )
            dialogs.show_info(self.window(), title_, text)

        def failed(error: UserError) -> None:
            end()
            dialogs.show_error(self.window(), title, str(error))

        def end() -> None:
            if self.progress is not progress:
                return
            self.progress = None
            progress.cancellable = True  # the pass is over: the dialog may go
            progress.close()
            progress.deleteLater()
            self.vault_changed.emit()  # also after a failure: the state may have moved
            self.refresh()

        run_task(
            partial(work, passphrase, progress=throttled(call_on_gui_thread(advance))),
            on_done=done,
            on_error=failed,
            on_finished=end,
            context=self,
            uses_database=True,
        )


def vault_page(group: VaultSettingsGroup) -> QWidget:
    """The Preferences page that holds the group."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setSpacing(12)
    layout.addWidget(group)
    layout.addStretch(1)
    return page
