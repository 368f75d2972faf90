"""The start-up check as the person meets it: a status-bar note that opens the details."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from backtracker.services.health import recovered_dir
from backtracker.storage import photos as photo_store
from backtracker.ui import dialogs, health_notice
from backtracker.ui.tasks import synchronous_tasks


def damage_photos(profile) -> int:
    """A row whose file is gone, and an old photo file that no row names."""
    photo_id = photo_store.insert_photo(
        sha256="bb",
        file_name="bb.jpg",
        original_name="IMG_2.jpg",
        taken_at=dt.datetime(2025, 3, 1, 8, 0),
        date_source="exif",
        pose="back",
        width=40,
        height=30,
    )
    profile.photos_dir.mkdir(parents=True, exist_ok=True)
    orphan = profile.photos_dir / "cc.jpg"
    orphan.write_bytes(b"\xff\xd8 orphan")
    old = time.time() - 3600
    os.utime(orphan, (old, old))
    return photo_id


def report_button(window) -> QToolButton | None:
    return window.statusBar().findChild(QToolButton, health_notice.BUTTON_NAME)


def test_problems_show_in_the_status_bar_with_details_on_click(
    window, qtbot, monkeypatch: pytest.MonkeyPatch
):
    damage_photos(window.profile)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "show_info", lambda parent, title, text: shown.append((title, text))
    )

    with synchronous_tasks():
        health_notice.start_health_check(window, window.profile.data_dir)

    button = report_button(window)
    assert button is not None and button.isVisible()
    assert button.text() == "The start-up check found 2 problems in your data"
    assert "1 photo is missing its file (bb.jpg)" in button.toolTip()
    # The orphan was moved, not deleted, and the message says where.
    assert (recovered_dir(window.profile.data_dir) / "cc.jpg").is_file()
    assert not (window.profile.photos_dir / "cc.jpg").exists()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    ((title, text),) = shown
    assert title == "Start-up check"
    assert "1 photo is missing its file (bb.jpg)" in text
    assert str(recovered_dir(window.profile.data_dir)) in text
    assert "Import it again from there" in text
    qtbot.waitUntil(lambda: report_button(window) is None)


def test_a_second_report_replaces_the_first_at_once(window):
    damage_photos(window.profile)
    with synchronous_tasks():
        health_notice.start_health_check(window, window.profile.data_dir)
        first = report_button(window)
        health_notice.start_health_check(window, window.profile.data_dir)

    # In the same turn: the old button is out of sight and out of the way before its delete.
    buttons = [
        button
        for button in window.statusBar().findChildren(QToolButton)
        if button.isVisible() and "start-up check" in button.text()
    ]
    assert len(buttons) == 1 and buttons[0] is not first
    assert report_button(window) is buttons[0]


def test_a_sound_profile_shows_nothing(window):
    with synchronous_tasks():
        health_notice.start_health_check(window, window.profile.data_dir)

    assert report_button(window) is None
    assert window.statusBar().currentMessage() == ""


def test_the_window_runs_the_check_in_the_background_once_shown(
    seeded, theme, qtbot, monkeypatch: pytest.MonkeyPatch
):
    from backtracker.ui.application import ui_state
    from backtracker.ui.main_window import MainWindow
    from backtracker.ui.tasks import on_gui_thread

    damage_photos(seeded)
    monkeypatch.setattr(health_notice, "CHECK_DELAY_MS", 0)
    threads: list[bool] = []
    check = health_notice._check
    monkeypatch.setattr(
        health_notice,
        "_check",
        lambda data_dir: (threads.append(on_gui_thread()), check(data_dir))[1],
    )

    window = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(window)
    window.show()

    qtbot.waitUntil(lambda: report_button(window) is not None, timeout=10_000)
    assert threads == [False]  # the check ran on a worker, not the GUI thread
    assert "missing its file" in report_button(window).toolTip()
