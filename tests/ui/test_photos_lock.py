"""Locking and unlocking the Photos tab when the photo vault is on, driven as a person would:
the lock page, a wrong and a right passphrase typed key by key, Ctrl+L, the idle lock, a
pass cut short and finished by unlocking, and the rest of the app while photos are locked.

Background work runs on the real thread pools here (unlocking is scrypt in a worker), so
each step waits for what it started to arrive.
"""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from shiboken6 import isValid

from backtracker.services import photo_alignment, photo_vault, photos, vault_crypto
from backtracker.services.photo_vault import VaultState
from backtracker.storage.models import Photo
from backtracker.storage.workouts import active_workout_id
from backtracker.ui.photos import catch_up, idle_lock, tiles
from backtracker.ui.photos.compare_canvas import Side
from backtracker.ui.photos.lock_page import TITLE, WRONG_PASSPHRASE
from backtracker.ui.photos.timelapse_dialog import TimelapseDialog
from backtracker.ui.photos.viewer import PhotoViewer
from tests.ui.conftest import show_active

PASSPHRASE = "correct horse battery"
WAIT_MS = 10_000


class PassKilledError(Exception):
    """Stands in for a kill in the middle of a pass."""


def camera_photo(path: Path, seed: int, when: dt.datetime) -> Path:
    """A noisy JPEG with its capture time in EXIF, as a phone writes it."""
    rng = np.random.default_rng(seed)
    image = Image.fromarray(rng.integers(0, 255, (400, 300, 3), dtype=np.uint8))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
    image.save(path, "JPEG", quality=90, exif=exif)
    return path


@pytest.fixture
def imported(seeded, tmp_path) -> list[photos.PhotoInfo]:
    """Three real photos of the back, a week apart (one row of the grid), imported as the
    app does."""
    camera = tmp_path / "camera"
    camera.mkdir()
    files = [
        camera_photo(camera / f"IMG_{i}.jpg", i, dt.datetime(2026, 1, 5 + 7 * i, 8, 0))
        for i in range(3)
    ]
    report = photos.ingest(
        files, seeded.photos_dir, photos.thumbnails_dir(seeded.data_dir), align=False
    )
    assert len(report.imported) == 3
    return report.imported


@pytest.fixture
def open_window(qtbot, seeded, theme):
    """Start the main window on the profile as it is now (shown and active)."""
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.ui.application import ui_state
    from backtracker.ui.main_window import MainWindow

    seed_builtin_routines()

    def start() -> MainWindow:
        window = MainWindow(seeded, ui_state(seeded))
        qtbot.addWidget(window)
        show_active(qtbot, window)
        return window

    return start


def go_to_photos(qtbot, window):  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.photos_page.built and window.photos.isVisible())
    qtbot.wait(100)
    return window.photos


def type_passphrase(qtbot, tab, text: str) -> None:  # type: ignore[no-untyped-def]
    field = tab.lock.page.field
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, text, delay=15)
    qtbot.wait(200)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def shown_texts(widget: QWidget) -> str:
    """Every text a person can see on the widget now."""
    labels = [w for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]
    return "\n".join(label.text() for label in labels)


def all_sealed() -> bool:
    return all(vault_crypto.is_sealed(p.read_bytes()) for p in photo_vault.managed_files())


def test_a_locked_vault_shows_only_the_lock_page(qtbot, imported, open_window):
    photo_vault.turn_on(PASSPHRASE)
    photo_vault.lock()
    window = open_window()
    assert not window.lock_photos_action.isEnabled()
    tab = go_to_photos(qtbot, window)

    assert tab.lock.locked
    assert tab.lock.stack.currentWidget() is tab.lock.page
    assert not tab.stack.isVisible() and not tab.view.isVisible()
    assert tab.lock.page.field.hasFocus()
    assert tab.lock.page.field.echoMode() == tab.lock.page.field.EchoMode.Password
    # Nothing of the photos: no thumbnail asked for, no row, no name, no count.
    assert tab.gallery_model.photos() == []
    assert all(tab.thumbnails.cached(info.id) is None for info in imported)
    seen = shown_texts(tab)
    assert TITLE in seen
    for info in imported:
        assert info.original_name not in seen
    assert "photo" not in tab.count_label.text()
    # No import button on the lock page.
    assert not tab.import_button.isVisible() and not tab.empty_import_button.isVisible()
    assert photo_vault.needs_passphrase()


