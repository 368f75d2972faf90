"""Photos ▸ Timelapse…, driven as a person would: open it from the tab, type a frame time,
watch the preview play, save through the (patched) file dialog; frames are made off the GUI
thread on the real thread pool."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from backtracker.services import photos, timelapse
from backtracker.services.preferences import Preferences
from backtracker.ui import dialogs
from backtracker.ui.events import DataEvents
from backtracker.ui.photos import build_photos_tab
from backtracker.ui.photos.tab import PhotosTab
from backtracker.ui.photos.timelapse_dialog import TimelapseDialog

BACK_DAYS = (dt.datetime(2026, 1, 5, 8), dt.datetime(2026, 2, 9, 8), dt.datetime(2026, 3, 2, 8))


def make_jpeg(path: Path, when: dt.datetime, shade: int) -> Path:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    Image.new("RGB", (240, 320), (shade, 120, 255 - shade)).save(path, "JPEG", exif=exif)
    return path


def forget_alignments() -> None:
    """As before `photos align` ran: no photo has a registration (import may align them)."""
    from backtracker.storage.models import Photo

    Photo.update(
        aligned_to=None,
        aligned_dx=None,
        aligned_dy=None,
        aligned_scale=None,
        aligned_rotation_deg=None,
        aligned_confidence=None,
        aligned_method=None,
    ).execute()


@pytest.fixture
def gallery(profile, tmp_path) -> None:
    source = tmp_path / "originals"
    source.mkdir()
    thumbs = photos.thumbnails_dir(profile.data_dir)
    backs = [make_jpeg(source / f"b{n}.jpg", when, 60 * n) for n, when in enumerate(BACK_DAYS)]
    photos.ingest(backs, profile.photos_dir, thumbs, pose="back")
    front = make_jpeg(source / "front.jpg", dt.datetime(2026, 2, 1, 8), 200)
    photos.ingest([front], profile.photos_dir, thumbs, pose="front")
    forget_alignments()


@pytest.fixture
def tab(qtbot, profile, theme, gallery) -> PhotosTab:
    widget = build_photos_tab(
        DataEvents(), profile, Preferences, QUndoStack(), lambda *a, **k: None
    )
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_dialog(qtbot, tab: PhotosTab) -> TimelapseDialog:
    qtbot.mouseClick(tab.timelapse_button, Qt.MouseButton.LeftButton)
    dialog = tab.timelapse_dialog
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    return dialog


def wait_for_preview(qtbot, dialog: TimelapseDialog, frames: int) -> None:
    qtbot.waitUntil(
        lambda: (
            dialog.plan is not None
            and len(dialog.pixmaps) == frames
            and dialog.save_button.isEnabled()
        ),
        timeout=10_000,
    )


def test_type_a_frame_time_watch_it_play_and_save_a_gif(qtbot, tab, tmp_path, monkeypatch):
    dialog = open_dialog(qtbot, tab)
    wait_for_preview(qtbot, dialog, 3)
    assert dialog.pose_combo.currentData() == "back"
    assert dialog.from_edit.date() == QDate(2026, 1, 5)
    assert dialog.to_edit.date() == QDate(2026, 3, 2)
    assert "3 frames, 600 ms each" in dialog.status.text()
    assert "3 photos not aligned" in dialog.status.text()  # nothing aligned them yet

    qtbot.mouseClick(dialog.frame_ms, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.frame_ms, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(150)
    qtbot.keyClicks(dialog.frame_ms, "250", delay=120)
    qtbot.wait(300)

    assert dialog.frame_ms.value() == 250
    assert dialog.plan is not None and dialog.plan.frame_ms == 250
    assert "3 frames, 250 ms each" in dialog.status.text()
    seen_frames, seen_pixmaps = set(), set()

    def every_frame_shown() -> bool:
        seen_frames.add(dialog.frame_index)
        seen_pixmaps.add(dialog.preview.pixmap().cacheKey())
        return len(seen_frames) == 3

    qtbot.waitUntil(every_frame_shown, timeout=5000)
    assert len(seen_pixmaps) >= 2  # the picture itself changed, not just a counter

    target = tmp_path / "my back.gif"
    asked = []

    def choose(parent, title, suggested, file_filter):
        asked.append((title, suggested.name, file_filter))
        return target

    monkeypatch.setattr(dialogs, "choose_save_file", choose)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_saved is not None, timeout=10_000)

    assert asked == [
        ("Save timelapse", "backtracker-back-2026-01-05-to-2026-03-02.webp", asked[0][2])
    ]
    assert "*.webp" in asked[0][2] and "*.gif" in asked[0][2]
    with Image.open(target) as image:
        assert image.n_frames == 3
        durations = []
        for index in range(3):
            image.seek(index)
            durations.append(image.info["duration"])
    assert durations == [250, 250, 750]
    assert dialog.status.text().startswith("Saved my back.gif: GIF, 3 frames of")
    assert dialog.save_button.isEnabled()


def test_pause_stops_the_preview(qtbot, tab):
    dialog = open_dialog(qtbot, tab)
    wait_for_preview(qtbot, dialog, 3)

    qtbot.mouseClick(dialog.play_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    stopped_at = dialog.frame_index
    qtbot.wait(1500)

    assert dialog.play_button.text() == "Play"
    assert dialog.frame_index == stopped_at
    qtbot.mouseClick(dialog.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.frame_index != stopped_at, timeout=3000)

    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.pose_combo.setFocus()
    qtbot.keyClick(dialog.pose_combo, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)  # a button's shortcut clicks it after a short press animation
    assert dialog.play_button.text() == "Play" and not dialog.player.isActive()


def test_a_second_click_brings_the_open_dialog_forward(qtbot, tab):
    dialog = open_dialog(qtbot, tab)
    wait_for_preview(qtbot, dialog, 3)

    qtbot.mouseClick(tab.timelapse_button, Qt.MouseButton.LeftButton)
    qtbot.wait(200)

    assert tab.timelapse_dialog is dialog
    assert [d for d in tab.findChildren(TimelapseDialog) if d.isVisible()] == [dialog]


def test_another_pose_and_an_empty_range(qtbot, tab):
    dialog = open_dialog(qtbot, tab)
    wait_for_preview(qtbot, dialog, 3)

    dialog.pose_combo.setFocus()
    qtbot.keyClicks(dialog.pose_combo, "Front", delay=60)
    qtbot.wait(300)
    wait_for_preview(qtbot, dialog, 1)
    assert dialog.from_edit.date() == QDate(2026, 2, 1) == dialog.to_edit.date()
    assert dialog.status.text().startswith("1 frame, 600 ms each")

    dialog.from_edit.setDate(QDate(2026, 1, 1))
    dialog.to_edit.setDate(QDate(2026, 1, 15))
    qtbot.waitUntil(lambda: bool(dialog.preview.text()), timeout=5000)
    assert dialog.preview.text() == "No front photos from 1 Jan 2026 to 15 Jan 2026."
    assert not dialog.save_button.isEnabled() and dialog.plan is None

    dialog.from_edit.setDate(QDate(2026, 2, 1))
    qtbot.waitUntil(lambda: "after it ends" in dialog.preview.text(), timeout=5000)
    assert dialog.preview.text() == "The range starts on 1 Feb 2026, after it ends on 15 Jan 2026."


def test_a_name_it_cannot_write_is_refused_with_a_message(qtbot, tab, tmp_path, monkeypatch):
    dialog = open_dialog(qtbot, tab)
    wait_for_preview(qtbot, dialog, 3)
    errors = []
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *args: tmp_path / "back.png")
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)

    assert len(errors) == 1 and "saved as .webp or .gif" in errors[0]
    assert not (tmp_path / "back.png").exists()


def test_frames_are_made_off_the_gui_thread(qtbot, tab, monkeypatch):
    threads = []
    real = timelapse.render_frame

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(timelapse, "render_frame", spy)
    dialog = open_dialog(qtbot, tab)
    wait_for_preview(qtbot, dialog, 3)

    assert threads and not any(threads)


def test_each_alt_key_reaches_one_field(qtbot, tab):
    """Under Xvfb with real keys, Alt+T went to "To" and never to "Frame time": two
    labels shared the letter. Each Alt key must name one control."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    dialog = open_dialog(qtbot, tab)
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton)]
    letters = [text[text.index("&") + 1].lower() for text in texts if "&" in text.replace("&&", "")]
    assert len(letters) >= 6
    assert len(letters) == len(set(letters)), letters
