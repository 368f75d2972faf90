"""The main window fits a small screen whatever has been opened in it.

A tab once shown keeps setting the window's minimum size: Progress's row of controls made it
at least 1,279 px wide and the photo comparison's 1,218 px, more than a 1280-px screen
leaves for a window with its frame. Rows of controls now wrap (widgets/flow_row.py).
"""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from backtracker.domain import clock
from backtracker.storage.models import BodyMetric, Routine
from tests.ui.test_progress_lazy_19 import wait_for_progress

# Half of a 1920-px screen: two windows side by side, or a small laptop's screen.
NARROWEST = 960


def _open_everything(window, qtbot) -> None:
    """Every tab, a workout running, the photo comparison, and Progress's pages."""
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(20)
    window.tabs.setCurrentWidget(window.log_page)
    log = window.log_page.content()
    log.start_workout(Routine.select().first().id)
    qtbot.waitUntil(log.editor.isVisible)
    window.tabs.setCurrentWidget(window.photos_page)
    photos = window.photos_page.content()
    photos.compare()
    qtbot.waitUntil(lambda: photos.stack.currentWidget() is photos.compare_page)
    window.tabs.setCurrentWidget(window.progress_page)
    progress = window.progress_page.content()
    wait_for_progress(qtbot, progress)
    for button in progress.page_buttons.values():
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.wait(20)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_window_can_be_made_narrow_after_every_tab_was_opened(demo_window, qtbot):
    window = demo_window
    _open_everything(window, qtbot)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= NARROWEST
    assert window.minimumWidth() <= NARROWEST
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        window.resize(NARROWEST, 700)
        qtbot.waitUntil(lambda: window.width() == NARROWEST)


