"""The first-run welcome: offered once on an empty profile, and each choice does its thing."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backtracker.domain import clock
from backtracker.services import first_run, logbook
from backtracker.storage.models import Routine, SetEntry, Workout, WorkoutExercise
from backtracker.ui import application, dialogs, welcome
from backtracker.ui.application import ui_state
from backtracker.ui.data import dialogs as data_dialogs
from backtracker.ui.data.import_dialog import ImportDialog
from backtracker.ui.main_window import MainWindow
from backtracker.ui.welcome import DISMISSED_KEY, Choice, WelcomeDialog
from tests.ui.test_import_dialog import write_strong_ios


@pytest.fixture(autouse=True)
def _close_dialogs():
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, (WelcomeDialog, ImportDialog)):
            widget.close()
        for dialog in widget.findChildren(ImportDialog):
            dialog.close()


@pytest.fixture
def spawned(monkeypatch) -> list[tuple[str, list[str]]]:
    """The demo process the welcome would start, instead of starting it."""
    calls: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(
        welcome, "start_detached", lambda program, args: calls.append((program, args)) or True
    )
    return calls


def shown_welcome(window: MainWindow) -> WelcomeDialog | None:
    shown = [d for d in window.findChildren(WelcomeDialog) if d.isVisible()]
    assert len(shown) <= 1
    return shown[0] if shown else None


def offer(window: MainWindow, qtbot) -> WelcomeDialog:
    window.offer_welcome()
    dialog = shown_welcome(window)
    assert dialog is not None, "the welcome should show on an empty profile"
    qtbot.waitExposed(dialog)
    return dialog


def dismissed(profile) -> bool:
    return ui_state(profile).value(DISMISSED_KEY, False, type=bool)


def test_building_the_main_window_shows_no_welcome(window):
    assert first_run.profile_is_empty()
    assert shown_welcome(window) is None  # tests and benchmarks never meet a dialog


def test_the_welcome_offers_three_choices_reachable_by_tab(window, qtbot):
    dialog = offer(window, qtbot)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal  # open(), never exec()
    names = [dialog.buttons[c].accessibleName() for c in Choice]
    assert names == [
        "Start with the beginner routine",
        "Import from another app",
        "Explore the demo",
    ]
    assert dialog.not_now.accessibleName() == "Not now"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.buttons[Choice.BEGINNER].hasFocus)
    for expected in (
        dialog.buttons[Choice.IMPORT],
        dialog.buttons[Choice.DEMO],
        dialog.not_now,
    ):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert expected.hasFocus()
    # Space on a focused choice picks it, as with any button.
    qtbot.keyClick(dialog.not_now, Qt.Key.Key_Space)
    assert shown_welcome(window) is None


def test_beginner_routine_starts_a_planned_workout_in_the_log_tab(window, qtbot, seeded):
    dialog = offer(window, qtbot)
    qtbot.mouseClick(dialog.buttons[Choice.BEGINNER], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: Workout.select().count() == 1)

    workout = Workout.get()
    beginner = Routine.get(Routine.builtin_key == "back-beginner")
    assert workout.routine_id == beginner.id and workout.name == "Back — Beginner"
    assert workout.ended_at is None
    links = list(WorkoutExercise.select().where(WorkoutExercise.workout == workout))
    assert len(links) == 5
    planned = SetEntry.select().join(WorkoutExercise).where(WorkoutExercise.workout == workout)
    assert planned.count() == 3 + 3 + 2 + 2 + 2  # the routine's sets, ready to fill in
    assert not any(s.completed for s in planned)
    assert window.tabs.currentWidget() is window.log_page
    assert window.log.running_workout_id == workout.id
    assert shown_welcome(window) is None
    assert dismissed(seeded)


def test_beginner_choice_without_the_routine_says_so(window, qtbot, seeded):
    Routine.delete().where(Routine.builtin_key == "back-beginner").execute()
    welcome.run_choice(window, Choice.BEGINNER)
    assert Workout.select().count() == 0
    assert window.tabs.currentWidget() is window.log_page
    assert "beginner routine is gone" in window.statusBar().currentMessage()


def test_import_opens_the_import_dialog_on_the_chosen_file(
    window, qtbot, monkeypatch, tmp_path, seeded
):
    path = write_strong_ios(tmp_path / "strong.csv")
    asked: list[object] = []
    monkeypatch.setattr(
        data_dialogs, "choose_import_file", lambda parent: asked.append(parent) or path
    )
    dialog = offer(window, qtbot)
    qtbot.mouseClick(dialog.buttons[Choice.IMPORT], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ImportDialog)))
    assert asked == [window]
    assert shown_welcome(window) is None
    assert dismissed(seeded)
    assert Workout.select().count() == 0  # nothing is written until the person confirms


def test_demo_starts_a_separate_demo_process_and_leaves_the_profile_alone(
    window, qtbot, spawned, seeded
):
    dialog = offer(window, qtbot)
    qtbot.mouseClick(dialog.buttons[Choice.DEMO], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(spawned) == 1)
    assert spawned == [(sys.executable, ["-m", "backtracker", "--demo"])]
    assert first_run.profile_is_empty()
    assert "demo opens in its own window" in window.statusBar().currentMessage()
    assert dismissed(seeded)


def test_demo_command_in_a_frozen_bundle(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert welcome.demo_command() == (sys.executable, ["--demo"])


def test_demo_that_cannot_start_is_explained(window, monkeypatch):
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(welcome, "start_detached", lambda program, args: False)
    monkeypatch.setattr(dialogs, "show_error", lambda p, title, text: errors.append((title, text)))
    welcome.run_choice(window, Choice.DEMO)
    assert errors and errors[0][0] == "The demo did not start"
    assert "backtracker --demo" in errors[0][1]
    assert window.statusBar().currentMessage() == ""


def test_not_now_is_remembered_and_the_welcome_does_not_nag(window, qtbot, seeded, theme):
    dialog = offer(window, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert shown_welcome(window) is None
    assert dismissed(seeded)

    window.offer_welcome()
    assert shown_welcome(window) is None
    again = MainWindow(seeded, ui_state(seeded))  # the next start
    qtbot.addWidget(again)
    again.offer_welcome()
    assert shown_welcome(again) is None


def test_once_dismissed_the_database_is_not_even_asked(window, monkeypatch, seeded):
    window.settings.setValue(DISMISSED_KEY, True)

    def must_not_run() -> bool:
        raise AssertionError("queried the profile although the welcome was dismissed")

    monkeypatch.setattr(first_run, "profile_is_empty", must_not_run)
    window.offer_welcome()
    assert shown_welcome(window) is None


def test_help_getting_started_shows_it_again(window, qtbot):
    window.settings.setValue(DISMISSED_KEY, True)
    help_menu = window.menuBar().actions()[-1].menu()
    action = next(a for a in help_menu.actions() if a.text().replace("&", "").startswith("Get"))
    action.trigger()
    assert shown_welcome(window) is not None


@pytest.mark.parametrize("kind", ["workout", "bodyweight", "photo"])
def test_not_offered_once_the_profile_has_data(window, qtbot, kind, tmp_path):
    if kind == "workout":
        logbook.start_workout(window.log_context.prefs)
    elif kind == "bodyweight":
        logbook.record_bodyweight(clock.today(), "80", "kg")
    else:
        from backtracker.storage.models import Photo

        Photo.create(sha256="ab" * 32, file_name="x.jpg", taken_at=dt.datetime(2026, 1, 5))
    assert not first_run.profile_is_empty()
    window.offer_welcome()
    assert shown_welcome(window) is None


@pytest.mark.parametrize("demo", [False, True])
def test_the_app_offers_it_after_showing_the_window_but_never_in_demo_mode(
    qapp, qtbot, seeded, monkeypatch, demo
):
    offered: list[MainWindow] = []

    def record_offer(self: MainWindow) -> None:
        offered.append(self)

    monkeypatch.setattr(MainWindow, "offer_welcome", record_offer)
    monkeypatch.setattr(application, "quit_on_termination_signals", lambda app: None)
    monkeypatch.setattr(qapp, "exec", lambda: 0)
    windows_before = set(QApplication.topLevelWidgets())
    try:
        assert application.run_main_window(qapp, seeded, demo=demo) == 0
        qtbot.wait(20)  # the event loop runs the deferred offer
        if not demo:  # it waits for the window's first paint
            qtbot.waitUntil(lambda: len(offered) == 1)
        assert [w.isVisible() for w in offered] == ([] if demo else [True])
    finally:
        for widget in set(QApplication.topLevelWidgets()) - windows_before:
            if isinstance(widget, MainWindow):
                widget.close()
                widget.deleteLater()
