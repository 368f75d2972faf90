"""What trying the Log by hand (Xvfb, xdotool at 150 ms a key) found that offscreen tests had
not: regressions kept here, each driven as a person would and checked in the database."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt

from backtracker.services import logbook, preferences
from backtracker.storage.models import Exercise, SetEntry
from backtracker.ui.log.exercise_card import ExerciseCard
from backtracker.ui.widgets.exercise_picker import ExercisePicker
from tests.ui.test_log_entry import focused, press, type_keys


def _shown_in_workout(card: ExerciseCard) -> bool:
    """The card's open cell lies inside the visible part of the workout's scroll area."""
    editor = card.table.open_editor()
    assert editor is not None, "no cell of the new exercise is open for typing"
    scroll = card.parentWidget()
    while scroll is not None and scroll.objectName() != "qt_scrollarea_viewport":
        scroll = scroll.parentWidget()
    assert scroll is not None
    top_left = editor.mapTo(scroll, editor.rect().topLeft())
    return scroll.rect().contains(QRect(top_left, editor.size()))


def test_an_exercise_added_below_a_long_workout_is_scrolled_into_view(window, qtbot, monkeypatch):
    """Ctrl+E on a workout taller than the window: the new exercise's weight cell opened
    for typing below the visible part (the cards were rebuilt and not yet laid out when the
    view was asked to show the new one), so "61" and its plate hint went on out of sight."""
    window.resize(1280, 800)
    prefs = preferences.load()
    workout_id = logbook.start_workout(prefs)
    for key in ("single-arm-dumbbell-row", "assisted-pull-up", "dumbbell-row"):
        exercise = Exercise.get(Exercise.catalogue_key == key).id
        link_id = logbook.add_exercise(workout_id, exercise, prefs)
        for _ in range(4):
            logbook.add_set(link_id, {"weight_kg": 20.0, "reps": 8})
    window.tabs.setCurrentWidget(window.log_page)
    window.log.open_workout(workout_id)
    qtbot.waitExposed(window.log.editor.cards[0].table)
    qtbot.wait(200)

    deadlift = Exercise.get(Exercise.catalogue_key == "deadlift").id
    monkeypatch.setattr(ExercisePicker, "ask", classmethod(lambda cls, parent, title="": deadlift))
    window.log.editor.cards[0].table.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)

    card = window.log.editor.cards[-1]
    assert card.link.exercise_id == deadlift
    assert _shown_in_workout(card)
    type_keys(qtbot, "61")
    qtbot.wait(100)
    assert "Can't load 61 kg" in card.plates.label.text()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(200)
    stored = SetEntry.get(SetEntry.workout_exercise == card.link.id)
    assert stored.weight_kg == 61.0
