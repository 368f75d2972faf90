"""Progress's "Show both sides": a left and a right line on the exercise chart.

For a one-sided exercise the chart can draw the estimated 1RM or the reps of each side as
two more lines, with a legend of their own. The lines are made once, on the chart's axes;
showing other data swaps it with `set_data`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtWidgets import QCheckBox

from backtracker.services import side_progress
from backtracker.services.progress import Metric, Range
from backtracker.ui.progress.formatting import in_unit
from backtracker.ui.progress.mpl import FONT_SIZE, current_colors, date_nums, match_legend
from backtracker.ui.theme import theme

LABELS = ("Left", "Right")
TOOLTIP = "Draw the left and right side as two lines (one-sided exercises)"
NO_SIDES_TOOLTIP = "Both sides are drawn for the estimated 1RM and the reps metrics"


def _side_colors(dark: bool) -> tuple[str, str]:
    return ("#ff8a4c", "#51cf66") if dark else ("#d9480f", "#2b8a3e")


class SideLines:
    """The two side lines of an exercise chart, hidden until asked for."""

    def __init__(self, chart: object) -> None:
        self.chart = chart
        ax = chart.ax  # type: ignore[attr-defined]
        self.ax = ax
        self.lines = tuple(
            ax.plot(
                [],
                [],
                marker=marker,
                linewidth=1.4,
                markersize=4,
                linestyle=style,
                label=label,
                zorder=3.5,  # over the session line (the weaker side), under the stars
            )[0]
            for label, marker, style in zip(LABELS, ("<", ">"), ("-", "--"), strict=True)
        )
        self.legend = ax.legend(
            handles=list(self.lines),
            loc="upper left",
            frameon=False,
            fontsize=FONT_SIZE,
            ncols=2,
            handlelength=1.8,
        )
        ax.add_artist(self.legend)  # a second legend: the chart's own stays
        self.legend.set_visible(False)
        for line in self.lines:  # made visible, so the legend's keys are drawn
            line.set_visible(False)
        self.shown = False
        theme().changed.connect(self.restyle)
        self.restyle(redraw=False)
        # The chart's legend is the axes' legend: ax.legend() above replaced it, put it back.
        ax.legend_ = chart.legend  # type: ignore[attr-defined]

    def show(self, sides: tuple[object, object] | None, metric: Metric, unit: str) -> None:
        """Draw (left, right) series, or hide the lines when `sides` is None."""
        self.shown = sides is not None
        for line, series in zip(self.lines, sides or (None, None), strict=True):
            if series is None:
                line.set_data([], [])
                line.set_visible(False)
                continue
            values = in_unit(series.values, metric, unit)  # type: ignore[attr-defined]
            line.set_data(date_nums(series.days), np.asarray(values, dtype=float))  # type: ignore[attr-defined]
            line.set_visible(True)
        self.legend.set_visible(self.shown)
        self.ax.relim(visible_only=True)
        if self.ax.has_data():
            self.ax.autoscale_view(scalex=False, scaley=True)
        self.chart.canvas.draw_idle()  # type: ignore[attr-defined]

    def values(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """What the lines show now, in the person's unit (for tests)."""
        left, right = (tuple(float(v) for v in line.get_ydata()) for line in self.lines)
        return left, right

    def restyle(self, *, redraw: bool = True) -> None:
        colors = current_colors()
        for line, color in zip(self.lines, _side_colors(colors.dark), strict=True):
            line.set_color(color)
            line.set_markerfacecolor(color)
            line.set_markeredgecolor(color)
        match_legend(self.legend, self.lines)
        for text in self.legend.get_texts():
            text.set_color(colors.muted_text)
        if redraw:
            self.chart.canvas.draw_idle()  # type: ignore[attr-defined]


def make_toggle() -> QCheckBox:
    box = QCheckBox("Show &both sides")
    box.setToolTip(TOOLTIP)
    box.setVisible(False)
    return box


def update(
    lines: SideLines,
    toggle: QCheckBox,
    exercise_id: int,
    metric: Metric,
    rng: Range,
    *,
    formula: str,
    unit: str,
    today: dt.date,
) -> None:
    """Show the toggle for one-sided exercises, and the side lines when it is ticked."""
    one_sided = side_progress.is_one_sided(exercise_id)
    drawable = side_progress.has_sides(metric)
    toggle.setVisible(one_sided)
    toggle.setEnabled(drawable)
    toggle.setToolTip(TOOLTIP if drawable else NO_SIDES_TOOLTIP)
    sides = None
    if one_sided and drawable and toggle.isChecked():
        sides = side_progress.side_series(exercise_id, metric, rng, formula=formula, today=today)
    lines.show(sides, metric, unit)
