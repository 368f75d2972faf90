"""Preferences ▸ Photo vault driven as a person would: turning it on and off, changing the
passphrase, refusals that change nothing, and the idle lock's minutes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QWidget

from backtracker.domain.errors import ValidationError
from backtracker.services import photo_vault, photos, preferences, vault_crypto
from backtracker.services.photo_vault import VaultState
from backtracker.services.preferences import Preferences
from backtracker.storage.settings import get_setting, set_setting
from backtracker.ui import dialogs
from backtracker.ui.events import DataEvents
from backtracker.ui.settings_dialog import SettingsDialog
from backtracker.ui.vault_settings import (
    OFF_TEXT,
    ChangePassphraseDialog,
    TurnOffDialog,
    TurnOnDialog,
    VaultSettingsGroup,
)
from tests.services.test_photo_vault import camera_photo

PASSPHRASE = "correct horse battery"
NEW_PASSPHRASE = "purple monkey dishwasher"
PASS_TIMEOUT_MS = 30_000  # a real thread pool on a busy two-core machine


def managed(profile) -> list[Path]:
    return sorted([*profile.photos_dir.iterdir(), *profile.thumbnails_dir.iterdir()])


def contents(profile) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in managed(profile)}


@pytest.fixture
def three_photos(seeded, theme, tmp_path: Path):
    camera = tmp_path / "camera"
    camera.mkdir()
    files = [camera_photo(camera / f"IMG_{i}.jpg", seed=i) for i in range(3)]
    report = photos.ingest(files, seeded.photos_dir, seeded.thumbnails_dir, align=False)
    assert len(report.imported) == 3
    assert len(managed(seeded)) == 6  # three copies and their thumbnails
    return seeded


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The info boxes shown (title, text); any error box still fails the test."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "show_info", lambda _parent, title, text: shown.append((title, text))
    )
    return shown


class Opened:
    def __init__(self, dialog: SettingsDialog, events: DataEvents) -> None:
        self.dialog = dialog
        self.events = events
        self.group: VaultSettingsGroup = dialog.vault
        self.vault_changes = 0

        def count() -> None:
            self.vault_changes += 1

        events.photo_vault_changed.connect(count)


def open_preferences(qtbot) -> Opened:
    """The Preferences dialog as the main window opens it, on its Photo vault page."""
    events = DataEvents()
    dialog = SettingsDialog(preferences.load(), None, events)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    opened = Opened(dialog, events)
    bar = dialog.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    qtbot.waitUntil(lambda: dialog.tabs.currentWidget() is dialog.vault_page)
    qtbot.wait(200)
    return opened


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    qtbot.wait(200)


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Click into the field, clear it as a person would (select all, type over) and type."""
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text, delay=5)
    qtbot.wait(150)
    assert edit.text() == text  # every keystroke arrived
    assert edit.echoMode() is QLineEdit.EchoMode.Password


def open_vault_dialog(qtbot, group: VaultSettingsGroup, button: QWidget, kind: type):
    assert button.isVisible() and button.isEnabled()
    click(qtbot, button)
    qtbot.waitUntil(lambda: isinstance(group.dialog, kind) and group.dialog.isVisible())
    return group.dialog


def problem(dialog, key: str) -> str:
    label = dialog.problems[key]
    return label.text() if label.isVisible() else ""


def tick(qtbot, dialog: TurnOnDialog) -> None:
    box = dialog.understood
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.wait(150)
    assert box.isChecked()


def wait_for_pass(qtbot, group: VaultSettingsGroup, told: list, count: int) -> None:
    qtbot.waitUntil(lambda: len(told) == count and group.progress is None, timeout=PASS_TIMEOUT_MS)
    qtbot.wait(100)


