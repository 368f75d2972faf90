"""The plates per side under an exercise's sets, shown while its weight is typed.

For a barbell exercise (or one that names its bar) each keystroke in a weight cell shows
what goes on each side, e.g. `Olympic bar 20 kg: 20 + 10 + 2.5 | per side`. A weight the
plates can't make says so and names the nearest one that can; one key (F4) puts it in the
cell. For a dumbbell exercise a weight with no such dumbbell names the nearest owned one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from backtracker.domain.errors import ValidationError
from backtracker.domain.plates import Barbell, Fit, Loading
from backtracker.domain.units import Unit, format_number, format_weight, from_kg, parse_weight
from backtracker.services import equipment
from backtracker.ui.log.set_table import CellEditor
from backtracker.ui.theme import theme

if TYPE_CHECKING:
    from backtracker.ui.log.exercise_card import ExerciseCard

TAKE_NEAREST_KEY = "F4"


def _plates_text(loading: Loading, unit: Unit) -> str:
    """`20 + 10 | per side`; plates in another unit than the person's say which."""
    text = loading.plates_text
    if loading.per_side and loading.unit is not unit:
        text = text.replace(" | per side", f" {loading.unit.value} | per side")
    return text


def hint_text(fit: Fit, setup: equipment.Setup, unit: Unit) -> str:
    """The line under the sets for a typed weight."""
    barbell = isinstance(setup.loader, Barbell)
    typed = format_weight(fit.target_kg, unit)
    if fit.exact is not None:
        if barbell:
            return f"{setup.label}: {_plates_text(fit.exact, unit)}"
        return ""  # a dumbbell the person owns needs no line under every set
    nearest = fit.nearest
    if nearest is None:
        return ""
    near = format_weight(nearest.total_kg, unit)
    if barbell:
        plates = _plates_text(nearest, unit)
        return f"Can't load {typed} — nearest {near}: {plates} ({TAKE_NEAREST_KEY} takes it)"
    return f"No {typed} dumbbells — nearest {near} ({TAKE_NEAREST_KEY} takes it)"


class PlateHint(QObject):
    """Watches the card's weight cells and keeps the hint label up to date."""

    def __init__(self, card: ExerciseCard) -> None:
        super().__init__(card)
        self.card = card
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(f"Plates for {card.link.exercise_name}")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.hide()
        self.nearest_kg: float | None = None  # what F4 takes, while a weight can't be loaded
        self._cell = QPersistentModelIndex()  # the weight cell the hint is about
        self._editor: CellEditor | None = None
        self._setup: equipment.Setup | None = None
        card.table.viewport().installEventFilter(self)
        card.model.dataChanged.connect(self._stored_changed)
        card.model.modelReset.connect(self.clear)
        card.model.rowsRemoved.connect(self._rows_removed)
        self.action = QAction("Take the nearest loadable weight", card)
        self.action.setShortcut(QKeySequence(TAKE_NEAREST_KEY))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action.triggered.connect(self.take_nearest)
        card.addAction(self.action)

    @property
    def unit(self) -> Unit:
        return Unit(self.card.context.prefs.unit)

    def _weight_column(self) -> int | None:
        return self.card.model.column_of("weight")

    # -- following the weight cell -------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildPolished and watched is self.card.table.viewport():
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, CellEditor) and child.cell.column() == self._weight_column():
                self._follow(child)
        elif event.type() == QEvent.Type.Hide and watched is self._editor:
            self._editor = None
            self._show_stored()
        return False

    def _follow(self, editor: CellEditor) -> None:
        # Read now, so equipment changed in Preferences counts from the next cell on.
        self._setup = equipment.setup_for_exercise(
            self.card.link.exercise_id, equipment.load(self.unit)
        )
        self._editor = editor
        self._cell = QPersistentModelIndex(editor.cell)
        editor.installEventFilter(self)
        editor.textChanged.connect(self._typed)
        self._typed(editor.text())

    def _typed(self, text: str) -> None:
        try:
            kg = parse_weight(text, self.unit, allow_empty=True)
        except ValidationError:
            kg = None
        self._show(kg)

    def _stored_changed(self) -> None:
        if self._editor is None:
            self._show_stored()

    def _rows_removed(self) -> None:
        if not self._cell.isValid():
            self.clear()

    def _show_stored(self) -> None:
        if not self._cell.isValid():
            self.clear()
            return
        self._show(self.card.model.set_at(self._cell.row()).weight_kg)

    def _show(self, kg: float | None) -> None:
        setup = self._setup
        self.nearest_kg = None
        if setup is None or setup.loader is None or not kg or kg <= 0:
            self.label.hide()
            return
        fit = setup.loader.fit_kg(kg)
        text = hint_text(fit, setup, self.unit)
        if fit.exact is None and fit.nearest is not None:
            self.nearest_kg = fit.nearest.total_kg
        colors = theme().colors
        color = colors.accent if fit.exact is not None else colors.error
        self.label.setStyleSheet(f"color: {color};")
        self.label.setText(text)
        self.label.setVisible(bool(text))

    def clear(self) -> None:
        self._cell = QPersistentModelIndex()
        self.nearest_kg = None
        self.label.hide()

    # -- the key -------------------------------------------------------------------------
    def take_nearest(self) -> None:
        """F4: the nearest loadable weight goes into the weight cell (and is saved)."""
        if self.nearest_kg is None or not self._cell.isValid():
            self.card.context.show_status(
                "Type a weight first: F4 takes the nearest one you can load when it can't be."
            )
            return
        kg = self.nearest_kg
        text = format_number(from_kg(kg, self.unit), 2 if self.unit is Unit.KG else 1)
        table = self.card.table
        editor = self._editor
        if editor is not None and editor.isVisible():
            editor.setText(text)
            editor.selectAll()
            table.commitData(editor)  # saved now; Enter still moves on as usual
        else:
            self.card.model.setData(
                self.card.model.index(self._cell.row(), self._cell.column()), text
            )
        self.card.context.show_status(
            f"Took {format_weight(kg, self.unit)}, the nearest weight you can load."
        )
