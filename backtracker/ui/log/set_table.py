"""The set table: type a value, Enter; the last value's Enter logs the set.

A keystroke lands only where the focus visibly is. A click on a cell opens it for typing at
once (Qt's "click a selected cell" waits for a possible double click, and keys typed in that
gap went to type-ahead search and then into whichever row it found). The open cell and the
current cell of a focused table carry an accent frame, and a typed value replaces the whole
cell. Enter commits and moves on in the same event, so keys typed straight after it land in
the next field, not the one just left.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from backtracker.domain.strength import SetType
from backtracker.ui.log import check_cell, one_sided_cells
from backtracker.ui.log.set_model import SetTableModel
from backtracker.ui.theme import theme

Index = QModelIndex | QPersistentModelIndex
FRAME_WIDTH = 2
NOTES_MIN_WIDTH = 64  # the least of the Notes column, which takes the rest of the width


def _plain(event: QKeyEvent) -> bool:
    return event.modifiers() in (
        Qt.KeyboardModifier.NoModifier,
        Qt.KeyboardModifier.KeypadModifier,
    )


def _is_enter(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and _plain(event)


class CellEditor(QLineEdit):
    """The line a cell is typed into: framed in the accent colour, and while it still holds
    the value it was given, any click selects all of it, so typing replaces the whole cell.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.given = ""  # the text the cell showed when it opened
        self.cell = QPersistentModelIndex()
        self.setFrame(False)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._restyle()
        theme().changed.connect(self._restyle)  # an editor open while the theme changes

    def _restyle(self) -> None:
        colors = theme().colors
        self.setStyleSheet(
            f"QLineEdit {{ border: {FRAME_WIDTH}px solid {colors.accent}; border-radius: 3px;"
            f" background: {colors.base}; color: {colors.text}; padding: 0 2px;"
            f" selection-background-color: {colors.accent};"
            f" selection-color: {colors.accent_text}; }}"
        )

    def load(self, text: str) -> None:
        self.setText(text)
        self.given = text
        self.selectAll()

    @property
    def changed(self) -> bool:
        return self.text() != self.given

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if not self.changed and not self.hasSelectedText():
            self.selectAll()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.changed:
            super().mouseDoubleClickEvent(event)  # a word, as in any text field
        else:
            self.selectAll()  # "52.5" as a whole, not "52"
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if not self.changed:
            self.selectAll()

    def event(self, event: QEvent) -> bool:
        # Ctrl+Z in a cell with nothing of its own to undo reaches the app's undo (take back
        # the set just logged), instead of being swallowed by an empty line-edit history.
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if (event.matches(QKeySequence.StandardKey.Undo) and not self.isUndoAvailable()) or (
                event.matches(QKeySequence.StandardKey.Redo) and not self.isRedoAvailable()
            ):
                event.ignore()
                return True
        return super().event(event)


class CellDelegate(QStyledItemDelegate):
    """Opens framed cell editors, writes only what was really changed, and hands Enter to
    the view so it can commit and move on in one step.

    It draws cells as Qt's delegate does, with no `paint` of its own: a Python `paint` is
    called for every cell of every repaint, and made a set table's repaint a third slower
    (21 rows: 8.6 ms against 13.8 ms). The view draws the selected and current cells plain
    and frames the current one (`SetTableView.paintEvent`); the Done column has its own
    delegate (`DoneDelegate`)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = self.make_editor(parent, option, index)
        # Named after its column and set, so a screen reader says "kg, set 2" while typing.
        header = index.model().headerData(index.column(), Qt.Orientation.Horizontal)
        editor.setAccessibleName(f"{header}, set {index.row() + 1}")
        if isinstance(editor, CellEditor):
            editor.cell = QPersistentModelIndex(index)
        return editor

    def make_editor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        # Made here rather than by the base class, so Python owns it from the start.
        return CellEditor(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, CellEditor):
            editor.load(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, CellEditor):
            if not editor.changed:
                # The text is what the cell showed, maybe rounded (132.3 lb, 61.23 kg):
                # writing it back would lose precision for nothing.
                if isinstance(model, SetTableModel):
                    model.refused = False
                return
            if model.setData(index, editor.text(), Qt.ItemDataRole.EditRole):
                editor.given = editor.text()
            return
        super().setModelData(editor, model, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        view = self.parent()
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(view, SetTableView)
            and isinstance(watched, QWidget)
        ):
            assert isinstance(event, QKeyEvent)
            if _is_enter(event):
                view.submit_with_enter(watched)
                return True
        return super().eventFilter(watched, event)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if check_cell.is_check_cell(index):  # Done: a click anywhere in the cell ticks it
            event = check_cell.on_the_box(self, event, option, index)
        return super().editorEvent(event, model, option, index)


class DoneDelegate(CellDelegate):
    """The Done column: its check box drawn in the middle of the cell (`check_cell`)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        check_cell.paint(self, painter, option, index)


