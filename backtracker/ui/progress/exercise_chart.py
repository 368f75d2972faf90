"""One exercise over time: a point per session, ★ on records, a dashed trend, hover details.

The axes and artists are made once; showing another exercise, metric or range only swaps
their data (`set_data`), rescales and asks for a redraw (`draw_idle`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from backtracker.domain.units import Unit, from_kg
from backtracker.services.progress import Metric, Series
from backtracker.ui.progress.formatting import axis_label, hover_text, in_unit
from backtracker.ui.progress.goal_overlay import GoalOverlay
from backtracker.ui.progress.mpl import (
    FONT_SIZE,
    TITLE_SIZE,
    ChartPanel,
    Event,
    MouseEvent,
    apply_colors,
    current_colors,
    date_nums,
    match_legend,
    mdates,
    setup_axes,
)
from backtracker.ui.progress.side_lines import SideLines
from backtracker.ui.theme import theme

HOVER_RADIUS_PX = 14  # logical pixels around a point that count as "on" it
SINGLE_POINT_SPAN_DAYS = 7
# Between the title and the legend above the axes; less room than this puts the legend inside.
LEGEND_GAP_PX = 16
# Generous bounds for the test that skips measuring: a bold character of the title is under
# 0.8 em wide; the legend ("Session", "Record", "Trend" and their keys) about 22 em.
TITLE_EM_PER_CHAR = 0.8
LEGEND_EMS = 26


@dataclass(frozen=True)
class ShownSeries:
    """What the chart shows now, in the person's unit (for hover and tests)."""

    series: Series
    metric: Metric
    unit: Unit
    values: tuple[float, ...]


def _marker_size(points: int) -> float:
    """Big dots for a few sessions, small ones for years of them."""
    if points <= 120:
        return 5.0
    return 3.0 if points <= 400 else 2.0


