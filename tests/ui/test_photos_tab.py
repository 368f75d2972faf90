"""The Photos tab driven as a person would: import, filter, edit, delete, view and compare.

Background work runs on the synchronous pool, so every callback has run by the time the
action that started it returns; the database and the files are checked after each step.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QApplication, QPushButton

from backtracker.services import photos
from backtracker.services.preferences import Preferences
from backtracker.storage import body
from backtracker.storage.models import Photo
from backtracker.ui import dialogs
from backtracker.ui.events import DataEvents
from backtracker.ui.photos import build_photos_tab
from backtracker.ui.photos import dialogs as photo_dialogs
from backtracker.ui.photos.compare_canvas import CompareMode, Side
from backtracker.ui.photos.model import PhotoRole
from backtracker.ui.photos.tab import PhotosTab
from backtracker.ui.photos.viewer import PhotoViewer
from backtracker.ui.tasks import synchronous_tasks

RED, BLUE, GREEN = (220, 30, 30), (30, 60, 220), (40, 180, 60)


def make_jpeg(
    path: Path, when: dt.datetime, color: tuple[int, int, int] = GREEN, size=(300, 400)
) -> Path:
    """A plain photo with its capture time in EXIF, as a phone would write it."""
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    Image.new("RGB", size, color).save(path, "JPEG", quality=90, exif=exif)
    return path


class Recorder:
    """What the main window hands the tab, and what comes back: status lines, reports."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.events = DataEvents()
        self.undo = QUndoStack()
        self.messages: list[str] = []
        self.reports: list[photos.IngestReport] = []

    def status(self, message: str, **_kwargs: object) -> None:
        self.messages.append(message)


@pytest.fixture(autouse=True)
def _synchronous():
    with synchronous_tasks():
        yield


@pytest.fixture
def recorder(tmp_path) -> Recorder:
    return Recorder(tmp_path)


@pytest.fixture
def make_tab(qtbot, profile, theme, recorder):
    def make() -> PhotosTab:
        tab = build_photos_tab(
            recorder.events, profile, Preferences, recorder.undo, recorder.status
        )
        assert isinstance(tab, PhotosTab)
        qtbot.addWidget(tab)
        tab.resize(1280, 800)
        tab.show()
        qtbot.waitExposed(tab)
        return tab

    return make


@pytest.fixture
def ingest(profile, tmp_path):
    """Put photos in the gallery through the real service (pose, day, colour)."""
    source = tmp_path / "originals"
    source.mkdir()

    def add(pose: str, when: dt.datetime, color=GREEN) -> int:
        path = make_jpeg(source / f"{pose}-{when:%Y%m%d%H%M}.jpg", when, color)
        report = photos.ingest(
            [path], profile.photos_dir, photos.thumbnails_dir(profile.data_dir), pose=pose
        )
        assert len(report.imported) == 1, report
        return report.imported[0].id

    return add


def shown_photos(tab: PhotosTab) -> list[tuple[str, str]]:
    """(day, pose) of each photo the grid shows, top to bottom."""
    model = tab.filter_model
    infos = [model.index(row, 0).data(PhotoRole) for row in range(model.rowCount())]
    return [(f"{i.taken_at:%Y-%m-%d}", i.pose) for i in infos if i is not None]


def click_photo(qtbot, tab: PhotosTab, photo_id: int) -> None:
    index = tab.filter_model.index_of(photo_id)
    tab.view.scrollTo(index)
    rect = tab.view.visualRect(index)
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# -- importing ---------------------------------------------------------------------------


