"""Bootstrap: parse the arguments, find the data folder, open the database, show the window."""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from backtracker import APP_NAME, __version__
from backtracker.cli import build_parser, opens_the_app
from backtracker.code_cache import (
    dataclass_code_kept,
    prune_other_versions,
    versioned_folder,
    writes_held,
)
from backtracker.domain import clock
from backtracker.domain.errors import UserError
from backtracker.storage.lock import GUI_PURPOSE, ProfileInUseError, ProfileLock
from backtracker.storage.profile import (
    Profile,
    default_cache_dir,
    default_data_dir,
    prepare_profile,
)

if TYPE_CHECKING:
    from backtracker.ui.main_window import MainWindow

log = logging.getLogger("backtracker")

LOG_MAX_BYTES = 1_000_000
EXIT_USER_ERROR = 2
EXIT_DATABASE_REFUSED = 3
EXIT_PROFILE_IN_USE = 4
EXIT_MISSING_LIBRARIES = 5
LISTEN_DELAY_MS = 250
DATACLASS_CODE_DIR = "dataclass-code"  # in the per-user cache folder

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


# The shared libraries Qt's xcb platform plugin (X11) loads that a desktop may lack, and the
# Debian/Ubuntu package of each: the list scripts/setup.sh installs for the app (a test keeps
# the two in step).
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
)


