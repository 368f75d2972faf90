"""matplotlib, embedded the Qt way: a Figure on a FigureCanvasQTAgg with the navigation toolbar.

Never pyplot: figures are plain objects owned by their widgets. Colours come from the app's
theme and are re-applied whenever the theme changes.

This is the one module that imports matplotlib; the chart modules take what they need from
here, so the cache folder is always set before matplotlib first loads (text_cache.py, which
draws the canvases' text, sets it too).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from backtracker.domain.dates import MONTHS_SHORT
from backtracker.domain.units import format_number
from backtracker.ui.progress import configure_matplotlib_cache, text_cache
from backtracker.ui.progress.draw_memo import DrawMemo
from backtracker.ui.theme import Colors, theme

configure_matplotlib_cache()

# ruff: isort: off
import matplotlib.dates as mdates  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backend_bases import DrawEvent, Event, MouseEvent  # noqa: E402
from matplotlib.backends.backend_qtagg import (  # noqa: E402
    FigureCanvasQTAgg,
    NavigationToolbar2QT,
)
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.colors import to_rgba_array  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.gridspec import SubplotSpec  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402
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
    "SubplotSpec",
    "Text",
    "mdates",
    "to_rgba_array",
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
# Between a held first draw's steps: a timer, not a posted call, so whatever else is due
# (input, paints, other timers) runs between two steps, never after two of them back to back.
STEP_MS = 1


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


LayoutKey = tuple[object, ...]


def layout_key(figure: Figure) -> LayoutKey:
    """What the constrained layout reads: the figure's size, resolution and canvas, and for
    each axes the room taken around it by what is drawn outside its frame (tick labels,
    titles, axis labels, legends, unclipped texts), measured as the solver measures them,
    in pixels from the frame's edges."""
    renderer = figure._get_renderer()  # type: ignore[attr-defined]
    key: list[object] = [tuple(figure.bbox.bounds), figure.dpi, type(figure.canvas).__name__]
    for ax in figure.axes:
        frame = ax.get_window_extent(renderer)
        box = ax.get_tightbbox(renderer, for_layout_only=True) if ax.get_visible() else None
        room = None
        if box is not None:
            room = tuple(
                round(float(edge), 3)
                for edge in (
                    frame.x0 - box.x0,
                    frame.y0 - box.y0,
                    box.x1 - frame.x1,
                    box.y1 - frame.y1,
                )
            )
        key.append((ax.get_visible(), room))
    return tuple(key)


class SteadyLayout(ConstrainedLayoutEngine):
    """Constrained layout that remembers its answers.

    The solver measures every tick label, title and legend of the figure twice over (a
    third of a chart's render). Its answer, the place of each axes, follows from the
    figure's size and the room each axes needs around its frame; `layout_key` measures that
    room once. While it is the same as last time the axes stay where they are; when it is
    one seen before (switching back to an exercise whose labels take the same room) the
    places found then are put back; otherwise the solver runs as before. Saving the chart
    (another canvas, another resolution) is another key, so it is laid out for itself.
    """

    MAX_REMEMBERED = 64

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._placed: LayoutKey | None = None  # the key the axes are laid out for now
        self._answers: dict[LayoutKey, list[object]] = {}
        self.runs = 0  # how often the solver ran (for tests)

    def execute(self, fig: Figure) -> dict[str, object]:  # type: ignore[override]
        try:
            key: LayoutKey | None = layout_key(fig)
        except (AttributeError, TypeError):  # without matplotlib's private hooks: lay out
            key = None
        if key is not None and key == self._placed:
            return {}
        answer = self._answers.get(key) if key is not None else None
        if answer is not None and len(answer) == len(fig.axes):
            for ax, position in zip(fig.axes, answer, strict=True):
                ax._set_position(position)  # type: ignore[attr-defined]  # as the solver does
            self._placed = key
            return {}
        self._placed = None  # if the solver fails, try again next time
        self.runs += 1
        _from_default_places(fig)
        result = super().execute(fig)
        if key is not None:
            if len(self._answers) >= self.MAX_REMEMBERED:
                self._answers.clear()
            self._answers[key] = [ax.get_position(original=True).frozen() for ax in fig.axes]
            self._placed = key
        return result

    def forget(self) -> None:
        """Lay out again on the next draw."""
        self._placed = None
        self._answers.clear()


def _from_default_places(fig: Figure) -> None:
    """Put each gridded axes back where its grid cell puts it before the solver runs.

    The solver's answer depends, by a hair, on where the axes start: run from the last
    answer (a chart drawn in steps runs it after each step that changes the room around the
    axes) it ended 0.007 px from a run on a new figure, enough to shift an edge's
    anti-aliasing. From the default places every run for the same figure gives one answer,
    whatever was drawn before."""
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        if spec is not None:
            ax._set_position(spec.get_position(fig))  # type: ignore[attr-defined]