class SetTypeDelegate(CellDelegate):
    """Warm-up, normal, drop or failure, from a short list."""

    def make_editor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for set_type in SetType:
            combo.addItem(set_type.label, set_type.value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findText(str(index.data()))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        if editor.currentText() == str(index.data()):
            return  # unchanged: nothing to write
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class SetTableView(QTableView):
    """Keyboard flow from UX.md: weight, Enter, reps, Enter: the set is logged."""

    row_entered = Signal(int)  # Enter in the last field of a row
    delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # No SelectedClicked: a click opens the cell at once (mouseReleaseEvent), with no
        # double-click wait during which typed keys would land elsewhere.
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.setShowGrid(False)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setItemDelegate(CellDelegate(self))
        # The selection fill would stay on in a table that has lost the focus, saying "typing
        # goes here" when it does not; the delegate frames the current cell instead.
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(
                group, QPalette.ColorRole.Highlight, QColor(Qt.GlobalColor.transparent)
            )
        self.setPalette(palette)
        # A cell asked for while the table is still being laid out opens on a later turn of
        # the event loop, from this timer owned by the view (nothing fires after it is gone).
        self._pending_edit: tuple[int, int, int] | None = None
        self._edit_timer = QTimer(self)
        self._edit_timer.setSingleShot(True)
        self._edit_timer.setInterval(10)
        self._edit_timer.timeout.connect(self._retry_edit)

    def set_model(self, model: SetTableModel) -> None:
        self.setModel(model)
        type_column = model.column_of("set_type")
        if type_column is not None:
            self.setItemDelegateForColumn(type_column, SetTypeDelegate(self))
        done_column = model.column_of("done")
        if done_column is not None:
            self.setItemDelegateForColumn(done_column, DoneDelegate(self))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        widths = {
            "number": 44,
            "set_type": 96,
            "weight": 72,
            "reps": 60,
            "duration": 72,
            "distance": 72,
            "rpe": 52,
            "done": 52,
        }
        for number, column in enumerate(model.columns):
            if column.key == "notes":
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
            else:
                width = one_sided_cells.column_width(model.link, column.key, widths[column.key])
                self.setColumnWidth(number, width)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.fit_height)
        self.fit_height()

    @property
    def set_model_(self) -> SetTableModel:
        model = self.model()
        assert isinstance(model, SetTableModel)
        return model

    def frames(self, index: Index) -> bool:
        """The current cell of a focused table, not being edited, is where typing goes."""
        return (
            self.hasFocus()
            and self.state() != QAbstractItemView.State.EditingState
            and QModelIndex(index) == self.currentIndex()
        )

    def keyboardSearch(self, search: str) -> None:
        """No type-ahead search: a digit typed on a cell that can't take it goes nowhere,
        rather than jumping to a row whose value starts with it."""

    def moveCursor(
        self, cursor_action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Tab and Shift+Tab walk the fields row by row, then leave the table.

        Qt's table wraps around to the first cell, which would keep Tab inside the table for
        ever; the set number is no field, so it is skipped.
        """
        step = {
            QAbstractItemView.CursorAction.MoveNext: 1,
            QAbstractItemView.CursorAction.MovePrevious: -1,
        }.get(cursor_action)
        model = self.model()
        if step is None or model is None or model.rowCount() == 0:
            return super().moveCursor(cursor_action, modifiers)
        columns = [c for c in range(1, model.columnCount()) if not self.isColumnHidden(c)]
        cells = [(row, column) for row in range(model.rowCount()) for column in columns]
        current = self.currentIndex()
        if not current.isValid():
            row, column = cells[0] if step > 0 else cells[-1]
            return model.index(row, column)
        here = (current.row(), max(current.column(), columns[0]))
        position = cells.index(here) if here in cells else 0
        target = position + step
        if not 0 <= target < len(cells):
            return QModelIndex()  # past the last field (or before the first): focus moves on
        return model.index(*cells[target])

    def minimumSizeHint(self) -> QSize:
        """As wide as every column, Notes at its least: the card, and so the workout's side
        of the Log, is never narrower, so Done is never cut off at the window's right."""
        hint = super().minimumSizeHint()
        header = self.horizontalHeader()
        width = sum(
            NOTES_MIN_WIDTH
            if header.sectionResizeMode(number) == QHeaderView.ResizeMode.Stretch
            else header.sectionSize(number)
            for number in range(header.count())
            if not header.isSectionHidden(number)
        )
        return QSize(width + 2 * self.frameWidth(), hint.height())

    def fit_height(self) -> None:
        """Show every row: the workout scrolls, not each exercise."""
        rows = self.model().rowCount() if self.model() else 0
        height = (
            self.horizontalHeader().height() + rows * self.verticalHeader().defaultSectionSize()
        )
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)

    def edit_cell(self, row: int, column: int, *, _attempts: int = 20) -> None:
        """Open the cell for typing; a table that is still being laid out opens it next turn."""
        if not self.isVisible() and _attempts:
            self._pending_edit = (row, column, _attempts - 1)
            self._edit_timer.start()
            return
        self._pending_edit = None
        index = self.model().index(row, column)
        self.setCurrentIndex(index)
        if not self.isVisible():  # another tab is showing: the cell opens when the Log does
            return
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edit(index)

    def open_editor(self) -> QWidget | None:
        """The cell editor that is open, if any."""
        if self.state() != QAbstractItemView.State.EditingState:
            return None
        for editor in self.viewport().findChildren(QWidget):
            if editor.parent() is self.viewport() and editor.isVisible():
                return editor
        return None

    def commit_open_editor(self) -> None:
        """Save what is typed in an open cell and close it (before finishing, say)."""
        editor = self.open_editor()
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def submit_with_enter(self, editor: QWidget) -> None:
        """Enter in a cell: save it; a refused value keeps the cell open, else move on."""
        cell = editor.cell if isinstance(editor, CellEditor) else self.currentIndex()
        row, column = cell.row(), cell.column()  # persistent: still right if rows moved
        model = self.set_model_
        model.refused = False
        self.commitData(editor)
        if model.refused:  # stay in the cell to fix it
            if isinstance(editor, CellEditor) and model.declined:
                editor.load(editor.given)  # "no" to "500 reps?": back to what is stored
            elif isinstance(editor, QLineEdit):
                editor.selectAll()
            return
        self.closeEditor(editor, QStyledItemDelegate.EndEditHint.NoHint)
        if 0 <= row < model.rowCount():
            self._after_enter(row, column)

    def _retry_edit(self) -> None:
        if self._pending_edit is not None:
            row, column, attempts = self._pending_edit
            self._pending_edit = None
            if row < self.model().rowCount():
                self.edit_cell(row, column, _attempts=attempts)

    def _after_enter(self, row: int, column: int) -> None:
        entries = self.set_model_.entry_columns()
        if column in entries and column != entries[-1]:
            self.edit_cell(row, entries[entries.index(column) + 1])
        elif column in entries:
            self.row_entered.emit(row)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        index = self.indexAt(event.position().toPoint())
        if (
            index.isValid()
            and index == self.currentIndex()
            and index.flags() & Qt.ItemFlag.ItemIsEditable
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.edit(index)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt's paint, then the selected cell and the current one drawn again as every other
        cell is (neither filled as a selection nor with the style's focus rectangle, which
        Fusion draws as a grey fill), and the frame on the cell typing goes to. At most two
        cells, so the cells need no Python paint of their own (`CellDelegate`)."""
        super().paintEvent(event)
        current = self.currentIndex()
        framed = self.frames(current)
        selection = self.selectionModel()
        plain = list(selection.selectedIndexes()) if selection else []
        if framed and current not in plain:
            plain.append(current)
        if not plain:
            return
        painter = QPainter(self.viewport())
        background = self.viewport().palette().brush(self.viewport().backgroundRole())
        for index in plain:
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.rect = self.visualRect(index)
            painter.fillRect(option.rect, background)
            self.itemDelegateForIndex(index).paint(painter, option, index)
        if framed:
            pen = QPen(QColor(theme().colors.accent))
            pen.setWidth(FRAME_WIDTH)
            painter.setPen(pen)
            half = FRAME_WIDTH // 2
            painter.drawRect(self.visualRect(current).adjusted(half, half, -half, -half))
        painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.viewport().update()  # the frame shows on the current cell

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        index = self.currentIndex()
        entries = self.set_model_.entry_columns() if self.model() else []
        if _is_enter(event) and index.isValid() and index.column() in entries:
            # Enter on a cell that is not being edited: log the set from its last field,
            # otherwise open the field for typing.
            if index.column() == entries[-1]:
                self.row_entered.emit(index.row())
            else:
                self.edit(index)
            return
        if event.key() == Qt.Key.Key_Delete and _plain(event) and index.isValid():
            self.delete_requested.emit(index.row())
            return
        super().keyPressEvent(event)
