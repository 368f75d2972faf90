"""The Progress tab: what is plotted, the records table, refreshing on change, empty state.

matplotlib and the chart modules are imported inside the tests, not at collection: loading
them points matplotlib's cache at the per-user cache folder, which the autouse fixture has
moved to a temp dir by then.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from backtracker.domain import clock, dates
from backtracker.domain.units import KG_PER_LB
from backtracker.services import logbook, progress
from backtracker.services.preferences import Preferences
from backtracker.services.progress import Metric, Range
from backtracker.storage.models import Exercise
from backtracker.ui.events import DataEvents
from backtracker.ui.progress.records_model import Column, RecordsModel
from backtracker.ui.theme import DARK, LIGHT, ThemeMode
from tests.ui.test_progress_lazy_19 import wait_for_progress

if TYPE_CHECKING:
    from backtracker.ui.progress.tab import ProgressTab

# matplotlib's toolbar icons ask Qt about a high-DPI attribute that Qt 6 deprecates.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)


class PrefsHolder:
    """What the main window's prefs provider does: hand out the current preferences."""

    def __init__(self) -> None:
        self.prefs = Preferences()

    def __call__(self) -> Preferences:
        return self.prefs


def exercise_id(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def log_workout(
    when: dt.datetime, exercise: int, sets: list[tuple[float, int, str]], events: DataEvents
) -> None:
    """Log and finish a workout through the log service, then announce it like the Log tab."""
    prefs = Preferences()
    workout_id = logbook.start_workout(prefs, started_at=when)
    link_id = logbook.add_exercise(workout_id, exercise, prefs)
    for weight, reps, set_type in sets:
        logbook.add_set(
            link_id,
            {
                "weight_kg": weight,
                "reps": reps,
                "set_type": set_type,
                "completed": True,
                "completed_at": when,
            },
        )
    logbook.finish_workout(workout_id, min(when + dt.timedelta(minutes=40), clock.now()))
    events.sets_changed.emit()
    events.workouts_changed.emit()


def date_num(day: dt.date) -> float:
    import matplotlib.dates as mdates

    return float(mdates.date2num(day))


def rgba(hex_color: str) -> tuple[float, ...]:
    from matplotlib.colors import to_rgba

    return to_rgba(hex_color)


def line_xy(tab: ProgressTab) -> tuple[list[float], list[float]]:
    line = tab.exercise_chart.line
    return list(line.get_xdata()), list(line.get_ydata())


def dates_of(series: progress.Series) -> list[float]:
    return [date_num(day) for day in series.days]


@pytest.fixture
def events(qapp) -> DataEvents:
    return DataEvents()


@pytest.fixture
def prefs() -> PrefsHolder:
    return PrefsHolder()


@pytest.fixture
def make_tab(qtbot, seeded, theme, events, prefs):
    def make() -> ProgressTab:
        from backtracker.ui.progress.tab import ProgressTab

        tab = ProgressTab(events, prefs)
        qtbot.addWidget(tab)
        tab.resize(1280, 800)
        tab.show()
        qtbot.waitExposed(tab)
        wait_for_progress(qtbot, tab)
        return tab

    return make


@pytest.fixture
def demo(seeded):
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.routines import seed_builtin_routines

    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=26)


@pytest.fixture
def tab(demo, make_tab) -> ProgressTab:
    return make_tab()