class ChartFigure(Figure):
    """A figure whose draw works out each axis's ticks and each axes' tight box once
    (`DrawMemo`, draw_memo.py)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._draw_memo = DrawMemo()

    def draw(self, renderer: object) -> None:  # type: ignore[override]
        memo = self._draw_memo
        memo.watch_figure(self)
        memo.start()
        try:
            super().draw(renderer)  # type: ignore[arg-type]
        finally:
            memo.stop()


class ChartCanvas(FigureCanvasQTAgg):
    """A canvas whose save dialog proposes a meaningful file name."""

    def __init__(self, figure: Figure) -> None:
        super().__init__(figure)
        self.file_stem = "backtracker-chart"

    def get_default_filename(self) -> str:
        return f"{self.file_stem}.{self.get_default_filetype()}"

    def get_renderer(self) -> object:
        """matplotlib's renderer, drawing text from what earlier draws worked out
        (text_cache.py: the same pixels)."""
        return text_cache.adopt(super().get_renderer())


class ChartPanel(QWidget):
    """A figure with constrained layout, its canvas, and the toolbar above it.

    Its first draw can be held (`hold_draws`) while it is hidden and then made a step per
    event-loop turn (`draw_in_steps`); a chart of several axes (`RENDER_IN_STEPS`) renders
    one axes per turn too.
    """

    RENDER_IN_STEPS = False

    def __init__(self, parent: QWidget | None = None, *, in_steps: bool = False) -> None:
        """A subclass makes its axes and artists in `_make` (a step between `yield`s); with
        `in_steps`, they are made a step per `make_step` call, else here at once."""
        super().__init__(parent)
        self.layout_engine = SteadyLayout(w_pad=0.08, h_pad=0.08, hspace=0.06)
        self.figure = ChartFigure(dpi=FIGURE_DPI, layout=self.layout_engine)
        self.canvas = ChartCanvas(self.figure)
        self.canvas.setMinimumSize(320, 240)
        self.toolbar = ChartToolbar(self.canvas, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.canvas, 1)
        self._held = False  # draws wait (`hold_draws`) ...
        self._draw_wanted = False  # ... and this remembers one was asked for
        self._steps: list[Callable[[], object]] = []  # `draw_in_steps` still to come
        # Every draw request (ours, the overlays', matplotlib's on a resize or a stale
        # artist) goes through `canvas.draw_idle`; while held, it is only remembered.
        self.canvas.draw_idle = self._draw_idle  # type: ignore[method-assign]
        self._making: Iterator[None] | None = self._make()
        if not in_steps:
            self.finish_making()

    # -- its axes and artists, made at once or a step at a time ------------------------------
    def _make(self) -> Iterator[None]:
        """The axes and artists of the chart, a step (an axes or so: 5 to 15 ms) per `yield`."""
        yield from ()

    @property
    def made(self) -> bool:
        return self._making is None

    def make_step(self) -> bool:
        """Make the next part of the chart; False once it is all made (PageMaker makes a page
        a step per idle moment, so that no turn of the event loop pays for all its axes)."""
        if self._making is None:
            return False
        try:
            next(self._making)
        except StopIteration:
            self._making = None
            return False
        return True

    def finish_making(self) -> None:
        """Make what is left of the chart: it is needed now."""
        while self.make_step():
            pass

    # -- the first draw, in steps ----------------------------------------------------------
    def _draw_idle(self) -> None:
        if self._held:
            self._draw_wanted = True
        else:
            type(self.canvas).draw_idle(self.canvas)

    @property
    def held(self) -> bool:
        return self._held

    def hold_draws(self) -> None:
        """Draw nothing until `draw_in_steps` or `release_draws` (the chart is hidden: a
        draw now, of no data, would cost as much as the real one)."""
        self._held = True

    def release_draws(self) -> None:
        """Draw as usual again; a draw asked for meanwhile happens on the next turn."""
        self._steps.clear()
        self.figure._draw_memo.stop()
        if self._held:
            self._held = False
            if self._draw_wanted:
                self._draw_wanted = False
                self.canvas.draw_idle()

    def draw_in_steps(self, then: Callable[[], None]) -> None:
        """The held chart's first draw, over the next turns of the event loop, then `then()`.

        The first draw of a chart in a session costs several times a later one (its ticks
        made, fonts loaded, every label measured, the layout solved): 80 ms for one axes,
        150 ms and more for the Overview's three. Here each axes's x and y ticks and labels,
        the layout and the render (with `RENDER_IN_STEPS`, each axes) have a turn of their
        own, all while the chart is hidden, at the size the canvas has been given; `then`
        shows it, already drawn. A `release_draws` meanwhile (the chart needed at once)
        drops the remaining steps."""
        if not self._held:
            then()
            return
        renderer = self.canvas.get_renderer()

        def render() -> None:
            self._draw_wanted = False
            self.canvas.draw()

        def show() -> None:
            self._held = False
            if self._draw_wanted:  # asked for after the render (a theme change, new data)
                self._draw_wanted = False
                self.canvas.draw_idle()
            then()

        stepping = bool(self._steps)  # asked again before the last steps were done
        self._steps = []
        for ax in self.figure.axes:
            if ax.get_visible():
                self._steps.append(partial(ax.xaxis.get_tightbbox, renderer, for_layout_only=True))
                self._steps.append(partial(ax.yaxis.get_tightbbox, renderer, for_layout_only=True))
        self._steps.append(self._lay_out)
        self._steps += self._render_steps() if self.RENDER_IN_STEPS else [render]
        self._steps.append(show)
        if not stepping:
            QTimer.singleShot(STEP_MS, self, self._next_step)

    def _lay_out(self) -> None:
        """The layout, as a draw does it: ticks and tight boxes worked out once (`DrawMemo`)."""
        memo = self.figure._draw_memo
        memo.watch_figure(self.figure)
        memo.start()
        try:
            self.layout_engine.execute(self.figure)
        finally:
            memo.stop()

    def _render_steps(self) -> list[Callable[[], object]]:
        """`FigureCanvasAgg.draw` and `Figure.draw`, cut between the figure's artists (its
        axes): the same calls in the same order into the same buffer, so the same pixels.
        The layout was done by the step before."""
        canvas, figure = self.canvas, self.figure
        memo = figure._draw_memo
        left: list[object] = []

        def begin() -> None:
            self._draw_wanted = False
            renderer = canvas.renderer = canvas.get_renderer()
            renderer.clear()
            memo.watch_figure(figure)
            memo.start()  # until `finish`: the view and places key it, as in one draw
            left[:] = figure._get_draw_artists(renderer)  # type: ignore[attr-defined]
            renderer.open_group("figure", gid=figure.get_gid())
            figure.patch.draw(renderer)

        def one() -> None:
            if left:
                left.pop(0).draw(canvas.renderer)  # type: ignore[attr-defined]

        def finish() -> None:
            renderer = canvas.renderer
            try:
                while left:
                    left.pop(0).draw(renderer)  # type: ignore[attr-defined]
                renderer.close_group("figure")
            finally:
                figure.stale = False
                memo.stop()
            DrawEvent("draw_event", canvas, renderer)._process()
            canvas.update()

        artists = [a for a in figure.get_children() if a is not figure.patch]
        return [begin, *(one for _ in artists), finish]

    def _next_step(self) -> None:
        if self._steps:
            try:
                self._steps.pop(0)()
            except Exception:
                show = self._steps[-1] if self._steps else None  # `then`: uncover
                self.release_draws()  # draw as usual rather than stay blank
                if show is not None:
                    show()
                raise
            if self._steps:
                QTimer.singleShot(STEP_MS, self, self._next_step)

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
        self._ticks_key: tuple[object, ...] | None = None
        self._labels: tuple[list[str], str] = ([], "")

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        """The labels of these ticks, remembered for the last ticks asked: one draw asks
        for the same ticks many times (layout, siblings of shared axes, the draw itself)."""
        inverted = bool(self._locator.axis and self._locator.axis.get_inverted())
        key = (tuple(float(v) for v in values), inverted, str(self._tz))
        if key != self._ticks_key:
            labels = [_name_months(label) for label in super().format_ticks(values)]
            self._ticks_key, self._labels = key, (labels, self._offset_string)
        labels, self._offset_string = self._labels
        return list(labels)

    def get_offset(self) -> str:
        return _name_months(super().get_offset())

    def __call__(self, x: float, pos: int | None = None) -> str:
        return _name_months(super().__call__(x, pos))


class RememberingDateLocator(mdates.AutoDateLocator):
    """matplotlib's automatic date ticks, worked out once per view.

    A draw asks the locator for its ticks dozens of times (the constrained layout, the
    tick labels of every axis sharing the dates, the draw); each time the automatic locator
    builds and runs a date rule. The ticks depend only on the view's ends (and the time
    zone), so they are kept for the last view and handed out again while it is the same.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._view_key: tuple[object, ...] | None = None
        self._ticks = np.empty(0)

    def __call__(self) -> np.ndarray:
        if self.axis is None:
            return super().__call__()
        vmin, vmax = self.axis.get_view_interval()
        key = (
            float(vmin),
            float(vmax),
            str(self.tz),
            self.minticks,
            tuple(sorted(self.maxticks.items())),
            self.interval_multiples,
        )
        if key != self._view_key:
            self._ticks = np.asarray(super().__call__())
            self._view_key = key
        return self._ticks.copy()


def setup_axes(ax: Axes, *, dates: bool = True) -> None:
    """What every chart axis shares: no top/right spines, light grid, readable dates."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(True, axis="y", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=FONT_SIZE, length=3)
    ax.yaxis.set_major_formatter(number_formatter())
    if dates:
        locator = RememberingDateLocator(minticks=3, maxticks=9)
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
