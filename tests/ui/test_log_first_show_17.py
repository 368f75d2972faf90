"""The Log tab's first show in steps, and the History read once per change (issue 17,
tab-first-log and import).

The start page and this week's goal are shown on the click; the back's week, the History,
the bodyweight and the measurements follow over the next turns of the event loop, each below
what is shown already, and the editor behind the start page. A person who clicks or types at
once gets what they would have got had it all been built: a set typed lands in the database,
Tab reaches the History and Enter opens a workout, Alt+M goes to the measurements. After an
import, which announces the workouts and the bodyweights a turn apart, the History reads
its rows once, and shows the new ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from backtracker.domain.units import Unit
from backtracker.services import first_run, logbook
from backtracker.storage import workouts
from backtracker.storage.models import Exercise, SetEntry, Workout
from backtracker.ui.data import dialogs as data_dialogs
from backtracker.ui.log.history import FIRST_ROWS, SUMMARY_ROLE
from backtracker.ui.log.set_table import CellEditor
from backtracker.ui.log.tab import SIDE_WIDTH, LogTab
from tests.ui.conftest import show_active
from tests.ui.test_import_dialog import open_import, write_strong_ios

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
KEY_DELAY_MS = 120  # a person typing briskly
START = dt.datetime(2026, 3, 2, 18, 0)


def finished_workout(day: int, name: str, weight_kg: float = 20.0) -> int:
    row = Exercise.get(Exercise.catalogue_key == "dumbbell-row").id
    started = START + dt.timedelta(days=day)
    workout_id = workouts.start_workout(started, plan=(workouts.PlannedExercise(row, sets=1),))
    (link,) = workouts.get_workout(workout_id).exercises
    workouts.update_set(link.sets[0].id, {"weight_kg": weight_kg, "reps": 8, "completed": True})
    workouts.update_workout(workout_id, {"name": name, "ended_at": started + dt.timedelta(hours=1)})
    return workout_id


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)
    qtbot.wait(KEY_DELAY_MS)


def type_keys(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClicks(focused(), char)
        qtbot.wait(KEY_DELAY_MS)


def side_built(log: LogTab) -> bool:
    return log._side_shown


def top_of(widget: QWidget, window: QWidget) -> int:
    return widget.mapTo(window, QPoint(0, 0)).y()


def click_log_tab(window, qtbot) -> LogTab:
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(window.log_page)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.log_page.built
    return window.log


# -- the first show in steps -------------------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 761])  # 761: the window's least width
def test_the_first_show_adds_each_part_below_what_is_shown_and_none_moves(window, qtbot, width):
    ids = [finished_workout(day, f"Session {day}") for day in range(3)]
    window.resize(width, 736)
    qtbot.waitUntil(lambda: window.width() == width)
    log = click_log_tab(window, qtbot)
    # On the click: the start page and this week's goal; the rest is still to come.
    assert log.start_page.isVisible() and log.week.isVisible()
    assert log.week.count.text().endswith(" of 3")  # read and shown with the click
    assert focused() is log.start_page.empty_button
    assert log._back_week is None and log._history is None and not side_built(log)

    app = QApplication.instance()
    tops: dict[str, int] = {}
    shown_at: dict[str, int] = {}
    for turn in range(1, 12):
        app.processEvents()  # one turn of the event loop
        parts = {"week": log.week, "back_week": log._back_week, "history": log._history}
        parts |= {"bodyweight": log._bodyweight, "measurements": log._measurements}
        for name, part in parts.items():
            if part is None or not part.isVisible():
                continue
            shown_at.setdefault(name, turn)
            if name in ("week", "back_week"):  # below them, the heatmap may fold away
                assert tops.setdefault(name, top_of(part, window)) == top_of(part, window)
    # A part a turn, the three lower ones shown together, all within a few turns.
    assert shown_at["back_week"] < shown_at["history"] <= 6
    assert shown_at["history"] == shown_at["bodyweight"] == shown_at["measurements"]
    assert log._editor is not None  # behind the start page
    assert log.stack.currentWidget() is log.start_page
    order = [log.week, log.back_week, log.history, log.bodyweight, log.measurements]
    assert [top_of(p, window) for p in order] == sorted(top_of(p, window) for p in order)
    rows = [log.history.model.index(r).data(SUMMARY_ROLE).id for r in range(3)]
    assert rows == ids[::-1]
    # The width kept for the side column from the start is all its panels need.
    assert log._side_column.minimumSizeHint().width() <= SIDE_WIDTH


def test_a_set_typed_right_after_the_first_show_is_saved(window, qtbot):
    """Click the Log tab, at once click a routine, and type the first set at a person's
    speed while the side column is still being built."""
    log = click_log_tab(window, qtbot)
    assert not side_built(log) and log._editor is None
    beginner = first_run.beginner_routine_id()
    button = next(b for b in log.start_page.routine_buttons if "Beginner" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert log.stack.currentWidget() is log.editor
    assert not side_built(log)  # the set is typed before the side column is in
    workout = Workout.get()
    assert workout.routine_id == beginner and workout.ended_at is None
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), CellEditor))
    type_keys(qtbot, "42.5")
    press(qtbot, Qt.Key.Key_Return)
    type_keys(qtbot, "9")
    press(qtbot, Qt.Key.Key_Return)  # Enter in the last field logs the set
    done = SetEntry.select().where(SetEntry.completed == True)  # noqa: E712
    assert [(s.weight_kg, s.reps) for s in done] == [(42.5, 9)]
    qtbot.waitUntil(lambda: side_built(log) and log.history.isVisible())
    assert log.stack.currentWidget() is log.editor  # nothing built later took the page
    assert log.week.count.text() == "1 of 3"  # the set made the week's first session


def test_a_history_workout_opened_with_the_keyboard_at_once(window, qtbot):
    """Ctrl+2, then Tab to the History typed ahead (no turn of the event loop between the
    keys, as when they wait in the queue), Down, Enter."""
    ids = [finished_workout(day, f"Session {day}") for day in range(3)]
    show_active(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_2, CTRL)
    log = window.log
    assert focused() is log.start_page.empty_button
    assert log._history is None  # the first Tab finds it still to be built
    page = log.start_page
    page_buttons = [page.empty_button, *page.routine_buttons, page.past_button]
    stops = []
    for _ in [*page_buttons, page.manage_button]:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        stops.append(focused())
    # The start page's buttons in order, then straight to the History (the hidden editor,
    # built after the side column, keeps its place after the start page).
    assert stops == [*page_buttons[1:], page.manage_button, log.history.list]
    qtbot.wait(KEY_DELAY_MS)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert log.stack.currentWidget() is log.editor
    assert log.editor.workout is not None and log.editor.workout.id == ids[1]
    assert log.editor.name.text() == "Session 1"


def test_tab_order_runs_as_laid_out_though_the_editor_is_built_last(window, qtbot):
    """The editor, built after the side column, sits in the focus chain after the start
    page, as when it was built first: Shift+Tab from the History goes into the page on the
    left, whichever of the two shows."""
    workout_id = finished_workout(0, "Only")
    show_active(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_2, CTRL)
    log = window.log
    qtbot.waitUntil(lambda: side_built(log) and log._editor is not None)
    log.history.list.setFocus()
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is log.start_page.manage_button  # not into the hidden editor
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is log.history.list

    press(qtbot, Qt.Key.Key_Return)  # open the workout: the editor shows
    assert log.editor.workout is not None and log.editor.workout.id == workout_id
    show_active(qtbot, window)
    log.history.list.setFocus()
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert log.editor.isAncestorOf(focused())  # the editor's last control
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is log.history.list


def test_alt_m_at_once_and_later_goes_to_the_measurements(window, qtbot):
    show_active(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_2, CTRL)
    log = window.log
    assert not side_built(log)
    press(qtbot, Qt.Key.Key_M, ALT)
    assert focused() is log.measurements.metric_combo
    assert log.measurements.isVisible() and log.history.isVisible()
    # Built, the heading's own mnemonic answers (the stand-in is gone: no ambiguous key).
    log.start_page.empty_button.setFocus()
    qtbot.wait(50)
    press(qtbot, Qt.Key.Key_M, ALT)
    assert focused() is log.measurements.metric_combo
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is log.measurements.value


def test_a_workout_left_running_opens_on_the_first_show(window, qtbot):
    workout_id = logbook.start_workout(window.log_context.prefs)
    row = Exercise.get(Exercise.catalogue_key == "dumbbell-row").id
    logbook.add_exercise(workout_id, row, window.log_context.prefs)
    log = click_log_tab(window, qtbot)
    assert log.stack.currentWidget() is log.editor  # built at once for it
    assert log.running_workout_id == workout_id
    qtbot.waitUntil(lambda: side_built(log))
    assert log.stack.currentWidget() is log.editor


def test_the_tab_gone_before_its_parts_are_built(window, qtbot):
    tab = LogTab(window.log_context)
    tab.show()
    assert not side_built(tab)
    tab.deleteLater()
    qtbot.wait(50)  # its turns never come: no error, no warning
    window.events.workouts_changed.emit()
    window.events.bodyweight_changed.emit()
    window.events.measurements_changed.emit()
    qtbot.wait(50)


# -- the History read once per change ------------------------------------------------------


@pytest.fixture
def history_reads(window, qtbot) -> tuple[LogTab, list[tuple[object, int]]]:
    """The Log shown and built; every page the History reads, as (after, limit)."""
    window.tabs.setCurrentWidget(window.log_page)
    log = window.log
    log.build_all()
    model = log.history.model
    reads: list[tuple[object, int]] = []
    load = model._load_page

    def counted(after, limit):
        reads.append((after, limit))
        return load(after, limit)

    model._load_page = counted
    return log, reads


def listed(log: LogTab) -> list[str]:
    model = log.history.model
    return [model.index(row).data(SUMMARY_ROLE).name for row in range(model.rowCount())]


def test_a_change_announced_again_for_the_same_data_reads_nothing(window, history_reads, qtbot):
    log, reads = history_reads
    first = finished_workout(0, "Pull")
    events = window.events
    events.workouts_changed.emit()
    assert listed(log) == ["Pull"] and [after for after, _ in reads] == [None]
    assert reads[0][1] == FIRST_ROWS
    events.bodyweight_changed.emit()  # nothing written since: the same rows
    events.workouts_changed.emit()
    assert [after for after, _ in reads] == [None]

    logbook.record_bodyweight(START.date(), "80", "kg")  # volumes of bodyweight lifts move
    events.bodyweight_changed.emit()
    assert [after for after, _ in reads] == [None, None]

    # The unit alone: nothing written, the rows are written in pounds.
    window.log_context.prefs = dataclasses.replace(window.log_context.prefs, unit="lb")
    events.preferences_changed.emit()
    assert [after for after, _ in reads] == [None, None, None]
    assert log.history.model.unit is Unit.LB
    assert "lb" in log.history.model.index(0).data()

    # Another connection's commit (an import's worker) counts as a change too.
    with sqlite3.connect(window.profile.database_path) as other:
        other.execute("UPDATE workout SET name = 'Pull, heavy' WHERE id = ?", (first,))
    events.workouts_changed.emit()
    assert listed(log) == ["Pull, heavy"]


def test_after_an_import_the_history_reads_its_rows_once(
    window, history_reads, qtbot, monkeypatch, tmp_path
):
    log, reads = history_reads
    finished_workout(0, "Mine")
    window.events.workouts_changed.emit()
    qtbot.wait(100)
    assert listed(log) == ["Mine"]
    reads.clear()
    summaries: list[object] = []
    monkeypatch.setattr(
        data_dialogs.ImportSummaryDialog,
        "show_result",
        classmethod(lambda cls, parent, result: summaries.append(result)),
    )
    heard: list[str] = []
    for name in ("workouts_changed", "bodyweight_changed"):
        getattr(window.events, name).connect(lambda name=name: heard.append(name))

    dialog = open_import(window, monkeypatch, write_strong_ios(tmp_path / "strong.csv"))
    qtbot.waitUntil(dialog.unit_buttons["kg"].isVisible)  # the file is read on a worker
    qtbot.mouseClick(dialog.unit_buttons["kg"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.import_button.isEnabled)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(summaries), timeout=10_000)  # on a worker, then a turn each
    qtbot.wait(100)

    assert heard == ["workouts_changed", "bodyweight_changed"]  # a turn apart
    assert [after for after, _ in reads] == [None]  # read once, from the newest
    assert listed(log) == ["Mine", "Pull", "Back Day"]
    assert log.history.list.currentIndex().row() == 0
