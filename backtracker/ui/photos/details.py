"""The side panel for the selected photo: preview, date, pose, notes and bodyweight.

Date and pose changes are saved at once and can be undone from the Edit menu; notes are
saved a moment after typing stops. Every save announces `photos_changed`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QHideEvent, QImage, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.dates import format_long_day
from backtracker.domain.errors import UserError
from backtracker.domain.photos import PhotoInfo, Pose
from backtracker.domain.units import format_weight
from backtracker.services import photo_landmarks, photos
from backtracker.services.preferences import Preferences
from backtracker.ui.events import DataEvents
from backtracker.ui.icons import icon
from backtracker.ui.photos.thumbnails import load_thumbnail
from backtracker.ui.tasks import run_task
from backtracker.ui.undo import CallbackCommand
from backtracker.ui.widgets.date_edits import english_dates
from backtracker.ui.widgets.forms import problem_label

PANEL_WIDTH = 290
PREVIEW = QSize(266, 300)
SAVE_DELAY_MS = 700
DATE_SOURCES = {
    "exif": "From the camera's capture time",
    "file": "From the file's date (the photo had none)",
    "user": "Set by you",
}


class PhotoDetails(QWidget):
    open_requested = Signal(int)
    compare_requested = Signal(int)
    delete_requested = Signal(int)
    reference_requested = Signal(int)  # line the pose's photos up with this one

    def __init__(
        self,
        events: DataEvents,
        undo: QUndoStack,
        prefs_provider: Callable[[], Preferences],
        show_status: Callable[..., None],
        thumbs_dir: Path,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PhotoDetails")
        self.setFixedWidth(PANEL_WIDTH)
        self._events = events
        self._undo = undo
        self._prefs = prefs_provider
        self._show_status = show_status
        self._thumbs_dir = thumbs_dir
        self.info: PhotoInfo | None = None
        self._date_dirty = False  # the person changed the date and it is not saved yet
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_pending)
        self._build()
        events.bodyweight_changed.connect(self._show_bodyweight)
        events.preferences_changed.connect(self._show_bodyweight)
        self.show_photo(None)

    def _build(self) -> None:
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setAccessibleName("Preview")
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.hint = QLabel("Select a photo to see its date, pose, notes and bodyweight.")
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)

        self.date_edit = QDateTimeEdit()
        self.date_edit.setCalendarPopup(True)
        english_dates(self.date_edit, "d MMM yyyy  HH:mm")
        self.date_edit.setAccessibleName("Date taken")
        self.date_edit.dateTimeChanged.connect(self._date_edited)
        self.date_edit.editingFinished.connect(self.save_pending)
        self.date_source = QLabel()
        self.date_source.setEnabled(False)
        self.pose_combo = QComboBox()
        self.pose_combo.setAccessibleName("Pose")
        for pose in Pose:
            self.pose_combo.addItem(pose.label, pose.value)
        self.pose_combo.activated.connect(self._pose_chosen)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Lighting, time of day, how you felt…")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.notes.textChanged.connect(self._schedule_save)
        self.bodyweight = QLabel()
        self.bodyweight.setAccessibleName("Bodyweight that day")
        self.file_label = QLabel()
        self.file_label.setEnabled(False)
        self.file_label.setWordWrap(True)
        self.problem = problem_label("Problem with this photo")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Date", self.date_edit)
        form.addRow("", self.date_source)
        form.addRow("Pose", self.pose_combo)
        form.addRow("&Notes", self.notes)
        form.addRow("Bodyweight", self.bodyweight)

        self.open_button = QPushButton(icon("zoom-in"), "Open")
        self.open_button.setToolTip("View the photo full size (Enter)")
        self.open_button.clicked.connect(lambda: self._emit_for(self.open_requested))
        self.compare_button = QPushButton(icon("compare"), "Compare with…")
        self.compare_button.clicked.connect(lambda: self._emit_for(self.compare_requested))
        self.delete_button = QPushButton(icon("trash"), "Delete…")
        self.delete_button.setToolTip("Delete this photo from BackTracker (Del)")
        self.delete_button.clicked.connect(lambda: self._emit_for(self.delete_requested))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.compare_button, 1)
        self.reference_button = QPushButton("Use as reference")
        self.reference_button.clicked.connect(lambda: self._emit_for(self.reference_requested))
        delete_row = QHBoxLayout()
        delete_row.addWidget(self.reference_button)
        delete_row.addStretch(1)
        delete_row.addWidget(self.delete_button)

        self.fields = QWidget()
        fields_layout = QVBoxLayout(self.fields)
        fields_layout.setContentsMargins(0, 0, 0, 0)
        fields_layout.addWidget(self.title)
        fields_layout.addLayout(form)
        fields_layout.addWidget(self.problem)
        fields_layout.addWidget(self.file_label)
        fields_layout.addSpacing(4)
        fields_layout.addLayout(buttons)
        fields_layout.addLayout(delete_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.hint)
        layout.addWidget(self.fields)
        layout.addStretch(1)

    # -- showing ---------------------------------------------------------------------------
    def show_photo(self, info: PhotoInfo | None) -> None:
        """Show `info` (None: nothing selected). The same photo again keeps any edit under way."""
        same = info is not None and self.info is not None and info.id == self.info.id
        if not same:
            self.save_pending()
            self.problem.hide()
        self.info = info
        self.fields.setVisible(info is not None)
        self.hint.setVisible(info is None)
        self.preview.setVisible(info is not None)
        if info is None:
            return
        self.title.setText(format_long_day(info.taken_at))
        self.pose_combo.setCurrentIndex(max(self.pose_combo.findData(info.pose), 0))
        if not (same and self._save_timer.isActive()):
            self._date_dirty = False
            self.date_edit.blockSignals(True)
            self.date_edit.setDateTime(QDateTime(info.taken_at))
            self.date_edit.blockSignals(False)
            if self.notes.toPlainText() != info.notes:
                self.notes.blockSignals(True)
                self.notes.setPlainText(info.notes)
                self.notes.blockSignals(False)
        self.date_source.setText(DATE_SOURCES.get(info.date_source, ""))
        self.file_label.setText(f"{info.original_name} · {info.width} × {info.height}")
        self._show_reference()
        self._show_bodyweight()
        if not same:
            self._load_preview(info)

    def _show_reference(self) -> None:
        """Whether the photo is its pose's reference, the one the others are lined up with."""
        if self.info is None:
            return
        pose = Pose(self.info.pose).label.lower()
        try:
            is_reference = photo_landmarks.reference_id(self.info.pose) == self.info.id
        except UserError:
            is_reference = False
        self.reference_button.setEnabled(not is_reference)
        self.reference_button.setText("Reference photo" if is_reference else "Use as reference")
        self.reference_button.setToolTip(
            f"The other {pose} photos are lined up with this one"
            if is_reference
            else f"Line every {pose} photo up with this one in compare mode and timelapses"
        )

    def _show_bodyweight(self) -> None:
        if self.info is None:
            return
        kg = photos.bodyweight_on(self.info.taken_at.date())
        self.bodyweight.setText(
            format_weight(kg, self._prefs().unit) if kg is not None else "Not logged"
        )

    def forget_photo(self) -> None:
        """The photo vault locked: save what was typed, show nothing, drop the preview."""
        self.show_photo(None)
        self.preview.clear()

    def _load_preview(self, info: PhotoInfo) -> None:
        self.preview.setPixmap(QPixmap())
        ratio = self.devicePixelRatioF()
        box = QSize(round(PREVIEW.width() * ratio), round(PREVIEW.height() * ratio))

        def show(image: QImage | None) -> None:
            if self.info is None or self.info.id != info.id or image is None:
                return
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            self.preview.setPixmap(pixmap)

        run_task(load_thumbnail, info, self._thumbs_dir, box, on_done=show, context=self)

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_pending()  # switching tabs or closing the window keeps what was typed
        super().hideEvent(event)

    # -- editing ---------------------------------------------------------------------------
    def _emit_for(self, signal: Signal) -> None:
        if self.info is not None:
            self.save_pending()
            signal.emit(self.info.id)  # type: ignore[attr-defined]

    def _date_edited(self) -> None:
        self._date_dirty = True
        self._schedule_save()

    def _schedule_save(self) -> None:
        if self.info is not None:
            self._save_timer.start()

    def save_pending(self) -> None:
        """Save a date or notes edit now (leaving the photo, or a pause in typing)."""
        self._save_timer.stop()
        info = self.info
        if info is None:
            return
        notes = self.notes.toPlainText().strip()
        if notes != info.notes:
            self._apply(info.id, notes=notes)
        if self._date_dirty:
            self._date_dirty = False
            taken_at = self.date_edit.dateTime().toPython()
            assert isinstance(taken_at, dt.datetime)
            if taken_at.replace(second=0, microsecond=0) != info.taken_at.replace(
                second=0, microsecond=0
            ):
                self._change("Change photo date", info, taken_at=taken_at)

    def _pose_chosen(self) -> None:
        info = self.info
        pose = str(self.pose_combo.currentData())
        if info is not None and pose != info.pose:
            self._change("Change photo pose", info, pose=pose)

    def _change(self, text: str, info: PhotoInfo, **values: Any) -> None:
        """Save now and push an undo step that puts the old values back."""
        old = {name: getattr(info, name) for name in values}
        if self._apply(info.id, **values) is None:
            return
        self._undo.push(
            CallbackCommand(
                text,
                do=lambda: self._reapply(info.id, **values),
                undo=lambda: self._reapply(info.id, **old),
                on_error=self._report,
                already_done=True,
            )
        )

    def _reapply(self, photo_id: int, **values: Any) -> None:
        """Undo or redo: save, and show the values if this photo is still on the panel."""
        updated = self._apply(photo_id, **values)
        if updated is not None and self.info is not None and self.info.id == photo_id:
            self.show_photo(updated)

    def _apply(self, photo_id: int, **values: Any) -> PhotoInfo | None:
        try:
            updated = photos.update_photo(photo_id, **values)
        except UserError as error:
            self._report(error)
            if self.info is not None:
                self.show_photo(self.info)  # put the fields back to what is saved
            return None
        self.problem.hide()
        if self.info is not None and self.info.id == photo_id:
            self.info = updated
        self._events.photos_changed.emit()
        return updated

    def _report(self, error: UserError) -> None:
        self.problem.setText(str(error))
        self.problem.show()
