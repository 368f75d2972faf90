"""The frame around the tabs: menus, theme, help, and remembered window state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QTextBrowser

from backtracker.ui.application import ui_state
from backtracker.ui.help import AboutDialog, shortcuts_dialog, training_guide_dialog
from backtracker.ui.main_window import MainWindow
from backtracker.ui.theme import DARK, LIGHT, ThemeMode


def menu_titles(window: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions()]


def test_title_tabs_and_menus(window):
    assert window.windowTitle() == "BackTracker"
    assert [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())] == [
        "Library",
        "Log",
        "Photos",
        "Progress",
    ]
    assert menu_titles(window) == ["File", "Edit", "View", "Help"]


def test_theme_switch_recolours_and_is_remembered(window, seeded):
    window.theme_actions[ThemeMode.DARK].trigger()
    palette = QGuiApplication.palette()
    assert palette.color(QPalette.ColorRole.Window).name() == DARK.window
    assert ui_state(seeded).value("theme") == "dark"
    window.theme_actions[ThemeMode.LIGHT].trigger()
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window).name() == LIGHT.window


def test_window_geometry_and_splitter_are_restored(qtbot, seeded, theme):
    first = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(first)
    first.resize(780, 560)
    first.show()
    first.library.splitter.setSizes([300, 460])
    sizes = first.library.splitter.sizes()
    first.close()
    second = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(second)
    second.show()
    assert second.size().width() == 780 and second.size().height() == 560
    assert second.library.splitter.sizes() == sizes


def test_help_windows_have_content(window, seeded):
    shortcuts = shortcuts_dialog(window).findChild(QTextBrowser).toPlainText()
    assert "Ctrl+F" in shortcuts and "Search exercises" in shortcuts
    guide = training_guide_dialog(window).findChild(QTextBrowser).toPlainText()
    assert "Sets and reps" in guide and "8–12" in guide
    about = " ".join(label.text() for label in AboutDialog(seeded, window).findChildren(QLabel))
    assert str(seeded.data_dir) in about and "0.1.0" in about


def test_about_opens_the_data_folder(window, seeded, monkeypatch):
    opened = []
    monkeypatch.setattr(
        "backtracker.ui.help.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    AboutDialog(seeded, window).open_folder.click()
    assert opened == [str(seeded.data_dir)]


def test_ctrl_1_to_4_switch_tabs(window, qtbot):
    pages = [window.library, window.log_page, window.photos_page, window.progress_page]
    for number in (2, 3, 4, 1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentWidget() is pages[number - 1]


def test_deferred_start_up_work_never_starts_once_the_window_is_closed(
    qtbot, seeded, theme, monkeypatch
):
    """A window closed before its first paint must not start the goal or health look-ups."""
    from backtracker.ui import health_notice
    from backtracker.ui.after_paint import AFTER_PAINT_FALLBACK_MS
    from backtracker.ui.application import ui_state
    from backtracker.ui.main_window import MainWindow

    started: list[str] = []
    monkeypatch.setattr(MainWindow, "update_goal", lambda self: started.append("goal"))
    monkeypatch.setattr(health_notice, "start_health_check", lambda *a: started.append("health"))
    window = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(window)
    window.close()
    qtbot.wait(max(AFTER_PAINT_FALLBACK_MS, health_notice.CHECK_DELAY_MS) + 300)
    assert window.closed
    assert started == []


def test_a_message_shown_before_the_window_is_never_drawn_over_the_goal_line(qtbot, seeded, theme):
    """At start-up "Picked up your workout…" is shown before the window is: the goal line
    under it must hide while it shows, and come back after."""
    win = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(win)
    win.show_status("Picked up your workout where you left it.")
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(100)
    assert win.statusBar().currentMessage().startswith("Picked up")
    assert not win.goal_label.isVisible()
    win.statusBar().clearMessage()  # what the message's timeout does
    qtbot.waitUntil(win.goal_label.isVisible)
    win.show_status("Saved.")
    assert not win.goal_label.isVisible()
