"""The QApplication: names, style, theme, error reporting, and the main window's life."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSocketNotifier
from PySide6.QtWidgets import QApplication

from backtracker import APP_ID, APP_NAME, __version__
from backtracker.code_cache import release_writes
from backtracker.storage.profile import Profile
from backtracker.ui import dialogs
from backtracker.ui.icons import app_icon
from backtracker.ui.theme import ThemeMode, install_theme

if TYPE_CHECKING:
    from backtracker.storage.first_window import FirstWindowData
    from backtracker.ui.main_window import MainWindow

log = logging.getLogger(__name__)


# How long a thread holding Python's interpreter lock keeps it once another wants it (Python's
# default: 5 ms). Every call from Qt into our Python code (a paint, an event filter, a model's
# data) takes the lock; with a worker importing or computing meanwhile (the first reads after
# the first paint, the charting libraries' preload), each such call waited up to 5 ms, and a
# GUI turn of 9-15 ms of work took 41-66 ms. At 0.5 ms: 22-41 ms, on the same start.
GIL_SWITCH_S = 0.0005


def create_application(argv: list[str]) -> QApplication:
    sys.setswitchinterval(GIL_SWITCH_S)
    app = QApplication.instance()
    if app is None:
        # Fusion as an argument: `setStyle("Fusion")` would hand back the style, and wrapping
        # it makes PySide6 build all of QStyle's enums for Python (about 3 ms of every start).
        app = QApplication([*argv, "-style", "Fusion"])
    else:
        app.setStyle("Fusion")
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app


def ui_state(profile: Profile) -> QSettings:
    """Window geometry and view choices live in the profile, never in the system registry."""
    return QSettings(str(profile.ui_state_path), QSettings.Format.IniFormat)


def _report_bug(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    log.error("Unexpected error\n%s", "".join(traceback.format_exception(kind, error, tb)))
    dialogs.show_error(
        QApplication.activeWindow(),
        "Something went wrong",
        f"BackTracker hit an unexpected problem: {error}\n\nYour saved data is safe. The "
        "details are in backtracker.log in your data folder (Help ▸ About shows where).",
    )


def quit_on_termination_signals(app: QApplication) -> None:
    """SIGTERM and SIGINT close the window normally (state saved, database closed).

    Python only runs signal handlers between bytecodes, which never happens while Qt's event
    loop waits; the wake-up file descriptor makes Qt notice the signal at once. A pipe on
    POSIX (the socket module costs about 5 ms of every start); Windows needs a socket.
    """
    if os.name == "posix":
        reader, writer = os.pipe()
        os.set_blocking(reader, False)
        os.set_blocking(writer, False)
        read = lambda: os.read(reader, 64)  # noqa: E731
        close = lambda: (os.close(reader), os.close(writer))  # noqa: E731
    else:
        import socket

        pair = socket.socketpair()
        for end in pair:
            end.setblocking(False)
        reader, writer = pair[0].fileno(), pair[1].fileno()
        read = lambda: pair[0].recv(64)  # noqa: E731
        close = lambda: (pair[0].close(), pair[1].close())  # noqa: E731
    signal.set_wakeup_fd(writer)
    notifier = QSocketNotifier(reader, QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(BlockingIOError):
            read()
        for window in app.topLevelWidgets():
            window.close()
        app.quit()

    notifier.activated.connect(drain)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: None)

    def stop() -> None:
        signal.set_wakeup_fd(-1)  # a late signal must not write to a closed (or reused) fd
        close()

    app.aboutToQuit.connect(stop)


def _theme_mode(value: object) -> ThemeMode:
    try:
        return ThemeMode(str(value))
    except ValueError:
        return ThemeMode.SYSTEM


def run_main_window(
    app: QApplication,
    profile: Profile,
    *,
    demo: bool,
    start: FirstWindowData | None = None,
    open_data: Callable[[MainWindow], bool] | None = None,
) -> int:
    """Show the main window and run the event loop. With `start`, the window is built from
    it and `open_data` opens the database after the first paint (ui/first_window.py)."""
    from backtracker.ui.main_window import MainWindow

    settings = ui_state(profile)
    install_theme(app, _theme_mode(settings.value("theme", ThemeMode.SYSTEM.value)))
    sys.excepthook = _report_bug
    quit_on_termination_signals(app)
    window = MainWindow(profile, settings, demo=demo, start=start, open_data=open_data)
    window.show()
    log.info("Main window shown (data folder %s)", profile.data_dir)
    # The compiled code kept for the next start, held back while this one is drawn.
    window.after_first_paint.call(release_writes)
    if not demo:
        # First run: a welcome, once the window has been drawn.
        window.after_first_paint.call(window.offer_welcome)
    try:
        return app.exec()
    finally:
        # Past the event loop there is no window left to show a message in.
        sys.excepthook = sys.__excepthook__
