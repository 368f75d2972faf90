"""The Log shows an exercise's goal next to its coaching (issue 15 §5), follows a goal set
elsewhere, and says "reached" once a logged set meets it."""

from __future__ import annotations

import datetime as dt

from backtracker.services import goals
from backtracker.storage.models import Exercise
from tests.storage.test_goals import log
from tests.ui.test_log_pinned_note import start_with_row
from tests.ui.test_log_tab import type_into_cell


def row_id() -> int:
    return Exercise.get(Exercise.catalogue_key == "dumbbell-row").id


def test_the_card_shows_the_goal_and_its_forecast_then_reached(window, qtbot) -> None:
    row = row_id()
    # Three earlier sessions: 12 kg × 8, 9, 10 a week apart (e1RM 15.2, 15.6, 16 kg).
    for week, reps in enumerate((8, 9, 10)):
        log(row, dt.date(2026, 2, 23) + dt.timedelta(days=7 * week), [(12.0, reps)])
    goals.set_goal(row, kind="reps", weight=14.0, reps=10, due_on=dt.date(2026, 6, 1), unit="kg")

    card = start_with_row(window, qtbot)

    hint = card.goal
    assert hint.isVisible()
    # 14 × 10 is an e1RM of 18.67 kg; the line rises 0.4 kg a week from 16 kg on 9 Mar.
    assert hint.text() == "Goal 14 kg × 10 by 1 Jun · at this rate, about 25 Apr"
    layout = card.layout()
    assert layout.indexOf(hint) == layout.indexOf(card.hint) + 1  # beside the coaching

    type_into_cell(qtbot, card.table, "14")
    type_into_cell(qtbot, card.table, "10")
    qtbot.wait(300)
    qtbot.waitUntil(lambda: "reached" in hint.text())
    assert hint.text() == "Goal 14 kg × 10 by 1 Jun · reached on 18 Mar"


def test_a_goal_set_elsewhere_shows_at_once_and_clearing_hides_it(window, qtbot) -> None:
    card = start_with_row(window, qtbot)
    row = row_id()
    assert not card.goal.isVisible()  # no goal: no empty line

    goals.set_goal(row, kind="e1rm", weight=30.0, reps=None, due_on=None, unit="kg")
    window.events.goal_changed.emit(row)
    qtbot.waitUntil(card.goal.isVisible)
    assert card.goal.text() == ("Goal e1RM 30 kg · no trend yet: it needs 3 sessions in 12 weeks")

    goals.clear_goal(row)
    window.events.goal_changed.emit(row + 1000)  # another exercise's goal: not this card's
    qtbot.wait(100)
    assert card.goal.isVisible()
    window.events.goal_changed.emit(row)
    qtbot.waitUntil(lambda: not card.goal.isVisible())
