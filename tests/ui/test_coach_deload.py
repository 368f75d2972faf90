"""Accepting a deload week at a person's pace (issue 15 §4): a stalled history logged through
the services, the offer with its targets, one click on Accept, the week in the database and
next week's Pull day in the Log starting lighter; Cancel takes it back."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from backtracker.domain import clock
from backtracker.domain.routines import Routine, RoutineItem
from backtracker.services import coach
from backtracker.storage import routines
from backtracker.storage.models import Deload, WorkoutExercise
from backtracker.ui.coach.deload_offer import DeloadOffer
from tests.domain.coach_log import exercise_id, press_id, set_patterns
from tests.services.test_deload import SENTENCE, do_workout
from tests.ui.test_log_discomfort import start_pull_day

NEXT_MONDAY = dt.date(2026, 3, 23)


@pytest.fixture
def pull_day(seeded):
    """Nine Mondays of Pull day at the same weights, 19 Jan to 16 Mar 2026 (today is
    Wednesday 18 Mar): the back exercises have stalled, the press has not been pushed."""
    set_patterns()
    ids = {
        "row": exercise_id("barbell-row"),
        "pulldown": exercise_id("lat-pulldown"),
        "press": press_id(),
    }
    routine_id = routines.save_routine(
        Routine(
            None,
            "Pull day",
            items=(
                RoutineItem(ids["row"], 3, 8, 12),
                RoutineItem(ids["pulldown"], 4, 8, 12),
                RoutineItem(ids["press"], 3, 8, 12),
            ),
        )
    )
    weights = {ids["row"]: 60.0, ids["pulldown"]: 40.0, ids["press"]: 50.0}
    for week in range(9):
        day = dt.date(2026, 1, 19) + dt.timedelta(weeks=week)
        do_workout(routine_id, dt.datetime.combine(day, dt.time(18)), weights)
    return ids


def offer_for(qtbot, events, monday: dt.date | None = None) -> DeloadOffer:
    offer = DeloadOffer(events)
    qtbot.addWidget(offer)
    offer.resize(520, 320)
    offer.show_report(coach.week_report(monday))
    qtbot.wait(300)
    return offer


def sets_of(workout_id: int, exercise: int) -> list[tuple[float | None, int | None]]:
    link = WorkoutExercise.get(
        (WorkoutExercise.workout == workout_id) & (WorkoutExercise.exercise == exercise)
    )
    return [(s.weight_kg, s.reps) for s in sorted(link.sets, key=lambda s: s.position)]


def test_accept_a_deload_week_and_next_weeks_pull_day_starts_lighter(pull_day, window, qtbot):
    offer = offer_for(qtbot, window.events)
    assert offer.isVisible()
    assert offer.sentence.text().startswith("Most of your back exercises have stalled (2 of 2")
    assert "Barbell Row: 52.5 kg, 2 sets" in offer.items.text()  # 54 kg can't be loaded
    assert "Lat Pulldown: 35 kg, 3 sets" in offer.items.text()
    assert offer.accept_button.isVisible() and not offer.cancel_button.isVisible()
    assert "23 Mar – 29 Mar" in offer.accept_button.toolTip()

    heard = []
    window.events.coach_changed.connect(lambda: heard.append(True))
    with qtbot.waitSignal(offer.changed, timeout=2000):
        qtbot.mouseClick(offer.accept_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert [(d.week_start, d.load_factor, d.sets_factor) for d in Deload.select()] == [
        (NEXT_MONDAY, 0.9, 2 / 3)
    ]
    assert heard == [True]
    assert offer.isVisible()
    assert offer.status.text() == "Deload week of 23 Mar accepted"
    assert offer.cancel_button.isVisible() and not offer.accept_button.isVisible()

    # Tuesday of next week: Pull day from the Log, the back exercises lighter.
    clock.pin(dt.datetime(2026, 3, 24, 18))
    editor = start_pull_day(window, qtbot)
    row, pulldown, press = editor.cards[0], editor.cards[1], editor.cards[2]
    assert row.title.text() == "Barbell Row"
    for card, expected in ((row, [(52.5, 8)] * 2), (pulldown, [(35.0, 8)] * 3)):
        shown = [
            (card.model.set_at(r).weight_kg, card.model.set_at(r).reps)
            for r in range(card.model.rowCount())
        ]
        assert shown == expected
        assert card.hint.text().startswith(SENTENCE)
    assert "Deload" not in press.hint.text()
    workout_id = editor.workout.id
    assert sets_of(workout_id, pull_day["row"]) == [(52.5, 8)] * 2
    assert sets_of(workout_id, pull_day["pulldown"]) == [(35.0, 8)] * 3
    assert sets_of(workout_id, pull_day["press"]) == [(50.0, 9)] * 3  # as without a deload


def test_cancel_takes_the_deload_week_back(pull_day, window, qtbot):
    offer = offer_for(qtbot, window.events)
    qtbot.mouseClick(offer.accept_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert Deload.select().count() == 1
    with qtbot.waitSignal(offer.changed, timeout=2000):
        qtbot.mouseClick(offer.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert Deload.select().count() == 0
    assert offer.accept_button.isVisible() and not offer.cancel_button.isVisible()
    assert not offer.status.isVisible()
    # Next week's Pull day is a normal one again.
    clock.pin(dt.datetime(2026, 3, 24, 18))
    editor = start_pull_day(window, qtbot)
    assert sets_of(editor.workout.id, pull_day["row"]) == [(60.0, 9)] * 3
    assert "Deload" not in editor.cards[0].hint.text()


def test_a_past_week_shows_the_suggestion_without_accept_and_a_quiet_week_hides_it(
    pull_day, window, qtbot
):
    past = offer_for(qtbot, window.events, dt.date(2026, 3, 9))
    assert past.isVisible() and past.items.text()
    assert not past.accept_button.isVisible() and past.note.isVisible()
    early = offer_for(qtbot, window.events, dt.date(2026, 1, 26))  # two sessions: no stall
    assert not early.isVisible()
    assert Deload.select().count() == 0
