"""A window with one photo at full size: zoom with Ctrl+plus/minus or the wheel, fit with
Ctrl+0, pan by dragging. The image is decoded in the background."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import (
    QAction,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.dates import format_time
from backtracker.domain.errors import UserError
from backtracker.domain.photos import PhotoInfo
from backtracker.ui.icons import icon
from backtracker.ui.photos.model import day_text, pose_label
from backtracker.ui.photos.thumbnails import decode_scaled
from backtracker.ui.tasks import run_task

MAX_DECODE = QSize(8192, 8192)
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.02, 16.0


class ZoomView(QGraphicsView):
    """A graphics view that zooms about the mouse with the wheel and pans by dragging."""

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.fitting = True
        self.on_zoom = lambda: None

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, zoom: float) -> None:
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        self.fitting = False
        self.scale(zoom / self.zoom, zoom / self.zoom)
        self.on_zoom()

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.zoom * factor)

    def fit(self) -> None:
        self.fitting = True
        if not self.sceneRect().isEmpty():
            self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.on_zoom()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitting:
            self.fit()


class PhotoViewer(QDialog):
    def __init__(self, info: PhotoInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.setWindowTitle(f"{day_text(info.taken_at)} · {pose_label(info.pose)}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 1000)
        self.scene = QGraphicsScene(self)
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self.item)
        self.view = ZoomView(self.scene)
        self.view.on_zoom = self._show_zoom
        self.status = QLabel("Loading…")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.status)
        self.pages.addWidget(self.view)

        bar = QHBoxLayout()
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(80)
        bar.addWidget(QLabel(f"<b>{day_text(info.taken_at)}</b>, {format_time(info.taken_at)}"))
        bar.addStretch(1)
        for text, icon_name, keys, slot in (
            ("Zoom out", "zoom-out", [QKeySequence.StandardKey.ZoomOut, "Ctrl+-"], self.zoom_out),
            ("Zoom in", "zoom-in", [QKeySequence.StandardKey.ZoomIn, "Ctrl+="], self.zoom_in),
            ("Fit", "zoom-fit", ["Ctrl+0"], self.view.fit),
            ("Actual size", None, ["Ctrl+1"], lambda: self.view.set_zoom(1.0)),
        ):
            action = QAction(text, self)
            if icon_name:
                action.setIcon(icon(icon_name))
            sequences: dict[str, QKeySequence] = {}
            for key in keys:
                for sequence in (
                    QKeySequence.keyBindings(key)
                    if not isinstance(key, str)
                    else [QKeySequence(key)]
                ):
                    sequences.setdefault(sequence.toString(), sequence)
            action.setShortcuts(list(sequences.values()))
            action.triggered.connect(slot)
            self.addAction(action)
            button = QToolButton()
            button.setDefaultAction(action)
            if icon_name is None:
                button.setText("100 %")
            button.setToolTip(
                f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            )
            bar.addWidget(button)
        bar.addWidget(self.zoom_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        bar.setContentsMargins(10, 0, 10, 0)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        run_task(
            decode_scaled,
            info.path,
            MAX_DECODE,
            on_done=self._loaded,
            on_error=self._failed,
            context=self,
        )

    @classmethod
    def open(cls, parent: QWidget | None, info: PhotoInfo) -> PhotoViewer:
        viewer = cls(info, parent)
        viewer.show()
        return viewer

    @property
    def loaded(self) -> bool:
        return not self.item.pixmap().isNull()

    def zoom_in(self) -> None:
        self.view.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.view.zoom_by(1 / ZOOM_STEP)

    def _loaded(self, image: QImage) -> None:
        self.item.setPixmap(QPixmap.fromImage(image))
        self.scene.setSceneRect(self.item.boundingRect())
        self.pages.setCurrentWidget(self.view)
        self.view.fit()

    def forget_photo(self) -> None:
        """The photo vault locked: drop the decoded photo and close."""
        self.item.setPixmap(QPixmap())
        self.close()

    def _failed(self, error: UserError) -> None:
        self.status.setText(f"This photo cannot be shown. {error}")
        self.status.setWordWrap(True)

    def _show_zoom(self) -> None:
        prefix = "Fit · " if self.view.fitting else ""
        self.zoom_label.setText(f"{prefix}{self.view.zoom * 100:.0f} %")