def test_turning_on_seals_every_file_says_how_many_and_outlives_cancel(qtbot, three_photos, told):
    before = contents(three_photos)
    opened = open_preferences(qtbot)
    group = opened.group
    assert group.state_label.text() == OFF_TEXT
    assert not group.turn_off_button.isVisible() and not group.change_button.isVisible()

    dialog = open_vault_dialog(qtbot, group, group.turn_on_button, TurnOnDialog)
    # The warning comes first, before any field.
    warning = dialog.layout_.itemAt(0).widget()
    assert "nobody can recover your photos" in warning.text()
    assert "no reset and no back door" in warning.text()
    type_into(qtbot, dialog.new, PASSPHRASE)
    type_into(qtbot, dialog.repeat, PASSPHRASE)
    tick(qtbot, dialog)
    click(qtbot, dialog.action)
    wait_for_pass(qtbot, group, told, 1)

    assert group.dialog is None  # closed (and deleted)
    title, text = told[0]
    assert title == "Photo vault on"
    assert "6 files were encrypted" in text
    assert photo_vault.state() is VaultState.ON
    for path in managed(three_photos):
        data = path.read_bytes()
        assert vault_crypto.is_sealed(data), path
        assert data != before[path]
    assert opened.vault_changes >= 1
    assert group.state_label.text() == "On: photos and thumbnails are encrypted; unlocked."
    assert group.turn_off_button.isVisible() and not group.turn_on_button.isVisible()

    # The vault does not wait for Save: Cancel leaves it on. The typed passphrase opens it.
    click(qtbot, opened.dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel))
    assert photo_vault.state() is VaultState.ON
    photo_vault.lock()
    photo_vault.unlock(PASSPHRASE)
    assert photo_vault.is_unlocked()


def test_a_short_passphrase_or_a_different_repeat_is_refused_and_changes_nothing(
    qtbot, three_photos, told
):
    before = contents(three_photos)
    group = open_preferences(qtbot).group
    dialog = open_vault_dialog(qtbot, group, group.turn_on_button, TurnOnDialog)
    tick(qtbot, dialog)

    type_into(qtbot, dialog.new, "short")
    type_into(qtbot, dialog.repeat, "short")
    click(qtbot, dialog.action)
    assert "at least 8 characters" in problem(dialog, "passphrase")
    assert problem(dialog, "repeat") == ""
    assert dialog.isVisible() and dialog.new.hasFocus()

    type_into(qtbot, dialog.new, PASSPHRASE)
    type_into(qtbot, dialog.repeat, PASSPHRASE + "x")
    click(qtbot, dialog.action)
    assert problem(dialog, "repeat") == "The two passphrases are not the same."
    assert problem(dialog, "passphrase") == ""
    assert dialog.isVisible() and dialog.repeat.hasFocus()

    qtbot.wait(300)
    assert photo_vault.state() is VaultState.OFF
    assert photo_vault.record() is None
    assert contents(three_photos) == before
    assert told == [] and group.progress is None
    click(qtbot, dialog.cancel)
    assert group.dialog is None  # closed (and deleted)
    assert group.state_label.text() == OFF_TEXT


def test_the_i_understand_box_is_required(qtbot, three_photos, told):
    before = contents(three_photos)
    group = open_preferences(qtbot).group
    dialog = open_vault_dialog(qtbot, group, group.turn_on_button, TurnOnDialog)
    type_into(qtbot, dialog.new, PASSPHRASE)
    type_into(qtbot, dialog.repeat, PASSPHRASE)
    click(qtbot, dialog.action)
    assert "Tick this box" in problem(dialog, "understood")
    qtbot.wait(300)
    assert photo_vault.state() is VaultState.OFF
    assert contents(three_photos) == before

    tick(qtbot, dialog)
    click(qtbot, dialog.action)
    wait_for_pass(qtbot, group, told, 1)
    assert photo_vault.state() is VaultState.ON


def hold_turn_on_at_file_3(
    monkeypatch: pytest.MonkeyPatch, gate: threading.Event, reached: threading.Event | None = None
) -> None:
    """The pass reports its third file, then waits for `gate` (setting `reached` first)."""
    real_turn_on = photo_vault.turn_on

    def held_turn_on(passphrase: str, *, progress) -> int:
        def report(done: int, total: int) -> None:
            progress(done, total)
            if done == 3:
                if reached is not None:
                    reached.set()
                assert gate.wait(PASS_TIMEOUT_MS / 1000)

        return real_turn_on(passphrase, progress=report)

    monkeypatch.setattr(photo_vault, "turn_on", held_turn_on)


