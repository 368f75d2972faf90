"""The warm-up ramp key: warm-up sets go in before the first work set of an exercise.

The ramp comes from Preferences ▸ Equipment (default bar × 10, 40% × 5, 60% × 3, 80% × 1
of the first work set), each weight rounded to what the plates or dumbbells can make. It
is one undo step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from backtracker.domain.errors import UserError
from backtracker.domain.units import format_weight
from backtracker.services import warmups
from backtracker.ui.undo import CallbackCommand

if TYPE_CHECKING:
    from backtracker.ui.log.exercise_card import ExerciseCard

WARMUP_KEY = "Ctrl+Shift+W"


class WarmupRamp(QObject):
    """The card's "Add warm-up sets" action (menu and key)."""

    def __init__(self, card: ExerciseCard) -> None:
        super().__init__(card)
        self.card = card
        self.action = QAction("Add warm-up sets", card)
        self.action.setShortcut(QKeySequence(WARMUP_KEY))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action.setToolTip(f"Warm-up sets before the first work set ({WARMUP_KEY})")
        self.action.triggered.connect(self.add)
        card.addAction(self.action)
        menu = card.menu_button.menu()
        first = menu.actions()[0] if menu.actions() else None
        menu.insertAction(first, self.action)
        if first is not None:
            menu.insertSeparator(first)

    def add(self) -> None:
        card = self.card
        card.table.commit_open_editor()  # a weight still being typed counts
        model = card.model
        sets = [model.set_at(row) for row in range(model.rowCount())]
        unit = card.context.prefs.unit
        try:
            rows = warmups.ramp_for(card.link, sets, unit)
        except UserError as error:
            card.context.show_status(str(error))
            card.show_problem(str(error))
            return
        ids = model.insert(0, rows)
        state = {"ids": ids}
        name = card.link.exercise_name

        def undo() -> None:
            for set_id in state["ids"]:
                row = model.row_of(set_id)
                if row is not None:
                    model.remove(row)
            card.set_logged.emit()

        def redo() -> None:
            state["ids"] = model.insert(0, rows)
            card.set_logged.emit()

        card.context.undo.push(
            CallbackCommand(
                f"Add warm-up sets to {name}",
                redo,
                undo,
                lambda error: card.show_problem(str(error)),
                already_done=True,
            )
        )
        listed = ", ".join(f"{format_weight(r['weight_kg'], unit)} × {r['reps']}" for r in rows)
        card.context.show_status(
            f"Added {len(rows)} warm-up sets to {name}: {listed}.", undoable=True
        )
        card.set_logged.emit()
        card.focus_set(0)
