"""The start-up check, run in the background once the window is up, and what it reports.

Problems go to the status bar as a button that stays until clicked and then shows the whole
report (what was found, what was done, what to do); its tooltip holds the same text. Nothing
blocks the person, and nothing is deleted (see `services.health`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow, QToolButton

from backtracker.ui import dialogs
from backtracker.ui.icons import icon
from backtracker.ui.tasks import Task, run_task

CHECK_DELAY_MS = 1500  # after the window is up: start-up itself never waits for it
BUTTON_NAME = "healthReportButton"
TITLE = "Start-up check"


def _check(data_dir: Path) -> object:
    from backtracker.services.health import check_profile  # Pillow loads in the worker

    return check_profile(data_dir)


def schedule_health_check(window: QMainWindow, data_dir: Path) -> None:
    """Run the check `CHECK_DELAY_MS` from now (not at all if the window is gone by then).
    The main window calls this once its database is open (`after_first_paint`)."""

    def start() -> None:
        if not getattr(window, "closed", False):
            start_health_check(window, data_dir)

    QTimer.singleShot(CHECK_DELAY_MS, window, start)


def start_health_check(window: QMainWindow, data_dir: Path) -> Task:
    """The check on the task pool; the report is shown on the GUI thread."""
    return run_task(
        _check,
        data_dir,
        on_done=lambda report: show_report(window, report),
        context=window,
        uses_database=True,
    )


def show_report(window: QMainWindow, report: object) -> QToolButton | None:
    """Tell the person about problems; None (and nothing shown) when there are none."""
    from backtracker.services.health import HealthReport

    assert isinstance(report, HealthReport)
    old = window.statusBar().findChild(QToolButton, BUTTON_NAME)
    if old is not None:  # an earlier report: gone now, not at the loop's next deferred delete
        window.statusBar().removeWidget(old)
        old.hide()
        old.setObjectName("")
        old.deleteLater()
    if report.ok:
        return None
    details = "\n\n".join(report.messages())
    button = QToolButton(window.statusBar())
    button.setObjectName(BUTTON_NAME)
    button.setIcon(icon("info"))
    button.setText(report.summary().removesuffix("."))
    button.setToolButtonStyle(button.toolButtonStyle().ToolButtonTextBesideIcon)
    button.setToolTip(details)
    button.setAccessibleName("Start-up check report")

    def show_details() -> None:
        dialogs.show_info(window, TITLE, details)
        button.hide()
        button.deleteLater()

    button.clicked.connect(show_details)
    window.statusBar().addPermanentWidget(button)
    button.show()
    return button