def test_a_wrong_passphrase_says_so_and_stays_locked_the_right_one_opens_the_gallery(
    qtbot, imported, open_window
):
    photo_vault.turn_on(PASSPHRASE)
    photo_vault.lock()
    window = open_window()
    tab = go_to_photos(qtbot, window)
    page = tab.lock.page

    type_passphrase(qtbot, tab, "correct horse batterx")
    qtbot.waitUntil(page.problem.isVisible, timeout=WAIT_MS)
    assert page.problem.text() == WRONG_PASSPHRASE
    assert page.field.hasFocus()
    assert page.field.selectedText() == "correct horse batterx"  # ready to type over
    assert page.unlock_button.isEnabled()
    assert tab.lock.locked and photo_vault.needs_passphrase()

    # Typing again over the selection hides the message; the right one unlocks.
    with qtbot.waitSignal(window.events.photo_vault_changed, timeout=WAIT_MS):
        type_passphrase(qtbot, tab, PASSPHRASE)
    qtbot.waitUntil(lambda: not tab.lock.locked, timeout=WAIT_MS)
    assert photo_vault.is_unlocked()
    assert tab.stack.currentWidget() is tab.gallery_page
    assert sorted(info.id for info in tab.gallery_model.photos()) == [i.id for i in imported]
    assert "3 photos" in tab.count_label.text()
    qtbot.waitUntil(
        lambda: all(tab.thumbnails.cached(info.id) is not None for info in imported),
        timeout=WAIT_MS,
    )
    assert not page.field.text()  # the passphrase is not kept in the field
    assert window.statusBar().currentMessage() == "Photos unlocked."
    assert window.lock_photos_action.isEnabled()
    assert window.vault_lock.idle_lock is not None and window.vault_lock.idle_lock.watching


def test_ctrl_l_locks_and_drops_every_decoded_photo(qtbot, imported, open_window):
    photo_vault.turn_on(PASSPHRASE)  # the key stays in memory: unlocked
    window = open_window()
    window.events.photo_vault_changed.emit()  # as Preferences does after turning it on
    assert window.lock_photos_action.isEnabled()
    tab = go_to_photos(qtbot, window)
    assert not tab.lock.locked
    ids = [info.id for info in imported]
    qtbot.waitUntil(lambda: all(tab.thumbnails.cached(i) is not None for i in ids), timeout=WAIT_MS)
    # Open everything that holds a decoded photo: details, a photo window, compare, timelapse.
    tab.view.select_photo(ids[0])
    qtbot.waitUntil(lambda: not tab.details.preview.pixmap().isNull(), timeout=WAIT_MS)
    tab.open_photo(ids[1])
    viewer = tab.viewers[-1]
    qtbot.waitUntil(lambda: viewer.loaded, timeout=WAIT_MS)
    tab.open_timelapse()
    dialog = tab.timelapse_dialog
    qtbot.waitUntil(lambda: len(dialog.pixmaps) == 3, timeout=WAIT_MS)
    show_active(qtbot, window)
    tab.compare()
    qtbot.waitUntil(
        lambda: all(tab.compare_page.canvas.pixmap(side) is not None for side in Side),
        timeout=WAIT_MS,
    )
    held = [tab.thumbnails.cached(i) for i in ids]
    held += [tab.compare_page.canvas.pixmap(side) for side in Side]
    held += list(dialog.pixmaps)
    assert any(len(cache) for cache in tiles._every_cache)  # the gallery's tiles were made
    refs = [weakref.ref(pixmap) for pixmap in held]
    del held

    with qtbot.waitSignal(window.events.photo_vault_changed):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(100)

    assert not photo_vault.is_unlocked()
    assert tab.lock.locked and tab.lock.page.isVisible()
    assert tab.lock.page.field.hasFocus()
    assert not window.lock_photos_action.isEnabled()
    assert all(tab.thumbnails.cached(i) is None for i in ids)
    assert all(len(cache) == 0 for cache in tiles._every_cache)
    assert tab.compare_page._pixmaps == {}
    assert all(tab.compare_page.canvas.pixmap(side) is None for side in Side)
    assert tab.details.preview.pixmap().isNull()
    # The photo window and the timelapse closed, and are gone with their pictures.
    assert not isValid(viewer) and tab.findChildren(PhotoViewer) == [] and tab.viewers == []
    assert dialog.pixmaps == [] and not isValid(dialog)
    assert tab.findChildren(TimelapseDialog) == [] and tab.timelapse_dialog is None
    assert tab.gallery_model.photos() == []
    gc.collect()
    assert [ref() for ref in refs] == [None] * len(refs)  # nothing keeps one alive
    assert window.statusBar().currentMessage() == "Photos locked."

    # Unlocking brings the gallery back, its thumbnails decoded again.
    type_passphrase(qtbot, tab, PASSPHRASE)
    qtbot.waitUntil(lambda: not tab.lock.locked, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: all(tab.thumbnails.cached(i) is not None for i in ids), timeout=WAIT_MS)


