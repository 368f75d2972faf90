"""The first window built from plain sqlite3 reads: it looks exactly like the one built through
the ORM, the database opens right after the first paint (or at the first click or key before
that), start-up picks that way only for the Library, and the last tab is remembered."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from backtracker import app
from backtracker.domain import clock
from backtracker.services import backup, logbook, preferences
from backtracker.services.demo import fill_demo_profile
from backtracker.storage import first_window
from backtracker.storage.database import close_database
from backtracker.storage.first_window import FirstWindowData, read_first_window
from backtracker.storage.models import db
from backtracker.storage.routines import seed_builtin_routines
from backtracker.ui import application
from backtracker.ui.application import ui_state
from backtracker.ui.first_window import TAB_SETTING
from backtracker.ui.library.model import Role
from backtracker.ui.library.tab import HISTORY_LOADING
from backtracker.ui.main_window import MainWindow
from backtracker.ui.theme import ThemeMode, install_theme


@pytest.fixture
def trained(seeded, qapp) -> Iterator[object]:
    """A profile as a person has it after a few weeks: catalogue, routines, training."""
    install_theme(qapp, ThemeMode.LIGHT)
    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=3)
    yield seeded


def _start(profile) -> FirstWindowData:
    data = read_first_window(profile.database_path)
    assert data is not None and data.active_workout_id is None
    return data


def _shown(qtbot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _what_the_library_shows(window: MainWindow) -> dict[str, object]:
    library = window.library
    detail = library.exercise_detail
    rows = [
        library.proxy.index(row, 0).data(Role.EXERCISE) for row in range(library.proxy.rowCount())
    ]
    return {
        "tab": window.tabs.currentIndex(),
        "rows": rows,
        "current": library.current_exercise(),
        "title": detail.title.text(),
        "facts": {k: v.text() for k, v in detail._fact_labels.items() if k != "history"},
        "note": detail.pinned_note.label.text(),
        "delete": detail.delete_button.isVisibleTo(detail),
        "count": library.count_label.text(),
        "muscles": library.muscle_model.rowCount(),
        "unit": window.log_context.prefs,
    }


def test_the_window_from_plain_reads_is_the_same_and_opens_the_database_after_its_paint(
    trained, qtbot
):
    preferences.save(preferences.Preferences(unit="lb"))
    usual = _what_the_library_shows(_shown(qtbot, MainWindow(trained, ui_state(trained))))
    assert usual["unit"].unit == "lb" and usual["title"] and usual["rows"]

    opened: list[dict[str, object]] = []

    def open_data(window: MainWindow) -> bool:  # the database is open already in tests
        opened.append(
            {
                "painted": window.after_first_paint._painted,
                "history": window.library.exercise_detail._fact_labels["history"].text(),
            }
        )
        return True

    window = MainWindow(trained, ui_state(trained), start=_start(trained), open_data=open_data)
    assert opened == []  # nothing opened while the window is built
    _shown(qtbot, window)
    qtbot.waitUntil(lambda: len(opened) == 1)
    # The first thing after the paint: the history look-up had not even started.
    assert opened == [{"painted": True, "history": HISTORY_LOADING}]
    assert _what_the_library_shows(window) == usual
    qtbot.waitUntil(
        lambda: window.library.exercise_detail._fact_labels["history"].text() != HISTORY_LOADING
    )
    qtbot.wait(300)
    assert len(opened) == 1


class _ClickAfterTheFirstPaint(QObject):
    """Clicks a row of the Library on the first turn of the event loop after the window's
    first paint: before the work that paint queued (it is queued after this one)."""

    def __init__(self, window: MainWindow, qtbot, row: int) -> None:
        super().__init__(window)
        self.window, self.qtbot, self.row = window, qtbot, row
        self.painted_when_clicked: bool | None = None
        window.installEventFilter(self)  # installed last: sees the paint first

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._click)
        return False

    def _click(self) -> None:
        library = self.window.library
        self.painted_when_clicked = self.window.after_first_paint._painted
        point = library.list.visualRect(library.proxy.index(self.row, 0)).center()
        self.qtbot.mouseClick(library.list.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_a_click_before_the_paint_work_opens_the_database_first(trained, qtbot):
    calls: list[tuple[bool, int]] = []

    def open_data(window: MainWindow) -> bool:
        current = window.library.current_exercise()
        calls.append((window.after_first_paint._painted, current.id))
        return True

    window = MainWindow(trained, ui_state(trained), start=_start(trained), open_data=open_data)
    qtbot.addWidget(window)
    library = window.library
    first_id = library.current_exercise().id
    aimed_at = library.proxy.index(2, 0).data(Role.EXERCISE)
    click = _ClickAfterTheFirstPaint(window, qtbot, 2)
    window.show()
    qtbot.waitUntil(lambda: click.painted_when_clicked is not None)
    # The click came before the work queued by the paint; it waited for the database, then
    # selected the row it was aimed at.
    assert click.painted_when_clicked is False
    assert calls == [(False, first_id)]
    assert library.current_exercise() == aimed_at and aimed_at.id != first_id
    qtbot.wait(300)
    assert window.after_first_paint._painted
    assert window.data_gate.ensure_open() and len(calls) == 1  # opened once


def test_a_database_refused_after_the_paint_drops_the_click_and_ends_the_loop(
    trained, qtbot, monkeypatch
):
    exits: list[int] = []
    monkeypatch.setattr(app, "_open_database", lambda profile: app.EXIT_DATABASE_REFUSED)
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    window = MainWindow(
        trained,
        ui_state(trained),
        start=_start(trained),
        open_data=app._open_data_after_first_paint(trained),
    )
    qtbot.addWidget(window)
    library = window.library
    first = library.current_exercise()
    click = _ClickAfterTheFirstPaint(window, qtbot, 2)
    window.show()
    qtbot.waitUntil(lambda: click.painted_when_clicked is not None)
    assert click.painted_when_clicked is False
    assert exits == [app.EXIT_DATABASE_REFUSED]
    assert library.current_exercise() == first  # the click never reached the list
    qtbot.wait(300)
    assert window.goal_label.text() == ""  # the work after the paint was called off
    assert exits == [app.EXIT_DATABASE_REFUSED]


def test_the_tab_in_view_at_close_is_shown_at_the_next_start(trained, qtbot):
    settings = ui_state(trained)
    window = _shown(qtbot, MainWindow(trained, settings))
    assert window.tabs.currentWidget() is window.library  # nothing remembered yet
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # View ▸ Log
    qtbot.wait(300)
    assert window.tabs.currentWidget() is window.log_page
    window.close()
    assert settings.value(TAB_SETTING) == "log"

    again = _shown(qtbot, MainWindow(trained, ui_state(trained)))
    assert again.tabs.currentWidget() is again.log_page


def test_a_workout_left_running_wins_over_the_remembered_tab(trained, qtbot):
    settings = ui_state(trained)
    settings.setValue(TAB_SETTING, "photos")
    logbook.start_workout(preferences.load())
    window = _shown(qtbot, MainWindow(trained, settings))
    assert window.tabs.currentWidget() is window.log_page


def test_an_unknown_remembered_tab_opens_the_library(trained, qtbot):
    settings = ui_state(trained)
    settings.setValue(TAB_SETTING, "charts")
    window = _shown(qtbot, MainWindow(trained, settings))
    assert window.tabs.currentWidget() is window.library


class _FakeWindow:
    """What `open_data` uses of the main window: its status line."""

    def __init__(self) -> None:
        self.statuses: list[str] = []

    def show_status(self, message: str) -> None:
        self.statuses.append(message)


@pytest.fixture
def started(trained, monkeypatch):
    """`app._run_gui` up to the window: what it was given, and what was done by then."""
    seen: dict[str, object] = {}
    read = first_window.read_first_window

    def reading(path):
        seen["backups when read"] = len(backup.auto_backups(trained.backups_dir))
        return read(path)

    def run_main_window(qapp, profile, *, demo, start=None, open_data=None):
        seen.update(start=start, open_data=open_data, database_open=not db.is_closed())
        return 0

    close_database()
    monkeypatch.setattr(app, "configure_logging", lambda profile: None)
    monkeypatch.setattr(app, "_listen_for_other_starts_once_shown", lambda profile: None)
    monkeypatch.setattr(application, "create_application", lambda argv: QApplication.instance())
    monkeypatch.setattr(application, "run_main_window", run_main_window)
    monkeypatch.setattr(first_window, "read_first_window", reading)
    return seen


def test_start_on_the_library_builds_the_window_before_opening_the_database(trained, started):
    assert app._run_gui(trained, demo=False) == 0
    assert isinstance(started["start"], FirstWindowData)
    assert callable(started["open_data"])
    assert started["database_open"] is False
    assert started["backups when read"] == 0  # not yet: made after the first paint
    window = _FakeWindow()
    assert started["open_data"](window) is True  # what DataGate calls after the first paint
    assert len(backup.auto_backups(trained.backups_dir)) == 1  # the backup on start, then
    assert not db.is_closed() and window.statuses == []


def _opener(profile):
    """What `_run_gui` hands the window built from plain reads, the database still closed."""
    close_database()
    return app._open_data_after_first_paint(profile)


@pytest.mark.parametrize("warmed", [True, False], ids=["after-warm-up", "at-a-click"])
def test_a_failed_backup_after_the_first_paint_is_told_and_the_database_still_opens(
    trained, monkeypatch, qtbot, warmed
):
    from backtracker.ui.after_paint import NOT_YET

    def fail(data_dir, keep):
        raise backup.BackupError("the disk is full")

    monkeypatch.setattr(backup, "rolling_backup", fail)
    opener = _opener(trained)
    window = _FakeWindow()
    if warmed:
        *loads, copied = opener.warm_up()
        for step in loads:
            step()
        qtbot.waitUntil(lambda: copied() is not NOT_YET)
    assert opener(window) is True
    assert window.statuses == ["The automatic backup failed: the disk is full"]
    assert not db.is_closed()
    assert backup.auto_backups(trained.backups_dir) == []


def _backups_seen(monkeypatch) -> list[tuple[bool, bool]]:
    """Each backup on start: (made on the GUI thread, the database still closed)."""
    seen: list[tuple[bool, bool]] = []
    real = app._backup_on_start

    def backing_up(profile):
        seen.append((threading.current_thread() is threading.main_thread(), db.is_closed()))
        return real(profile)

    monkeypatch.setattr(app, "_backup_on_start", backing_up)
    return seen


def test_after_the_paint_the_backup_is_copied_on_a_thread_while_the_orm_loads(
    trained, monkeypatch, qtbot
):
    from backtracker.ui.after_paint import NOT_YET

    seen = _backups_seen(monkeypatch)
    opener = _opener(trained)
    # What DataGate has AfterFirstPaint run first, a turn each: the copy started, the ORM's
    # modules loaded, then "not yet" until the copy is done.
    *loads, copied = opener.warm_up()
    for step in loads:
        assert step() is not NOT_YET
    qtbot.waitUntil(lambda: copied() is not NOT_YET)
    assert db.is_closed()
    window = _FakeWindow()
    assert opener(window) is True
    assert seen == [(False, True)]  # on a thread of its own, before the database opened
    assert len(backup.auto_backups(trained.backups_dir)) == 1
    assert not db.is_closed() and window.statuses == []


def test_opened_by_a_click_before_its_warm_up_it_backs_up_there_once(trained, monkeypatch):
    seen = _backups_seen(monkeypatch)
    opener = _opener(trained)
    steps = opener.warm_up()
    assert opener(_FakeWindow()) is True  # a click came first: the backup at once, then open
    for step in steps:  # the warm-up's turns come after: nothing is copied twice
        step()
    assert seen == [(True, True)]
    assert len(backup.auto_backups(trained.backups_dir)) == 1
    assert not db.is_closed()


def test_a_window_closed_before_its_warm_up_still_makes_the_backup_on_start(
    trained, started, monkeypatch
):
    seen = _backups_seen(monkeypatch)
    assert app._run_gui(trained, demo=False) == 0  # the window closed at once (a quit)
    assert seen == [(True, True)]  # made as the app quit, the database never opened
    assert len(backup.auto_backups(trained.backups_dir)) == 1
    assert db.is_closed()


def test_a_window_closed_during_the_copy_waits_for_it(trained, monkeypatch):
    seen = _backups_seen(monkeypatch)
    opener = _opener(trained)
    opener.warm_up()[0]()  # the copy started on its thread
    opener.finish_backup()  # the window closed meanwhile
    assert seen == [(False, True)]
    assert len(backup.auto_backups(trained.backups_dir)) == 1


@pytest.mark.parametrize("tab", ["log", "photos", "progress"])
def test_start_on_another_tab_opens_the_database_first(trained, started, tab):
    ui_state(trained).setValue(TAB_SETTING, tab)
    assert app._run_gui(trained, demo=False) == 0
    assert started["start"] is None and started["open_data"] is None
    assert started["database_open"] is True


def test_start_with_a_workout_running_opens_the_database_first(trained, started):
    from backtracker.storage.database import open_database

    open_database(trained.database_path)
    logbook.start_workout(preferences.load())
    close_database()
    assert app._run_gui(trained, demo=False) == 0
    assert started["start"] is None and started["database_open"] is True


def test_the_first_window_needs_the_right_data_or_opens_the_database_first(trained, started):
    trained.database_path.with_name("window-state.ini").unlink(missing_ok=True)
    from backtracker.storage.database import open_database
    from backtracker.storage.settings import delete_setting

    open_database(trained.database_path)
    delete_setting("catalogue_fingerprint")  # as after an update with a new catalogue
    close_database()
    assert app._run_gui(trained, demo=False) == 0
    assert started["start"] is None and started["database_open"] is True


class _SlowOpener:
    """`open_data` whose warm-up holds the opening for a while, as a backup on start of a
    large profile on a slow disk does (the copy runs on its thread, the window goes on)."""

    HOLD_S = 0.6

    def __init__(self) -> None:
        self.until: float | None = None
        self.opened = False

    def warm_up(self) -> list[object]:
        return [self._copying]

    def _copying(self) -> object:
        from backtracker.ui.after_paint import NOT_YET

        if self.until is None:
            self.until = time.monotonic() + self.HOLD_S
        return NOT_YET if time.monotonic() < self.until else None

    def __call__(self, window: MainWindow) -> bool:
        self.opened = True  # the database is open already in tests
        return True


def test_the_start_up_check_waits_for_a_database_opened_late(trained, qtbot, monkeypatch):
    # The check (a background read of the database) started 1.5 s after the window whether
    # or not the database was open yet: with a backup on start slower than that, it failed
    # with "database must be initialized" and the person saw "Something went wrong".
    from backtracker.ui import health_notice

    monkeypatch.setattr(health_notice, "CHECK_DELAY_MS", 50)
    started: list[bool] = []  # for each start of the check: was the database open by then
    opener = _SlowOpener()
    monkeypatch.setattr(
        health_notice, "start_health_check", lambda window, data_dir: started.append(opener.opened)
    )
    window = MainWindow(trained, ui_state(trained), start=_start(trained), open_data=opener)
    _shown(qtbot, window)
    qtbot.waitUntil(lambda: bool(started), timeout=10_000)
    assert started == [True]
    qtbot.wait(400)
    assert started == [True]  # started once
