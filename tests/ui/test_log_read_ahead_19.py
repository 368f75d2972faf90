"""The Log's History reads the record bests of its workouts' exercises in the background
(issue 17): a past workout opened from it shows the very stars it showed before, without a
pass over each exercise's sets on the GUI thread; after a change, the bests are read again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from backtracker.services import live_records
from tests.storage.test_progress import at, exercise_id, log
from tests.ui.test_log_live_records import star, tip

TIPS = [
    "Record: heaviest 32.5 kg · best e1RM 41.17 kg · best for 8 reps 32.5 kg",
    "Record: heaviest 35 kg",
    None,
]


@pytest.fixture
def past(seeded) -> int:
    live_records.forget_read_ahead()
    row = exercise_id("dumbbell-row")
    log(at("2026-03-04"), {row: [(25.0, 10)]})
    log(at("2026-03-11"), {row: [(40.0, 3, "warmup"), (30.0, 8), (30.0, 8)]})
    past = log(at("2026-03-16"), {row: [(32.5, 8), (35.0, 5), (30.0, 8)]})
    log(at("2026-03-17"), {row: [(40.0, 8)]})
    return past


@pytest.fixture
def queries(monkeypatch) -> list[int]:
    """The exercises whose bests were read by the per-link query (on the GUI thread)."""
    calls: list[int] = []
    real = live_records.heaviest_by_reps_before

    def counted(**kwargs):
        calls.append(kwargs["exercise_id"])
        return real(**kwargs)

    monkeypatch.setattr(live_records, "heaviest_by_reps_before", counted)
    return calls


def open_from_history(window, qtbot, workout_id: int):
    panel = window.log.history
    index = panel.model.index(panel.model.row_of(workout_id))
    panel.list.setCurrentIndex(index)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    editor = window.log.editor
    qtbot.waitUntil(lambda: editor.workout is not None and editor.workout.id == workout_id)
    return editor.cards[0]


def read_ahead_done(window) -> bool:
    panel = window.log.history
    return not panel._reading_ahead and not live_records.missing_for(panel.model.workout_ids(100))


def test_a_workout_opened_after_the_read_ahead_shows_its_stars_without_the_query(
    past, window, qtbot, queries
):
    window.events.workouts_changed.emit()
    window.tabs.setCurrentWidget(window.log_page)
    qtbot.waitUntil(lambda: read_ahead_done(window), timeout=5000)
    card = open_from_history(window, qtbot, past)
    assert [tip(card, r) for r in range(3)] == TIPS
    assert star(card, 1) is not None and star(card, 2) is None
    assert queries == []


def test_without_the_read_ahead_the_query_gives_the_same_stars(past, window, qtbot, queries):
    window.events.workouts_changed.emit()
    window.tabs.setCurrentWidget(window.log_page)
    qtbot.waitUntil(lambda: window.log.history.model.rowCount() == 4, timeout=3000)
    qtbot.waitUntil(lambda: not window.log.history._reading_ahead, timeout=5000)
    live_records.forget_read_ahead()  # as if it had not arrived yet
    card = open_from_history(window, qtbot, past)
    assert [tip(card, r) for r in range(3)] == TIPS
    assert queries == [exercise_id("dumbbell-row")]


def test_a_change_reads_the_bests_again(past, window, qtbot, queries):
    window.tabs.setCurrentWidget(window.log_page)
    qtbot.waitUntil(lambda: read_ahead_done(window), timeout=5000)
    row = exercise_id("dumbbell-row")
    log(at("2026-03-13"), {row: [(36.0, 5)]})  # heavier, a better e1RM: 35 kg × 5 is none
    window.events.workouts_changed.emit()  # the History reloads and reads ahead again
    qtbot.waitUntil(lambda: read_ahead_done(window), timeout=5000)
    card = open_from_history(window, qtbot, past)
    assert [tip(card, r) for r in range(3)] == ["Record: best for 8 reps 32.5 kg", None, None]
    assert queries == []
