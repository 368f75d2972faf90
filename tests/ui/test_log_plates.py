"""The plates per side while a weight is typed, and F4 taking the nearest loadable weight
(issue 14, section 2). Keys are typed one by one at a person's pace into the real cell."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backtracker.domain.plates import PlateStack
from backtracker.domain.units import Unit, to_kg
from backtracker.services import equipment, logbook, preferences
from backtracker.services.equipment import Equipment
from backtracker.storage.models import Exercise, SetEntry
from backtracker.ui.log.exercise_card import ExerciseCard
from tests.ui.test_log_entry import click_cell, editor_on, press, type_keys


def open_card(window, qtbot, key: str, *, unit: str = "kg", bar: str | None = None) -> ExerciseCard:
    prefs = preferences.save(preferences.Preferences(unit=unit))
    window.log_context.prefs = prefs
    exercise = Exercise.get(Exercise.catalogue_key == key)
    exercise.bar = bar
    exercise.save()
    workout_id = logbook.start_workout(prefs)
    logbook.add_exercise(workout_id, exercise.id, prefs)
    window.tabs.setCurrentWidget(window.log_page)
    window.log.open_workout(workout_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    card = window.log.editor.cards[0]
    qtbot.waitExposed(card.table)
    qtbot.wait(100)
    return card


def type_weight(qtbot, card: ExerciseCard, text: str) -> str:
    """Open the first set's weight cell, type `text` key by key; the hint shown then."""
    if editor_on(card, 0, "weight") is None:
        click_cell(qtbot, card, 0, "weight")
        qtbot.wait(200)
    type_keys(qtbot, text, delay_ms=120)
    qtbot.wait(50)
    return card.plates.label.text() if card.plates.label.isVisible() else ""


def stored_weight(card: ExerciseCard) -> float | None:
    return SetEntry.get_by_id(card.model.set_at(0).id).weight_kg


def test_plates_per_side_show_while_typing(window, qtbot):
    card = open_card(window, qtbot, "barbell-row")
    assert not card.plates.label.isVisible()
    click_cell(qtbot, card, 0, "weight")
    qtbot.wait(200)
    type_keys(qtbot, "7")
    # One key in: 7 kg is less than the bar.
    assert card.plates.label.text() == "Can't load 7 kg — nearest 20 kg: bar only (F4 takes it)"
    type_keys(qtbot, "2.5")
    assert card.plates.label.text() == "Olympic bar 20 kg: 25 + 1.25 | per side"
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Backspace)
    qtbot.wait(100)
    assert card.plates.label.text().startswith("Can't load 7 kg")
    type_keys(qtbot, "0")
    assert card.plates.label.text() == "Olympic bar 20 kg: 25 | per side"
    # Enter saves the weight and moves on to the reps; the plates stay in view.
    press(qtbot, Qt.Key.Key_Backspace)
    type_keys(qtbot, "2.5")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(150)
    assert stored_weight(card) == 72.5
    assert editor_on(card, 0, "reps") is not None
    assert card.plates.label.text() == "Olympic bar 20 kg: 25 + 1.25 | per side"


def test_an_unloadable_weight_and_f4_takes_the_nearest(window, qtbot):
    card = open_card(window, qtbot, "barbell-row")
    hint = type_weight(qtbot, card, "61")
    assert hint == "Can't load 61 kg — nearest 60 kg: 20 | per side (F4 takes it)"
    press(qtbot, Qt.Key.Key_F4)
    qtbot.wait(150)
    assert editor_on(card, 0, "weight").text() == "60"
    assert stored_weight(card) == 60  # saved at once
    assert card.plates.label.text() == "Olympic bar 20 kg: 20 | per side"
    press(qtbot, Qt.Key.Key_Return)  # on to the reps, as after typing it
    qtbot.wait(150)
    assert editor_on(card, 0, "reps") is not None
    assert stored_weight(card) == 60
    # 62 is nearer 62.5 than 60.
    card.table.edit_cell(0, card.model.column_of("weight"))
    qtbot.wait(150)
    hint = type_weight(qtbot, card, "62")
    assert hint == "Can't load 62 kg — nearest 62.5 kg: 20 + 1.25 | per side (F4 takes it)"


def test_f4_after_enter_still_takes_the_nearest_into_the_set(window, qtbot):
    card = open_card(window, qtbot, "barbell-row")
    type_weight(qtbot, card, "101")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(150)
    assert stored_weight(card) == 101
    press(qtbot, Qt.Key.Key_F4)  # typing the reps now: the weight still changes
    qtbot.wait(150)
    assert stored_weight(card) == 100


