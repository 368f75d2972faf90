"""Records as they happen: a set heavier than ever gets a star and a status-bar line at once;
taking it back removes the star; a warm-up never gets one; a past workout opened from the
history shows the stars it earned."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QComboBox

from backtracker.storage.models import SetEntry
from tests.storage.test_progress import at, exercise_id, log
from tests.ui.test_log_tab import done_sets, editor_line, pick_when_open, type_into_cell


@pytest.fixture
def history(seeded) -> int:
    """Dumbbell Row two weeks ago 25 kg × 10; a week ago 30 kg × 8 twice (and a heavier
    warm-up, which never counts)."""
    row = exercise_id("dumbbell-row")
    log(at("2026-03-04"), {row: [(25.0, 10)]})
    log(at("2026-03-11"), {row: [(40.0, 3, "warmup"), (30.0, 8), (30.0, 8)]})
    return row


@pytest.fixture
def card(history, window, qtbot):
    window.tabs.setCurrentWidget(window.log_page)
    pick_when_open(qtbot, "dumbbell row")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)
    return window.log.editor.cards[0]


def star(card, row: int) -> QIcon | None:
    index = card.model.index(row, card.model.column_of("number"))
    return index.data(Qt.ItemDataRole.DecorationRole)


def tip(card, row: int) -> str | None:
    index = card.model.index(row, card.model.column_of("number"))
    return index.data(Qt.ItemDataRole.ToolTipRole)


def log_set(qtbot, card, weight: str, reps: str) -> None:
    type_into_cell(qtbot, card.table, weight)
    qtbot.wait(300)  # a person reads the weight before typing the reps
    type_into_cell(qtbot, card.table, reps)
    qtbot.wait(300)


def test_a_heavier_set_gets_a_star_and_the_status_bar_says_so(window, card, qtbot):
    log_set(qtbot, card, "32.5", "8")
    assert done_sets()[-1] == (32.5, 8, "normal")
    assert isinstance(star(card, 0), QIcon)
    assert tip(card, 0) == (
        "Record: heaviest 32.5 kg · best e1RM 41.17 kg · best for 8 reps 32.5 kg"
    )
    assert window.statusBar().currentMessage() == (
        "New record: Dumbbell Row heaviest 32.5 kg (+2 more)"
    )
    # The next set, pre-filled with the same 32.5 × 8, is no record: it only equals set 1.
    window.statusBar().clearMessage()
    qtbot.keyClick(editor_line(qtbot, card.table), Qt.Key.Key_Return)  # keep 32.5
    qtbot.wait(300)
    type_into_cell(qtbot, card.table, "8")
    qtbot.wait(300)
    assert card.model.set_at(1).completed
    assert star(card, 1) is None and tip(card, 1) is None
    assert window.statusBar().currentMessage() == ""

    # Ctrl+Z takes set 2 back, then set 1: its star goes with it.
    window.undo_action.trigger()
    qtbot.wait(300)
    assert isinstance(star(card, 0), QIcon)
    window.undo_action.trigger()
    qtbot.wait(300)
    assert not card.model.set_at(0).completed
    assert star(card, 0) is None and tip(card, 0) is None
    assert [s.completed for s in SetEntry.select().where(SetEntry.weight_kg == 32.5)] == [False]
    # Redo: the star is back.
    window.redo_action.trigger()
    qtbot.wait(300)
    assert isinstance(star(card, 0), QIcon)


def test_a_lighter_set_for_a_rep_count_done_before_is_a_rep_record_only(window, card, qtbot):
    log_set(qtbot, card, "27.5", "10")  # beats 25 × 10; its e1RM 36.67 kg is under 38 kg
    assert tip(card, 0) == "Record: best for 10 reps 27.5 kg"
    assert window.statusBar().currentMessage() == (
        "New record: Dumbbell Row best for 10 reps 27.5 kg"
    )


def test_a_warmup_never_gets_a_star(window, card, qtbot):
    # The person marks the first set as a warm-up, as they would: click its type.
    type_column = card.model.column_of("set_type")
    rect = card.table.visualRect(card.model.index(0, type_column))
    qtbot.mouseClick(card.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: card.table.viewport().findChild(QComboBox) is not None)
    combo = card.table.viewport().findChild(QComboBox)
    combo.setCurrentIndex(combo.findData("warmup"))
    qtbot.wait(300)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert card.model.set_at(0).set_type == "warmup"
    card.focus_set(0)
    qtbot.wait(100)
    log_set(qtbot, card, "50", "8")  # far heavier than ever: but a warm-up
    assert card.model.set_at(0).completed
    assert star(card, 0) is None
    assert "record" not in window.statusBar().currentMessage().lower()
    # The work set after it is measured against the history alone: 32.5 kg is the heaviest.
    log_set(qtbot, card, "32.5", "8")
    assert done_sets()[-2:] == [(50.0, 8, "warmup"), (32.5, 8, "normal")]
    assert star(card, 0) is None and isinstance(star(card, 1), QIcon)
    assert window.statusBar().currentMessage().startswith("New record: Dumbbell Row heaviest 32.5")


def test_stars_show_when_a_past_workout_is_opened_from_history(history, window, qtbot):
    past = log(at("2026-03-16"), {history: [(32.5, 8), (35.0, 5), (30.0, 8)]})
    log(at("2026-03-17"), {history: [(40.0, 8)]})  # later and heavier: the stars stay
    window.events.workouts_changed.emit()
    window.tabs.setCurrentWidget(window.log_page)
    panel = window.log.history
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4, timeout=3000)
    index = panel.model.index(panel.model.row_of(past))
    qtbot.mouseClick(
        panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualRect(index).center()
    )
    qtbot.wait(300)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    editor = window.log.editor
    qtbot.waitUntil(lambda: editor.workout is not None and editor.workout.id == past)
    card = editor.cards[0]
    assert [tip(card, r) for r in range(3)] == [
        "Record: heaviest 32.5 kg · best e1RM 41.17 kg · best for 8 reps 32.5 kg",
        "Record: heaviest 35 kg",  # e1RM 40.83 kg < 41.17 kg; 5 reps were never done before
        None,
    ]
    assert isinstance(star(card, 1), QIcon) and star(card, 2) is None
    assert "record" not in window.statusBar().currentMessage().lower()  # no news, old stars
