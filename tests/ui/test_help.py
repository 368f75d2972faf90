"""Help menu: the shortcuts list matches the real key bindings, and About says where the
data lives and opens that folder."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QTextBrowser

from backtracker import __version__
from backtracker.services import first_run
from backtracker.storage.models import Exercise, SetEntry
from backtracker.ui import dialogs, help
from backtracker.ui.help import SHORTCUTS, AboutDialog, shortcuts_dialog
from backtracker.ui.main_window import MainWindow


def listed_keys() -> set[str]:
    """Every key combination the list names, one by one ("Ctrl+1 … Ctrl+4" is four)."""
    keys: set[str] = set()
    for _title, rows in SHORTCUTS:
        for combo, _what in rows:
            if "…" in combo:
                first, last = (int(k.strip()[-1]) for k in combo.split("…"))
                keys |= {f"Ctrl+{n}" for n in range(first, last + 1)}
            else:
                keys |= {part.strip() for part in combo.split(" / ")}
    return keys


def listed(sequence: QKeySequence) -> bool:
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    aliases = {"Ctrl+Return": "Ctrl+Enter", "Del": "Del", "Delete": "Del"}
    return aliases.get(text, text) in listed_keys()


def menu_actions(menu: QMenu) -> list[QAction]:
    found = []
    for action in menu.actions():
        if action.menu() is not None:
            found += menu_actions(action.menu())
        else:
            found.append(action)
    return found


def test_every_menu_shortcut_is_listed(window):
    actions = [a for m in window.menuBar().actions() for a in menu_actions(m.menu())]
    bound = [a for a in actions if a.shortcuts()]
    assert len(bound) >= 15
    missing = [
        (a.text().replace("&", ""), [s.toString() for s in a.shortcuts()])
        for a in bound
        if not all(listed(s) for s in a.shortcuts())
    ]
    assert not missing


def test_every_key_listed_for_everywhere_is_a_real_menu_shortcut(window):
    actions = [a for m in window.menuBar().actions() for a in menu_actions(m.menu())]
    bound = {
        s.toString(QKeySequence.SequenceFormat.PortableText) for a in actions for s in a.shortcuts()
    }
    everywhere = dict(SHORTCUTS)["Everywhere"]
    for combo, what in everywhere:
        for part in re.split(r" / | … ", combo):
            assert part in bound, f"{part} ({what}) is listed but nothing answers to it"


def test_log_editor_shortcuts_are_listed(window, qtbot):
    window.tabs.setCurrentWidget(window.log_page)
    window.log.start_workout(first_run.beginner_routine_id())
    editor_keys = [s for a in window.log.editor.actions() for s in a.shortcuts()]
    assert {s.toString() for s in editor_keys} >= {"Ctrl+E", "Ctrl+Return"}
    assert all(listed(s) for s in editor_keys)


def test_shortcuts_window_shows_every_section(window):
    text = shortcuts_dialog(window).findChild(QTextBrowser).toPlainText()
    for title, rows in SHORTCUTS:
        assert title in text
        for _keys, what in rows:
            assert what in text


def test_del_and_f2_mean_the_exercise_only_in_the_library(window, qtbot):
    """Del in the Log deletes the selected set; it must not archive a library exercise."""
    window.tabs.setCurrentWidget(window.log_page)
    qtbot.waitUntil(window.log_page.content().isVisible)
    window.log.start_workout(first_run.beginner_routine_id())
    table = window.log.editor.cards[0].table
    planned = SetEntry.select().count()
    window.activateWindow()
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 1))
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert Exercise.select().where(Exercise.archived_at.is_null(False)).count() == 0
    assert SetEntry.select().count() == planned - 1

    window.tabs.setCurrentWidget(window.library)
    window.library.list.setFocus()
    qtbot.waitUntil(window.library.list.hasFocus)
    current = window.library.current_exercise()
    qtbot.keyClick(window.library.list, Qt.Key.Key_Delete)
    assert Exercise.get_by_id(current.id).archived_at is not None


def test_about_shows_version_licence_and_data_folder(window, seeded):
    about = AboutDialog(seeded, window)
    text = " ".join(label.text() for label in about.findChildren(QLabel))
    assert __version__ in text
    assert "GPL-3.0-or-later" in text
    assert about.folder_label.text() == str(seeded.data_dir)
    assert about.folder_label.accessibleName() == "Data folder"


def test_about_open_data_folder_opens_it(window, seeded, monkeypatch, qtbot):
    opened: list[str] = []
    monkeypatch.setattr(
        help.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    about = AboutDialog(seeded, window)
    qtbot.addWidget(about)
    qtbot.mouseClick(about.open_folder, Qt.MouseButton.LeftButton)
    assert opened == [str(seeded.data_dir)]
    window.open_data_folder()  # File ▸ Open Data Folder goes the same way
    assert opened == [str(seeded.data_dir)] * 2


def test_a_folder_that_cannot_be_opened_is_explained(window, seeded, monkeypatch, qtbot):
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(help.QDesktopServices, "openUrl", lambda url: False)
    monkeypatch.setattr(dialogs, "show_error", lambda p, title, text: errors.append((title, text)))
    about = AboutDialog(seeded, window)
    qtbot.addWidget(about)
    assert about.open_data_folder() is False
    assert errors == [
        (
            "Could not open the folder",
            f"No file manager opened it. You can find the folder here:\n{seeded.data_dir}",
        )
    ]


def test_help_menu_items(window: MainWindow):
    help_menu = window.menuBar().actions()[-1].menu()
    items = [a.text().replace("&", "") for a in help_menu.actions() if not a.isSeparator()]
    assert items == [
        "Keyboard Shortcuts",
        "Getting Started…",
        "Training Guide",
        "About BackTracker",
    ]
    shortcuts = next(a for a in help_menu.actions() if a.text() == "&Keyboard Shortcuts")
    assert shortcuts.shortcut().toString() == "F1"
