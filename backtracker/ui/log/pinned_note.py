"""The pinned note on an exercise's card in the Log: shown every time the exercise is
logged, edited in place (click it, Enter on it, the card's menu or Ctrl+Shift+P)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from backtracker.ui.widgets.pinned_note import PinnedNote

if TYPE_CHECKING:
    from backtracker.ui.log.exercise_card import ExerciseCard

PIN_NOTE_KEY = "Ctrl+Shift+P"


def pinned_note_for(card: ExerciseCard, text: str | None = None) -> PinnedNote:
    """The card's pinned-note line (hidden while there is none), its menu item and key.
    `text`: the note when already read (else it is read here)."""
    link, context = card.link, card.context
    note = PinnedNote(hide_when_empty=True, placeholder="")
    note.set_exercise(link.exercise_id, link.exercise_name, text)

    def saved(exercise_id: int) -> None:
        context.events.pinned_note_changed.emit(exercise_id)
        context.show_status(
            f"Pinned a note to {link.exercise_name}."
            if note.note
            else f"Unpinned the note of {link.exercise_name}."
        )

    note.changed.connect(saved)
    note.finished.connect(card.focus_first_open_set)  # back to the sets being logged
    context.events.pinned_note_changed.connect(note.reload_for)

    action = QAction("Pin a note…", card)
    action.setShortcut(QKeySequence(PIN_NOTE_KEY))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setToolTip("A note shown every time you log this exercise, until you edit it")
    action.triggered.connect(note.start_editing)
    card.addAction(action)
    menu = card.menu_button.menu()
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, action)
    if first is not None:
        menu.insertSeparator(first)
    return note