def qt_will_use_xcb(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether Qt will start on X11 (xcb), as Qt itself picks the platform on Linux.

    QT_QPA_PLATFORM names it (or a list, tried in order). Unset, Qt tries Wayland first in
    a Wayland session, then xcb. A Wayland candidate without WAYLAND_DISPLAY falls through.
    """
    if not sys.platform.startswith("linux"):
        return False
    wanted = environ.get("QT_QPA_PLATFORM", "").strip()
    if wanted:
        candidates = [name.split(":")[0].strip() for name in wanted.split(";")]
    elif environ.get("XDG_SESSION_TYPE") == "wayland":
        candidates = ["wayland", "xcb"]
    else:
        candidates = ["xcb"]
    for name in candidates:
        if name == "xcb":
            return True
        if not (name.startswith("wayland") and not environ.get("WAYLAND_DISPLAY")):
            return False  # another platform comes first and has what it needs
    return False


def _load_library(name: str) -> None:
    """dlopen `name` as Qt's plugin will (about 0.15 ms each); OSError when it is missing."""
    import ctypes

    try:
        ctypes.CDLL(name)
    except OSError:
        bundle = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle may carry it
        if bundle is None or not (Path(bundle) / name).is_file():
            raise
        ctypes.CDLL(str(Path(bundle) / name))


def missing_xcb_libraries(
    environ: Mapping[str, str] = os.environ, load: Callable[[str], object] | None = None
) -> list[tuple[str, str]]:
    """(library, package) for each library Qt's xcb plugin needs and cannot load; none
    when Qt will not use xcb. `load` (default `_load_library`) raises OSError for a missing
    library."""
    load = load or _load_library
    if not qt_will_use_xcb(environ):
        return []
    missing = []
    for library, package in XCB_LIBRARIES:
        try:
            load(library)
        except OSError:
            missing.append((library, package))
    return missing


def missing_libraries_message(missing: list[tuple[str, str]]) -> str:
    libraries = ", ".join(library for library, _package in missing)
    packages = " ".join(package for _library, package in missing)
    return (
        f"{APP_NAME} cannot open its window: Qt's X11 (xcb) support needs system libraries "
        f"that are not installed ({libraries}). On Debian or Ubuntu, install them with:\n"
        f"    sudo apt-get install {packages}\n"
        "then start BackTracker again. (On other systems, install the packages that provide "
        "these libraries.)"
    )


def show_without_qt(title: str, message: str) -> None:
    """Show `message` in a desktop dialog when Qt cannot: the person may have started the app
    from a menu, where nobody reads the terminal. Best effort; the message is printed too."""
    import shutil
    import subprocess

    for program, arguments in (
        ("zenity", ["--error", f"--title={title}", "--no-markup", f"--text={message}"]),
        ("kdialog", [f"--title={title}", "--error", message]),
        ("xmessage", ["-center", f"{title}\n\n{message}"]),
    ):
        path = shutil.which(program)
        if path is None:
            continue
        try:
            subprocess.run([path, *arguments], check=False, timeout=600, capture_output=True)
        except (OSError, subprocess.SubprocessError):
            continue
        return


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
    # The methods dataclasses write, compiled once and kept (code_cache.py): the app's
    # start, each tab's first use and each command load dozens of dataclasses.
    folder = dataclass_code_folder()
    try:
        with dataclass_code_kept(folder):
            return _main(argv)
    finally:
        prune_other_versions(folder)  # on the way out: never in the way of a start


def dataclass_code_folder() -> Path:
    """Where this version keeps the methods its dataclasses write (code_cache.py)."""
    return versioned_folder(default_cache_dir() / DATACLASS_CODE_DIR, __version__)


def _main(argv: list[str] | None) -> int:
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
    missing = missing_xcb_libraries()
    if missing:
        message = missing_libraries_message(missing)
        print(f"{APP_NAME}: {message}", file=sys.stderr)
        show_without_qt(f"{APP_NAME} cannot start", message)
        return EXIT_MISSING_LIBRARIES
    # shutil, subprocess and tempfile load only when needed: a few ms of every start.
    import shutil
    import tempfile

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
    # Compiled code new to the cache is written after the first paint (run_main_window),
    # or on the way out for a window closed before it.
    with writes_held():
        return _run_gui_held(profile, demo=demo)


def _run_gui_held(profile: Profile, *, demo: bool) -> int:
    configure_logging(profile)
    _import_core_before_qt()
    # Qt is imported only now, so `--help` and the commands stay fast and display-free.
    from backtracker.ui.application import create_application, run_main_window, ui_state
    from backtracker.ui.first_window import LIBRARY, last_tab

    app = create_application(sys.argv[:1])
    start = None
    if not demo and last_tab(ui_state(profile)) == LIBRARY:
        from backtracker.storage.first_window import read_first_window

        # The Library from plain sqlite3 reads; the ORM loads after the first paint, and the
        # backup on start is made then too (`_open_data_after_first_paint`).
        start = read_first_window(profile.database_path)
        if start is not None and start.active_workout_id is not None:
            start = None  # the Log opens: it needs the database before it is drawn
    backup_problem = None
    opener = None if start is None else _open_data_after_first_paint(profile)
    try:
        if start is None:
            backup_problem = _backup_on_start(profile)  # before open_database may migrate
            refused = _open_database(profile)
            if refused is not None:
                return refused
            _seed(profile, demo=demo)
        if backup_problem:
            _show_status_once_shown(backup_problem)
        _listen_for_other_starts_once_shown(profile)
        return run_main_window(
            app,
            profile,
            demo=demo,
            start=start,
            open_data=opener,
        )
    finally:
        if opener is not None:
            opener.finish_backup()
        if "backtracker.storage.models" in sys.modules:  # never opened: no ORM to load
            from backtracker.storage.database import close_database

            close_database()


def _open_database(profile: Profile) -> int | None:
    """Open (and migrate) the database; the exit code when it is refused."""
    from backtracker.storage.database import open_database
    from backtracker.ui.dialogs import show_fatal_error

    try:
        open_database(profile.database_path)
    except UserError as error:
        log.error("Database refused: %s", error)
        show_fatal_error("BackTracker cannot open your data", str(error))
        return fail(str(error), EXIT_DATABASE_REFUSED)
    return None


def _seed(profile: Profile, *, demo: bool) -> bool:
    """The catalogue and the built-in routines, and the demo's training; whether the
    catalogue changed."""
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.storage.seeding import seed_catalogue

    changed = seed_catalogue().changed
    seed_builtin_routines()
    if demo:
        from backtracker.services.demo import fill_demo_profile

        report = fill_demo_profile(today=clock.today())
        log.info("Demo profile filled: %d workouts, %d sets", report.workouts, report.sets)
        from backtracker.services.demo_photos import add_demo_photos
        from backtracker.services.photos import thumbnails_dir

        add_demo_photos(profile.photos_dir, thumbnails_dir(profile.data_dir), today=clock.today())
    return changed


def _open_data_after_first_paint(profile: Profile) -> _OpenAfterFirstPaint:
    return _OpenAfterFirstPaint(profile)


class _OpenAfterFirstPaint:
    """The database opened once the window built from plain reads is up (ui/first_window.py).

    The rolling backup on start comes first, still before the database opens. Nothing is
    left to migrate or seed (storage/first_window.py checked); should seeding still change
    the catalogue, the Library reloads. A refusal ends the event loop with
    EXIT_DATABASE_REFUSED, as it would have before the window.

    Done in one turn of the event loop, that was 55 ms on a ten-year profile: the backup's
    module (13 ms) and its copy of the database (31 ms), the ORM's modules (28 ms). So the
    window's `DataGate` first takes the `warm_up` steps, a turn each: the backup's module is
    loaded and the copy started on a thread of its own (SQLite copies without holding
    Python's interpreter lock), Peewee and the models load meanwhile; opening then waits for
    the copy (the event loop runs on until it is done: `after_paint.NOT_YET`), and opens. A
    click before all that opens at once, as before, waiting for a copy under way.
    """

    WARM_MODULES = ("peewee", "backtracker.storage.models")

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self._started = False  # the backup on start: begun (here or on its thread)
        self._thread: threading.Thread | None = None  # the thread copying, if one was used
        self._backup_problem: str | None = None

    def warm_up(self) -> list[Callable[[], object]]:
        loads = [partial(importlib.import_module, module) for module in self.WARM_MODULES]
        return [self._start_backup, *loads, self._backed_up]

    def _start_backup(self) -> None:
        if self._started:
            return
        self._started = True
        import backtracker.services.backup  # noqa: F401  here, not on the thread, holding the lock

        # A thread of its own, not the task pool: opening joins it, and a pool may be full
        # or held (tests), which would leave that join waiting.
        self._thread = threading.Thread(target=self._back_up, name="backtracker-backup")
        self._thread.start()

    def _backed_up(self) -> str | None:
        """NOT_YET while the copy runs: the window goes on meanwhile, opening comes after."""
        from backtracker.ui.after_paint import NOT_YET

        return NOT_YET if self._thread is not None and self._thread.is_alive() else None

    def _back_up(self) -> None:
        self._backup_problem = _backup_on_start(self.profile)

    def finish_backup(self) -> None:
        """The backup on start, made here and now if not begun, else waited for if its thread
        still copies. Called before opening (a click before the warm-up), and once the window
        has closed: a window closed before its warm-up (quit within a moment of the first
        paint) never opened the database, which still holds what it held at start."""
        if not self._started:
            self._started = True
            self._back_up()
        elif self._thread is not None:
            self._thread.join()

    def __call__(self, window: MainWindow) -> bool:
        started = time.perf_counter()
        self.finish_backup()  # opened before the warm-up (a click): backed up now
        if self._backup_problem:
            window.show_status(self._backup_problem)
        refused = _open_database(self.profile)
        if refused is not None:
            from PySide6.QtWidgets import QApplication

            window.after_first_paint.cancel()
            QApplication.exit(refused)
            return False
        if _seed(self.profile, demo=False):  # checked before: only a race could change it
            window.events.exercises_changed.emit()
        log.info("Database opened after the first paint (%.0f ms)", _ms_since(started))
        return True


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


# The Qt-free modules the first window needs. Once PySide6 is loaded, it reads the source of
# every module imported after it (for its `__feature__` switches), which costs more than
# importing some of them: so these load first. A name missing here only costs that time.
CORE_FOR_FIRST_WINDOW = (
    "backtracker.domain.catalogue",
    "backtracker.domain.search",
    "backtracker.services.pinned_notes",
    "backtracker.services.preferences",
    "backtracker.storage.first_window",
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
