"""An assisted set (issue 14, section 4): on a bodyweight exercise "-20" in the weight cell
is 20 kg of assistance, stored as -20.0, shown as "−20 (assisted)", and the estimated 1RM
goes by bodyweight − 20 kg. Other exercises refuse a negative weight and save nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from backtracker.domain import clock
from backtracker.services import logbook, preferences, progress
from backtracker.storage import body
from backtracker.storage.models import Exercise, SetEntry
from backtracker.ui.log.exercise_card import ExerciseCard
from tests.ui.test_log_entry import click_cell, focused, press, type_keys

NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def _open_card(window, qtbot, catalogue_key: str, values: dict) -> ExerciseCard:
    prefs = preferences.load()
    workout_id = logbook.start_workout(prefs)
    exercise = Exercise.get(Exercise.catalogue_key == catalogue_key).id
    link_id = logbook.add_exercise(workout_id, exercise, prefs)
    first = SetEntry.get(SetEntry.workout_exercise == link_id)
    logbook.update_set_values(first.id, values)
    window.tabs.setCurrentWidget(window.log_page)
    window.log.open_workout(workout_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    card = window.log.editor.cards[0]
    qtbot.waitExposed(card.table)
    qtbot.wait(100)
    return card


def _weight_shown(card: ExerciseCard, row: int) -> str:
    return card.model.index(row, card.model.column_of("weight")).data()


@pytest.fixture
def assisted(window, qtbot) -> ExerciseCard:
    body.set_bodyweight(clock.today(), 80.0)
    return _open_card(window, qtbot, "assisted-pull-up", {"reps": 5})


def test_an_assisted_set_is_stored_negative_and_e1rm_uses_bodyweight_minus_it(assisted, qtbot):
    card = assisted
    set_id = card.model.set_at(0).id
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(300)
    type_keys(qtbot, "-20")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(300)
    type_keys(qtbot, "8")
    press(qtbot, Qt.Key.Key_Return)  # logs the set
    qtbot.wait(300)

    row = SetEntry.get_by_id(set_id)
    assert (row.weight_kg, row.reps, row.completed) == (-20.0, 8, True)
    assert _weight_shown(card, 0) == "−20 (assisted)"
    column = card.model.column_of("weight")
    shown_width = card.table.fontMetrics().horizontalAdvance("−20 (assisted)")
    assert shown_width < card.table.columnWidth(column)  # not cut off with "…"
    tip = card.model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
    assert "assistance" in tip and "No bodyweight" not in tip
    exercise = Exercise.get(Exercise.catalogue_key == "assisted-pull-up").id
    best = progress.records(exercise, formula="epley").best_e1rm
    assert best is not None
    assert best.weight_kg == pytest.approx(60.0)  # 80 kg bodyweight − 20 kg assistance
    assert best.value_kg == pytest.approx(60.0 * (1 + 8 / 30))
    assert (
        "−20 kg (assisted)"
        in logbook.coaching(
            exercise,
            before=clock.now() + dt.timedelta(minutes=1),
            rep_range=logbook.rep_range_of(None, None),
            prefs=preferences.load(),
        ).last_time
    )


def test_the_typographic_minus_is_taken_too(assisted, qtbot):
    card = assisted
    set_id = card.model.set_at(0).id
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(300)
    # U+2212 has no key of its own: it comes as the text of a key event (a compose key or
    # an input method); QTest can only press keys it can map.
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(focused(), QKeyEvent(kind, 0, NO_MODIFIER, "\N{MINUS SIGN}"))
    qtbot.wait(150)
    type_keys(qtbot, "12.5")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.wait(300)
    assert SetEntry.get_by_id(set_id).weight_kg == -12.5


def test_a_negative_weight_on_a_weighted_exercise_is_refused(window, qtbot):
    card = _open_card(window, qtbot, "dumbbell-row", {"weight_kg": 16.0, "reps": 10})
    set_id = card.model.set_at(0).id
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(300)
    type_keys(qtbot, "-20")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert card.error.isVisible()
    assert "Only bodyweight exercises take a negative" in card.error.text()
    assert SetEntry.get_by_id(set_id).weight_kg == 16.0


def test_without_a_bodyweight_the_set_says_so_and_no_load_is_invented(window, qtbot):
    card = _open_card(window, qtbot, "assisted-pull-up", {"reps": 5})
    set_id = card.model.set_at(0).id
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(300)
    type_keys(qtbot, "-20")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(300)
    type_keys(qtbot, "8")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert SetEntry.get_by_id(set_id).weight_kg == -20.0
    tip = card.model.index(0, card.model.column_of("weight")).data(Qt.ItemDataRole.ToolTipRole)
    assert "No bodyweight is logged yet" in tip
    exercise = Exercise.get(Exercise.catalogue_key == "assisted-pull-up").id
    assert progress.records(exercise, formula="epley").best_e1rm is None