# The completer's popup asks the offscreen platform for things it cannot do.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_pick_exercise_metric_and_range_plots_the_series(tab, qtbot, prefs):
    assert not tab.is_empty
    history = progress_history()
    assert [tab.exercise_combo.itemText(i) for i in range(tab.exercise_combo.count())] == [
        name for _, name, _ in history
    ]
    assert tab.current_exercise_id() == history[0][0]  # the most logged first
    assert tab.current_range() is Range.Y1

    # Type part of a name; the completer lists matches anywhere in the name.
    pulldown = exercise_id("lat-pulldown")
    line_edit = tab.exercise_combo.lineEdit()
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, "pulldown")
    popup = tab.exercise_combo.search.popup()
    qtbot.waitUntil(popup.isVisible)
    matches = tab.exercise_combo.search.completionModel()
    names = [matches.index(r, 0).data() for r in range(matches.rowCount())]
    assert names and all("pulldown" in n.casefold() for n in names)
    row = names.index("Lat Pulldown")
    popup.setCurrentIndex(matches.index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.current_exercise_id() == pulldown)

    tab.set_metric(Metric.HEAVIEST)
    qtbot.mouseClick(tab.range_buttons[Range.M3], Qt.MouseButton.LeftButton)
    assert tab.current_range() is Range.M3
    today = clock.today()
    series = progress.exercise_series(
        pulldown, Metric.HEAVIEST, Range.M3, formula="epley", unit="kg", today=today
    )
    assert series.values
    x, y = line_xy(tab)
    assert x == dates_of(series)
    assert y == list(series.values)
    assert min(x) >= date_num(Range.M3.since(today))
    marks_x, marks_y = tab.exercise_chart.records.get_data()
    assert list(marks_y) == [series.values[i] for i in series.record_indices]
    assert list(marks_x) == [x[i] for i in series.record_indices]
    assert tab.exercise_chart.ax.get_ylabel() == "Heaviest weight (kg)"
    assert "Lat Pulldown" in tab.exercise_chart.title.get_text()
    slope, intercept = series.trend
    trend_x, trend_y = tab.exercise_chart.trend.get_data()
    assert list(trend_x) == [x[0], x[-1]]
    assert trend_y[0] == pytest.approx(slope * series.days[0].toordinal() + intercept)

    # Total reps are counts, not weights, and all of history is longer than three months.
    tab.set_metric(Metric.TOTAL_REPS)
    tab.set_range(Range.ALL)
    everything = progress.exercise_series(
        pulldown, Metric.TOTAL_REPS, Range.ALL, formula="epley", unit="kg", today=today
    )
    x, y = line_xy(tab)
    assert y == list(everything.values)
    assert len(x) > len(series.days)
    assert tab.exercise_chart.ax.get_ylabel() == "Total reps"


def progress_history() -> list[tuple[int, str, int]]:
    from backtracker.storage.progress import exercises_with_history

    return exercises_with_history()


def test_logged_workout_shows_up_with_exact_values(make_tab, seeded, events, qtbot):
    row = exercise_id("dumbbell-row")
    # Earlier today, whatever the hour (a fixed 07:30 was in the future before 07:30).
    today = max(dt.datetime.combine(clock.today(), dt.time()), clock.now() - dt.timedelta(hours=1))
    log_workout(
        today - dt.timedelta(days=7),
        row,
        [(10.0, 12, "warmup"), (20.0, 10, "normal"), (22.5, 8, "normal")],
        events,
    )
    tab = make_tab()
    assert tab.current_exercise_id() == row
    epley = [22.5 * (1 + 8 / 30)]  # 20 × 10 gives 26.67, less; the warm-up does not count
    assert line_xy(tab)[1] == pytest.approx(epley)
    assert tab.records_model.index(0, Column.VALUE).data() == "28.5 kg"
    assert tab.records_model.index(1, Column.VALUE).data() == "22.5 kg"  # heaviest
    assert tab.records_model.index(2, Column.VALUE).data() == "200 kg"  # best set volume

    log_workout(today, row, [(25.0, 6, "normal"), (40.0, 15, "normal")], events)
    qtbot.waitUntil(lambda: len(line_xy(tab)[0]) == 2)
    x, y = line_xy(tab)
    assert x[-1] == date_num(clock.today())
    assert y == pytest.approx([*epley, 25.0 * (1 + 6 / 30)])  # 15 reps give no estimate
    assert list(tab.exercise_chart.records.get_ydata()) == pytest.approx(y)  # both records
    assert tab.records_model.index(1, Column.VALUE).data() == "40 kg"
    record_day = tab.records_model.index(1, Column.DATE).data()
    assert record_day.endswith(dates.format_month(clock.today()))
    assert tab.records_model.index(2 + 6, Column.VALUE).data() == "25 kg"  # 6RM