def filled_turn_on_dialog(qtbot, group: VaultSettingsGroup) -> TurnOnDialog:
    """The Turn on dialog with the passphrase typed twice and the warning ticked."""
    dialog = open_vault_dialog(qtbot, group, group.turn_on_button, TurnOnDialog)
    type_into(qtbot, dialog.new, PASSPHRASE)
    type_into(qtbot, dialog.repeat, PASSPHRASE)
    tick(qtbot, dialog)
    return dialog


def test_the_pass_runs_in_the_background_and_counts_the_files(
    qtbot, three_photos, told, monkeypatch: pytest.MonkeyPatch
):
    """While the pass is halfway the GUI goes on and the progress says how far it got."""
    gate = threading.Event()
    hold_turn_on_at_file_3(monkeypatch, gate)
    group = open_preferences(qtbot).group
    dialog = filled_turn_on_dialog(qtbot, group)
    click(qtbot, dialog.action)
    try:
        qtbot.waitUntil(
            lambda: (
                group.progress is not None
                and group.progress.labelText() == "Encrypted 3 of 6 files…"
            ),
            timeout=PASS_TIMEOUT_MS,
        )
        progress = group.progress
        assert progress.isVisible() and (progress.value(), progress.maximum()) == (3, 6)
        assert not group.turn_on_button.isEnabled()
        assert photo_vault.state() is VaultState.TURNING_ON
        assert progress.close() is False  # it cannot be shut while the pass runs
        assert progress.isVisible()
    finally:
        gate.set()
    wait_for_pass(qtbot, group, told, 1)
    assert "6 files were encrypted" in told[0][1]
    assert photo_vault.state() is VaultState.ON


def test_reports_that_arrive_together_show_the_latest_count(
    qtbot, three_photos, told, monkeypatch: pytest.MonkeyPatch
):
    """On a busy machine the worker's reports pile up before the GUI gets to them. The
    modal progress dialog's setValue handles the later ones inside the first; its label
    was then set last by an earlier report: "Encrypted 2 of 6 files…" under a bar at 3."""
    gate = threading.Event()
    piled = threading.Event()
    hold_turn_on_at_file_3(monkeypatch, gate, piled)
    group = open_preferences(qtbot).group
    dialog = filled_turn_on_dialog(qtbot, group)
    try:
        qtbot.mouseClick(dialog.action, Qt.MouseButton.LeftButton)
        assert piled.wait(PASS_TIMEOUT_MS / 1000)  # the GUI thread is busy meanwhile
        qtbot.waitUntil(lambda: group.progress is not None and group.progress.value() == 3)
        qtbot.wait(100)
        assert group.progress.labelText() == "Encrypted 3 of 6 files…"
    finally:
        gate.set()
    wait_for_pass(qtbot, group, told, 1)
    assert photo_vault.state() is VaultState.ON


def test_turning_off_refuses_a_wrong_passphrase_then_decrypts(qtbot, three_photos, told):
    plain = contents(three_photos)
    photo_vault.turn_on(PASSPHRASE)
    photo_vault.lock()
    sealed = contents(three_photos)
    opened = open_preferences(qtbot)
    group = opened.group
    assert group.state_label.text() == "On: photos and thumbnails are encrypted; locked."
    dialog = open_vault_dialog(qtbot, group, group.turn_off_button, TurnOffDialog)

    click(qtbot, dialog.action)  # nothing typed
    assert problem(dialog, "passphrase") == "Type your passphrase."

    type_into(qtbot, dialog.current, "correct horse battery!")
    click(qtbot, dialog.action)
    qtbot.waitUntil(lambda: problem(dialog, "passphrase") != "", timeout=PASS_TIMEOUT_MS)
    assert "does not open your photo vault" in problem(dialog, "passphrase")
    assert dialog.isVisible() and dialog.current.isEnabled()
    assert photo_vault.state() is VaultState.ON and not photo_vault.is_unlocked()
    assert contents(three_photos) == sealed
    assert told == [] and opened.vault_changes == 0

    # Enter goes on (found under Xvfb: after a refusal Enter pressed Cancel, as Cancel had
    # become the default button while the check ran).
    type_into(qtbot, dialog.current, PASSPHRASE)
    qtbot.keyClick(dialog.current, Qt.Key.Key_Return)
    wait_for_pass(qtbot, group, told, 1)
    title, text = told[0]
    assert title == "Photo vault off"
    assert text.startswith("6 files were decrypted")
    assert photo_vault.state() is VaultState.OFF and photo_vault.record() is None
    assert contents(three_photos) == plain
    assert opened.vault_changes >= 1
    assert group.state_label.text() == OFF_TEXT
    assert group.turn_on_button.isVisible()


