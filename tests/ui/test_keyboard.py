"""The whole app works from the keyboard: tab switching, where focus lands, and Tab order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from backtracker.services import logbook

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    """A key as a person types it: it goes to whatever has the focus."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    qtbot.keyClick(target, key, modifier)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_ctrl_numbers_switch_tabs_and_focus_lands_on_the_main_control(demo_window, qtbot):
    window = demo_window
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert window.tabs.currentWidget() is window.log_page
    assert focused() is window.log.start_page.empty_button

    press(qtbot, Qt.Key.Key_3, CTRL)
    assert window.tabs.currentWidget() is window.photos_page
    assert focused() is window.photos.view

    press(qtbot, Qt.Key.Key_4, CTRL)
    assert window.tabs.currentWidget() is window.progress_page
    assert focused() is window.progress_page.content().exercise_combo

    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.tabs.currentWidget() is window.library
    assert focused() is window.library.filters.search


def test_ctrl_page_down_and_up_step_through_the_tabs(demo_window, qtbot):
    window = demo_window
    window.library.filters.search.setFocus()
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert window.tabs.currentWidget() is window.log_page
    press(qtbot, Qt.Key.Key_PageDown, CTRL)
    assert window.tabs.currentWidget() is window.photos_page
    press(qtbot, Qt.Key.Key_PageUp, CTRL)
    press(qtbot, Qt.Key.Key_PageUp, CTRL)
    assert window.tabs.currentWidget() is window.library


def test_coming_back_to_a_tab_returns_to_where_you_were(demo_window, qtbot):
    window = demo_window
    window.library.filters.search.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    muscle_filter = focused()
    assert muscle_filter is not window.library.filters.search
    press(qtbot, Qt.Key.Key_4, CTRL)
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert focused() is muscle_filter


def test_the_log_tab_puts_you_in_the_next_weight_of_a_running_workout(demo_window, qtbot):
    window = demo_window
    press(qtbot, Qt.Key.Key_2, CTRL)
    press(qtbot, Qt.Key.Key_Tab)  # from Start empty to the first routine
    assert focused() is window.log.start_page.routine_buttons[0]
    press(qtbot, Qt.Key.Key_Space)
    assert window.log.running_workout_id is not None
    first = window.log.editor.cards[0]
    qtbot.waitUntil(lambda: first.table.isAncestorOf(focused()))
    press(qtbot, Qt.Key.Key_Escape)  # leave the cell, look something up, come back
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert focused() is window.library.filters.search
    press(qtbot, Qt.Key.Key_2, CTRL)
    qtbot.waitUntil(lambda: first.table.isAncestorOf(focused()))
    assert first.table.currentIndex().row() == 0
    assert first.table.currentIndex().column() == first.model.entry_columns()[0]
    press(qtbot, Qt.Key.Key_Return)  # open the weight for typing
    qtbot.waitUntil(lambda: isinstance(focused(), QLineEdit))
    for key in (Qt.Key.Key_4, Qt.Key.Key_0, Qt.Key.Key_Return):
        press(qtbot, key)
    qtbot.waitUntil(lambda: first.table.currentIndex().column() == first.model.entry_columns()[1])
    qtbot.waitUntil(lambda: isinstance(focused(), QLineEdit))
    for key in (Qt.Key.Key_1, Qt.Key.Key_0, Qt.Key.Key_Return):
        press(qtbot, key)
    qtbot.waitUntil(lambda: first.model.set_at(0).completed)
    saved = logbook.get_set(first.model.set_at(0).id)  # what landed in the database
    assert (saved.weight_kg, saved.reps, saved.completed) == (40.0, 10, True)


def _tab_round(qtbot, start: QWidget, limit: int) -> list[QWidget]:
    """Press Tab from `start` until the focus comes back to it; the widgets passed on the way."""
    start.setFocus()
    assert focused() is start
    seen: list[QWidget] = []
    for _ in range(limit):
        press(qtbot, Qt.Key.Key_Tab)
        now = focused()
        assert now is not None, f"Tab lost the focus after {seen[-1:]}"
        if now is start:
            return seen
        seen.append(now)
    raise AssertionError(
        f"Tab never came back to {type(start).__name__} in {limit} presses; stuck around "
        + ", ".join(f"{type(w).__name__} {w.accessibleName()!r}" for w in seen[-5:])
    )


def _owners(widgets: list[QWidget], controls: list[QWidget]) -> set[int]:
    """Which of `controls` the focus reached (a cell editor counts for its table)."""
    return {
        n
        for n, control in enumerate(controls)
        for widget in widgets
        if widget is control or control.isAncestorOf(widget)
    }


def test_tab_cycles_through_each_tabs_controls(demo_window, qtbot):
    window = demo_window
    library = window.library
    library_controls = [
        library.filters.search,
        library.list,
        library.exercise_detail.add_button,
        window.tabs.tabBar(),
    ]
    seen = _tab_round(qtbot, library.filters.search, 60)
    assert _owners(seen, library_controls) >= {1, 2, 3}

    window.tabs.setCurrentWidget(window.log_page)
    start = window.log.start_page
    seen = _tab_round(qtbot, start.empty_button, 30)
    order = [w for w in seen if w in (*start.routine_buttons, start.past_button)]
    assert order == [*start.routine_buttons, start.past_button]  # top to bottom
    start.routine_buttons[0].click()
    editor = window.log.editor
    seen = _tab_round(qtbot, editor.name, 600)
    controls = [*(card.table for card in editor.cards), editor.notes, editor.finish_button]
    assert _owners(seen, controls) == set(range(len(controls)))

    window.tabs.setCurrentWidget(window.photos_page)
    photos = window.photos
    seen = _tab_round(qtbot, photos.view, 30)
    assert photos.pose_filter in seen and photos.compare_button in seen
    photos.compare()
    page = photos.compare_page
    seen = _tab_round(qtbot, page.canvas, 30)
    assert page.left_combo in seen and page.right_combo in seen

    window.tabs.setCurrentWidget(window.progress_page)
    progress = window.progress_page.content()
    seen = _tab_round(qtbot, progress.exercise_combo, 30)
    assert progress.metric_combo in seen and progress.overview_button in seen
    assert progress.records_view in seen