def test_import_through_the_file_dialog(make_tab, tmp_path, monkeypatch, recorder):
    folder = tmp_path / "phone"
    folder.mkdir()
    chosen = [
        make_jpeg(folder / "IMG_1.jpg", dt.datetime(2026, 1, 3, 8, 0), RED),
        make_jpeg(folder / "IMG_2.jpg", dt.datetime(2026, 2, 7, 8, 0), BLUE),
        make_jpeg(folder / "IMG_3.jpg", dt.datetime(2026, 2, 21, 8, 0), GREEN),
    ]
    bad = folder / "notes.jpg"
    bad.write_text("this is not a photo")
    originals = {path: path.read_bytes() for path in chosen}
    monkeypatch.setattr(photo_dialogs, "choose_photo_files", lambda parent: [*chosen, bad])
    asked: list[tuple[int | None, str]] = []

    def ask_pose(parent, count, default):
        asked.append((count, default))
        return "front"

    monkeypatch.setattr(photo_dialogs.PoseDialog, "ask", ask_pose)
    monkeypatch.setattr(
        photo_dialogs.ImportSummaryDialog,
        "show_report",
        classmethod(lambda cls, parent, report: recorder.reports.append(report)),
    )
    changes: list[bool] = []
    recorder.events.photos_changed.connect(lambda: changes.append(True))

    tab = make_tab()
    assert tab.stack.currentWidget() is tab.empty_page
    tab.empty_import_button.click()

    assert asked == [(4, "back")]
    rows = list(Photo.select().order_by(Photo.taken_at))
    assert [(row.original_name, row.pose) for row in rows] == [
        ("IMG_1.jpg", "front"),
        ("IMG_2.jpg", "front"),
        ("IMG_3.jpg", "front"),
    ]
    assert all((tab.profile.photos_dir / row.file_name).is_file() for row in rows)
    assert {path: path.read_bytes() for path in chosen} == originals  # originals untouched
    [report] = recorder.reports
    assert (len(report.imported), len(report.duplicates), len(report.refused)) == (3, 0, 1)
    assert report.refused[0].path == bad and report.refused[0].reason
    assert changes
    assert recorder.messages[-1] == "Imported 3 photos · 1 refused"
    # The gallery shows them, newest first, with the newest selected.
    assert tab.stack.currentWidget() is tab.gallery_page
    assert tab.count_label.text() == "3 photos"
    assert shown_photos(tab)[0] == ("2026-02-21", "front")
    assert tab.details.title.text() == "Saturday 21 Feb 2026"

    # The same photo again, under another name, is a duplicate and not stored twice.
    again = folder / "copy of IMG_1.jpg"
    again.write_bytes(chosen[0].read_bytes())
    monkeypatch.setattr(photo_dialogs, "choose_photo_files", lambda parent: [again])
    tab.import_button.click()
    report = recorder.reports[-1]
    assert (len(report.imported), report.duplicates) == (0, [again])
    assert Photo.select().count() == 3
    assert tab.import_button.isEnabled()


def test_cancel_stops_the_import_after_the_current_photo(make_tab, monkeypatch, recorder):
    folder = recorder.folder / "many"
    folder.mkdir()
    for day in range(1, 6):
        make_jpeg(folder / f"IMG_{day}.jpg", dt.datetime(2026, 1, day, 8, 0))
    monkeypatch.setattr(photo_dialogs.PoseDialog, "ask", lambda parent, count, default: "back")
    monkeypatch.setattr(
        photo_dialogs.ImportSummaryDialog,
        "show_report",
        classmethod(lambda cls, parent, report: recorder.reports.append(report)),
    )
    tab = make_tab()
    advance = tab.importer._advance

    def press_cancel_after_the_first(done: int, total: int, current: Path) -> None:
        advance(done, total, current)
        dialog = tab.importer._progress
        assert dialog is not None and f"Imported 1 of {total}" in dialog.labelText()
        [cancel] = dialog.findChildren(QPushButton)
        cancel.click()

    monkeypatch.setattr(tab.importer, "_advance", press_cancel_after_the_first)
    assert tab.import_files([folder])
    [report] = recorder.reports
    assert report.cancelled and len(report.imported) == 1
    assert Photo.select().count() == 1
    assert recorder.messages[-1] == "Imported 1 photo · cancelled"
    assert tab.importer._progress is None and not tab.importer.running


