"""Photos ▸ Timelapse…: choose a pose, a date range, a frame time and the captions, watch
the preview play, and save it as an animated WebP or GIF (MP4 with PyAV installed).

The frames are planned (database) and drawn (Pillow) off the GUI thread through
`ui/tasks.run_task`; the GUI thread only turns the finished QImages into pixmaps, which a
QTimer flips. A newer preview request drops the answer of an older one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.errors import UserError
from backtracker.domain.photos import Pose
from backtracker.services import photos, timelapse
from backtracker.services.preferences import Preferences
from backtracker.services.progress import exercises_with_history
from backtracker.services.timelapse import TimelapseOptions, TimelapsePlan, TimelapseResult
from backtracker.ui import dialogs
from backtracker.ui.icons import icon
from backtracker.ui.tasks import Task, call_on_gui_thread, run_task

PREVIEW_HEIGHT = 480  # pixels of picture in the preview (the saved file is larger)
MANY_FRAMES, SMALL_PREVIEW_HEIGHT = 60, 320  # a long timelapse previews smaller (memory)
PLAY_KEY = "Ctrl+Space"
REBUILD_DELAY_MS = 350  # one preview for a burst of changes (typing a frame time)
SHORTCUT = "Ctrl+Shift+T"


def _to_qimage(image: Image.Image) -> QImage:
    """A Pillow RGB image as a QImage that owns its pixels (safe to make in a worker)."""
    rgb = image.convert("RGB")
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888).copy()


def build_preview(options: TimelapseOptions, task: Task) -> tuple[TimelapsePlan, list[QImage]]:
    """Off the GUI thread: the plan and its frames at preview size (cut short if cancelled)."""
    plan = timelapse.plan_timelapse(options)
    frames = [
        _to_qimage(frame)
        for frame in timelapse.render_frames(
            plan, preview_height(len(plan.frames)), cancelled=task.cancelled
        )
    ]
    return plan, frames


def preview_height(frames: int) -> int:
    return PREVIEW_HEIGHT if frames <= MANY_FRAMES else SMALL_PREVIEW_HEIGHT


def timelapse_button(open_dialog: Callable[[], None]) -> QPushButton:
    """The Photos tab's "Timelapse…" button (Ctrl+Shift+T while the tab shows)."""
    button = QPushButton(icon("photos"), "Timelapse…")
    button.setShortcut(QKeySequence(SHORTCUT))
    button.setToolTip(f"Play a pose's photos over time and save it as WebP or GIF ({SHORTCUT})")
    button.clicked.connect(open_dialog)
    return button


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class TimelapseDialog(QDialog):
    def __init__(
        self, prefs_provider: Callable[[], Preferences], pose: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("TimelapseDialog")
        self.setWindowTitle("Timelapse")
        self._prefs_provider = prefs_provider
        self.plan: TimelapsePlan | None = None
        self.pixmaps: list[QPixmap] = []
        self.frame_index = 0
        self._generation = 0
        self._preview_task: Task | None = None
        self._save_task: Task | None = None
        self.last_saved: TimelapseResult | None = None

        self.pose_combo = QComboBox()
        self.pose_combo.setAccessibleName("Pose")
        for choice in Pose:
            self.pose_combo.addItem(choice.label, choice.value)
        self.pose_combo.setCurrentIndex(max(self.pose_combo.findData(pose), 0))
        self.from_edit, self.to_edit = QDateEdit(), QDateEdit()
        for edit, name in ((self.from_edit, "From"), (self.to_edit, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(f"{name} date")
        self.frame_ms = QSpinBox()
        self.frame_ms.setRange(timelapse.MIN_FRAME_MS, timelapse.MAX_FRAME_MS)
        self.frame_ms.setSingleStep(50)
        self.frame_ms.setSuffix(" ms")
        self.frame_ms.setValue(timelapse.DEFAULT_FRAME_MS)
        self.frame_ms.setAccessibleName("Frame time")
        self.frame_ms.setToolTip(
            f"How long each photo shows; the last one stays {timelapse.LAST_FRAME_HOLD}× as long"
        )
        self.e1rm_check = QCheckBox("&e1RM of")
        self.e1rm_check.setAccessibleName("Show the estimated 1RM")
        self.exercise_combo = QComboBox()
        self.exercise_combo.setAccessibleName("Exercise for the e1RM")
        for _, name, _ in exercises_with_history():
            self.exercise_combo.addItem(name)
        self.exercise_combo.setEnabled(False)
        self.e1rm_check.setEnabled(self.exercise_combo.count() > 0)
        self.bodyweight_check = QCheckBox("&Bodyweight")
        self.bodyweight_check.setAccessibleName("Show the bodyweight")

        self.preview = QLabel()
        self.preview.setObjectName("TimelapsePreview")
        self.preview.setAccessibleName("Timelapse preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(300, PREVIEW_HEIGHT + 60)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.status = QLabel()
        self.status.setAccessibleName("Timelapse status")
        self.status.setWordWrap(True)
        self.playing = True
        self.play_button = QPushButton("Pause")
        self.play_button.setAccessibleName("Play or pause the preview")
        self.play_button.setToolTip(f"Play or pause the preview ({PLAY_KEY})")
        self.play_button.setShortcut(QKeySequence(PLAY_KEY))
        self.play_button.clicked.connect(self.toggle_playing)
        self.save_button = QPushButton("&Save…")
        self.save_button.setToolTip("Save as animated WebP or GIF (the name's extension decides)")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)

        form = QFormLayout()
        form.addRow("&Pose", self.pose_combo)
        form.addRow("&From", self.from_edit)
        form.addRow("&To", self.to_edit)
        form.addRow("Fra&me time", self.frame_ms)
        e1rm_row = QHBoxLayout()
        e1rm_row.addWidget(self.e1rm_check)
        e1rm_row.addWidget(self.exercise_combo, 1)
        form.addRow("Captions", e1rm_row)
        form.addRow("", self.bodyweight_check)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addStretch(1)
        side.addWidget(self.status)
        side.addWidget(self.play_button)
        body = QHBoxLayout()
        body.addLayout(side)
        body.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)

        self.player = QTimer(self)
        self.player.setSingleShot(True)
        self.player.timeout.connect(self.next_frame)
        self._rebuild_timer = QTimer(self)
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(REBUILD_DELAY_MS)
        self._rebuild_timer.timeout.connect(self.rebuild)

        self._set_range_to_pose()
        self.pose_combo.currentIndexChanged.connect(self._pose_changed)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._schedule_rebuild)
        self.frame_ms.valueChanged.connect(self._frame_time_changed)
        self.e1rm_check.toggled.connect(self.exercise_combo.setEnabled)
        self.e1rm_check.toggled.connect(self._schedule_rebuild)
        self.exercise_combo.currentIndexChanged.connect(self._e1rm_exercise_changed)
        self.bodyweight_check.toggled.connect(self._schedule_rebuild)
        self.rebuild()

    @classmethod
    def open_for(
        cls, parent: QWidget, prefs_provider: Callable[[], Preferences], pose: str
    ) -> TimelapseDialog:
        """Shown without blocking; the caller keeps the reference. A second call while one
        is open brings that one forward."""
        for dialog in parent.findChildren(cls):
            if dialog.isVisible():
                # Activating brings it up (raise_() is unsupported on some platforms).
                dialog.setWindowState(dialog.windowState() & ~Qt.WindowState.WindowMinimized)
                dialog.activateWindow()
                return dialog
        dialog = cls(prefs_provider, pose, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resize(960, 620)
        dialog.show()
        return dialog

    # -- options ---------------------------------------------------------------------------
    @property
    def pose(self) -> str:
        return str(self.pose_combo.currentData())

    def options(self) -> TimelapseOptions:
        prefs = self._prefs_provider()
        exercise = self.exercise_combo.currentText() if self.e1rm_check.isChecked() else None
        return TimelapseOptions(
            pose=self.pose,
            start=_pydate(self.from_edit.date()),
            end=_pydate(self.to_edit.date()),
            frame_ms=self.frame_ms.value(),
            e1rm_exercise=exercise or None,
            bodyweight=self.bodyweight_check.isChecked(),
            formula=prefs.formula,
            unit=prefs.unit,
        )

    def _set_range_to_pose(self) -> None:
        """The whole life of the pose: its first photo's day to its latest's."""
        days = [info.taken_at.date() for info in photos.list_photos(pose=self.pose)]
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(True)
        if days:
            self.from_edit.setDate(_qdate(days[0]))
            self.to_edit.setDate(_qdate(days[-1]))
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(False)

    def _pose_changed(self) -> None:
        self._set_range_to_pose()
        self._schedule_rebuild()

    def _e1rm_exercise_changed(self) -> None:
        if self.e1rm_check.isChecked():
            self._schedule_rebuild()

    def _frame_time_changed(self) -> None:
        """Only the timing changes: the frames stay, the next flip uses the new time."""
        if self.plan is not None:
            self.plan = replace(self.plan, frame_ms=self.frame_ms.value())
        self._update_status()

    def _schedule_rebuild(self) -> None:
        self._rebuild_timer.start()

    # -- preview ---------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Plan and draw the frames again, in the background; older answers are dropped."""
        self._rebuild_timer.stop()
        self._generation += 1
        generation = self._generation
        if self._preview_task is not None:
            self._preview_task.cancel()
        self.save_button.setEnabled(False)
        self.status.setText("Making the preview…")
        task = Task("timelapse preview")
        self._preview_task = task
        run_task(
            build_preview,
            self.options(),
            task,
            on_done=lambda result: self._show_preview(generation, result),
            on_error=lambda error: self._preview_failed(generation, error),
            context=self,
            uses_database=True,
            task=task,
        )

    def _show_preview(self, generation: int, result: tuple[TimelapsePlan, list[QImage]]) -> None:
        plan, images = result
        if generation != self._generation or len(images) < len(plan.frames):
            return  # a newer request is on its way, or this one was cancelled
        self.plan = replace(plan, frame_ms=self.frame_ms.value())
        self.pixmaps = [QPixmap.fromImage(image) for image in images]
        self.frame_index = 0
        self._show_frame()
        self.save_button.setEnabled(True)
        self._update_status()
        if self.playing:
            self._schedule_next()

    def _preview_failed(self, generation: int, error: UserError) -> None:
        if generation != self._generation:
            return
        self.plan, self.pixmaps = None, []
        self.player.stop()
        self.preview.clear()
        self.preview.setText(str(error))
        self.status.setText("")
        self.save_button.setEnabled(False)

    def _update_status(self) -> None:
        if self.plan is None:
            return
        count = len(self.plan.frames)
        text = f"{count} frame{'' if count == 1 else 's'}, {self.frame_ms.value()} ms each"
        if self.plan.unaligned:
            text += (
                f"\n{self.plan.unaligned} photo{'' if self.plan.unaligned == 1 else 's'} "
                "not aligned: shown whole, unwarped"
            )
        self.status.setText(text)

    def _show_frame(self) -> None:
        if self.pixmaps:
            pixmap = self.pixmaps[self.frame_index]
            shown = pixmap.scaled(
                self.preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.preview.setPixmap(shown)

    def _schedule_next(self) -> None:
        if self.plan is None or len(self.pixmaps) < 2:
            return
        last = self.frame_index == len(self.pixmaps) - 1
        self.player.start(self.plan.last_frame_ms if last else self.plan.frame_ms)

    def next_frame(self) -> None:
        if not self.pixmaps:
            return
        self.frame_index = (self.frame_index + 1) % len(self.pixmaps)
        self._show_frame()
        self._schedule_next()

    def toggle_playing(self) -> None:
        self.playing = not self.playing
        self.play_button.setText("Pause" if self.playing else "Play")
        self.play_button.setShortcut(QKeySequence(PLAY_KEY))  # setText drops it
        if self.playing:
            self._schedule_next()
        else:
            self.player.stop()

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        plan = self.plan
        if plan is None:
            return
        first, last = plan.frames[0].photo.taken_at, plan.frames[-1].photo.taken_at
        name = f"backtracker-{self.pose}-{first:%Y-%m-%d}-to-{last:%Y-%m-%d}.webp"
        kinds = "Animated WebP (*.webp);;GIF (*.gif)"
        if timelapse.mp4_available():
            kinds += ";;MP4 video (*.mp4)"
        target = dialogs.choose_save_file(self, "Save timelapse", Path.home() / name, kinds)
        if target is None:
            return
        if not target.suffix:
            target = target.with_suffix(".webp")
        try:
            timelapse.output_format(target)
        except UserError as error:
            dialogs.show_error(self, "Timelapse not saved", str(error))
            return
        self.save_button.setEnabled(False)
        self.status.setText("Saving…")
        progress = call_on_gui_thread(self._save_progress)
        task = Task("timelapse save")
        self._save_task = task
        run_task(
            lambda: timelapse.write_timelapse(
                plan, target, cancelled=task.cancelled, progress=progress
            ),
            on_done=self._saved,
            on_error=lambda error: dialogs.show_error(self, "Timelapse not saved", str(error)),
            on_finished=self._save_finished,
            context=self,
            task=task,
        )

    def _save_progress(self, done: int, total: int) -> None:
        self.status.setText(f"Saving… frame {done} of {total}")

    def _saved(self, result: TimelapseResult) -> None:
        self.last_saved = result
        width, height = result.size
        text = (
            f"Saved {result.path.name}: {result.format}, {result.frames} frames of "
            f"{width}×{height}, {result.bytes / 1_000_000:.1f} MB"
        )
        if result.unaligned:
            text += f"\n{result.unaligned} not aligned"
        self.status.setText(text)

    def _save_finished(self) -> None:
        self._save_task = None
        self.save_button.setEnabled(self.plan is not None)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_work()
        super().closeEvent(event)

    def reject(self) -> None:
        self._stop_work()
        super().reject()

    def _stop_work(self) -> None:
        """Stop the preview; a save in progress finishes (its answer has no one to go to)."""
        self.player.stop()
        self._rebuild_timer.stop()
        if self._preview_task is not None:
            self._preview_task.cancel()