def test_the_idle_lock_locks_after_the_idle_time_and_input_keeps_it_open(
    qtbot, imported, open_window, monkeypatch
):
    monkeypatch.setattr(idle_lock, "CHECK_INTERVAL_MS", 40)
    monkeypatch.setattr(idle_lock, "MINUTE_S", 0.12)  # the default 5 minutes: 0.6 s
    photo_vault.turn_on(PASSPHRASE)
    photo_vault.lock()
    window = open_window()
    tab = go_to_photos(qtbot, window)
    type_passphrase(qtbot, tab, PASSPHRASE)
    qtbot.waitUntil(lambda: not tab.lock.locked, timeout=WAIT_MS)
    assert window.vault_lock.idle_lock is not None and window.vault_lock.idle_lock.watching

    # A key every 150 ms for 1.5 s: more than twice the idle time, and still open.
    for _ in range(10):
        qtbot.keyClick(tab.view, Qt.Key.Key_Right)
        qtbot.wait(150)
    assert photo_vault.is_unlocked() and not tab.lock.locked

    qtbot.waitUntil(lambda: tab.lock.locked, timeout=3000)  # hands off: it locks
    assert not photo_vault.is_unlocked()
    assert all(tab.thumbnails.cached(info.id) is None for info in imported)
    assert not window.vault_lock.idle_lock.watching
    assert window.statusBar().currentMessage() == "Photos locked after a while without use."


def test_the_idle_lock_waits_while_the_photos_are_locked_or_the_vault_is_off(
    qtbot, imported, open_window, monkeypatch
):
    monkeypatch.setattr(idle_lock, "CHECK_INTERVAL_MS", 40)
    monkeypatch.setattr(idle_lock, "MINUTE_S", 0.05)
    window = open_window()
    tab = go_to_photos(qtbot, window)
    window.events.photo_vault_changed.emit()
    watch = window.vault_lock.idle_lock
    assert watch is not None and not watch.watching  # the vault is off
    qtbot.wait(400)
    assert not tab.lock.locked and window.statusBar().currentMessage() == ""


