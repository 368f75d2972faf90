"""No blank panes: on an empty profile every tab says what to do next, and the advice goes
away as soon as there is data to show."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from backtracker.domain import clock
from backtracker.services import logbook, photos
from backtracker.services.progress import Metric
from backtracker.storage.models import BodyMetric, Exercise
from backtracker.ui import welcome
from backtracker.ui.main_window import MainWindow
from backtracker.ui.photos.compare_page import ONE_PHOTO_HINT
from backtracker.ui.tasks import synchronous_tasks


@pytest.fixture(autouse=True)
def _synchronous():
    with synchronous_tasks():
        yield


def add_photo(profile, folder: Path, when: dt.datetime, pose: str = "back") -> int:
    path = folder / f"{pose}-{when:%Y%m%d%H%M}.jpg"
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    Image.new("RGB", (300, 400), (40, 180, 60)).save(path, "JPEG", exif=exif)
    report = photos.ingest(
        [path], profile.photos_dir, photos.thumbnails_dir(profile.data_dir), pose=pose
    )
    assert len(report.imported) == 1, report
    return report.imported[0].id


def log_finished_workout(window: MainWindow, exercise: str, **values: float) -> None:
    """A finished workout with one completed set, written through the logbook service."""
    prefs = window.log_context.prefs
    started = clock.now() - dt.timedelta(days=1)
    workout_id = logbook.start_workout(prefs, started_at=started)
    logbook.add_exercise(workout_id, Exercise.get(Exercise.name == exercise).id, prefs)
    link = logbook.get_workout(workout_id).exercises[0]
    logbook.update_set_values(link.sets[0].id, values)
    logbook.complete_set(link, link.sets[0].id)
    logbook.finish_workout(workout_id, started + dt.timedelta(minutes=40))
    window.events.workouts_changed.emit()


def show_tab(window: MainWindow, page, qtbot):
    """Switch tabs as Ctrl+1…4 would; a lazy page appears once the event loop has run."""
    window.tabs.setCurrentWidget(page)
    content = page.content()
    qtbot.waitUntil(content.isVisible)
    # Progress reads and draws its first show under a blank cover (test_progress_lazy_19.py).
    qtbot.waitUntil(lambda: not getattr(content, "loading", False))
    return content


def visible_texts(widget) -> str:
    return " ".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


# -- Log ---------------------------------------------------------------------------------------
def test_log_history_says_what_to_do_until_a_workout_is_finished(window, qtbot):
    history = show_tab(window, window.log_page, qtbot).history
    assert history.empty.isVisible()
    assert "No workouts yet" in history.empty.text()
    assert not history.open_button.isEnabled() and not history.delete_button.isEnabled()

    log_finished_workout(window, "Dumbbell Row", weight_kg=14, reps=10)
    assert history.model.rowCount() == 1
    assert not history.empty.isVisible()
    assert history.open_button.isEnabled()


def test_bodyweight_says_how_to_add_one_and_goes_away_once_typed(window, qtbot):
    panel = show_tab(window, window.log_page, qtbot).bodyweight
    assert panel.empty.isVisible()
    assert "Type your weight above and press Enter" in panel.empty.text()

    qtbot.keyClicks(panel.value, "78.4")
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    assert BodyMetric.select().count() == 1
    assert not panel.empty.isVisible()

    panel.list.setCurrentIndex(panel.model.index(0))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert BodyMetric.select().count() == 0
    assert panel.empty.isVisible()  # back to the advice, not a blank box


# -- Photos ------------------------------------------------------------------------------------
def test_photos_empty_state_until_the_first_photo(window, qtbot, seeded, tmp_path):
    tab = show_tab(window, window.photos_page, qtbot)
    assert tab.stack.currentWidget() is tab.empty_page
    assert "No progress photos yet" in visible_texts(tab.empty_page)
    assert tab.empty_import_button.isVisible()

    add_photo(seeded, tmp_path, dt.datetime(2026, 1, 3, 9, 0))
    window.events.photos_changed.emit()
    qtbot.waitUntil(lambda: tab.stack.currentWidget() is tab.gallery_page)
    assert not tab.empty_page.isVisible()


def test_compare_with_one_photo_asks_for_another(window, qtbot, seeded, tmp_path):
    add_photo(seeded, tmp_path, dt.datetime(2026, 1, 3, 9, 0))
    window.compare_photos()
    page = window.photos.compare_page
    assert window.photos.stack.currentWidget() is page
    assert page.left_combo.currentText() == "3 Jan 2026"
    assert page.right_combo.currentIndex() == -1  # not the same photo twice
    assert page.info_label.text() == ONE_PHOTO_HINT
    assert not page.export_button.isEnabled()

    add_photo(seeded, tmp_path, dt.datetime(2026, 5, 10, 9, 0))
    window.photos.reload()
    window.compare_photos()
    assert page.right_combo.currentText() == "10 May 2026"
    assert page.info_label.text().startswith("127 days apart")
    assert page.export_button.isEnabled()


# -- Progress ----------------------------------------------------------------------------------
def test_progress_empty_state_offers_the_log_and_the_demo(window, qtbot, monkeypatch):
    spawned: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(
        welcome, "start_detached", lambda program, args: spawned.append((program, args)) or True
    )
    tab = show_tab(window, window.progress_page, qtbot)
    assert tab.is_empty
    assert "No training to chart yet" in visible_texts(tab.empty_state)
    buttons = {b.text(): b for b in tab.empty_state.findChildren(QPushButton)}
    assert set(buttons) == {"Go to the Log tab", "Explore the demo"}

    qtbot.mouseClick(buttons["Explore the demo"], Qt.MouseButton.LeftButton)
    assert spawned == [(sys.executable, ["-m", "backtracker", "--demo"])]
    qtbot.mouseClick(buttons["Go to the Log tab"], Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.log_page

    log_finished_workout(window, "Dumbbell Row", weight_kg=14, reps=10)
    window.tabs.setCurrentWidget(window.progress_page)
    assert not tab.is_empty
    assert not tab.empty_state.isVisible()


def test_each_chart_says_why_it_is_empty(window, qtbot):
    # Chin-ups carry no weight: no estimated 1RM, no volume, and no bodyweight was logged.
    log_finished_workout(window, "Chin-Up", reps=8)
    tab = show_tab(window, window.progress_page, qtbot)
    assert not tab.is_empty
    message = tab.exercise_chart.message
    assert not message.get_visible()  # a bodyweight exercise opens on its reps
    assert tab.set_metric(Metric.E1RM)
    assert message.get_visible()
    assert message.get_text().startswith("No estimated 1RM for Chin-Up in the last year.")
    assert "another metric" in message.get_text()

    tab.overview_button.setChecked(True)
    sessions, volume, body = tab.overview_chart.messages
    assert not sessions.get_visible()  # there is a session to draw
    assert volume.get_visible() and "No weighted work sets" in volume.get_text()
    assert body.get_visible() and "No bodyweight logged" in body.get_text()

    logbook.record_bodyweight(clock.today(), "80", "kg")
    window.events.bodyweight_changed.emit()
    qtbot.waitUntil(lambda: not body.get_visible())
