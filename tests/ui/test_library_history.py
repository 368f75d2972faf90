"""Start-up work the Library tab leaves to the background: "Your history" and the weekly goal.

The window comes up without reading the training log on the GUI thread; the lines arrive
from a worker moments later, and a late answer about older data never overwrites a newer one.
"""

from __future__ import annotations

import threading

import pytest

from backtracker.domain import clock
from backtracker.services import logbook, preferences
from backtracker.services.demo import fill_demo_profile
from backtracker.services.progress import history_line
from backtracker.storage.models import Exercise
from backtracker.ui.application import ui_state
from backtracker.ui.library.detail import ExerciseDetail
from backtracker.ui.library.tab import HISTORY_LOADING
from backtracker.ui.main_window import MainWindow
from backtracker.ui.tasks import set_pool_override
from tests.ui.pools import HeldPool


def _history_label(window: MainWindow):
    return window.library.exercise_detail._fact_labels["history"]


def _expected_line(exercise_id: int) -> str:
    prefs = preferences.load()
    return history_line(exercise_id, formula=prefs.formula, unit=prefs.unit)


def _exercise_id(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def test_history_arrives_from_the_background_and_follows_new_training(window, qtbot):
    library = window.library
    # Not the exercise selected at start (Dumbbell Row): its look-up may have finished while
    # the fixture waited for the window to become active.
    assert library.current_exercise().catalogue_key != "lat-pulldown"
    library.select_catalogue_key("lat-pulldown")
    label = _history_label(window)
    # Shown at once with a placeholder; the real line follows from a worker.
    assert label.text() == HISTORY_LOADING
    qtbot.waitUntil(lambda: label.text() == "Not logged yet.")

    report = fill_demo_profile(today=clock.today(), weeks=3)
    assert report.sets > 0
    window.events.workouts_changed.emit()
    expected = _expected_line(_exercise_id("lat-pulldown"))
    assert expected.startswith("Last")
    qtbot.waitUntil(lambda: label.text() == expected)


def test_the_weekly_goal_arrives_after_the_window_is_up(seeded, theme, qtbot):
    from backtracker.storage.routines import seed_builtin_routines

    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=3)
    win = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(win)
    assert win.goal_label.text() == ""  # nothing read from the log while building the window
    win.show()
    expected = logbook.weekly(preferences.load()).label
    qtbot.waitUntil(lambda: win.goal_label.text() == expected)


def test_the_first_exercise_is_drawn_once_at_start(seeded, theme, qtbot, monkeypatch):
    shown: list[str] = []
    original = ExerciseDetail.show_exercise

    def counting(self: ExerciseDetail, exercise, *, deletable: bool, note=None) -> None:
        shown.append(exercise.name)
        original(self, exercise, deletable=deletable, note=note)

    monkeypatch.setattr(ExerciseDetail, "show_exercise", counting)
    win = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    label = _history_label(win)
    qtbot.waitUntil(lambda: label.text() == "Not logged yet.")
    assert len(shown) == 1
    assert win.library.exercise_detail.title.text() == shown[0]


@pytest.fixture
def held_pool(window, qtbot):
    """The window's start-up look-ups done; from now on jobs wait for the test."""
    qtbot.waitUntil(lambda: _history_label(window).text() != HISTORY_LOADING)
    qtbot.waitUntil(lambda: window.goal_label.text() != "")
    pool = HeldPool()
    set_pool_override(pool)
    yield pool
    set_pool_override(None)


def test_an_answer_about_older_training_never_replaces_a_newer_one(window, qtbot, held_pool):
    library = window.library
    library.select_catalogue_key("lat-pulldown")
    label = _history_label(window)
    qtbot.waitUntil(lambda: len(held_pool.jobs) == 1)
    # The first look-up runs on a thread and reads the log while it is still empty; its
    # answer is queued for the GUI thread, where it arrives only after the log has changed.
    reader = threading.Thread(target=held_pool.jobs[0])
    reader.start()
    reader.join()

    fill_demo_profile(today=clock.today(), weeks=3)
    window.events.workouts_changed.emit()
    qtbot.wait(50)  # the stale "Not logged yet." is delivered now, and must be dropped
    assert label.text() == HISTORY_LOADING
    qtbot.waitUntil(lambda: len(held_pool.jobs) == 3)  # the weekly goal and the history again
    for job in held_pool.jobs[1:]:
        job()
    expected = _expected_line(_exercise_id("lat-pulldown"))
    assert expected.startswith("Last")
    qtbot.waitUntil(lambda: label.text() == expected)

    # Once known, a line is remembered: only the exercise never shown is looked up.
    library.select_catalogue_key("face-pull")
    library.select_catalogue_key("lat-pulldown")
    assert label.text() == expected
    qtbot.waitUntil(lambda: len(held_pool.jobs) == 4)
    qtbot.wait(50)
    assert len(held_pool.jobs) == 4
