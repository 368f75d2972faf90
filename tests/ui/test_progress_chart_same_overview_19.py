"""The overview chart fills its artists with whole arrays (issue 17, Charts): the bars as one
(bars, corners, x/y) array, kg to lb as one division per array, the bar colours picked from
two looked-up colours. What the person sees must not change: `OldOverviewChart` below is the
implementation it replaces, value by value, and every artist, limit, label and pixel of both
charts is compared after showing the same overview, on the 10-year generated history of the
benchmarks, a demo profile and a small hand-made history, in kg and lb, for several ranges
and goals. No float is summed in another order here, so everything is compared exactly.

matplotlib and the chart modules are imported inside the tests (see test_progress_tab.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from backtracker.domain import clock
from backtracker.domain.units import Unit, from_kg
from backtracker.services import progress
from backtracker.services.progress import Overview, Range

pytestmark = pytest.mark.filterwarnings(
    "ignore:Enum value .Qt..ApplicationAttribute.AA_UseHighDpiPixmaps:DeprecationWarning"
)


def old_chart_class():  # the implementation replaced, as it was
    from backtracker.ui.progress.mpl import current_colors
    from backtracker.ui.progress.overview_chart import (
        BAR_INSET_DAYS,
        FONT_SIZE,
        MID_WEEK_DAYS,
        OTHER,
        OverviewChart,
        date_nums,
        top_muscles,
    )

    class OldOverviewChart(OverviewChart):
        def _show_sessions(self, overview: Overview, goal: tuple[int, int]) -> None:
            mondays = date_nums([week for week, _ in overview.weeks])
            counts = np.asarray([count for _, count in overview.weeks], dtype=float)
            self._week_counts = counts
            self.bars.set_verts(
                [
                    [
                        (x + BAR_INSET_DAYS, 0),
                        (x + BAR_INSET_DAYS, c),
                        (x + 7 - BAR_INSET_DAYS, c),
                        (x + 7 - BAR_INSET_DAYS, 0),
                    ]
                    for x, c in zip(mondays, counts, strict=True)
                    if c > 0
                ]
            )
            low, high = goal
            self.goal_band.set_y(low)
            self.goal_band.set_height(max(high - low, 0.08))
            self.goal_label.set_y((low + high) / 2)  # beside the band (placed since)
            self.goal_label.set_text(f"goal {low}–{high}" if high != low else f"goal {low}")
            top = max([*counts, high]) if counts.size else high
            self.sessions_ax.set_ylim(0, top + 1)
            self._color_bars(current_colors())
            self._message(0, "" if counts.size else "No workouts in this range.")

        def _show_volume(self, overview: Overview, unit: Unit) -> None:
            x = date_nums(overview.muscle_weeks) + MID_WEEK_DAYS
            layers = top_muscles(overview.muscle_volumes) if x.size else []
            self.layer_keys = [key for key, _ in layers]
            bottom = np.zeros(x.size)
            top_value = 0.0
            texts = self.volume_legend.get_texts()
            handles = self.volume_legend.legend_handles
            for i, collection in enumerate(self.layers):
                used = i < len(layers)
                if used:
                    key, values = layers[i]
                    top = bottom + np.asarray([from_kg(v, unit) for v in values])
                    collection.set_data(x, bottom, top)
                    bottom = top
                    top_value = float(top.max()) if top.size else 0.0
                    label = (
                        "Other"
                        if key == OTHER
                        else overview.muscle_names.get(key, key).capitalize()
                    )
                else:
                    collection.set_data(np.zeros(2), np.zeros(2), np.zeros(2))
                    label = ""
                collection.set_visible(used)
                texts[i].set_text(label)
                texts[i].set_visible(used)
                if handles[i] is not None:
                    handles[i].set_visible(used)
            self.volume_ax.set_ylim(0, max(top_value, 1.0) * 1.08)
            self.volume_ax.set_ylabel(f"volume ({unit.value})", fontsize=FONT_SIZE)
            self._message(1, "" if layers else "No weighted work sets in this range.")

        def _show_bodyweight(self, overview: Overview, unit: Unit) -> None:
            days = date_nums([day for day, _ in overview.bodyweight])
            weights = [from_kg(kg, unit) for _, kg in overview.bodyweight]
            average = [from_kg(kg, unit) for kg in overview.bodyweight_avg7]
            self.body_line.set_data(days, weights)
            self.body_avg.set_data(days[: len(average)], average)
            self.body_ax.set_ylabel(unit.value, fontsize=FONT_SIZE)
            ax = self.body_ax
            if weights:
                low, high = min(weights), max(weights)
                margin = max((high - low) * 0.15, 0.5)
                ax.set_ylim(low - margin, high + margin)
            else:
                ax.set_ylim(0, 1)
            ax.tick_params(axis="y", labelleft=bool(weights))
            self._message(
                2, "" if weights else "No bodyweight logged in this range (Log tab ▸ Bodyweight)."
            )

        def _color_bars(self, colors) -> None:  # type: ignore[no-untyped-def]
            low = self._goal[0]
            shown = [c for c in self._week_counts if c > 0]
            self.bars.set_facecolors(
                [colors.accent if count >= low else colors.outline for count in shown]
            )

    return OldOverviewChart


def artists(chart) -> list[object]:  # type: ignore[no-untyped-def]
    """Everything the overview's refresh sets, as plain values."""
    found: list[object] = []
    for path in chart.bars.get_paths():
        found += [path.vertices.tolist(), None if path.codes is None else path.codes.tolist()]
    found.append(np.asarray(chart.bars.get_facecolors()).tolist())
    for layer in chart.layers:
        found.append(layer.get_visible())
        for path in layer.get_paths():
            found.append(path.vertices.tolist())
    found += [(t.get_text(), t.get_visible()) for t in chart.volume_legend.get_texts()]
    found += [h.get_visible() for h in chart.volume_legend.legend_handles if h is not None]
    for line in (chart.body_line, chart.body_avg):
        found += [np.asarray(line.get_xdata()).tolist(), np.asarray(line.get_ydata()).tolist()]
    for ax in (chart.sessions_ax, chart.volume_ax, chart.body_ax):
        found += [ax.get_xlim(), ax.get_ylim(), ax.get_ylabel()]
    found += [(m.get_text(), m.get_visible()) for m in chart.messages]
    found += [chart.goal_label.get_text(), chart.goal_band.get_y(), chart.goal_band.get_height()]
    found.append(chart.layer_keys)
    return found


