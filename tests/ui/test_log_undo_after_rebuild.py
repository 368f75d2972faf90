"""Moving an exercise rebuilds the Log's cards; Ctrl+Z afterwards must not reach into the
old ones (it raised "Internal C++ object (SetTableModel) already deleted")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backtracker.services import first_run
from backtracker.storage.models import SetEntry


def test_ctrl_z_after_moving_an_exercise_changes_nothing_and_raises_nothing(window, qtbot):
    window.tabs.setCurrentWidget(window.log_page)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    log = window.log
    log.start_workout(first_run.beginner_routine_id())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    card = log.editor.cards[0]
    for text in ("40", "10"):  # weight, Enter, reps, Enter: the first set is done
        for char in text:
            qtbot.keyClicks(QApplication.focusWidget(), char)
            qtbot.wait(40)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.wait(150)
    assert SetEntry.select().where(SetEntry.completed == True).count() == 1  # noqa: E712
    first = card.link.id
    log.editor.move_exercise(first, 1)  # what the card's "Move down" asks for
    qtbot.wait(200)
    assert log.editor.cards[1].link.id == first
    log.editor.cards[0].table.setFocus()
    qtbot.wait(100)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(200)
    assert SetEntry.select().where(SetEntry.completed == True).count() == 1  # noqa: E712
    assert log.editor.cards[1].model.set_at(0).completed
