"""Supersets in the Log: the bracket and A1/A2 badges, grouping keys, the round and its rest.

The workout editor builds one `LogSupersets` and calls `decorate()` after each rebuild of
its cards. A group's cards get a badge in their header (A1, A2 …; B1, B2 … for the next
group) and a bracket in the margin to their left that runs from the first to the last card.

Enter after a set inside a group goes to the next exercise of the group that still has an
open set (A1 → B1 → A2 → B2 …, wrapping to the group's first exercise); once no other
exercise of the group has one, the card goes on as usual (its own next set, then the next
exercise after the group). Rest starts only when the round is done: after a set when no
later exercise of the group has an open set, for the longest rest of the group.

Ctrl+G puts the exercise being typed into in a superset with the next one (joining any
group either is in); Ctrl+Shift+G takes it out. Both are in the card's ⋯ menu and undo with
Ctrl+Z.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import QLabel, QLayout, QWidget

from backtracker.domain import supersets as rules
from backtracker.domain.errors import UserError
from backtracker.services import supersets
from backtracker.ui.theme import theme
from backtracker.ui.undo import CallbackCommand

if TYPE_CHECKING:
    from backtracker.ui.log.editor import WorkoutEditor
    from backtracker.ui.log.exercise_card import ExerciseCard

GROUP_KEY = "Ctrl+G"
UNGROUP_KEY = "Ctrl+Shift+G"
BRACKET_WIDTH = 4


class BracketOverlay(QWidget):
    """Paints each group's bracket in the left margin of the cards' page; takes no clicks.

    It covers the whole page, but asks to be painted again only where a bracket is or was:
    as the page grows with each card built, a repaint of all of it (it is see-through) would
    paint the cards in sight again too. With no group it stays hidden."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)  # grown: nothing to repaint
        self.setObjectName("SupersetBrackets")
        self.groups: list[list[QWidget]] = []
        self._drawn = QRegion()  # where the brackets were last asked to be painted
        page.installEventFilter(self)
        self.setGeometry(page.rect())
        self.hide()

    def set_groups(self, groups: list[list[QWidget]]) -> None:
        self.groups = groups
        for cards in groups:
            for card in cards:
                card.installEventFilter(self)
        self.setVisible(bool(groups))
        self.raise_()
        self._repaint_brackets()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show):
            if watched is self.parent():
                self.setGeometry(self.parentWidget().rect())
            self._repaint_brackets()
        return False

    def _repaint_brackets(self) -> None:
        """Where the brackets were and where they are now, painted again."""
        now = QRegion()
        for rect, _bar in self._shapes():
            now = now.united(rect.adjusted(-1, -1, 1, 1))  # the antialiased edge
        if not now.isEmpty() or not self._drawn.isEmpty():
            self.update(now.united(self._drawn))
        self._drawn = now

    def _shapes(self) -> list[tuple[QRect, bool]]:
        """Each group's bar (True), then a short tick into each of its cards (False)."""
        shapes: list[tuple[QRect, bool]] = []
        for cards in self.groups:
            visible = [c for c in cards if c.isVisible()]
            if not visible:
                continue
            first = visible[0].geometry()
            top, bottom = first.top(), visible[-1].geometry().bottom()
            left = max(0, first.left() - BRACKET_WIDTH - 3)
            shapes.append((QRect(left, top, BRACKET_WIDTH, bottom - top), True))
            for card in visible:
                middle = card.geometry().top() + 18
                shapes.append((QRect(left, middle - 1, first.left() - left, 3), False))
        return shapes

    def paintEvent(self, event: QPaintEvent) -> None:
        shapes = self._shapes()
        if not shapes:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme().colors.accent))
        for rect, bar in shapes:
            if bar:
                painter.drawRoundedRect(rect, 2, 2)
            else:
                painter.drawRect(rect)
        painter.end()


def _header_of(card: ExerciseCard) -> QLayout | None:
    """The card's header row: the layout holding its title."""
    layout = card.layout()
    for at in range(layout.count()):
        inner = layout.itemAt(at).layout()
        if inner is not None and inner.indexOf(card.title) >= 0:
            return inner
    return None


