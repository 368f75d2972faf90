"""The round handle on the compare wipe drags the wipe, not the right photo.

Before, a press on the handle started an alignment drag of the active (right) photo, and the
move was saved to the database as that photo's alignment.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack

from backtracker.domain.photos import Alignment
from backtracker.services import photos
from backtracker.services.preferences import Preferences
from backtracker.storage.models import Photo
from backtracker.ui.events import DataEvents
from backtracker.ui.photos import build_photos_tab
from backtracker.ui.photos.compare_canvas import CompareMode, Side
from backtracker.ui.photos.tab import PhotosTab
from backtracker.ui.tasks import synchronous_tasks

RED, BLUE = (220, 30, 30), (30, 60, 220)


@pytest.fixture(autouse=True)
def _synchronous():
    with synchronous_tasks():
        yield


def make_jpeg(path: Path, when: dt.datetime, color: tuple[int, int, int]) -> Path:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    Image.new("RGB", (300, 400), color).save(path, "JPEG", quality=90, exif=exif)
    return path


@pytest.fixture
def two_back_photos(profile, tmp_path) -> dict[str, int]:
    source = tmp_path / "originals"
    source.mkdir()
    ids = {}
    for name, when, color in (
        ("first", dt.datetime(2026, 1, 3, 8, 0), RED),
        ("latest", dt.datetime(2026, 3, 10, 8, 0), BLUE),
    ):
        path = make_jpeg(source / f"{name}.jpg", when, color)
        report = photos.ingest(
            [path], profile.photos_dir, photos.thumbnails_dir(profile.data_dir), pose="back"
        )
        ids[name] = report.imported[0].id
    return ids


@pytest.fixture
def compare_tab(qtbot, profile, theme, two_back_photos):
    """The Photos tab in compare mode, wipe view, as the person opens it."""
    messages: list[str] = []
    events, undo = DataEvents(), QUndoStack()
    tab = build_photos_tab(events, profile, Preferences, undo, lambda m, **_k: messages.append(m))
    assert isinstance(tab, PhotosTab)
    qtbot.addWidget(tab)
    tab._test_keep = (events, undo, messages)  # strong references for the whole test
    tab.resize(1280, 800)
    tab.show()
    qtbot.waitExposed(tab)
    qtbot.mouseClick(tab.compare_button, Qt.MouseButton.LeftButton)
    page = tab.compare_page
    qtbot.waitUntil(lambda: page.canvas.pixmap(Side.RIGHT) is not None)
    qtbot.mouseClick(page.mode_buttons[CompareMode.WIPE], Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    return tab


def saved_alignments(ids: dict[str, int]) -> dict[str, tuple[float, float, float]]:
    return {
        name: (photo.align_dx, photo.align_dy, photo.align_scale)
        for name, photo_id in ids.items()
        for photo in [Photo.get_by_id(photo_id)]
    }


def drag(qtbot, widget, start: QPoint, end: QPoint, steps: int = 6) -> None:
    """Press, move in steps with the button held, release: a person's drag."""
    qtbot.mouseMove(widget, start)
    qtbot.wait(50)
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    qtbot.wait(50)
    for step in range(1, steps + 1):
        qtbot.mouseMove(widget, start + (end - start) * step / steps)
        qtbot.wait(30)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)
    qtbot.wait(50)


def test_dragging_the_handle_moves_the_wipe_and_saves_no_alignment(
    compare_tab, qtbot, two_back_photos
):
    page = compare_tab.compare_page
    canvas = page.canvas
    assert canvas.mode is CompareMode.WIPE and canvas.wipe_position == 0.5
    before = saved_alignments(two_back_photos)
    assert before == {"first": (0.0, 0.0, 1.0), "latest": (0.0, 0.0, 1.0)}

    # The handle is drawn on the divider, halfway down the photos.
    handle = QPoint(round(canvas.wipe_x()), round(canvas.photos_area().center().y()))
    target = handle - QPoint(round(canvas.photos_area().width() * 0.3), 0)
    drag(qtbot, canvas, handle, target)
    qtbot.wait(600)  # longer than the alignment save delay

    area = canvas.photos_area()
    assert canvas.wipe_position == pytest.approx((target.x() - area.left()) / area.width())
    assert canvas.wipe_position == pytest.approx(0.2, abs=0.01)
    assert page.wipe_slider.value() == round(canvas.wipe_position * 1000)  # the slider follows
    assert canvas.alignment(Side.RIGHT) == Alignment()
    assert canvas.alignment(Side.LEFT) == Alignment()
    compare_tab.show_gallery()  # leaving saves any alignment still waiting
    assert saved_alignments(two_back_photos) == before


def test_dragging_the_line_below_the_handle_moves_the_wipe_too(compare_tab, qtbot, two_back_photos):
    canvas = compare_tab.compare_page.canvas
    area = canvas.photos_area()
    start = QPoint(round(canvas.wipe_x()), round(area.top() + area.height() * 0.85))
    drag(qtbot, canvas, start, start + QPoint(round(area.width() * 0.25), 0))
    assert canvas.wipe_position == pytest.approx(0.75, abs=0.01)
    compare_tab.show_gallery()
    assert saved_alignments(two_back_photos)["latest"] == (0.0, 0.0, 1.0)


def test_dragging_a_photo_away_from_the_divider_still_aligns_it(
    compare_tab, qtbot, two_back_photos
):
    canvas = compare_tab.compare_page.canvas
    area = canvas.photos_area()
    start = QPoint(round(area.left() + area.width() * 0.8), round(area.center().y()))
    drag(qtbot, canvas, start, start + QPoint(30, 0))
    assert canvas.wipe_position == 0.5
    assert canvas.alignment(Side.RIGHT).dx > 0
    compare_tab.show_gallery()
    assert saved_alignments(two_back_photos)["latest"][0] == pytest.approx(
        canvas.alignment(Side.RIGHT).dx
    )


def test_the_wipe_follows_the_hand_without_jumping_to_the_pointer(
    compare_tab, qtbot, two_back_photos
):
    canvas = compare_tab.compare_page.canvas
    area = canvas.photos_area()
    grabbed = QPoint(round(canvas.wipe_x()) + 8, round(area.center().y()) + 6)  # on the handle
    drag(qtbot, canvas, grabbed, grabbed - QPoint(100, 0))
    assert canvas.wipe_x() == pytest.approx(area.left() + area.width() / 2 - 100, abs=1)
