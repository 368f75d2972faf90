"""matplotlib, embedded the Qt way: a Figure on a FigureCanvasQTAgg with the navigation toolbar.

Never pyplot: figures are plain objects owned by their widgets. Colours come from the app's
theme and are re-applied whenever the theme changes.

This is the one module that imports matplotlib; the chart modules take what they need from
here, so the cache folder is always set before matplotlib first loads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import numpy as np
from PySide6.QtWidgets import QVBoxLayout, QWidget

from backtracker.domain.dates import MONTHS_SHORT
from backtracker.domain.units import format_number
from backtracker.ui.progress import configure_matplotlib_cache
from backtracker.ui.theme import Colors, theme

configure_matplotlib_cache()

# ruff: isort: off
import matplotlib.dates as mdates  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backend_bases import Event, MouseEvent  # noqa: E402
from matplotlib.backends.backend_qtagg import (  # noqa: E402
    FigureCanvasQTAgg,
    NavigationToolbar2QT,
)
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.legend import Legend  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

# ruff: isort: on

__all__ = [
    "Event",
    "MaxNLocator",
    "MouseEvent",
    "PolyCollection",
    "Text",
    "mdates",
]


def _ui_point_size() -> float:
    """The application's font size, so chart text grows with the system font like the rest."""
    from PySide6.QtWidgets import QApplication

    size = QApplication.font().pointSizeF() if QApplication.instance() is not None else -1.0
    return size if size > 0 else 9.0


# Qt's point sizes are at 96 dpi; drawing the figure at 96 dpi makes 9 pt mean the same here.
FIGURE_DPI = 96
FONT_SIZE = _ui_point_size()
TITLE_SIZE = FONT_SIZE * 7 / 6


class ChartToolbar(NavigationToolbar2QT):
    """Home, back, forward, pan, zoom and save: the tools a person needs, no subplot editors."""

    toolitems = [  # noqa: RUF012 - matplotlib's own class attribute, narrowed
        item
        for item in NavigationToolbar2QT.toolitems
        if item[0] in {None, "Home", "Back", "Forward", "Pan", "Zoom", "Save"}
    ]

    def __init__(self, canvas: FigureCanvasQTAgg, parent: QWidget | None = None) -> None:
        super().__init__(canvas, parent, coordinates=False)
        self.setAccessibleName("Chart tools")
        self._actions["save_figure"].setToolTip("Save the chart as PNG, SVG or PDF")


class ChartCanvas(FigureCanvasQTAgg):
    """A canvas whose save dialog proposes a meaningful file name."""

    def __init__(self, figure: Figure) -> None:
        super().__init__(figure)
        self.file_stem = "backtracker-chart"

    def get_default_filename(self) -> str:
        return f"{self.file_stem}.{self.get_default_filetype()}"


class ChartPanel(QWidget):
    """A figure with constrained layout, its canvas, and the toolbar above it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = Figure(dpi=FIGURE_DPI, layout="constrained")
        self.figure.get_layout_engine().set(w_pad=0.08, h_pad=0.08, hspace=0.06)
        self.canvas = ChartCanvas(self.figure)
        self.canvas.setMinimumSize(320, 240)
        self.toolbar = ChartToolbar(self.canvas, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.canvas, 1)

    def reset_navigation(self) -> None:
        """New data: Home goes to the new view, not to one from before the switch."""
        self.toolbar.update()


def date_nums(days: Sequence[dt.date]) -> np.ndarray:
    """Dates as matplotlib date numbers (float days), what the artists hold."""
    return np.asarray(mdates.date2num(list(days)), dtype=float) if days else np.empty(0)


def number_formatter() -> FuncFormatter:
    """Tick labels without scientific notation or offsets: 27.5, 360, 12,500."""

    def fmt(value: float, _position: object) -> str:
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return format_number(value, 2)

    return FuncFormatter(fmt)


_MONTH = "@@m%m"  # the month's number behind a marker; EnglishDateFormatter names it
_MONTH_MARK = re.compile(r"@@m(\d\d)")


def _name_months(text: str) -> str:
    return _MONTH_MARK.sub(lambda m: MONTHS_SHORT[int(m.group(1)) - 1], text)


class EnglishDateFormatter(mdates.ConciseDateFormatter):
    """matplotlib's concise date ticks, with English month names whatever the locale.

    matplotlib writes tick labels with strftime, whose %b follows the system language once
    Qt has set the locale; here months go in as numbers and come out named from the app's
    own table (domain/dates.py), the way every other date in the app is written.
    """

    def __init__(self, locator: mdates.DateLocator) -> None:
        super().__init__(
            locator,
            formats=["%Y", _MONTH, "%d", "%H:%M", "%H:%M", "%S.%f"],
            zero_formats=["", "%Y", _MONTH, f"%d {_MONTH}", "%H:%M", "%H:%M"],
            offset_formats=[
                "",
                "%Y",
                f"{_MONTH} %Y",
                f"%d {_MONTH} %Y",
                f"%d {_MONTH} %Y",
                f"%d {_MONTH} %Y %H:%M",
            ],
        )

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        return [_name_months(label) for label in super().format_ticks(values)]

    def get_offset(self) -> str:
        return _name_months(super().get_offset())

    def __call__(self, x: float, pos: int | None = None) -> str:
        return _name_months(super().__call__(x, pos))


def setup_axes(ax: Axes, *, dates: bool = True) -> None:
    """What every chart axis shares: no top/right spines, light grid, readable dates."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, axis="y", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=FONT_SIZE, length=3)
    ax.yaxis.set_major_formatter(number_formatter())
    if dates:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(EnglishDateFormatter(locator))


def apply_colors(figure: Figure, colors: Colors) -> None:
    """Paint figure, axes, ticks, labels and legends in the theme's colours.

    Titles and data artists belong to each chart, which colours them itself.
    """
    figure.set_facecolor(colors.base)
    for ax in figure.axes:
        ax.set_facecolor(colors.base)
        for spine in ax.spines.values():
            spine.set_color(colors.border)
        ax.tick_params(colors=colors.muted_text, labelcolor=colors.muted_text)
        ax.xaxis.get_offset_text().set_color(colors.muted_text)
        ax.yaxis.label.set_color(colors.muted_text)
        ax.xaxis.label.set_color(colors.muted_text)
        ax.tick_params(grid_color=colors.border)
        legend = ax.get_legend()
        if legend is not None:
            for text in legend.get_texts():
                text.set_color(colors.text)


def match_legend(legend: Legend, artists: Sequence[Line2D]) -> None:
    """Legend keys are copies made once; give them the lines' current colours."""
    for handle, line in zip(legend.legend_handles, artists, strict=True):
        if isinstance(handle, Line2D):
            handle.set_color(line.get_color())
            handle.set_markerfacecolor(line.get_markerfacecolor())
            handle.set_markeredgecolor(line.get_markeredgecolor())


def current_colors() -> Colors:
    return theme().colors
