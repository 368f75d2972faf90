"""Progress's "Show both sides" for a one-sided exercise (issue 14, section 4): a left and a
right line of the estimated 1RM or reps, drawn only for one-sided exercises.

Single-Arm Dumbbell Row:
    2026-03-02  20 kg × 8 / 7 (left / right)
    2026-03-09  20 kg × 9 / 8, 20 kg × 8 each side
Estimated 1RM (Epley) per side: left 20 × (1 + 8/30), then 20 × (1 + 9/30);
right 20 × (1 + 7/30), then 20 × (1 + 8/30) (the each-side set equals 9 / 8's right).
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from backtracker.services import logbook, side_progress
from backtracker.services.preferences import Preferences
from backtracker.services.progress import Metric, Range
from backtracker.storage.models import Exercise
from backtracker.ui.events import DataEvents
from tests.ui.test_progress_lazy_19 import wait_for_progress

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)


def exercise_id(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def log(day: dt.date, exercise: int, sets: list[dict]) -> None:
    prefs = Preferences()
    when = dt.datetime.combine(day, dt.time(18))
    workout_id = logbook.start_workout(prefs, started_at=when)
    link = logbook.add_exercise(workout_id, exercise, prefs)
    for values in sets:
        logbook.add_set(link, {**values, "completed": True, "completed_at": when})
    logbook.finish_workout(workout_id, when + dt.timedelta(minutes=40))


@pytest.fixture
def history(seeded) -> int:
    row = exercise_id("single-arm-dumbbell-row")
    log(dt.date(2026, 3, 2), row, [{"weight_kg": 20.0, "reps": 7, "reps_left": 8, "reps_right": 7}])
    log(
        dt.date(2026, 3, 9),
        row,
        [
            {"weight_kg": 20.0, "reps": 8, "reps_left": 9, "reps_right": 8},
            {"weight_kg": 20.0, "reps": 8},
        ],
    )
    log(dt.date(2026, 3, 9), exercise_id("dumbbell-row"), [{"weight_kg": 30.0, "reps": 8}])
    return row


def e1rm(weight: float, reps: int) -> float:
    return weight * (1 + reps / 30)


def test_side_series_give_each_side_its_reps(history):
    sides = side_progress.side_series(history, Metric.E1RM, Range.ALL, formula="epley")
    assert sides is not None
    left, right = sides
    assert left.values == pytest.approx((e1rm(20, 8), e1rm(20, 9)))
    assert right.values == pytest.approx((e1rm(20, 7), e1rm(20, 8)))
    most = side_progress.side_series(history, Metric.MOST_REPS, Range.ALL, formula="epley")
    assert most is not None
    assert most[0].values == (8.0, 9.0) and most[1].values == (7.0, 8.0)
    assert side_progress.side_series(history, Metric.HEAVIEST, Range.ALL, formula="epley") is None


def test_show_both_sides_draws_a_left_and_a_right_line(history, qtbot, theme):
    from backtracker.ui.progress.tab import ProgressTab

    events = DataEvents()  # kept alive for the whole test
    tab = ProgressTab(events, Preferences)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    qtbot.waitExposed(tab)
    wait_for_progress(qtbot, tab)
    assert tab.set_exercise(exercise_id("dumbbell-row"))
    qtbot.wait(200)
    assert not tab.sides_toggle.isVisible()  # two-sided: nothing to split

    assert tab.set_exercise(history)
    tab.set_range(Range.ALL)
    qtbot.wait(200)
    toggle = tab.sides_toggle
    assert toggle.isVisible() and toggle.isEnabled() and not toggle.isChecked()
    assert tab.exercise_chart.sides.values() == ((), ())
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton, pos=QPoint(8, toggle.height() // 2))
    qtbot.wait(300)
    assert toggle.isChecked()
    left, right = tab.exercise_chart.sides.values()
    assert left == pytest.approx((e1rm(20, 8), e1rm(20, 9)))
    assert right == pytest.approx((e1rm(20, 7), e1rm(20, 8)))
    assert tab.exercise_chart.sides.legend.get_visible()

    assert tab.set_metric(Metric.HEAVIEST)  # the same for both sides: no side lines
    qtbot.wait(200)
    assert not toggle.isEnabled()
    assert tab.exercise_chart.sides.values() == ((), ())
    assert tab.set_metric(Metric.TOTAL_REPS)  # each side's reps: 8, 9 + 8 and 7, 8 + 8
    qtbot.wait(200)
    assert tab.exercise_chart.sides.values() == ((8.0, 17.0), (7.0, 16.0))