def test_cancelling_the_pose_question_imports_nothing(make_tab, tmp_path, monkeypatch):
    path = make_jpeg(tmp_path / "a.jpg", dt.datetime(2026, 1, 3, 8, 0))
    monkeypatch.setattr(photo_dialogs, "choose_photo_files", lambda parent: [path])
    monkeypatch.setattr(photo_dialogs.PoseDialog, "ask", lambda parent, count, default: None)
    tab = make_tab()
    tab.import_button.click()
    assert Photo.select().count() == 0


def test_import_a_folder_and_drop_files(make_tab, tmp_path, monkeypatch, recorder, qtbot):
    folder = tmp_path / "holiday"
    (folder / "sub").mkdir(parents=True)
    make_jpeg(folder / "a.jpg", dt.datetime(2026, 3, 1, 9, 0))
    make_jpeg(folder / "sub" / "b.JPG", dt.datetime(2026, 3, 2, 9, 0), RED)
    (folder / "readme.txt").write_text("not imported: not a photo suffix")
    monkeypatch.setattr(photo_dialogs, "choose_photo_folder", lambda parent: folder)
    monkeypatch.setattr(photo_dialogs.PoseDialog, "ask", lambda parent, count, default: "side")
    monkeypatch.setattr(
        photo_dialogs.ImportSummaryDialog,
        "show_report",
        classmethod(lambda cls, parent, report: recorder.reports.append(report)),
    )
    tab = make_tab()
    tab.empty_folder_button.click()
    assert sorted(row.original_name for row in Photo.select()) == ["a.jpg", "b.JPG"]
    assert len(recorder.reports[-1].refused) == 0

    dropped = make_jpeg(tmp_path / "dropped.jpg", dt.datetime(2026, 3, 9, 9, 0), BLUE)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(QPoint(200, 200), *args)
    QApplication.sendEvent(tab, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(tab, QDropEvent(QPointF(200, 200), *args))
    qtbot.waitUntil(lambda: Photo.select().count() == 3, timeout=2000)
    assert Photo.get(Photo.original_name == "dropped.jpg").pose == "side"


# -- the gallery -------------------------------------------------------------------------


def test_filter_by_pose(make_tab, ingest, qtbot, qtmodeltester):
    ingest("back", dt.datetime(2026, 1, 5, 8, 0))
    ingest("front", dt.datetime(2026, 1, 20, 8, 0))
    ingest("back", dt.datetime(2026, 3, 2, 8, 0))
    ingest("side", dt.datetime(2026, 2, 11, 8, 0))
    tab = make_tab()
    qtmodeltester.check(tab.gallery_model)
    qtmodeltester.check(tab.filter_model)
    assert tab.count_label.text() == "4 photos"
    headers = [
        tab.filter_model.index(row, 0).data()
        for row in range(tab.filter_model.rowCount())
        if tab.filter_model.index(row, 0).data(PhotoRole) is None
    ]
    assert headers == ["March 2026", "February 2026", "January 2026"]

    combo = tab.pose_filter
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # All -> Back
    assert combo.currentText() == "Back"
    assert shown_photos(tab) == [("2026-03-02", "back"), ("2026-01-05", "back")]
    assert tab.count_label.text() == "2 photos"
    # The month with no back photo lost its header too.
    assert tab.filter_model.rowCount() == 4

    combo.setCurrentIndex(combo.findText("Other"))
    assert shown_photos(tab) == []
    assert tab.count_label.text() == "0 photos"
    assert "No other photos yet" in tab.view.empty_text

    combo.setCurrentIndex(combo.findText("All"))
    assert len(shown_photos(tab)) == 4


def test_only_visible_thumbnails_are_loaded(make_tab, ingest):
    ids = [
        ingest("back", dt.datetime(2025, 1, 1, 8, 0) + dt.timedelta(days=9 * n)) for n in range(40)
    ]
    tab = make_tab()
    QApplication.processEvents()
    loaded = [photo_id for photo_id in ids if tab.thumbnails.cached(photo_id) is not None]
    viewport = tab.view.viewport().rect()
    visible = [
        photo_id
        for photo_id in ids
        if tab.view.visualRect(tab.filter_model.index_of(photo_id)).intersects(viewport)
    ]
    assert visible and set(visible) <= set(loaded)
    assert len(loaded) < len(ids)  # the rows far below were never asked for
    tab.view.scrollToBottom()
    tab.view.viewport().repaint()
    assert tab.thumbnails.cached(ids[0]) is not None  # the oldest, at the bottom, now loaded


def test_select_a_photo_shows_its_details_and_edits_save(make_tab, ingest, qtbot, recorder):
    undo = recorder.undo
    body.set_bodyweight(dt.date(2026, 2, 1), 78.4)
    first = ingest("back", dt.datetime(2026, 2, 3, 7, 30))
    ingest("back", dt.datetime(2026, 4, 3, 7, 30))
    tab = make_tab()
    assert not tab.details.fields.isVisible()
    click_photo(qtbot, tab, first)
    details = tab.details
    assert details.fields.isVisible()
    assert details.title.text() == "Tuesday 3 Feb 2026"
    assert details.date_edit.dateTime().toPython() == dt.datetime(2026, 2, 3, 7, 30)
    assert details.pose_combo.currentText() == "Back"
    assert details.bodyweight.text() == "78.4 kg"
    assert details.date_source.text() == "From the camera's capture time"
    assert not details.preview.pixmap().isNull()

    # Pose: chosen from the keyboard, saved at once, undoable.
    changes: list[bool] = []
    recorder.events.photos_changed.connect(lambda: changes.append(True))
    details.pose_combo.setFocus()
    qtbot.keyClick(details.pose_combo, Qt.Key.Key_Down)
    qtbot.keyClick(details.pose_combo, Qt.Key.Key_Down)
    assert Photo.get_by_id(first).pose == "side"
    assert changes
    qtbot.waitUntil(lambda: ("2026-02-03", "side") in shown_photos(tab), timeout=2000)
    assert tab.view.current_photo().id == first  # the reload kept the selection
    undo.undo()
    assert Photo.get_by_id(first).pose == "front"
    undo.undo()
    assert Photo.get_by_id(first).pose == "back"
    undo.redo()
    assert Photo.get_by_id(first).pose == "front"
    assert details.pose_combo.currentText() == "Front"

    # Date: typed, saved on Enter, marked as the person's.
    details.date_edit.setFocus()
    details.date_edit.setDateTime(details.date_edit.dateTime().addDays(-1))
    qtbot.keyClick(details.date_edit, Qt.Key.Key_Return)
    row = Photo.get_by_id(first)
    assert (row.taken_at, row.date_source) == (dt.datetime(2026, 2, 2, 7, 30), "user")

    # Notes: saved a moment after typing stops.
    details.notes.setFocus()
    qtbot.keyClicks(details.notes, "Morning light")
    qtbot.waitUntil(lambda: Photo.get_by_id(first).notes == "Morning light", timeout=3000)
    assert details.notes.toPlainText() == "Morning light"  # the reload kept the text
    qtbot.keyClicks(details.notes, ", relaxed")
    tab.hide()  # leaving the tab saves at once
    assert Photo.get_by_id(first).notes == "Morning light, relaxed"


def test_delete_asks_first(make_tab, ingest, qtbot, monkeypatch, recorder):
    keep = ingest("back", dt.datetime(2026, 1, 3, 8, 0))
    doomed = ingest("back", dt.datetime(2026, 2, 3, 8, 0))
    copy = Path(photos.get_photo(doomed).path)
    answers = [False, True]
    asked: list[str] = []

    def confirm(parent, title, text, action):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "confirm", confirm)
    tab = make_tab()
    click_photo(qtbot, tab, doomed)
    tab.details.delete_button.click()
    assert "3 Feb 2026" in asked[0]
    assert Photo.get_or_none(Photo.id == doomed) is not None  # said no

    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert Photo.get_or_none(Photo.id == doomed) is None
    assert not copy.exists()
    assert tab.count_label.text() == "1 photo"
    assert tab.view.current_photo().id == keep  # the neighbour is selected
    assert recorder.messages[-1] == "Deleted the photo of 3 Feb 2026"

    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    tab.delete_photo(keep)
    assert tab.stack.currentWidget() is tab.empty_page


