"""Compare mode: pick two photos of a pose, view them three ways, align them, export.

Alignment changes are saved a moment after the person stops moving a photo, and when the
page closes or the photo changes; each photo keeps its own offset and scale.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.errors import UserError
from backtracker.domain.photos import Alignment, PhotoInfo, Pose
from backtracker.services import measurements, photos
from backtracker.services.preferences import Preferences
from backtracker.ui import dialogs
from backtracker.ui.icons import icon
from backtracker.ui.photos import dialogs as photo_dialogs
from backtracker.ui.photos.aligned_controls import AlignedControls
from backtracker.ui.photos.choices import PhotoChoices, change_summary, days_apart
from backtracker.ui.photos.compare_canvas import CompareCanvas, CompareMode, Side
from backtracker.ui.photos.model import day_text
from backtracker.ui.photos.thumbnails import decode_scaled
from backtracker.ui.tasks import run_task
from backtracker.ui.theme import segment_style, theme
from backtracker.ui.widgets.flow_row import FlowRow, group

ONE_PHOTO_HINT = (
    "Only one photo of this pose so far. Import another, taken in the same pose and light, "
    "to see the change side by side."
)
STRENGTH_PLACEHOLDER = "strength change…"  # until the background query answers
DECODE_BOX = QSize(2400, 2400)  # plenty for a canvas filling a large screen
PIXMAP_CACHE = 6
SAVE_DELAY_MS = 400
SIDE_NAMES = {Side.LEFT: "left", Side.RIGHT: "right"}


class ComparePage(QWidget):
    back_requested = Signal()

    def __init__(
        self,
        prefs_provider: Callable[[], Preferences],
        show_status: Callable[..., None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ComparePage")
        self._prefs = prefs_provider
        self._show_status = show_status
        self._photos: list[PhotoInfo] = []  # every photo, oldest first
        self._by_id: dict[int, PhotoInfo] = {}
        self._alignments: dict[int, Alignment] = {}
        self._unsaved: dict[int, Alignment] = {}
        self._pixmaps: OrderedDict[int, QPixmap] = OrderedDict()
        self._info_request = 0  # the change line's latest question; older answers are dropped
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_alignment)
        self.canvas = CompareCanvas()
        self.canvas.alignment_changed.connect(self._aligned)
        self.canvas.active_side_changed.connect(self._active_side_changed)
        self.canvas.wipe_moved.connect(self._wipe_dragged)
        self.aligned = AlignedControls(
            self.canvas, self, self.photo, self._day_of, self._show_status
        )
        self.hint = QLabel()  # before the rows: choosing a mode updates it
        self.hint.setEnabled(False)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(self._build_top_row())
        layout.addWidget(self.aligned.editor.bar)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(self._build_bottom_row())
        self._style_segments()
        theme().changed.connect(self._style_segments)

    # -- building --------------------------------------------------------------------------
    def _build_top_row(self) -> FlowRow:
        back = QToolButton(text="Gallery")
        back.setIcon(icon("back"))
        back.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        back.setToolTip("Back to the gallery (Esc)")
        back.clicked.connect(self.back_requested)
        self.pose_combo = QComboBox()
        self.pose_combo.setAccessibleName("Pose to compare")
        for pose in Pose:
            self.pose_combo.addItem(pose.label, pose.value)
        self.pose_combo.activated.connect(lambda: self._pose_chosen(None, None))
        self.choices = PhotoChoices(self)
        self.left_combo = QComboBox()
        self.left_combo.setAccessibleName("Left photo")
        self.right_combo = QComboBox()
        self.right_combo.setAccessibleName("Right photo")
        for combo in (self.left_combo, self.right_combo):
            combo.setModel(self.choices)
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(self._photos_chosen)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[CompareMode, QToolButton] = {}
        # Wraps, a group at a time, when the window is narrow (widgets/flow_row.py).
        row = FlowRow()
        row.add(back)
        for text, widget in (
            ("Pose", self.pose_combo),
            ("Lef&t", self.left_combo),
            ("Ri&ght", self.right_combo),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            row.add(group(label, widget, leading=8))
        row.add(group(self.aligned.aligned_button, self.aligned.raw_button), right=True)
        for mode in CompareMode:
            button = QToolButton(text=mode.label)
            button.setCheckable(True)
            button.setAccessibleName(mode.label)
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            button.toggled.connect(lambda on, m=mode: on and self.set_mode(m))
        row.add(group(*self.mode_buttons.values(), leading=6))
        self.wipe_slider = QSlider(Qt.Orientation.Horizontal)
        self.wipe_slider.setAccessibleName("Wipe position")
        self.wipe_slider.setRange(0, 1000)
        self.wipe_slider.setValue(500)
        self.wipe_slider.valueChanged.connect(lambda v: self.canvas.set_wipe_position(v / 1000))
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setAccessibleName("Opacity of the right photo")
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setValue(50)
        self.opacity_slider.valueChanged.connect(lambda v: self.canvas.set_opacity(v / 100))
        self.slider_stack = QStackedWidget()
        self.slider_stack.setFixedWidth(200)
        self.slider_stack.addWidget(QWidget())
        for text, slider in (("Wipe", self.wipe_slider), ("Opacity", self.opacity_slider)):
            page = QWidget()
            page_layout = QHBoxLayout(page)
            page_layout.setContentsMargins(0, 0, 0, 0)
            page_layout.addWidget(QLabel(text))
            page_layout.addWidget(slider, 1)
            self.slider_stack.addWidget(page)
        row.add(group(self.slider_stack, leading=6))
        self.mode_buttons[CompareMode.SIDE_BY_SIDE].setChecked(True)
        return row

    def _build_bottom_row(self) -> QVBoxLayout:
        self.info_label = QLabel()
        self.info_label.setAccessibleName("What changed")
        self.info_label.setWordWrap(True)
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.measurements_label = QLabel()  # "Measurements: waist 84 → 81 cm · …"
        self.measurements_label.setAccessibleName("Measurement changes")
        self.measurements_label.setWordWrap(True)
        self.measurements_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.measurements_label.hide()
        self.side_group = QButtonGroup(self)
        self.side_buttons: dict[Side, QToolButton] = {}
        row = FlowRow()
        row.add(self.hint, fill=True)
        sides = []
        for side in Side:
            button = QToolButton(text=SIDE_NAMES[side].capitalize())
            button.setCheckable(True)
            button.setToolTip(f"Drag, wheel and arrow keys move the {SIDE_NAMES[side]} photo")
            self.side_group.addButton(button)
            self.side_buttons[side] = button
            button.clicked.connect(lambda _c=False, s=side: self.canvas.set_active_side(s))
            sides.append(button)
        row.add(group(QLabel("Align"), *sides), right=True)
        self.side_buttons[self.canvas.active_side].setChecked(True)
        self.reset_button = QPushButton(icon("reset"), "Reset alignment")
        self.reset_button.clicked.connect(self.reset_alignment)
        self.export_button = QPushButton(icon("export"), "Export image…")
        self.export_button.setToolTip("Save both photos side by side, dated, without metadata")
        self.export_button.clicked.connect(self.export_image)
        row.add(group(self.aligned.points_button, self.reset_button, leading=6))
        row.add(group(self.export_button, leading=6))
        self._active_side_changed(int(self.canvas.active_side))
        column = QVBoxLayout()
        column.addWidget(self.info_label)
        column.addWidget(self.measurements_label)
        column.addLayout(row)
        return column

    def _style_segments(self) -> None:
        """Checked mode and side buttons in the accent colour: Fusion's pressed look is too
        faint to tell which view is on, especially in the dark palette."""
        style = segment_style(theme().colors)
        for button in (*self.mode_buttons.values(), *self.side_buttons.values()):
            button.setStyleSheet(style)

    # -- opening ---------------------------------------------------------------------------
    def open(
        self,
        all_photos: list[PhotoInfo],
        pose: str,
        left_id: int | None = None,
        right_id: int | None = None,
    ) -> None:
        """Compare photos of `pose`: the given ones, else the first and the latest."""
        self.save_alignment()
        self._photos = list(all_photos)
        self._by_id = {info.id: info for info in all_photos}
        self._alignments = {info.id: info.alignment for info in all_photos}
        self._pixmaps = OrderedDict(
            (pid, pixmap) for pid, pixmap in self._pixmaps.items() if pid in self._by_id
        )
        for index in range(self.pose_combo.count()):
            value = str(self.pose_combo.itemData(index))
            count = sum(1 for info in all_photos if info.pose == value)
            self.pose_combo.setItemText(index, f"{Pose(value).label} ({count:,})")
        self.pose_combo.setCurrentIndex(max(self.pose_combo.findData(pose), 0))
        self._pose_chosen(left_id, right_id)
        self.canvas.setFocus()

    def _pose_chosen(self, left_id: int | None, right_id: int | None) -> None:
        pose = str(self.pose_combo.currentData())
        shown = [info for info in self._photos if info.pose == pose]
        for combo in (self.left_combo, self.right_combo):
            combo.blockSignals(True)
        self.choices.set_photos(shown)
        if shown:
            self.left_combo.setCurrentIndex(self._row_for(left_id, 0))
            # One photo of a pose is not a comparison: the right side asks for another.
            right_row = self._row_for(right_id, len(shown) - 1) if len(shown) > 1 else -1
            self.right_combo.setCurrentIndex(right_row)
        for combo in (self.left_combo, self.right_combo):
            combo.blockSignals(False)
        self._photos_chosen()

    def _row_for(self, photo_id: int | None, default: int) -> int:
        row = self.left_combo.findData(photo_id) if photo_id is not None else -1
        return row if row >= 0 else default

    def photo(self, side: Side) -> PhotoInfo | None:
        """The photo on that side, with its alignment as it is now."""
        combo = self.left_combo if side is Side.LEFT else self.right_combo
        info = self._by_id.get(combo.currentData())
        alignment = self._alignments.get(info.id) if info is not None else None
        if info is None or alignment is None:
            return info
        return replace(
            info, align_dx=alignment.dx, align_dy=alignment.dy, align_scale=alignment.scale
        )

    def _photos_chosen(self) -> None:
        self.save_alignment()
        self.aligned.editor.cancel()
        self.aligned.refresh()
        for side in Side:
            self._show_side(side)
        self.update_info()

    def _show_side(self, side: Side) -> None:
        info = self.photo(side)
        if info is None:
            self.canvas.set_photo(side, None, "", "Import another photo of this pose to compare")
            return
        self.canvas.set_alignment(side, info.alignment)
        pixmap = self._pixmaps.get(info.id)
        caption = day_text(info.taken_at)
        if pixmap is not None:
            self._pixmaps.move_to_end(info.id)
            self.canvas.set_photo(side, pixmap, caption)
            return
        self.canvas.set_photo(side, None, caption, "Loading…")
        run_task(
            decode_scaled,
            info.path,
            DECODE_BOX,
            on_done=partial(self._decoded, info.id),
            on_error=partial(self._undecodable, info.id),
            context=self,
        )

    def _decoded(self, photo_id: int, image: QImage) -> None:
        if photo_id not in self._by_id:
            return  # forgotten meanwhile (the photo vault locked)
        self._pixmaps[photo_id] = QPixmap.fromImage(image)
        while len(self._pixmaps) > PIXMAP_CACHE:
            self._pixmaps.popitem(last=False)
        for side in Side:
            info = self.photo(side)
            if info is not None and info.id == photo_id:
                self._show_side(side)

    def forget_photos(self) -> None:
        """The photo vault locked: save the alignment, drop every decoded photo and the
        choice of photos (`open` fills the page again)."""
        self.save_alignment()
        self.aligned.editor.cancel()
        self._pixmaps.clear()
        self._photos, self._by_id = [], {}
        for combo in (self.left_combo, self.right_combo):
            combo.blockSignals(True)
        self.choices.set_photos([])
        for combo in (self.left_combo, self.right_combo):
            combo.blockSignals(False)
        for side in Side:
            self.canvas.set_photo(side, None, "")

    def _undecodable(self, photo_id: int, error: UserError) -> None:
        for side in Side:
            info = self.photo(side)
            if info is not None and info.id == photo_id:
                self.canvas.set_photo(side, None, day_text(info.taken_at), str(error))

    def update_info(self) -> None:
        left, right = self.photo(Side.LEFT), self.photo(Side.RIGHT)
        self.export_button.setEnabled(left is not None and right is not None)
        self.measurements_label.hide()
        self._info_request += 1
        if left is None or right is None:
            self.info_label.setText(ONE_PHOTO_HINT if left or right else "")
            return
        # The strength change reads the training log: in the background, the days meanwhile.
        self.info_label.setText(f"{days_apart(left, right)} · {STRENGTH_PLACEHOLDER}")
        run_task(
            change_summary,
            left,
            right,
            self._prefs(),
            on_done=partial(self._summary_arrived, self._info_request),
            on_error=partial(self._summary_failed, self._info_request, left, right),
            context=self,
            uses_database=True,
        )
        first, last = sorted((left.taken_at.date(), right.taken_at.date()))
        changes = measurements.changes_between(first, last, self._prefs().length_unit)
        self.measurements_label.setText("Measurements: " + " · ".join(changes))
        self.measurements_label.setVisible(bool(changes))

    def _summary_arrived(self, request: int, summary: str) -> None:
        if request == self._info_request:  # else other photos were picked meanwhile
            self.info_label.setText(summary)

    def _summary_failed(
        self, request: int, left: PhotoInfo, right: PhotoInfo, error: UserError
    ) -> None:
        if request == self._info_request:
            self.info_label.setText(f"{days_apart(left, right)} · {error}")

    # -- modes -----------------------------------------------------------------------------
    def set_mode(self, mode: CompareMode) -> None:
        self.canvas.set_mode(mode)
        if not self.mode_buttons[mode].isChecked():
            self.mode_buttons[mode].setChecked(True)
        self.slider_stack.setCurrentIndex(list(CompareMode).index(mode))
        self._update_hint()

    def _wipe_dragged(self, fraction: float) -> None:
        """The slider follows the divider the person dragged (and does not move it back)."""
        blocked = self.wipe_slider.blockSignals(True)
        self.wipe_slider.setValue(round(fraction * self.wipe_slider.maximum()))
        self.wipe_slider.blockSignals(blocked)

    # -- alignment -------------------------------------------------------------------------
    def _active_side_changed(self, side: int) -> None:
        self.side_buttons[Side(side)].setChecked(True)
        self._update_hint()

    def _update_hint(self) -> None:
        name = SIDE_NAMES[self.canvas.active_side]
        hint = (
            f"Drag to move and use the wheel to scale the {name} photo; "
            "arrow keys nudge it (Shift: more)."
        )
        if self.canvas.mode is CompareMode.WIPE:
            hint += " Drag the round handle to move the wipe."
        self.hint.setText(hint)

    def _aligned(self, side: int, alignment: Alignment) -> None:
        info = self.photo(Side(side))
        if info is None:
            return
        self._alignments[info.id] = alignment
        self._unsaved[info.id] = alignment
        self._save_timer.start()

    def reset_alignment(self) -> None:
        info = self.photo(self.canvas.active_side)
        if info is not None:
            self.canvas.set_alignment(self.canvas.active_side, Alignment())
            self._aligned(int(self.canvas.active_side), Alignment())
            self.save_alignment()

    def save_alignment(self) -> None:
        self._save_timer.stop()
        unsaved, self._unsaved = self._unsaved, {}
        for photo_id, alignment in unsaved.items():
            try:
                photos.set_alignment(photo_id, alignment)
            except UserError as error:
                self._show_status(f"The alignment was not saved: {error}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_alignment()
        super().hideEvent(event)

    def _day_of(self, photo_id: int) -> str:
        info = self._by_id.get(photo_id)
        return day_text(info.taken_at) if info is not None else f"photo {photo_id}"

    # -- export ----------------------------------------------------------------------------
    def export_image(self) -> None:
        left, right = self.photo(Side.LEFT), self.photo(Side.RIGHT)
        if left is None or right is None:
            return
        name = f"backtracker-{left.taken_at:%Y-%m-%d}-vs-{right.taken_at:%Y-%m-%d}.jpg"
        target = photo_dialogs.choose_export_file(self, Path.home() / name)
        if target is None:
            return
        self.export_button.setEnabled(False)
        run_task(
            partial(
                photos.export_comparison,
                caption_left=day_text(left.taken_at),
                caption_right=day_text(right.taken_at),
                placements=self.aligned.placements(),
            ),
            left,
            right,
            target,
            on_done=lambda path: self._show_status(f"Comparison saved to {path}"),
            on_error=lambda error: dialogs.show_error(self, "Export failed", str(error)),
            on_finished=lambda: self.export_button.setEnabled(True),
            context=self,
        )
