"""Progress ▸ Body: the measurement's points and moving average, and the V-taper line."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from backtracker.domain import clock
from backtracker.services import measurements
from backtracker.services.measurements import Entry
from backtracker.services.preferences import Preferences
from backtracker.ui.events import DataEvents
from tests.ui.test_progress_lazy_19 import wait_for_progress

PAUSE = 300


class PrefsHolder:
    def __init__(self) -> None:
        self.prefs = Preferences()

    def __call__(self) -> Preferences:
        return self.prefs


def put(day: dt.date, metric: str, value: float) -> None:
    measurements.put(Entry(day, metric, value, "", "app"))


def date_num(day: dt.date) -> float:
    import matplotlib.dates as mdates

    return float(mdates.date2num(day))


def xy(line) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    return [float(x) for x in line.get_xdata()], [round(float(y), 4) for y in line.get_ydata()]


@pytest.fixture
def events(qapp) -> DataEvents:
    return DataEvents()


@pytest.fixture
def prefs() -> PrefsHolder:
    return PrefsHolder()


@pytest.fixture
def weeks() -> list[dt.date]:
    today = clock.today()
    return [today - dt.timedelta(weeks=4 - i) for i in range(5)]


@pytest.fixture
def tab(qtbot, seeded, theme, events, prefs):
    weeks = [clock.today() - dt.timedelta(weeks=4 - i) for i in range(5)]
    for day, waist, shoulders in zip(
        weeks, (84, 86, 82, 80, 78), (120, 121, 123, 120, 117), strict=True
    ):
        put(day, "waist", waist)
        put(day, "shoulders", shoulders)
    from backtracker.ui.progress.tab import ProgressTab

    widget = ProgressTab(events, prefs)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    wait_for_progress(qtbot, widget)
    return widget


def test_measurements_without_training_open_the_body_view(tab, weeks, qtbot):
    # No workout yet: not the empty state, the body chart.
    assert not tab.is_empty
    assert tab.body_button.isChecked()
    assert tab.pages.currentWidget() is tab.body_page
    chart = tab.body_page.chart
    assert tab.body_page.current_metric() == "waist"
    assert xy(chart.points) == ([date_num(d) for d in weeks], [84, 86, 82, 80, 78])
    # The moving average of the last 4 entries, one value per point.
    assert xy(chart.average) == ([date_num(d) for d in weeks], [84, 85, 84, 83, 81.5])
    assert chart.titles[0].get_text() == "Waist (cm)"
    ratio_x, ratio_y = xy(chart.ratio_points)
    assert ratio_x == [date_num(d) for d in weeks]
    assert ratio_y == [
        round(s / w, 4) for s, w in ((120, 84), (121, 86), (123, 82), (120, 80), (117, 78))
    ]
    assert len(chart.ratio_average.get_xdata()) == 5
    assert chart.titles[1].get_text() == "V-taper: shoulders ÷ waist"
    assert not chart.messages[0].get_visible() and not chart.messages[1].get_visible()


def test_another_metric_in_inches_and_a_new_entry_shows_up(tab, weeks, prefs, events, qtbot):
    prefs.prefs = Preferences(length_unit="in")
    events.preferences_changed.emit()
    qtbot.wait(PAUSE)
    combo = tab.body_page.metric_combo
    combo.setFocus()
    qtbot.keyClicks(combo, "s", delay=60)  # Shoulders
    qtbot.wait(PAUSE)
    chart = tab.body_page.chart
    assert chart.titles[0].get_text() == "Shoulders (in)"
    assert xy(chart.points)[1] == [round(v / 2.54, 4) for v in (120, 121, 123, 120, 117)]
    put(clock.today(), "chest", 100.0)
    events.measurements_changed.emit()
    qtbot.wait(2 * PAUSE)  # a new word for the combo's type-ahead, not "sc"
    qtbot.keyClick(combo, Qt.Key.Key_Home)  # Waist; "c" then finds Chest, the next one
    qtbot.keyClicks(combo, "c", delay=60)
    qtbot.waitUntil(lambda: chart.titles[0].get_text() == "Chest (in)")
    assert xy(chart.points) == ([date_num(clock.today())], [round(100 / 2.54, 4)])


def test_a_metric_never_measured_says_where_to_enter_it(tab, qtbot):
    tab.body_page.set_metric("body_fat")
    qtbot.wait(PAUSE)
    chart = tab.body_page.chart
    assert xy(chart.points) == ([], [])
    assert chart.messages[0].get_visible()
    assert "Log tab ▸ Measurements" in chart.messages[0].get_text()
    assert chart.titles[0].get_text() == "Body fat (%)"
    assert len(chart.ratio_points.get_xdata()) == 5  # the V-taper stays


def test_body_and_overview_take_turns(tab, qtbot):
    qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
    assert not tab.body_button.isChecked()
    assert tab.pages.currentWidget() is tab.overview_chart
    qtbot.mouseClick(tab.body_button, Qt.MouseButton.LeftButton)
    assert not tab.overview_button.isChecked()
    assert tab.pages.currentWidget() is tab.body_page
    assert not tab.exercise_controls.isVisible()


def test_a_measurement_typed_in_the_log_shows_in_the_chart(window, qtbot):
    """The issue's check: a measurement and its chart, through the whole window."""
    window.tabs.setCurrentWidget(window.log_page)
    panel = window.log.measurements
    panel.metric_combo.setFocus()
    qtbot.keyClicks(panel.metric_combo, "s", delay=60)  # Shoulders
    qtbot.keyClick(panel.metric_combo, Qt.Key.Key_Tab)
    qtbot.keyClicks(panel.value, "122", delay=60)
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    qtbot.wait(2 * PAUSE)
    panel.metric_combo.setFocus()
    qtbot.keyClick(panel.metric_combo, Qt.Key.Key_Home)  # Waist
    qtbot.keyClick(panel.metric_combo, Qt.Key.Key_Tab)
    qtbot.keyClicks(panel.value, "81.5", delay=60)
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Progress
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.progress_page)
    from backtracker.ui.progress.tab import ProgressTab

    progress_tab = window.findChild(ProgressTab)
    qtbot.waitUntil(lambda: progress_tab is not None and progress_tab.body_button.isChecked())
    chart = progress_tab.body_page.chart
    today = date_num(clock.today())
    qtbot.waitUntil(lambda: xy(chart.points) == ([today], [81.5]))
    assert xy(chart.ratio_points) == ([today], [round(122 / 81.5, 4)])
