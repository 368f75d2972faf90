"""Help menu windows: keyboard shortcuts, the training guide, and About."""

from __future__ import annotations

import platform
from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from backtracker import APP_NAME, __version__, resources
from backtracker.storage.profile import Profile
from backtracker.ui import dialogs
from backtracker.ui.icons import app_icon, icon

LICENCE = "GNU General Public License, version 3 or later (GPL-3.0-or-later)"

# Every key the app answers to, by where it works. tests/ui/test_help.py checks this list
# against the real menu shortcuts, so it cannot drift from them.
SHORTCUTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("F1", "This list"),
            ("Ctrl+1 … Ctrl+4", "Library, Log, Photos, Progress tab"),
            ("Ctrl+PgDown / Ctrl+PgUp", "Next / previous tab"),
            ("Ctrl+N", "New workout (or back to the one running)"),
            ("Ctrl+Shift+I", "Import history from Strong, Hevy or FitNotes"),
            ("Ctrl+I", "Import photos"),
            ("Ctrl+K", "Compare two photos"),
            ("Ctrl+L", "Lock photos (when the photo vault is on)"),
            ("Ctrl+Shift+N", "New exercise"),
            ("Ctrl+F", "Search exercises"),
            ("Ctrl+Z", "Undo"),
            ("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
            ("Ctrl+,", "Preferences"),
            ("Ctrl+Q", "Quit"),
        ),
    ),
    (
        "Library",
        (
            ("↓ / Enter", "From the search field to the results"),
            ("Esc", "Clear the search"),
            ("↑ ↓", "Move through the exercises"),
            ("F2", "Edit the selected exercise"),
            ("Del", "Archive or restore the selected exercise"),
        ),
    ),
    (
        "Log",
        (
            (
                "Enter",
                "Next field; in the last field, log the set, start the rest timer and go to "
                "the next open set (after an exercise's last set, the next exercise)",
            ),
            ("Ins", "Add a set to this exercise, filled in from the last one"),
            ("Ctrl+Shift+W", "Add warm-up sets before this exercise's first work set"),
            ("F4", "Take the nearest weight your plates or dumbbells can make"),
            (
                "Ctrl+Shift+P",
                "Pin a note to this exercise, shown every time you log it (Enter saves, Esc "
                "cancels, an empty note unpins)",
            ),
            ("Ctrl+Down / Ctrl+Up", "Next / previous exercise"),
            (
                "Ctrl+G / Ctrl+Shift+G",
                "Superset this exercise with the next one / take it out of its superset "
                "(Enter then goes round the group, A1 B1 A2 B2…; the rest starts after a round)",
            ),
            ("Tab", "Move to type, RPE and notes"),
            ("Ctrl+Z", "Take back the last set (and its rest) or the last change to a set"),
            ("Del", "Delete the selected set"),
            ("Ctrl+E", "Add an exercise"),
            ("Ctrl+Enter", "Finish the workout (its summary opens)"),
            (
                "Ctrl+C / Ctrl+S / Esc",
                "Workout summary: copy it as text / save it as a PNG picture / close it",
            ),
            (
                "Alt+M",
                "Measurements: pick one (its first letter), Tab, type it (cm or in), Enter; "
                "Del removes the selected entry",
            ),
        ),
    ),
    (
        "Photos",
        (
            ("Enter", "Open the selected photo"),
            ("Del", "Delete the selected photo"),
            ("Ctrl+= / Ctrl+-", "Photo window: zoom in / out"),
            ("Ctrl+0 / Ctrl+1", "Photo window: fit / actual size"),
            ("← → ↑ ↓", "Compare: move the active photo (Shift: further)"),
            ("+ / -", "Compare: scale the active photo"),
            ("Esc", "Compare: back to the photos"),
            ("Ctrl+R", "Compare: aligned or raw photos"),
            ("Ctrl+P", "Compare: set points (top of the head, both shoulders)"),
            (
                "Backspace / Esc / Enter",
                "Setting points: take the last back / cancel / save",
            ),
            ("← → ↑ ↓, Space", "Setting points: move the cross, put the next point there"),
        ),
    ),
    (
        "Progress ▸ Calendar",
        (
            ("← → / ↑ ↓ (year)", "Year heatmap: a week / a day earlier or later"),
            ("← → / ↑ ↓ (month)", "Month view: a day / a week earlier or later"),
            ("Home / End", "Year heatmap: the first / last day of the year"),
            ("PgUp / PgDown", "Year heatmap: a month earlier / later"),
            ("Enter / Space", "Open the chosen day's workout in the Log"),
        ),
    ),
    (
        "Progress ▸ Back",
        (
            ("Alt+Left / Alt+Right", "The week before / after"),
            ("PgUp / PgDown", "The week before / after"),
        ),
    ),
    (
        "Routines window",
        (
            ("Ctrl+S", "Save the routine"),
            ("Del", "Remove the selected exercise or routine"),
            ("Ctrl+G / Ctrl+Shift+G", "Group the selected exercises as a superset / ungroup"),
        ),
    ),
)


