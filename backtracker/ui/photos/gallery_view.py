"""The thumbnail grid: a QListView flowing left to right, month headers taking whole rows."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QWidget

from backtracker.domain.photos import PhotoInfo
from backtracker.ui.icons import icon
from backtracker.ui.photos.delegate import GalleryDelegate
from backtracker.ui.photos.model import PhotoRole, PoseFilterModel
from backtracker.ui.photos.thumbnails import ThumbnailLoader
from backtracker.ui.theme import theme

SPACING = 8
SCROLL_SETTLE_MS = 250  # no scroll for this long: the grid has stopped scrolling


class GalleryView(QListView):
    open_requested = Signal(int)  # photo id
    compare_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(
        self, model: PoseFilterModel, thumbnails: ThumbnailLoader, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PhotoGallery")
        self.setAccessibleName("Photos")
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(False)
        self.setSpacing(SPACING)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(40)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always on: a scroll bar appearing would narrow the grid and lay it out again.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.setAcceptDrops(False)  # the tab takes dropped files, wherever they land
        self.viewport().setAcceptDrops(False)
        self.setMouseTracking(True)  # hover outline
        self.gallery_delegate = GalleryDelegate(self, thumbnails)
        self.setItemDelegate(self.gallery_delegate)
        self.setModel(model)
        self.empty_text = ""
        self.activated.connect(self._activated)
        # A thumbnail arriving repaints its cell only. It is not a model change: a
        # dataChanged would make QListView lay out all 2,000 items again.
        thumbnails.loaded.connect(self._thumbnail_loaded)
        thumbnails.set_wanted(self.shows_photo)
        # While the grid scrolls the thumbnails decode on fewer threads (set_scrolling).
        self._thumbnails = thumbnails
        self._scroll_settled = QTimer(self)
        self._scroll_settled.setSingleShot(True)
        self._scroll_settled.setInterval(SCROLL_SETTLE_MS)
        self._scroll_settled.timeout.connect(self._stopped_scrolling)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    def _scrolled(self) -> None:
        if not self._scroll_settled.isActive():
            self._thumbnails.set_scrolling(True)
        self._scroll_settled.start()

    def _stopped_scrolling(self) -> None:
        self._thumbnails.set_scrolling(False)

    def shows_photo(self, photo_id: int) -> bool:
        """Whether the photo's cell is (partly) in the viewport now."""
        model = self.model()
        assert isinstance(model, PoseFilterModel)
        index = model.index_of(photo_id)
        return index.isValid() and self.visualRect(index).intersects(self.viewport().rect())

    def _thumbnail_loaded(self, photo_id: int) -> None:
        model = self.model()
        assert isinstance(model, PoseFilterModel)
        index = model.index_of(photo_id)
        if index.isValid():
            self.update(index)

    def current_photo(self) -> PhotoInfo | None:
        indexes = self.selectionModel().selectedIndexes()
        info = indexes[0].data(PhotoRole) if indexes else None
        return info if isinstance(info, PhotoInfo) else None

    def select_photo(self, photo_id: int) -> bool:
        model = self.model()
        assert isinstance(model, PoseFilterModel)
        index = model.index_of(photo_id)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True

    def _activated(self, index: QModelIndex) -> None:
        info = index.data(PhotoRole)
        if isinstance(info, PhotoInfo):
            self.open_requested.emit(info.id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        info = self.current_photo()
        if info is not None and event.matches(QKeySequence.StandardKey.Delete):
            self.delete_requested.emit(info.id)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        info = self.indexAt(event.pos()).data(PhotoRole)
        if not isinstance(info, PhotoInfo):
            return
        self.select_photo(info.id)
        menu = QMenu(self)
        for text, icon_name, signal in (
            ("&Open", "photos", self.open_requested),
            ("&Compare with…", "compare", self.compare_requested),
            ("&Delete…", "trash", self.delete_requested),
        ):
            action = QAction(icon(icon_name), text, menu)
            action.triggered.connect(lambda _checked=False, s=signal: s.emit(info.id))
            menu.addAction(action)
        menu.exec(event.globalPos())

    def paintEvent(self, event: QPaintEvent) -> None:
        self.gallery_delegate.prepare_paint()
        super().paintEvent(event)
        if self.model().rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(theme().colors.muted_text)
            painter.drawText(
                self.viewport().rect().adjusted(24, 24, -24, -24),
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            painter.end()
