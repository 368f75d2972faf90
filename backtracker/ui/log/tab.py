"""The Log tab: start or resume a workout, log it, and see the week, history and weight.

Its first show never holds the window long (issue 17: it was 70-100 ms in one event-loop
turn on ten years of training). The start page and this week's goal are built and shown at
once; then one part per turn (`later`), each below the last so nothing shown moves: the
back's week; the History with the rows in sight and the bodyweight panel, out of sight
until the measurements panel is in too and all three are shown together (the column below
them is empty for those few turns); then the workout editor behind the start page, the rest
of the History's first page and its read-ahead. Anything that needs a part not built yet
builds it first: its attribute (`back_week`, `history`, `editor`, `bodyweight`,
`measurements`), Tab and Shift+Tab (`focusNextPrevChild`), and the measurements' Alt+M.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.errors import UserError
from backtracker.services import logbook
from backtracker.services import routines as routine_store
from backtracker.ui import dialogs
from backtracker.ui.coach.side_panel import BackWeekPanel
from backtracker.ui.log.context import LogContext
from backtracker.ui.log.editor import WorkoutEditor
from backtracker.ui.log.history import HistoryPanel
from backtracker.ui.log.measurements_panel import MeasurementsPanel
from backtracker.ui.log.side_panels import BodyweightPanel, WeekPanel
from backtracker.ui.log.start_page import PastWorkoutDialog, StartPage
from backtracker.ui.widgets.column_scroll import ColumnScroll

# Between the side column's panels (the layout adds none of its own). It was 14 px (8 and
# the layout's own 3 on either side); History's two rows took the difference.
SIDE_SPACING = 10
# The side column's least width once all its panels are in (the measurements' row is the
# widest), kept from the first show on: in a narrow window the column widened as that
# panel arrived, and what was shown above it moved (tests/ui/test_log_first_show_17.py).
SIDE_WIDTH = 354
MEASUREMENTS_KEY = "Alt+M"  # the measurements heading's mnemonic


def chain_after(anchor: QWidget, part: QWidget) -> None:
    """Move the focus chain of `part` (built later than its neighbours) to after `anchor`,
    so Tab goes through the parts in the order they are laid out, as if built in order."""
    focusable: list[QWidget] = []
    widget = part
    while widget is part or part.isAncestorOf(widget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
            focusable.append(widget)
        widget = widget.nextInFocusChain()
    for widget in focusable:
        QWidget.setTabOrder(anchor, widget)
        anchor = widget


class LogTab(QWidget):
    def __init__(self, context: LogContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        # Work for later turns, one per turn of the event loop (`later`).
        self._queue: list[Callable[[], None]] = []
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)
        self._turn.timeout.connect(self._next_turn)
        self._editor: WorkoutEditor | None = None
        self._back_week: BackWeekPanel | None = None
        # The side column under "Back this week", built out of sight and shown together.
        self._history: HistoryPanel | None = None
        self._bodyweight: BodyweightPanel | None = None
        self._measurements: MeasurementsPanel | None = None
        self._side_shown = False

        self.start_page = StartPage()
        self.start_page.start_requested.connect(self.start_workout)
        self.start_page.past_requested.connect(self.log_past_workout)
        self.start_page.manage_routines_requested.connect(self.manage_routines)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)

        self.week = WeekPanel(context)
        self._side_column = QWidget()
        self._side_column.setMinimumWidth(SIDE_WIDTH)
        self._side = QVBoxLayout(self._side_column)
        self._side.setContentsMargins(8, 8, 8, 8)
        self._side.setSpacing(0)
        self._side.addWidget(self.week)
        self._side.addStretch(1)  # the room of the panels to come, below

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.stack)
        # The column scrolls in a short window rather than setting the window's height.
        self.side_scroll = ColumnScroll(self._side_column)
        self.side_scroll.setAccessibleName("This week, history and bodyweight")
        self.splitter.addWidget(self.side_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 340])
        self.splitter.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.reload_routines()
        # Until the measurements are shown, their heading's Alt+M builds and shows them.
        self._measurements_key = QShortcut(QKeySequence(MEASUREMENTS_KEY), self)
        self._measurements_key.activated.connect(self._focus_measurements)
        self.later(self._build_back_week)
        self.later(self._build_history)
        self.later(self._build_bodyweight)
        self.later(self._build_measurements)
        self.later(self._show_side_panels)
        self.later(self._build_editor)
        running = logbook.active_workout_id()
        if running is not None:
            self.open_workout(running)
            context.show_status("Picked up your workout where you left it.")

    # -- the parts built on later turns ----------------------------------------------------
    def later(self, work: Callable[[], None]) -> None:
        """Run `work` on a later turn of the event loop, after what was asked before it: one
        piece of work per turn, so none holds the window long."""
        self._queue.append(work)
        self._turn.start()

    def _next_turn(self) -> None:
        if self._queue:
            self._queue.pop(0)()
        if self._queue:
            self._turn.start()

    def build_all(self) -> None:
        """Everything still to be built or read, now."""
        self._turn.stop()
        while self._queue:
            self._queue.pop(0)()

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab or Shift+Tab before every part is built: they are built first, so the focus
        goes where it would have gone, not past them. (Qt also moves the focus on when the
        widget that has it is hidden, e.g. the start page as a workout opens: not a key, so
        nothing is built for it.)"""
        focus = QApplication.focusWidget()
        if self._queue and focus is not None and focus.isVisible() and focus.isEnabled():
            self.build_all()
        return super().focusNextPrevChild(next)

    @property
    def back_week(self) -> BackWeekPanel:
        """Hard sets per back region this week (built and shown now if not yet)."""
        return self._build_back_week()

    @property
    def history(self) -> HistoryPanel:
        """The finished workouts (built and shown now if they were not yet)."""
        self._show_side_panels()
        assert self._history is not None
        return self._history

    @property
    def bodyweight(self) -> BodyweightPanel:
        self._show_side_panels()
        assert self._bodyweight is not None
        return self._bodyweight

    @property
    def measurements(self) -> MeasurementsPanel:
        self._show_side_panels()
        assert self._measurements is not None
        return self._measurements

    @property
    def editor(self) -> WorkoutEditor:
        """The workout being logged or edited (built now if it was not yet)."""
        return self._build_editor()

    def _build_editor(self) -> WorkoutEditor:
        if self._editor is None:
            self._editor = WorkoutEditor(self.context)
            self._editor.finished.connect(self.show_start)
            self._editor.discarded.connect(self.show_start)
            self.stack.addWidget(self._editor)  # hidden behind the start page until opened
            chain_after(self.start_page.manage_button, self._editor)  # then the side column
        return self._editor

    def _add_to_side(self, panel: QWidget, stretch: int = 0) -> None:
        """Below the panels shown, above the room kept for the rest."""
        self._side.insertSpacing(self._side.count() - 1, SIDE_SPACING)
        self._side.insertWidget(self._side.count() - 1, panel, stretch)
        panel.show()  # now, not on the layout's queued show: a key this turn reaches it

    def _build_back_week(self) -> BackWeekPanel:
        if self._back_week is None:
            self._back_week = BackWeekPanel(self.context.events, self._side_column)
            self._add_to_side(self._back_week)
        return self._back_week

    def _build_history(self) -> None:
        """Out of sight, with its first rows (`_show_side_panels` shows it)."""
        if self._history is None:
            self._history = HistoryPanel(self.context, self._side_column, later=self.later)
            self._history.open_requested.connect(self.open_workout)

    def _build_bodyweight(self) -> None:
        if self._bodyweight is None:
            self._bodyweight = BodyweightPanel(self.context, self._side_column)

    def _build_measurements(self) -> None:
        if self._measurements is None:
            self._measurements = MeasurementsPanel(self.context, self._side_column)

    def _show_side_panels(self) -> None:
        """The History, the bodyweight and the measurements, in the room kept for them."""
        if self._side_shown:
            return
        self._side_shown = True
        self._build_back_week()  # above them
        self._build_history()
        self._build_bodyweight()
        self._build_measurements()
        for panel, stretch in ((self._history, 3), (self._bodyweight, 2), (self._measurements, 0)):
            assert panel is not None
            self._add_to_side(panel, stretch)  # the measurements as tall as their rows
        self._side.takeAt(self._side.count() - 1)  # the room they were kept
        self._measurements_key.setEnabled(False)  # the heading's own mnemonic from now on
        self._measurements_key.deleteLater()

    def _focus_measurements(self) -> None:
        self.measurements.metric_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- the workout -----------------------------------------------------------------------
    def reload_routines(self) -> None:
        self.start_page.set_routines(routine_store.list_routines())

    @property
    def running_workout_id(self) -> int | None:
        workout = self._editor.workout if self._editor is not None else None
        return workout.id if workout is not None and workout.ended_at is None else None

    def start_workout(self, routine_id: int | None = None, started_at=None) -> None:
        if self.running_workout_id is not None:
            self.stack.setCurrentWidget(self.editor)
            self.context.show_status("Finish or discard the workout that is running first.")
            return
        try:
            workout_id = logbook.start_workout(
                self.context.prefs, routine_id=routine_id, started_at=started_at
            )
        except UserError as error:
            dialogs.show_error(self, "Cannot start the workout", str(error))
            return
        self.context.events.workouts_changed.emit()
        self.open_workout(workout_id)
        if not self.editor.cards:
            self.editor.add_exercise()

    def log_past_workout(self) -> None:
        answer = PastWorkoutDialog.ask(self, routine_store.list_routines())
        if answer is None:
            return
        before = self.running_workout_id
        self.start_workout(answer.routine_id, started_at=answer.started_at)
        started = self.running_workout_id
        if answer.duration is not None and started not in (None, before):
            # Finishing it uses the duration typed; without one, its last set ends it.
            self.editor.planned_durations[started] = answer.duration

    def open_workout(self, workout_id: int) -> None:
        if self.running_workout_id not in (None, workout_id):
            self.context.show_status("Finish the running workout before editing another.")
            return
        # Painted once, as a whole, when this turn is over: the cards built to reach the
        # first open set and the scroll to it do not each paint what they move on the way.
        self.editor.setUpdatesEnabled(False)
        try:
            self.editor.open(workout_id)
            self.stack.setCurrentWidget(self.editor)
            self.editor.focus_first_open_set()
        finally:
            self.editor.setUpdatesEnabled(True)

    def focus_main(self) -> None:
        """Where the keyboard lands when the tab is shown: the next set, or Start empty."""
        if self._editor is not None and self.stack.currentWidget() is self._editor:
            self._editor.focus_first_open_set()
        else:
            self.start_page.empty_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def save_pending_edits(self) -> None:
        """Before the window closes: save what is typed in the workout but not saved yet."""
        if self._editor is not None:
            self._editor.save_pending_edits()

    def show_start(self) -> None:
        self.reload_routines()
        self.stack.setCurrentWidget(self.start_page)

    def manage_routines(self) -> None:
        from backtracker.ui.log.routines_dialog import RoutinesDialog

        if RoutinesDialog.ask(self):
            self.reload_routines()

    def add_exercise_to_workout(self, exercise_id: int) -> None:
        """From the Library: add to the running workout, or start one with this exercise."""
        if self.running_workout_id is None:
            try:
                workout_id = logbook.start_workout(self.context.prefs)
            except UserError as error:
                dialogs.show_error(self, "Cannot start the workout", str(error))
                return
        else:
            workout_id = self.running_workout_id
        link_id = logbook.add_exercise(workout_id, exercise_id, self.context.prefs)
        self.context.events.workouts_changed.emit()
        self.open_workout(workout_id)
        for card in self.editor.cards:
            if card.link.id == link_id:
                self.editor.scroll.ensureWidgetVisible(card)
                card.focus_first_open_set()

    def new_workout(self) -> None:
        """File ▸ New workout (Ctrl+N): start empty, or go back to the one running."""
        if self.running_workout_id is not None:
            self.stack.setCurrentWidget(self.editor)
            self.editor.focus_first_open_set()
        else:
            self.start_workout(None)
