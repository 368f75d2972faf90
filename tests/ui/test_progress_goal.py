"""Progress's "Goal…" (issue 15 §5): a person sets a goal by hand, the chart draws the goal
line at its height with the trend projected to it, the caption names the fit; clearing takes
it all away. Each change is a step on the window's undo stack, said in the status bar."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backtracker.domain.coach.forecast import Goal, GoalKind
from backtracker.services.progress import Metric
from backtracker.storage.models import Goal as GoalRow
from backtracker.ui.events import DataEvents
from backtracker.ui.undo import UndoPlace
from tests.storage.test_goals import exercise_id, log
from tests.ui.test_progress_lazy_19 import wait_for_progress
from tests.ui.test_progress_tab import PrefsHolder, date_num

if TYPE_CHECKING:
    from backtracker.ui.progress.goal_dialog import GoalDialog
    from backtracker.ui.progress.tab import ProgressTab

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)

PAUSE_MS = 120


@pytest.fixture
def events(qapp) -> DataEvents:
    return DataEvents()


@pytest.fixture
def prefs() -> PrefsHolder:
    return PrefsHolder()


@pytest.fixture
def rows(seeded) -> int:
    """Dumbbell Row: 30 kg × 5, 6, 7 reps a week apart (e1RM 35, 36, 37: 1 kg a week)."""
    row = exercise_id("Dumbbell Row")
    for week, reps in enumerate((5, 6, 7)):
        log(row, dt.date(2026, 3, 2) + dt.timedelta(days=7 * week), [(30.0, reps)])
    return row


class StatusBar:
    """The main window's `show_status`, as the tab is given it: what it was told."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, bool]] = []

    def __call__(self, message: str, *, undoable: bool = False) -> None:
        self.messages.append((message, undoable))


@pytest.fixture
def tab(qtbot, rows, theme, events, prefs) -> ProgressTab:
    """The tab with an undo stack and status bar of its own, as the window gives it its own
    (`tab.undo`)."""
    from PySide6.QtGui import QUndoStack

    from backtracker.ui.progress.tab import ProgressTab

    tab = ProgressTab(events, prefs, undo=UndoPlace(QUndoStack(), StatusBar()))
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    qtbot.waitExposed(tab)
    wait_for_progress(qtbot, tab)
    return tab


def _open_dialog(tab: ProgressTab, qtbot) -> GoalDialog:
    qtbot.mouseClick(tab.goals.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.goals.dialog is not None and tab.goals.dialog.isVisible())
    dialog = tab.goals.dialog
    assert dialog is not None  # the tab's child, kept by its editor until the next is opened
    return dialog


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    for char in text:
        qtbot.keyClick(widget, char)
        qtbot.wait(30)


def test_a_goal_typed_by_hand_is_saved_and_drawn_with_its_forecast(tab, qtbot, rows) -> None:
    assert tab.current_exercise_id() == rows
    assert tab.current_metric() is Metric.E1RM
    overlay = tab.exercise_chart.goal
    assert not overlay.goal_line.get_visible() and overlay.caption.isHidden()

    dialog = _open_dialog(tab, qtbot)
    assert dialog.windowTitle() == "Goal for Dumbbell Row"
    assert not dialog.clear_button.isEnabled()  # nothing to clear yet
    _type(qtbot, dialog.weight_spin, "30")
    qtbot.wait(PAUSE_MS)
    _type(qtbot, dialog.reps_spin, "10")
    qtbot.wait(PAUSE_MS)
    qtbot.mouseClick(dialog.due_check, Qt.MouseButton.LeftButton)
    assert dialog.due_edit.isEnabled()
    dialog.due_edit.setFocus()
    dialog.due_edit.setDate(dialog.due_edit.date().fromString("2026-04-30", "yyyy-MM-dd"))
    qtbot.wait(PAUSE_MS)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    stored = GoalRow.get()
    assert (stored.exercise_id, stored.kind, stored.weight_kg, stored.reps) == (
        rows,
        "reps",
        30.0,
        10,
    )
    assert stored.due_on == dt.date(2026, 4, 30)

    # 30 × 10 is an e1RM of 40 kg (Epley): the goal line sits there, the trend reaches it on
    # 6 Apr (1 kg a week from 37 kg on 16 Mar), inside the band's reach.
    qtbot.waitUntil(overlay.goal_line.get_visible)
    _, goal_y = overlay.goal_line.get_data()
    assert list(goal_y) == [pytest.approx(40.0)] * 2
    assert overlay.goal_line.get_linestyle() == "--"
    assert overlay.label.get_text() == "Goal 30 kg × 10 ≈ e1RM 40 kg"
    x, y = overlay.projection_data()
    assert x[0] == pytest.approx(date_num(dt.date(2026, 3, 2)))
    assert x[-1] == pytest.approx(date_num(dt.date(2026, 4, 6)))
    assert y[0] == pytest.approx(35.0) and y[-1] == pytest.approx(40.0)
    assert tab.exercise_chart.ax.get_xlim()[1] > date_num(dt.date(2026, 4, 6))
    low, high = tab.exercise_chart.ax.get_ylim()
    assert low < 35.0 and high > 40.0
    assert overlay.caption.isVisible()
    assert overlay.caption.text().splitlines() == [
        "Goal 30 kg × 10 by 30 Apr · at this rate, about 6 Apr",
        "Forecast: least-squares line through the last 12 weeks' session bests; "
        "shaded band: 80 % prediction interval.",
    ]

    # On the heaviest-weight metric the goal is its weight, without a projection.
    tab.set_metric(Metric.HEAVIEST)
    qtbot.wait(PAUSE_MS)
    assert list(overlay.goal_line.get_data()[1]) == [pytest.approx(30.0)] * 2
    assert overlay.label.get_text() == "Goal 30 kg × 10"
    assert not overlay.projection.get_visible()
    tab.set_metric(Metric.TOTAL_REPS)
    qtbot.wait(PAUSE_MS)
    assert not overlay.goal_line.get_visible() and overlay.caption.isVisible()


