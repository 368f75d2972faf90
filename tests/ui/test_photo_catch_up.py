"""Photos imported before alignment existed (or left behind) are lined up in the background
the first time the Photos tab is shown, once a session; the status bar says so."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from backtracker.services import photos
from backtracker.storage.models import Photo
from backtracker.ui.photos import catch_up
from tests.services.test_photo_alignment import close_to, shoot, truth
from tests.services.test_photo_registration_accuracy import draw_room


@pytest.fixture
def unaligned(seeded, tmp_path):
    """Three photos of one pose, imported without alignment (as before schema 6)."""
    room = draw_room(21)
    files = [shoot(tmp_path / "camera", name, room) for name in ("first", "second", "third")]
    report = photos.ingest(
        files, seeded.photos_dir, photos.thumbnails_dir(seeded.data_dir), pose="back", align=False
    )
    ids = {info.original_name.split(".")[0]: info.id for info in report.imported}
    assert Photo.select().where(Photo.aligned_to.is_null(False)).count() == 0
    return ids


def test_the_first_show_of_the_tab_lines_the_old_photos_up(window, unaligned, qtbot, monkeypatch):
    monkeypatch.setattr(catch_up, "AUTO_START", True)
    messages: list[str] = []
    monkeypatch.setattr(window, "show_status", lambda text, **_: messages.append(text))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    tab = window.photos
    qtbot.waitUntil(lambda: not tab.catch_up.running and bool(messages), timeout=60_000)
    assert messages[-1].startswith("Lined up 2 photos with their reference photos")
    rows = {row.id: row for row in Photo.select()}
    first = unaligned["first"]
    assert rows[first].aligned_to == first and rows[first].aligned_scale == 1.0
    for name in ("second", "third"):
        row = rows[unaligned[name]]
        assert row.aligned_to == first and row.aligned_confidence >= 0.5
        assert close_to(row, truth(name))
    # Once a session: showing the tab again does not start another run.
    assert not tab.catch_up.start()


def test_nothing_to_do_says_nothing(window, seeded, qtbot, monkeypatch):
    monkeypatch.setattr(catch_up, "AUTO_START", True)
    messages: list[str] = []
    monkeypatch.setattr(window, "show_status", lambda text, **_: messages.append(text))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    tab = window.photos
    qtbot.waitUntil(lambda: not tab.catch_up.running, timeout=10_000)
    qtbot.wait(200)
    assert messages == []


def test_photos_imported_in_the_tab_are_lined_up_after_the_import(
    window, seeded, tmp_path, qtbot, monkeypatch
):
    """The import's progress ends when the files are in; the new photos are lined up after
    it, in the background."""
    from backtracker.ui.photos.dialogs import ImportSummaryDialog
    from tests.services.test_photo_alignment import shoot

    monkeypatch.setattr(catch_up, "AUTO_START", True)
    summaries = []
    monkeypatch.setattr(ImportSummaryDialog, "show_report", lambda _p, r: summaries.append(r))
    messages: list[str] = []
    monkeypatch.setattr(window, "show_status", lambda text, **_: messages.append(text))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    tab = window.photos
    qtbot.waitUntil(lambda: not tab.catch_up.running, timeout=10_000)
    room = draw_room(21)
    files = [shoot(tmp_path / "camera", name, room) for name in ("first", "second")]
    assert tab.import_files(files, pose="back")
    qtbot.waitUntil(lambda: any(m.startswith("Lined up") for m in messages), timeout=60_000)
    assert [len(r.imported) for r in summaries] == [2]
    rows = list(Photo.select().order_by(Photo.taken_at))
    assert [row.aligned_to for row in rows] == [rows[0].id, rows[0].id]
    assert close_to(rows[1], truth("second"))
