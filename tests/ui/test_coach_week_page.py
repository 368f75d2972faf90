"""Progress ▸ Back and the Log's "Back this week" panel (issue 15 §1, §2), at a person's pace.

The profile (the pinned today is Wed 18 Mar 2026, week 12: 16–22 Mar):
    W10 Wed  4 Mar  Dumbbell Row 20×8 ×3
    W11 Wed 11 Mar  Dumbbell Row 20×8 ×3; Lat Pulldown 40×10 ×2
    W12 Mon 16 Mar  Dumbbell Row 10×12 warm-up, 20×8 ×3; Lat Pulldown 40×10 ×2;
                    Bench Press 60×8 ×4
Mid-back in W12: 3 rows + ½ × 2 pulldowns = 4; in W11 the same, 4; in W10, 3.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QTextBrowser

from backtracker.storage.models import Deload, SetEntry
from tests.domain.coach_log import at, exercise_id, log, press_id, set_patterns
from tests.ui.test_dates_locale import german  # noqa: F401 - the fixture
from tests.ui.test_log_tab import editor_line, pick_when_open, type_into_cell

WEEK_12 = "Week 12 · 16–22 Mar 2026 (this week)"
WEEK_11 = "Week 11 · 9–15 Mar 2026"
WEEK_10 = "Week 10 · 2–8 Mar 2026"


@pytest.fixture
def history(seeded):
    set_patterns()
    row, pulldown, press = exercise_id("dumbbell-row"), exercise_id("lat-pulldown"), press_id()
    log(at("2026-03-04"), {row: [(20.0, 8)] * 3})
    log(at("2026-03-11"), {row: [(20.0, 8)] * 3, pulldown: [(40.0, 10)] * 2})
    log(
        at("2026-03-16"),
        {
            row: [(10.0, 12, "warmup"), *[(20.0, 8)] * 3],
            pulldown: [(40.0, 10)] * 2,
            press: [(60.0, 8)] * 4,
        },
    )


def settle(qtbot, widget) -> None:
    """A person's pause, and the week (read in the background) on screen."""
    qtbot.wait(300)
    qtbot.waitUntil(lambda: not widget.loading)


def open_back(window, qtbot):
    window.tabs.setCurrentWidget(window.progress_page)
    tab = window.progress_page.content()
    qtbot.wait(100)
    qtbot.mouseClick(tab.back_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tab.back_page)
    return tab, tab.back_page