def test_changing_the_passphrase_makes_the_old_one_stop_working(qtbot, three_photos, told):
    photo_vault.turn_on(PASSPHRASE)
    sealed = contents(three_photos)
    opened = open_preferences(qtbot)
    group = opened.group
    dialog = open_vault_dialog(qtbot, group, group.change_button, ChangePassphraseDialog)

    type_into(qtbot, dialog.old, "not the passphrase")
    type_into(qtbot, dialog.new, NEW_PASSPHRASE)
    type_into(qtbot, dialog.repeat, NEW_PASSPHRASE)
    click(qtbot, dialog.action)
    qtbot.waitUntil(lambda: problem(dialog, "old") != "", timeout=PASS_TIMEOUT_MS)
    assert "does not open your photo vault" in problem(dialog, "old")
    assert dialog.old.hasFocus()
    photo_vault.check_passphrase(PASSPHRASE)  # unchanged

    type_into(qtbot, dialog.old, PASSPHRASE)
    type_into(qtbot, dialog.repeat, "purple monkey")
    click(qtbot, dialog.action)
    assert problem(dialog, "repeat") == "The two passphrases are not the same."

    type_into(qtbot, dialog.repeat, NEW_PASSPHRASE)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(told) == 1, timeout=PASS_TIMEOUT_MS)
    assert told[0][0] == "Passphrase changed"
    assert group.dialog is None  # closed (and deleted)
    with pytest.raises(photo_vault.WrongPassphraseError):
        photo_vault.check_passphrase(PASSPHRASE)
    photo_vault.lock()
    photo_vault.unlock(NEW_PASSPHRASE)
    assert contents(three_photos) == sealed  # no photo was rewritten
    assert opened.vault_changes == 1


def test_idle_minutes_are_saved_with_the_preferences(qtbot, seeded, theme):
    opened = open_preferences(qtbot)
    spin = opened.group.idle_minutes
    assert (spin.minimum(), spin.maximum(), spin.value()) == (1, 240, 5)
    qtbot.mouseClick(spin, Qt.MouseButton.LeftButton)
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "30", delay=5)
    qtbot.wait(150)
    click(qtbot, opened.dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert preferences.load().vault_idle_minutes == 30
    assert opened.dialog.saved() is not None
    assert opened.dialog.saved().vault_idle_minutes == 30

    again = open_preferences(qtbot)
    assert again.group.idle_minutes.value() == 30


def test_idle_minutes_are_checked_and_older_preferences_get_five():
    for bad in (0, 241, True):
        with pytest.raises(ValidationError) as caught:
            preferences.validate(Preferences(vault_idle_minutes=bad))
        assert caught.value.field == "vault_idle_minutes"
    assert preferences.validate(Preferences(vault_idle_minutes=240)).vault_idle_minutes == 240
    older = {"unit": "kg", "goal_minimum": 2, "goal_target": 3}
    assert preferences.from_stored(older).vault_idle_minutes == 5


def test_the_state_follows_the_vault_and_an_interrupted_pass_is_said(qtbot, three_photos):
    photo_vault.turn_on(PASSPHRASE)
    opened = open_preferences(qtbot)
    label = opened.group.state_label
    assert label.text() == "On: photos and thumbnails are encrypted; unlocked."
    # Locked elsewhere (the Photos tab's idle lock) while Preferences is open.
    photo_vault.lock()
    opened.events.photo_vault_changed.emit()
    assert label.text() == "On: photos and thumbnails are encrypted; locked."
    # A pass cut short: the record says so until Photos is unlocked.
    record = get_setting(photo_vault.SETTING)
    set_setting(photo_vault.SETTING, {**record, "state": "turning_on"})
    opened.events.photo_vault_changed.emit()
    assert label.text() == "Turning on was interrupted: unlock Photos to finish."
    assert opened.group.turn_off_button.isVisible()
    assert not opened.group.turn_on_button.isVisible()
