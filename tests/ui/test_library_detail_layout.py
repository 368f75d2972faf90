"""The exercise pane's facts at a small window: every line of a wrapped value is on screen,
and the body's scroll bar is drawn like every other one."""

from __future__ import annotations

from PySide6.QtGui import QColor

from backtracker.storage.models import Exercise
from backtracker.ui.library.tab import HISTORY_LOADING

# The real line's shape ("Your history" from the log), long enough to wrap beside the
# diagram in a 1000-px window.
LONG_HISTORY = (
    "Last 25 kg × 6, 5, 4, 4 (4 Dec 2026) · best e1RM 31.67 kg · 1224 sessions · "
    "10 kg more than a year ago"
)


def _cut_off(detail) -> dict[str, tuple[int, int]]:
    """The facts shown shorter than their text needs: key -> (height, height needed)."""
    cut = {}
    for key, label in detail._fact_labels.items():
        needed = label.heightForWidth(label.width())
        if label.height() < needed:
            cut[key] = (label.height(), needed)
    return cut


def test_a_wrapped_history_line_arriving_late_gets_all_its_lines(window, qtbot):
    window.resize(1000, 700)
    tab = window.library
    row = Exercise.get(Exercise.name == "Dumbbell Row")
    assert tab.select_exercise(row.id)
    detail = tab.exercise_detail
    qtbot.wait(50)
    # "Also called" (three names) already wraps at this width.
    aliases = detail._fact_labels["aliases"]
    line = aliases.fontMetrics().height()
    qtbot.waitUntil(lambda: aliases.heightForWidth(aliases.width()) > line)
    assert _cut_off(detail) == {}

    # The history arrives from its worker after the pane was laid out (the real one first:
    # it must not land after the long one).
    history = detail._fact_labels["history"]
    qtbot.waitUntil(lambda: history.text() not in ("", HISTORY_LOADING))
    detail.show_history(row.id, LONG_HISTORY)
    qtbot.waitUntil(lambda: history.text() == LONG_HISTORY)
    qtbot.wait(50)
    assert history.heightForWidth(history.width()) >= 2 * history.fontMetrics().height()
    qtbot.waitUntil(lambda: _cut_off(detail) == {}, timeout=2000)
    # Each caption sits on its value's first line.
    captions = detail.facts
    for key, label in detail._fact_labels.items():
        index = captions.indexOf(label)
        row_of_value = captions.getItemPosition(index)[0]
        caption = captions.itemAtPosition(row_of_value, 0).widget()
        assert caption.y() == label.y(), key


def test_the_body_scroll_bar_has_no_black_groove(window, qtbot):
    window.resize(1000, 700)
    detail = window.library.exercise_detail
    bar = detail.body.verticalScrollBar()
    qtbot.waitUntil(bar.isVisible)  # the steps and mistakes need more room than 700 px gives
    image = bar.grab().toImage()
    darkest = min(
        QColor(image.pixel(x, y)).lightness()
        for x in range(2, image.width() - 2)
        for y in range(image.height() // 3, image.height() - 20)
    )
    # The light theme's groove and handle are pale; under a style sheet Fusion drew it black.
    assert darkest > 100


def test_the_pane_escapes_text_as_html_escape_does():
    import html

    from backtracker.ui.library.detail import escape

    for text in ("Rows & <pulls>", 'say "hi" it\'s', "plain", "", "&amp; already", "<<>>'\"&"):
        assert escape(text) == html.escape(text)