def test_a_pass_cut_short_is_finished_by_unlocking(qtbot, imported, open_window):
    def killed_after_two(done: int, total: int) -> None:
        if done == 2:
            raise PassKilledError

    with pytest.raises(PassKilledError):
        photo_vault.turn_on(PASSPHRASE, progress=killed_after_two)
    photo_vault.lock()
    assert photo_vault.pending_pass() is VaultState.TURNING_ON
    files = photo_vault.managed_files()
    assert len(files) == 6 and not all_sealed()  # two sealed, four still plain

    window = open_window()
    qtbot.waitUntil(lambda: "interrupted" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert window.statusBar().currentMessage() == (
        "Turning the photo vault on was interrupted; unlock Photos to finish it."
    )
    tab = go_to_photos(qtbot, window)
    page = tab.lock.page
    assert tab.lock.locked
    assert page.pending_label.isVisible() and "interrupted" in page.pending_label.text()
    progress: list[str] = []
    set_working = page.set_working
    page.set_working = lambda text: (progress.append(text), set_working(text))  # type: ignore[method-assign]

    type_passphrase(qtbot, tab, PASSPHRASE)
    qtbot.waitUntil(lambda: not tab.lock.locked, timeout=WAIT_MS)
    assert photo_vault.state() is VaultState.ON
    assert all_sealed()
    assert progress[0] == "Unlocking…"
    assert "Finishing encryption: 6 of 6 files" in progress
    assert window.statusBar().currentMessage() == (
        "The photo vault is on: the last 4 files were encrypted."
    )
    ids = [info.id for info in imported]
    qtbot.waitUntil(lambda: all(tab.thumbnails.cached(i) is not None for i in ids), timeout=WAIT_MS)


def test_turning_off_cut_short_is_finished_by_unlocking_and_the_tab_is_plain_again(
    qtbot, imported, open_window
):
    photo_vault.turn_on(PASSPHRASE)

    def killed_after_three(done: int, total: int) -> None:
        if done == 3:
            raise PassKilledError

    with pytest.raises(PassKilledError):
        photo_vault.turn_off(PASSPHRASE, progress=killed_after_three)
    photo_vault.lock()
    assert photo_vault.pending_pass() is VaultState.TURNING_OFF
    window = open_window()
    qtbot.waitUntil(lambda: "interrupted" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert "vault off was interrupted" in window.statusBar().currentMessage()
    tab = go_to_photos(qtbot, window)
    type_passphrase(qtbot, tab, PASSPHRASE)
    qtbot.waitUntil(lambda: not tab.lock.locked, timeout=WAIT_MS)
    assert photo_vault.state() is VaultState.OFF
    assert not any(vault_crypto.is_sealed(p.read_bytes()) for p in photo_vault.managed_files())
    assert not window.lock_photos_action.isEnabled()
    assert "3 photos" in tab.count_label.text()


def test_the_rest_of_the_app_works_while_photos_are_locked(qtbot, imported, open_window):
    photo_vault.turn_on(PASSPHRASE)
    photo_vault.lock()
    window = open_window()
    tab = go_to_photos(qtbot, window)
    assert tab.lock.locked
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # the Log
    qtbot.waitUntil(lambda: window.log_page.built and window.log.isVisible())
    qtbot.wait(200)
    assert active_workout_id() is None
    log = window.log
    beginner = next(r for r in log.start_page.routine_buttons if "Beginner" in r.text())
    qtbot.mouseClick(beginner, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: active_workout_id() is not None)
    assert log.editor.cards and log.editor.cards[0].title.text() == "Lat Pulldown"
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Progress
    qtbot.waitUntil(lambda: window.progress_page.built and window.progress_page.isVisible())
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Library
    qtbot.waitUntil(window.library.isVisible)
    assert photo_vault.needs_passphrase() and tab.lock.locked


def test_nothing_is_imported_while_locked(qtbot, imported, open_window, tmp_path, monkeypatch):
    photo_vault.turn_on(PASSPHRASE)
    photo_vault.lock()
    window = open_window()
    tab = go_to_photos(qtbot, window)
    extra = camera_photo(tmp_path / "extra.jpg", 9, dt.datetime(2026, 3, 1, 8, 0))

    # Dropping files on the locked tab: refused, and the page says why.
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(extra))])
    enter = QDragEnterEvent(
        QPoint(400, 300),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(tab, enter)
    drop = QDropEvent(
        QPointF(400, 300),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(tab, drop)
    qtbot.wait(200)
    assert not drop.isAccepted()
    message = "Your photos are locked. Unlock them first to import photos."
    assert tab.lock.page.problem.isVisible() and tab.lock.page.problem.text() == message
    assert window.statusBar().currentMessage() == message

    # File ▸ Import Photos… (Ctrl+I) does not even open the file chooser.
    def chooser(*args: object) -> list[Path]:
        raise AssertionError("the file chooser opened while the photos were locked")

    monkeypatch.setattr("backtracker.ui.photos.dialogs.choose_photo_files", chooser)
    window.statusBar().clearMessage()
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(100)
    assert window.statusBar().currentMessage() == message
    # Compare (Ctrl+K) neither.
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(100)
    assert tab.lock.stack.currentWidget() is tab.lock.page
    assert "compare photos" in window.statusBar().currentMessage()
    assert Photo.select().count() == 3


def test_background_alignment_waits_for_the_unlock(qtbot, imported, open_window, monkeypatch):
    monkeypatch.setattr(catch_up, "AUTO_START", True)
    runs: list[int] = []

    def counted_catch_up(**_kwargs: object) -> list[photo_alignment.PoseReport]:
        runs.append(1)
        return []

    monkeypatch.setattr(photo_alignment, "catch_up", counted_catch_up)
    photo_vault.turn_on(PASSPHRASE)
    photo_vault.lock()
    window = open_window()
    tab = go_to_photos(qtbot, window)
    qtbot.wait(300)
    assert runs == [] and not tab.catch_up.running
    type_passphrase(qtbot, tab, PASSPHRASE)
    qtbot.waitUntil(lambda: runs == [1], timeout=WAIT_MS)


def test_the_tab_follows_the_vault_turned_on_and_off_while_unlocked(qtbot, imported, open_window):
    window = open_window()
    tab = go_to_photos(qtbot, window)
    assert not tab.lock.locked and len(tab.gallery_model.photos()) == 3
    # Turned on in Preferences: the key is in memory, so the gallery stays.
    photo_vault.turn_on(PASSPHRASE)
    window.events.photo_vault_changed.emit()
    assert not tab.lock.locked and len(tab.gallery_model.photos()) == 3
    assert tab.stack.currentWidget() is tab.gallery_page
    assert window.lock_photos_action.isEnabled()
    # Locked, then turned off elsewhere (the record gone): the normal tab again.
    window.vault_lock.lock()
    assert tab.lock.locked
    photo_vault.turn_off(PASSPHRASE)
    window.events.photo_vault_changed.emit()
    assert not tab.lock.locked and len(tab.gallery_model.photos()) == 3
    assert not window.lock_photos_action.isEnabled()
