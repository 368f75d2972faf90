"""The Photos tab: the gallery with its side panel, the empty state, and compare mode."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from backtracker.domain.errors import UserError
from backtracker.domain.photos import PhotoInfo, Pose
from backtracker.services import photos
from backtracker.services.photos import IngestReport
from backtracker.services.preferences import Preferences
from backtracker.storage.profile import Profile
from backtracker.ui import dialogs
from backtracker.ui.events import DataEvents
from backtracker.ui.icons import icon
from backtracker.ui.photos import catch_up as alignment_catch_up
from backtracker.ui.photos import dialogs as photo_dialogs
from backtracker.ui.photos.catch_up import AlignmentCatchUp
from backtracker.ui.photos.compare_page import ComparePage
from backtracker.ui.photos.delegate import DECODE_BOX
from backtracker.ui.photos.details import PhotoDetails
from backtracker.ui.photos.empty_state import EmptyState, import_buttons
from backtracker.ui.photos.gallery_view import GalleryView
from backtracker.ui.photos.importer import PhotoImporter
from backtracker.ui.photos.lock_page import PhotosLock
from backtracker.ui.photos.model import GalleryModel, PoseFilterModel, count_text, day_text
from backtracker.ui.photos.reference_picker import ReferencePicker
from backtracker.ui.photos.thumbnails import ThumbnailLoader
from backtracker.ui.photos.timelapse_dialog import TimelapseDialog, timelapse_button
from backtracker.ui.photos.viewer import PhotoViewer
from backtracker.ui.theme import theme


class PhotosTab(QWidget):
    def __init__(
        self,
        events: DataEvents,
        profile: Profile,
        prefs_provider: Callable[[], Preferences],
        undo: QUndoStack,
        show_status: Callable[..., None],
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PhotosTab")
        self.setAcceptDrops(True)
        self.events = events
        self.profile = profile
        self.thumbs_dir = photos.thumbnails_dir(profile.data_dir)
        self._show_status = show_status
        self._prefs_provider = prefs_provider
        self._dirty = False
        self._reload_timer = QTimer(self)  # one reload for a burst of change signals
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self.reload)

        self.thumbnails = ThumbnailLoader(
            self.thumbs_dir, DECODE_BOX, self.devicePixelRatioF(), self
        )
        self.gallery_model = GalleryModel(self)
        self.filter_model = PoseFilterModel(self)
        self.filter_model.setSourceModel(self.gallery_model)
        self.view = GalleryView(self.filter_model, self.thumbnails)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.open_requested.connect(self.open_photo)
        self.view.compare_requested.connect(self.compare_with)
        self.view.delete_requested.connect(self.delete_photo)
        self.details = PhotoDetails(events, undo, prefs_provider, show_status, self.thumbs_dir)
        self.details.open_requested.connect(self.open_photo)
        self.details.compare_requested.connect(self.compare_with)
        self.details.delete_requested.connect(self.delete_photo)
        self.reference_picker = ReferencePicker(self, show_status, self._day_of)
        self.details.reference_requested.connect(self.use_as_reference)
        self.reference_picker.finished.connect(self._reference_changed)
        self.catch_up = AlignmentCatchUp(self, show_status)  # photos not aligned yet
        self.catch_up.finished.connect(self._alignment_caught_up)
        self.importer = PhotoImporter(profile.photos_dir, self.thumbs_dir, self)
        self.importer.finished.connect(self._imported)
        self.importer.running_changed.connect(self._import_running)
        self.compare_page = ComparePage(prefs_provider, show_status)
        self.compare_page.back_requested.connect(self.show_gallery)

        self.gallery_page = self._build_gallery_page()
        self.empty_page = EmptyState(self.import_from_dialog, self.import_folder_dialog)
        self.empty_import_button = self.empty_page.import_button
        self.empty_folder_button = self.empty_page.folder_button
        self.stack = QStackedWidget()
        for page in (self.gallery_page, self.empty_page, self.compare_page):
            self.stack.addWidget(page)
        # Over it all, the lock page while the photo vault is locked.
        self.lock = PhotosLock(self, self.stack, prefs_provider, show_status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.lock.stack)

        events.photos_changed.connect(self._photos_changed)
        for signal in (events.preferences_changed, events.bodyweight_changed, events.sets_changed):
            signal.connect(self._refresh_compare_info)
        events.measurements_changed.connect(self._refresh_compare_info)
        theme().changed.connect(self.view.viewport().update)
        theme().changed.connect(self.compare_page.canvas.update)
        self.viewers: list[PhotoViewer] = []
        self.reload()

    # -- building --------------------------------------------------------------------------
    def _build_gallery_page(self) -> QWidget:
        self.import_button, self.import_folder_button = import_buttons(
            self.import_from_dialog, self.import_folder_dialog
        )
        self.pose_filter = QComboBox()
        self.pose_filter.setAccessibleName("Show pose")
        self.pose_filter.addItem("All", None)
        for pose in Pose:
            self.pose_filter.addItem(pose.label, pose.value)
        self.pose_filter.currentIndexChanged.connect(self._pose_filter_changed)
        pose_label = QLabel("Po&se")
        pose_label.setBuddy(self.pose_filter)
        self.compare_button = QPushButton(icon("compare"), "Compare")
        self.compare_button.setToolTip("Compare two photos of a pose (Ctrl+K)")
        self.compare_button.clicked.connect(self.compare)
        self.timelapse_button = timelapse_button(self.open_timelapse)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Photo count")
        bar = QHBoxLayout()
        bar.addWidget(self.import_button)
        bar.addWidget(self.import_folder_button)
        bar.addSpacing(16)
        bar.addWidget(pose_label)
        bar.addWidget(self.pose_filter)
        bar.addSpacing(16)
        bar.addWidget(self.compare_button)
        bar.addWidget(self.timelapse_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        body = QHBoxLayout()
        body.setSpacing(0)
        body.addWidget(self.view, 1)
        body.addWidget(self.details)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 0, 0)
        bar.setContentsMargins(0, 0, 8, 0)
        layout.addLayout(bar)
        layout.addLayout(body, 1)
        return page

    # -- data ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the photos again, keeping the selection and the scroll position."""
        self._dirty = False
        if self.lock.locked:
            return  # nothing of the photos is shown or kept (unlocking reloads)
        selected = self.view.current_photo()
        scroll = self.view.verticalScrollBar().value()
        self.gallery_model.set_photos(photos.list_photos())
        if self.view.current_photo() is None:  # the rows were reset
            reselected = selected is not None and self.view.select_photo(selected.id)
            if not reselected and scroll > 0:
                self.view.doItemsLayout()  # lay out now, so the old scroll position exists
                self.view.verticalScrollBar().setValue(scroll)
        self.details.show_photo(self.view.current_photo())
        self._update_counts()
        if self.stack.currentWidget() is not self.compare_page:
            self._show_gallery_page()

    def _photos_changed(self) -> None:
        if self.isVisible():
            self._reload_timer.start()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self.reload()
        super().showEvent(event)
        if alignment_catch_up.AUTO_START:
            self.catch_up.start()  # once a session

    def _update_counts(self) -> None:
        self.count_label.setText(count_text(self.filter_model.photo_count()))
        pose = self.filter_model.pose
        self.view.empty_text = (
            f"No {Pose(pose).label.lower()} photos yet. Import some, or choose another pose."
            if pose
            else ""
        )
        self.compare_button.setEnabled(bool(self.gallery_model.photos()))
        self.timelapse_button.setEnabled(bool(self.gallery_model.photos()))

    def set_pose_filter(self, pose: str | None) -> None:
        self.pose_filter.setCurrentIndex(max(self.pose_filter.findData(pose), 0))

    def _pose_filter_changed(self) -> None:
        selected = self.view.current_photo()
        self.filter_model.set_pose(self.pose_filter.currentData())
        if selected is not None:
            self.view.select_photo(selected.id)
        self.details.show_photo(self.view.current_photo())
        self._update_counts()
        self.view.viewport().update()

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        del selected, deselected
        self.details.show_photo(self.view.current_photo())

    def photo(self, photo_id: int) -> PhotoInfo | None:
        return next((info for info in self.gallery_model.photos() if info.id == photo_id), None)

    # -- pages -----------------------------------------------------------------------------
    def _show_gallery_page(self) -> None:
        empty = not self.gallery_model.photos()
        self.stack.setCurrentWidget(self.empty_page if empty else self.gallery_page)

    def focus_main(self) -> None:
        """Where the keyboard lands when the tab is shown: the grid, or compare's canvas."""
        page = self.stack.currentWidget()
        if self.lock.locked:
            self.lock.page.focus_field()
        elif page is self.compare_page:
            self.compare_page.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self.gallery_page:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.empty_import_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_gallery(self) -> None:
        """Back from compare mode (or to the empty state when there is nothing to show)."""
        self._show_gallery_page()
        if self.stack.currentWidget() is self.gallery_page:
            self.view.setFocus()

    def open_photo(self, photo_id: int) -> None:
        info = self.photo(photo_id)
        if info is not None:
            viewer = PhotoViewer.open(self, info)
            # A closed viewer deletes itself: drop it before asking whether it is shown.
            self.viewers = [v for v in self.viewers if isValid(v) and v.isVisible()] + [viewer]

    def compare(self) -> None:
        """Compare mode (Ctrl+K): the first and the latest photo of the chosen pose."""
        if self.lock.refuse("compare photos"):
            return
        everything = photos.list_photos()  # fresh: alignments saved since the last reload
        if not everything:
            self._show_status("Import some photos first, then compare them.")
            return
        selected = self.view.current_photo()
        pose = self.filter_model.pose or (selected.pose if selected else None)
        if pose is None:
            pose = Counter(info.pose for info in everything).most_common(1)[0][0]
        self.compare_page.open(everything, pose)
        self.stack.setCurrentWidget(self.compare_page)

    def open_timelapse(self) -> None:
        """Timelapse… (Ctrl+Shift+T): the filtered pose, else the selected photo's, else back."""
        selected = self.view.current_photo()
        pose = self.filter_model.pose or (selected.pose if selected else Pose.BACK.value)
        self.timelapse_dialog = TimelapseDialog.open_for(self, self._prefs_provider, pose)

    def use_as_reference(self, photo_id: int) -> None:
        """Line the photo's pose up with it (in the background, with progress)."""
        try:
            info = photos.get_photo(photo_id)
        except UserError as error:
            self._show_status(str(error))
            return
        self.catch_up.cancel()  # the new reference aligns the whole pose itself
        self.reference_picker.start(info)

    def _alignment_caught_up(self) -> None:
        """New alignments are stored: what shows them is drawn again, an open timelapse's
        preview too (its frames were planned with the old ones)."""
        self._reference_changed("")
        for dialog in self.findChildren(TimelapseDialog):
            if dialog.isVisible():
                dialog.rebuild()

    def _reference_changed(self, pose: str) -> None:
        del pose
        self.details.show_photo(self.details.info)
        self.compare_page.aligned.refresh()

    def _day_of(self, photo_id: int) -> str:
        try:
            return day_text(photos.get_photo(photo_id).taken_at)
        except UserError:
            return f"photo {photo_id}"

    def compare_with(self, photo_id: int) -> None:
        """Compare this photo with the latest of its pose (or the first, if it is the latest)."""
        oldest_first = photos.list_photos()
        info = next((other for other in oldest_first if other.id == photo_id), None)
        if info is None:
            return
        same_pose = [other for other in oldest_first if other.pose == info.pose]
        if same_pose[-1].id == info.id:
            left, right = same_pose[0].id, info.id
            other_combo = self.compare_page.left_combo
        else:
            left, right = info.id, same_pose[-1].id
            other_combo = self.compare_page.right_combo
        self.compare_page.open(oldest_first, info.pose, left, right)
        self.stack.setCurrentWidget(self.compare_page)
        other_combo.setFocus()

    def _refresh_compare_info(self) -> None:
        if self.stack.currentWidget() is self.compare_page:
            self.compare_page.update_info()

    # -- deleting --------------------------------------------------------------------------
    def delete_photo(self, photo_id: int) -> None:
        info = self.photo(photo_id)
        if info is None:
            return
        if not dialogs.confirm(
            self,
            "Delete photo",
            f"Delete the photo of {day_text(info.taken_at)} from BackTracker?\n\nIts copy in "
            "your data folder is removed; the original file you imported is not touched.",
            "Delete",
        ):
            return
        neighbours = self.filter_model.photos()
        position = next(i for i, other in enumerate(neighbours) if other.id == photo_id)
        rest = neighbours[:position] + neighbours[position + 1 :]
        try:
            photos.delete_photo(photo_id, self.profile.photos_dir, self.thumbs_dir)
        except UserError as error:
            dialogs.show_error(self, "Photo not deleted", str(error))
            return
        self.thumbnails.forget(photo_id)
        self.reload()
        if rest:
            self.view.select_photo(rest[min(position, len(rest) - 1)].id)
        self.events.photos_changed.emit()
        self._show_status(f"Deleted the photo of {day_text(info.taken_at)}")

    # -- importing -------------------------------------------------------------------------
    def import_from_dialog(self) -> None:
        paths = photo_dialogs.choose_photo_files(self)
        if paths:
            self.import_files(paths)

    def import_folder_dialog(self) -> None:
        folder = photo_dialogs.choose_photo_folder(self)
        if folder is not None:
            self.import_files([folder])

    def import_files(self, paths: list[Path], pose: str | None = None) -> bool:
        """Import files and folders (asking for the pose unless given); False if not started."""
        if not paths or self.lock.refuse("import photos"):
            return False
        if self.importer.running:
            self._show_status("An import is already running; wait for it to finish.")
            return False
        if pose is None:
            count = len(paths) if all(path.is_file() for path in paths) else None
            pose = photo_dialogs.PoseDialog.ask(self, count, self.filter_model.pose or "back")
            if pose is None:
                return False
        return self.importer.start(paths, pose)

    def _import_running(self, running: bool) -> None:
        for button in (
            self.import_button,
            self.import_folder_button,
            self.empty_import_button,
            self.empty_folder_button,
        ):
            button.setEnabled(not running)

    def _imported(self, report: IngestReport) -> None:
        self.reload()
        if report.imported:
            newest = max(report.imported, key=lambda info: info.taken_at)
            if self.filter_model.pose not in (None, newest.pose):
                self.set_pose_filter(newest.pose)
            self.view.select_photo(newest.id)
        self.events.photos_changed.emit()
        self._show_status(photo_dialogs.summary_line(report))
        if report.imported and alignment_catch_up.AUTO_START:
            self.catch_up.start(again=True)  # line the new photos up, in the background
        photo_dialogs.ImportSummaryDialog.show_report(self, report)

    # -- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.lock.refuse("import photos"):
            event.ignore()  # the files stay where they are; the lock page says why
        elif paths:
            event.acceptProposedAction()
            # Ask for the pose after the drop has finished, not inside the drag loop.
            QTimer.singleShot(0, lambda: self.import_files(paths))
