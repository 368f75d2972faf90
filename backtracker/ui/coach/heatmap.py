"""The back's week on the back: the five coach regions of the body diagram's back view,
shaded by their hard sets against the band (below, within, above, or no sets at all).

Colour is never the only cue: each region's count and state are written beside it, a
legend names the colours, hovering a region (or its label) shows its sentence, and the
accessible description reads all five sentences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QByteArray, QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QImage,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from backtracker.domain.coach.regions import (
    DEFAULT_BAND,
    REGION_LABELS,
    REGIONS,
    RegionCount,
    format_sets,
    region_sentence,
)
from backtracker.ui.library.diagram import body_svg, recolour
from backtracker.ui.theme import Colors, theme

# The back view's torso and arms (the legs say nothing about the back), in SVG units.
TORSO = QRectF(12, 4, 216, 251)
# The diagram's shapes of each region: <prefix>-left and <prefix>-right.
REGION_SHAPES = {
    "lats": "lats",
    "mid_back": "rhomboids",
    "upper_traps": "trapezius",
    "rear_delts": "rear-delts",
    "erectors": "erector-spinae",
}
_SHAPE_REGION = {
    f"{prefix}-{side}": region
    for region, prefix in REGION_SHAPES.items()
    for side in ("left", "right")
}
# Where each region's label line starts: a point inside its right-hand shape (SVG units).
_ANCHORS = {
    "upper_traps": (146.0, 72.0),
    "rear_delts": (184.0, 97.0),
    "mid_back": (147.0, 114.0),
    "lats": (157.0, 152.0),
    "erectors": (130.0, 196.0),
}
MIN_FIGURE_HEIGHT = 30.0  # below this the figure says nothing: it is not drawn
_LABEL_ORDER = ("upper_traps", "rear_delts", "mid_back", "lats", "erectors")  # top to bottom


class Shade(StrEnum):
    """What a region's colour says."""

    NONE = "none"  # no hard sets at all
    BELOW = "below"
    WITHIN = "within"
    ABOVE = "above"


SHADE_WORDS = {
    Shade.NONE: "no sets",
    Shade.BELOW: "below",
    Shade.WITHIN: "in band",
    Shade.ABOVE: "above",
}
# Amber, green and violet stay apart for the common colour-vision deficiencies too, and
# differ in lightness; "no sets" is the diagram's idle grey.
_SHADE_COLORS = {
    False: {Shade.BELOW: "#f0a22e", Shade.WITHIN: "#2f9e6e", Shade.ABOVE: "#7b4fd6"},
    True: {Shade.BELOW: "#d9962a", Shade.WITHIN: "#3cb47c", Shade.ABOVE: "#a486f2"},
}


def shade_of_count(count: RegionCount) -> Shade:
    if count.sets == 0:
        return Shade.NONE
    return Shade(count.status.value)


def shade_color(shade: Shade, colors: Colors) -> str:
    if shade is Shade.NONE:
        return colors.muscle_idle
    return _SHADE_COLORS[colors.dark][shade]


def colour_back(svg: bytes, colors: Colors, fills: Mapping[str, str]) -> bytes:
    """The diagram with each coach region filled (region → colour) and every other muscle
    in the body's colour, so only the five regions stand out."""

    def paint(attributes: Mapping[str, str]) -> tuple[str, str] | None:
        region = _SHAPE_REGION.get(attributes.get("id", ""))
        if region is not None:
            return fills[region], colors.outline
        if _is_drawn(attributes):
            return colors.body, colors.outline
        return None

    return recolour(svg, paint)


def _hit_svg(svg: bytes) -> bytes:
    """The diagram for hit-testing: region n (1-based) in pure red n, nothing else drawn."""

    def paint(attributes: Mapping[str, str]) -> tuple[str, str] | None:
        region = _SHAPE_REGION.get(attributes.get("id", ""))
        if region is not None:
            return f"#{REGIONS.index(region) + 1:02x}0000", "none"
        if _is_drawn(attributes):
            return "none", "none"
        return None

    return recolour(svg, paint)


def _is_drawn(attributes: Mapping[str, str]) -> bool:
    """A muscle or the body's outline (what the diagram draws in colour)."""
    return "data-muscle" in attributes or attributes.get("data-part") == "body"


