"""A row of controls that wraps onto more lines when the window is too narrow for it.

Qt has no such layout (its "Flow Layout" is an example, not a class). A row of groups (a
label with its box, a set of segmented buttons) is laid out on one line when it fits; the
groups that do not fit go to the next line, whole. So a long row of controls never sets the
window's minimum width: that is the widest group, not the sum of them all (the Progress row
alone made the window at least 1,279 px wide, more than a 1280-px screen leaves for it).

Two marks shape a line:
- `right`: on its line, this group and those after it sit against the right edge;
- `fill`: this group takes the width its line leaves (a word-wrapped caption), at least
  `FILL_MIN_WIDTH`, and is as tall as its text needs at that width.

Groups shown one at a time in the same place (`steady`) give the row the height of the
tallest of them, whichever is shown: switching between them never resizes what is below (a
chart, which would then redraw in full).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QWidget

FILL_MIN_WIDTH = 220


@dataclass
class _Entry:
    item: QLayoutItem
    widget: QWidget
    right: bool = False
    fill: bool = False


class FlowRow(QLayout):
    """Groups left to right, wrapping whole groups onto new lines (see the module)."""

    def __init__(self, parent: QWidget | None = None, line_spacing: int = 6) -> None:
        super().__init__(parent)
        self._entries: list[_Entry] = []
        self._line_spacing = line_spacing
        self._steady: list[QWidget] = []
        # Qt asks for the same measures many times a layout pass (about a thousand calls on a
        # Progress page switch); they hold until a group changes, which invalidates the layout.
        self._measures: dict[object, object] = {}
        self.setContentsMargins(0, 0, 0, 0)

    def add(self, widget: QWidget, *, right: bool = False, fill: bool = False) -> None:
        self.addWidget(widget)
        self._entries[-1].right = right
        self._entries[-1].fill = fill

    def steady(self, *widgets: QWidget) -> None:
        """`widgets` take turns (one shown, the others hidden): the row is as tall as with
        the tallest of them, whichever is shown."""
        self._steady = list(widgets)
        self.invalidate()

    # -- QLayout ---------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        widget = item.widget()
        if widget is None:
            raise TypeError("a FlowRow holds widgets only (a group of them: `group`)")
        self._entries.append(_Entry(item, widget))

    def count(self) -> int:
        return len(self._entries)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._entries[index].item if 0 <= index < len(self._entries) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._entries.pop(index).item if 0 <= index < len(self._entries) else None

    def hasHeightForWidth(self) -> bool:
        return True

    def invalidate(self) -> None:
        self._measures.clear()
        super().invalidate()

    def heightForWidth(self, width: int) -> int:
        return self._remember(width, lambda: self._height_for(width))  # type: ignore[return-value]

    def _height_for(self, width: int) -> int:
        return max(
            self._arrange(QRect(0, 0, width, 0), shown, place=False) for shown in self._each_turn()
        )

    def _remember(self, key: object, measure: Callable[[], object]) -> object:
        if key not in self._measures:
            self._measures[key] = measure()
        return self._measures[key]

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        shown = self._shown()
        needed = self._arrange(rect, shown, place=False)
        # Taller than needed (a steady row with its shorter group shown): centred.
        self._arrange(rect.adjusted(0, max(rect.height() - needed, 0) // 2, 0, 0), shown)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        return QSize(self._remember("hint", self._one_line))  # type: ignore[arg-type]

    def minimumSize(self) -> QSize:
        """The widest group: each line holds at least one."""
        return QSize(self._remember("minimum", self._narrowest))  # type: ignore[arg-type]

    def _one_line(self) -> QSize:
        shown = self._shown()
        width = sum(self._natural_width(e) for e in shown) + self._gap() * max(len(shown) - 1, 0)
        height = max((e.widget.sizeHint().height() for e in shown), default=0)
        return QSize(width, height) + self._margin_size()

    def _narrowest(self) -> QSize:
        shown = self._shown()
        width = max((self._min_width(e) for e in shown), default=0)
        height = max((self._smallest(e.widget).height() for e in shown), default=0)
        return QSize(width, height) + self._margin_size()

    # -- the arrangement -------------------------------------------------------------------
    def _shown(self) -> list[_Entry]:
        return [e for e in self._entries if not e.item.isEmpty()]  # hidden widgets are empty

    def _each_turn(self) -> list[list[_Entry]]:
        """The groups shown now, and as they would be with each steady group shown instead."""
        turns = [self._shown()]
        for widget in self._steady:
            turns.append(
                [
                    e
                    for e in self._entries
                    if e.widget is widget or (e.widget not in self._steady and not e.item.isEmpty())
                ]
            )
        return turns

    def _gap(self) -> int:
        spacing = self.spacing()
        return spacing if spacing >= 0 else 6

    def _margin_size(self) -> QSize:
        margins = self.contentsMargins()
        return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # A group's measures come from the widget itself: its layout item answers nothing while
    # it is hidden, and a steady row measures its hidden groups too.
    @staticmethod
    def _smallest(widget: QWidget) -> QSize:
        hint = widget.minimumSizeHint().expandedTo(QSize(0, 0))
        return QSize(widget.minimumWidth() or hint.width(), widget.minimumHeight() or hint.height())

    def _min_width(self, entry: _Entry) -> int:
        return self._remember(("min", id(entry)), lambda: self._measure_min(entry))  # type: ignore[return-value]

    def _measure_min(self, entry: _Entry) -> int:
        width = self._smallest(entry.widget).width()
        return max(FILL_MIN_WIDTH, width) if entry.fill else width

    def _natural_width(self, entry: _Entry) -> int:
        """What a group needs on its line: its size hint (a fill group, its minimum)."""
        if entry.fill:
            return self._min_width(entry)
        return self._remember(  # type: ignore[return-value]
            ("hint", id(entry)),
            lambda: max(entry.widget.sizeHint().width(), self._min_width(entry)),
        )

    def _lines(self, width: int, shown: list[_Entry]) -> list[list[_Entry]]:
        lines: list[list[_Entry]] = []
        used = 0
        for entry in shown:
            need = self._min_width(entry)  # squeezed, as a box layout would, before wrapping
            if lines and used + self._gap() + need <= width:
                lines[-1].append(entry)
                used += self._gap() + need
            else:
                lines.append([entry])
                used = need
        return lines

    def _arrange(self, rect: QRect, shown: list[_Entry], *, place: bool = True) -> int:
        """Lay `shown` out in `rect` (when `place`); returns the height they take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = area.y()
        for number, line in enumerate(self._lines(area.width(), shown)):
            if number:
                y += self._line_spacing
            widths = [min(self._min_width(e), area.width()) for e in line]
            spare = max(area.width() - sum(widths) - self._gap() * (len(line) - 1), 0)
            for i, entry in enumerate(line):  # then each grows towards its size hint
                grow = min(max(self._natural_width(entry) - widths[i], 0), spare)
                widths[i] += grow
                spare -= grow
            filler = next((i for i, e in enumerate(line) if e.fill), None)
            if filler is not None:
                widths[filler] += spare
                spare = 0
            heights = [self._height(e, w) for e, w in zip(line, widths, strict=True)]
            line_height = max(heights)
            if place:
                x = area.x()
                for entry, w, h in zip(line, widths, heights, strict=True):
                    if entry.right and spare:
                        x += spare
                        spare = 0
                    top = y + (line_height - h) // 2
                    entry.item.setGeometry(QRect(QPoint(x, top), QSize(w, h)))
                    x += w + self._gap()
            y += line_height
        return y - area.y() + margins.top() + margins.bottom()

    def _height(self, entry: _Entry, width: int) -> int:
        return self._remember(  # type: ignore[return-value]
            ("height", id(entry), width), lambda: self._measure_height(entry, width)
        )

    def _measure_height(self, entry: _Entry, width: int) -> int:
        widget = entry.widget
        smallest = self._smallest(widget).height()
        if widget.hasHeightForWidth():
            return max(widget.heightForWidth(width), smallest)
        return max(widget.sizeHint().height(), smallest)


def group(*widgets: QWidget, leading: int = 0) -> QWidget:
    """`widgets` side by side, kept together on one line of a `FlowRow` (a label and its
    box, a set of segmented buttons); `leading` px of room before the first."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(leading, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return box
