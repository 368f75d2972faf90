"""Progress ▸ Body: one body measurement over time and the V-taper (shoulders ÷ waist).

Two axes sharing the dates: the chosen measurement's entries as points with their moving
average (the last `MOVING_AVERAGE_ENTRIES` entries), in the person's length unit; below,
the shoulder-to-waist ratio the same way. Like the other charts, every artist is made once
and a refresh swaps the data in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from backtracker.domain import measurements as m
from backtracker.services import measurements
from backtracker.services.measurements import Series
from backtracker.ui.progress.mpl import (
    FONT_SIZE,
    TITLE_SIZE,
    Axes,
    ChartPanel,
    SubplotSpec,
    Text,
    apply_colors,
    current_colors,
    date_nums,
    match_legend,
    mdates,
    setup_axes,
)
from backtracker.ui.theme import theme

AVERAGE_LABEL = f"Average of {m.MOVING_AVERAGE_ENTRIES} entries"
RATIO_TITLE = "V-taper: shoulders ÷ waist"
RATIO_HINT = (
    "Each shoulder measurement over the waist of that day, or of the nearest day up to "
    f"{m.RATIO_TOLERANCE_DAYS} days away. Higher is a wider V."
)


class BodyChart(ChartPanel):
    RENDER_IN_STEPS = True  # its first draw, an axes per turn (`draw_in_steps`)

    def _make(self) -> Iterator[None]:
        self.canvas.setAccessibleName("Body measurement charts")
        self.canvas.setAccessibleDescription(
            "The chosen body measurement with its moving average, and the shoulder-to-waist "
            "ratio (V-taper) below it."
        )
        self.canvas.file_stem = "body-measurements"
        grid = self.figure.add_gridspec(2, 1, height_ratios=(1.4, 1.0))
        self.titles: list[Text] = []
        self.messages: list[Text] = []
        self.metric_ax = self._panel(grid[0], None)
        self.metric_ax.tick_params(axis="x", labelbottom=False)
        self.points, self.average, self.metric_legend = self._lines(self.metric_ax, "Entry")
        yield

        self.ratio_ax = self._panel(grid[1], self.metric_ax)
        self.titles[1].set_text(RATIO_TITLE)
        self.ratio_points, self.ratio_average, self.ratio_legend = self._lines(
            self.ratio_ax, "Ratio"
        )
        theme().changed.connect(self.restyle)
        self.restyle(redraw=False)

    def _panel(self, spec: SubplotSpec, sharex: Axes | None) -> Axes:
        ax = self.figure.add_subplot(spec, sharex=sharex)
        setup_axes(ax)
        self.titles.append(ax.set_title("", loc="left", fontsize=TITLE_SIZE, fontweight="bold"))
        self.messages.append(
            ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", visible=False)
        )
        return ax

    def _lines(self, ax, label: str):  # type: ignore[no-untyped-def]
        (points,) = ax.plot([], [], marker="o", markersize=4, linewidth=0.8, label=label, zorder=2)
        (average,) = ax.plot([], [], linewidth=2.2, label=AVERAGE_LABEL, zorder=3)
        legend = ax.legend(
            handles=[points, average],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
            fontsize=FONT_SIZE,
            handlelength=1.6,
            borderaxespad=0.0,
        )
        return points, average, legend

    # -- data ------------------------------------------------------------------------------
    def show_body(
        self,
        series: Series,
        ratio: Series,
        *,
        length_unit: str,
        since: dt.date | None,
        today: dt.date,
    ) -> None:
        info = m.METRICS[series.metric]
        unit = m.unit_of(series.metric, length_unit)
        shown = [
            (day, m.to_shown(series.metric, value, length_unit), avg)
            for (day, value), avg in zip(series.points, series.average, strict=True)
        ]
        kept = [row for row in shown if since is None or row[0] >= since]
        self.titles[0].set_text(f"{info.label} ({unit})")
        self.metric_ax.set_ylabel(unit, fontsize=FONT_SIZE)
        self._fill(
            0,
            [(day, value) for day, value, _ in kept],
            [m.to_shown(series.metric, avg, length_unit) for _, _, avg in kept],
            margin=0.5,
            empty=f"No {info.name} measured in this range (Log tab ▸ Measurements).",
        )
        ratio_rows = [
            (day, value, avg)
            for (day, value), avg in zip(ratio.points, ratio.average, strict=True)
            if since is None or day >= since
        ]
        self._fill(
            1,
            [(day, value) for day, value, _ in ratio_rows],
            [avg for _, _, avg in ratio_rows],
            margin=0.02,
            empty="Measure your shoulders and waist to see your V-taper.",
        )
        # From the first entry shown: a range longer than the measurements is no blank space.
        days = [row[0] for row in kept] + [row[0] for row in ratio_rows]
        start = min(days) if days else since or today - dt.timedelta(days=28)
        self.metric_ax.set_xlim(
            mdates.date2num(start - dt.timedelta(days=2)),
            mdates.date2num(today + dt.timedelta(days=3)),
        )
        self.reset_navigation()
        self.canvas.draw_idle()

    def _fill(
        self,
        which: int,
        rows: list[tuple[dt.date, float]],
        avg: list[float],
        *,
        margin: float,
        empty: str,
    ) -> None:
        ax = (self.metric_ax, self.ratio_ax)[which]
        points, average = ((self.points, self.average), (self.ratio_points, self.ratio_average))[
            which
        ]
        days = date_nums([day for day, _ in rows])
        values = [value for _, value in rows]
        points.set_data(days, values)
        average.set_data(days, avg)
        if values:
            low, high = min(values), max(values)
            pad = max((high - low) * 0.15, margin)
            ax.set_ylim(low - pad, high + pad)
        else:
            ax.set_ylim(0, 1)
        ax.tick_params(axis="y", labelleft=bool(values))
        self.messages[which].set_text(empty if not values else "")
        self.messages[which].set_visible(not values)

    # -- theme -----------------------------------------------------------------------------
    def restyle(self, *, redraw: bool = True) -> None:
        colors = current_colors()
        apply_colors(self.figure, colors)
        for text in self.titles:
            text.set_color(colors.text)
        for text in self.messages:
            text.set_color(colors.muted_text)
        for points, average, legend in (
            (self.points, self.average, self.metric_legend),
            (self.ratio_points, self.ratio_average, self.ratio_legend),
        ):
            points.set_color(colors.outline)
            points.set_markerfacecolor(colors.outline)
            points.set_markeredgecolor(colors.outline)
            average.set_color(colors.accent)
            match_legend(legend, (points, average))
        if redraw:
            self.canvas.draw_idle()


class BodyPage(QWidget):
    """The metric to chart, the chart, and what the ratio means."""

    def __init__(self, parent: QWidget | None = None, *, in_steps: bool = False) -> None:
        """With `in_steps`, the chart's axes are made by its `make_step` (`PageMaker`)."""
        super().__init__(parent)
        self.metric_combo = QComboBox()
        self.metric_combo.setAccessibleName("Body measurement")
        for key, info in m.METRICS.items():
            self.metric_combo.addItem(info.label, key)
        label = QLabel("Mea&surement")
        label.setBuddy(self.metric_combo)
        self.note = QLabel(RATIO_HINT)
        self.note.setWordWrap(True)
        self.note.setEnabled(False)
        self.chart = BodyChart(in_steps=in_steps)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.metric_combo)
        row.addSpacing(12)
        row.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.chart, 1)
        self._last: tuple[str, dt.date | None, dt.date] | None = None
        self.metric_combo.currentIndexChanged.connect(self._redraw)

    def current_metric(self) -> str:
        return str(self.metric_combo.currentData())

    def set_metric(self, metric: str) -> bool:
        row = self.metric_combo.findData(metric)
        if row >= 0:
            self.metric_combo.setCurrentIndex(row)
        return row >= 0

    def show_range(self, *, length_unit: str, since: dt.date | None, today: dt.date) -> None:
        self._last = (length_unit, since, today)
        self.chart.canvas.file_stem = f"body-{self.current_metric().replace('_', '-')}"
        self.chart.show_body(
            measurements.series(self.current_metric()),
            measurements.series(m.V_TAPER),
            length_unit=length_unit,
            since=since,
            today=today,
        )

    def _redraw(self) -> None:
        if self._last is not None:
            length_unit, since, today = self._last
            self.show_range(length_unit=length_unit, since=since, today=today)

    def focus_main(self) -> None:
        self.metric_combo.setFocus(Qt.FocusReason.OtherFocusReason)