class LogSupersets(QObject):
    """The workout editor's supersets: decoration, the round, the rest and the keys."""

    def __init__(self, editor: WorkoutEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.brackets = BracketOverlay(editor.scroll.widget())
        for key, slot in ((GROUP_KEY, self.group_focused), (UNGROUP_KEY, self.ungroup_focused)):
            action = QAction(editor)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            editor.addAction(action)

    # -- groups as the cards show them ---------------------------------------------------------
    def _groups(self) -> list[int | None]:
        return [card.link.superset for card in self.editor.cards]

    def members(self, card: ExerciseCard) -> list[ExerciseCard]:
        """The cards of `card`'s group in order ([card] alone when it is in none)."""
        cards = self.editor.cards
        if card not in cards:
            return [card]
        return [cards[i] for i in rules.members(self._groups(), cards.index(card))]

    def label(self, card: ExerciseCard) -> str:
        cards = self.editor.cards
        return rules.labels(self._groups())[cards.index(card)] if card in cards else ""

    def decorate(self) -> None:
        """After the cards were built: badges, menus, the round hooks and the brackets."""
        labels = rules.labels(self._groups())
        for card, label in zip(self.editor.cards, labels, strict=True):
            card.round_next = self.next_in_round
            card.round_rest = self.rest_after
            self._badge(card, label)
            self._menu(card, grouped=bool(label))
        groups: dict[str, list[QWidget]] = {}
        for card, label in zip(self.editor.cards, labels, strict=True):
            if label:
                groups.setdefault(label.rstrip("0123456789"), []).append(card)
        self.brackets.set_groups(list(groups.values()))

    def _badge(self, card: ExerciseCard, label: str) -> None:
        badge: QLabel | None = getattr(card, "superset_badge", None)
        if not label:
            if badge is not None:
                badge.hide()
            return
        if badge is None:
            badge = QLabel()
            badge.setObjectName("SupersetBadge")
            header = _header_of(card)
            if header is not None:
                header.insertWidget(0, badge)  # type: ignore[attr-defined]
            card.superset_badge = badge  # type: ignore[attr-defined]
        badge.setText(label)
        badge.show()
        badge.setAccessibleName(f"Superset {label}")
        badge.setToolTip(
            f"Superset {label[:-1]}: one set of each exercise in turn, then rest. "
            f"{UNGROUP_KEY} takes this exercise out."
        )
        colors = theme().colors
        badge.setStyleSheet(
            f"background: {colors.accent}; color: {colors.accent_text}; border-radius: 4px;"
            " padding: 1px 6px; font-weight: 700;"
        )

    def _menu(self, card: ExerciseCard, *, grouped: bool) -> None:
        menu = card.menu_button.menu()
        if menu is None:
            return
        added: tuple[QAction, QAction] | None = getattr(card, "superset_actions", None)
        if added is not None:
            added[0].setEnabled(card is not self.editor.cards[-1])
            added[1].setEnabled(grouped)
            return
        first_separator = next((a for a in menu.actions() if a.isSeparator()), None)
        link_id = card.link.id
        with_next = QAction(f"Superset with next exercise  ({GROUP_KEY})", menu)
        with_next.triggered.connect(lambda: self.change(link_id, supersets.superset_with_next))
        with_next.setEnabled(card is not self.editor.cards[-1])
        out = QAction(f"Remove from superset  ({UNGROUP_KEY})", menu)
        out.triggered.connect(lambda: self.change(link_id, supersets.remove_from_superset))
        out.setEnabled(grouped)
        menu.insertActions(first_separator, [with_next, out])
        card.superset_actions = (with_next, out)  # type: ignore[attr-defined]
        if first_separator is not None:
            menu.insertSeparator(first_separator)

    # -- the round -------------------------------------------------------------------------------
    def next_in_round(self, card: ExerciseCard) -> ExerciseCard | None:
        """The next exercise of the group (wrapping) with an open set; None when no other
        exercise of the group has one (or `card` is in no group)."""
        group = self.members(card)
        if len(group) < 2:
            return None
        at = group.index(card)
        for step in range(1, len(group)):
            other = group[(at + step) % len(group)]
            if other.has_open_set():
                return other
        return None

    def rest_after(self, card: ExerciseCard) -> int | None:
        """The rest after a set of `card` (asked once per logged set): None while a later
        exercise of its group still has an open set (the round goes on; the status bar says
        what comes next), else the longest rest of the group."""
        group = self.members(card)
        if len(group) < 2:
            return card.rest_seconds()
        later = [other for other in group[group.index(card) + 1 :] if other.has_open_set()]
        if later:
            if card.live:
                self.editor.context.show_status(
                    f"Superset {self.label(card)[:-1]}: {later[0].link.exercise_name} next; "
                    "rest after the round."
                )
            return None
        return max(other.rest_seconds() for other in group)

    # -- grouping ----------------------------------------------------------------------------------
    def group_focused(self) -> None:
        self._on_focused(supersets.superset_with_next, "superset it with the next one")

    def ungroup_focused(self) -> None:
        self._on_focused(supersets.remove_from_superset, "take it out of its superset")

    def _on_focused(self, change: Callable[[int], dict[int, int | None]], what: str) -> None:
        card = next((c for c in self.editor.cards if c.holds_focus()), None)
        if card is None:
            self.editor.context.show_status(f"Click into an exercise's sets first to {what}.")
            return
        self.change(card.link.id, change)

    def change(self, link_id: int, change: Callable[[int], dict[int, int | None]]) -> None:
        """Group or ungroup (one transaction), show it, and make it one undo step."""
        workout = self.editor.workout
        if workout is None:
            return
        self.editor.commit_open_edits()
        try:
            before = change(link_id)
        except UserError as error:
            self.editor.context.show_status(str(error))
            return
        after = supersets.groups_of(workout.id)
        self._reopen(link_id)
        self.editor.context.show_status(self._describe(link_id), undoable=True)

        def put(groups: dict[int, int | None]) -> Callable[[], None]:
            def apply() -> None:
                supersets.restore(groups)
                self._reopen(link_id)

            return apply

        self.editor.context.undo.push(
            CallbackCommand(
                "Change a superset", put(after), put(before), self._report, already_done=True
            )
        )

    def _report(self, error: UserError) -> None:
        self.editor.context.show_status(str(error))

    def _reopen(self, link_id: int) -> None:
        """Show the groups as stored. The cards stay (their sets' undo steps point at them);
        only their links, badges, menus and the brackets change."""
        if self.editor.workout is None:
            return
        stored = supersets.groups_of(self.editor.workout.id)
        for card in self.editor.cards:
            card.link = dataclasses.replace(card.link, superset=stored.get(card.link.id))
        self.decorate()
        self.editor.context.events.workouts_changed.emit()
        for card in self.editor.cards:
            if card.link.id == link_id:
                card.focus_first_open_or_last_set()

    def _describe(self, link_id: int) -> str:
        card = next((c for c in self.editor.cards if c.link.id == link_id), None)
        if card is None:
            return "Superset changed."
        group = self.members(card)
        if len(group) < 2:
            return f"{card.link.exercise_name} is in no superset now."
        names = " + ".join(c.link.exercise_name for c in group)
        return f"Superset {self.label(card)[:-1]}: {names}."
