"""What the Photos tab shows before the first import: what photos are for, the import
buttons, and how their privacy is kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from backtracker.ui.icons import icon
from backtracker.ui.widgets.headings import lay_out_empty_state

PRIVACY_NOTE = (
    "Your photos stay private: BackTracker keeps its own copies in your data folder, "
    "removes location and camera details from them, and never changes your originals."
)


def import_buttons(
    on_files: Callable[[], None], on_folder: Callable[[], None]
) -> tuple[QPushButton, QPushButton]:
    """Import photos… (Ctrl+I) and Import folder…, as the toolbar and empty state show them."""
    files = QPushButton(icon("import"), "Import photos…")
    files.setToolTip("Copy photos into BackTracker (Ctrl+I); you can also drop them here")
    files.clicked.connect(on_files)
    folder = QPushButton(icon("folder"), "Import folder…")
    folder.setToolTip("Import every photo in a folder and its subfolders")
    folder.clicked.connect(on_folder)
    return files, folder


class EmptyState(QWidget):
    def __init__(
        self,
        on_files: Callable[[], None],
        on_folder: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PhotosEmptyState")
        privacy = QLabel(PRIVACY_NOTE)
        privacy.setWordWrap(True)
        privacy.setAlignment(Qt.AlignmentFlag.AlignCenter)
        privacy.setEnabled(False)
        self.import_button, self.folder_button = import_buttons(on_files, on_folder)
        self.import_button.setDefault(True)
        lay_out_empty_state(
            self,
            "No progress photos yet",
            "Take a photo of your back every few weeks, in the same light and pose. "
            "Here they line up month by month, and Compare shows two side by side, with a "
            "wipe or as an overlay. You can also drop photos or folders here.",
            [self.import_button, self.folder_button],
            footer=privacy,
        )