def label_text(count: RegionCount, *, compact: bool = False) -> str:
    """ "Mid-back 4 · below" (compact: "Mid-back 4")."""
    text = f"{REGION_LABELS[count.region]} {format_sets(count.sets)}"
    return text if compact else f"{text} · {SHADE_WORDS[shade_of_count(count)]}"


def legend_items(low: int, high: int) -> list[tuple[Shade, str]]:
    return [
        (Shade.BELOW, f"Below {low}"),
        (Shade.WITHIN, f"{low}–{high} sets"),
        (Shade.ABOVE, f"Above {high}"),
        (Shade.NONE, "No sets"),
    ]


@dataclass(frozen=True)
class _Geometry:
    figure: QRectF
    anchors: dict[str, QPointF]
    labels: dict[str, QRectF]
    legend: list[tuple[QRectF, QRectF]]  # (swatch, text) per legend item


class BackHeatmap(QWidget):
    """The back view with the five regions shaded by this week's hard sets.

    `compact` (the Log's side panel) writes just the counts and leaves out the legend.
    """

    def __init__(self, *, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.compact = compact
        self._counts: dict[str, RegionCount] = {
            region: RegionCount(region, 0.0, *DEFAULT_BAND) for region in REGIONS
        }
        self._sentences: dict[str, str] = {}
        self._renderer = QSvgRenderer(self)
        self._hit_renderer = QSvgRenderer(QByteArray(_hit_svg(body_svg())), self)
        self._hit_renderer.setViewBox(TORSO)
        self._hit_image: QImage | None = None
        self._geometry: _Geometry | None = None
        self._heights: dict[tuple[int, str], int] = {}  # `heightForWidth`'s answers
        self._stale = True  # coloured when next painted
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Back regions this week")
        self.setMouseTracking(True)
        theme().changed.connect(self._reload)
        self._describe()

    # -- data --------------------------------------------------------------------------------
    def set_counts(self, counts: Sequence[RegionCount], sentences: Sequence[str] = ()) -> None:
        """Show these counts; `sentences` (one per count, as the report says them) become the
        regions' tooltips, else a sentence for "this week" is written."""
        self._counts = {count.region: count for count in counts}
        for region in REGIONS:
            self._counts.setdefault(region, RegionCount(region, 0.0, *DEFAULT_BAND))
        said = dict(zip((c.region for c in counts), sentences, strict=False))
        self._sentences = {
            region: said.get(region)
            or region_sentence(region, count.sets, count.low, count.high, "this week")
            for region, count in self._counts.items()
        }
        self._describe()
        self._reload()

    def count_of(self, region: str) -> RegionCount:
        return self._counts[region]

    def shade_of(self, region: str) -> Shade:
        return shade_of_count(self._counts[region])

    def color_of(self, region: str) -> QColor:
        """The colour the region is painted in, in the current theme."""
        return QColor(shade_color(self.shade_of(region), theme().colors))

    def sentence_of(self, region: str) -> str:
        return self._sentences.get(region, "")

    def label_of(self, region: str) -> str:
        return label_text(self._counts[region], compact=self.compact)

    @property
    def band(self) -> tuple[int, int]:
        count = self._counts[REGIONS[0]]
        return count.low, count.high

    def _describe(self) -> None:
        sentences = [self._sentences[r] for r in REGIONS if r in self._sentences]
        low, high = self.band
        self.setAccessibleDescription(
            " ".join(sentences)
            or f"Hard sets per back region this week, against a band of {low}–{high}."
        )

    # -- geometry ----------------------------------------------------------------------------
    def region_point(self, region: str) -> QPoint:
        """A point inside the region's right-hand shape, in widget coordinates."""
        return self._layout().anchors[region].toPoint()

    def label_rect(self, region: str) -> QRect:
        """Where the region's label is written (empty when the widget is too short for it)."""
        rect = self._layout().labels.get(region)
        return rect.toRect() if rect is not None else QRect()

    def region_at(self, pos: QPoint) -> str | None:
        """The region under `pos`: its shape, or its label beside the figure."""
        geometry = self._layout()
        for region, rect in geometry.labels.items():
            if rect.adjusted(-4, -2, 4, 2).contains(QPointF(pos)):
                return region
        image = self._hit_map()
        if not image.rect().contains(pos):
            return None
        pixel = QColor.fromRgba(image.pixel(pos))
        index = pixel.red() if pixel.alpha() == 255 else 0
        return REGIONS[index - 1] if 1 <= index <= len(REGIONS) else None

    def _hit_map(self) -> QImage:
        if self._hit_image is None or self._hit_image.size() != self.size():
            image = QImage(self.size(), QImage.Format.Format_ARGB32)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)  # no antialiasing: edge pixels keep their exact value
            painter.setClipRect(self._layout().figure)
            self._hit_renderer.render(painter, self._layout().figure)
            painter.end()
            self._hit_image = image
        return self._hit_image

    def _label_font(self) -> QFont:
        font = self.font()
        if self.compact:
            font.setPointSizeF(font.pointSizeF() * 0.9)
        return font

    def _layout(self) -> _Geometry:
        if self._geometry is not None:
            return self._geometry
        label_metrics = QFontMetricsF(self._label_font())
        metrics = QFontMetricsF(self.font())
        gap = self._gap()
        label_width = self._label_width(label_metrics)
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        line = label_metrics.height() + 2
        labelled = area.height() >= line * len(REGIONS)
        if not labelled:  # too short for the labels: the figure alone, centred
            gap = label_width = 0.0
        legend_rows = self._legend_rows(metrics, area.width())
        legend_height = 0.0 if self.compact else len(legend_rows) * (metrics.height() + 4) + 8
        bounds = TORSO
        aspect = bounds.width() / bounds.height()
        height = max(area.height() - legend_height, 10.0)
        width = max(min(height * aspect, area.width() - gap - label_width), 10.0)
        height = width / aspect
        whole = width + gap + label_width
        left = area.left() + max((area.width() - whole) / 2, 0.0)
        figure = QRectF(left, area.top(), width, height)
        scale = width / bounds.width()
        anchors = {
            region: QPointF(
                figure.left() + (x - bounds.left()) * scale,
                figure.top() + (y - bounds.top()) * scale,
            )
            for region, (x, y) in _ANCHORS.items()
        }
        # Labels at their regions' heights, pushed apart so none overlap, inside the figure.
        wanted = [anchors[region].y() - line / 2 for region in _LABEL_ORDER]
        tops: list[float] = []
        for y in wanted:
            tops.append(max(y, tops[-1] + line) if tops else max(y, figure.top()))
        overflow = tops[-1] + line - max(figure.bottom(), figure.top() + line * len(tops))
        if overflow > 0:
            tops = [top - overflow for top in tops]
            for n in range(len(tops) - 2, -1, -1):
                tops[n] = min(tops[n], tops[n + 1] - line)
        label_left = figure.right() + gap
        labels = {
            region: QRectF(label_left, top, label_width, line)
            for region, top in zip(_LABEL_ORDER, tops, strict=True)
            if labelled
        }
        legend: list[tuple[QRectF, QRectF]] = []
        if not self.compact:
            y = figure.bottom() + 8
            for row in legend_rows:
                row_width = sum(w for _shade, _text, w in row) + 16 * (len(row) - 1)
                x = area.left() + max((area.width() - row_width) / 2, 0.0)
                for _shade, text, item_width in row:
                    box = metrics.ascent()
                    swatch_rect = QRectF(x, y + (metrics.height() - box) / 2, box, box)
                    text_rect = QRectF(
                        x + box + 6, y, metrics.horizontalAdvance(text) + 2, metrics.height()
                    )
                    legend.append((swatch_rect, text_rect))
                    x += item_width + 16
                y += metrics.height() + 4
        self._geometry = _Geometry(figure, anchors, labels, legend)
        return self._geometry

    def _legend_rows(
        self, metrics: QFontMetricsF, width: float
    ) -> list[list[tuple[Shade, str, float]]]:
        """The legend's items in rows that fit the width."""
        rows: list[list[tuple[Shade, str, float]]] = [[]]
        used = 0.0
        for shade, text in legend_items(*self.band):
            item_width = metrics.ascent() + 6 + metrics.horizontalAdvance(text)
            if rows[-1] and used + 16 + item_width > width:
                rows.append([])
                used = 0.0
            used += item_width + (16 if rows[-1] else 0)
            rows[-1].append((shade, text, item_width))
        return rows

    # -- Qt ----------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(250, 124) if self.compact else QSize(460, self.heightForWidth(460))

    def minimumSizeHint(self) -> QSize:
        # Compact, it may fold away in a short window: the panel's line still says it all.
        return QSize(160, 0) if self.compact else QSize(300, 280)

    def hasHeightForWidth(self) -> bool:
        return not self.compact

    def heightForWidth(self, width: int) -> int:
        """As tall as the figure is at this width, with the legend under it. Remembered per
        width and font until the labels change: layouts ask it many times a show, and each
        answer measures every label."""
        key = (width, self.font().key())
        height = self._heights.get(key)
        if height is None:
            height = self._heights[key] = self._height_for_width(width)
        return height

    def _height_for_width(self, width: int) -> int:
        label_metrics = QFontMetricsF(self._label_font())
        metrics = QFontMetricsF(self.font())
        label_width = self._label_width(label_metrics)
        figure_width = max(width - 8 - self._gap() - label_width, 60.0)
        rows = len(self._legend_rows(metrics, width - 8.0))
        legend = rows * (metrics.height() + 4) + 8
        return round(figure_width * TORSO.height() / TORSO.width() + legend + 8)

    def _gap(self) -> float:
        return 10.0 if self.compact else 18.0

    def _label_width(self, metrics: QFontMetricsF) -> float:
        widest = max(metrics.horizontalAdvance(self.label_of(region)) for region in REGIONS)
        return metrics.ascent() + 6 + widest

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._geometry = None
        self._hit_image = None
        super().resizeEvent(event)

    def _reload(self) -> None:
        self._stale = True
        self._geometry = None  # labels and the legend may have changed width
        self._heights.clear()
        self._hit_image = None
        self.update()

    def _colour(self) -> None:
        colors = theme().colors
        fills = {region: shade_color(self.shade_of(region), colors) for region in REGIONS}
        self._renderer.load(QByteArray(colour_back(body_svg(), colors, fills)))
        self._renderer.setViewBox(TORSO)
        self._stale = False

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._stale:
            self._colour()
        colors = theme().colors
        geometry = self._layout()
        if geometry.figure.height() < MIN_FIGURE_HEIGHT:
            return  # folded away in a short window
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.save()
        painter.setClipRect(geometry.figure)
        self._renderer.render(painter, geometry.figure)
        painter.restore()
        painter.setFont(self._label_font())
        label_metrics = QFontMetricsF(self._label_font())
        swatch = label_metrics.ascent()
        for region, rect in geometry.labels.items():
            anchor = geometry.anchors[region]
            color = self.color_of(region)
            painter.setPen(QPen(QColor(colors.outline), 1))
            painter.drawLine(anchor, QPointF(rect.left() - 3, rect.center().y()))
            painter.setBrush(QColor(colors.text))
            painter.drawEllipse(anchor, 1.8, 1.8)
            box = QRectF(rect.left(), rect.center().y() - swatch / 2, swatch, swatch)
            painter.setBrush(color)
            painter.drawRect(box)
            painter.setPen(QColor(colors.text))
            text_rect = rect.adjusted(swatch + 6, 0, 0, 0)
            painter.drawText(
                text_rect,
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                self.label_of(region),
            )
        painter.setFont(self.font())
        for (swatch_rect, text_rect), (shade, text) in zip(
            geometry.legend, legend_items(*self.band), strict=False
        ):
            painter.setPen(QPen(QColor(colors.outline), 1))
            painter.setBrush(QColor(shade_color(shade, colors)))
            painter.drawRect(swatch_rect)
            painter.setPen(QColor(colors.text))
            painter.drawText(
                text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text
            )
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            region = self.region_at(event.pos())
            if region is not None:
                QToolTip.showText(event.globalPos(), self.sentence_of(region), self)
                return True
        return super().event(event)  # elsewhere: the widget's own tooltip, or its parent's