# The back coach's week (Progress ▸ Back, the Log's "Back this week"), after the guide.
BACK_WEEK_HELP = """
## Your back's week

Progress ▸ Back and the Log's *Back this week* panel count **hard sets** for five parts of
your back: the lats, the mid-back (rhomboids and middle traps), the upper traps, the rear
delts and the erector spinae.

- A hard set is a completed work set. Warm-ups, sets you have not ticked, stretches and
  cardio do not count.
- A set counts 1 for each region its exercise trains as a primary muscle and ½ for a
  secondary one: a row gives the mid-back 1 and the rear delts ½.
- The traps count as upper traps in shrugs, carries and hinges such as deadlifts, and as
  mid-back in everything else.
- A week runs from Monday to Sunday.

On the back, **amber** is below your band, **green** within it, **violet** above it and
**grey** means no hard sets that week. The count and the word are written beside each
region, and pointing at it says what to add.

The band is 10–20 hard sets a week for each region unless you change it. That is a common
guideline, not a law: some people do well on fewer sets, others need more. Set your own in
Preferences (Sets per region).

The page also weighs pulldowns and pull-ups against rows, and all your pulls against your
presses, over the last four weeks. When one side has fallen short three weeks in a row, one
sentence says what to add.
"""


def _text_dialog(parent: QWidget | None, title: str, browser: QTextBrowser) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    return dialog


def shortcuts_html() -> str:
    """One table, so the keys line up across the sections."""
    parts = []
    for title, rows in SHORTCUTS:
        parts.append(
            f"<tr><td colspan='2' style='padding:12px 0 4px 0'><b>{escape(title)}</b></td></tr>"
        )
        parts.extend(
            f"<tr><td style='padding:3px 24px 3px 8px'><b>{escape(keys)}</b></td>"
            f"<td style='padding:3px 0'>{escape(what)}</td></tr>"
            for keys, what in rows
        )
    return f"<h3>Keyboard shortcuts</h3><table>{''.join(parts)}</table>"


def shortcuts_dialog(parent: QWidget | None) -> QDialog:
    browser = QTextBrowser()
    browser.setHtml(shortcuts_html())
    dialog = _text_dialog(parent, "Keyboard shortcuts", browser)
    dialog.resize(520, 620)
    return dialog


def training_guide_dialog(parent: QWidget | None) -> QDialog:
    browser = QTextBrowser()
    browser.setOpenExternalLinks(False)
    browser.setMarkdown(resources.read_text("guide", "training.md") + BACK_WEEK_HELP)
    dialog = _text_dialog(parent, "Training guide", browser)
    dialog.resize(640, 720)
    return dialog


class AboutDialog(QDialog):
    """Version, licence and where the data lives, with a button to open that folder."""

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self._profile = profile
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(64, 64)))
        logo.setAccessibleName(f"{APP_NAME} logo")
        text = QLabel(
            f"<h2>{APP_NAME} {escape(__version__)}</h2>"
            "<p>A private tracker for building a strong back: an exercise library, "
            "workout logging, strength charts and progress photos. Everything stays on "
            "this computer.</p>"
            f"<p>Licence: {LICENCE}.</p>"
        )
        versions = QLabel(
            f"Python {escape(platform.python_version())} · Qt for Python {escape(pyside_version)}"
        )
        versions.setEnabled(False)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder_title = QLabel("<b>Data folder</b> (your database, photos, backups and the log):")
        self.folder_label = QLabel(str(profile.data_dir))
        self.folder_label.setAccessibleName("Data folder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = self.folder_label.font()
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setFamily("monospace")
        self.folder_label.setFont(mono)
        self.open_folder = QPushButton(icon("folder"), "Open data folder")
        self.open_folder.setToolTip("Show the data folder in your file manager")
        self.open_folder.clicked.connect(self.open_data_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout()
        column.addWidget(text)
        column.addWidget(folder_title)
        column.addWidget(self.folder_label)
        column.addSpacing(8)
        column.addWidget(versions)
        top = QHBoxLayout()
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(12)
        top.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        text.setMinimumWidth(380)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)

    def open_data_folder(self) -> bool:
        return open_folder(self._profile.data_dir, self)


def open_folder(path: object, parent: QWidget | None = None) -> bool:
    """Show a folder in the file manager; says where it is when none could open it."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    dialogs.show_error(
        parent,
        "Could not open the folder",
        f"No file manager opened it. You can find the folder here:\n{path}",
    )
    return False
