"""The first-run welcome: three ways in on an empty profile, offered once.

The choices are: start the beginner routine in the Log tab, import history from another app,
or explore the demo. The demo runs as a separate `--demo` process on a throw-away profile, so
the person's own profile stays empty and clean; closing the demo window deletes it.
"""

from __future__ import annotations

import logging
import sys
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QProcess, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backtracker import APP_NAME
from backtracker.services import first_run
from backtracker.ui import dialogs
from backtracker.ui.icons import app_icon, icon
from backtracker.ui.theme import theme
from backtracker.ui.widgets.headings import heading

if TYPE_CHECKING:
    from backtracker.ui.main_window import MainWindow

log = logging.getLogger(__name__)

DISMISSED_KEY = "welcome/dismissed"  # in the profile's ui-state file


class Choice(Enum):
    BEGINNER = "beginner"
    IMPORT = "import"
    DEMO = "demo"


CHOICES: tuple[tuple[Choice, str, str, str], ...] = (
    (
        Choice.BEGINNER,
        "Start with the beginner routine",
        "Five proven back exercises, 2–3 sets of 8–12 reps. Your first workout opens in the "
        "Log tab with every set planned.",
        "dumbbell",
    ),
    (
        Choice.IMPORT,
        "Import from another app",
        "Bring your training history from Strong, Hevy or FitNotes (their CSV export).",
        "import",
    ),
    (
        Choice.DEMO,
        "Explore the demo",
        "A separate window with a year of sample training and photos. Your own data stays "
        "untouched, and the demo is deleted when you close it.",
        "progress",
    ),
)


class WelcomeDialog(QDialog):
    """Three big choices and Not now; `chosen` says which one was picked."""

    chosen = Signal(object)  # Choice

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Welcome to {APP_NAME}")
        self.setObjectName("WelcomeDialog")
        self.choice: Choice | None = None

        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(56, 56)))
        logo.setAccessibleName(f"{APP_NAME} logo")
        title = heading(f"Welcome to {APP_NAME}")
        intro = QLabel(
            "Your private log for building a strong back: exercises with clear how-tos, "
            "workout logging, strength charts and progress photos. Everything stays on this "
            "computer. How would you like to start?"
        )
        intro.setWordWrap(True)
        header = QVBoxLayout()
        header.setSpacing(6)
        header.addWidget(title)
        header.addWidget(intro)
        top = QHBoxLayout()
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(8)
        top.addLayout(header, 1)

        self.buttons: dict[Choice, QCommandLinkButton] = {}
        choices = QVBoxLayout()
        choices.setSpacing(6)
        for choice, text, description, icon_name in CHOICES:
            button = QCommandLinkButton(text, description)
            button.setIcon(icon(icon_name))
            button.setIconSize(QSize(28, 28))
            button.setAccessibleName(text)
            button.setAccessibleDescription(description)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setAutoDefault(False)
            button.clicked.connect(partial(self.choose, choice))
            choices.addWidget(button)
            self.buttons[choice] = button

        self.not_now = QPushButton("Not now")
        self.not_now.setAccessibleName("Not now")
        self.not_now.setToolTip("Close this welcome; Help ▸ Getting Started brings it back")
        self.not_now.setAutoDefault(False)
        self.not_now.clicked.connect(self.reject)
        later = QLabel("You can open this again from Help ▸ Getting Started.")
        later.setEnabled(False)
        later.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(later, 1)
        bottom.addWidget(self.not_now)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(top)
        layout.addSpacing(12)
        layout.addLayout(choices)
        layout.addSpacing(8)
        layout.addLayout(bottom)
        intro.setMinimumWidth(460)  # so the wrapped text sets a sensible height at once
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        self._restyle()
        theme().changed.connect(self._restyle)
        self.buttons[Choice.BEGINNER].setFocus()

    def _restyle(self) -> None:
        """The choices as cards: a frame, and the accent colour on hover and focus."""
        colors = theme().colors
        style = (
            f"QCommandLinkButton {{ border: 1px solid {colors.border}; border-radius: 6px;"
            f" background: {colors.base}; padding: 8px 10px; }}"
            f" QCommandLinkButton:hover {{ border-color: {colors.accent}; }}"
            f" QCommandLinkButton:focus {{ border: 2px solid {colors.accent}; }}"
        )
        for button in self.buttons.values():
            button.setStyleSheet(style)

    def choose(self, choice: Choice) -> None:
        self.choice = choice
        self.accept()
        self.chosen.emit(choice)


# -- showing it ----------------------------------------------------------------------------------
def should_offer(settings: QSettings) -> bool:
    """Only on an empty profile, and never again once it was closed in any way."""
    if settings.value(DISMISSED_KEY, False, type=bool):
        return False  # no database query at all once dismissed
    return first_run.profile_is_empty()


def offer_welcome(window: MainWindow) -> WelcomeDialog | None:
    """Show the welcome if this is a first run; the main window calls it once it is visible."""
    if not should_offer(window.settings):
        return None
    return show_welcome(window)


def show_welcome(window: MainWindow) -> WelcomeDialog:
    """Open the welcome without blocking (window-modal; Esc or Not now close it)."""
    dialog = WelcomeDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(partial(_remember_dismissed, window.settings))
    dialog.chosen.connect(partial(_run_choice_later, window))
    dialog.open()
    return dialog


def _remember_dismissed(settings: QSettings, _result: int) -> None:
    settings.setValue(DISMISSED_KEY, True)
    settings.sync()


def _run_choice_later(window: MainWindow, choice: Choice) -> None:
    # After the welcome has closed, so a file dialog or the Log tab gets the focus cleanly.
    QTimer.singleShot(0, window, partial(run_choice, window, choice))


def run_choice(window: MainWindow, choice: Choice) -> None:
    if choice is Choice.BEGINNER:
        start_beginner_workout(window)
    elif choice is Choice.IMPORT:
        window.import_from_other_app()
    elif start_demo(window):
        window.show_status(
            "The demo opens in its own window. Your profile stays as it is; "
            "closing the demo deletes it."
        )


def start_beginner_workout(window: MainWindow) -> None:
    window.tabs.setCurrentWidget(window.log_page)
    routine_id = first_run.beginner_routine_id()
    if routine_id is None:
        window.show_status("The beginner routine is gone; start from another routine here.")
        return
    window.log.start_workout(routine_id)
    # The Log tab and the workout's cards were just built; lay them out now. On X11 the
    # closing welcome uncovers the window and its Expose is painted before Qt's posted
    # layout requests, which drew the cards squeezed to a few pixels for a frame.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


# -- the demo, in a process of its own -----------------------------------------------------------
def demo_command() -> tuple[str, list[str]]:
    """How to start this same BackTracker on a throw-away demo profile."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: the executable is the app
        return sys.executable, ["--demo"]
    return sys.executable, ["-m", "backtracker", "--demo"]


def start_detached(program: str, arguments: list[str]) -> bool:
    """The seam tests patch: start a process that outlives this one."""
    started, _pid = QProcess.startDetached(program, arguments)
    return bool(started)


def start_demo(parent: QWidget | None) -> bool:
    """Open the demo in a separate window; tells the person if it could not start."""
    program, arguments = demo_command()
    if start_detached(program, arguments):
        log.info("Demo started: %s %s", program, " ".join(arguments))
        return True
    log.warning("Could not start the demo: %s %s", program, " ".join(arguments))
    dialogs.show_error(
        parent,
        "The demo did not start",
        f"{APP_NAME} could not start a second copy of itself for the demo "
        f"({program}). You can start it yourself with: backtracker --demo",
    )
    return False