def test_a_bad_goal_is_said_beside_the_fields_and_saves_nothing(tab, qtbot) -> None:
    dialog = _open_dialog(tab, qtbot)
    _type(qtbot, dialog.weight_spin, "0")
    qtbot.wait(PAUSE_MS)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.wait(PAUSE_MS)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Enter a weight above 0 kg for the goal."
    assert QApplication.focusWidget() is dialog.weight_spin
    assert GoalRow.select().count() == 0
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert GoalRow.select().count() == 0


def test_an_e1rm_goal_in_pounds(tab, qtbot, prefs, rows) -> None:
    from backtracker.services.preferences import Preferences

    prefs.prefs = Preferences(unit="lb")
    tab.mark_dirty()
    qtbot.wait(PAUSE_MS)
    dialog = _open_dialog(tab, qtbot)
    dialog.kind_combo.setFocus()
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Down)  # Estimated 1RM
    qtbot.wait(PAUSE_MS)
    assert not dialog.reps_spin.isVisible()
    assert dialog.weight_spin.suffix() == " lb"
    _type(qtbot, dialog.weight_spin, "100")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    stored = GoalRow.get()
    assert (stored.kind, stored.reps) == ("e1rm", None)
    assert stored.weight_kg == pytest.approx(45.359237)
    overlay = tab.exercise_chart.goal
    qtbot.waitUntil(overlay.goal_line.get_visible)
    assert list(overlay.goal_line.get_data()[1]) == [pytest.approx(100.0)] * 2
    assert overlay.label.get_text() == "Goal 100 lb"


def test_clearing_takes_the_goal_away_and_undo_brings_it_back(tab, qtbot, rows, events):
    from backtracker.services import goals

    undo_stack, status = tab.undo.stack, tab.undo.show_status

    goals.set_goal(rows, kind="e1rm", weight=45.0, reps=None, due_on=None, unit="kg")
    events.goal_changed.emit(rows)
    overlay = tab.exercise_chart.goal
    qtbot.waitUntil(overlay.goal_line.get_visible)

    dialog = _open_dialog(tab, qtbot)
    assert dialog.kind() is GoalKind.E1RM and dialog.weight_spin.value() == 45.0
    qtbot.wait(PAUSE_MS)
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert GoalRow.select().count() == 0
    assert status.messages == [("Goal of Dumbbell Row cleared.", True)]
    assert undo_stack.undoText() == "Clear goal"
    qtbot.waitUntil(lambda: not overlay.goal_line.get_visible())
    assert overlay.caption.isHidden()
    assert not overlay.projection.get_visible() and not overlay.band.get_visible()
    # Opened again, the dialog starts empty and has nothing to clear.
    qtbot.wait(PAUSE_MS)
    again = _open_dialog(tab, qtbot)
    assert again is not dialog
    assert not again.clear_button.isEnabled() and again.kind() is GoalKind.REPS
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not again.isVisible())

    # Undo (the status bar's button, Ctrl+Z): the goal is back, line and caption with it.
    undo_stack.undo()
    assert goals.get_goal(rows) == Goal(GoalKind.E1RM, 45.0)
    qtbot.waitUntil(overlay.goal_line.get_visible)
    assert list(overlay.goal_line.get_data()[1]) == [pytest.approx(45.0)] * 2
    undo_stack.redo()
    assert GoalRow.select().count() == 0
    qtbot.waitUntil(lambda: not overlay.goal_line.get_visible())


