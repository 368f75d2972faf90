"""The gallery copies each cell from ready-painted tiles (delegate + tiles.py): what the
person sees must be exactly what painting the cell from its parts gives, after an edit of a
photo's pose, after a theme switch, and while thumbnails are still loading; and requests for
cells scrolled out of view are not loaded.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from backtracker.services import photos
from backtracker.services.preferences import Preferences
from backtracker.ui.photos import build_photos_tab
from backtracker.ui.photos.tab import PhotosTab
from backtracker.ui.tasks import set_pool_override
from backtracker.ui.theme import ThemeMode, install_theme
from tests.ui.pools import HeldPool
from tests.ui.test_photos_tab import BLUE, GREEN, RED, Recorder, click_photo, make_jpeg

PAUSE = 300
COLORS = (RED, GREEN, BLUE)


@pytest.fixture
def photo_ids(profile, tmp_path) -> list[int]:
    """Thirty back photos, a day apart from 15 Jan 2026 (more than a screen); oldest first."""
    source = tmp_path / "originals"
    source.mkdir()
    start = dt.datetime(2026, 1, 15, 8)
    paths = [
        make_jpeg(source / f"p{n:02}.jpg", start + dt.timedelta(days=n), COLORS[n % 3])
        for n in range(30)
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


def loaded(qtbot, tab: PhotosTab, ids: list[int]) -> None:
    qtbot.waitUntil(lambda: all(tab.thumbnails.cached(i) is not None for i in ids), timeout=5000)
    qtbot.wait(PAUSE)


def cell(tab: PhotosTab, photo_id: int) -> QImage:
    """The cell as the person sees it (the mouse parked outside the grid)."""
    rect = tab.view.visualRect(tab.filter_model.index_of(photo_id))
    return tab.view.viewport().grab(rect).toImage()


def park_mouse(qtbot, tab: PhotosTab) -> None:
    qtbot.mouseMove(tab.count_label, QPoint(1, 1))
    qtbot.wait(50)


def test_a_pose_changed_in_the_panel_shows_in_its_cell(make_tab, photo_ids, qtbot, tmp_path):
    tab = make_tab()
    newest, older = photo_ids[-1], photo_ids[-2]
    loaded(qtbot, tab, [newest, older])
    before = cell(tab, older)  # painted once: its tiles are made

    click_photo(qtbot, tab, older)
    qtbot.wait(PAUSE)
    tab.details.pose_combo.setFocus()
    qtbot.keyClick(tab.details.pose_combo, Qt.Key.Key_Down)  # Back -> Front
    qtbot.waitUntil(lambda: photos.get_photo(older).pose == "front")
    click_photo(qtbot, tab, newest)  # the edited one is no longer selected: tiles again
    qtbot.wait(PAUSE)
    park_mouse(qtbot, tab)
    after = cell(tab, older)

    fresh = make_tab()  # no tiles yet: the cell painted from its parts
    loaded(qtbot, fresh, [older])
    click_photo(qtbot, fresh, newest)
    park_mouse(qtbot, fresh)
    assert after != before
    assert after == cell(fresh, older)


def test_a_theme_switch_repaints_every_cell_in_the_new_colours(make_tab, photo_ids, qtbot, qapp):
    tab = make_tab()
    loaded(qtbot, tab, photo_ids[-5:])
    park_mouse(qtbot, tab)
    light = [cell(tab, i) for i in photo_ids[-5:]]
    try:
        install_theme(qapp, ThemeMode.DARK)
        qtbot.wait(PAUSE)
        dark = [cell(tab, i) for i in photo_ids[-5:]]
        fresh = make_tab()
        loaded(qtbot, fresh, photo_ids[-5:])
        park_mouse(qtbot, fresh)
        assert dark == [cell(fresh, i) for i in photo_ids[-5:]]
        assert all(d != li for d, li in zip(dark, light, strict=True))
    finally:
        install_theme(qapp, ThemeMode.LIGHT)


def test_cells_still_loading_look_the_same_from_tiles(make_tab, photo_ids, qtbot):
    pool = HeldPool()  # nothing loads until the test says so
    set_pool_override(pool)
    try:
        tab = make_tab()
        qtbot.wait(PAUSE)
        park_mouse(qtbot, tab)
        first = [cell(tab, i) for i in photo_ids[-3:]]  # placeholders, from tiles
        tab.view.viewport().update()
        qtbot.wait(PAUSE)
        assert [cell(tab, i) for i in photo_ids[-3:]] == first
        assert tab.thumbnails.cached(photo_ids[-1]) is None

        # Scroll to the oldest before anything loaded: the newest are out of view, and the
        # requests still waiting for a worker are dropped when the workers get to them.
        shown_first = [i for i in photo_ids if tab.view.shows_photo(i)]
        assert len(shown_first) >= 10 and photo_ids[0] not in shown_first
        started = len(pool.jobs)  # handed to the workers at once, before the scroll
        tab.view.scrollToBottom()
        qtbot.wait(PAUSE)
        while pool.jobs:
            pool.jobs.pop(0)()
            qtbot.wait(10)
        assert tab.thumbnails.cached(photo_ids[0]) is not None  # on screen now
        loaded_first = [i for i in shown_first if tab.thumbnails.cached(i) is not None]
        assert len(loaded_first) == started < len(shown_first)
    finally:
        set_pool_override(None)
