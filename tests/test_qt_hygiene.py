"""Qt hygiene: Qt warnings fail the tests, and no widget is touched from a worker thread.

1. `qt_log_level_fail = WARNING` really fails a test that makes Qt warn (a pytest run in a
   subprocess on a tiny test file, with this project's configuration), and each entry of
   the allow-list covers what it says and nothing more.
2. The real UI flows that use `run_task` (photo import, gallery thumbnails, the details
   panel, the viewer, compare mode and its export, the CSV import dialog, export and backup)
   run with a pool whose workers are real threads watched by a profiler: any call on a
   QObject that lives on the GUI thread (every widget and model), or on a QPixmap/QIcon,
   made from a worker is recorded, and the list must stay empty. The callbacks run on the
   GUI thread (checked at each delivery). Every module that calls `run_task` is exercised.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
import threading
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication, QObject, QThread
from PySide6.QtGui import QCursor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from backtracker.ui import tasks

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"


# --- 1. Qt warnings fail tests --------------------------------------------------------------


def run_pytest_on(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    test = tmp_path / "test_tiny.py"
    test.write_text(textwrap.dedent(body))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(PYPROJECT),
            "--rootdir",
            str(tmp_path),
            "-p",
            "no:cacheprovider",
            "-q",
            str(test),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        cwd=tmp_path,
        check=False,
    )


def test_a_qt_warning_fails_the_test(tmp_path):
    done = run_pytest_on(
        tmp_path,
        """
        from PySide6.QtCore import qDebug, qWarning

        def test_warns(qapp):
            qWarning("something is off in a widget")

        def test_only_debug_output(qapp):
            qDebug("chatter is fine")
        """,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed, 1 passed" in done.stdout
    assert "Qt messages with level WARNING or above emitted" in done.stdout
    assert "something is off in a widget" in done.stdout


def configured_ignores() -> list[str]:
    return tomllib.loads(PYPROJECT.read_text())["tool"]["pytest"]["ini_options"]["qt_log_ignore"]


def test_the_allow_list_is_short_and_each_entry_is_explained():
    text = PYPROJECT.read_text()
    ignores = configured_ignores()
    assert 1 <= len(ignores) <= 3
    block = text[text.index("qt_log_ignore") : text.index("]", text.index("qt_log_ignore"))]
    for entry in ignores:
        line = next(i for i, line in enumerate(block.splitlines()) if entry in line)
        above = block.splitlines()[line - 1].strip()
        assert above.startswith("#") or "#" in block.splitlines()[line], entry


def test_the_allow_list_lets_only_its_own_messages_through(tmp_path):
    ignores = configured_ignores()
    cases = "\n".join(
        f"def test_allowed_{n}(qapp):\n    qWarning({entry + ' (from the offscreen plugin)'!r})\n"
        for n, entry in enumerate(ignores)
    )
    done = run_pytest_on(
        tmp_path,
        "from PySide6.QtCore import qWarning\n\n"
        + cases
        + "\ndef test_other(qapp):\n    qWarning('QObject::connect: No such signal')\n",
    )
    assert f"1 failed, {len(ignores)} passed" in done.stdout, done.stdout + done.stderr


# --- 2. no widget from a worker -------------------------------------------------------------


THREAD_SAFE = {"thread", "instance", "currentThread"}


class WatchedPool:
    """Runs each job on a new Python thread with a profiler that reports GUI-object calls."""

    def __init__(self) -> None:
        self.violations: list[str] = []
        self.callers: set[str] = set()
        self.threads: list[threading.Thread] = []
        self.gui_thread = QCoreApplication.instance().thread()

    def maxThreadCount(self) -> int:
        return 4

    def start(self, job: Callable[[], None], priority: int = 0) -> None:
        del priority
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename == tasks.__file__:
            frame = frame.f_back
        caller = frame.f_globals["__name__"] if frame is not None else "?"
        self.callers.add(caller)

        def watched() -> None:
            sys.setprofile(self._profile)
            try:
                job()
            finally:
                sys.setprofile(None)

        thread = threading.Thread(target=watched, name=f"worker for {caller}", daemon=True)
        self.threads.append(thread)
        thread.start()

    def idle(self) -> bool:
        return all(not thread.is_alive() for thread in self.threads)

    def _gui_owned(self, target: object) -> bool:
        if isinstance(target, (QPixmap, QIcon, QCursor)):
            return True
        if isinstance(target, type) and issubclass(target, (QWidget, QPixmap, QIcon)):
            return True
        if isinstance(target, QObject):
            try:
                return target.thread() == self.gui_thread
            except RuntimeError:  # already deleted: touching it is just as wrong
                return True
        return False

    def _profile(self, frame: Any, event: str, arg: Any) -> None:
        """Qt calls (C functions) on GUI-thread objects. `thread()` is the one Qt documents as
        safe from any thread (call_on_gui_thread asks it); Python attributes of a widget
        object are not Qt state and are not seen here."""
        del frame
        if event != "c_call" or getattr(arg, "__name__", "") in THREAD_SAFE:
            return
        owner = getattr(arg, "__self__", None)
        if self._gui_owned(owner) or self._gui_owned(arg):
            self._record(f"{getattr(arg, '__qualname__', arg)} on {type(owner).__name__}")

    def _record(self, what: str) -> None:
        where = threading.current_thread().name
        self.violations.append(f"{what} (in {where})")


@pytest.fixture
def watched(qapp, monkeypatch):
    pool = WatchedPool()
    deliveries: list[bool] = []
    original = tasks._Dispatcher._run

    def run_and_check(self, call):  # type: ignore[no-untyped-def]
        deliveries.append(QThread.currentThread() == QCoreApplication.instance().thread())
        return original(self, call)

    monkeypatch.setattr(tasks._Dispatcher, "_run", run_and_check)
    tasks._dispatcher = None  # a fresh dispatcher, so the patched slot is the one connected
    tasks.set_pool_override(pool)
    try:
        yield pool, deliveries
    finally:
        tasks.set_pool_override(None)
        for thread in pool.threads:
            thread.join(10)
        tasks._dispatcher = None


def _jpeg(path: Path, month: int, colour: tuple[int, int, int]) -> Path:
    exif = Image.Exif()
    exif[0x8769] = {0x9003: f"2026:{month:02d}:01 08:00:00"}
    buffer = io.BytesIO()
    Image.new("RGB", (160, 200), colour).save(buffer, "JPEG", exif=exif.tobytes())
    path.write_bytes(buffer.getvalue())
    return path


def run_task_callers() -> set[str]:
    """Every ui module that calls run_task (or run_with_progress, which wraps it)."""
    found: set[str] = set()
    for path in (ROOT / "backtracker" / "ui").rglob("*.py"):
        if path.name == "tasks.py":
            continue
        if re.search(r"\brun_task\(", path.read_text()):
            found.add(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


def test_workers_never_touch_widgets_and_callbacks_run_on_the_gui_thread(
    watched, qtbot, seeded, tmp_path, monkeypatch
):
    from backtracker.storage.models import Photo, Workout
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.ui.application import ui_state
    from backtracker.ui.data import dialogs as data_dialogs
    from backtracker.ui.data.import_dialog import ImportDialog
    from backtracker.ui.main_window import MainWindow
    from backtracker.ui.photos import dialogs as photo_dialogs
    from backtracker.ui.theme import ThemeMode, install_theme
    from tests.ui.test_import_dialog import write_strong_ios
    from tests.ui.test_photos_tab import click_photo

    pool, deliveries = watched
    install_theme(QApplication.instance(), ThemeMode.LIGHT)
    seed_builtin_routines()
    window = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    def settle(condition: Callable[[], bool] = lambda: True, timeout: int = 20_000) -> None:
        qtbot.waitUntil(lambda: pool.idle() and condition(), timeout=timeout)
        qtbot.wait(50)  # the queued callbacks
        qtbot.waitUntil(pool.idle, timeout=timeout)

    camera = tmp_path / "camera"
    camera.mkdir()
    chosen = [_jpeg(camera / f"{n}.jpg", n, (40 * n, 90, 200 - 30 * n)) for n in (1, 2, 3)]
    monkeypatch.setattr(photo_dialogs, "choose_photo_files", lambda parent: chosen)
    monkeypatch.setattr(photo_dialogs.PoseDialog, "ask", classmethod(lambda *a: "back"))
    monkeypatch.setattr(
        photo_dialogs.ImportSummaryDialog, "show_report", classmethod(lambda *a: None)
    )
    window.import_photos()  # importer, then the gallery's thumbnails
    settle(lambda: Photo.select().count() == 3)

    tab = window.photos
    first = Photo.select().order_by(Photo.taken_at).first()
    click_photo(qtbot, tab, first.id)  # the details panel's thumbnail
    settle()
    tab.open_photo(first.id)  # the viewer decodes the full photo in a worker
    settle(lambda: bool(tab.viewers))
    for viewer in tab.viewers:
        viewer.close()

    exports = tmp_path / "exports"
    exports.mkdir()
    comparison = exports / "compare.jpg"
    monkeypatch.setattr(photo_dialogs, "choose_export_file", lambda parent, suggested: comparison)
    window.compare_photos()  # decodes both photos in workers
    settle()
    tab.compare_page.export_button.click()
    settle(comparison.exists)

    # Set points…: the points and the manual alignment they give are saved in a worker.
    aligned = tab.compare_page.aligned
    aligned.start_points()
    for side in aligned.editor._ids:
        for point in ((0.5, 0.2), (0.3, 0.4), (0.7, 0.4)):
            aligned.editor.overlay.place(side, point)
    aligned.editor.save()
    settle(lambda: not tab.compare_page.canvas.points_mode)
    # Use as reference: the pose is lined up with the photo again in a worker.
    tab.use_as_reference(first.id)
    settle(lambda: not tab.reference_picker.running)
    # The session's catch-up of photos not aligned yet runs in a worker too.
    tab.catch_up.start()
    settle(lambda: not tab.catch_up.running)

    # Photos ▸ Timelapse…: the preview's frames, then the saved file, are made in workers.
    from backtracker.ui import dialogs as ui_dialogs

    timelapse_file = exports / "back.gif"
    monkeypatch.setattr(ui_dialogs, "choose_save_file", lambda *args: timelapse_file)
    tab.timelapse_button.click()
    settle(tab.timelapse_dialog.save_button.isEnabled)
    tab.timelapse_dialog.save_button.click()
    settle(timelapse_file.exists)
    tab.timelapse_dialog.close()

    csv = exports / "sets.csv"
    monkeypatch.setattr(
        data_dialogs, "choose_export_file", lambda parent: (csv, data_dialogs.ExportFormat.CSV)
    )
    window.export_workouts()
    settle(csv.exists)
    archive = exports / "backup.zip"
    monkeypatch.setattr(data_dialogs, "choose_backup_file", lambda parent: archive)
    window.back_up()
    settle(archive.exists)

    source = write_strong_ios(tmp_path / "strong.csv")
    monkeypatch.setattr(data_dialogs, "choose_import_file", lambda parent: source)
    window.import_from_other_app()  # the dialog reads the file in a worker
    settle(lambda: any(d.isVisible() for d in window.findChildren(ImportDialog)))
    for dialog in window.findChildren(ImportDialog):
        dialog.close()
    settle()
    assert Workout.select().count() == 0  # the import dialog only read the file

    # The Log's History reads its workouts' record bests ahead in a worker; the back's
    # week: the Log's panel and Progress ▸ Back read it in workers.
    from backtracker.services import live_records
    from tests.storage.test_progress import at, exercise_id, log

    live_records.forget_read_ahead()
    log(at("2026-03-16"), {exercise_id("dumbbell-row"): [(32.5, 8), (35.0, 5)]})
    window.events.workouts_changed.emit()
    window.tabs.setCurrentWidget(window.log_page)
    settle(lambda: "backtracker.ui.log.history" in pool.callers)
    settle(lambda: "backtracker.ui.coach.side_panel" in pool.callers)
    window.tabs.setCurrentWidget(window.progress_page)
    # Progress's first show reads the exercise list and its first chart in a worker.
    settle(lambda: "backtracker.ui.progress.tab" in pool.callers)
    settle(lambda: not window.progress_page.content().loading)
    window.progress_page.content().back_button.click()
    settle(lambda: "backtracker.ui.coach.week_page" in pool.callers)
    # The Calendar, made ahead while the tab stands idle, reads its first year in a worker.
    settle(lambda: "backtracker.ui.progress.calendar_page" in pool.callers)

    # Preferences ▸ Photo vault: the passes over every file and the passphrase check.
    from backtracker.services import photo_vault
    from backtracker.ui.settings_dialog import SettingsDialog

    monkeypatch.setattr(ui_dialogs, "show_info", lambda *args: None)
    preferences_dialog = SettingsDialog(window.log_context.prefs, window, window.events)
    vault = preferences_dialog.vault
    vault.start_turn_on()
    vault.dialog.new.setText("correct horse battery")
    vault.dialog.repeat.setText("correct horse battery")
    vault.dialog.understood.setChecked(True)
    vault.dialog.action.click()
    settle(lambda: photo_vault.state() is photo_vault.VaultState.ON and vault.progress is None)
    # Locked (Ctrl+L), the Photos tab's lock page unlocks in a worker (scrypt).
    window.vault_lock.lock()
    tab.lock.page.field.setText("correct horse battery")
    tab.lock.page.unlock_button.click()
    settle(lambda: photo_vault.is_unlocked() and not tab.lock.locked)
    vault.start_turn_off()
    vault.dialog.current.setText("correct horse battery")
    vault.dialog.action.click()
    settle(lambda: photo_vault.state() is photo_vault.VaultState.OFF and vault.progress is None)
    preferences_dialog.close()

    # The start-up health check runs 1.5 s after the window came up.
    settle(lambda: "backtracker.ui.health_notice" in pool.callers, timeout=10_000)
    # The chart libraries' preload, on a module not loaded yet (those are, by now).
    from backtracker.ui import preload

    monkeypatch.setattr(preload, "PRELOAD_DELAY_MS", 0)
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    preload.schedule_preload(window, names=("colorsys",))
    settle(lambda: "backtracker.ui.preload" in pool.callers and "colorsys" in sys.modules)

    assert "\n".join(pool.violations) == ""
    assert deliveries and all(deliveries)
    missing = run_task_callers() - pool.callers
    assert missing == set(), f"run_task callers not exercised: {missing}"


def test_the_watch_sees_a_worker_touching_a_widget(watched, qtbot):
    """The profiler is not blind: a job that sets a label's text is recorded."""
    from PySide6.QtWidgets import QLabel

    pool, _ = watched
    label = QLabel("before")
    qtbot.addWidget(label)
    tasks.run_task(label.setText, "from a worker")
    qtbot.waitUntil(pool.idle, timeout=5000)
    qtbot.wait(20)
    assert any("setText" in violation for violation in pool.violations)
