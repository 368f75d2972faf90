"""Progress ▸ Lower back, the chart: weekly hard sets of high (and, lighter, moderate)
spinal-load exercises as bars, discomfort flags as points on a 0–10 axis of their own (a
circle on an exercise, a diamond for the lower back as a whole), and below, the posture
check-ins (1 poor – 5 great). Hovering a point shows its day, score and note.

Like the other charts, every artist is made once and a refresh swaps the data in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from backtracker.domain.dates import format_date
from backtracker.services.lower_back_history import THRESHOLD, LowerBackHistory
from backtracker.ui.progress.mpl import (
    FONT_SIZE,
    TITLE_SIZE,
    ChartPanel,
    Event,
    MaxNLocator,
    MouseEvent,
    PolyCollection,
    Text,
    apply_colors,
    current_colors,
    date_nums,
    mdates,
    number_formatter,
    setup_axes,
)
from backtracker.ui.theme import theme

BAR_INSET_DAYS = 0.8  # gap between weekly bars
MID_WEEK_DAYS = 3.5
HOVER_RADIUS_PX = 10
LOAD_TITLE = "Spinal load and discomfort"
POSTURE_TITLE = "Posture check-in (1 poor – 5 great)"
HIGH_LABEL = "High spinal-load sets a week"
MODERATE_LABEL = "Moderate spinal-load sets a week"
EXERCISE_FLAG_LABEL = "Discomfort on an exercise"
WHOLE_FLAG_LABEL = "Discomfort, lower back as a whole"
THRESHOLD_LABEL = f"{THRESHOLD} or more: counts for a swap"
NO_MARKS = "No discomfort flags or posture check-ins in this range; try a longer one."
NO_POSTURE = "No posture check-ins in this range (Posture 1–5 on a workout in the Log)."
# Okabe–Ito hues, readable on the light and the dark base: bars blue, flags vermillion and
# reddish purple, posture bluish green.
PALETTE = {
    False: {"bars": "#0072b2", "flag": "#d55e00", "whole": "#cc79a7", "posture": "#009e73"},
    True: {"bars": "#4c9be8", "flag": "#ff8a3d", "whole": "#de8fbd", "posture": "#2cc197"},
}


@dataclass(frozen=True)
class Mark:
    """A point the person can hover: where it is drawn and what it says."""

    x: float
    y: float
    posture: bool
    text: str


def flag_text(day: dt.date, exercise: str | None, score: int, note: str) -> str:
    where = exercise or "Lower back as a whole"
    text = f"{format_date(day)} · {where}: {score} of 10"
    return f"{text}\n{note}" if note else text


def posture_text(day: dt.date, score: int, note: str) -> str:
    text = f"{format_date(day)} · Posture {score} of 5"
    return f"{text}\n{note}" if note else text


class LowerBackChart(ChartPanel):
    RENDER_IN_STEPS = True  # its first draw, an axes per turn (`draw_in_steps`)

    def _make(self) -> Iterator[None]:
        self.canvas.setAccessibleName("Lower back chart")
        self.canvas.setAccessibleDescription(
            "Weekly hard sets of exercises with a high or moderate spinal load as bars, "
            "discomfort flags from 0 to 10 as points, and posture check-ins from 1 to 5 "
            "below; the list under the chart has the flags and their notes."
        )
        self.canvas.file_stem = "lower-back"
        grid = self.figure.add_gridspec(2, 1, height_ratios=(1.7, 1.0))
        self.load_ax = self.figure.add_subplot(grid[0])
        setup_axes(self.load_ax)
        self.load_ax.tick_params(axis="x", labelbottom=False)
        self.load_ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        self.load_ax.set_ylabel("hard sets a week", fontsize=FONT_SIZE)
        yield

        self.posture_ax = self.figure.add_subplot(grid[1], sharex=self.load_ax)
        setup_axes(self.posture_ax)
        yield

        self.flag_ax = self.load_ax.twinx()
        self._setup_flag_axis()
        self.titles: list[Text] = [
            ax.set_title(title, loc="left", fontsize=TITLE_SIZE, fontweight="bold")
            for ax, title in ((self.load_ax, LOAD_TITLE), (self.posture_ax, POSTURE_TITLE))
        ]
        self.messages: list[Text] = [
            ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", visible=False)
            for ax in (self.load_ax, self.posture_ax)
        ]

        self.high_bars = PolyCollection([], linewidth=0, zorder=2, label=HIGH_LABEL)
        self.moderate_bars = PolyCollection([], linewidth=0, zorder=2, label=MODERATE_LABEL)
        self.load_ax.add_collection(self.high_bars)
        self.load_ax.add_collection(self.moderate_bars)
        self.threshold = self.flag_ax.axhline(
            THRESHOLD, linestyle=(0, (4, 3)), linewidth=0.9, zorder=1, label=THRESHOLD_LABEL
        )
        (self.exercise_flags,) = self.flag_ax.plot(
            [], [], linestyle="none", marker="o", markersize=7, label=EXERCISE_FLAG_LABEL, zorder=4
        )
        (self.whole_flags,) = self.flag_ax.plot(
            [], [], linestyle="none", marker="D", markersize=7, label=WHOLE_FLAG_LABEL, zorder=5
        )
        (self.posture_points,) = self.posture_ax.plot(
            [], [], marker="o", markersize=5, linewidth=0.8, label="Posture check-in", zorder=3
        )
        self.posture_ax.set_ylim(0.5, 5.5)
        self.posture_ax.set_yticks([1, 2, 3, 4, 5])
        self.posture_ax.set_ylabel("posture", fontsize=FONT_SIZE)
        self.legend = self.flag_ax.legend(
            handles=[
                self.high_bars,
                self.moderate_bars,
                self.exercise_flags,
                self.whole_flags,
                self.threshold,
            ],
            loc="lower right",
            bbox_to_anchor=(1.0, 1.0),
            ncols=3,
            frameon=False,
            fontsize=FONT_SIZE,
            handlelength=1.6,
            borderaxespad=0.3,
        )
        self.hover = self.flag_ax.annotate(
            "",
            xy=(0.0, 0.0),
            xycoords="figure pixels",
            xytext=(12, 12),
            textcoords="offset points",
            fontsize=FONT_SIZE,
            bbox={"boxstyle": "round,pad=0.45", "linewidth": 0.8},
            zorder=10,
            visible=False,
            annotation_clip=False,
        )
        self.hover.set_in_layout(False)
        self.shown: LowerBackHistory | None = None
        self.marks: list[Mark] = []
        self._hovered: tuple[int, ...] = ()
        self._high = np.empty(0)
        self._moderate = np.empty(0)
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.canvas.mpl_connect("figure_leave_event", self._on_leave)
        theme().changed.connect(self.restyle)
        self.restyle(redraw=False)

    def _setup_flag_axis(self) -> None:
        ax = self.flag_ax
        ax.spines[["top", "left", "bottom"]].set_visible(False)
        ax.tick_params(labelsize=FONT_SIZE, length=3)
        ax.yaxis.set_major_formatter(number_formatter())
        ax.set_ylim(0, 10.6)
        ax.set_yticks([0, 2, 4, 6, 8, 10])
        ax.set_ylabel("discomfort (0–10)", fontsize=FONT_SIZE)

    # -- data ------------------------------------------------------------------------------
    def show_history(self, history: LowerBackHistory) -> None:
        """Swap in another range's weeks, flags and check-ins; nothing is created."""
        self.shown = history
        mondays = date_nums(history.weeks)
        self._high = np.asarray(history.high_sets, dtype=float)
        self._moderate = np.asarray(history.moderate_sets, dtype=float)
        self.high_bars.set_verts(_bars(mondays, np.zeros(mondays.size), self._high))
        self.moderate_bars.set_verts(_bars(mondays, self._high, self._high + self._moderate))
        top = float((self._high + self._moderate).max()) if mondays.size else 0.0
        self.load_ax.set_ylim(0, max(top, 4.0) * 1.12)

        exercise = [f for f in history.flags if f.exercise is not None]
        whole = [f for f in history.flags if f.exercise is None]
        self.exercise_flags.set_data(
            date_nums([f.day for f in exercise]) + 0.5, [f.score for f in exercise]
        )
        self.whole_flags.set_data(date_nums([f.day for f in whole]) + 0.5, [f.score for f in whole])
        self.posture_points.set_data(
            date_nums([p.day for p in history.posture]) + 0.5, [p.score for p in history.posture]
        )
        self.marks = [
            Mark(float(x) + 0.5, f.score, False, flag_text(f.day, f.exercise, f.score, f.note))
            for f, x in zip(history.flags, date_nums([f.day for f in history.flags]), strict=True)
        ] + [
            Mark(float(x) + 0.5, p.score, True, posture_text(p.day, p.score, p.note))
            for p, x in zip(
                history.posture, date_nums([p.day for p in history.posture]), strict=True
            )
        ]
        self._message(0, "" if history.has_marks else NO_MARKS)
        self._message(1, NO_POSTURE if history.flags and not history.posture else "")
        self.posture_ax.tick_params(axis="y", labelleft=bool(history.posture))
        if history.weeks:
            self.load_ax.set_xlim(
                mdates.date2num(history.weeks[0] - dt.timedelta(days=1)),
                mdates.date2num(history.weeks[-1] + dt.timedelta(days=8)),
            )
        self._hide_hover()
        self.reset_navigation()
        self.canvas.draw_idle()

    def _message(self, which: int, text: str) -> None:
        self.messages[which].set_text(text)
        self.messages[which].set_visible(bool(text))

    # -- hover -----------------------------------------------------------------------------
    def marks_at(self, x_px: float, y_px: float) -> tuple[int, ...]:
        """The marks within reach of a display position (several on one spot), nearest
        first."""
        if not self.marks:
            return ()
        flag_data = self.flag_ax.transData
        posture_data = self.posture_ax.transData
        points = np.asarray(
            [
                (posture_data if mark.posture else flag_data).transform((mark.x, mark.y))
                for mark in self.marks
            ]
        )
        distances = np.hypot(points[:, 0] - x_px, points[:, 1] - y_px)
        reach = HOVER_RADIUS_PX * self.canvas.device_pixel_ratio
        return tuple(int(i) for i in np.argsort(distances, kind="stable") if distances[i] <= reach)

    def mark_position(self, index: int) -> tuple[float, float]:
        """Where a mark is drawn, in display pixels (for hover and tests)."""
        mark = self.marks[index]
        ax = self.posture_ax if mark.posture else self.flag_ax
        x, y = ax.transData.transform((mark.x, mark.y))
        return float(x), float(y)

    def _on_motion(self, event: Event) -> None:
        hits: tuple[int, ...] = ()
        if isinstance(event, MouseEvent) and event.inaxes is not None:
            hits = self.marks_at(event.x, event.y)
        if hits == self._hovered:
            return
        if hits:
            self._show_hover(hits)
        else:
            self._hide_hover()
        self.canvas.draw_idle()

    def _on_leave(self, _event: Event) -> None:
        if self._hovered:
            self._hide_hover()
            self.canvas.draw_idle()

    def _show_hover(self, hits: tuple[int, ...]) -> None:
        self._hovered = hits
        self.hover.set_text("\n".join(self.marks[i].text for i in hits))
        x, y = self.mark_position(hits[0])
        self.hover.xy = (x, y)
        width, height = self.figure.bbox.width, self.figure.bbox.height
        right, top = x > width * 0.6, y > height * 0.6
        self.hover.set_position((-12 if right else 12, -12 if top else 12))
        self.hover.set_horizontalalignment("right" if right else "left")
        self.hover.set_verticalalignment("top" if top else "bottom")
        self.hover.set_visible(True)

    def _hide_hover(self) -> None:
        self._hovered = ()
        self.hover.set_visible(False)

    # -- theme -----------------------------------------------------------------------------
    def restyle(self, *, redraw: bool = True) -> None:
        colors = current_colors()
        apply_colors(self.figure, colors)
        hues = PALETTE[colors.dark]
        self.flag_ax.set_facecolor("none")  # the twin lies over the bars' axes
        for text in self.titles:
            text.set_color(colors.text)
        for text in self.messages:
            text.set_color(colors.muted_text)
        self.high_bars.set_facecolor(hues["bars"])
        self.high_bars.set_alpha(0.75)
        self.moderate_bars.set_facecolor(hues["bars"])
        self.moderate_bars.set_alpha(0.4 if colors.dark else 0.3)
        self.threshold.set_color(colors.muted_text)
        for line, hue in ((self.exercise_flags, hues["flag"]), (self.whole_flags, hues["whole"])):
            line.set_color(hue)
            line.set_markerfacecolor(hue)
            line.set_markeredgecolor(colors.base)
            line.set_markeredgewidth(1.0)
        self.posture_points.set_color(hues["posture"])
        self.posture_points.set_markerfacecolor(hues["posture"])
        self.posture_points.set_markeredgecolor(colors.base)
        handles = self.legend.legend_handles
        for handle, artist in zip(
            handles,
            (
                self.high_bars,
                self.moderate_bars,
                self.exercise_flags,
                self.whole_flags,
                self.threshold,
            ),
            strict=True,
        ):
            if isinstance(artist, PolyCollection):
                handle.set_facecolor(artist.get_facecolor())
                handle.set_alpha(artist.get_alpha())
            else:
                handle.set_color(artist.get_color())
                if hasattr(handle, "set_markerfacecolor"):
                    handle.set_markerfacecolor(artist.get_markerfacecolor())
                    handle.set_markeredgecolor(artist.get_markeredgecolor())
        self.hover.set_color(colors.text)
        self.hover.get_bbox_patch().set(
            facecolor=colors.window, edgecolor=colors.border, alpha=0.96
        )
        if redraw:
            self.canvas.draw_idle()


def _bars(mondays: np.ndarray, bottom: np.ndarray, top: np.ndarray) -> list[list[tuple]]:
    """A rectangle per week with something in it, inset from the week's edges."""
    return [
        [
            (x + BAR_INSET_DAYS, low),
            (x + BAR_INSET_DAYS, high),
            (x + 7 - BAR_INSET_DAYS, high),
            (x + 7 - BAR_INSET_DAYS, low),
        ]
        for x, low, high in zip(mondays, bottom, top, strict=True)
        if high > low
    ]
