"""The gallery keeps each turn of the event loop short while it loads and scrolls: one paint
event makes cell tiles only within its budget (delegate.TILE_BUDGET_S), the cells left over
show their thumbnail at once and get their tiles on the next turns, and the thumbnail
decoders leave a core for the GUI thread.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QSize, QThread
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractSlider

from backtracker.services import photos
from backtracker.services.preferences import Preferences
from backtracker.ui.photos import build_photos_tab
from backtracker.ui.photos import delegate as delegate_module
from backtracker.ui.photos.delegate import GalleryDelegate
from backtracker.ui.photos.gallery_view import GalleryView
from backtracker.ui.photos.tab import PhotosTab
from backtracker.ui.photos.thumbnails import ThumbnailLoader
from backtracker.ui.tasks import synchronous_tasks
from tests.ui.test_photos_tab import BLUE, GREEN, RED, Recorder, make_jpeg

PAUSE = 300
COLORS = (RED, GREEN, BLUE)


@pytest.fixture(autouse=True)
def _synchronous():
    with synchronous_tasks():
        yield


@pytest.fixture
def photo_ids(profile, tmp_path) -> list[int]:
    """Sixty back photos, a day apart from 1 Jan 2026 (three screens); oldest first."""
    source = tmp_path / "originals"
    source.mkdir()
    start = dt.datetime(2026, 1, 1, 8)
    paths = [
        make_jpeg(source / f"p{n:02}.jpg", start + dt.timedelta(days=n), COLORS[n % 3])
        for n in range(60)
    ]
    report = photos.ingest(
        paths, profile.photos_dir, photos.thumbnails_dir(profile.data_dir), pose="back"
    )
    return [info.id for info in sorted(report.imported, key=lambda info: info.taken_at)]


@pytest.fixture
def make_tab(qtbot, profile, theme, tmp_path):
    def make() -> PhotosTab:
        recorder = Recorder(tmp_path)
        tab = build_photos_tab(
            recorder.events, profile, Preferences, recorder.undo, lambda *a: None
        )
        assert isinstance(tab, PhotosTab)
        qtbot.addWidget(tab)
        tab.resize(1280, 800)
        tab.show()
        qtbot.waitExposed(tab)
        return tab

    return make


class TileCounter:
    """How many tiles of photos (boxes and captions) the delegate has made, in all and in
    each of the grid's paint events. The placeholder's box, made once and shared by every
    cell still loading, is not counted."""

    def __init__(self, monkeypatch) -> None:
        self.made = 0
        self.per_paint: list[int] = []
        for name in ("_make_box_tile", "_make_caption_tile"):
            original = getattr(GalleryDelegate, name)

            def counted(delegate, info, *rest, _original=original):
                if not rest or rest[0] is not None:  # a caption, or a box with its photo
                    self.made += 1
                return _original(delegate, info, *rest)

            monkeypatch.setattr(GalleryDelegate, name, counted)
        paint_event = GalleryView.paintEvent

        def paint_counted(view, event):
            before = self.made
            paint_event(view, event)
            self.per_paint.append(self.made - before)

        monkeypatch.setattr(GalleryView, "paintEvent", paint_counted)


def settle(qtbot, counter: TileCounter) -> None:
    """Wait until the grid stops painting by itself (the follow-up paints are done)."""
    for _ in range(50):
        paints = len(counter.per_paint)
        qtbot.wait(200)
        if len(counter.per_paint) == paints:
            return
    raise AssertionError("the grid kept painting by itself")


def shown(tab: PhotosTab, photo_ids: list[int]) -> list[int]:
    return [i for i in photo_ids if tab.view.shows_photo(i)]


def cell(tab: PhotosTab, photo_id: int) -> QImage:
    rect = tab.view.visualRect(tab.filter_model.index_of(photo_id))
    return tab.view.viewport().grab(rect).toImage()


def park_mouse(qtbot, tab: PhotosTab) -> None:
    qtbot.mouseMove(tab.count_label, QPoint(1, 1))
    qtbot.wait(50)


def page_down(qtbot, tab: PhotosTab) -> None:
    """A click on the scroll bar's track below the handle: one page further down."""
    tab.view.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
    qtbot.wait(PAUSE)


