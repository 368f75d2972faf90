"""The goal on the exercise chart (issue 15 §5): a dashed goal line, the recent trend
projected forward with its shaded band, and a caption with the status and the fit named.

The artists are made once on the chart's axes and hidden until there is a goal; showing
another exercise or metric swaps their data.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from matplotlib.patches import Polygon
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from backtracker.domain.coach.forecast import FIT_NAME, WINDOW_WEEKS, GoalKind
from backtracker.domain.units import Unit, format_number, from_kg, same_weight
from backtracker.services.goals import GoalStatus
from backtracker.services.progress import Metric
from backtracker.ui.progress.mpl import FONT_SIZE, current_colors, date_nums, mdates
from backtracker.ui.theme import theme

BAND_STEPS = 40  # points along each edge of the band: it widens as it goes forward
FIT_TOOLTIP = (
    f"The trend is an ordinary least-squares line through the best estimated 1RM of each "
    f"session in the last {WINDOW_WEEKS} weeks (at least 3 sessions). The shaded band is its "
    "80 % prediction interval: where about 8 in 10 session bests should fall if training goes "
    "on as it has; it widens the further ahead it looks. A weight × reps goal is forecast by "
    "the estimated 1RM of that weight and those reps."
)


def _goal_color(dark: bool) -> str:
    return "#b197fc" if dark else "#7048e8"


def _level(status: GoalStatus, metric: Metric, unit: Unit) -> float | None:
    """Where the goal sits on `metric`, in what the chart shows; None where it has no place:
    the estimated 1RM it stands for, the weight of a weight × reps goal on the heaviest
    weight, its reps on the most reps in a set."""
    if metric is Metric.E1RM and status.forecast.target_kg is not None:
        return from_kg(status.forecast.target_kg, unit)
    if metric is Metric.HEAVIEST and status.weight_line_kg is not None:
        return from_kg(status.weight_line_kg, unit)
    if metric is Metric.MOST_REPS and status.goal.kind is GoalKind.REPS and status.goal.reps:
        return float(status.goal.reps)
    return None


class GoalOverlay:
    """The goal line, the projection and its band on one exercise chart, and its caption."""

    def __init__(self, chart: object) -> None:
        self.chart = chart
        ax = chart.ax  # type: ignore[attr-defined]
        self.ax = ax
        (self.goal_line,) = ax.plot(
            [], [], linestyle=(0, (6, 3)), linewidth=1.6, zorder=2.5, label="Goal"
        )
        (self.projection,) = ax.plot(
            [], [], linestyle=(0, (1.5, 2)), linewidth=1.8, zorder=2.4, label="Projection"
        )
        self.band = Polygon(np.empty((0, 2)), closed=True, linewidth=0, zorder=1.5)
        ax.add_patch(self.band)
        self.label = ax.text(
            0.0, 0.0, "", fontsize=FONT_SIZE, ha="right", va="bottom", zorder=5, clip_on=True
        )
        self.caption = QLabel()
        self.caption.setObjectName("GoalCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setAccessibleName("Goal forecast")
        self.caption.setToolTip(FIT_TOOLTIP)
        self.caption.setContentsMargins(8, 4, 8, 4)
        self.caption.hide()
        chart.layout().addWidget(self.caption)  # type: ignore[attr-defined]
        self.status: GoalStatus | None = None
        self.goal_y: float | None = None  # where the goal line is, in the person's unit
        self._hide_artists()
        theme().changed.connect(self.restyle)
        self.restyle(redraw=False)

    def _hide_artists(self) -> None:
        for artist in (self.goal_line, self.projection, self.band, self.label):
            artist.set_visible(False)
        self.goal_line.set_data([], [])
        self.projection.set_data([], [])
        self.band.set_xy(np.empty((0, 2)))

    def show(
        self, status: GoalStatus | None, *, metric: Metric, unit: Unit | str, today: dt.date
    ) -> None:
        """Draw the goal of the exercise shown (None: it has none) on `metric`."""
        unit = Unit(unit)
        self.status = status
        self.goal_y = None
        was_drawn = self.goal_line.get_visible()
        self._hide_artists()
        if was_drawn:  # the chart scaled to the goal before: scale to what is left
            left, right = self.ax.get_xlim()
            self._rescale(left, right)
        if status is None:
            self.caption.hide()
            self.chart.canvas.draw_idle()  # type: ignore[attr-defined]
            return
        self.caption.setText(f"{status.line}\nForecast: {FIT_NAME}.")
        self.caption.show()
        forecast = status.forecast
        self.goal_y = _level(status, metric, unit)
        if self.goal_y is None:
            self.chart.canvas.draw_idle()  # type: ignore[attr-defined]
            return
        left, right = self.ax.get_xlim()
        end = None
        if metric is Metric.E1RM:
            end = forecast.projection_end(status.goal.due_on, today)
        if end is not None and forecast.fit is not None:
            self._draw_projection(forecast.fit, end, unit)
            right = max(right, float(mdates.date2num(end)) + max(2.0, (right - left) * 0.03))
        self.goal_line.set_data([left, right], [self.goal_y, self.goal_y])
        self.goal_line.set_visible(True)
        self.label.set_text(self._label_text(status, metric, unit))
        self.label.set_position((right, self.goal_y))
        self.label.set_visible(True)
        self._rescale(left, right)

    def _label_text(self, status: GoalStatus, metric: Metric, unit: Unit) -> str:
        """ "Goal 45 kg" for an e1RM goal; "Goal 60 kg × 6 ≈ e1RM 72 kg" for weight × reps."""
        level = f"{format_number(self.goal_y or 0.0, 1)} {unit.value}"
        if status.goal.kind is GoalKind.E1RM:
            return f"Goal {level}"
        what = status.text.removeprefix("Goal ").split(" by ")[0]
        if metric is Metric.MOST_REPS:
            return f"Goal {what}"
        if metric is Metric.E1RM:
            return f"Goal {what} ≈ e1RM {level}"
        return f"Goal {what}: {level}" if status.bodyweight_exercise else f"Goal {what}"

    def _draw_projection(self, fit: object, end: dt.date, unit: Unit) -> None:
        start = fit.first_day  # type: ignore[attr-defined]
        span = max(1, (end - start).days)
        days = [
            start + dt.timedelta(days=round(span * i / BAND_STEPS)) for i in range(BAND_STEPS + 1)
        ]
        centre = [from_kg(fit.at(day), unit) for day in days]  # type: ignore[attr-defined]
        bounds = [fit.band(day) for day in days]  # type: ignore[attr-defined]
        low = [from_kg(lo, unit) for lo, _ in bounds]
        high = [from_kg(hi, unit) for _, hi in bounds]
        x = date_nums(days)
        self.projection.set_data(date_nums([days[0], days[-1]]), [centre[0], centre[-1]])
        self.projection.set_visible(True)
        if not all(same_weight(lo, hi) for lo, hi in zip(low, high, strict=True)):
            self.band.set_xy(np.column_stack([np.r_[x, x[::-1]], np.r_[low, high[::-1]]]))
            self.band.set_visible(True)

    def _rescale(self, left: float, right: float) -> None:
        ax = self.ax
        ax.relim(visible_only=True)
        shown = self.chart.shown  # type: ignore[attr-defined]
        if (shown is not None and shown.values) or self.goal_line.get_visible():
            ax.autoscale_view(scalex=False, scaley=True)
        else:
            ax.set_ylim(0, 1)  # as the chart has it with nothing to show
        ax.set_xlim(left, right)
        self.chart.reset_navigation()  # type: ignore[attr-defined]
        self.chart.canvas.draw_idle()  # type: ignore[attr-defined]

    def projection_data(self) -> tuple[np.ndarray, np.ndarray]:
        """The projected line's x (date numbers) and y, for tests."""
        x, y = self.projection.get_data()
        return np.asarray(x, dtype=float), np.asarray(y, dtype=float)

    def restyle(self, *, redraw: bool = True) -> None:
        colors = current_colors()
        goal = _goal_color(colors.dark)
        self.goal_line.set_color(goal)
        self.label.set_color(goal)
        self.projection.set_color(colors.accent)
        self.band.set_facecolor(colors.accent)
        self.band.set_alpha(0.16 if colors.dark else 0.12)
        self.caption.setStyleSheet(f"#GoalCaption {{ color: {colors.text}; }}")
        if redraw:
            self.chart.canvas.draw_idle()  # type: ignore[attr-defined]
