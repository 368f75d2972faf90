"""Compare mode's alignment controls: Aligned | Raw (Ctrl+R switches) and Set points…
(Ctrl+P), with what they need: each shown photo's placement in its pose's reference frame,
read again whenever the photos or their points change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QPushButton,
    QSlider,
    QToolButton,
    QWidget,
)

from backtracker.domain.errors import UserError
from backtracker.domain.photos import PhotoInfo
from backtracker.services import photo_landmarks
from backtracker.services.photo_landmarks import Placement
from backtracker.ui.photos import aligned_painter
from backtracker.ui.photos.compare_canvas import CompareCanvas, Side
from backtracker.ui.photos.landmarks_mode import LandmarkEditor
from backtracker.ui.theme import segment_style, theme

ALIGNED_KEY = "Ctrl+R"
POINTS_KEY = "Ctrl+P"


class AlignedControls(QObject):
    def __init__(
        self,
        canvas: CompareCanvas,
        page: QWidget,
        photo: Callable[[Side], PhotoInfo | None],
        describe: Callable[[int], str],
        show_status: Callable[..., None],
    ) -> None:
        super().__init__(page)
        self.canvas = canvas
        self._photo = photo
        self._describe = describe
        self._show_status = show_status
        self._locked: list[QWidget] = []  # disabled while points are being set
        self.aligned_button = QToolButton(text="Aligned")
        self.aligned_button.setToolTip(
            f"Show both photos lined up with the pose's reference photo ({ALIGNED_KEY})"
        )
        self.raw_button = QToolButton(text="Raw")
        self.raw_button.setToolTip(f"Show the photos as they were taken ({ALIGNED_KEY})")
        self.group = QButtonGroup(self)
        for button in (self.aligned_button, self.raw_button):
            button.setCheckable(True)
            button.setAccessibleName(f"{button.text()} photos")
            self.group.addButton(button)
        self.aligned_button.setChecked(canvas.aligned)
        self.raw_button.setChecked(not canvas.aligned)
        self.aligned_button.toggled.connect(self.set_aligned)
        self.points_button = QPushButton("Set points…")
        self.points_button.setAccessibleName("Set points")
        self.points_button.setToolTip(
            "Click the top of the head and both shoulders on each photo to line them up "
            f"exactly ({POINTS_KEY})"
        )
        self.points_button.clicked.connect(self.start_points)
        self.editor = LandmarkEditor(canvas, page, photo, describe, show_status)
        self.editor.finished.connect(self._points_finished)
        for key, slot in ((ALIGNED_KEY, self.toggle), (POINTS_KEY, self.start_points)):
            shortcut = QShortcut(QKeySequence(key), page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._style()
        theme().changed.connect(self._style)

    def _style(self) -> None:
        style = segment_style(theme().colors)
        for button in (self.aligned_button, self.raw_button):
            button.setStyleSheet(style)

    # -- aligned or raw --------------------------------------------------------------------
    def set_aligned(self, on: bool) -> None:
        self.canvas.set_aligned(on)
        button = self.aligned_button if on else self.raw_button
        if not button.isChecked():
            button.setChecked(True)
        self._describe_canvas()

    def toggle(self) -> None:
        if not self.editor.active:
            self.set_aligned(not self.canvas.aligned)

    # -- placements ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read where each shown photo sits in its pose's reference frame."""
        shown = {side: info for side in Side if (info := self._photo(side)) is not None}
        found: dict[int, Placement] = {}
        if shown:
            pose = next(iter(shown.values())).pose
            try:
                found = photo_landmarks.placements(pose, [info.id for info in shown.values()])
            except UserError as error:
                self._show_status(f"The alignment could not be read: {error}")
        for side in Side:
            info = shown.get(side)
            size = (info.width, info.height) if info is not None else (0, 0)
            self.canvas.set_placement(side, found.get(info.id) if info else None, size)
        self._describe_canvas()

    def placements(self) -> tuple[Placement | None, Placement | None]:
        """What the export uses: the placements shown now (none when showing raw)."""
        if not self.canvas.aligned:
            return None, None
        left, right = (self.canvas.placement(side) for side in Side)
        return left, right

    def _describe_canvas(self) -> None:
        """The canvas's accessible description says how each photo is shown."""
        parts = []
        for side in Side:
            placement = self.canvas.placement(side)
            if self.canvas.pixmap(side) is None and self._photo(side) is None:
                continue
            name = "Left" if side is Side.LEFT else "Right"
            if not self.canvas.aligned:
                parts.append(f"{name} photo: raw.")
            elif self.canvas.is_aligned(side) and placement is not None:
                how = "by points" if placement.method == "manual" else placement.method
                if placement.photo_id == placement.reference_id:
                    parts.append(f"{name} photo: the pose's reference.")
                else:
                    reference = self._describe(placement.reference_id)
                    parts.append(f"{name} photo: aligned to {reference} ({how}).")
            elif placement is not None and not placement.usable:
                parts.append(f"{name} photo: {aligned_painter.UNSURE}.")
            else:
                parts.append(f"{name} photo: {aligned_painter.NOT_ALIGNED}.")
        self.canvas.setAccessibleDescription(" ".join(parts))

    # -- points ----------------------------------------------------------------------------
    def start_points(self) -> None:
        """Points mode; the page's other controls wait until it ends."""
        if self.editor.active:
            return
        self.editor.start()
        if not self.editor.active:
            return
        page, bar = self.parent(), self.editor.bar
        assert isinstance(page, QWidget)
        self._locked = [
            widget
            for widget in page.findChildren(QWidget)
            if isinstance(widget, QAbstractButton | QComboBox | QSlider)
            and widget.isEnabled()
            and not bar.isAncestorOf(widget)
        ]
        for widget in self._locked:
            widget.setEnabled(False)

    def _points_finished(self, saved: bool) -> None:
        for widget in self._locked:
            widget.setEnabled(True)
        self._locked = []
        if saved:
            self.refresh()
