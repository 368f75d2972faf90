"""The app left open past midnight, or woken on another day, moves on to the new day and week:
the weekly goal, the Log's week panel, the bodyweight date and Progress's "today"."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QWidget

from backtracker.domain import clock
from backtracker.storage import workouts
from backtracker.storage.models import Exercise

SUNDAY = dt.date(2026, 3, 22)
MONDAY = SUNDAY + dt.timedelta(days=1)


def _back_session(day: dt.date) -> None:
    """A finished workout that counts: a completed work set of a back exercise."""
    start = dt.datetime.combine(day, dt.time(18, 0))
    workout_id = workouts.start_workout(start)
    row = Exercise.get(Exercise.catalogue_key == "barbell-row").id
    link = workouts.add_exercise(workout_id, workouts.PlannedExercise(row))
    workouts.add_set(
        link,
        {
            "weight_kg": 40.0,
            "reps": 8,
            "completed": True,
            "completed_at": start + dt.timedelta(minutes=5),
        },
    )
    workouts.finish_workout(workout_id, start + dt.timedelta(minutes=40))


@pytest.fixture
def sunday_night_window(qtbot, seeded, theme):
    """The main window opened late on Sunday 22 March, with one session that week."""
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.ui.application import ui_state
    from backtracker.ui.main_window import MainWindow

    def build(moment: dt.datetime):
        clock.pin(moment)
        seed_builtin_routines()
        _back_session(SUNDAY)
        window = MainWindow(seeded, ui_state(seeded))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    return build


def _switch_away(qtbot) -> QWidget:
    """Another window takes the focus, as when the person works elsewhere."""
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    return other


def _overview_end(tab) -> dt.date:
    from matplotlib import dates as mdates

    return mdates.num2date(tab.overview_chart.sessions_ax.get_xlim()[1]).date()


def _open_overview(window, qtbot):
    window.tabs.setCurrentWidget(window.progress_page)
    tab = window.progress_page.content()
    qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    window.tabs.setCurrentWidget(window.log_page)  # the Log stays in view over midnight
    return tab


def test_the_app_left_open_past_midnight_into_a_new_week_refreshes(sunday_night_window, qtbot):
    window = sunday_night_window(dt.datetime.combine(SUNDAY, dt.time(23, 50)))
    qtbot.waitUntil(lambda: window.goal_label.text() == "This week 1 of 3", timeout=3000)
    progress = _open_overview(window, qtbot)
    assert _overview_end(progress) == SUNDAY + dt.timedelta(days=7)
    log = window.log
    assert log.week.count.text() == "1 of 3"
    assert log.bodyweight.day.date() == QDate(SUNDAY)

    # The person comes back to the window two seconds before midnight (the watch looks again
    # whenever the window is activated), and leaves it open: then it is Monday, a new week.
    _switch_away(qtbot)
    clock.pin(dt.datetime.combine(SUNDAY, dt.time(23, 59, 58)))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert log.week.count.text() == "1 of 3"
    qtbot.waitUntil(lambda: window.goal_label.text() == "This week 0 of 3", timeout=6000)
    assert clock.today() == MONDAY
    assert log.week.count.text() == "0 of 3"
    assert log.bodyweight.day.maximumDate() == QDate(MONDAY)
    assert log.bodyweight.day.date() == QDate(MONDAY)
    window.tabs.setCurrentWidget(window.progress_page)
    qtbot.waitUntil(lambda: _overview_end(progress) == MONDAY + dt.timedelta(days=7))
    # The watch is armed again, for the next midnight.
    assert window.day_watch.timer.isActive()
    assert window.day_watch.day == MONDAY


def test_waking_on_another_day_refreshes_when_the_window_is_activated(sunday_night_window, qtbot):
    window = sunday_night_window(dt.datetime.combine(SUNDAY, dt.time(21, 0)))
    qtbot.waitUntil(lambda: window.goal_label.text() == "This week 1 of 3", timeout=3000)
    window.tabs.setCurrentWidget(window.log_page)
    log = window.log
    _switch_away(qtbot)

    # The laptop slept through the night: its timers did not run.
    clock.pin(dt.datetime.combine(MONDAY, dt.time(7, 30)))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    qtbot.waitUntil(lambda: window.goal_label.text() == "This week 0 of 3", timeout=3000)
    assert log.week.count.text() == "0 of 3"
    assert log.bodyweight.day.date() == QDate(MONDAY)


def test_midnight_is_found_across_a_daylight_saving_change(monkeypatch):
    import time

    from backtracker.domain.dates import until_next_midnight

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        # 29 March 2026: clocks go from 02:00 to 03:00, so that night is an hour shorter.
        assert until_next_midnight(dt.datetime(2026, 3, 28, 23, 0)) == dt.timedelta(hours=1)
        assert until_next_midnight(dt.datetime(2026, 3, 29, 0, 0)) == dt.timedelta(hours=23)
        assert until_next_midnight(dt.datetime(2026, 10, 25, 0, 0)) == dt.timedelta(hours=25)
        assert until_next_midnight(dt.datetime(2026, 3, 22, 23, 59, 58)) == dt.timedelta(seconds=2)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
