"""Logging a one-sided exercise (issue 14, section 4): the Reps cell takes one number for each
side ("8") or left and right ("8/7", "L8 R7"), typed at human speed; the pair is shown as
"8 / 7" and stored with `reps` as the weaker side. Bad input says why and saves nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backtracker.services import logbook, preferences
from backtracker.storage.models import Exercise, SetEntry
from backtracker.ui.log.exercise_card import ExerciseCard
from tests.ui.test_log_entry import click_cell, press, type_keys


def stored(set_id: int) -> tuple[int | None, int | None, int | None, bool]:
    row = SetEntry.get_by_id(set_id)
    return row.reps, row.reps_left, row.reps_right, row.completed


def _open_card(window, qtbot, catalogue_key: str) -> ExerciseCard:
    prefs = preferences.load()
    workout_id = logbook.start_workout(prefs)
    exercise = Exercise.get(Exercise.catalogue_key == catalogue_key).id
    link_id = logbook.add_exercise(workout_id, exercise, prefs)
    first = SetEntry.get(SetEntry.workout_exercise == link_id)
    logbook.update_set_values(first.id, {"weight_kg": 16.0, "reps": 10})
    window.tabs.setCurrentWidget(window.log_page)
    window.log.open_workout(workout_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    card = window.log.editor.cards[0]
    qtbot.waitExposed(card.table)
    qtbot.wait(100)
    return card


@pytest.fixture
def card(window, qtbot) -> ExerciseCard:
    """The one-arm dumbbell row (one-sided in the catalogue), one open set: 16 kg × 10."""
    return _open_card(window, qtbot, "single-arm-dumbbell-row")


def _reps_shown(card: ExerciseCard, row: int) -> str:
    return card.model.index(row, card.model.column_of("reps")).data()


def test_the_reps_column_says_left_and_right(card):
    column = card.model.column_of("reps")
    header = card.model.headerData(column, Qt.Orientation.Horizontal)
    assert header == "Reps L/R"


@pytest.mark.parametrize("typed", ["8/7", "L8 R7", "r7 l8"])
def test_left_and_right_reps_log_the_weaker_side_as_the_reps(card, qtbot, typed):
    set_id = card.model.set_at(0).id
    click_cell(qtbot, card, 0, "reps")
    qtbot.wait(300)
    type_keys(qtbot, typed)
    press(qtbot, Qt.Key.Key_Return)  # Enter in the last field logs the set
    qtbot.wait(300)
    assert stored(set_id) == (7, 8, 7, True)
    assert _reps_shown(card, 0) == "8 / 7"
    # The next set lines up with the same sides, ready for the next round.
    assert card.model.rowCount() == 2
    following = card.model.set_at(1)
    assert (following.reps, following.reps_left, following.reps_right) == (7, 8, 7)


def test_one_number_is_each_side(card, qtbot):
    set_id = card.model.set_at(0).id
    click_cell(qtbot, card, 0, "reps")
    qtbot.wait(300)
    type_keys(qtbot, "8/7")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.wait(300)
    assert stored(set_id) == (7, 8, 7, False)
    click_cell(qtbot, card, 0, "reps")
    qtbot.wait(300)
    type_keys(qtbot, "9")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert stored(set_id) == (9, None, None, True)  # "each side": the sides are cleared
    assert _reps_shown(card, 0) == "9"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("8/", "can't be read as reps"),
        ("L8", "the right side is missing"),
        ("8/0", "The right side needs at least 1 rep"),
        ("L8 R7 x", "it has extra text"),
    ],
)
def test_bad_sides_say_why_and_save_nothing(card, qtbot, typed, said):
    set_id = card.model.set_at(0).id
    click_cell(qtbot, card, 0, "reps")
    qtbot.wait(300)
    type_keys(qtbot, typed)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert card.error.isVisible()
    assert said in card.error.text()
    assert stored(set_id) == (10, None, None, False)


def test_sides_on_a_two_sided_exercise_are_refused(window, qtbot):
    card = _open_card(window, qtbot, "dumbbell-row")
    set_id = card.model.set_at(0).id
    assert card.model.headerData(card.model.column_of("reps"), Qt.Orientation.Horizontal) == "Reps"
    click_cell(qtbot, card, 0, "reps")
    qtbot.wait(300)
    type_keys(qtbot, "8/7")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(300)
    assert "one-sided exercises" in card.error.text()
    assert stored(set_id) == (10, None, None, False)