def test_the_viewer_zooms_and_fits(make_tab, ingest, qtbot):
    photo_id = ingest("back", dt.datetime(2026, 1, 3, 8, 0))
    tab = make_tab()
    click_photo(qtbot, tab, photo_id)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    viewer = tab.viewers[-1]
    assert isinstance(viewer, PhotoViewer)
    qtbot.waitExposed(viewer)
    assert viewer.loaded
    viewer.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is viewer, timeout=2000)
    fit = viewer.view.zoom
    qtbot.keyClick(viewer, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.view.zoom == pytest.approx(fit * 1.25)
    qtbot.keyClick(viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(viewer, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.view.zoom == pytest.approx(fit / 1.25)
    assert not viewer.view.fitting
    qtbot.keyClick(viewer, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.view.fitting and viewer.view.zoom == pytest.approx(fit)
    viewer.close()


# -- compare mode ------------------------------------------------------------------------


@pytest.fixture
def compare_set(ingest):
    body.set_bodyweight(dt.date(2026, 1, 1), 81.2)
    body.set_bodyweight(dt.date(2026, 5, 1), 78.4)
    return {
        "first": ingest("back", dt.datetime(2026, 1, 3, 8, 0), RED),
        "middle": ingest("back", dt.datetime(2026, 3, 3, 8, 0), GREEN),
        "latest": ingest("back", dt.datetime(2026, 5, 10, 8, 0), BLUE),
        "front": ingest("front", dt.datetime(2026, 6, 1, 8, 0), GREEN),
    }


def canvas_color(canvas, x_fraction: float) -> tuple[int, int, int]:
    """The colour the person sees at this fraction across the photos, halfway down."""
    area = canvas.photos_area()
    point = QPoint(round(area.left() + x_fraction * area.width()), round(area.center().y()))
    color = canvas.grab().toImage().pixelColor(point)
    return color.red(), color.green(), color.blue()


def is_close(color: tuple[int, int, int], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(color, expected, strict=True))


def test_compare_modes_and_sliders(make_tab, compare_set, qtbot, qtmodeltester):
    tab = make_tab()
    tab.pose_filter.setCurrentIndex(tab.pose_filter.findText("Back"))
    tab.compare_button.click()
    page = tab.compare_page
    canvas = page.canvas
    assert tab.stack.currentWidget() is page
    # Default: the first and the latest back photo.
    assert page.left_combo.currentText() == "3 Jan 2026"
    assert page.right_combo.currentText() == "10 May 2026"
    assert [page.left_combo.itemText(i) for i in range(page.left_combo.count())] == [
        "3 Jan 2026",
        "3 Mar 2026",
        "10 May 2026",
    ]
    qtmodeltester.check(page.choices)
    assert canvas.pixmap(Side.LEFT) is not None and canvas.pixmap(Side.RIGHT) is not None
    assert page.info_label.text().startswith("127 days apart")
    assert page.info_label.text().endswith("bodyweight 81.2 → 78.4 kg")
    assert not page.wipe_slider.isVisible() and not page.opacity_slider.isVisible()

    qtbot.mouseClick(page.mode_buttons[CompareMode.WIPE], Qt.MouseButton.LeftButton)
    assert canvas.mode is CompareMode.WIPE
    assert page.wipe_slider.isVisible()
    page.wipe_slider.setFocus()
    qtbot.keyClick(page.wipe_slider, Qt.Key.Key_End)
    assert canvas.wipe_position == 1.0
    assert is_close(canvas_color(canvas, 0.8), RED)  # all left photo
    page.wipe_slider.setValue(250)
    assert canvas.wipe_position == 0.25
    assert is_close(canvas_color(canvas, 0.1), RED)
    assert is_close(canvas_color(canvas, 0.6), BLUE)

    qtbot.mouseClick(page.mode_buttons[CompareMode.OVERLAY], Qt.MouseButton.LeftButton)
    assert canvas.mode is CompareMode.OVERLAY
    assert page.opacity_slider.isVisible() and not page.wipe_slider.isVisible()
    page.opacity_slider.setFocus()
    qtbot.keyClick(page.opacity_slider, Qt.Key.Key_Home)
    assert canvas.opacity == 0.0
    assert is_close(canvas_color(canvas, 0.5), RED)
    qtbot.keyClick(page.opacity_slider, Qt.Key.Key_End)
    assert canvas.opacity == 1.0
    assert is_close(canvas_color(canvas, 0.5), BLUE)

    # Another left photo: the days line follows.
    page.left_combo.setCurrentIndex(1)
    assert page.info_label.text().startswith("68 days apart")
    qtbot.keyClick(page.canvas, Qt.Key.Key_Escape)
    assert tab.stack.currentWidget() is tab.gallery_page


def test_alignment_nudges_are_saved_and_restored(make_tab, compare_set, qtbot):
    latest = compare_set["latest"]
    tab = make_tab()
    tab.compare()
    canvas = tab.compare_page.canvas
    assert canvas.active_side is Side.RIGHT
    canvas.setFocus()
    for _ in range(3):
        qtbot.keyClick(canvas, Qt.Key.Key_Right)
    qtbot.keyClick(canvas, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.alignment(Side.RIGHT).dx == pytest.approx(0.006)
    qtbot.waitUntil(lambda: Photo.get_by_id(latest).align_dx == pytest.approx(0.006), timeout=2000)
    assert Photo.get_by_id(latest).align_dy == pytest.approx(-0.02)
    assert Photo.get_by_id(compare_set["first"]).align_dx == 0.0

    # Back to the gallery and in again: the alignment is restored from the database.
    tab.show_gallery()
    tab.compare()
    assert tab.compare_page.canvas.alignment(Side.RIGHT).dx == pytest.approx(0.006)

    tab.compare_page.reset_button.click()
    assert Photo.get_by_id(latest).align_dx == 0.0
    assert canvas.alignment(Side.RIGHT).scale == 1.0


def test_compare_with_a_chosen_photo_and_export(
    make_tab, compare_set, qtbot, monkeypatch, recorder
):
    tab = make_tab()
    click_photo(qtbot, tab, compare_set["middle"])
    tab.details.compare_button.click()
    page = tab.compare_page
    assert (page.left_combo.currentText(), page.right_combo.currentText()) == (
        "3 Mar 2026",
        "10 May 2026",
    )
    target = recorder.folder / "exported.jpg"
    monkeypatch.setattr(photo_dialogs, "choose_export_file", lambda parent, suggested: target)
    page.export_button.click()
    assert target.is_file()
    with Image.open(target) as exported:
        assert not exported.getexif()
        assert exported.width > exported.height
    assert recorder.messages[-1] == f"Comparison saved to {target}"


def test_compare_with_no_photos_says_what_to_do(make_tab, recorder):
    tab = make_tab()
    tab.compare()
    assert tab.stack.currentWidget() is tab.empty_page
    assert "Import some photos first" in recorder.messages[-1]


def test_changes_made_elsewhere_reach_the_gallery(make_tab, ingest, recorder, qtbot):
    tab = make_tab()
    ingest("back", dt.datetime(2026, 1, 3, 8, 0))
    recorder.events.photos_changed.emit()
    qtbot.waitUntil(lambda: tab.count_label.text() == "1 photo", timeout=2000)
    assert tab.stack.currentWidget() is tab.gallery_page