def test_one_paint_makes_tiles_only_within_its_budget(make_tab, photo_ids, qtbot, monkeypatch):
    # No time for tiles at all: each paint event makes its first one only.
    monkeypatch.setattr(delegate_module, "TILE_BUDGET_S", 0.0, raising=False)
    counter = TileCounter(monkeypatch)
    tab = make_tab()
    qtbot.wait(PAUSE)  # thumbnails in, the visible cells' tiles made over many turns
    park_mouse(qtbot, tab)
    for _ in range(3):
        page_down(qtbot, tab)  # a screenful of new cells each time
    settle(qtbot, counter)
    on_screen = shown(tab, photo_ids)
    assert len(on_screen) >= 10
    assert counter.made >= 2 * len(on_screen)  # a box and a caption each, over the turns
    assert max(counter.per_paint) == 1  # never more than one in a paint event

    settle(qtbot, counter)
    made = counter.made
    tab.view.viewport().repaint()
    assert counter.made == made  # every cell on screen has both its tiles by now

    monkeypatch.setattr(delegate_module, "TILE_BUDGET_S", 1.0, raising=False)
    fresh = make_tab()  # the same screen painted with a budget that never runs out
    qtbot.wait(PAUSE)
    fresh.view.verticalScrollBar().setValue(tab.view.verticalScrollBar().value())
    qtbot.wait(PAUSE)
    park_mouse(qtbot, fresh)
    assert shown(fresh, photo_ids) == on_screen
    assert [cell(tab, i) for i in on_screen] == [cell(fresh, i) for i in on_screen]


def test_cells_over_the_budget_show_their_thumbnail_at_once(
    make_tab, photo_ids, qtbot, monkeypatch
):
    monkeypatch.setattr(delegate_module, "TILE_BUDGET_S", 0.0, raising=False)
    monkeypatch.setattr(delegate_module, "MAX_FOLLOW_UPS", 0, raising=False)  # one frame
    counter = TileCounter(monkeypatch)
    tab = make_tab()
    park_mouse(qtbot, tab)
    qtbot.wait(PAUSE)
    on_screen = shown(tab, photo_ids)
    assert all(tab.thumbnails.cached(i) is not None for i in on_screen)

    frame = tab.view.viewport().grab().toImage()  # one more paint event
    assert max(counter.per_paint) <= 1  # so most cells were drawn without their tiles
    for photo_id in on_screen:
        box = tab.view.visualRect(tab.filter_model.index_of(photo_id))
        if not frame.rect().contains(box):
            continue  # cut by the bottom edge
        middle = frame.pixelColor(box.center().x(), box.top() + box.width() // 2)
        expected = QColor(*COLORS[photo_ids.index(photo_id) % 3])
        assert abs(middle.red() - expected.red()) < 40, photo_id
        assert abs(middle.green() - expected.green()) < 40, photo_id
        assert abs(middle.blue() - expected.blue()) < 40, photo_id


def test_the_thumbnail_decoders_leave_a_core_for_the_gui_thread(tmp_path, monkeypatch, qapp):
    """Two decoders on two cores while nothing moves (the first screen loads fastest), one
    while the grid scrolls; with cores to spare the scroll keeps them all."""
    for cores, idle, scrolling in ((1, 2, 1), (2, 2, 1), (4, 3, 3), (16, 4, 4)):
        monkeypatch.setattr(QThread, "idealThreadCount", staticmethod(lambda n=cores: n))
        loader = ThumbnailLoader(tmp_path, QSize(240, 320))
        assert loader._pool.maxThreadCount() == idle, cores
        loader.set_scrolling(True)
        assert loader._pool.maxThreadCount() == scrolling, cores
        loader.set_scrolling(False)
        assert loader._pool.maxThreadCount() == idle, cores
        loader.deleteLater()


def test_scrolling_the_grid_leaves_a_core_until_it_stops(make_tab, photo_ids, qtbot, monkeypatch):
    monkeypatch.setattr(QThread, "idealThreadCount", staticmethod(lambda: 2))
    tab = make_tab()
    qtbot.wait(PAUSE)
    pool = tab.thumbnails._pool
    assert pool.maxThreadCount() == 2
    bar = tab.view.verticalScrollBar()
    threads = []
    for _ in range(4):  # the wheel turned steadily, a notch every 50 ms
        bar.triggerAction(QAbstractSlider.SliderAction.SliderSingleStepAdd)
        threads.append(pool.maxThreadCount())
        qtbot.wait(50)
    assert threads == [1, 1, 1, 1]
    assert bar.value() > 0
    qtbot.waitUntil(lambda: pool.maxThreadCount() == 2, timeout=2000)  # stopped: both again
