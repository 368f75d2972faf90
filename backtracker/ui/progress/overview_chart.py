"""The training overview: sessions per week against the goal, volume by muscle, bodyweight.

Three axes in one figure, sharing the date axis. Like the exercise chart, every artist is
made once; a refresh swaps data in (`set_verts`, `set_data`) and asks for a redraw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from backtracker.domain.goals import COUNTED_SESSION_RULE
from backtracker.domain.units import KG_PER_LB, Unit
from backtracker.services.progress import Overview
from backtracker.ui.progress.mpl import (
    FONT_SIZE,
    TITLE_SIZE,
    Axes,
    ChartPanel,
    MaxNLocator,
    PolyCollection,
    SubplotSpec,
    Text,
    apply_colors,
    current_colors,
    date_nums,
    match_legend,
    mdates,
    setup_axes,
    to_rgba_array,
)
from backtracker.ui.theme import Colors, theme

TOP_MUSCLES = 5
OTHER = "other"
BAR_INSET_DAYS = 0.8  # gap between weekly bars
MID_WEEK_DAYS = 3.5
# Colour-blind-friendly hues (Okabe–Ito), readable on both the light and the dark base.
LAYER_COLORS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9")
LAYER_COLORS_DARK = ("#4c9be8", "#f0b43c", "#2cc197", "#de8fbd", "#8fd0f5")


def top_muscles(
    volumes: Mapping[str, Sequence[float]], limit: int = TOP_MUSCLES
) -> list[tuple[str, list[float]]]:
    """The `limit` muscles with the most volume, biggest first, the rest summed as "other"."""
    ranked = sorted(volumes.items(), key=lambda item: (-sum(item[1]), item[0]))
    layers = [(key, [float(v) for v in values]) for key, values in ranked[:limit]]
    rest = ranked[limit:]
    if rest:
        summed = [
            float(sum(column)) for column in zip(*(values for _, values in rest), strict=True)
        ]
        layers.append((OTHER, summed))
    return layers


def _from_kg(values: Sequence[float], unit: Unit) -> np.ndarray:
    """`from_kg` of each value, as one array (the same division, value by value)."""
    kg = np.asarray(values, dtype=float).reshape(-1)
    return kg / KG_PER_LB if unit is Unit.LB else kg


class OverviewChart(ChartPanel):
    RENDER_IN_STEPS = True  # its first draw, an axes per turn (`draw_in_steps`)

    def _make(self) -> Iterator[None]:
        self.canvas.setAccessibleName("Overview charts")
        self.canvas.setAccessibleDescription(
            "Back sessions per week against your goal, weekly volume by muscle, and bodyweight. "
            + COUNTED_SESSION_RULE
        )
        grid = self.figure.add_gridspec(3, 1, height_ratios=(1.0, 1.3, 1.0))
        self.titles: list[Text] = []
        self.messages: list[Text] = []
        self.sessions_ax = self._panel(grid[0], "Back sessions per week")
        self.sessions_ax.tick_params(axis="x", labelbottom=False)
        self.sessions_ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        self.sessions_ax.set_ylabel("sessions", fontsize=FONT_SIZE)
        self.goal_band = self.sessions_ax.axhspan(2, 3, zorder=0, linewidth=0)
        # Beside the band, right of the frame (where the charts below keep their legends):
        # inside it, the last week's bar ran through the label when it rose above the band.
        self.goal_label = self.sessions_ax.text(
            1.01,
            2.5,
            "goal",
            transform=self.sessions_ax.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=FONT_SIZE,
        )
        self.bars = PolyCollection([], linewidth=0, zorder=2)
        self.sessions_ax.add_collection(self.bars)
        self._week_counts = np.empty(0)
        self._goal = (2, 3)
        yield

        self.volume_ax = self._panel(grid[1], "Weekly volume by muscle")
        self.volume_ax.tick_params(axis="x", labelbottom=False)
        yield

        empty = np.zeros((TOP_MUSCLES + 1, 2))
        self.layers = self.volume_ax.stackplot(
            np.zeros(2), empty, labels=[""] * (TOP_MUSCLES + 1), zorder=2, linewidth=0
        )
        self.volume_legend = self.volume_ax.legend(
            handles=self.layers,
            labels=[" "] * len(self.layers),  # named per refresh: the top muscles change
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
            fontsize=FONT_SIZE,
            handlelength=1.2,
            borderaxespad=0.0,
        )
        self.layer_keys: list[str] = []
        yield

        self.body_ax = self._panel(grid[2], "Bodyweight")
        (self.body_line,) = self.body_ax.plot(
            [], [], marker="o", markersize=2.5, linewidth=0.8, label="Weigh-in", zorder=2
        )
        (self.body_avg,) = self.body_ax.plot(
            [], [], linewidth=2.2, label="Average of 7 weigh-ins", zorder=3
        )
        self.body_legend = self.body_ax.legend(
            handles=[self.body_line, self.body_avg],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
            fontsize=FONT_SIZE,
            handlelength=1.6,
            borderaxespad=0.0,
        )
        theme().changed.connect(self.restyle)
        self.restyle(redraw=False)

    def _panel(self, spec: SubplotSpec, title: str) -> Axes:
        """An axes of the figure, its x axis shared with the first, titled; a message in it."""
        ax = self.figure.add_subplot(spec, sharex=self.sessions_ax if self.titles else None)
        setup_axes(ax)
        self.titles.append(  # y=1.0: where matplotlib would measure its way to
            ax.set_title(title, loc="left", fontsize=TITLE_SIZE, fontweight="bold", y=1.0)
        )
        self.messages.append(
            ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", visible=False)
        )
        return ax

    # -- data ------------------------------------------------------------------------------
    def show_overview(
        self,
        overview: Overview,
        *,
        unit: Unit | str,
        goal: tuple[int, int],
        since: dt.date | None,
        today: dt.date,
    ) -> None:
        unit = Unit(unit)
        self._goal = goal
        self._show_sessions(overview, goal)
        self._show_volume(overview, unit)
        self._show_bodyweight(overview, unit)
        self._set_dates(overview, since, today)
        self.reset_navigation()
        self.canvas.draw_idle()

    def _show_sessions(self, overview: Overview, goal: tuple[int, int]) -> None:
        mondays = date_nums([week for week, _ in overview.weeks])
        counts = np.asarray([count for _, count in overview.weeks], dtype=float)
        self._week_counts = counts
        shown = counts > 0
        monday, height = mondays[shown], counts[shown]
        left, right = monday + BAR_INSET_DAYS, monday + 7 - BAR_INSET_DAYS  # as x + 7 - inset
        zero = np.zeros(height.size)
        # (bar, corner, x/y) in one array: the collection's fast path, the same outlines
        xs = np.stack([left, left, right, right], axis=1)
        ys = np.stack([zero, height, height, zero], axis=1)
        self.bars.set_verts(np.stack([xs, ys], axis=2))
        low, high = goal
        self.goal_band.set_y(low)
        self.goal_band.set_height(max(high - low, 0.08))
        self.goal_label.set_y((low + high) / 2)
        self.goal_label.set_text(f"goal {low}–{high}" if high != low else f"goal {low}")
        top = max([*counts, high]) if counts.size else high
        self.sessions_ax.set_ylim(0, top + 1)
        self._color_bars(current_colors())
        self._message(0, "" if counts.size else "No workouts in this range.")

    def _show_volume(self, overview: Overview, unit: Unit) -> None:
        x = date_nums(overview.muscle_weeks) + MID_WEEK_DAYS  # under the middle of the bars
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
                top = bottom + _from_kg(values, unit)
                collection.set_data(x, bottom, top)
                bottom = top
                top_value = float(top.max()) if top.size else 0.0
                label = (
                    "Other" if key == OTHER else overview.muscle_names.get(key, key).capitalize()
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
        weights = _from_kg([kg for _, kg in overview.bodyweight], unit)
        average = _from_kg(overview.bodyweight_avg7, unit)
        self.body_line.set_data(days, weights)
        self.body_avg.set_data(days[: len(average)], average)
        self.body_ax.set_ylabel(unit.value, fontsize=FONT_SIZE)
        ax = self.body_ax
        if weights.size:
            low, high = float(weights.min()), float(weights.max())
            margin = max((high - low) * 0.15, 0.5)
            ax.set_ylim(low - margin, high + margin)
        else:
            ax.set_ylim(0, 1)
        ax.tick_params(axis="y", labelleft=bool(weights.size))
        self._message(
            2, "" if weights.size else "No bodyweight logged in this range (Log tab ▸ Bodyweight)."
        )

    def _set_dates(self, overview: Overview, since: dt.date | None, today: dt.date) -> None:
        days = [week for week, _ in overview.weeks] + [day for day, _ in overview.bodyweight]
        start = since or (min(days) if days else today - dt.timedelta(days=28))
        end = today + dt.timedelta(days=7)
        self.sessions_ax.set_xlim(mdates.date2num(start), mdates.date2num(end))

    def _message(self, which: int, text: str) -> None:
        self.messages[which].set_text(text)
        self.messages[which].set_visible(bool(text))

    # -- theme -----------------------------------------------------------------------------
    def _color_bars(self, colors: Colors) -> None:
        shown = self._week_counts[self._week_counts > 0]
        reached = to_rgba_array([colors.accent, colors.outline])  # one lookup per colour
        self.bars.set_facecolors(np.where((shown >= self._goal[0])[:, None], *reached))

    def restyle(self, *, redraw: bool = True) -> None:
        colors = current_colors()
        apply_colors(self.figure, colors)
        for text in self.titles:
            text.set_color(colors.text)
        for text in self.messages:
            text.set_color(colors.muted_text)
        self.goal_band.set_facecolor(colors.star)
        self.goal_band.set_alpha(0.22 if colors.dark else 0.18)
        self.goal_label.set_color(colors.muted_text)
        self._color_bars(colors)
        palette = LAYER_COLORS_DARK if colors.dark else LAYER_COLORS
        handles = self.volume_legend.legend_handles
        for i, collection in enumerate(self.layers):
            color = palette[i] if i < len(palette) else colors.outline
            collection.set_facecolor(color)
            collection.set_alpha(0.85)
            if handles[i] is not None:
                handles[i].set_facecolor(color)
                handles[i].set_alpha(0.85)
        self.body_line.set_color(colors.outline)
        self.body_avg.set_color(colors.accent)
        match_legend(self.body_legend, (self.body_line, self.body_avg))
        if redraw:
            self.canvas.draw_idle()
