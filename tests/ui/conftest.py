from __future__ import annotations

import pytest


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
    win.show()
    qtbot.waitExposed(win)
    return win
