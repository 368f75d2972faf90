"""Holds and bodyweight-only exercises show up everywhere the person looks: the Progress
exercise list, chart and records, the Library's "Your history" and `backtracker stats`.

Superman (one of the proven five) is a hold: two logged workouts of it, 30 s + 45 s and
then 40 s + 50 s (a 60 s warm-up left out), give a longest hold of 45 s then 50 s and
75 s then 90 s of time under tension.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from backtracker.app import main
from backtracker.services import logbook
from backtracker.services.preferences import Preferences
from backtracker.services.progress import Metric, Range
from backtracker.storage import workouts
from backtracker.storage.models import Exercise
from backtracker.ui.events import DataEvents
from backtracker.ui.log.side_panels import WeekPanel
from tests.ui.test_progress_lazy_19 import wait_for_progress

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)
FIRST, SECOND = dt.datetime(2026, 3, 9, 7, 0), dt.datetime(2026, 3, 16, 7, 0)


def ex(key: str) -> int:
    return Exercise.get(Exercise.catalogue_key == key).id


def log(started: dt.datetime, key: str, sets: list[dict[str, object]]) -> None:
    prefs = Preferences()
    workout_id = logbook.start_workout(prefs, started_at=started)
    link = workouts.add_exercise(workout_id, workouts.PlannedExercise(ex(key)))
    for values in sets:
        workouts.add_set(link, {"completed": True, "set_type": "normal", **values})
    logbook.finish_workout(workout_id, started + dt.timedelta(minutes=30))


def log_two_superman_workouts() -> None:
    log(FIRST, "superman", [{"duration_s": 30.0}, {"duration_s": 45.0}])
    log(
        SECOND,
        "superman",
        [{"duration_s": 60.0, "set_type": "warmup"}, {"duration_s": 40.0}, {"duration_s": 50.0}],
    )


@pytest.fixture
def progress_tab(qtbot, seeded, theme):
    from backtracker.ui.progress.tab import ProgressTab

    log_two_superman_workouts()
    tab = ProgressTab(DataEvents(), Preferences)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    qtbot.waitExposed(tab)
    wait_for_progress(qtbot, tab)
    return tab


def test_superman_is_in_the_progress_list_with_its_holds(progress_tab, qtbot, tmp_path):
    tab = progress_tab
    combo = tab.exercise_combo
    names = [combo.itemText(row) for row in range(combo.count())]
    assert "Superman" in names
    combo.setFocus()
    qtbot.keyClicks(combo.lineEdit(), "Superman")
    qtbot.wait(300)
    combo.setCurrentIndex(names.index("Superman"))
    qtbot.waitUntil(lambda: tab.current_exercise_id() == ex("superman"))
    tab.set_range(Range.ALL)
    qtbot.wait(300)

    metrics = [tab.metric_combo.itemData(row) for row in range(tab.metric_combo.count())]
    assert metrics == [Metric.LONGEST_HOLD, Metric.TIME_UNDER_TENSION]
    assert tab.current_metric() is Metric.LONGEST_HOLD
    assert list(tab.exercise_chart.line.get_ydata()) == [45.0, 50.0]
    assert tab.exercise_chart.ax.get_ylabel() == "Longest hold (s)"
    assert "Superman · Longest hold" in tab.exercise_chart.title.get_text()

    model = tab.records_model
    shown = {
        model.index(row, 0).data(): (model.index(row, 1).data(), model.index(row, 2).data())
        for row in range(model.rowCount())
    }
    assert shown == {
        "Longest hold": ("0:50", "16 Mar 2026"),
        "Most time in a session": ("1:30", "16 Mar 2026"),
    }
    assert "Time under tension" in tab.records_note.text()

    tab.metric_combo.setCurrentIndex(1)
    qtbot.wait(300)
    assert tab.current_metric() is Metric.TIME_UNDER_TENSION
    assert list(tab.exercise_chart.line.get_ydata()) == [75.0, 90.0]
    tab.exercise_chart.canvas.draw()
    picture = tmp_path / "superman-time-under-tension.png"
    assert tab.grab().save(str(picture))
    assert picture.stat().st_size > 10_000


def test_a_weight_exercise_after_a_hold_gets_its_weight_metrics_back(progress_tab, qtbot):
    log(SECOND + dt.timedelta(hours=2), "dumbbell-row", [{"weight_kg": 20.0, "reps": 8}])
    tab = progress_tab
    tab.mark_dirty()
    qtbot.wait(300)
    assert tab.set_exercise(ex("superman"))
    assert tab.current_metric() is Metric.LONGEST_HOLD
    assert tab.set_exercise(ex("dumbbell-row"))
    qtbot.wait(300)
    assert tab.current_metric() is Metric.E1RM
    assert tab.records_model.rowCount() == 15
    assert tab.records_model.index(1, 1).data() == "20 kg"


def test_bodyweight_reps_without_a_bodyweight_chart_their_reps(qtbot, seeded, theme):
    from backtracker.ui.progress.tab import ProgressTab

    log(FIRST, "pull-up", [{"reps": 6}, {"reps": 5}])
    log(SECOND, "pull-up", [{"reps": 8}, {"reps": 4}])
    tab = ProgressTab(DataEvents(), Preferences)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    qtbot.waitExposed(tab)
    wait_for_progress(qtbot, tab)
    assert tab.set_exercise(ex("pull-up"))
    tab.set_range(Range.ALL)
    qtbot.wait(300)
    assert tab.current_metric() is Metric.MOST_REPS
    assert list(tab.exercise_chart.line.get_ydata()) == [6.0, 8.0]
    model = tab.records_model
    assert (model.index(0, 0).data(), model.index(0, 1).data()) == ("Most reps in a set", "8 reps")
    assert (model.index(1, 0).data(), model.index(1, 1).data()) == (
        "Most reps in a session",
        "12 reps",
    )


def test_the_library_shows_the_holds(window, qtbot):
    log_two_superman_workouts()
    window.events.workouts_changed.emit()
    window.library.select_catalogue_key("superman")
    label = window.library.exercise_detail._fact_labels["history"]
    qtbot.waitUntil(lambda: "longest hold" in label.text(), timeout=5000)
    assert label.text() != "Not logged yet."
    assert "longest hold 0:50" in label.text()
    assert label.text().endswith("2 sessions")


def _profile_with_holds(data_dir: Path) -> None:
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.profile import prepare_profile
    from backtracker.storage.seeding import seed_catalogue

    profile = prepare_profile(data_dir)
    open_database(profile.database_path)
    try:
        seed_catalogue()
        log_two_superman_workouts()
    finally:
        close_database()


def test_stats_of_superman_text_and_json(tmp_path, capsys):
    data = tmp_path / "holds"
    _profile_with_holds(data)
    assert main(["stats", "Superman", "--data-dir", str(data)]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "Superman: 2 sessions, 2026-03-09 to 2026-03-16"
    assert "Longest hold: 0:50 (2026-03-16)" in text
    assert "Time under tension per session: 1:15, 1:30 (last 2026-03-16)" in text
    assert main(["stats", "superman", "--json", "--data-dir", str(data)]) == 0
    numbers = json.loads(capsys.readouterr().out)
    assert numbers["sessions"] == 2
    assert numbers["longest_hold_s"] == 50.0
    assert numbers["time_under_tension_by_day"] == [["2026-03-09", 75.0], ["2026-03-16", 90.0]]
    assert numbers["records"]["most_time_in_a_session"] == {"seconds": 90.0, "date": "2026-03-16"}


def test_the_goal_line_week_panel_and_overview_say_what_counts(window, qtbot):
    from backtracker.domain.goals import COUNTED_SESSION_RULE

    for hour in (6, 7, 8):  # three empty finished workouts this week
        workout_id = logbook.start_workout(
            Preferences(), started_at=FIRST.replace(day=16, hour=hour)
        )
        logbook.finish_workout(workout_id, FIRST.replace(day=16, hour=hour, minute=5))
    log(SECOND.replace(hour=9), "superman", [{"duration_s": 30.0}])
    window.events.workouts_changed.emit()
    qtbot.waitUntil(lambda: window.goal_label.text() == "This week 1 of 3")
    assert COUNTED_SESSION_RULE in window.goal_label.toolTip()
    window.tabs.setCurrentWidget(window.log_page)
    week = window.log.findChild(WeekPanel)
    qtbot.waitUntil(lambda: week.count.text() == "1 of 3")
    assert week.toolTip() == f"This week 1 of 3. {COUNTED_SESSION_RULE}"
    window.tabs.setCurrentWidget(window.progress_page)
    progress = window.progress_page.content()
    qtbot.waitUntil(progress.isVisible)
    qtbot.mouseClick(progress.overview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(progress.overview_caption.isVisible)
    assert "A session counts when it has a completed work set of a back exercise" in (
        progress.overview_caption.text()
    )
    assert list(progress.overview_chart._week_counts)[-1] == 1.0  # not 4


def test_the_goal_counts_a_running_workout_from_its_first_done_set(window, qtbot):
    started = SECOND.replace(hour=8)
    workout_id = logbook.start_workout(Preferences(), started_at=started)
    link = workouts.add_exercise(workout_id, workouts.PlannedExercise(ex("dumbbell-row"), sets=2))
    window.events.workouts_changed.emit()  # as the Log does when a workout starts
    window.tabs.setCurrentWidget(window.log_page)
    week = window.log.findChild(WeekPanel)
    qtbot.waitUntil(lambda: window.goal_label.text() == "This week 0 of 3")
    assert week.count.text() == "0 of 3"  # started, nothing done: not a session yet
    first = workouts.get_workout(workout_id).exercises[0].sets[0]
    assert first.id and link
    workouts.update_set(first.id, {"weight_kg": 20.0, "reps": 8, "completed": True})
    window.events.sets_changed.emit()  # as the Log does when a set is ticked
    qtbot.waitUntil(lambda: window.goal_label.text() == "This week 1 of 3")
    assert week.count.text() == "1 of 3"


def test_records_of_every_kind_pass_the_model_tester(qtmodeltester, seeded):
    from backtracker.services import progress
    from backtracker.ui.progress.records_model import RecordsModel

    log_two_superman_workouts()
    log(SECOND, "pull-up", [{"reps": 8}])
    log(SECOND, "dumbbell-row", [{"weight_kg": 20.0, "reps": 8}])
    model = RecordsModel()
    qtmodeltester.check(model, force_py=True)  # stays connected: checks every change below
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    for key in ("superman", "pull-up", "pull-up", "dumbbell-row", "superman"):
        exercise = ex(key)
        model.set_records(
            progress.records(exercise, formula="epley"),
            "kg",
            "epley",
            efforts=progress.effort_records(exercise),
            kind=progress.exercise_kind(exercise),
        )
    assert resets == [2, 17, 15, 2]  # the second pull-up only changes values
    assert model.index(0, 1).data() == "0:50"
