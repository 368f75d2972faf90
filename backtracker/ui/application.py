"""The QApplication: names, style, theme, error reporting, and the main window's life."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from backtracker import APP_ID, APP_NAME, __version__
from backtracker.storage.profile import Profile
from backtracker.ui import dialogs
from backtracker.ui.icons import app_icon
from backtracker.ui.theme import ThemeMode, install_theme

log = logging.getLogger(__name__)


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setStyle("Fusion")
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


def run_main_window(app: QApplication, profile: Profile, *, demo: bool) -> int:
    from backtracker.ui.main_window import MainWindow

    settings = ui_state(profile)
    install_theme(app, ThemeMode(settings.value("theme", ThemeMode.SYSTEM.value)))
    sys.excepthook = _report_bug
    window = MainWindow(profile, settings, demo=demo)
    window.show()
    return app.exec()
