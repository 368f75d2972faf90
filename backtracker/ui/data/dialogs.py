"""The data actions' questions, each behind a function or classmethod that tests patch.

Logic calls `choose_import_file`, `choose_export_file`, `choose_backup_file`,
`choose_backup_archive` and `ImportSummaryDialog.show_result`; none of it calls `exec()`.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain import clock
from backtracker.ui.data.texts import counted, number
from backtracker.ui.theme import theme

if TYPE_CHECKING:
    from backtracker.services.importers import ImportResult

IMPORT_FILTER = "Workout exports (*.csv *.txt);;All files (*)"
BACKUP_FILTER = "BackTracker backup (*.zip)"


class ExportFormat(StrEnum):
    """Our documented CSV, or one that Hevy's Strong importer accepts."""

    CSV = "csv"
    STRONG = "strong"

    @property
    def filter(self) -> str:
        return {
            ExportFormat.CSV: "BackTracker CSV (*.csv)",
            ExportFormat.STRONG: "Strong-compatible CSV, for Hevy (*.csv)",
        }[self]


def documents_folder() -> Path:
    """Where save dialogs start: the person's documents folder, else home."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def _with_suffix(name: str, suffix: str) -> Path:
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def choose_import_file(parent: QWidget | None) -> Path | None:
    """File ▸ Import from Strong/Hevy/FitNotes…: the exported CSV, or None when cancelled."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import from Strong, Hevy or FitNotes", str(documents_folder()), IMPORT_FILTER
    )
    return Path(name) if name else None


def choose_export_file(parent: QWidget | None) -> tuple[Path, ExportFormat] | None:
    """Where to export, and which CSV (chosen by the file type in the save dialog)."""
    suggested = documents_folder() / f"BackTracker workouts {clock.today():%Y-%m-%d}.csv"
    filters = ";;".join(fmt.filter for fmt in ExportFormat)
    name, chosen_filter = QFileDialog.getSaveFileName(
        parent, "Export workouts", str(suggested), filters
    )
    if not name:
        return None
    fmt = next((f for f in ExportFormat if f.filter == chosen_filter), ExportFormat.CSV)
    return _with_suffix(name, ".csv"), fmt


def choose_body_export_file(parent: QWidget | None) -> Path | None:
    """Where to export the body log (bodyweight and measurements) as CSV."""
    suggested = documents_folder() / f"BackTracker body measurements {clock.today():%Y-%m-%d}.csv"
    name, _ = QFileDialog.getSaveFileName(
        parent, "Export body measurements", str(suggested), "CSV (*.csv)"
    )
    return _with_suffix(name, ".csv") if name else None


def choose_backup_file(parent: QWidget | None) -> Path | None:
    """Where to write a backup archive."""
    suggested = documents_folder() / f"BackTracker backup {clock.today():%Y-%m-%d}.zip"
    name, _ = QFileDialog.getSaveFileName(parent, "Back up", str(suggested), BACKUP_FILTER)
    return _with_suffix(name, ".zip") if name else None


def choose_backup_archive(parent: QWidget | None) -> Path | None:
    """The backup archive to restore from."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Restore from a backup", str(documents_folder()), BACKUP_FILTER
    )
    return Path(name) if name else None


SKIPPED_SHOWN = 20  # problem lines listed in the summary; the import dialog listed them all


class ImportSummaryDialog(QDialog):
    """What an import did: added, skipped as already imported, exercises created."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        nothing_new = not (
            result.workouts_added or result.bodyweights_added or result.measurements_added
        )
        body_entries = result.bodyweights_added + result.measurements_added
        heading = QLabel(
            "Nothing new: everything in this file was imported before."
            if nothing_new
            else f"Imported {counted(body_entries, 'body entry', 'body entries')}."
            if not result.workouts_added  # a body tracker file
            else f"Imported {counted(result.workouts_added, 'workout')} "
            f"with {counted(result.sets_added, 'set')}."
        )
        font = heading.font()
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        heading.setWordWrap(True)
        heading.setAccessibleName("Import summary")
        layout.addWidget(heading)
        lines = []
        if result.workouts_skipped:
            lines.append(
                f"{counted(result.workouts_skipped, 'workout')} already imported from this or "
                "an earlier file, so skipped."
            )
        if result.bodyweights_added:
            lines.append(f"{counted(result.bodyweights_added, 'bodyweight')} added.")
        if result.measurements_added:
            lines.append(f"{counted(result.measurements_added, 'body measurement')} added.")
        if result.skipped_rows:
            lines.append(
                f"{counted(len(result.skipped_rows), 'line')} of the file left out, as you "
                "chose (the import's record keeps them):"
            )
            shown = result.skipped_rows[:SKIPPED_SHOWN]
            lines += [f"  {problem}" for problem in shown]
            if len(result.skipped_rows) > len(shown):
                lines.append(f"  … and {number(len(result.skipped_rows) - len(shown))} more.")
        if lines:
            details = QLabel("\n".join(lines))
            details.setWordWrap(True)
            layout.addWidget(details)
        self.created = QListWidget()
        self.created.setAccessibleName("Exercises created")
        self.created.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.created.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.created.addItems(sorted(result.exercises_created, key=str.casefold))
        if result.exercises_created:
            intro = QLabel(
                f"{counted(len(result.exercises_created), 'custom exercise')} created. Find "
                "them in the Library to add their muscles and instructions:"
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
            rows = min(self.created.count(), 8)
            self.created.setFixedHeight(
                rows * self.created.sizeHintForRow(0) + 2 * self.created.frameWidth() + 4
            )
            layout.addWidget(self.created)
        else:
            self.created.hide()
        note = QLabel(
            "The names from the file are remembered, so importing again maps them the same way."
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {theme().colors.muted_text};")
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    @classmethod
    def show_result(cls, parent: QWidget | None, result: ImportResult) -> None:
        dialog = cls(result, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