def test_only_the_plates_owned_are_used(window, qtbot):
    kit = replace(
        equipment.default_kit("kg"),
        plates=(PlateStack(20, 2), PlateStack(10, 2), PlateStack(2.5, 2)),
    )
    equipment.save(Equipment().with_kit(kit))
    card = open_card(window, qtbot, "barbell-row")
    assert type_weight(qtbot, card, "85") == "Olympic bar 20 kg: 20 + 10 + 2.5 | per side"
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Backspace)
    qtbot.wait(100)
    # Only one 20 per side: 100 kg is past what they own; 85 is the most.
    hint = type_weight(qtbot, card, "100")
    assert hint == "Can't load 100 kg — nearest 85 kg: 20 + 10 + 2.5 | per side (F4 takes it)"
    press(qtbot, Qt.Key.Key_F4)
    qtbot.wait(150)
    assert stored_weight(card) == 85


def test_lb_plates(window, qtbot):
    equipment.save(Equipment(unit=Unit.LB))
    card = open_card(window, qtbot, "barbell-row", unit="lb")
    assert type_weight(qtbot, card, "225") == "Olympic bar 45 lb: 45 + 45 | per side"
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Backspace)
    assert type_weight(qtbot, card, "137") == (
        "Can't load 137 lb — nearest 135 lb: 45 | per side (F4 takes it)"
    )
    press(qtbot, Qt.Key.Key_F4)
    qtbot.wait(150)
    assert editor_on(card, 0, "weight").text() == "135"
    assert stored_weight(card) == pytest.approx(to_kg(135, "lb"), abs=1e-9)


def test_the_exercise_names_its_bar(window, qtbot):
    card = open_card(window, qtbot, "deadlift", bar="trap")
    assert type_weight(qtbot, card, "105") == "Trap bar 25 kg: 25 + 15 | per side"


def test_dumbbells_show_the_nearest_owned_one(window, qtbot):
    card = open_card(window, qtbot, "dumbbell-row")
    assert type_weight(qtbot, card, "12.5") == ""  # owned: nothing to say
    assert not card.plates.label.isVisible()
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Backspace)
    # The default rack: 1–10 kg in 1 kg steps, then 12.5 to 50 in 2.5s.
    assert type_weight(qtbot, card, "11") == "No 11 kg dumbbells — nearest 10 kg (F4 takes it)"
    press(qtbot, Qt.Key.Key_F4)
    qtbot.wait(150)
    assert stored_weight(card) == 10


def test_no_hint_for_a_machine(window, qtbot):
    card = open_card(window, qtbot, "lat-pulldown")
    assert type_weight(qtbot, card, "61") == ""
    press(qtbot, Qt.Key.Key_F4)  # nothing to take: the weight stays as typed
    qtbot.wait(100)
    assert editor_on(card, 0, "weight").text() == "61"


def test_the_bar_is_picked_in_the_library_and_used_in_the_log(window, qtbot):
    from backtracker.services import library
    from backtracker.ui.library.exercise_dialog import ExerciseDialog

    exercise = Exercise.get(Exercise.catalogue_key == "deadlift")
    info = library.exercise(exercise.id)
    assert info.bar is None
    dialog = ExerciseDialog(
        "Edit Deadlift",
        info.to_draft(),
        library.muscles(),
        lambda draft: library.edit_exercise(exercise.id, draft),
        window,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.bar.currentText() == "Olympic bar (the usual)"
    dialog.bar.setFocus()
    qtbot.keyClicks(dialog.bar, "Trap")
    qtbot.wait(100)
    assert dialog.bar.currentData() == "trap"
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert Exercise.get_by_id(exercise.id).bar == "trap"
    assert library.exercise(exercise.id).to_draft().bar == "trap"
    # The Log loads it on the trap bar (25 kg): 105 kg is 40 per side.
    prefs = preferences.load()
    window.log_context.prefs = prefs
    workout_id = logbook.start_workout(prefs)
    logbook.add_exercise(workout_id, exercise.id, prefs)
    window.tabs.setCurrentWidget(window.log_page)
    window.log.open_workout(workout_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    card = window.log.editor.cards[0]
    qtbot.waitExposed(card.table)
    qtbot.wait(100)
    assert type_weight(qtbot, card, "105") == "Trap bar 25 kg: 25 + 15 | per side"
