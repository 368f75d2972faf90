from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from backtracker.domain import clock


def show_active(qtbot, window: QWidget) -> None:
    """Show a top-level window and wait until it is the active one.

    Offscreen, key events and shortcuts only reach the active window, and a window shown after
    another test's does not become active by itself: without this, keyboard tests passed or
    failed depending on which test ran before them.
    """
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.fixture
def theme(qapp):
    from backtracker.ui.theme import ThemeMode, install_theme

    return install_theme(qapp, ThemeMode.LIGHT)


@pytest.fixture
def window(qtbot, seeded, theme):
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.ui.application import ui_state
    from backtracker.ui.main_window import MainWindow

    seed_builtin_routines()
    win = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(win)
    show_active(qtbot, win)
    return win


@pytest.fixture
def demo_window(qtbot, seeded, theme):
    """The main window on a demo profile with photos (six weeks), shown and active."""
    from backtracker.services.demo import fill_demo_profile
    from backtracker.services.demo_photos import add_demo_photos
    from backtracker.services.photos import thumbnails_dir
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.ui.application import ui_state
    from backtracker.ui.main_window import MainWindow

    seed_builtin_routines()
    today = clock.today()
    fill_demo_profile(today=today, weeks=6)
    add_demo_photos(seeded.photos_dir, thumbnails_dir(seeded.data_dir), today=today)
    window = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window
