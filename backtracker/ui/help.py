"""Help menu windows: keyboard shortcuts, the training guide, and About."""

from __future__ import annotations

import platform
from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from backtracker import APP_NAME, __version__, resources
from backtracker.storage.profile import Profile

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+1 … Ctrl+4", "Library, Log, Photos, Progress tab"),
    ("Ctrl+I", "Import photos"),
    ("Ctrl+Shift+I", "Import history from Strong, Hevy or FitNotes"),
    ("Ctrl+K", "Compare two photos"),
    ("Ctrl+N", "New workout (or back to the one running)"),
    ("Enter", "Log: next field; in the last field, log the set"),
    ("Tab", "Log: move to type, RPE and notes"),
    ("Ctrl+E", "Log: add an exercise"),
    ("Del", "Log: delete the selected set"),
    ("Ctrl+Enter", "Log: finish the workout"),
    ("Ctrl+,", "Preferences"),
    ("Ctrl+F", "Search exercises"),
    ("↓ / Enter", "From the search field to the results"),
    ("↑ ↓", "Move through the exercises"),
    ("Esc", "Clear the search"),
    ("Ctrl+Shift+N", "New exercise"),
    ("F2", "Edit the selected exercise"),
    ("Del", "Archive or restore the selected exercise"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"),
    ("F1", "This list"),
    ("Ctrl+Q", "Quit"),
)


def _text_dialog(parent: QWidget | None, title: str, browser: QTextBrowser) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    return dialog


def shortcuts_dialog(parent: QWidget | None) -> QDialog:
    rows = "".join(
        f"<tr><td style='padding:3px 18px 3px 0'><b>{escape(keys)}</b></td>"
        f"<td style='padding:3px 0'>{escape(what)}</td></tr>"
        for keys, what in SHORTCUTS
    )
    browser = QTextBrowser()
    browser.setHtml(f"<h3>Keyboard shortcuts</h3><table>{rows}</table>")
    dialog = _text_dialog(parent, "Keyboard shortcuts", browser)
    dialog.resize(460, 440)
    return dialog


def training_guide_dialog(parent: QWidget | None) -> QDialog:
    browser = QTextBrowser()
    browser.setOpenExternalLinks(False)
    browser.setMarkdown(resources.read_text("guide", "training.md"))
    dialog = _text_dialog(parent, "Training guide", browser)
    dialog.resize(640, 720)
    return dialog


class AboutDialog(QDialog):
    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self._profile = profile
        text = QLabel(
            f"<h2>{APP_NAME} {escape(__version__)}</h2>"
            "<p>A private tracker for building a strong back: an exercise library, "
            "workout logging, strength charts and progress photos. Everything stays on "
            "this computer.</p>"
            "<p>Licence: GNU GPL v3 or later.</p>"
            f"<p>Data folder:<br><code>{escape(str(profile.data_dir))}</code></p>"
            f"<p style='color:gray'>Python {escape(platform.python_version())} · "
            f"Qt for Python {escape(pyside_version)}</p>"
        )
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder = QPushButton("Open data folder")
        self.open_folder.clicked.connect(self.open_data_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(460, 300)

    def open_data_folder(self) -> bool:
        return open_folder(self._profile.data_dir)


def open_folder(path: object) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
