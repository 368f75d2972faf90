"""A pinned note per exercise: written on the Log card (keys or a click) or in the Library,
shown every time the exercise is logged, in the next workout and after a restart, until it
is edited; an empty note unpins it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backtracker.services import pinned_notes
from backtracker.storage.models import Exercise
from backtracker.ui.log.finish_summary import FinishSummaryDialog
from tests.ui.conftest import show_active
from tests.ui.test_log_tab import pick_when_open, type_into_cell

NOTE = "seat at 4, grip just outside shoulders"


def row_note() -> str:
    return Exercise.get(Exercise.catalogue_key == "dumbbell-row").pinned_note


def start_with_row(window, qtbot):
    window.tabs.setCurrentWidget(window.log_page)
    pick_when_open(qtbot, "dumbbell row")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)
    # The offscreen platform does not hand activation back after the picker closes.
    show_active(qtbot, window)
    return window.log.editor.cards[-1]


def finish(window, qtbot) -> None:
    """Log one set, finish the workout and close its summary, as a person would."""
    card = window.log.editor.cards[0]
    type_into_cell(qtbot, card.table, "14")
    type_into_cell(qtbot, card.table, "10")
    qtbot.wait(300)
    qtbot.keyClick(card.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(isinstance(w, FinishSummaryDialog) for w in visible()))
    summary = next(w for w in visible() if isinstance(w, FinishSummaryDialog))
    qtbot.keyClick(summary, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not summary.isVisible())
    show_active(qtbot, window)


def visible():
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


@pytest.fixture
def card(window, qtbot):
    return start_with_row(window, qtbot)


def test_pin_a_note_from_the_keyboard_and_see_it_next_time_and_after_a_restart(
    window, card, qtbot, seeded
):
    assert not card.pinned_note.isVisible()  # nothing pinned yet: no empty line either
    # Ctrl+Shift+P on the card (the typing is in its sets) opens the note for writing.
    qtbot.keyClick(
        card.table,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(card.pinned_note.editor.hasFocus)
    qtbot.keyClicks(card.pinned_note.editor, "  seat at 4,   grip just outside shoulders ")
    qtbot.wait(300)
    qtbot.keyClick(card.pinned_note.editor, Qt.Key.Key_Return)
    assert row_note() == NOTE  # one line, spaces tidied
    assert card.pinned_note.isVisible() and card.pinned_note.label.text() == NOTE
    assert window.statusBar().currentMessage() == "Pinned a note to Dumbbell Row."

    # The next workout with the exercise shows it again.
    finish(window, qtbot)
    card = start_with_row(window, qtbot)
    assert card.pinned_note.isVisible() and card.pinned_note.label.text() == NOTE

    # And after the app is closed and started again.
    finish(window, qtbot)
    from backtracker.ui.application import ui_state
    from backtracker.ui.main_window import MainWindow

    window.close()
    again = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(again)
    show_active(qtbot, again)
    card = start_with_row(again, qtbot)
    assert card.pinned_note.isVisible() and card.pinned_note.label.text() == NOTE


def test_edit_by_clicking_it_escape_keeps_it_and_empty_unpins(window, card, qtbot):
    pinned_notes.pin(card.link.exercise_id, NOTE)
    window.events.pinned_note_changed.emit(card.link.exercise_id)  # as the Library would
    assert card.pinned_note.label.text() == NOTE and card.pinned_note.isVisible()

    qtbot.mouseClick(card.pinned_note.label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(card.pinned_note.editor.hasFocus)
    assert card.pinned_note.editor.text() == NOTE
    qtbot.keyClicks(card.pinned_note.editor, "seat at 5")
    qtbot.wait(300)
    qtbot.keyClick(card.pinned_note.editor, Qt.Key.Key_Escape)  # changed my mind
    assert row_note() == NOTE and card.pinned_note.label.text() == NOTE

    card.pinned_note.label.setFocus()
    qtbot.keyClick(card.pinned_note.label, Qt.Key.Key_Return)  # Enter on it edits it too
    qtbot.waitUntil(card.pinned_note.editor.hasFocus)
    qtbot.keyClicks(card.pinned_note.editor, "seat at 5")  # the old text is selected
    qtbot.keyClick(card.pinned_note.editor, Qt.Key.Key_Return)
    assert row_note() == "seat at 5"

    qtbot.mouseClick(card.pinned_note.label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(card.pinned_note.editor.hasFocus)
    qtbot.keyClick(card.pinned_note.editor, Qt.Key.Key_Delete)  # all selected: gone
    qtbot.keyClick(card.pinned_note.editor, Qt.Key.Key_Return)
    assert row_note() == ""
    assert not card.pinned_note.isVisible()
    assert window.statusBar().currentMessage() == "Unpinned the note of Dumbbell Row."


def test_the_card_menu_pins_a_note_and_a_note_too_long_is_refused(window, card, qtbot):
    action = next(a for a in card.menu_button.menu().actions() if a.text() == "Pin a note…")
    action.trigger()  # the ⋯ menu's item (Space on the button opens the menu)
    qtbot.waitUntil(card.pinned_note.editor.hasFocus)
    card.pinned_note.editor.setText("x" * 320)
    qtbot.keyClick(card.pinned_note.editor, Qt.Key.Key_Return)
    assert row_note() == ""  # nothing written
    assert card.pinned_note.error.isVisible()
    assert "at most 300 characters; this one has 320" in card.pinned_note.error.text()
    assert card.pinned_note.editing


def test_the_library_shows_and_edits_the_note_and_the_log_card_follows(window, card, qtbot):
    window.tabs.setCurrentWidget(window.library)
    window.library.select_exercise(card.link.exercise_id)
    detail = window.library.exercise_detail.pinned_note
    qtbot.waitUntil(lambda: detail.exercise_id == card.link.exercise_id)
    assert detail.isVisible() and detail.label.text() == "None: click to pin one"
    qtbot.mouseClick(detail.label, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(detail.editor.hasFocus)
    qtbot.keyClicks(detail.editor, NOTE)
    qtbot.wait(300)
    qtbot.keyClick(detail.editor, Qt.Key.Key_Return)
    assert row_note() == NOTE
    assert detail.label.text() == NOTE
    # The workout open in the Log shows it at once.
    window.tabs.setCurrentWidget(window.log_page)
    assert card.pinned_note.isVisible() and card.pinned_note.label.text() == NOTE
    # And a note written on the card shows in the Library.
    card.pinned_note.start_editing()
    card.pinned_note.editor.setText("seat at 5")
    qtbot.keyClick(card.pinned_note.editor, Qt.Key.Key_Return)
    assert detail.label.text() == "seat at 5"
