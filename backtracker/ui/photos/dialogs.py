"""The Photos tab's dialogs, each behind a function or classmethod that tests patch.

Logic calls `choose_photo_files`, `choose_photo_folder`, `choose_export_file`,
`PoseDialog.ask` and `ImportSummaryDialog.show_report`; none of it calls `exec()` itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.photos import Pose
from backtracker.services import photos
from backtracker.services.photos import IngestReport
from backtracker.ui.icons import icon
from backtracker.ui.photos.model import count_text

_PATTERNS = " ".join(f"*{suffix} *{suffix.upper()}" for suffix in photos.SUPPORTED_SUFFIXES)
PHOTO_FILTER = f"Photos ({_PATTERNS});;All files (*)"


def choose_photo_files(parent: QWidget | None) -> list[Path]:
    """File ▸ Import photos…: any number of photos; an empty list when cancelled."""
    names, _ = QFileDialog.getOpenFileNames(parent, "Import photos", "", PHOTO_FILTER)
    return [Path(name) for name in names]


def choose_photo_folder(parent: QWidget | None) -> Path | None:
    """Import folder…: every photo in it and its subfolders."""
    name = QFileDialog.getExistingDirectory(parent, "Import a folder of photos")
    return Path(name) if name else None


def choose_export_file(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, "Export comparison", str(suggested), "JPEG image (*.jpg *.jpeg)"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() in {".jpg", ".jpeg"} else path.with_suffix(".jpg")


class PoseDialog(QDialog):
    """Which pose a batch of imported photos shows (each can be changed later)."""

    def __init__(self, count: int | None, default: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import photos")
        what = f"these {count_text(count)}" if count else "these photos"
        question = QLabel(f"What do {what} show? You can change it for each photo later.")
        question.setWordWrap(True)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        for pose in Pose:
            button = QRadioButton(pose.label)
            button.setChecked(pose.value == default)
            self.group.addButton(button)
            button.setProperty("pose", pose.value)
            layout.addWidget(button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def pose(self) -> str:
        checked = self.group.checkedButton()
        return str(checked.property("pose")) if checked is not None else Pose.BACK.value

    @classmethod
    def ask(cls, parent: QWidget | None, count: int | None, default: str) -> str | None:
        """The chosen pose, or None when the person cancels the import."""
        dialog = cls(count, default, parent)
        return dialog.pose() if dialog.exec() == QDialog.DialogCode.Accepted else None


def summary_line(report: IngestReport) -> str:
    """Imported 12 photos · 2 already in the gallery · 1 refused."""
    parts = [f"Imported {count_text(len(report.imported))}"]
    if report.duplicates:
        parts.append(f"{len(report.duplicates):,} already in the gallery")
    if report.refused:
        parts.append(f"{len(report.refused):,} refused")
    if report.cancelled:
        parts.append("cancelled")
    return " · ".join(parts)


class ImportSummaryDialog(QDialog):
    """What an import did: imported, skipped as duplicates, refused and why."""

    def __init__(self, report: IngestReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Photos imported" if not report.cancelled else "Import cancelled")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        heading = QLabel(summary_line(report))
        font = heading.font()
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if report.cancelled:
            note = QLabel("The import was stopped; the photos imported before that are kept.")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.details = QListWidget()
        self.details.setAccessibleName("Import details")
        self.details.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.details.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for refusal in report.refused:
            item = QListWidgetItem(icon("info"), f"{refusal.path.name}: {refusal.reason}")
            item.setToolTip(str(refusal.path))
            self.details.addItem(item)
        for path in report.duplicates:
            item = QListWidgetItem(f"{path.name}: already in the gallery, not copied again")
            item.setToolTip(str(path))
            self.details.addItem(item)
        if self.details.count():
            layout.addWidget(self.details)
        else:
            self.details.hide()
        privacy = QLabel(
            "The copies are kept in your data folder without location or device data; "
            "your original files are unchanged."
        )
        privacy.setWordWrap(True)
        privacy.setEnabled(False)
        layout.addWidget(privacy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    @classmethod
    def show_report(cls, parent: QWidget | None, report: IngestReport) -> None:
        cls(report, parent).exec()
