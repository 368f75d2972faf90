"""A chart's draw works out each axis's ticks once (ui/progress/draw_memo.py `DrawMemo`), and
the chart titles sit at y=1.0 without matplotlib measuring its way there (issue 17, Charts).

Neither may change a pixel: every draw here is compared with the same draw done the plain
way (the memo off), through exercise switches, metrics, ranges, a new size, the overview
and a save at another resolution.

matplotlib and the chart modules are imported inside the tests (see test_progress_tab.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from backtracker.domain import clock
from backtracker.services.preferences import Preferences
from backtracker.services.progress import Metric, Range
from backtracker.ui.events import DataEvents
from tests.ui.test_progress_lazy_19 import wait_for_progress

if TYPE_CHECKING:
    from backtracker.ui.progress.tab import ProgressTab

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)


@pytest.fixture
def tab(qtbot, seeded, theme) -> ProgressTab:
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.ui.progress.tab import ProgressTab

    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=26)
    prefs = Preferences()
    widget = ProgressTab(DataEvents(), lambda: prefs)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    wait_for_progress(qtbot, widget)
    return widget


def memo_off(monkeypatch) -> None:
    from backtracker.ui.progress.draw_memo import DrawMemo

    monkeypatch.setattr(DrawMemo, "start", lambda self: None)


def rendered(canvas) -> bytes:
    canvas.draw()
    return bytes(canvas.buffer_rgba())


def test_charts_draw_the_same_with_and_without_the_memo(tab, qtbot, monkeypatch):
    chart, overview = tab.exercise_chart, tab.overview_chart
    exercises = [tab.exercise_combo.itemData(row) for row in range(tab.exercise_combo.count())]
    assert len(exercises) >= 3

    def compare(canvas, memo_first: bool) -> None:
        """Draw the state just set twice, memo on and off, in either order: the first draw
        is the one that lays the figure out again, so both ways get to do that."""
        drawn = []
        for memo in (memo_first, not memo_first):
            with monkeypatch.context() as patch:
                if not memo:
                    memo_off(patch)
                drawn.append(rendered(canvas))
        assert drawn[0] == drawn[1]

    steps = [
        lambda: tab.set_exercise(exercises[0]),
        lambda: tab.set_exercise(exercises[1]),
        lambda: tab.set_metric(Metric.SESSION_VOLUME),  # wider tick labels: a new layout
        lambda: tab.set_range(Range.ALL),
        lambda: tab.set_exercise(exercises[2]),
        lambda: tab.set_range(Range.W4),
        lambda: tab.resize(1000, 700),
    ]
    for index, step in enumerate(steps):
        step()
        qtbot.wait(20)
        compare(chart.canvas, memo_first=index % 2 == 0)
    tab.overview_button.setChecked(True)
    qtbot.wait(20)
    for rng in (Range.ALL, Range.Y1):
        tab.set_range(rng)
        qtbot.wait(20)
        compare(overview.canvas, memo_first=rng is Range.ALL)


def test_a_saved_chart_is_the_same_with_and_without_the_memo(tab, qtbot, monkeypatch, tmp_path):
    tab.set_range(Range.ALL)
    qtbot.wait(20)
    figure = tab.exercise_chart.figure
    figure.savefig(tmp_path / "memo.png", dpi=150)
    with monkeypatch.context() as patch:
        memo_off(patch)
        figure.savefig(tmp_path / "plain.png", dpi=150)
    assert (tmp_path / "memo.png").read_bytes() == (tmp_path / "plain.png").read_bytes()


def test_a_draw_updates_each_axis_s_ticks_fewer_times_and_keeps_nothing(qapp, theme, monkeypatch):
    from matplotlib.axis import Axis

    from backtracker.ui.progress.mpl import ChartPanel, date_nums, setup_axes

    updates: list[Axis] = []
    real = Axis._update_ticks

    def counting(self: Axis):
        updates.append(self)
        return real(self)

    monkeypatch.setattr(Axis, "_update_ticks", counting)  # before the memo wraps it
    panel = ChartPanel()
    panel.resize(800, 500)
    ax = panel.figure.add_subplot()
    setup_axes(ax)
    ax.set_title("Row · Estimated 1RM", loc="left", y=1.0)
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=3 * i) for i in range(200)]
    ax.plot(date_nums(days), [40 + i * 0.1 for i in range(200)])
    ax.set_ylabel("kg")
    canvas = panel.canvas

    with monkeypatch.context() as patch:
        memo_off(patch)
        rendered(canvas)  # laid out once
        updates.clear()
        plain = rendered(canvas)
        plain_updates = len(updates)
    updates.clear()
    remembered = rendered(canvas)
    assert remembered == plain
    assert 2 <= len(updates) < plain_updates  # each axis at least once, fewer than before
    memo = panel.figure._draw_memo
    assert not memo.active and not memo.ticks and not memo.boxes  # nothing kept after

    # Between draws the ticks follow the view: new limits, new labels.
    ax.set_ylim(0, 1000)
    remembered = rendered(canvas)
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "1,000"
    with monkeypatch.context() as patch:
        memo_off(patch)
        assert rendered(canvas) == remembered


def test_a_layout_measures_each_axes_fewer_times_and_places_them_the_same(qapp, theme, monkeypatch):
    """The Overview's three axes: the solver and `layout_key` ask each axes for its tight
    box; with the memo the repeated questions at the same places are answered once, and the
    axes land where the plain layout puts them, drawn the same."""
    from matplotlib.axes import Axes

    from backtracker.ui.progress.mpl import ChartPanel, date_nums, setup_axes

    asked: list[Axes] = []
    real = Axes.get_tightbbox

    def counting(self: Axes, *args, **kwargs):
        asked.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Axes, "get_tightbbox", counting)  # before the memo wraps it
    panel = ChartPanel()
    panel.resize(900, 700)
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=7 * i) for i in range(120)]
    for row, title in enumerate(("Sessions per week", "Volume by muscle", "Bodyweight")):
        ax = panel.figure.add_subplot(3, 1, row + 1)
        setup_axes(ax)
        ax.set_title(title, loc="left", y=1.0)
        ax.plot(date_nums(days), [row * 100 + i * (row + 1) for i in range(120)], label=title)
        ax.legend(loc="upper left")
        ax.set_ylabel(("sessions", "kg", "kg")[row])
    canvas = panel.canvas

    def laid_out(memo: bool) -> tuple[list[tuple[float, ...]], bytes, int]:
        panel.layout_engine.forget()
        for ax in panel.figure.axes:  # the solver's answer depends, in its last digits, on
            ax._set_position(ax.get_subplotspec().get_position(panel.figure))  # where it starts
        asked.clear()
        with monkeypatch.context() as patch:
            if not memo:
                memo_off(patch)
            pixels = rendered(canvas)
        places = [tuple(ax.get_position().bounds) for ax in panel.figure.axes]
        return places, pixels, len(asked)

    plain_places, plain_pixels, plain_asked = laid_out(memo=False)
    places, pixels, memo_asked = laid_out(memo=True)
    assert places == plain_places
    assert pixels == plain_pixels
    assert 3 <= memo_asked < plain_asked  # each axes at least once, fewer than before
    assert not panel.figure._draw_memo.tight  # nothing kept after the draw
    again_places, again_pixels, _ = laid_out(memo=False)  # and the plain way still agrees
    assert (again_places, again_pixels) == (plain_places, plain_pixels)
