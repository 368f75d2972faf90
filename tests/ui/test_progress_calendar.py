"""Progress ▸ Calendar: the year heatmap (tooltips, shades, goal marks, keys), the month view,
and a day opening its workout in the Log."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QPushButton, QToolTip

from backtracker.domain import clock
from backtracker.domain.units import Unit
from backtracker.services.preferences import Preferences
from backtracker.storage import workouts
from backtracker.storage.models import Exercise
from backtracker.ui.events import DataEvents
from backtracker.ui.progress.calendar_model import DAY_ROLE, IN_MONTH_ROLE, shade_colours
from backtracker.ui.theme import theme as current_theme
from tests.ui.test_progress_lazy_19 import wait_for_progress

if TYPE_CHECKING:
    from backtracker.ui.progress.tab import ProgressTab

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)
TUESDAY = dt.date(2026, 3, 3)


@pytest.fixture(autouse=True)
def _wednesday_18_march() -> None:
    """These tests count weeks up to today: their own Wednesday, whatever the suite's now."""
    clock.pin(dt.datetime(2026, 3, 18, 9, 15))


class PrefsHolder:
    def __init__(self) -> None:
        self.prefs = Preferences()

    def __call__(self) -> Preferences:
        return self.prefs


def ex(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def log(started: dt.datetime, sets: dict[str, list[tuple[float, int]]], name: str = "") -> int:
    """A finished workout: per exercise (catalogue key) its (kg, reps) work sets, and one
    warm-up before the first exercise's sets (which the calendar leaves out)."""
    workout_id = workouts.start_workout(started, name=name)
    for number, (key, values) in enumerate(sets.items()):
        link = workouts.add_exercise(workout_id, workouts.PlannedExercise(ex(key), sets=0))
        if number == 0:
            workouts.add_set(
                link, {"weight_kg": 8.0, "reps": 12, "set_type": "warmup", "completed": True}
            )
        for kg, reps in values:
            workouts.add_set(link, {"weight_kg": kg, "reps": reps, "completed": True})
    workouts.finish_workout(workout_id, started + dt.timedelta(minutes=50))
    return workout_id


def tuesday_workout() -> int:
    return log(
        dt.datetime(2026, 3, 3, 18, 0),
        {"dumbbell-row": [(20.0, 10), (22.5, 10)], "face-pull": [(15.0, 15)]},
        name="Back: Beginner",
    )


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
        tab.resize(1280, 760)
        tab.show()
        qtbot.waitExposed(tab)
        wait_for_progress(qtbot, tab)
        qtbot.mouseClick(tab.calendar_button, Qt.MouseButton.LeftButton)
        qtbot.wait(100)
        return tab

    return make


def centre(tab: ProgressTab, day: dt.date) -> QPoint:
    return tab.calendar_page.heatmap.cell_rect(day).center()


def painted(tab: ProgressTab, point: QPoint) -> str:
    return tab.calendar_page.heatmap.grab().toImage().pixelColor(point).name()


# Tooltips and menus ask the offscreen platform for things it cannot do.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_a_day_s_tooltip_says_what_was_done(make_tab, prefs, events, qtbot):
    tuesday_workout()
    tab = make_tab()
    heatmap = tab.calendar_page.heatmap
    assert tab.calendar_page.period_label.text() == "2026"
    # 200 + 225 + 225 kg; the 8 kg warm-up is left out
    expected = "Tue 3 Mar 2026 — Back: Beginner: 3 sets, 650 kg: Dumbbell Row, Face Pull"
    point = centre(tab, TUESDAY)
    help_event = QHelpEvent(QEvent.Type.ToolTip, point, heatmap.mapToGlobal(point))
    QApplication.sendEvent(heatmap, help_event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == expected
    assert heatmap.tooltip_at(centre(tab, TUESDAY + dt.timedelta(days=1))) == (
        "Wed 4 Mar 2026 — no training"
    )
    prefs.prefs = Preferences(unit=Unit.LB)
    events.preferences_changed.emit()
    qtbot.wait(100)
    assert heatmap.tooltip_at(point) == (
        "Tue 3 Mar 2026 — Back: Beginner: 3 sets, 1,433 lb: Dumbbell Row, Face Pull"
    )


def test_shade_by_sets_or_by_volume(make_tab, qtbot):
    many_light = dt.date(2026, 3, 2)
    few_heavy = dt.date(2026, 3, 4)
    log(dt.datetime(2026, 3, 2, 7, 0), {"face-pull": [(10.0, 10)] * 12})  # 12 sets, 1,200 kg
    log(dt.datetime(2026, 3, 4, 7, 0), {"deadlift": [(140.0, 5)] * 3})  # 3 sets, 2,100 kg
    tab = make_tab()
    heatmap = tab.calendar_page.heatmap
    colours = [colour.name() for colour in shade_colours(current_theme().colors)]
    assert (heatmap.shade(many_light), heatmap.shade(few_heavy)) == (4, 1)
    assert painted(tab, centre(tab, many_light)) == colours[4]
    assert painted(tab, centre(tab, few_heavy)) == colours[1]
    assert painted(tab, centre(tab, dt.date(2026, 3, 3))) == colours[0]

    qtbot.mouseClick(tab.calendar_page.volume_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert (heatmap.shade(many_light), heatmap.shade(few_heavy)) == (3, 4)
    assert painted(tab, centre(tab, few_heavy)) == colours[4]
    assert painted(tab, centre(tab, many_light)) == colours[3]
    squares, _goal = heatmap._legend_rects()
    assert heatmap.tooltip_at(squares[4].center()) == "over 1,575 kg"
    qtbot.mouseClick(tab.calendar_page.sets_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert heatmap.shade(many_light) == 4
    assert heatmap.tooltip_at(squares[1].center()) == "up to 3 sets"


def test_weeks_that_met_the_goal_are_marked(make_tab, qtbot):
    for day in (2, 4, 10):  # two sessions in the week of 2 March, one in the week of 9 March
        log(dt.datetime(2026, 3, day, 7, 0), {"dumbbell-row": [(20.0, 10)]})
    tab = make_tab()
    heatmap = tab.calendar_page.heatmap
    star = QColor(current_theme().colors.star).name()
    met = heatmap.goal_mark_rect(dt.date(2026, 3, 2))
    not_met = heatmap.goal_mark_rect(dt.date(2026, 3, 9))
    assert painted(tab, met.center()) == star
    assert painted(tab, not_met.center()) != star
    assert heatmap.tooltip_at(met.center()) == (
        "Week of 2 Mar: 2 sessions; your goal (2–3 sessions a week) was met"
    )
    assert "goal (2–3 sessions a week) met in 1 of 12 weeks" in (
        tab.calendar_page.year_summary.text()
    )


def test_month_view_lists_workouts_and_marks_today_and_goal_weeks(make_tab, qtbot, qtmodeltester):
    workout_id = tuesday_workout()
    log(dt.datetime(2026, 3, 5, 7, 0), {"lat-pulldown": [(40.0, 10)]})
    tab = make_tab()
    page = tab.calendar_page
    qtbot.mouseClick(page.month_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert page.stack.currentWidget() is page.month_view
    assert page.period_label.text() == "March 2026"
    model = page.month_model
    qtmodeltester.check(model)
    assert model.rowCount() == 6  # 23 Feb … 5 Apr
    cell = model.index_of(TUESDAY)
    assert model.data(cell) == "3\nBack: Beginner · 3 sets, 650 kg"
    assert [w.id for w in model.data(cell, Qt.ItemDataRole.UserRole + 2)] == [workout_id]
    today = model.index_of(clock.today())
    assert model.data(today, Qt.ItemDataRole.AccessibleTextRole).startswith("Today, Wed 18 Mar")
    assert page.month_view.currentIndex() == today
    week_row = cell.row()
    assert model.headerData(week_row, Qt.Orientation.Vertical) == "✓ goal"
    assert model.headerData(week_row + 1, Qt.Orientation.Vertical) == " "

    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert page.period_label.text() == "February 2026"
    assert not model.index_of(TUESDAY).isValid()  # 26 Jan … Sun 1 Mar
    first_of_march = model.index_of(dt.date(2026, 3, 1))
    assert model.data(first_of_march, IN_MONTH_ROLE) is False
    assert model.data(model.index_of(dt.date(2026, 2, 23)), IN_MONTH_ROLE) is True
    qtbot.mouseClick(page.today_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert page.period_label.text() == "March 2026"


def test_calendar_refreshes_when_data_or_the_day_changes(make_tab, events, qtbot):
    tuesday_workout()
    tab = make_tab()
    heatmap = tab.calendar_page.heatmap
    friday = dt.date(2026, 3, 13)
    assert heatmap.shade(friday) == 0
    log(dt.datetime(2026, 3, 13, 7, 0), {"dumbbell-row": [(20.0, 10)]})
    events.workouts_changed.emit()
    qtbot.waitUntil(lambda: heatmap.shade(friday) > 0)
    clock.pin(dt.datetime(2026, 3, 19, 6, 0))
    events.day_changed.emit()
    qtbot.waitUntil(lambda: heatmap.today == dt.date(2026, 3, 19))


def test_empty_calendar_says_what_to_do(qtbot, seeded, theme):
    from backtracker.ui.progress.calendar_page import EMPTY_TITLE, CalendarPage

    page = CalendarPage()
    qtbot.addWidget(page)
    page.show()
    # A workout opened and left empty, with only a warm-up done, is no training day.
    log(dt.datetime(2026, 3, 2, 7, 0), {"dumbbell-row": []})
    page.show_calendar(Preferences(), clock.today())
    assert page.is_empty
    texts = [label.text() for label in page.empty_state.findChildren(QLabel)]
    assert EMPTY_TITLE in texts
    assert any("Log a workout in the Log tab" in text for text in texts)
    with qtbot.waitSignal(page.log_requested):
        qtbot.mouseClick(page.empty_state.findChild(QPushButton), Qt.MouseButton.LeftButton)
    tuesday_workout()
    page.show_calendar(Preferences(), clock.today())
    assert not page.is_empty
    assert page.heatmap.shade(TUESDAY) > 0


# -- opening a workout in the Log -------------------------------------------------------------


def show_calendar(window, qtbot) -> ProgressTab:
    window.tabs.setCurrentWidget(window.progress_page)
    qtbot.wait(100)
    tab = window.progress_page.content()
    qtbot.mouseClick(tab.calendar_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    return tab


def test_clicking_a_day_opens_its_workout_in_the_log(window, qtbot):
    workout_id = tuesday_workout()
    log(dt.datetime(2026, 3, 5, 7, 0), {"lat-pulldown": [(40.0, 10)]})
    tab = show_calendar(window, qtbot)
    heatmap = tab.calendar_page.heatmap
    qtbot.mouseClick(heatmap, Qt.MouseButton.LeftButton, pos=centre(tab, TUESDAY))
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.log_page)
    assert window.log.editor.workout.id == workout_id


def test_a_day_without_training_opens_nothing(window, qtbot):
    tuesday_workout()
    tab = show_calendar(window, qtbot)
    heatmap = tab.calendar_page.heatmap
    qtbot.mouseClick(heatmap, Qt.MouseButton.LeftButton, pos=centre(tab, dt.date(2026, 3, 4)))
    qtbot.wait(300)
    assert window.tabs.currentWidget() is window.progress_page
    assert tab.calendar_page.day_detail.text() == "Wednesday 4 Mar 2026: no training."
    assert tab.calendar_page.day_actions.findChildren(QPushButton) == []


def test_the_chosen_day_s_button_opens_its_workout(window, qtbot):
    workout_id = tuesday_workout()
    tab = show_calendar(window, qtbot)
    page = tab.calendar_page
    page.heatmap.setFocus()
    qtbot.keyClick(page.heatmap, Qt.Key.Key_Home)  # Thu 1 Jan: nothing to open
    qtbot.wait(50)
    assert page.day_actions.findChildren(QPushButton) == []
    page.heatmap.move_to(TUESDAY)
    qtbot.wait(50)
    (button,) = [b for b in page.day_actions.findChildren(QPushButton) if b.isVisible()]
    assert button.text() == "Open in the Log"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.log_page)
    assert window.log.editor.workout.id == workout_id


def test_a_button_taken_out_of_the_row_is_not_drawn_while_it_waits_to_be_deleted(window, qtbot):
    """Moving on from a day hid nothing: its button, out of the row, was drawn at Qt's default
    640×480 over the new one until the event loop deleted it (the README's calendar shot,
    taken without an event loop, showed it for good)."""
    tuesday_workout()
    log(dt.datetime(2026, 3, 5, 7, 0), {"lat-pulldown": [(40.0, 10)]})
    tab = show_calendar(window, qtbot)
    page = tab.calendar_page
    page.heatmap.move_to(TUESDAY)
    page.heatmap.move_to(dt.date(2026, 3, 5))  # before the first day's button is laid out
    for _ in range(3):  # the row shows what was put in it; a deletion waits for the loop
        QApplication.processEvents()
    row = page.day_actions_row
    in_row = [row.itemAt(i).widget() for i in range(row.count()) if row.itemAt(i).widget()]
    drawn = [b for b in page.day_actions.findChildren(QPushButton) if b.isVisibleTo(page)]
    assert len(in_row) == 1 and drawn == in_row
    qtbot.wait(50)
    (button,) = [b for b in page.day_actions.findChildren(QPushButton) if b.isVisible()]
    assert button.geometry().width() < 300  # laid out in the row, not at a size of its own


def test_keys_move_between_days_and_enter_opens_the_workout(window, qtbot):
    workout_id = tuesday_workout()
    tab = show_calendar(window, qtbot)
    heatmap = tab.calendar_page.heatmap
    heatmap.setFocus()
    qtbot.waitUntil(heatmap.hasFocus)
    assert heatmap.current == clock.today()  # Wed 18 March
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Left, Qt.Key.Key_Up):
        qtbot.keyClick(heatmap, key)
        qtbot.wait(50)
    assert heatmap.current == TUESDAY
    assert heatmap.accessibleDescription().startswith("Tue 3 Mar 2026 — Back: Beginner")
    assert "Dumbbell Row (2 sets), Face Pull (1 set)" in tab.calendar_page.day_detail.text()
    qtbot.keyClick(heatmap, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.log_page)
    assert window.log.editor.workout.id == workout_id


def test_month_view_keys_and_enter_open_the_workout(window, qtbot):
    workout_id = tuesday_workout()
    tab = show_calendar(window, qtbot)
    page = tab.calendar_page
    qtbot.mouseClick(page.month_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    view = page.month_view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    assert view.current_day() == clock.today()
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Left):
        qtbot.keyClick(view, key)
        qtbot.wait(50)
    assert view.current_day() == TUESDAY
    qtbot.keyClick(view, Qt.Key.Key_Up)  # Tue 24 Feb: the top row of March's weeks
    qtbot.wait(50)
    assert (page.period_label.text(), view.current_day()) == ("March 2026", dt.date(2026, 2, 24))
    qtbot.keyClick(view, Qt.Key.Key_Up)  # off the top row: February
    qtbot.wait(100)
    assert (page.period_label.text(), view.current_day()) == ("February 2026", dt.date(2026, 2, 17))
    for _ in range(2):  # down to 24 Feb, then past February's weeks into March
        qtbot.keyClick(view, Qt.Key.Key_Down)
        qtbot.wait(100)
    assert page.period_label.text() == "March 2026"
    assert view.currentIndex().data(DAY_ROLE) == TUESDAY
    qtbot.keyClick(view, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.log_page)
    assert window.log.editor.workout.id == workout_id


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_a_day_with_two_workouts_offers_a_choice(window, qtbot):
    tuesday_workout()
    evening = log(dt.datetime(2026, 3, 3, 20, 30), {"lat-pulldown": [(40.0, 10)]})
    tab = show_calendar(window, qtbot)
    page = tab.calendar_page
    qtbot.mouseClick(page.heatmap, Qt.MouseButton.LeftButton, pos=centre(tab, TUESDAY))
    qtbot.waitUntil(lambda: page.choice_menu is not None and page.choice_menu.isVisible())
    menu: QMenu = page.choice_menu
    assert [a.text() for a in menu.actions()] == [
        "18:00  Back: Beginner · 3 sets, 650 kg",
        "20:30  Workout at 20:30 · 1 set, 400 kg",
    ]
    assert window.tabs.currentWidget() is window.progress_page  # nothing opened yet
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.wait(50)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.log_page)
    assert window.log.editor.workout.id == evening


def test_moving_past_the_year_s_end_shows_the_next_year(make_tab, qtbot):
    log(dt.datetime(2025, 12, 30, 7, 0), {"dumbbell-row": [(20.0, 10)]})
    log(dt.datetime(2026, 1, 2, 7, 0), {"dumbbell-row": [(20.0, 10)]})
    tab = make_tab()
    page = tab.calendar_page
    heatmap = page.heatmap
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert page.period_label.text() == "2025"
    heatmap.setFocus()
    qtbot.keyClick(heatmap, Qt.Key.Key_End)
    assert heatmap.current == dt.date(2025, 12, 31)
    # The week of Mon 29 Dec holds a session in each year: it met the goal in both.
    assert heatmap.tooltip_at(heatmap.goal_mark_rect(dt.date(2025, 12, 29)).center()).endswith(
        "was met"
    )
    qtbot.keyClick(heatmap, Qt.Key.Key_Right)
    qtbot.wait(100)
    assert page.period_label.text() == "2026"
    assert heatmap.current == dt.date(2026, 1, 7)
    assert heatmap.tooltip_at(heatmap.goal_mark_rect(dt.date(2025, 12, 29)).center()).endswith(
        "was met"
    )
