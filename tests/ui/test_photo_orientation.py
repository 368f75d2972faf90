"""Managed JPEGs keep the camera's Orientation tag (issue 16 §3): the gallery's thumbnails,
the viewer and compare mode all show a turned photo upright, at its upright size.

Each photo is a portrait (300 × 400 upright) with a red block top left and a green one top
right, stored the way a phone does it: the pixels turned, and a tag saying how to turn them
back. Background work runs on the synchronous pool, as in test_photos_tab.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from backtracker.services import photos
from backtracker.services.preferences import Preferences
from backtracker.ui.photos import build_photos_tab
from backtracker.ui.photos.compare_canvas import Side
from backtracker.ui.photos.tab import PhotosTab
from backtracker.ui.photos.thumbnails import decode_scaled
from backtracker.ui.photos.viewer import PhotoViewer
from backtracker.ui.tasks import synchronous_tasks
from tests.services.test_photos import DO, marked
from tests.ui.test_photos_tab import Recorder, click_photo

UPRIGHT_SIZE = (300, 400)


@pytest.fixture(autouse=True)
def _synchronous():
    with synchronous_tasks():
        yield


def turned_jpeg(path: Path, orientation: int, when: dt.datetime) -> Path:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    stored = marked(UPRIGHT_SIZE)
    if orientation != 1:
        stored = stored.transpose(DO[orientation])
    stored.save(path, "JPEG", quality=92, exif=exif)
    return path


@pytest.fixture
def turned(profile, tmp_path) -> dict[int, int]:
    """Photo ids by orientation: 6 and 8 (quarter turns, as portraits are) and 3."""
    source = tmp_path / "camera"
    source.mkdir()
    ids = {}
    for day, orientation in enumerate((6, 8, 3), start=1):
        path = turned_jpeg(
            source / f"o{orientation}.jpg", orientation, dt.datetime(2026, 1, day, 8)
        )
        report = photos.ingest([path], profile.photos_dir, photos.thumbnails_dir(profile.data_dir))
        (info,) = report.imported
        assert (info.width, info.height) == UPRIGHT_SIZE
        ids[orientation] = info.id
    return ids


@pytest.fixture
def tab(qtbot, profile, theme, tmp_path) -> PhotosTab:
    recorder = Recorder(tmp_path)
    made = build_photos_tab(recorder.events, profile, Preferences, recorder.undo, recorder.status)
    assert isinstance(made, PhotosTab)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    qtbot.waitExposed(made)
    return made


def is_upright(image: QImage) -> bool:
    """Red near the top left, green near the top right, blue at the bottom."""
    w, h = image.width(), image.height()

    def rgb(x: float, y: float) -> tuple[int, int, int]:
        color = image.pixelColor(round(x * (w - 1)), round(y * (h - 1)))
        return color.red(), color.green(), color.blue()

    red, green, bottom = rgb(0.08, 0.08), rgb(0.92, 0.08), rgb(0.5, 0.92)
    return (
        red[0] > 150 > max(red[1:])
        and green[1] > 150 > max(green[0], green[2])
        and bottom[2] > 150 > max(bottom[:2])
    )


def test_the_gallerys_thumbnails_are_upright(tab, turned, qtbot):
    tab.reload()
    for photo_id in turned.values():
        tab.thumbnails.request(photos.get_photo(photo_id))
    qtbot.waitUntil(lambda: all(tab.thumbnails.cached(i) for i in turned.values()), timeout=5000)
    for orientation, photo_id in turned.items():
        image = tab.thumbnails.cached(photo_id).toImage()
        assert image.width() < image.height(), orientation  # a portrait stays a portrait
        assert is_upright(image), orientation


def test_the_viewer_shows_a_turned_photo_upright(tab, turned, qtbot):
    tab.reload()
    for orientation, photo_id in turned.items():
        tab.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is tab.window(), timeout=2000)
        click_photo(qtbot, tab, photo_id)
        qtbot.wait(100)
        qtbot.keyClick(tab.view, Qt.Key.Key_Return)
        viewer = tab.viewers[-1]
        assert isinstance(viewer, PhotoViewer) and viewer.info.id == photo_id
        qtbot.waitUntil(lambda viewer=viewer: viewer.loaded, timeout=5000)
        image = viewer.item.pixmap().toImage()
        assert (image.width(), image.height()) == UPRIGHT_SIZE, orientation
        assert is_upright(image), orientation
        viewer.close()


def test_compare_mode_shows_turned_photos_upright(tab, turned, qtbot):
    tab.compare()
    page = tab.compare_page
    assert tab.stack.currentWidget() is page
    qtbot.waitUntil(
        lambda: all(page.canvas.pixmap(side) is not None for side in Side), timeout=5000
    )
    for side in Side:
        image = page.canvas.pixmap(side).toImage()
        assert (image.width(), image.height()) == UPRIGHT_SIZE, side
        assert is_upright(image), side


@pytest.mark.parametrize("box", [QSize(60, 600), QSize(600, 60), QSize(150, 200)])
def test_a_turned_photo_fits_its_box_upright(turned, box, qapp):
    """The reader reports and scales the stored (turned) size; the box must turn with it."""
    for orientation, photo_id in turned.items():
        image = decode_scaled(photos.get_photo(photo_id).path, box)
        assert image.width() <= box.width() and image.height() <= box.height(), orientation
        expected = QSize(*UPRIGHT_SIZE).scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
        assert abs(image.width() - expected.width()) <= 1, orientation
        assert abs(image.height() - expected.height()) <= 1, orientation
        assert is_upright(image), orientation