def test_weeks_step_by_click_and_by_keys_and_never_past_this_week(history, window, qtbot):
    tab, page = open_back(window, qtbot)
    assert tab.pages.currentWidget() is page and page.isVisible()
    assert not any(button.isVisible() for button in tab.range_buttons.values())
    assert page.week_label.text() == WEEK_12
    assert not page.next_button.isEnabled() and not page.this_week_button.isEnabled()
    assert "Mid-back: 4 of 10 sets this week; add a row." in page.region_text.text()
    assert "Lats: 5 of 10 sets this week; add a pulldown or pull-up." in page.region_text.text()

    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert page.week_label.text() == WEEK_11
    assert page.next_button.isEnabled() and page.this_week_button.isEnabled()
    assert "Mid-back: 4 of 10 sets in the week of 9 Mar 2026; add a row." in (
        page.region_text.text()
    )
    assert page.heatmap.count_of("mid_back").sets == 4

    # The keys work where the click left the keyboard: on the Back button above the page.
    assert tab.back_button.hasFocus() or not page.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(tab.back_button, Qt.Key.Key_PageUp)
    settle(qtbot, page)
    assert page.week_label.text() == WEEK_10
    assert page.heatmap.count_of("mid_back").sets == 3
    assert page.heatmap.count_of("lats").sets == 3  # the rows' lats; no pulldown that week
    qtbot.keyClick(page.previous_button, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    settle(qtbot, page)
    assert page.week_label.text() == WEEK_11
    qtbot.keyClick(page.previous_button, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    settle(qtbot, page)
    assert page.week_label.text() == WEEK_10
    qtbot.keyClick(page.previous_button, Qt.Key.Key_PageDown)
    settle(qtbot, page)
    qtbot.keyClick(page.previous_button, Qt.Key.Key_PageDown)
    settle(qtbot, page)
    assert page.week_label.text() == WEEK_12
    qtbot.keyClick(page.previous_button, Qt.Key.Key_PageDown)  # no week after this one
    settle(qtbot, page)
    assert page.week_label.text() == WEEK_12
    assert "Alt+Left" in page.previous_button.toolTip()
    assert "PgDown" in page.next_button.toolTip()

    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    qtbot.mouseClick(page.this_week_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert page.week_label.text() == WEEK_12


def test_the_week_s_balance_stalls_and_suggestions_are_shown(history, window, qtbot):
    _tab, page = open_back(window, qtbot)
    # W09–W12: pulldowns 2 + 2, rows 3 + 3 + 3 (warm-up left out); presses 4.
    assert (page.pull_bar.left_sets, page.pull_bar.right_sets) == (4, 9)
    assert (page.press_bar.left_sets, page.press_bar.right_sets) == (13, 4)
    assert page.press_bar.isVisible() and not page.press_note.isVisible()
    assert page.balance_caption.text() == "Hard sets from 23 Feb 2026 to 22 Mar 2026."
    assert page.stalled_text.text() == "None of the 2 back exercises of the last 3 weeks."
    # The region sentences are listed once, under their heading, not again as suggestions.
    assert "Mid-back" not in page.suggestions_text.text()
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert page.week_label.text() == WEEK_10
    assert not page.press_bar.isVisible() and page.press_note.isVisible()  # no presses yet


def test_an_empty_profile_shows_the_way_to_the_log(window, qtbot):
    _tab, page = open_back(window, qtbot)
    assert page.is_empty and page.empty_state.isVisible()
    assert not page.previous_button.isEnabled() and not page.next_button.isEnabled()
    go = next(b for b in page.empty_state.findChildren(QPushButton) if "Log" in b.text())
    qtbot.mouseClick(go, Qt.MouseButton.LeftButton)
    qtbot.wait(300)
    assert window.tabs.currentWidget() is window.log_page


def done_sets() -> int:
    return SetEntry.select().where(SetEntry.completed == True).count()  # noqa: E712


def test_the_log_panel_follows_each_completed_and_taken_back_set(history, window, qtbot):
    window.tabs.setCurrentWidget(window.log_page)
    panel = window.log.back_week
    qtbot.waitUntil(panel.isVisible)
    settle(qtbot, panel)
    assert panel.heatmap.isVisible()
    assert panel.heatmap.count_of("lats").sets == 5
    assert panel.line.text().startswith("Below the band: Upper traps 0 of 10 · Erector spinae")

    window.activateWindow()
    pick_when_open(qtbot, "lat pulldown")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)
    card = window.log.editor.cards[0]
    assert card.title.text() == "Lat Pulldown"
    before = done_sets()
    type_into_cell(qtbot, card.table, "45")
    qtbot.wait(100)
    type_into_cell(qtbot, card.table, "10")
    qtbot.wait(300)
    assert done_sets() == before + 1
    qtbot.waitUntil(lambda: panel.heatmap.count_of("lats").sets == 6)
    assert panel.heatmap.count_of("mid_back").sets == 4.5  # ½ for the pulldown's rhomboids
    assert "Lats 6 of 10" in panel.line.text()

    qtbot.keyClick(editor_line(qtbot, card.table), Qt.Key.Key_Return)  # weight stays 45
    qtbot.wait(100)
    type_into_cell(qtbot, card.table, "9")
    qtbot.waitUntil(lambda: panel.heatmap.count_of("lats").sets == 7)

    window.undo_action.trigger()  # Ctrl+Z takes the last set back
    qtbot.wait(300)
    assert done_sets() == before + 1
    qtbot.waitUntil(lambda: panel.heatmap.count_of("lats").sets == 6)

    # Progress ▸ Back heard about it too.
    _tab, page = open_back(window, qtbot)
    assert page.heatmap.count_of("lats").sets == 6


def test_a_deload_offer_sits_under_the_suggestions_and_accepting_it_reads_the_week_again(
    seeded, window, qtbot
):
    """Five flat sessions of the only back exercise: a stall, so a deload week is offered."""
    set_patterns()
    row = exercise_id("dumbbell-row")
    for day in ("2026-02-18", "2026-02-25", "2026-03-04", "2026-03-11", "2026-03-16"):
        log(at(day), {row: [(20.0, 8)] * 3})
    _tab, page = open_back(window, qtbot)
    assert page.stalled_text.text().endswith("Dumbbell Row.")
    offer = page.deload_offer
    assert offer.isVisible() and offer.accept_button.isVisible()
    assert offer.sentence.text().startswith("Most of your back exercises have stalled")
    # The offer says it; the suggestions do not say it again.
    assert "Most of your back exercises" not in page.suggestions_text.text()
    qtbot.mouseClick(offer.accept_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert Deload.select().count() == 1
    assert Deload.get().week_start == dt.date(2026, 3, 23)
    assert page.report is not None and page.report.deload_accepted is not None
    assert offer.status.text() == "Deload week of 23 Mar accepted"
    assert "Deload week accepted" not in page.suggestions_text.text()


def test_help_says_how_sets_are_counted_what_the_colours_mean_and_the_keys(qtbot, theme):
    from backtracker.ui.help import shortcuts_html, training_guide_dialog

    dialog = training_guide_dialog(None)
    qtbot.addWidget(dialog)
    guide = dialog.findChild(QTextBrowser).toPlainText()
    assert "Your back's week" in guide
    assert "A hard set is a completed work set. Warm-ups" in guide
    assert "counts 1 for each region" in guide and "½ for a" in guide
    assert "Monday to Sunday" in guide
    assert "amber is below your band, green within it, violet above it" in guide
    assert "common guideline, not a law" in guide and "Preferences (Sets per region)" in guide
    shortcuts = shortcuts_html()
    assert "Progress ▸ Back" in shortcuts and "Alt+Left / Alt+Right" in shortcuts


@pytest.mark.usefixtures("german")
def test_weeks_are_named_in_english_under_a_german_locale():
    from backtracker.ui.coach.week_page import format_week

    assert format_week(dt.date(2026, 3, 16)) == "Week 12 · 16–22 Mar 2026"
    assert format_week(dt.date(2026, 3, 30)) == "Week 14 · 30 Mar – 5 Apr 2026"
    assert format_week(dt.date(2025, 12, 29)) == "Week 1 · 29 Dec 2025 – 4 Jan 2026"
    assert format_week(dt.date(2026, 12, 28)) == "Week 53 · 28 Dec 2026 – 3 Jan 2027"


def test_a_new_week_at_midnight_moves_this_week_on_and_keeps_a_past_week(history, window, qtbot):
    from backtracker.domain import clock

    tab, page = open_back(window, qtbot)
    assert page.week_label.text() == WEEK_12
    panel = window.log.back_week
    # Monday 23 March: "this week" follows the calendar on both.
    clock.pin(dt.datetime(2026, 3, 23, 0, 0, 5))
    window.events.day_changed.emit()
    settle(qtbot, page)
    assert page.week_label.text() == "Week 13 · 23–29 Mar 2026 (this week)"
    assert page.heatmap.count_of("lats").sets == 0
    assert not page.next_button.isEnabled()
    window.tabs.setCurrentWidget(window.log_page)
    settle(qtbot, panel)
    assert panel.line.text() == "No hard sets for the back yet this week."
    assert not panel.heatmap.isVisible()  # an all-grey back leaves its room to the lists
    # A past week being looked at stays where it is.
    window.tabs.setCurrentWidget(window.progress_page)
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert page.week_label.text() == WEEK_11
    clock.pin(dt.datetime(2026, 3, 30, 0, 0, 5))
    window.events.day_changed.emit()
    settle(qtbot, page)
    assert page.week_label.text() == WEEK_11
    assert tab.back_button.isChecked()
