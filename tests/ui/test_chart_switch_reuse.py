"""Switching exercise in the Progress chart reuses what it can (issue 17, Charts).

The tab keeps each exercise's figures until the data changes (services/progress_cache.py),
and the figure keeps its constrained layout while nothing around the axes changes size
(ui/progress/mpl.py SteadyLayout). Neither may ever show something stale: a set logged,
edited or deleted, a bodyweight, a change of unit or formula must all reach the chart.

matplotlib and the chart modules are imported inside the tests (see test_progress_tab.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt

from backtracker.domain import clock
from backtracker.domain.units import KG_PER_LB
from backtracker.services import logbook, progress
from backtracker.services.preferences import Preferences
from backtracker.services.progress import Metric, Range
from backtracker.storage import progress as store
from backtracker.storage.models import Exercise
from backtracker.ui.events import DataEvents
from backtracker.ui.progress.records_model import Column
from tests.ui.test_progress_lazy_19 import wait_for_progress

if TYPE_CHECKING:
    from backtracker.ui.progress.tab import ProgressTab

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)


class PrefsHolder:
    def __init__(self) -> None:
        self.prefs = Preferences()

    def __call__(self) -> Preferences:
        return self.prefs


def exercise_id(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


@pytest.fixture
def events(qapp) -> DataEvents:
    return DataEvents()


@pytest.fixture
def prefs() -> PrefsHolder:
    return PrefsHolder()


@pytest.fixture
def tab(qtbot, seeded, theme, events, prefs) -> ProgressTab:
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.ui.progress.tab import ProgressTab

    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=26)
    widget = ProgressTab(events, prefs)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    wait_for_progress(qtbot, widget)
    return widget


@pytest.fixture
def days_read(monkeypatch) -> list[int]:
    """The exercises whose per-day figures were read from the database, in order."""
    calls: list[int] = []
    real = store.exercise_days

    def counting(exercise: int, **kwargs):
        calls.append(exercise)
        return real(exercise, **kwargs)

    monkeypatch.setattr(store, "exercise_days", counting)
    return calls


def choose_next_exercise(tab: ProgressTab, qtbot, *, up: bool = False) -> int:
    """Down (or Up) in the exercise box, as a person steps through the list."""
    combo = tab.exercise_combo
    before = tab.current_exercise_id()
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Up if up else Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: tab.current_exercise_id() != before)
    qtbot.wait(50)
    return tab.current_exercise_id()


def shown(tab: ProgressTab) -> dict[str, object]:
    """Everything the exercise chart shows of its data, and the records table."""
    chart = tab.exercise_chart
    model = tab.records_model
    return {
        "line": [list(map(float, a)) for a in chart.line.get_data()],
        "records": [list(map(float, a)) for a in chart.records.get_data()],
        "trend": [list(map(float, a)) for a in chart.trend.get_data()],
        "goal": [list(map(float, a)) for a in chart.goal.goal_line.get_data()],
        "title": chart.title.get_text(),
        "ylabel": chart.ax.get_ylabel(),
        "xlim": tuple(chart.ax.get_xlim()),
        "ylim": tuple(chart.ax.get_ylim()),
        "table": [
            [model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())
        ],
        "details": chart.shown.series.details if chart.shown else (),
    }


def expected_series(tab: ProgressTab, prefs: PrefsHolder, metric: Metric = Metric.E1RM):
    return progress.exercise_series(
        tab.current_exercise_id(),
        metric,
        tab.current_range(),
        formula=prefs.prefs.formula,
        unit=prefs.prefs.unit,
        today=clock.today(),
    )


def test_switching_back_shows_the_same_chart_without_reading_again(tab, qtbot, days_read):
    first = tab.current_exercise_id()
    tab.exercise_chart.canvas.draw()
    before = shown(tab)
    second = choose_next_exercise(tab, qtbot)
    assert second != first
    tab.exercise_chart.canvas.draw()
    assert shown(tab) != before
    assert choose_next_exercise(tab, qtbot, up=True) == first
    tab.exercise_chart.canvas.draw()
    assert shown(tab) == before  # same points, stars, trend, goal, axes and records
    assert days_read.count(first) == 0  # read before the spy was set: not read again
    assert days_read == [second]


def test_a_set_logged_while_shown_reaches_the_chart_and_the_records(
    tab, qtbot, events, prefs, days_read
):
    row = tab.current_exercise_id()
    other = choose_next_exercise(tab, qtbot)
    choose_next_exercise(tab, qtbot, up=True)  # both are cached now
    points = len(tab.exercise_chart.line.get_xdata())
    when = dt.datetime.combine(clock.today(), dt.time(7, 30))
    workout_id = logbook.start_workout(Preferences(), started_at=when)
    link_id = logbook.add_exercise(workout_id, row, Preferences())
    set_id = logbook.add_set(
        link_id,
        {"weight_kg": 400.0, "reps": 3, "set_type": "normal", "completed": True},
    )
    events.sets_changed.emit()  # what the Log tab says after a set
    qtbot.waitUntil(lambda: len(tab.exercise_chart.line.get_xdata()) == points + 1)
    series = expected_series(tab, prefs)
    assert list(tab.exercise_chart.line.get_ydata()) == pytest.approx(series.values)
    assert series.values[-1] == pytest.approx(400.0 * (1 + 3 / 30))
    assert tab.exercise_chart.records.get_ydata()[-1] == pytest.approx(440.0)  # a new ★
    assert tab.records_model.index(0, Column.VALUE).data() == "440 kg"

    # Edited: the point moves.
    logbook.update_set_values(set_id, {"weight_kg": 300.0})
    events.sets_changed.emit()
    qtbot.waitUntil(lambda: tab.exercise_chart.line.get_ydata()[-1] == pytest.approx(330.0))
    assert tab.records_model.index(0, Column.VALUE).data() == "330 kg"

    # Deleted: the point goes.
    logbook.delete_set(set_id)
    events.sets_changed.emit()
    qtbot.waitUntil(lambda: len(tab.exercise_chart.line.get_xdata()) == points)
    assert list(tab.exercise_chart.line.get_ydata()) == pytest.approx(
        expected_series(tab, prefs).values
    )
    # The other exercise was read again after the change, not taken from before it.
    days_read.clear()
    choose_next_exercise(tab, qtbot)
    assert tab.current_exercise_id() == other and days_read == [other]


def test_a_change_the_tab_was_not_told_of_is_still_seen(tab, qtbot, prefs):
    """A write without an event (another window, a background task): the data stamp."""
    row = tab.current_exercise_id()
    choose_next_exercise(tab, qtbot)
    when = dt.datetime.combine(clock.today() - dt.timedelta(days=1), dt.time(7, 30))
    workout_id = logbook.start_workout(Preferences(), started_at=when)
    link_id = logbook.add_exercise(workout_id, row, Preferences())
    logbook.add_set(link_id, {"weight_kg": 500.0, "reps": 1, "completed": True})
    choose_next_exercise(tab, qtbot, up=True)
    assert tab.exercise_chart.line.get_ydata()[-1] == pytest.approx(500.0)
    assert list(tab.exercise_chart.line.get_ydata()) == pytest.approx(
        expected_series(tab, prefs).values
    )


def test_unit_and_formula_preferences_redraw_the_cached_exercise(tab, qtbot, events, prefs):
    kg = list(tab.exercise_chart.line.get_ydata())
    choose_next_exercise(tab, qtbot)
    choose_next_exercise(tab, qtbot, up=True)
    prefs.prefs = Preferences(unit="lb")
    events.preferences_changed.emit()
    qtbot.waitUntil(lambda: tab.exercise_chart.ax.get_ylabel().endswith("(lb)"))
    assert list(tab.exercise_chart.line.get_ydata()) == pytest.approx([v / KG_PER_LB for v in kg])
    assert " lb" in tab.exercise_chart.shown.series.details[-1]
    prefs.prefs = Preferences(unit="kg", formula="brzycki")
    events.preferences_changed.emit()
    expected = expected_series(tab, prefs).values
    assert list(expected) != pytest.approx(kg)  # Brzycki differs from Epley here
    qtbot.waitUntil(lambda: list(tab.exercise_chart.line.get_ydata()) == pytest.approx(expected))


def test_logged_bodyweight_reaches_a_bodyweight_exercise(tab, qtbot, events, prefs):
    pull = exercise_id("pull-up")
    for days_ago in (3, 1):
        when = dt.datetime.combine(clock.today() - dt.timedelta(days=days_ago), dt.time(7))
        workout_id = logbook.start_workout(Preferences(), started_at=when)
        link_id = logbook.add_exercise(workout_id, pull, Preferences())
        logbook.add_set(link_id, {"weight_kg": 0.0, "reps": 8, "completed": True})
    events.sets_changed.emit()
    qtbot.wait(50)
    assert tab.set_exercise(pull)
    tab.set_metric(Metric.E1RM)
    qtbot.wait(50)
    before = list(tab.exercise_chart.line.get_ydata())
    assert len(before) == 2
    choose_next_exercise(tab, qtbot, up=True)  # the last in the list
    assert tab.set_exercise(pull)  # cached now
    tab.set_metric(Metric.E1RM)
    assert list(tab.exercise_chart.line.get_ydata()) == pytest.approx(before)
    logbook.record_bodyweight(clock.today() - dt.timedelta(days=2), "150", "kg")
    events.bodyweight_changed.emit()  # the Log tab's word; the chart is not redrawn for it
    choose_next_exercise(tab, qtbot, up=True)  # the last in the list
    assert tab.set_exercise(pull)
    tab.set_metric(Metric.E1RM)  # another kind of exercise was shown in between
    qtbot.wait(50)
    after = list(tab.exercise_chart.line.get_ydata())
    assert after == pytest.approx(expected_series(tab, prefs).values)
    assert after[-1] == pytest.approx(150.0 * (1 + 8 / 30))  # the new bodyweight's load
    assert after[0] == pytest.approx(before[0])  # the day before it keeps the old one


def test_the_layout_is_kept_only_while_it_would_come_out_the_same(tab, qtbot):
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    chart = tab.exercise_chart
    engine = chart.layout_engine

    def fresh_layout() -> list[tuple[float, ...]]:
        """What the plain solver gives from here, the places put back afterwards."""
        kept = [ax.get_position(original=True).frozen() for ax in chart.figure.axes]
        ConstrainedLayoutEngine.execute(engine, chart.figure)
        places = [tuple(ax.get_position().bounds) for ax in chart.figure.axes]
        for ax, place in zip(chart.figure.axes, kept, strict=True):
            ax._set_position(place)
        return places

    def pixels(bounds: tuple[float, ...]) -> tuple[float, ...]:
        width, height = chart.figure.bbox.width, chart.figure.bbox.height
        x, y, w, h = bounds
        return (x * width, y * height, w * width, h * height)

    chart.canvas.draw()
    first = tab.current_exercise_id()
    choose_next_exercise(tab, qtbot)
    chart.canvas.draw()
    choose_next_exercise(tab, qtbot, up=True)
    assert tab.current_exercise_id() == first
    runs = engine.runs
    chart.canvas.draw()
    assert engine.runs == runs  # back to a layout seen before: the solver did not run
    kept = tuple(chart.ax.get_position().bounds)
    assert pixels(kept) == pytest.approx(pixels(fresh_layout()[0]), abs=0.5)

    # Wider tick labels (session volume runs into thousands) need more room: laid out again.
    tab.set_metric(Metric.SESSION_VOLUME)
    chart.canvas.draw()
    assert engine.runs == runs + 1
    assert chart.ax.get_position().x0 > kept[0]
    assert pixels(tuple(chart.ax.get_position().bounds)) == pytest.approx(
        pixels(fresh_layout()[0]), abs=0.5
    )
    renderer = chart.figure.canvas.get_renderer()
    box = chart.ax.get_tightbbox(renderer)
    assert box.x0 >= 0 and box.y0 >= 0  # nothing cut off at the figure's edge
    assert box.x1 <= chart.figure.bbox.x1 and box.y1 <= chart.figure.bbox.y1

    # A new size is a new layout.
    tab.resize(1000, 700)
    qtbot.wait(100)
    runs = engine.runs
    chart.canvas.draw()
    assert engine.runs == runs + 1 or engine._placed is not None
    assert pixels(tuple(chart.ax.get_position().bounds)) == pytest.approx(
        pixels(fresh_layout()[0]), abs=0.5
    )


def test_remembered_date_ticks_are_matplotlibs(qapp):
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    from backtracker.ui.progress.mpl import EnglishDateFormatter, RememberingDateLocator

    figure = Figure()
    ours, plain = figure.add_subplot(2, 1, 1), figure.add_subplot(2, 1, 2)
    locator = RememberingDateLocator(minticks=3, maxticks=9)
    ours.xaxis.set_major_locator(locator)
    formatter = EnglishDateFormatter(locator)
    ours.xaxis.set_major_formatter(formatter)
    reference = mdates.AutoDateLocator(minticks=3, maxticks=9)
    plain.xaxis.set_major_locator(reference)
    plain_formatter = EnglishDateFormatter(reference)
    plain.xaxis.set_major_formatter(plain_formatter)
    views = [
        (dt.date(2016, 3, 1), dt.date(2026, 3, 18)),
        (dt.date(2025, 3, 18), dt.date(2026, 3, 18)),
        (dt.date(2026, 2, 18), dt.date(2026, 3, 18)),
        (dt.date(2016, 3, 1), dt.date(2026, 3, 18)),  # back to the first: the kept ticks
        (dt.date(2026, 3, 10), dt.date(2026, 3, 18)),
    ]
    for start, end in views:
        for ax in (ours, plain):
            ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
        for _ in range(2):
            ticks = locator()
            assert list(ticks) == list(reference())
            assert formatter.format_ticks(ticks) == plain_formatter.format_ticks(ticks)
            assert formatter.get_offset() == plain_formatter.get_offset()
    assert formatter.get_offset() == "Mar 2026"  # months named in English, kept with ticks


def test_switching_the_overview_range_back_reads_nothing(tab, qtbot, events, monkeypatch):
    calls: list[Range] = []
    real = progress.overview
    monkeypatch.setattr(progress, "overview", lambda **k: calls.append(k["rng"]) or real(**k))
    qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: calls == [Range.Y1])
    sessions = list(tab.overview_chart._week_counts)
    qtbot.mouseClick(tab.range_buttons[Range.ALL], Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    qtbot.mouseClick(tab.range_buttons[Range.Y1], Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert calls == [Range.Y1, Range.ALL]
    assert list(tab.overview_chart._week_counts) == sessions

    # A workout logged: the overview is read again and counts it.
    row = tab.current_exercise_id()
    when = dt.datetime.combine(clock.today(), dt.time(6, 0))
    workout_id = logbook.start_workout(Preferences(), started_at=when)
    link_id = logbook.add_exercise(workout_id, row, Preferences())
    logbook.add_set(link_id, {"weight_kg": 20.0, "reps": 8, "completed": True})
    events.sets_changed.emit()
    qtbot.waitUntil(lambda: len(calls) == 3)
    assert calls[-1] is Range.Y1
    assert tab.overview_chart._week_counts[-1] == sessions[-1] + 1


def test_saving_the_chart_lays_it_out_for_the_file_and_leaves_the_screen_as_it_was(
    tab, qtbot, tmp_path
):
    chart = tab.exercise_chart
    chart.canvas.draw()
    on_screen = tuple(chart.ax.get_position().bounds)
    for name in ("chart.png", "chart.svg", "chart.pdf"):
        chart.figure.savefig(tmp_path / name, dpi=150)
        assert (tmp_path / name).stat().st_size > 1000
    runs = chart.layout_engine.runs
    chart.canvas.draw()
    assert tuple(chart.ax.get_position().bounds) == pytest.approx(on_screen)
    assert chart.layout_engine.runs <= runs + 1
    assert "<svg" in (tmp_path / "chart.svg").read_text()
