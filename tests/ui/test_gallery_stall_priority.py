"""The gallery's background work gives way to the GUI thread (issue 16 §5): the thumbnail
decoders and the background alignment run on threads of their own at a lower CPU priority,
the GUI thread and the shared pool keep theirs, and the alignment stops when its tab goes.

These tests use the real thread pools (no synchronous tasks): what they check is which
thread ran the work, and at what nice value. Linux only (nice values are per thread there).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time

import pytest
from PySide6.QtCore import QThreadPool

from backtracker.services import photo_alignment, photos
from backtracker.services.preferences import Preferences
from backtracker.ui.photos import build_photos_tab
from backtracker.ui.photos import catch_up as catch_up_module
from backtracker.ui.photos.background import ALIGNMENT_NICE, DECODER_NICE
from backtracker.ui.photos.tab import PhotosTab
from backtracker.ui.tasks import run_task
from tests.ui.test_photos_tab import BLUE, GREEN, RED, Recorder, make_jpeg

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's"
)

PAUSE = 300


def nice_here() -> tuple[int, int]:
    """The calling thread's native id and nice value."""
    tid = threading.get_native_id()
    return tid, os.getpriority(os.PRIO_PROCESS, tid)


@pytest.fixture
def photo_ids(profile, tmp_path) -> list[int]:
    source = tmp_path / "originals"
    source.mkdir()
    start = dt.datetime(2026, 1, 1, 8)
    paths = [
        make_jpeg(source / f"p{n}.jpg", start + dt.timedelta(days=n), (RED, GREEN, BLUE)[n % 3])
        for n in range(6)
    ]
    report = photos.ingest(
        paths, profile.photos_dir, photos.thumbnails_dir(profile.data_dir), pose="back"
    )
    return [info.id for info in report.imported]


@pytest.fixture
def make_tab(qtbot, profile, theme, tmp_path):
    def make(*, owned_by_qtbot: bool = True) -> PhotosTab:
        recorder = Recorder(tmp_path)
        tab = build_photos_tab(
            recorder.events, profile, Preferences, recorder.undo, lambda *a, **k: None
        )
        assert isinstance(tab, PhotosTab)
        if owned_by_qtbot:  # else the test deletes it itself
            qtbot.addWidget(tab)
        tab.resize(1280, 800)
        tab.show()
        qtbot.waitExposed(tab)
        return tab

    return make


def test_thumbnails_decode_below_the_gui_threads_priority(make_tab, photo_ids, qtbot, monkeypatch):
    decoded_on: list[tuple[int, int]] = []
    real_path = photos.thumbnail_path

    def recording_path(info, thumbs_dir):
        decoded_on.append(nice_here())
        return real_path(info, thumbs_dir)

    monkeypatch.setattr(photos, "thumbnail_path", recording_path)
    gui = nice_here()
    tab = make_tab()
    # The grid fills in: every photo's thumbnail arrives from the background.
    qtbot.waitUntil(
        lambda: all(tab.thumbnails.cached(pid) is not None for pid in photo_ids), timeout=10_000
    )
    qtbot.wait(PAUSE)
    assert len(decoded_on) >= len(photo_ids)
    assert all(tid != gui[0] for tid, _nice in decoded_on)
    assert all(nice >= DECODER_NICE for _tid, nice in decoded_on)
    assert nice_here() == gui  # the GUI thread keeps its priority


def test_the_background_alignment_runs_lowest_and_leaves_the_shared_pool_alone(
    make_tab, photo_ids, qtbot, monkeypatch
):
    monkeypatch.setattr(catch_up_module, "AUTO_START", True)
    aligned_on: list[tuple[int, int]] = []

    def recording_catch_up(*, progress=None, cancelled=None):
        aligned_on.append(nice_here())
        return []

    monkeypatch.setattr(photo_alignment, "catch_up", recording_catch_up)
    gui = nice_here()
    tab = make_tab()  # shown: the catch-up starts
    qtbot.waitUntil(lambda: bool(aligned_on) and not tab.catch_up.running, timeout=10_000)
    assert aligned_on[0][0] != gui[0]
    assert aligned_on[0][1] >= ALIGNMENT_NICE
    # Other background work (imports, exports) still runs at the normal priority.
    shared: list[tuple[int, int]] = []
    for _ in range(QThreadPool.globalInstance().maxThreadCount() * 2):
        run_task(lambda: shared.append(nice_here()))
    qtbot.waitUntil(lambda: len(shared) == QThreadPool.globalInstance().maxThreadCount() * 2)
    assert {nice for _tid, nice in shared} == {gui[1]}
    assert nice_here() == gui


def test_closing_the_tab_stops_its_background_alignment(make_tab, photo_ids, qtbot, monkeypatch):
    monkeypatch.setattr(catch_up_module, "AUTO_START", True)
    started = threading.Event()
    outcome: list[str] = []

    def slow_catch_up(*, progress=None, cancelled=None):
        started.set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if cancelled is not None and cancelled():
                outcome.append("stopped")
                return []
            time.sleep(0.01)
        outcome.append("ran on")
        return []

    monkeypatch.setattr(photo_alignment, "catch_up", slow_catch_up)
    tab = make_tab(owned_by_qtbot=False)
    qtbot.waitUntil(started.is_set, timeout=5_000)
    qtbot.wait(PAUSE)
    tab.close()
    tab.deleteLater()
    qtbot.waitUntil(lambda: bool(outcome), timeout=15_000)
    assert outcome == ["stopped"]
