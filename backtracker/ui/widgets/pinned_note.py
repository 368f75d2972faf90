"""An exercise's pinned note, shown with a pin and edited in place.

The Log's exercise cards show it every time the exercise is logged; the Library's exercise
detail shows and edits it too. Click it, or press Enter (or Space, F2) on it, to edit;
Enter saves, Esc cancels, and saving an empty note unpins it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.errors import UserError
from backtracker.services import pinned_notes
from backtracker.ui.icons import icon
from backtracker.ui.theme import theme

_EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_F2)


class _NoteLabel(QLabel):
    """The note as read: focusable, and a click or Enter starts editing it."""

    activated = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _EDIT_KEYS and not event.modifiers():
            self.activated.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()


class _NoteEdit(QLineEdit):
    """The note being edited: Esc cancels (Enter and leaving the field save)."""

    cancelled = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class PinnedNote(QWidget):
    """One exercise's pinned note; `changed` carries the exercise id after a save."""

    changed = Signal(int)
    finished = Signal()  # editing ended (saved or cancelled); the focus is on the note

    def __init__(
        self, *, hide_when_empty: bool, placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.exercise_id: int | None = None
        self.exercise_name = ""
        self.note = ""
        self._hide_when_empty = hide_when_empty
        self._placeholder = placeholder
        self._editing = False

        self.pin = QToolButton()
        self.pin.setIcon(icon("pin", accent="star"))
        self.pin.setAutoRaise(True)
        self.pin.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pin.setToolTip("Pinned note: edit it")
        self.pin.setAccessibleName("Edit the pinned note")
        self.pin.clicked.connect(self.start_editing)
        self.label = _NoteLabel()
        self.label.activated.connect(self.start_editing)
        self.editor = _NoteEdit()
        self.editor.setMaxLength(pinned_notes.MAX_LENGTH + 50)  # the service says why
        self.editor.setPlaceholderText("e.g. seat at 4, grip just outside shoulders")
        self.editor.setClearButtonEnabled(True)
        self.editor.returnPressed.connect(self.save)
        self.editor.editingFinished.connect(self._left_editor)
        self.editor.cancelled.connect(self.cancel)
        self.editor.hide()  # the note is read, or edited in its place
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.pin)
        row.addWidget(self.label, 1)
        row.addWidget(self.editor, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)
        theme().changed.connect(self._restyle)
        self._show_note()

    # -- what is shown -------------------------------------------------------------------
    def set_exercise(self, exercise_id: int, name: str, note: str | None = None) -> None:
        """Show this exercise's note (read from the database unless given)."""
        self.exercise_id = exercise_id
        self.exercise_name = name
        self.note = pinned_notes.note_of(exercise_id) if note is None else note
        self._editing = False
        self._show_note()

    def reload_for(self, exercise_id: int) -> None:
        """The note of `exercise_id` was saved elsewhere: show it if it is this one."""
        if exercise_id == self.exercise_id and not self._editing:
            self.note = pinned_notes.note_of(exercise_id)
            self._show_note()

    def _show_note(self) -> None:
        self.label.setText(self.note or self._placeholder)
        name = f" for {self.exercise_name}" if self.exercise_name else ""
        self.label.setAccessibleName(f"Pinned note{name}")
        self.label.setToolTip(
            "Shown every time you log this exercise. Click or press Enter to edit it; "
            "an empty note unpins it."
        )
        self.editor.setAccessibleName(f"Edit the pinned note{name}")
        self.editor.hide()
        self.label.show()
        self.setVisible(bool(self.note) or not self._hide_when_empty)
        self._restyle()

    def _restyle(self) -> None:
        colors = theme().colors
        if self.note:
            self.label.setStyleSheet(f"QLabel {{ color: {colors.text}; font-weight: 600; }}")
        else:
            self.label.setStyleSheet(f"QLabel {{ color: {colors.muted_text}; }}")
        self.error.setStyleSheet(f"color: {colors.error}; font-weight: 600;")

    # -- editing -------------------------------------------------------------------------
    @property
    def editing(self) -> bool:
        return self._editing

    def start_editing(self) -> None:
        if self.exercise_id is None:
            return
        self._editing = True
        self.error.hide()
        self.setVisible(True)
        self.editor.setText(self.note)
        self.label.hide()
        self.editor.show()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.editor.selectAll()

    def save(self, *, keep_focus: bool = True) -> bool:
        """Save what is typed; True when saved (or nothing changed). `keep_focus`: the
        keyboard stays here (Enter), not when the person moved elsewhere."""
        if not self._editing or self.exercise_id is None:
            return False
        try:
            saved = pinned_notes.pin(self.exercise_id, self.editor.text())
        except UserError as error:  # too long; or the exercise was deleted meanwhile
            self.error.setText(str(error))
            self.error.show()
            return False
        self._editing = False
        self.error.hide()
        was = self.note
        self.note = saved
        self._show_note()
        if saved != was:
            self.changed.emit(self.exercise_id)
        if keep_focus:
            self._done()
        return True

    def cancel(self) -> None:
        self._editing = False
        self.error.hide()
        self._show_note()
        self._done()

    def _done(self) -> None:
        if self.isVisible():
            self.label.setFocus(Qt.FocusReason.OtherFocusReason)
        self.finished.emit()

    def _left_editor(self) -> None:
        """Leaving the field saves, as every other field of the Log does."""
        if self._editing and not self.editor.hasFocus():
            self.save(keep_focus=False)
