"""Bootstrap: parse the arguments, find the data folder, open the database, show the window."""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from backtracker import APP_NAME
from backtracker.cli import build_parser, opens_the_app
from backtracker.domain import clock
from backtracker.domain.errors import UserError
from backtracker.storage.lock import GUI_PURPOSE, ProfileInUseError, ProfileLock
from backtracker.storage.profile import Profile, default_data_dir, prepare_profile

if TYPE_CHECKING:
    from backtracker.ui.main_window import MainWindow

log = logging.getLogger("backtracker")

LOG_MAX_BYTES = 1_000_000
EXIT_USER_ERROR = 2
EXIT_DATABASE_REFUSED = 3
EXIT_PROFILE_IN_USE = 4
LISTEN_DELAY_MS = 250

NO_DISPLAY_MESSAGE = (
    f"{APP_NAME} needs a graphical display, and none was found: neither DISPLAY nor "
    "WAYLAND_DISPLAY is set. Start it from your desktop session, or run it without a "
    "screen by setting QT_QPA_PLATFORM=offscreen."
)


def display_problem(environ: dict[str, str] | os._Environ[str] = os.environ) -> str | None:
    """Explain a missing display before Qt aborts with a misleading plugin error."""
    if not sys.platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY_MESSAGE


def configure_logging(profile: Profile | None) -> None:
    """Warnings to the terminal; a rotating log of everything useful in the data folder."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root.addHandler(console)
    if profile is not None:
        log_path = profile.data_dir / "backtracker.log"
        if log_path.exists() and log_path.stat().st_size > LOG_MAX_BYTES:
            log_path.replace(log_path.with_suffix(".log.1"))  # keep one previous log
        file_handler = logging.FileHandler(log_path, encoding="utf-8")
        file_handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        root.addHandler(file_handler)


def fail(message: str, code: int = EXIT_USER_ERROR) -> int:
    print(f"{APP_NAME}: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # Everything we create is private to the person (0700 folders, 0600 files): the log,
    # Qt's window-state file and SQLite's -wal/-shm too, which would follow the umask.
    if hasattr(os, "umask"):
        os.umask(0o077)
    # Opening the app needs no command: their modules are not even imported then.
    args = build_parser([] if opens_the_app(argv) else None).parse_args(argv)
    if getattr(args, "run", None) is not None:
        return int(args.run(args))
    return run_gui(data_dir=args.data_dir, demo=args.demo)


def run_gui(*, data_dir: Path | None, demo: bool) -> int:
    problem = display_problem()
    if problem:
        return fail(problem)
    demo_dir = Path(tempfile.mkdtemp(prefix="backtracker-demo-")) if demo else None
    try:
        return _run_locked(demo_dir or data_dir or default_data_dir(), demo=demo)
    finally:
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)


def _run_locked(data_dir: Path, *, demo: bool) -> int:
    """One window per profile: a second start brings the first one forward instead."""
    try:
        profile = prepare_profile(data_dir)
        lock = ProfileLock.acquire(profile.data_dir)
    except ProfileInUseError as error:
        return _already_open(error)
    except UserError as error:
        return fail(str(error))
    with lock:
        return _run_gui(profile, demo=demo)


def _already_open(error: ProfileInUseError) -> int:
    """Switch to the window that has the profile open; or explain why this one cannot open."""
    from backtracker.ui.application import create_application
    from backtracker.ui.dialogs import show_fatal_error
    from backtracker.ui.single_instance import ask_to_come_forward

    create_application(sys.argv[:1])
    if error.purpose == GUI_PURPOSE and ask_to_come_forward(error.data_dir):
        print(f"{APP_NAME} is already open on this profile; switched to it.")
        return 0
    show_fatal_error(f"{APP_NAME} is already in use", str(error))
    return fail(str(error), EXIT_PROFILE_IN_USE)


def _run_gui(profile: Profile, *, demo: bool) -> int:
    configure_logging(profile)

    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.storage.seeding import seed_catalogue

    _import_core_before_qt()
    # Qt is imported only now, so `--help` and the commands stay fast and display-free.
    from backtracker.ui.application import create_application, run_main_window
    from backtracker.ui.dialogs import show_fatal_error

    app = create_application(sys.argv[:1])
    backup_problem = _backup_on_start(profile)  # before open_database may migrate
    try:
        open_database(profile.database_path)
    except UserError as error:
        log.error("Database refused: %s", error)
        show_fatal_error("BackTracker cannot open your data", str(error))
        return fail(str(error), EXIT_DATABASE_REFUSED)
    try:
        seed_catalogue()
        seed_builtin_routines()
        if demo:
            from backtracker.services.demo import fill_demo_profile

            report = fill_demo_profile(today=clock.today())
            log.info("Demo profile filled: %d workouts, %d sets", report.workouts, report.sets)
            from backtracker.services.demo_photos import add_demo_photos
            from backtracker.services.photos import thumbnails_dir

            add_demo_photos(
                profile.photos_dir, thumbnails_dir(profile.data_dir), today=clock.today()
            )
        if backup_problem:
            _show_status_once_shown(backup_problem)
        _listen_for_other_starts_once_shown(profile)
        return run_main_window(app, profile, demo=demo)
    finally:
        close_database()


# The Qt-free modules the first window needs. Once PySide6 is loaded, it reads the source of
# every module imported after it (for its `__feature__` switches), which costs more than
# importing some of them: so these load first. A name missing here only costs that time.
CORE_FOR_FIRST_WINDOW = (
    "backtracker.domain.search",
    "backtracker.services.backup",
    "backtracker.services.library",
    "backtracker.services.preferences",
    "backtracker.storage.workouts",
    "html",
    "xml.etree.ElementTree",
)


def _import_core_before_qt() -> None:
    for name in CORE_FOR_FIRST_WINDOW:
        importlib.import_module(name)


def _backup_on_start(profile: Profile) -> str | None:
    """The rolling database backup; a failure is logged and returned, and never blocks start."""
    from backtracker.services.backup import backup_on_start

    try:
        made = backup_on_start(profile.data_dir)
    except UserError as error:
        log.warning("Automatic backup failed: %s", error)
        return f"The automatic backup failed: {error}"
    except Exception:  # a bug, but losing a backup must not stop the person training
        log.exception("Automatic backup failed")
        return "The automatic backup failed; the details are in backtracker.log."
    if made is not None:
        log.info("Automatic backup written to %s", made)
    return None


def _with_main_window_later(delay_ms: int, action: Callable[[MainWindow], None]) -> None:
    """Call `action(window)` on the main window `delay_ms` after the event loop starts."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from backtracker.ui.main_window import MainWindow

    def run() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                action(widget)

    QTimer.singleShot(delay_ms, run)


def _show_status_once_shown(message: str) -> None:
    """Show `message` in the main window's status bar as soon as the event loop runs."""
    _with_main_window_later(0, lambda window: window.show_status(message))


def _listen_for_other_starts_once_shown(profile: Profile) -> None:
    """Once the window is up, let a second start on this profile bring it forward."""

    def listen(window: MainWindow) -> None:
        from backtracker.ui.single_instance import listen

        listen(window, profile.data_dir)

    # After the first paint, which must not wait for QtNetwork; a second start retries for 3 s.
    _with_main_window_later(LISTEN_DELAY_MS, listen)