class ExerciseChart(ChartPanel):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.canvas.setAccessibleName("Exercise chart")
        self.canvas.setAccessibleDescription(
            "Your sessions over time, with record stars and a trend line; "
            "the Personal records table beside it has the numbers."
        )
        self.ax = self.figure.add_subplot()
        setup_axes(self.ax)
        (self.line,) = self.ax.plot(
            [], [], marker="o", linewidth=1.8, markeredgewidth=1.2, label="Session", zorder=3
        )
        (self.records,) = self.ax.plot(
            [], [], linestyle="none", marker="*", markersize=14, label="Record", zorder=4
        )
        (self.trend,) = self.ax.plot(
            [], [], linestyle=(0, (5, 3)), linewidth=1.4, label="Trend", zorder=2
        )
        # y=1.0 is where matplotlib puts it anyway (the ticks are below, the numbers have no
        # offset text); giving it turns off the check that measures the y axis again on every
        # layout and draw to find that out.
        self.title = self.ax.set_title(
            "", loc="left", fontsize=TITLE_SIZE, fontweight="bold", pad=10, y=1.0
        )
        self.legend = self.ax.legend(
            handles=[self.line, self.records, self.trend],
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            ncols=3,
            frameon=False,
            fontsize=FONT_SIZE,
            borderaxespad=0.3,
            handlelength=1.8,
        )
        self.message = self.ax.text(
            0.5,
            0.5,
            "",
            transform=self.ax.transAxes,
            ha="center",
            va="center",
            fontsize=FONT_SIZE + 1,
            visible=False,
        )
        self.hover = self.ax.annotate(
            "",
            xy=(0.0, 0.0),
            xytext=(12, 12),
            textcoords="offset points",
            fontsize=FONT_SIZE,
            bbox={"boxstyle": "round,pad=0.45", "linewidth": 0.8},
            zorder=10,
            visible=False,
            annotation_clip=True,
        )
        self.hover.set_in_layout(False)
        self.shown: ShownSeries | None = None
        self._x = np.empty(0)
        self._y = np.empty(0)
        self._hovered: int | None = None
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.canvas.mpl_connect("figure_leave_event", self._on_leave)
        self._legend_beside = True  # beside the title, above the axes (`_fit_legend`)
        self._legend_width: tuple[float, float] | None = None  # (dpi, px)
        self.canvas.mpl_connect("resize_event", lambda _event: self._fit_legend())
        theme().changed.connect(self.restyle)
        self.restyle(redraw=False)
        self.sides = SideLines(self)  # "Show both sides" of a one-sided exercise
        self.goal = GoalOverlay(self)  # the goal line, its forecast and caption

    # -- data ------------------------------------------------------------------------------
    def show_series(
        self,
        series: Series,
        *,
        metric: Metric,
        unit: Unit | str,
        title: str,
        since: dt.date | None,
        today: dt.date,
        empty_message: str = "",
    ) -> None:
        """Swap in another series; nothing is created or cleared."""
        unit = Unit(unit)
        values = in_unit(series.values, metric, unit)
        self.shown = ShownSeries(series, metric, unit, tuple(values))
        self._x = date_nums(series.days)
        self._y = np.asarray(values, dtype=float)
        count = len(values)
        self.line.set_data(self._x, self._y)
        self.line.set_markersize(_marker_size(count))
        marks = [i for i in series.record_indices if 0 <= i < count]
        self.records.set_data(self._x[marks], self._y[marks])
        self._set_trend(series, metric, unit)
        self.title.set_text(title)
        self._fit_legend()
        self.ax.set_ylabel(axis_label(metric, unit), fontsize=FONT_SIZE)
        self.message.set_text(empty_message)
        self.message.set_visible(count == 0)
        self._hide_hover()
        self._rescale(since, today)
        self.reset_navigation()
        self.canvas.draw_idle()

    def _fit_legend(self) -> None:
        """The legend beside the title when both fit above the axes; else in the axes' top
        right corner, framed: in a narrow window one was drawn over the other."""
        room = self.ax.get_position().width * self.figure.bbox.width
        text = self.title.get_text()
        em = self.figure.dpi / 72  # px per point
        if self._legend_beside and (
            len(text) * TITLE_EM_PER_CHAR * self.title.get_fontsize() * em
            + LEGEND_EMS * self.legend.get_texts()[0].get_fontsize() * em
            + LEGEND_GAP_PX
            <= room
        ):
            return  # plainly room for both: measuring costs 2-4 ms, the first time in a draw
        renderer = self.canvas.get_renderer()
        dpi = self.figure.dpi
        if self._legend_width is None or self._legend_width[0] != dpi:
            self._legend_width = (dpi, self.legend.get_window_extent(renderer).width)
        title = 0.0
        if text:
            title = renderer.get_text_width_height_descent(
                text, self.title.get_fontproperties(), ismath=False
            )[0]
        beside = title + self._legend_width[1] + LEGEND_GAP_PX <= room
        if beside == self._legend_beside:
            return
        self._legend_beside = beside
        self.legend.set_loc("lower right" if beside else "upper right")
        self.legend.set_frame_on(not beside)
        self.canvas.draw_idle()

    def _set_trend(self, series: Series, metric: Metric, unit: Unit) -> None:
        if series.trend is None or len(series.days) < 2:
            self.trend.set_data([], [])
            return
        slope, intercept = series.trend
        ends = (series.days[0], series.days[-1])
        kg = [slope * day.toordinal() + intercept for day in ends]
        y = [from_kg(v, unit) for v in kg] if metric.is_weight else kg
        self.trend.set_data(date_nums(ends), y)

    def _rescale(self, since: dt.date | None, today: dt.date) -> None:
        ax = self.ax
        ax.relim(visible_only=True)
        if self._x.size == 0:
            ax.set_ylim(0, 1)
            ax.tick_params(axis="y", labelleft=False)
        else:
            ax.tick_params(axis="y", labelleft=True)
            ax.autoscale_view(scalex=False, scaley=True)
        if since is not None:
            start, end = since, today
        elif self._x.size:
            start, end = mdates.num2date(self._x[0]).date(), mdates.num2date(self._x[-1]).date()
        else:
            start, end = today - dt.timedelta(days=28), today
        if (end - start).days < SINGLE_POINT_SPAN_DAYS:
            start -= dt.timedelta(days=SINGLE_POINT_SPAN_DAYS)
            end += dt.timedelta(days=SINGLE_POINT_SPAN_DAYS)
        pad = max(1.0, (end - start).days * 0.02)
        left, right = mdates.date2num(start), mdates.date2num(end)
        ax.set_xlim(left - pad, right + pad)

    # -- hover -----------------------------------------------------------------------------
    def point_at(self, x_px: float, y_px: float) -> int | None:
        """The session point within reach of a display position, or None."""
        if self._x.size == 0:
            return None
        points = self.ax.transData.transform(np.column_stack([self._x, self._y]))
        distances = np.hypot(points[:, 0] - x_px, points[:, 1] - y_px)
        nearest = int(np.argmin(distances))
        reach = HOVER_RADIUS_PX * self.canvas.device_pixel_ratio
        return nearest if distances[nearest] <= reach else None

    def _on_motion(self, event: Event) -> None:
        hit = None
        if isinstance(event, MouseEvent) and event.inaxes is self.ax:
            hit = self.point_at(event.x, event.y)
        if hit == self._hovered:
            return
        if hit is None:
            self._hide_hover()
        else:
            self._show_hover(hit)
        self.canvas.draw_idle()

    def _on_leave(self, _event: Event) -> None:
        if self._hovered is not None:
            self._hide_hover()
            self.canvas.draw_idle()

    def _show_hover(self, index: int) -> None:
        shown = self.shown
        if shown is None:
            return
        self._hovered = index
        series = shown.series
        detail = series.details[index] if index < len(series.details) else ""
        self.hover.set_text(
            hover_text(
                series.days[index],
                shown.values[index],
                detail,
                shown.metric,
                shown.unit,
                record=index in series.record_indices,
            )
        )
        self.hover.xy = (self._x[index], self._y[index])
        # Keep the box inside the axes: open it towards the middle.
        ax_x, ax_y = self.ax.transAxes.inverted().transform(
            self.ax.transData.transform((self._x[index], self._y[index]))
        )
        right, top = ax_x > 0.6, ax_y > 0.7
        self.hover.set_position((-12 if right else 12, -12 if top else 12))
        self.hover.set_horizontalalignment("right" if right else "left")
        self.hover.set_verticalalignment("top" if top else "bottom")
        self.hover.set_visible(True)

    def _hide_hover(self) -> None:
        self._hovered = None
        self.hover.set_visible(False)

    # -- theme -----------------------------------------------------------------------------
    def restyle(self, *, redraw: bool = True) -> None:
        colors = current_colors()
        apply_colors(self.figure, colors)
        self.line.set_color(colors.accent)
        self.line.set_markerfacecolor(colors.accent)
        self.line.set_markeredgecolor(colors.base)
        self.records.set_color(colors.star)
        self.records.set_markeredgecolor(colors.text if colors.dark else colors.muted_text)
        self.records.set_markeredgewidth(0.6)
        self.trend.set_color(colors.muted_text)
        match_legend(self.legend, (self.line, self.records, self.trend))
        self.legend.get_frame().set(facecolor=colors.base, edgecolor=colors.border, alpha=0.9)
        self.title.set_color(colors.text)
        self.message.set_color(colors.muted_text)
        self.hover.set_color(colors.text)
        self.hover.get_bbox_patch().set(
            facecolor=colors.window, edgecolor=colors.border, alpha=0.96
        )
        if redraw:
            self.canvas.draw_idle()
