"""The first run, welcome → Log, prints no Qt warning (pyproject makes every warning fatal).

On a real X server the flow printed about ten blocks of `QPainter::begin: Paint device
returned engine == 0` and `Painter not active`. The cause: when the welcome closes, the X
server sends an Expose for the part of the main window it uncovers, and Qt paints that at
once, before its posted layout requests have placed the Log tab that the choice has just
built. The new exercise cards are still squeezed to a few pixels, so the style asks the
"Set" button's icon for a 16×0 pixmap, and the SVG icon engine painted into that null
pixmap. The offscreen platform sends no such Expose; `window.repaint()` right after the
choice has run is the same synchronous paint. Fixed twice: the welcome lays the new Log out
before it returns, and the icon engine draws nothing for an empty size.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QToolButton, QVBoxLayout, QWidget

from backtracker.storage.models import SetEntry, Workout, WorkoutExercise
from backtracker.storage.routines import seed_builtin_routines
from backtracker.ui import welcome
from backtracker.ui.application import ui_state
from backtracker.ui.icons import icon
from backtracker.ui.log.exercise_card import ExerciseCard
from backtracker.ui.main_window import MainWindow
from backtracker.ui.welcome import Choice, WelcomeDialog


@pytest.fixture(autouse=True)
def _close_dialogs():
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, WelcomeDialog):
            widget.close()


@pytest.fixture
def first_run(qtbot, seeded, theme) -> MainWindow:
    """The main window on an empty profile, as a first start shows it."""
    seed_builtin_routines()
    window = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def set_buttons(window: MainWindow) -> list[QToolButton]:
    """The "Set" button under each exercise card of the workout."""
    return [card.add_set_button for card in window.log.findChildren(ExerciseCard)]


@pytest.fixture
def exposed_after_the_choice(monkeypatch) -> list[tuple[MainWindow, list[int]]]:
    """Paint the main window synchronously right after the welcome's choice has run, as the
    X server's Expose for the uncovered window does; remember the "Set" buttons' heights
    in that paint."""
    painted: list[tuple[MainWindow, list[int]]] = []
    run_choice = welcome.run_choice

    def run_then_expose(window: MainWindow, choice: Choice) -> None:
        run_choice(window, choice)
        window.repaint()
        painted.append((window, [button.height() for button in set_buttons(window)]))

    monkeypatch.setattr(welcome, "run_choice", run_then_expose)
    return painted


def test_welcome_to_log_paints_without_a_qt_warning(first_run, qtbot, exposed_after_the_choice):
    window = first_run
    qtbot.wait(300)
    window.offer_welcome()
    dialog = next(d for d in window.findChildren(WelcomeDialog) if d.isVisible())
    qtbot.waitExposed(dialog)
    qtbot.wait(300)
    qtbot.mouseClick(dialog.buttons[Choice.BEGINNER], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(exposed_after_the_choice) == 1)
    painted_window, heights_in_first_paint = exposed_after_the_choice[0]
    assert painted_window is window
    # The first paint of the Log already shows the cards laid out, not squeezed.
    assert len(heights_in_first_paint) == 5 and min(heights_in_first_paint) >= 16
    qtbot.wait(300)

    assert window.tabs.currentWidget() is window.log_page
    workout = Workout.get()
    assert window.log.running_workout_id == workout.id
    planned = SetEntry.select().join(WorkoutExercise).where(WorkoutExercise.workout == workout)
    assert planned.count() == 12 and not any(s.completed for s in planned)
    buttons = set_buttons(window)
    assert len(buttons) == 5
    assert all(button.height() >= 16 and button.isVisible() for button in buttons)
    # No QPainter warning reached Qt's log: pytest-qt fails the test on any warning.


def test_an_icon_asked_for_no_pixels_gives_an_empty_pixmap(qapp):
    for size in (QSize(16, 0), QSize(16, -1), QSize(0, 16), QSize(0, 0)):
        assert icon("plus").pixmap(size).isNull()
    assert icon("plus").pixmap(QSize(16, 16)).size() == QSize(16, 16)


def test_a_squeezed_tool_button_paints_without_a_warning(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    button = QToolButton()
    button.setIcon(icon("plus"))
    button.setText("Set")
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    layout.addWidget(button)
    holder.show()
    qtbot.waitExposed(holder)
    for height in (2, 1):
        button.setFixedHeight(height)  # a window or splitter squeezed that far
        qtbot.wait(50)
        button.repaint()
        holder.grab()
