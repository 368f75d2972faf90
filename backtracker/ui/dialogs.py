"""Message boxes behind one seam, so logic never calls exec() itself and tests can patch.

PySide6 makes a Qt class's Python type the first time it is imported: QMessageBox's (with
its enums) and QFileDialog's cost about 2.5 ms, so they are imported when a box is first
shown rather than before the first window's paint (the Library imports this module).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

    from backtracker.services.workout_summary import FinishSummary


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, text)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before something that cannot be undone; `action` labels the button that goes on."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


def choose_save_file(
    parent: QWidget | None, title: str, suggested: Path, file_filter: str
) -> Path | None:
    """Where to save a file (e.g. the workout summary's PNG); None when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    return Path(name) if name else None


def show_workout_summary(parent: QWidget | None, summary: FinishSummary) -> QDialog:
    """The summary after Finish, in a window that does not block (returned, to drive it)."""
    from backtracker.ui.log.finish_summary import FinishSummaryDialog

    return FinishSummaryDialog.present(parent, summary)


def show_fatal_error(title: str, text: str) -> None:
    """Tell the person why the app cannot start; on a screenless platform stderr suffices."""
    if QGuiApplication.platformName() in {"offscreen", "minimal"}:
        return
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, title, text)
