"""The summary after Finish: duration, sets, volume, records, the week so far and the
coaching for next time, in a window that does not block the app. It copies as plain text
(Ctrl+C) and saves as a PNG picture to share (Ctrl+S); Esc closes it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QStandardPaths, Qt
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain import clock
from backtracker.domain.errors import os_reason
from backtracker.services.preferences import Preferences
from backtracker.services.workout_summary import FinishSummary, summarize
from backtracker.ui import dialogs
from backtracker.ui.icons import icon
from backtracker.ui.log.discomfort import SummaryDiscomfort
from backtracker.ui.log.side_panels import goal_dots
from backtracker.ui.theme import theme
from backtracker.ui.widgets.headings import heading

PNG_FILTER = "PNG picture (*.png)"


def show_summary(parent: QWidget, workout_id: int, prefs: Preferences) -> None:
    """After a live workout is finished: its summary, through the dialogs seam."""
    dialogs.show_workout_summary(parent.window(), summarize(workout_id, prefs))


def _section(title: str) -> QLabel:
    label = QLabel(title)
    font = label.font()
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class _Sheet(QFrame):
    """The summary itself: what the PNG shows (no buttons)."""

    def __init__(self, summary: FinishSummary) -> None:
        super().__init__()
        self.setObjectName("SummarySheet")
        colors = theme().colors
        self.setStyleSheet(
            f"QFrame#SummarySheet {{ background: {colors.base}; border: 1px solid "
            f"{colors.border}; border-radius: 10px; }} QFrame#SummarySheet QLabel "
            f"{{ color: {colors.text}; background: transparent; }}"
        )
        self.title = heading("Workout done", 1.5)
        self.headline = QLabel(summary.headline)
        self.headline.setStyleSheet(f"color: {colors.muted_text};")

        tiles = QGridLayout()
        tiles.setHorizontalSpacing(28)
        self.figures: dict[str, QLabel] = {}
        for column, (key, value, caption) in enumerate(
            (
                ("duration", summary.duration_text, "duration"),
                ("sets", str(summary.sets), "sets" if summary.sets != 1 else "set"),
                ("volume", summary.volume_text, "volume"),
            )
        ):
            figure = heading(value, 1.7)
            figure.setStyleSheet(f"color: {colors.accent};")
            figure.setAccessibleName(f"{caption}: {value}")
            caption_label = QLabel(caption)
            caption_label.setStyleSheet(f"color: {colors.muted_text};")
            tiles.addWidget(figure, 0, column)
            tiles.addWidget(caption_label, 1, column)
            self.figures[key] = figure
        tiles.setColumnStretch(3, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 20)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.headline)
        layout.addSpacing(8)
        layout.addLayout(tiles)
        layout.addSpacing(10)

        count = len(summary.records)
        layout.addWidget(_section(f"Records ({count})" if count else "Records"))
        self.record_rows: list[QLabel] = []
        if not summary.records:
            none = _wrapped("None this time. Every session you show up builds the next one.")
            none.setStyleSheet(f"color: {colors.muted_text};")
            layout.addWidget(none)
        for line in summary.record_lines():
            row = QHBoxLayout()
            star = QLabel()
            star.setPixmap(icon("star-filled", accent="star").pixmap(16, 16))
            text = _wrapped(line)
            row.addWidget(star, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(text, 1)
            layout.addLayout(row)
            self.record_rows.append(text)
        layout.addSpacing(8)

        layout.addWidget(_section("Weekly goal"))
        week = QHBoxLayout()
        dots = QLabel(goal_dots(summary.weekly))
        dots.setStyleSheet(f"color: {colors.accent}; font-size: 15pt;")
        self.weekly = _wrapped(summary.weekly.label)
        week.addWidget(dots)
        week.addWidget(self.weekly, 1)
        layout.addLayout(week)
        layout.addSpacing(8)

        self.next_rows: list[QLabel] = []
        if summary.next_time:
            layout.addWidget(_section("Next time"))
            for item in summary.next_time:
                row = _wrapped(f"{item.exercise_name}: {item.advice}")
                layout.addWidget(row)
                self.next_rows.append(row)


class FinishSummaryDialog(QDialog):
    """Non-modal: the app goes on underneath; Esc or Close puts it away."""

    def __init__(self, summary: FinishSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.setWindowTitle("Workout summary")
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.sheet = _Sheet(summary)
        self.sheet.setMinimumWidth(460)

        self.copy_button = QPushButton("Copy as text")
        self.copy_button.setToolTip("Copy the summary as plain text (Ctrl+C)")
        self.copy_button.clicked.connect(self.copy_text)
        self.save_button = QPushButton("Save as PNG…")
        self.save_button.setToolTip("Save the summary as a picture to share (Ctrl+S)")
        self.save_button.clicked.connect(self.save_png)
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip("Close the summary (Esc)")
        self.close_button.clicked.connect(self.close)
        self.close_button.setDefault(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.sheet)
        layout.addWidget(self.status)
        self.discomfort = SummaryDiscomfort(summary.workout_id, self)  # optional, issue 15 §3
        layout.addWidget(self.discomfort)
        layout.addLayout(buttons)
        for keys, slot in (
            (QKeySequence.StandardKey.Copy, self.copy_text),
            (QKeySequence.StandardKey.Save, self.save_png),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    @classmethod
    def present(cls, parent: QWidget | None, summary: FinishSummary) -> FinishSummaryDialog:
        """Show it without blocking; one at a time (a new one replaces the last)."""
        if parent is not None:
            for old in parent.findChildren(FinishSummaryDialog):
                old.close()
        dialog = cls(summary, parent)
        dialog.show()
        dialog.activateWindow()
        dialog.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return dialog

    def text(self) -> str:
        return self.summary.as_text()

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self._say("Copied the summary as text.")

    def _say(self, message: str) -> None:
        self.status.setText(message)
        self.status.setStyleSheet(f"color: {theme().colors.muted_text};")

    def png_bytes(self) -> bytes:
        """The summary sheet drawn as it is shown, as PNG data."""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not self.sheet.grab().save(buffer, "PNG"):
            raise OSError("the picture could not be drawn")
        buffer.close()
        return bytes(data.data())

    def save_png(self) -> None:
        found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        folder = Path(found) if found else Path.home()
        suggested = folder / f"BackTracker workout {clock.today():%Y-%m-%d}.png"
        path = dialogs.choose_save_file(self, "Save the summary as PNG", suggested, PNG_FILTER)
        if path is None:
            return
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        # Written beside the target first, so a full disk leaves neither half a picture nor
        # a damaged earlier file of that name.
        partial = path.with_name(path.name + ".part")
        try:
            partial.write_bytes(self.png_bytes())
            partial.replace(path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            reason = os_reason(error)
            dialogs.show_error(
                self,
                "Could not save the picture",
                f"The summary could not be saved to {path}: {reason}. Choose another folder "
                "or free some space, and try again.",
            )
            return
        self._say(f"Saved the summary to {path}.")