def test_hidden_tab_refreshes_when_shown_not_before(make_tab, seeded, events, qtbot, monkeypatch):
    row = exercise_id("dumbbell-row")
    start = dt.datetime.combine(clock.today(), dt.time(7)) - dt.timedelta(days=3)
    log_workout(start, row, [(20.0, 10, "normal")], events)
    tab = make_tab()
    tab.hide()
    calls = []
    real = progress.exercise_series
    monkeypatch.setattr(
        progress, "exercise_series", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    log_workout(start + dt.timedelta(days=2), row, [(21.0, 10, "normal")], events)
    qtbot.wait(20)
    assert calls == [] and len(line_xy(tab)[0]) == 1
    tab.show()
    qtbot.waitUntil(lambda: len(line_xy(tab)[0]) == 2)
    assert len(calls) == 1  # the burst of change signals gave one refresh


def test_pounds_preference_converts_the_chart_and_records(tab, prefs, events, qtbot):
    kg_y = line_xy(tab)[1]
    prefs.prefs = Preferences(unit="lb")
    events.preferences_changed.emit()
    qtbot.waitUntil(lambda: tab.exercise_chart.ax.get_ylabel() == "Estimated 1RM (lb)")
    assert line_xy(tab)[1] == pytest.approx([v / KG_PER_LB for v in kg_y])
    assert tab.records_model.index(0, Column.VALUE).data().endswith(" lb")
    series = progress.exercise_series(
        tab.current_exercise_id(), Metric.E1RM, Range.Y1, formula="epley", unit="lb"
    )
    assert "lb" in series.details[-1]


def test_brzycki_preference_changes_the_estimates(tab, prefs, events, qtbot):
    epley = line_xy(tab)[1]
    prefs.prefs = Preferences(formula="brzycki")
    events.preferences_changed.emit()
    qtbot.waitUntil(lambda: line_xy(tab)[1] != epley)
    series = progress.exercise_series(
        tab.current_exercise_id(), Metric.E1RM, Range.Y1, formula="brzycki", unit="kg"
    )
    assert line_xy(tab)[1] == list(series.values)


def test_hover_shows_the_nearest_point_and_hides_away_from_it(tab, qtbot):
    from matplotlib.backend_bases import MouseEvent

    chart = tab.exercise_chart
    chart.canvas.draw()
    index = len(chart.shown.values) - 2
    x, y = chart.ax.transData.transform(
        (chart.line.get_xdata()[index], chart.line.get_ydata()[index])
    )

    def move(px: float, py: float) -> None:
        event = MouseEvent("motion_notify_event", chart.canvas, px, py)
        chart.canvas.callbacks.process("motion_notify_event", event)

    move(x + 3, y - 2)
    assert chart.hover.get_visible()
    day = chart.shown.series.days[index]
    text = chart.hover.get_text()
    # English whatever the locale (not strftime's %b, which follows LC_TIME).
    assert text.startswith(f"{dates.format_date(day)} · {chart.shown.values[index]:.1f} kg")
    assert "(best set " in text
    move(x, y + 80)
    assert not chart.hover.get_visible()


def test_records_model_passes_the_model_tester(qtmodeltester, demo):
    model = RecordsModel()
    qtmodeltester.check(model)
    model.set_records(progress.records(exercise_id("dumbbell-row"), formula="epley"), "kg", "epley")
    qtmodeltester.check(model)
    assert model.rowCount() == 15
    labels = [model.index(r, Column.RECORD).data() for r in range(15)]
    assert labels[:4] == ["Best e1RM", "Heaviest weight", "Best set volume", "1RM"]
    assert labels[-1] == "12RM"
    assert model.index(3, Column.VALUE).data() == "—"  # the demo never does single reps


def test_overview_shows_sessions_goal_volume_and_bodyweight(tab, prefs, qtbot):
    from backtracker.ui.progress.overview_chart import top_muscles

    prefs.prefs = Preferences(goal_minimum=2, goal_target=4)
    tab.set_range(Range.M6)
    qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
    chart = tab.overview_chart
    assert tab.pages.currentWidget() is chart and not tab.exercise_controls.isVisible()
    overview = progress.overview(rng=Range.M6, today=clock.today())
    counts = [count for _, count in overview.weeks if count]
    bars = chart.bars.get_paths()
    assert len(bars) == len(counts)
    assert [path.vertices[:, 1].max() for path in bars] == counts
    assert (chart.goal_band.get_y(), chart.goal_band.get_height()) == (2, 2)
    layers = top_muscles(overview.muscle_volumes)
    assert chart.layer_keys == [key for key, _ in layers]
    labels = [text.get_text() for text in chart.volume_legend.get_texts() if text.get_visible()]
    assert labels[0] == overview.muscle_names[layers[0][0]].capitalize()
    weights = [kg for _, kg in overview.bodyweight]
    assert list(chart.body_line.get_ydata()) == weights
    assert list(chart.body_avg.get_ydata()) == list(overview.bodyweight_avg7)

    qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
    assert tab.pages.currentWidget() is tab.splitter and tab.exercise_controls.isVisible()


def test_top_muscles_keeps_five_and_sums_the_rest():
    from backtracker.ui.progress.overview_chart import top_muscles

    volumes = {k: (float(v), 1.0) for k, v in zip("abcdefg", (7, 6, 5, 4, 3, 2, 1), strict=True)}
    layers = top_muscles(volumes)
    assert [key for key, _ in layers] == ["a", "b", "c", "d", "e", "other"]
    assert layers[-1][1] == [3.0, 2.0]


def test_chart_colours_follow_the_theme(tab, theme, qtbot):
    chart = tab.exercise_chart
    assert chart.figure.get_facecolor() == rgba(LIGHT.base)
    theme.apply(ThemeMode.DARK)
    assert chart.figure.get_facecolor() == rgba(DARK.base)
    assert chart.ax.get_facecolor() == rgba(DARK.base)
    assert tab.overview_chart.figure.get_facecolor() == rgba(DARK.base)
    assert rgba(chart.line.get_color()) == rgba(DARK.accent)
    assert rgba(chart.records.get_markerfacecolor()) == rgba(DARK.star)
    assert rgba(chart.title.get_color()) == rgba(DARK.text)
    theme.apply(ThemeMode.LIGHT)
    assert rgba(chart.line.get_color()) == rgba(LIGHT.accent)


def test_empty_profile_shows_what_to_do(make_tab, qtbot):
    tab = make_tab()
    assert tab.is_empty
    assert tab.stack.currentWidget().isVisible()
    assert not tab.exercise_chart.isVisible()
    button = next(b for b in tab.empty_state.findChildren(QPushButton))
    with qtbot.waitSignal(tab.log_requested):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_build_progress_tab_builds_the_tab(qtbot, seeded, theme, events, prefs):
    from backtracker.ui.progress import build_progress_tab
    from backtracker.ui.progress.tab import ProgressTab

    widget = build_progress_tab(events, prefs)
    qtbot.addWidget(widget)
    assert isinstance(widget, ProgressTab)


def test_start_up_does_not_import_matplotlib_and_its_cache_is_kept():
    code = (
        "import sys, backtracker.ui.main_window, backtracker.ui.progress; "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported at start-up'; "
        "import backtracker.ui.progress.tab, matplotlib; "
        "print(matplotlib.get_configdir())"
    )
    env = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "BackTracker" / "matplotlib"
    assert Path(result.stdout.strip()) == cache


@pytest.mark.parametrize("page", ["overview", "body", "calendar", "lower_back", "back"])
def test_one_page_at_a_time_and_charting_an_exercise_leaves_it(tab, qtbot, page):
    """The five pages replace the exercise chart one at a time; clicking the lit one, or
    asking for an exercise (the Library's "progress" link does), brings the chart back."""
    others = [key for key in tab.page_buttons if key != page]
    qtbot.mouseClick(tab.page_buttons[others[0]], Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    qtbot.mouseClick(tab.page_buttons[page], Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    assert tab.page() == page
    assert [key for key, b in tab.page_buttons.items() if b.isChecked()] == [page]
    assert tab.pages.currentWidget() is tab._page_widget(page)
    assert not tab.exercise_controls.isVisible()
    assert tab.overview_caption.isVisible() == (page == "overview")
    ranges_shown = page not in ("calendar", "back")
    assert all(b.isVisible() == ranges_shown for b in tab.range_buttons.values())

    qtbot.mouseClick(tab.page_buttons[page], Qt.MouseButton.LeftButton)  # off again
    qtbot.wait(200)
    assert tab.page() is None
    assert tab.pages.currentWidget() is tab.splitter
    assert tab.exercise_controls.isVisible()

    qtbot.mouseClick(tab.page_buttons[page], Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    pulldown = exercise_id("lat-pulldown")
    assert tab.set_exercise(pulldown)
    assert tab.page() is None
    assert tab.pages.currentWidget() is tab.splitter
    assert tab.current_exercise_id() == pulldown
    assert "Lat Pulldown" in tab.exercise_chart.title.get_text()
    assert all(b.isVisible() for b in tab.range_buttons.values())
