"""The warm-up ramp key (issue 14, section 3): Ctrl+Shift+W puts warm-up sets before the
first work set, on loadable weights, as one undo step; warm-ups stay out of volume, e1RM and
records."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backtracker.domain.plates import WarmupStep
from backtracker.domain.units import Unit, to_kg
from backtracker.services import equipment, logbook, preferences, progress
from backtracker.services.equipment import Equipment
from backtracker.services.progress import Metric, Range
from backtracker.storage.models import Exercise, SetEntry
from backtracker.ui.log.exercise_card import ExerciseCard
from tests.ui.test_log_entry import click_cell, press

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_card(window, qtbot, key: str, first_set: dict, *, unit: str = "kg") -> ExerciseCard:
    prefs = preferences.save(preferences.Preferences(unit=unit))
    window.log_context.prefs = prefs
    exercise = Exercise.get(Exercise.catalogue_key == key)
    workout_id = logbook.start_workout(prefs)
    link_id = logbook.add_exercise(workout_id, exercise.id, prefs)
    first = SetEntry.get(SetEntry.workout_exercise == link_id)
    logbook.update_set_values(first.id, first_set)
    window.tabs.setCurrentWidget(window.log_page)
    window.log.open_workout(workout_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    card = window.log.editor.cards[0]
    qtbot.waitExposed(card.table)
    qtbot.wait(100)
    return card


def rows_of(card: ExerciseCard) -> list[tuple[str, float | None, int | None]]:
    query = (
        SetEntry.select()
        .where(SetEntry.workout_exercise == card.link.id)
        .order_by(SetEntry.position)
    )
    return [(s.set_type, s.weight_kg, s.reps) for s in query]


def ramp_key(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, CTRL_SHIFT)
    qtbot.wait(200)


def test_the_ramp_key_adds_warmups_before_the_first_work_set(window, qtbot):
    card = open_card(window, qtbot, "barbell-row", {"weight_kg": 100.0, "reps": 5})
    click_cell(qtbot, card, 0, "reps")
    qtbot.wait(200)
    ramp_key(qtbot)
    assert rows_of(card) == [
        ("warmup", 20, 10),
        ("warmup", 40, 5),
        ("warmup", 60, 3),
        ("warmup", 80, 1),
        ("normal", 100, 5),
    ]
    link_sets = SetEntry.select().where(SetEntry.workout_exercise == card.link.id)
    assert sorted(s.position for s in link_sets) == [0, 1, 2, 3, 4]
    assert [card.model.index(r, 0).data() for r in range(5)] == ["W", "W", "W", "W", "1"]
    assert "Added 4 warm-up sets" in window.statusBar().currentMessage()
    # The first warm-up is open for typing: Enter, Enter logs it.
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(100)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert (
        SetEntry.select()
        .where((SetEntry.workout_exercise == card.link.id) & SetEntry.completed)
        .count()
        == 1
    )
    # Ctrl+Z takes back the logged warm-up, then the whole ramp in one step; redo brings it.
    window.undo_action.trigger()
    qtbot.wait(100)
    window.undo_action.trigger()
    qtbot.wait(100)
    assert rows_of(card) == [("normal", 100, 5)]
    assert card.model.rowCount() == 1
    window.redo_action.trigger()
    qtbot.wait(100)
    assert [r[1] for r in rows_of(card)] == [20, 40, 60, 80, 100]


def test_the_ramp_is_rounded_to_the_plates_and_has_no_repeats(window, qtbot):
    card = open_card(window, qtbot, "barbell-row", {"weight_kg": 40.0, "reps": 8})
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(200)
    ramp_key(qtbot)
    # 40% of 40 is 16: the bar, already there; 24 → 25; 32 → 32.5.
    assert rows_of(card) == [
        ("warmup", 20, 10),
        ("warmup", 25, 3),
        ("warmup", 32.5, 1),
        ("normal", 40, 8),
    ]
    # A second press: the warm-ups are there already; nothing changes, the card says why.
    click_cell(qtbot, card, 3, "reps")
    qtbot.wait(200)
    ramp_key(qtbot)
    assert len(rows_of(card)) == 4
    assert "already has warm-up sets" in card.error.text()


def test_a_configured_ramp_in_lb(window, qtbot):
    ramp = (WarmupStep(None, 8), WarmupStep(50, 5), WarmupStep(75, 2))
    equipment.save(Equipment(unit=Unit.LB, ramp=ramp))
    first = {"weight_kg": to_kg(225, "lb"), "reps": 5}
    card = open_card(window, qtbot, "barbell-row", first, unit="lb")
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(200)
    ramp_key(qtbot)
    # 45 × 8; 50% is 112.5, exactly between 110 and 115: the lighter; 75% is 168.75 → 170.
    assert [(t, round(w / 0.45359237, 3), r) for t, w, r in rows_of(card)] == [
        ("warmup", 45, 8),
        ("warmup", 110, 5),
        ("warmup", 170, 2),
        ("normal", 225, 5),
    ]


def test_no_weight_yet_says_what_to_do(window, qtbot):
    card = open_card(window, qtbot, "barbell-row", {"reps": 5})
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(200)
    ramp_key(qtbot)
    assert len(rows_of(card)) == 1
    assert "Enter the first work set's weight" in card.error.text()


def test_the_menu_offers_the_ramp_with_its_key(window, qtbot):
    card = open_card(window, qtbot, "barbell-row", {"weight_kg": 60.0, "reps": 5})
    action = card.warmups.action
    assert action in card.menu_button.menu().actions()
    assert action.shortcut().toString() == "Ctrl+Shift+W"
    action.trigger()
    qtbot.wait(100)
    assert [r[1] for r in rows_of(card)] == [20, 25, 35, 47.5, 60]


def test_warmups_stay_out_of_volume_e1rm_and_records(window, qtbot):
    card = open_card(window, qtbot, "barbell-row", {"weight_kg": 100.0, "reps": 5})
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(200)
    ramp_key(qtbot)
    for row in range(card.model.rowCount()):
        card.model.complete(row)
    workout_id = window.log.editor.workout.id
    logbook.finish_workout(workout_id)
    summary = next(s for s in logbook.history() if s.id == workout_id)
    assert summary.volume_kg == 500  # 100 × 5; the warm-ups' 200 + 200 + 180 + 80 are not in
    options = {"formula": "epley", "unit": "kg"}
    exercise_id = card.link.exercise_id
    volume = progress.exercise_series(exercise_id, Metric.SESSION_VOLUME, Range.ALL, **options)
    assert volume.values == (500,)
    reps = progress.exercise_series(exercise_id, Metric.TOTAL_REPS, Range.ALL, **options)
    assert reps.values == (5,)
    e1rm = progress.exercise_series(exercise_id, Metric.E1RM, Range.ALL, **options)
    assert round(e1rm.values[0], 2) == round(100 * (1 + 5 / 30), 2)


def test_a_dumbbell_ramp_uses_the_dumbbells_owned_and_no_bar(window, qtbot):
    card = open_card(window, qtbot, "dumbbell-row", {"weight_kg": 22.5, "reps": 10})
    click_cell(qtbot, card, 0, "reps")
    qtbot.wait(200)
    ramp_key(qtbot)
    # 40% is 9 (owned), 60% 13.5 → 12.5, 80% 18 → 17.5; no "bar" set for dumbbells.
    assert rows_of(card) == [
        ("warmup", 9, 5),
        ("warmup", 12.5, 3),
        ("warmup", 17.5, 1),
        ("normal", 22.5, 10),
    ]
