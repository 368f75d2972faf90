"""The Overview's "goal 2–3" stands beside the goal band, right of the sessions chart's frame.

It stood inside the frame, over the band's right end, and a week of more sessions than the
goal at the right end drew its bar through it (the README's Overview shot showed it).

matplotlib and the chart modules are imported inside the tests (see test_progress_tab.py).
"""

from __future__ import annotations

import datetime as dt

from backtracker.domain import clock
from backtracker.services import progress as progress_service
from backtracker.services.preferences import Preferences
from backtracker.services.progress import Range
from tests.ui.test_progress_lazy_19 import _log


def test_the_goal_label_is_beside_the_band_and_clear_of_a_tall_last_week(qtbot, seeded, theme):
    from backtracker.ui.progress.overview_chart import OverviewChart

    now = clock.now()
    # Five sessions this week (the pinned now is a Wednesday morning), above the goal of 2–3
    for days, hours in ((0, 1), (0, 3), (1, 1), (1, 5), (2, 1)):
        _log("dumbbell-row", now - dt.timedelta(days=days, hours=hours), 30.0)
    _log("dumbbell-row", now - dt.timedelta(weeks=3), 30.0)
    chart = OverviewChart()
    qtbot.addWidget(chart)
    chart.resize(1280, 700)
    chart.show()
    qtbot.waitExposed(chart)
    prefs, today = Preferences(), clock.today()
    chart.show_overview(
        progress_service.overview(rng=Range.Y1, today=today),
        unit=prefs.unit,
        goal=(prefs.goal_minimum, prefs.goal_target),
        since=Range.Y1.since(today),
        today=today,
    )
    chart.canvas.draw()
    renderer = chart.figure.canvas.get_renderer()
    label = chart.goal_label.get_window_extent(renderer)
    frame = chart.sessions_ax.get_window_extent(renderer)
    band = chart.goal_band.get_window_extent(renderer)
    assert chart.goal_label.get_text() == f"goal {prefs.goal_minimum}–{prefs.goal_target}"
    assert label.x0 > frame.x1  # right of the frame: no bar reaches it
    assert band.y0 <= (label.y0 + label.y1) / 2 <= band.y1  # level with the band
    assert label.x1 <= chart.figure.bbox.x1  # and not cut off
    bars = chart.bars.get_paths()
    assert max(path.vertices[:, 1].max() for path in bars) == 5  # the tall week is drawn