def test_progress_keeps_its_controls_on_one_line_when_wide_and_wraps_when_narrow(
    demo_window, qtbot
):
    window = demo_window
    window.resize(1280, 800)
    window.tabs.setCurrentWidget(window.progress_page)
    progress = window.progress_page.content()
    wait_for_progress(qtbot, progress)
    combo, back = progress.exercise_combo, progress.back_button

    def middle(widget) -> int:
        return widget.mapTo(window, widget.rect().center()).y()

    def on_one_line() -> bool:
        return abs(middle(combo) - middle(back)) <= 2

    qtbot.waitUntil(on_one_line)
    chart_place = progress.pages.geometry()
    window.resize(NARROWEST, 700)
    qtbot.waitUntil(lambda: window.width() == NARROWEST)
    qtbot.waitUntil(lambda: not on_one_line())
    assert back.mapTo(window, back.rect().topRight()).x() < window.width()  # all on screen
    narrow_place = progress.pages.geometry()
    assert narrow_place.top() > chart_place.top()  # the chart starts under the second line
    # The Overview (its caption in the exercise's place) keeps the chart area where it was.
    qtbot.mouseClick(progress.overview_button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert progress.pages.geometry() == narrow_place


def test_the_chart_legend_never_covers_the_title(demo_window, qtbot):
    window = demo_window
    window.tabs.setCurrentWidget(window.progress_page)
    progress = window.progress_page.content()
    wait_for_progress(qtbot, progress)
    chart = progress.exercise_chart

    def boxes():
        chart.canvas.draw()  # as the next paint would
        renderer = chart.canvas.get_renderer()
        return (
            chart.title.get_window_extent(renderer),
            chart.legend.get_window_extent(renderer),
            chart.ax.get_window_extent(renderer),
        )

    for width, beside in ((1280, True), (800, False)):
        window.resize(width, 700)
        qtbot.waitUntil(lambda width=width: window.width() == width)
        qtbot.wait(50)
        title, legend, axes = boxes()
        assert not title.overlaps(legend), width
        # Wide: above the axes, beside the title; narrow: in the axes' top right corner.
        assert bool(legend.y0 >= axes.y1 - 1) == beside, width
        assert legend.x1 <= axes.x1 + 1


HUMAN = 60  # ms between keys
PAUSE = 300  # ms between actions


def test_the_log_fits_a_short_window_its_side_column_scrolling_to_what_is_typed_in(
    demo_window, qtbot
):
    """The Log's side column kept the window at least 650 px tall; now it scrolls, and a
    field reached by its heading's Alt+key is scrolled into sight before it is typed in."""
    window = demo_window
    window.resize(1280, 800)
    window.tabs.setCurrentWidget(window.log_page)
    log = window.log_page.content()
    log.start_workout(Routine.select().first().id)
    qtbot.waitUntil(log.editor.isVisible)
    panel = log.measurements
    qtbot.wait(PAUSE)
    assert window.minimumSizeHint().height() <= 540
    scroll = log.side_scroll
    assert not scroll.verticalScrollBar().isVisible()  # tall enough: every panel in sight

    window.resize(960, 500)
    qtbot.waitUntil(lambda: window.height() == 500)
    qtbot.waitUntil(scroll.verticalScrollBar().isVisible)
    assert scroll.verticalScrollBar().value() == 0

    def in_sight(widget) -> bool:
        place = widget.rect().translated(widget.mapTo(scroll.viewport(), widget.rect().topLeft()))
        return scroll.viewport().rect().contains(place)

    assert not in_sight(panel.metric_combo)
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.metric_combo)
    qtbot.waitUntil(lambda: in_sight(panel.metric_combo))
    qtbot.wait(PAUSE)
    qtbot.keyClicks(panel.metric_combo, "w", delay=HUMAN)  # Waist
    qtbot.keyClick(panel.metric_combo, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.value
    assert in_sight(panel.value)
    qtbot.keyClicks(panel.value, "81.5", delay=HUMAN)
    qtbot.wait(PAUSE)
    qtbot.keyClick(panel.value, Qt.Key.Key_Return)
    today = clock.today()
    stored = {(r.measured_on, r.metric): r.value for r in BodyMetric.select()}
    assert stored[(today, "waist")] == pytest.approx(81.5)


def test_the_first_start_opens_at_1280_by_800_or_less_on_a_smaller_screen(demo_window):
    from PySide6.QtCore import QSize

    from backtracker.ui.main_window import DEFAULT_SIZE, default_size

    assert demo_window.size() == DEFAULT_SIZE  # the tests' screen is 1920×1200
    assert default_size(QSize(1920, 1160)) == QSize(1280, 800)
    assert default_size(QSize(1366, 728)) == QSize(1257, 670)  # 1366×768, a 40-px panel
    assert default_size(QSize(1280, 672)) == QSize(1178, 618)  # 1920×1080 at 150 %


def test_a_long_last_time_line_is_shortened_instead_of_widening_the_workout(window, qtbot):
    # Ten different sets last time: the card's "last time" line names eight of them, about
    # 750 px of text. It used to set the card's width, so the workout scrolled sideways,
    # its first columns out of sight, in any window narrower than about 1,250 px.
    import datetime as dt

    from backtracker.services import logbook, preferences
    from backtracker.storage import workouts
    from backtracker.storage.models import Exercise

    row = Exercise.get(Exercise.catalogue_key == "barbell-row").id
    started = dt.datetime.combine(clock.today() - dt.timedelta(days=2), dt.time(7, 0))
    past = workouts.start_workout(started, plan=(workouts.PlannedExercise(row, sets=10),))
    (link,) = workouts.get_workout(past).exercises
    for number, entry in enumerate(link.sets):
        values = {"weight_kg": 40.0 + 2.5 * number, "reps": 12 - number, "completed": True}
        workouts.update_set(entry.id, values)
    workouts.update_workout(past, {"ended_at": started + dt.timedelta(hours=1)})
    prefs = preferences.load()
    today = logbook.start_workout(prefs)
    logbook.add_exercise(today, row, prefs)
    window.tabs.setCurrentWidget(window.log_page)
    window.log.open_workout(today)
    card = window.log.editor.cards[0]
    qtbot.waitExposed(card.table)
    assert "and 2 more" in card.last_time.text()
    one_line = card.last_time.fontMetrics().horizontalAdvance(card.last_time.text())
    assert one_line > 700
    window.resize(1000, 720)
    qtbot.wait(100)
    scroll = window.log.editor.scroll
    assert not scroll.horizontalScrollBar().isVisible()
    assert card.width() <= scroll.viewport().width()
    # Cut in the middle: the start and the date stay, the whole line is the tooltip.
    whole = card.last_time.text()
    shown = card.last_time.shown_text()
    assert "…" in shown and len(shown) < len(whole)
    assert shown.startswith("last time ") and shown.endswith(whole[-12:])
    assert card.last_time.toolTip() == whole
    window.resize(1600, 720)  # room to spare: all of it, and no tooltip
    qtbot.wait(100)
    assert card.last_time.shown_text() == whole and card.last_time.toolTip() == ""


def test_history_keeps_two_workouts_in_sight_at_the_first_start_on_a_laptop(demo_window, qtbot):
    # 1178×736 is the first start's size on a 1280×800 screen. The side column's panels
    # were squeezed to equal shares there: History's list showed one workout and a third,
    # and in a shorter window the panels were drawn over each other (History's buttons over
    # its list, the back's week without its legend) instead of the column scrolling.
    window = demo_window
    window.resize(1178, 736)
    qtbot.waitUntil(lambda: window.height() == 736)
    window.tabs.setCurrentWidget(window.log_page)
    log = window.log_page.content()
    history = log.history
    # The back's week is read in the background and takes its room when it comes: the
    # column's height is only final then (on a busy machine that is after History's rows).
    qtbot.waitUntil(lambda: history.model.rowCount() > 3 and not log.back_week.loading)
    qtbot.wait(50)
    viewport = history.list.viewport().rect()
    for row in (0, 1):
        place = history.list.visualRect(history.model.index(row))
        assert viewport.contains(place), (row, place, viewport)
    assert not history.list.geometry().intersects(history.open_button.geometry())
    panels = [log.week, log.back_week, history, log.bodyweight, log.measurements]
    for upper, lower in itertools.pairwise(panels):
        assert upper.geometry().bottom() < lower.geometry().top()
    scroll = log.side_scroll
    assert scroll.verticalScrollBar().isVisible()  # the measurements are a scroll away
    measurements = log.measurements
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is measurements.metric_combo)
    place = measurements.metric_combo.mapTo(scroll.viewport(), measurements.rect().topLeft())
    assert 0 <= place.y() <= scroll.viewport().height()

    window.resize(1280, 800)  # a larger screen's first start: everything in sight
    qtbot.waitUntil(lambda: not scroll.verticalScrollBar().isVisible())


