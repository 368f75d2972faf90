"""Compare mode's strength change is read off the GUI thread: the line shows the days apart
and a short placeholder at once, the numbers when the background query answers, and an
answer for photos no longer picked is dropped.

Back photos of 3 Jan, 3 Mar and 10 May 2026; Barbell Row logged before each (60, 70 and
80 kg × 5), bodyweight 81.2 kg in January and 78.4 kg in May.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt

from backtracker.services import photos
from backtracker.services.preferences import Preferences
from backtracker.storage import body, workouts
from backtracker.storage import photos as photo_store
from backtracker.storage.models import Exercise
from backtracker.ui.photos import build_photos_tab
from backtracker.ui.photos.compare_page import STRENGTH_PLACEHOLDER
from backtracker.ui.photos.tab import PhotosTab
from backtracker.ui.tasks import set_pool_override
from tests.ui.pools import HeldPool
from tests.ui.test_photos_tab import BLUE, GREEN, RED, Recorder, make_jpeg

PAUSE = 300
JAN_TO_MAY = "127 days apart · Barbell Row e1RM 70 → 93.3 kg (+33 %) · bodyweight 81.2 → 78.4 kg"
JAN_TO_MAR = "59 days apart · Barbell Row e1RM 70 → 81.7 kg (+17 %) · bodyweight 81.2 → 81.2 kg"


@pytest.fixture
def tab(qtbot, seeded, theme, tmp_path) -> PhotosTab:
    row = Exercise.get(Exercise.catalogue_key == "barbell-row").id
    for day, weight in ((dt.date(2026, 1, 2), 60.0), (dt.date(2026, 3, 1), 70.0)):
        log_row(row, day, weight)
    log_row(row, dt.date(2026, 5, 9), 80.0)
    body.set_bodyweight(dt.date(2026, 1, 1), 81.2)
    body.set_bodyweight(dt.date(2026, 5, 1), 78.4)
    source = tmp_path / "originals"
    source.mkdir()
    for when, color in (
        (dt.datetime(2026, 1, 3, 8), RED),
        (dt.datetime(2026, 3, 3, 8), GREEN),
        (dt.datetime(2026, 5, 10, 8), BLUE),
    ):
        path = make_jpeg(source / f"back-{when:%Y%m%d}.jpg", when, color)
        photos.ingest([path], seeded.photos_dir, photos.thumbnails_dir(seeded.data_dir))
    recorder = Recorder(tmp_path)
    made = build_photos_tab(recorder.events, seeded, Preferences, recorder.undo, recorder.status)
    assert isinstance(made, PhotosTab)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    qtbot.waitExposed(made)
    return made


def log_row(exercise_id: int, day: dt.date, weight: float) -> None:
    workout = workouts.start_workout(dt.datetime.combine(day, dt.time(18)))
    link = workouts.add_exercise(workout, workouts.PlannedExercise(exercise_id))
    workouts.add_set(link, {"weight_kg": weight, "reps": 5, "completed": True})


@pytest.fixture
def query_threads(monkeypatch) -> list[threading.Thread]:
    """The thread each strength query runs on."""
    threads: list[threading.Thread] = []
    real = photo_store.strength_changes

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(photo_store, "strength_changes", watched)
    return threads


def pick_right(qtbot, tab: PhotosTab, key: Qt.Key) -> None:
    page = tab.compare_page
    page.right_combo.setFocus()
    qtbot.keyClick(page.right_combo, key)


def test_the_line_arrives_from_a_worker_thread(tab, qtbot, query_threads):
    page = tab.compare_page
    qtbot.mouseClick(tab.compare_button, Qt.MouseButton.LeftButton)
    assert tab.stack.currentWidget() is page
    assert page.right_combo.currentText() == "10 May 2026"
    qtbot.waitUntil(lambda: page.info_label.text() == JAN_TO_MAY, timeout=5000)

    qtbot.wait(PAUSE)
    pick_right(qtbot, tab, Qt.Key.Key_Up)
    assert page.right_combo.currentText() == "3 Mar 2026"
    qtbot.waitUntil(lambda: page.info_label.text() == JAN_TO_MAR, timeout=5000)

    assert len(query_threads) == 2
    assert all(thread is not threading.main_thread() for thread in query_threads)


def test_a_quick_second_pick_drops_the_first_answer(tab, qtbot, query_threads):
    page = tab.compare_page
    pool = HeldPool()
    set_pool_override(pool)
    try:
        qtbot.mouseClick(tab.compare_button, Qt.MouseButton.LeftButton)
        assert page.info_label.text() == f"127 days apart · {STRENGTH_PLACEHOLDER}"
        qtbot.wait(PAUSE)
        pick_right(qtbot, tab, Qt.Key.Key_Up)  # before the first answer came
        assert page.info_label.text() == f"59 days apart · {STRENGTH_PLACEHOLDER}"
        assert query_threads == []  # nothing ran on the GUI thread meanwhile

        shown = []
        while pool.jobs:  # the held work, oldest first: the first answer arrives late
            pool.jobs.pop(0)()
            shown.append(page.info_label.text())
    finally:
        set_pool_override(None)

    assert len(query_threads) == 2  # both questions were answered...
    assert JAN_TO_MAY not in shown  # ...but the stale one was never shown
    assert page.info_label.text() == JAN_TO_MAR