def compare_on_this_profile(qtbot, today: dt.date, min_weeks: int) -> int:  # type: ignore[no-untyped-def]
    from backtracker.ui.progress.overview_chart import OverviewChart

    new, old = OverviewChart(), old_chart_class()()
    for chart in (new, old):
        qtbot.addWidget(chart)
        chart.resize(1100, 700)
        chart.show()
    qtbot.waitExposed(new)
    weeks = 0
    cases = [
        (Range.ALL, "kg", (2, 3)),
        (Range.ALL, "lb", (3, 3)),
        (Range.Y1, "lb", (1, 2)),
        (Range.M3, "kg", (2, 4)),
        (Range.W4, "kg", (2, 3)),
    ]
    for rng, unit, goal in cases:
        overview = progress.overview(rng=rng, today=today)
        weeks = max(weeks, sum(1 for _, count in overview.weeks if count))
        for chart in (new, old):
            chart.show_overview(overview, unit=unit, goal=goal, since=rng.since(today), today=today)
        assert artists(new) == artists(old), (rng, unit, goal)
        new.canvas.draw()
        old.canvas.draw()
        assert bytes(new.canvas.buffer_rgba()) == bytes(old.canvas.buffer_rgba()), (rng, unit)
    assert weeks >= min_weeks  # bars were drawn: the comparison compared something
    return weeks


@pytest.fixture
def ten_years(tmp_path: Path, theme):  # type: ignore[no-untyped-def]
    from backtracker.storage.database import close_database
    from benchmarks.chart_queries import build_history

    today = clock.today()  # the pinned date
    build_history(tmp_path / "history.sqlite3", years=10, today=today)
    yield today
    close_database()


def test_the_overview_shows_the_same_on_ten_years(qtbot, ten_years):
    assert compare_on_this_profile(qtbot, ten_years, min_weeks=500) >= 500


def test_the_overview_shows_the_same_on_a_demo_profile(qtbot, seeded, theme):
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.routines import seed_builtin_routines

    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=26)
    compare_on_this_profile(qtbot, clock.today(), min_weeks=20)


def test_the_overview_shows_the_same_on_a_small_history(qtbot, seeded, theme):
    from tests.storage.test_progress import log_history

    log_history()  # a bodyweight exercise with bodyweights, warm-ups, an unfinished set
    today = dt.date(2026, 1, 20)
    compare_on_this_profile(qtbot, today, min_weeks=2)


def test_the_overview_shows_the_same_with_no_history(qtbot, seeded, theme):
    from backtracker.ui.progress.overview_chart import OverviewChart

    new, old = OverviewChart(), old_chart_class()()
    for chart in (new, old):
        qtbot.addWidget(chart)
    today = dt.date(2026, 1, 20)
    nothing = progress.overview(rng=Range.ALL, today=today)
    assert not nothing.weeks and not nothing.bodyweight
    empty_weeks = progress.overview(rng=Range.Y1, today=today)  # weeks, none with a session
    assert empty_weeks.weeks and not any(count for _, count in empty_weeks.weeks)
    for overview, rng in ((nothing, Range.ALL), (empty_weeks, Range.Y1)):
        for chart in (new, old):
            chart.show_overview(
                overview, unit="lb", goal=(2, 3), since=rng.since(today), today=today
            )
        assert artists(new) == artists(old)
        assert not new.bars.get_paths()