def test_at_its_least_width_the_log_shows_every_column_of_a_workouts_sets(demo_window, qtbot):
    # At the window's least width (754 px then) the workout's side was narrower than a set
    # table's columns: the table, whose own scroll bars are off, hid Notes and Done past
    # the card's edge, out of reach of a click. The least width now makes room for them.
    from backtracker.storage.models import SetEntry

    window = demo_window
    window.tabs.setCurrentWidget(window.log_page)
    log = window.log_page.content()
    log.start_workout(Routine.select().first().id)
    qtbot.waitUntil(log.editor.isVisible)
    qtbot.wait(PAUSE)
    window.resize(400, 700)  # as narrow as it goes
    qtbot.waitUntil(lambda: window.width() == window.minimumWidth())
    qtbot.wait(PAUSE)
    assert window.width() <= NARROWEST
    scroll = log.editor.scroll
    assert not scroll.horizontalScrollBar().isVisible()
    for card in log.editor.cards:
        table = card.table
        last = table.model().columnCount() - 1
        right = table.columnViewportPosition(last) + table.columnWidth(last)
        assert table.columnViewportPosition(0) == 0  # not scrolled sideways
        assert right <= table.viewport().width(), card.link.exercise_name
        assert card.geometry().right() <= scroll.viewport().width()

    # A click on the first set's Done box, drawn in the middle of its cell, ticks it.
    card = log.editor.cards[0]
    table = card.table
    scroll.ensureWidgetVisible(table)
    qtbot.wait(PAUSE)
    index = table.model().index(0, table.model().column_of("done"))
    cell = table.visualRect(index)
    assert table.viewport().rect().contains(cell)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    first = card.model.set_at(0).id
    qtbot.waitUntil(lambda: SetEntry.get_by_id(first).completed)
