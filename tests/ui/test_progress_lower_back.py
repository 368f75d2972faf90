"""Progress ▸ Lower back: the toggle next to Calendar, the bars of high and moderate
spinal-load sets, the flags and posture check-ins as points, the list of notes, hover, and
the empty state.

History (today Wed 18 Mar 2026, the pinned clock):
    Tue 3 Mar   Barbell Row 4 work sets + 1 warm-up (high), Seated Cable Row 2 (moderate);
                flags: Barbell Row 6 "pulled on the left", the lower back as a whole 3;
                posture 2 "stiff in the morning"
    Thu 12 Mar  Deadlift 3 work sets (high); flag: Deadlift 4; posture 4
So the week of Mon 2 Mar has 4 high + 2 moderate sets, the week of 9 Mar 3 high.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from backtracker.services import discomfort
from backtracker.services.preferences import Preferences
from backtracker.services.progress import Range
from backtracker.storage import workouts
from backtracker.storage.models import Exercise
from backtracker.ui.events import DataEvents
from tests.ui.test_progress_lazy_19 import wait_for_progress

PAUSE = 300
DONE = {"completed": True}
TUESDAY = dt.date(2026, 3, 3)
THURSDAY = dt.date(2026, 3, 12)


class PrefsHolder:
    def __init__(self) -> None:
        self.prefs = Preferences()

    def __call__(self) -> Preferences:
        return self.prefs


def log(when: dt.datetime, sets: dict[str, int], warmups: int = 0) -> tuple[int, dict[str, int]]:
    workout = workouts.start_workout(when)
    links = {}
    for key, count in sets.items():
        exercise = Exercise.get(Exercise.catalogue_key == key).id
        link = workouts.add_exercise(workout, workouts.PlannedExercise(exercise))
        links[key] = link
        for _ in range(warmups):
            workouts.add_set(link, {"weight_kg": 20.0, "reps": 10, "set_type": "warmup", **DONE})
        for _ in range(count):
            workouts.add_set(link, {"weight_kg": 60.0, "reps": 8, **DONE})
    workouts.finish_workout(workout, when + dt.timedelta(hours=1))
    return workout, links


def date_num(day: dt.date) -> float:
    import matplotlib.dates as mdates

    return float(mdates.date2num(day))


def bars(collection) -> list[tuple[float, float, float]]:  # type: ignore[no-untyped-def]
    """(left edge, bottom, top) of each bar."""
    out = []
    for path in collection.get_paths():
        xs, ys = path.vertices[:, 0], path.vertices[:, 1]
        out.append((round(float(xs.min()), 3), float(ys.min()), float(ys.max())))
    return sorted(out)


def points(line) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    return [(float(x), float(y)) for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True)]


@pytest.fixture
def events(qapp) -> DataEvents:
    return DataEvents()


@pytest.fixture
def history(seeded) -> dict[str, int]:
    tuesday, links = log(
        dt.datetime(2026, 3, 3, 18), {"barbell-row": 4, "seated-cable-row": 2}, warmups=1
    )
    discomfort.save(tuesday, {links["barbell-row"]: (6, "pulled on the left"), None: (3, "")})
    workouts.update_workout(tuesday, {"posture_score": 2, "posture_note": "stiff in the morning"})
    thursday, links = log(dt.datetime(2026, 3, 12, 7), {"deadlift": 3})
    discomfort.save(thursday, {links["deadlift"]: (4, "")})
    workouts.update_workout(thursday, {"posture_score": 4})
    return {"tuesday": tuesday, "thursday": thursday, "deadlift_link": links["deadlift"]}


def make_tab(qtbot, events):  # type: ignore[no-untyped-def]
    from backtracker.ui.progress.tab import ProgressTab

    tab = ProgressTab(events, PrefsHolder())
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    qtbot.waitExposed(tab)
    wait_for_progress(qtbot, tab)
    return tab


@pytest.fixture
def tab(qtbot, history, theme, events):  # type: ignore[no-untyped-def]
    tab = make_tab(qtbot, events)
    qtbot.mouseClick(tab.lower_back_button, Qt.MouseButton.LeftButton)
    qtbot.wait(PAUSE)
    return tab


def test_the_chart_has_the_bars_and_points_of_the_history(tab, qtbot, qtmodeltester):
    page = tab.lower_back_page
    assert tab.pages.currentWidget() is page and not page.is_empty
    assert not tab.exercise_controls.isVisible()
    assert all(button.isVisible() for button in tab.range_buttons.values())
    chart = page.chart
    week_1, week_2 = date_num(dt.date(2026, 3, 2)), date_num(dt.date(2026, 3, 9))
    # Warm-ups left out: 4 high sets, not 5; the moderate bar sits on the high one.
    assert bars(chart.high_bars) == [(round(week_1 + 0.8, 3), 0, 4), (round(week_2 + 0.8, 3), 0, 3)]
    assert bars(chart.moderate_bars) == [(round(week_1 + 0.8, 3), 4, 6)]
    assert points(chart.exercise_flags) == [
        (date_num(TUESDAY) + 0.5, 6),
        (date_num(THURSDAY) + 0.5, 4),
    ]
    assert points(chart.whole_flags) == [(date_num(TUESDAY) + 0.5, 3)]
    assert points(chart.posture_points) == [
        (date_num(TUESDAY) + 0.5, 2),
        (date_num(THURSDAY) + 0.5, 4),
    ]
    legend = [text.get_text() for text in chart.legend.get_texts()]
    assert legend == [
        "High spinal-load sets a week",
        "Moderate spinal-load sets a week",
        "Discomfort on an exercise",
        "Discomfort, lower back as a whole",
        "4 or more: counts for a swap",
    ]
    assert page.summary.text() == (
        "Last 3 weeks: 2 flags of 4 or more (Barbell Row once, Deadlift once); posture 3 of 5 "
        "on average; high-spinal-load sets 3.5 a week on average."
    )
    # The list: flags and the noted check-in, newest first.
    qtmodeltester.check(page.model)
    model = page.model
    rows = [
        [model.index(row, column).data() for column in range(4)] for row in range(model.rowCount())
    ]
    assert rows == [
        ["12 Mar 2026", "Deadlift", "4 of 10", ""],
        ["3 Mar 2026", "Lower back as a whole", "3 of 10", ""],
        ["3 Mar 2026", "Barbell Row", "6 of 10", "pulled on the left"],
        ["3 Mar 2026", "Posture check-in", "2 of 5", "stiff in the morning"],
    ]


def test_a_shorter_range_and_a_new_flag_redraw_it(tab, history, events, qtbot):
    page = tab.lower_back_page
    old, _ = log(dt.datetime(2025, 12, 2, 18), {"deadlift": 2})
    workouts.update_workout(old, {"posture_score": 3})
    events.workouts_changed.emit()
    qtbot.waitUntil(lambda: page.history is not None and len(page.history.posture) == 3)
    assert page.history.weeks[0] == dt.date(2025, 12, 1)  # 1 year: from the first week
    qtbot.mouseClick(tab.range_buttons[Range.W4], Qt.MouseButton.LeftButton)
    qtbot.wait(PAUSE)
    # From 18 Feb: the weeks of 2, 9 and 16 Mar (none before the first training in it).
    assert page.history.weeks == (dt.date(2026, 3, 2), dt.date(2026, 3, 9), dt.date(2026, 3, 16))
    assert len(points(page.chart.posture_points)) == 2
    assert page.summary.text().startswith("Last 3 weeks: 2 flags of 4 or more")
    discomfort.save(history["thursday"], {history["deadlift_link"]: (8, "worse")})
    events.workouts_changed.emit()  # what the Log's discomfort dialog emits
    qtbot.waitUntil(lambda: (date_num(THURSDAY) + 0.5, 8) in points(page.chart.exercise_flags))
    assert page.model.index(0, 3).data() == "worse"


def test_hovering_a_flag_shows_its_note(tab, qtbot):
    chart = tab.lower_back_page.chart
    chart.canvas.draw()
    index = next(i for i, mark in enumerate(chart.marks) if "pulled" in mark.text)
    x, y = chart.mark_position(index)
    ratio = chart.canvas.device_pixel_ratio
    where = QPoint(round(x / ratio), round(chart.canvas.height() - y / ratio))
    qtbot.mouseMove(chart.canvas, where)
    qtbot.waitUntil(chart.hover.get_visible)
    assert chart.hover.get_text() == "3 Mar 2026 · Barbell Row: 6 of 10\npulled on the left"
    qtbot.mouseMove(chart.canvas, where + QPoint(0, 120))
    qtbot.waitUntil(lambda: not chart.hover.get_visible())


def test_a_row_opens_its_workout(tab, history, events, qtbot):
    table = tab.lower_back_page.table
    rect = table.visualRect(tab.lower_back_page.model.index(2, 1))
    with qtbot.waitSignal(events.open_workout_requested, timeout=2000) as signal:
        # A double-click, as Qt sees one: press, release, then the double-click event.
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [history["tuesday"]]
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # row 0
    with qtbot.waitSignal(events.open_workout_requested, timeout=2000) as signal:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert signal.args == [history["thursday"]]


def test_other_pages_take_over_and_back(tab, qtbot):
    qtbot.mouseClick(tab.overview_button, Qt.MouseButton.LeftButton)
    qtbot.wait(PAUSE)
    assert not tab.lower_back_button.isChecked()
    assert tab.pages.currentWidget() is tab.overview_chart
    qtbot.mouseClick(tab.lower_back_button, Qt.MouseButton.LeftButton)
    qtbot.wait(PAUSE)
    assert not tab.overview_button.isChecked()
    assert tab.pages.currentWidget() is tab.lower_back_page
    qtbot.mouseClick(tab.calendar_button, Qt.MouseButton.LeftButton)
    qtbot.wait(PAUSE)
    assert not tab.lower_back_button.isChecked()
    assert tab.pages.currentWidget() is tab.calendar_page
    qtbot.mouseClick(tab.lower_back_button, Qt.MouseButton.LeftButton)
    qtbot.wait(PAUSE)
    assert not tab.calendar_button.isChecked()
    assert all(button.isVisible() for button in tab.range_buttons.values())
    qtbot.mouseClick(tab.lower_back_button, Qt.MouseButton.LeftButton)  # off: the exercise
    qtbot.wait(PAUSE)
    assert tab.pages.currentWidget() is tab.splitter
    assert tab.exercise_controls.isVisible()


def test_empty_state_says_where_to_flag(qtbot, seeded, theme, events):
    log(dt.datetime(2026, 3, 10, 18), {"barbell-row": 3})  # training, but no flag or check-in
    tab = make_tab(qtbot, events)
    qtbot.mouseClick(tab.lower_back_button, Qt.MouseButton.LeftButton)
    qtbot.wait(PAUSE)
    page = tab.lower_back_page
    assert page.is_empty and page.empty_state.isVisible()
    assert page.empty_message.text().startswith(
        "Flag discomfort after a workout (Discomfort… in the Log) to see it here."
    )
    with qtbot.waitSignal(tab.log_requested, timeout=2000):
        qtbot.mouseClick(page.empty_state.findChild(QPushButton), Qt.MouseButton.LeftButton)


def test_flags_outside_the_range_say_try_a_longer_one(qtbot, seeded, theme, events):
    workout, links = log(dt.datetime(2025, 12, 2, 18), {"deadlift": 2})
    discomfort.save(workout, {links["deadlift"]: (5, "")})
    tab = make_tab(qtbot, events)
    qtbot.mouseClick(tab.lower_back_button, Qt.MouseButton.LeftButton)
    qtbot.wait(PAUSE)
    qtbot.mouseClick(tab.range_buttons[Range.W4], Qt.MouseButton.LeftButton)
    qtbot.wait(PAUSE)
    chart = tab.lower_back_page.chart
    assert not tab.lower_back_page.is_empty
    assert chart.messages[0].get_visible()
    assert "try a longer one" in chart.messages[0].get_text()
    assert points(chart.exercise_flags) == []