def test_setting_and_changing_a_goal_are_undone_a_step_at_a_time(tab, qtbot, rows):
    from backtracker.services import goals

    undo_stack, status = tab.undo.stack, tab.undo.show_status

    dialog = _open_dialog(tab, qtbot)
    _type(qtbot, dialog.weight_spin, "30")
    qtbot.wait(PAUSE_MS)
    _type(qtbot, dialog.reps_spin, "10")
    qtbot.wait(PAUSE_MS)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.wait(PAUSE_MS)
    dialog = _open_dialog(tab, qtbot)
    assert dialog.weight_spin.value() == 30.0
    _type(qtbot, dialog.weight_spin, "32.5")
    qtbot.wait(PAUSE_MS)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert goals.get_goal(rows) == Goal(GoalKind.REPS, 32.5, 10)
    assert status.messages == [
        ("Goal of Dumbbell Row set.", True),
        ("Goal of Dumbbell Row changed.", True),
    ]
    overlay = tab.exercise_chart.goal
    qtbot.waitUntil(lambda: overlay.label.get_text() == "Goal 32.5 kg × 10 ≈ e1RM 43.3 kg")

    assert undo_stack.undoText() == "Change goal"
    undo_stack.undo()
    assert goals.get_goal(rows) == Goal(GoalKind.REPS, 30.0, 10)
    qtbot.waitUntil(lambda: overlay.label.get_text() == "Goal 30 kg × 10 ≈ e1RM 40 kg")
    assert undo_stack.undoText() == "Set goal"
    undo_stack.undo()
    assert GoalRow.select().count() == 0
    qtbot.waitUntil(lambda: not overlay.goal_line.get_visible())
    undo_stack.redo()
    undo_stack.redo()
    assert goals.get_goal(rows) == Goal(GoalKind.REPS, 32.5, 10)


def test_a_bodyweight_goal_sits_on_reps_weight_and_estimate(tab, qtbot, events) -> None:
    from backtracker.services import goals
    from backtracker.storage.models import BodyMetric

    pull_up = exercise_id("Pull-Up")
    BodyMetric.create(measured_on=dt.date(2026, 1, 1), value=80.0)
    for week, reps in enumerate((8, 9, 10)):
        log(pull_up, dt.date(2026, 3, 3) + dt.timedelta(days=7 * week), [(None, reps)])
    goals.set_goal(pull_up, kind="reps", weight=0.0, reps=12, due_on=None, unit="kg")
    events.sets_changed.emit()
    qtbot.wait(PAUSE_MS)
    assert tab.set_exercise(pull_up)
    qtbot.wait(PAUSE_MS)
    overlay = tab.exercise_chart.goal
    assert tab.current_metric() is Metric.MOST_REPS  # a bodyweight exercise's first metric
    assert list(overlay.goal_line.get_data()[1]) == [12.0, 12.0]
    assert overlay.label.get_text() == "Goal 12 reps"
    tab.set_metric(Metric.HEAVIEST)
    qtbot.wait(PAUSE_MS)
    assert list(overlay.goal_line.get_data()[1]) == [pytest.approx(80.0)] * 2
    assert overlay.label.get_text() == "Goal 12 reps: 80 kg"
    tab.set_metric(Metric.E1RM)
    qtbot.wait(PAUSE_MS)
    assert list(overlay.goal_line.get_data()[1]) == [pytest.approx(80 * (1 + 12 / 30))] * 2
    assert overlay.label.get_text() == "Goal 12 reps ≈ e1RM 112 kg"
    assert overlay.projection.get_visible()
    assert overlay.caption.text().startswith("Goal 12 reps · at this rate, about ")


def test_a_goal_whose_date_has_passed_asks_for_a_new_date(tab, qtbot, rows) -> None:
    from backtracker.storage import goals as goal_store

    passed = Goal(GoalKind.REPS, 30.0, 10, dt.date(2026, 3, 1))
    goal_store.set_goal(rows, passed)  # set back then; the date has passed since
    dialog = _open_dialog(tab, qtbot)
    assert dialog.due_check.isChecked()
    assert dialog.due_edit.date().toPython() == dt.date(2026, 3, 1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.wait(PAUSE_MS)
    assert dialog.isVisible()
    assert dialog.error.text() == ("The date has passed; choose 18 Mar 2026 or later, or no date.")
    assert QApplication.focusWidget() is dialog.due_edit
    assert goal_store.get_goal(rows) == passed
    qtbot.mouseClick(dialog.due_check, Qt.MouseButton.LeftButton)  # no date, then
    qtbot.wait(PAUSE_MS)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert goal_store.get_goal(rows) == Goal(GoalKind.REPS, 30.0, 10, None)
