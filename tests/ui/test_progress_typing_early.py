"""Typing into Progress's exercise box while its first show is still reading.

Ctrl+4 opens the tab with the keyboard focus already in the exercise box; the list it
searches arrives from a worker a moment later (test_progress_lazy_19.py). A person who
types straight away must not lose the letters typed before the list came in (seen under
Xvfb: "dead" typed at 120 ms a key became "Dumbbell Rowead").
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backtracker.domain import clock
from tests.ui.test_progress_lazy_19 import _log

KEY_DELAY_MS = 120  # a quick typist


@pytest.fixture
def trained(seeded) -> dict[str, int]:
    """Sessions of three exercises, Dumbbell Row the most logged (shown first)."""
    now = clock.now()
    ids = {}
    for key, sessions in (("dumbbell-row", 3), ("face-pull", 2), ("lat-pulldown", 1)):
        for week in range(sessions):
            ids[key] = _log(key, now - dt.timedelta(weeks=week + 1, hours=key.count("-")), 30.0)
    return ids


# The completer's popup asks the offscreen platform for things it cannot do.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_letters_typed_before_the_list_arrives_are_kept(trained, window, qtbot, monkeypatch):
    from backtracker.ui.progress import read_ahead

    # The worker's read waits until the first letters are typed: on any machine, they land
    # while the tab is still reading, as on a slow one.
    typed = threading.Event()
    read_first = read_ahead.read_first

    def read_after_typing(request):
        typed.wait(10)
        return read_first(request)

    monkeypatch.setattr(read_ahead, "read_first", read_after_typing)
    try:
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentWidget() is window.progress_page
        tab = window.progress_page.content()
        editor = tab.exercise_combo.lineEdit()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.exercise_combo)
        qtbot.keyClicks(QApplication.focusWidget(), "pu", delay=KEY_DELAY_MS)
        assert tab.loading  # still reading: the box has no list yet
    finally:
        typed.set()
    qtbot.waitUntil(lambda: not tab.loading, timeout=10_000)

    assert tab.current_exercise_id() == trained["dumbbell-row"]  # the chart shows the first
    assert editor.text() == "pu"  # ... and the letters typed stay, the cursor after them
    assert editor.cursorPosition() == 2
    popup = tab.exercise_combo.search.popup()
    qtbot.waitUntil(popup.isVisible)  # the matches, as after any letter
    qtbot.keyClicks(QApplication.focusWidget(), "ll", delay=KEY_DELAY_MS)
    assert editor.text() == "pull"
    matches = tab.exercise_combo.search.completionModel()
    names = [matches.index(row, 0).data() for row in range(matches.rowCount())]
    assert names == ["Face Pull", "Lat Pulldown"]
    qtbot.wait(KEY_DELAY_MS)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.wait(KEY_DELAY_MS)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.current_exercise_id() == trained["face-pull"])
    assert editor.text() == "Face Pull"
    assert not editor.isModified()  # a later refresh shows the exercise's name again
