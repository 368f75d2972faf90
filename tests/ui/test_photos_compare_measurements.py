"""Compare mode: the measurement changes between the two photos' dates, under them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from backtracker.services import measurements, photos
from backtracker.services.measurements import Entry
from backtracker.services.preferences import Preferences
from backtracker.ui.events import DataEvents
from backtracker.ui.photos import build_photos_tab
from backtracker.ui.photos.tab import PhotosTab
from backtracker.ui.tasks import synchronous_tasks
from tests.ui.test_photos_tab import BLUE, GREEN, RED, make_jpeg

D = dt.date
PAUSE = 300


@pytest.fixture(autouse=True)
def _synchronous():
    with synchronous_tasks():
        yield


class Prefs:
    """The window's side: the preferences it hands out and its data events."""

    def __init__(self) -> None:
        self.prefs = Preferences()
        self.events = DataEvents()
        self.undo = QUndoStack()

    def __call__(self) -> Preferences:
        return self.prefs


@pytest.fixture
def prefs(qapp) -> Prefs:
    return Prefs()


@pytest.fixture
def tab(qtbot, profile, theme, tmp_path, prefs) -> PhotosTab:
    source = tmp_path / "originals"
    source.mkdir()
    for when, color in (
        (dt.datetime(2026, 1, 3, 8), RED),
        (dt.datetime(2026, 3, 3, 8), GREEN),
        (dt.datetime(2026, 5, 10, 8), BLUE),
    ):
        path = make_jpeg(source / f"back-{when:%Y%m%d}.jpg", when, color)
        photos.ingest(
            [path], profile.photos_dir, photos.thumbnails_dir(profile.data_dir), pose="back"
        )
    widget = build_photos_tab(prefs.events, profile, prefs, prefs.undo, lambda *a, **k: None)
    assert isinstance(widget, PhotosTab)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def put(day: dt.date, metric: str, value: float) -> None:
    measurements.put(Entry(day, metric, value, "", "app"))


def open_compare(tab: PhotosTab, qtbot):  # type: ignore[no-untyped-def]
    tab.compare()
    qtbot.wait(PAUSE)
    page = tab.compare_page
    assert page.left_combo.currentText() == "3 Jan 2026"
    assert page.right_combo.currentText() == "10 May 2026"
    return page


def test_changes_between_the_photos_dates_in_the_persons_unit(tab, prefs, qtbot):
    put(D(2026, 1, 1), "waist", 84.0)
    put(D(2026, 5, 1), "waist", 81.0)
    put(D(2026, 1, 2), "chest", 100.0)  # nothing newer: the same entry on both dates
    put(D(2026, 3, 1), "shoulders", 120.0)  # nothing on or before the first photo
    put(D(2025, 12, 20), "body_fat", 18.0)
    put(D(2026, 4, 1), "body_fat", 16.0)
    put(D(2026, 5, 11), "neck", 40.0)  # after the second photo
    page = open_compare(tab, qtbot)
    assert page.measurements_label.isVisible()
    assert page.measurements_label.text() == "Measurements: waist 84 → 81 cm · body fat 18 → 16 %"

    prefs.prefs = Preferences(length_unit="in")
    tab.compare_page.update_info()
    assert page.measurements_label.text() == (
        "Measurements: waist 33.07 → 31.89 in · body fat 18 → 16 %"
    )

    # The right photo from 3 Mar: nothing was measured between the two dates.
    page.right_combo.setFocus()
    qtbot.keyClick(page.right_combo, Qt.Key.Key_Up)
    qtbot.wait(PAUSE)
    assert page.right_combo.currentText() == "3 Mar 2026"
    assert not page.measurements_label.isVisible()


def test_nothing_is_shown_without_measurements_and_a_new_one_appears(tab, prefs, qtbot):
    page = open_compare(tab, qtbot)
    assert not page.measurements_label.isVisible()
    assert page.info_label.text().startswith("127 days apart")
    put(D(2026, 1, 1), "waist", 84.0)
    put(D(2026, 5, 1), "waist", 82.5)
    prefs.events.measurements_changed.emit()  # the Log's panel says so after each write
    qtbot.wait(PAUSE)
    assert page.measurements_label.isVisible()
    assert page.measurements_label.text() == "Measurements: waist 84 → 82.5 cm"
