"""What one draw of a chart works out, kept for the rest of that draw (`DrawMemo`).

matplotlib asks the same questions many times in one draw: every axis's ticks and their
label boxes half a dozen times (the layout check, the title, the axis label's place beside
its siblings, the spines, the draw of the ticks themselves), and every axes' tight box, the
room its labels take, once for `layout_key` and once in each of the constrained layout's
two passes. Within one draw the answers only change with the view, the places of the axes
(the layout may move them) and the renderer, so those are the keys. The memo is empty
outside a draw (or a step of one), so nothing set between draws is ever missed.
"""

from __future__ import annotations

from typing import Any


class DrawMemo:
    """Memos of axis ticks, tick label boxes and axes tight boxes for one draw."""

    def __init__(self) -> None:
        self.active = False
        self.ticks: dict[tuple[object, ...], list[object]] = {}
        self.boxes: dict[tuple[object, ...], tuple[list[object], list[object]]] = {}
        self.tight: dict[tuple[object, ...], Any] = {}

    def start(self) -> None:
        self._clear()
        self.active = True

    def stop(self) -> None:
        self.active = False
        self._clear()

    def _clear(self) -> None:
        self.ticks.clear()
        self.boxes.clear()
        self.tight.clear()

    def watch_figure(self, figure: Any) -> None:
        """Route every axes of the figure, and its two axes, through the memo."""
        for ax in figure.axes:
            self.watch_axes(ax)
            self.watch(ax.xaxis)
            self.watch(ax.yaxis)

    def watch(self, axis: Any) -> None:
        """Route the axis's tick updates and label boxes through the memo (once)."""
        if getattr(axis, "_steady_memo", None) is self:
            return
        update_ticks = axis._update_ticks
        label_boxes = axis._get_ticklabel_bboxes
        memo = self

        def place(axis: Any) -> tuple[object, ...]:
            view = tuple(float(v) for v in axis.get_view_interval())
            return (id(axis), view, tuple(axis.axes.bbox.bounds))

        def remembered_update_ticks() -> list[object]:
            if not memo.active:
                return update_ticks()
            key = place(axis)
            ticks = memo.ticks.get(key)
            if ticks is None:
                ticks = memo.ticks[key] = list(update_ticks())
            return list(ticks)

        def remembered_label_boxes(
            ticks: list[object], renderer: object
        ) -> tuple[list[object], list[object]]:
            if not memo.active:
                return label_boxes(ticks, renderer)
            key = (place(axis), id(renderer), tuple(id(tick) for tick in ticks))
            boxes = memo.boxes.get(key)
            if boxes is None:
                first, second = label_boxes(ticks, renderer)
                boxes = memo.boxes[key] = (list(first), list(second))
            return list(boxes[0]), list(boxes[1])

        axis._update_ticks = remembered_update_ticks
        axis._get_ticklabel_bboxes = remembered_label_boxes
        axis._steady_memo = self

    def watch_axes(self, ax: Any) -> None:
        """Route the axes' tight box for the layout through the memo (once).

        Only the layout's question is kept (`for_layout_only`, the axes locator called, no
        extra artists): the box of everything drawn around the frame. Its key is the places
        and views of all the figure's axes (a shared axis or an aligned label may follow a
        sibling), the figure's size and the renderer; each caller gets its own copy.
        """
        if getattr(ax, "_steady_memo", None) is self:
            return
        tight_box = ax.get_tightbbox
        memo = self

        def remembered_tight_box(
            renderer: object = None,
            *,
            call_axes_locator: bool = True,
            bbox_extra_artists: object = None,
            for_layout_only: bool = False,
        ) -> Any:
            plain = not (memo.active and for_layout_only and call_axes_locator)
            if plain or bbox_extra_artists is not None or renderer is None:
                return tight_box(
                    renderer,
                    call_axes_locator=call_axes_locator,
                    bbox_extra_artists=bbox_extra_artists,
                    for_layout_only=for_layout_only,
                )
            figure = ax.get_figure(root=True)
            key = (
                id(ax),
                id(renderer),
                tuple(figure.bbox.bounds),
                tuple(
                    (other.get_visible(), tuple(other.bbox.bounds), tuple(other.viewLim.bounds))
                    for other in figure.axes
                ),
            )
            if key in memo.tight:
                box = memo.tight[key]
            else:
                box = tight_box(renderer, call_axes_locator=True, for_layout_only=True)
                box = memo.tight[key] = None if box is None else box.frozen()
            return None if box is None else box.frozen()

        ax.get_tightbbox = remembered_tight_box
        ax._steady_memo = self
