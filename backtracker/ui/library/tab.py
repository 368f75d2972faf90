"""The Library tab: search and filter the catalogue, read how to do an exercise, manage yours."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from backtracker.domain.catalogue import Equipment, ExerciseDraft, ExerciseInfo, MuscleInfo
from backtracker.domain.errors import UserError
from backtracker.ui import dialogs
from backtracker.ui.events import DataEvents
from backtracker.ui.icons import icon
from backtracker.ui.library import deferred as _services
from backtracker.ui.library.detail import ExerciseDetail, MuscleDetail
from backtracker.ui.library.filters import FilterBar
from backtracker.ui.library.model import Column, ExerciseFilterProxy, ExerciseTableModel, Role
from backtracker.ui.library.muscle_guide import MUSCLE_ROLE, MuscleListModel
from backtracker.ui.tasks import run_task
from backtracker.ui.undo import CallbackCommand

if TYPE_CHECKING:
    from backtracker.storage.first_window import FirstWindowData

EXERCISES_PAGE, MUSCLES_PAGE = 0, 1
EQUIPMENT_PADDING = 16  # the cell's margins on both sides, and a little air
# "Your history" reads the whole log of an exercise: it is looked up in the background.
HISTORY_LOADING = "Looking through your workouts…"


def _placeholder(text: str) -> QLabel:
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label


class LibraryTab(QWidget):
    def __init__(
        self,
        events: DataEvents,
        undo_stack: QUndoStack,
        settings: QSettings,
        show_status: Callable[..., None],
        *,
        history_line: Callable[[int], str] = lambda _id: "",
        defer: Callable[[Callable[[], object]], None] | None = None,
        start: FirstWindowData | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`start`: the first window's data, read without the ORM (storage/first_window.py);
        without it the list and the muscles come from the library service."""
        super().__init__(parent)
        self._events = events
        self._undo = undo_stack
        self._settings = settings
        self._show_status = show_status
        self._start = start  # used while the window is built, before the database opens
        self._muscles: list[MuscleInfo] = start.muscles if start else _services.library().muscles()
        self._muscle_by_key = {m.key: m for m in self._muscles}
        self._names_by_key: dict[str, str] = {}
        self._history_line = history_line  # runs in a worker
        # Look-ups start from the event loop (at start-up: after the first paint), so the
        # window is drawn first, without a worker in its way.
        self._defer = defer or (lambda work: QTimer.singleShot(0, self, work))
        self._histories: dict[int, str] = {}  # exercise id → its line, until the data changes
        self._history_loading: set[int] = set()
        self._history_generation = 0  # bumped when logged training changes
        self._detail_stale = False  # data changed while hidden: refresh when shown

        self.model = ExerciseTableModel(self)
        self.proxy = ExerciseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filters = FilterBar(self.proxy, self._muscles)

        self.list = QTreeView()
        self.list.setAccessibleName("Exercises")
        self.list.setModel(self.proxy)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSortingEnabled(True)
        self.list.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.list.header()
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        # Sized from the labels, not ResizeToContents: that measures every row through the
        # model at each layout, thousands of calls into Python (half the first paint).
        header.setSectionResizeMode(Column.EQUIPMENT, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        widest = max(self.list.fontMetrics().horizontalAdvance(e.label) for e in Equipment)
        header.resizeSection(
            Column.EQUIPMENT,
            max(header.sectionSizeHint(Column.EQUIPMENT), widest + EQUIPMENT_PADDING),
        )
        self.list.selectionModel().currentRowChanged.connect(self._current_exercise_changed)
        self.filters.leave_search.connect(self._focus_list)
        # "These are the same": in the list's context menu and the Edit menu.
        self.merge_action = QAction("&Merge Into Another Exercise…", self)
        self.merge_action.setStatusTip(
            "These are the same exercise: move this one's sets and routine entries to another"
        )
        self.merge_action.triggered.connect(self.merge_current)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_context_menu)

        self.empty_label = _placeholder("")
        self.empty_clear = QPushButton(icon("filter-off"), "Clear search and filters")
        self.empty_clear.clicked.connect(self.filters.clear)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.empty_clear, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.list)
        self.list_stack.addWidget(empty)

        self.count_label = QLabel()
        self.count_label.setEnabled(False)
        self.new_button = QPushButton(icon("plus"), "New exercise…")
        self.new_button.setToolTip("Add your own exercise (Ctrl+Shift+N)")
        self.new_button.clicked.connect(self.new_exercise)
        footer = QHBoxLayout()
        footer.addWidget(self.new_button)
        footer.addStretch(1)
        footer.addWidget(self.count_label)

        exercises_page = QWidget()
        exercises_layout = QVBoxLayout(exercises_page)
        exercises_layout.setContentsMargins(0, 0, 0, 0)
        exercises_layout.addWidget(self.filters)
        exercises_layout.addWidget(self.list_stack, 1)
        exercises_layout.addLayout(footer)

        self.muscle_model = MuscleListModel(self)
        self.muscle_model.set_muscles(self._muscles)
        self.muscle_list = QListView()
        self.muscle_list.setAccessibleName("Muscle guide")
        self.muscle_list.setModel(self.muscle_model)
        self.muscle_list.setSpacing(3)
        self.muscle_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.muscle_list.selectionModel().currentRowChanged.connect(self._current_muscle_changed)
        self.muscle_list.activated.connect(
            lambda index: self.show_exercises_for(index.data(MUSCLE_ROLE).key)
        )

        self.left_stack = QStackedWidget()
        self.left_stack.addWidget(exercises_page)
        self.left_stack.addWidget(self.muscle_list)
        self.page_bar = QTabBar()
        self.page_bar.setAccessibleName("Library view")
        self.page_bar.addTab(icon("dumbbell"), "Exercises")
        self.page_bar.addTab(icon("muscle"), "Muscle guide")
        self.page_bar.setExpanding(True)
        self.page_bar.currentChanged.connect(self._page_changed)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        left_layout.addWidget(self.left_stack, 1)
        left_layout.addWidget(self.page_bar)

        self.exercise_detail = ExerciseDetail(
            self._muscle_name, self._names_by_key.get, self._known_history
        )
        self.exercise_detail.variation_activated.connect(self.select_catalogue_key)
        self.exercise_detail.edit_requested.connect(self.edit_exercise)
        self.exercise_detail.archive_requested.connect(self.set_archived)
        self.exercise_detail.delete_requested.connect(self.delete_exercise)
        self.exercise_detail.add_to_workout_requested.connect(events.add_to_workout_requested)
        self.exercise_detail.pinned_note.changed.connect(events.pinned_note_changed)
        events.pinned_note_changed.connect(self.exercise_detail.pinned_note.reload_for)
        self.muscle_detail = MuscleDetail()
        self.muscle_detail.show_exercises_requested.connect(self.show_exercises_for)
        self.no_selection = _placeholder("Select an exercise on the left to see how to do it.")
        self.detail_stack = QStackedWidget()
        for page in (self.no_selection, self.exercise_detail, self.muscle_detail):
            self.detail_stack.addWidget(page)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail_stack)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([420, 860])
        state = settings.value("library/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)
        self.filters.changed.connect(self._update_count)
        events.exercises_changed.connect(self.reload)
        for signal in (events.workouts_changed, events.sets_changed, events.preferences_changed):
            signal.connect(self._history_changed)
        self.reload(start.exercises if start else None)
        self._select_proxy_row(0)
        self._start = None

    # -- data ------------------------------------------------------------------------------
    def reload(self, exercises: list[ExerciseInfo] | None = None) -> None:
        if exercises is None:
            exercises = _services.library().exercises()
        self._names_by_key.clear()
        self._names_by_key.update(
            {e.catalogue_key: e.name for e in exercises if e.catalogue_key and not e.archived}
        )
        self.model.sync(exercises)
        self._update_count()
        current = self.current_exercise()
        if current is not None:
            self._show_exercise(current)

    def _history_changed(self) -> None:
        """Logged training changes "Your history"; show it fresh now or when next seen."""
        self._histories.clear()
        self._history_loading.clear()
        self._history_generation += 1
        current = self.current_exercise()
        if current is None:
            return
        if self.isVisible():
            self._show_exercise(current)
        else:
            self._detail_stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        current = self.current_exercise()
        if self._detail_stale and current is not None:
            self._show_exercise(current)
        self._detail_stale = False

    def _known_history(self, exercise_id: int) -> str:
        """The line as far as it is known; an unknown one is looked up in the background and
        filled in when it arrives."""
        if exercise_id not in self._histories and exercise_id not in self._history_loading:
            self._load_history(exercise_id)
        return self._histories.get(exercise_id, HISTORY_LOADING)

    def _load_history(self, exercise_id: int) -> None:
        generation = self._history_generation
        self._history_loading.add(exercise_id)

        def done(text: str) -> None:
            if generation != self._history_generation:
                return  # the training changed meanwhile; a fresh look-up replaces this one
            self._histories[exercise_id] = text
            self.exercise_detail.show_history(exercise_id, text)

        def failed(error: UserError) -> None:
            if generation == self._history_generation:
                self.exercise_detail.show_history(exercise_id, str(error))

        def finished() -> None:  # also after a bug (reported by run_task): ask again next time
            if generation == self._history_generation:
                self._history_loading.discard(exercise_id)

        def start() -> None:
            run_task(
                self._history_line,
                exercise_id,
                on_done=done,
                on_error=failed,
                on_finished=finished,
                context=self,
                uses_database=True,
            )

        self._defer(start)

    def save_state(self) -> None:
        self._settings.setValue("library/splitter", self.splitter.saveState())

    def _muscle_name(self, key: str) -> str:
        muscle = self._muscle_by_key.get(key)
        return muscle.short_name if muscle else key

    # -- selection ---------------------------------------------------------------------------
    def current_exercise(self) -> ExerciseInfo | None:
        index = self.list.currentIndex()
        return index.data(Role.EXERCISE) if index.isValid() else None

    def select_exercise(self, exercise_id: int) -> bool:
        row = self.model.row_of(exercise_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.filters.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if not index.isValid():  # archived while archived ones are hidden
                return False
        self.page_bar.setCurrentIndex(EXERCISES_PAGE)
        self.list.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.list.scrollTo(index)
        return True

    def select_catalogue_key(self, key: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.exercise_at(row).catalogue_key == key:
                self.select_exercise(self.model.exercise_at(row).id)
                return

    def _select_proxy_row(self, row: int) -> None:
        if self.proxy.rowCount() > row:
            self.list.setCurrentIndex(self.proxy.index(row, 0))

    def _focus_list(self) -> None:
        if not self.list.currentIndex().isValid():
            self._select_proxy_row(0)
        self.list.setFocus()

    def _current_exercise_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        exercise = current.data(Role.EXERCISE) if current.isValid() else None
        if exercise is None:
            self.detail_stack.setCurrentWidget(self.no_selection)
        else:
            self._show_exercise(exercise)

    def _show_exercise(self, exercise: ExerciseInfo) -> None:
        if self.left_stack.currentIndex() != EXERCISES_PAGE:
            return
        start = self._start
        if start is not None:  # the first window: all read already
            deletable, note = exercise.id in start.deletable, start.pinned_notes.get(exercise.id)
        else:
            deletable = exercise.is_custom and _services.library().can_delete(exercise.id)
            note = None
        self.exercise_detail.show_exercise(exercise, deletable=deletable, note=note)
        self.detail_stack.setCurrentWidget(self.exercise_detail)

    def _current_muscle_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        muscle = current.data(MUSCLE_ROLE)
        count = sum(
            1
            for row in range(self.model.rowCount())
            if muscle.key in self.model.exercise_at(row).muscles
            and not self.model.exercise_at(row).archived
        )
        self.muscle_detail.show_muscle(muscle, count)
        self.detail_stack.setCurrentWidget(self.muscle_detail)

    def _page_changed(self, page: int) -> None:
        self.left_stack.setCurrentIndex(page)
        if page == MUSCLES_PAGE:
            if not self.muscle_list.currentIndex().isValid():
                self.muscle_list.setCurrentIndex(self.muscle_model.index(0, 0))
            else:
                self._current_muscle_changed(self.muscle_list.currentIndex(), QModelIndex())
            self.muscle_list.setFocus()
        else:
            current = self.current_exercise()
            if current is None:
                self.detail_stack.setCurrentWidget(self.no_selection)
            else:
                self._show_exercise(current)

    def show_exercises_for(self, muscle_key: str) -> None:
        """From the muscle guide: list the exercises that train this muscle."""
        self.filters.clear()
        self.filters.select_muscle(muscle_key)
        self.page_bar.setCurrentIndex(EXERCISES_PAGE)
        self._select_proxy_row(0)
        self.list.setFocus()

    def _update_count(self) -> None:
        shown = self.proxy.rowCount()
        total = sum(
            1
            for row in range(self.model.rowCount())
            if self.proxy.show_archived or not self.model.exercise_at(row).archived
        )
        noun = "exercise" if total == 1 else "exercises"
        self.count_label.setText(
            f"{shown} of {total} {noun}" if shown != total else f"{total} {noun}"
        )
        if shown == 0:
            query = self.filters.search.text().strip()
            self.empty_label.setText(
                f"No exercise matches “{query}” with these filters."
                if query
                else "No exercise matches these filters."
            )
            self.list_stack.setCurrentIndex(1)
        else:
            self.list_stack.setCurrentIndex(0)

    # -- actions ------------------------------------------------------------------------------
    def focus_main(self) -> None:
        """Where the keyboard lands when the tab is shown: the search, or the muscle list."""
        if self.page_bar.currentIndex() == EXERCISES_PAGE:
            self.filters.search.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.muscle_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.page_bar.setCurrentIndex(EXERCISES_PAGE)
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def set_show_archived(self, on: bool) -> None:
        self.proxy.set_show_archived(on)
        self._update_count()

    def _report(self, error: UserError) -> None:
        dialogs.show_error(self, "BackTracker", str(error))
        self._events.exercises_changed.emit()

    def new_exercise(self) -> None:
        from backtracker.ui.library.exercise_dialog import ExerciseDialog  # first use only

        created: list[int] = []

        def submit(draft: ExerciseDraft) -> None:
            created.append(_services.library().add_custom_exercise(draft))

        if not ExerciseDialog.ask(self, "New exercise", ExerciseDraft(), self._muscles, submit):
            return
        state = {"id": created[0], "draft": _services.library().exercise(created[0]).to_draft()}

        def redo() -> None:
            state["id"] = _services.library().add_custom_exercise(state["draft"])
            self._events.exercises_changed.emit()

        def undo() -> None:
            _services.library().delete_exercise(state["id"])
            self._events.exercises_changed.emit()

        name = state["draft"].name
        self._undo.push(
            CallbackCommand(f"Add “{name}”", redo, undo, self._report, already_done=True)
        )
        self._events.exercises_changed.emit()
        self.select_exercise(state["id"])
        self._show_status(f"Added “{name}” to your library.")

    def edit_exercise(self, exercise_id: int) -> None:
        from backtracker.ui.library.exercise_dialog import ExerciseDialog  # first use only

        exercise = _services.library().exercise(exercise_id)
        before = exercise.to_draft()
        saved: list[ExerciseDraft] = []

        def submit(draft: ExerciseDraft) -> None:
            _services.library().edit_exercise(exercise.id, draft)
            saved.append(draft)

        if not ExerciseDialog.ask(self, f"Edit {exercise.name}", before, self._muscles, submit):
            return
        after = _services.library().exercise(exercise.id).to_draft()

        def apply(draft: ExerciseDraft) -> Callable[[], None]:
            def run() -> None:
                _services.library().edit_exercise(exercise.id, draft)
                self._events.exercises_changed.emit()

            return run

        self._undo.push(
            CallbackCommand(
                f"Edit “{after.name}”", apply(after), apply(before), self._report, already_done=True
            )
        )
        self._events.exercises_changed.emit()
        self._show_status(f"Saved “{after.name}”.")

    def edit_current(self) -> None:
        exercise = self.current_exercise()
        if exercise is not None:
            self.edit_exercise(exercise.id)

    def set_archived(self, exercise_id: int, archive: bool) -> None:
        name = _services.library().exercise(exercise_id).name

        def apply(on: bool) -> Callable[[], None]:
            def run() -> None:
                if on:
                    _services.library().archive_exercise(exercise_id)
                else:
                    _services.library().restore_exercise(exercise_id)
                self._events.exercises_changed.emit()

            return run

        verb = "Archive" if archive else "Restore"
        self._undo.push(
            CallbackCommand(f"{verb} “{name}”", apply(archive), apply(not archive), self._report)
        )
        if archive:
            self._show_status(
                f"Archived “{name}”. View ▸ Show Archived Exercises lists it again.",
                undoable=True,
            )
        else:
            self._show_status(f"Restored “{name}”.")

    def archive_current(self) -> None:
        exercise = self.current_exercise()
        if exercise is not None:
            self.set_archived(exercise.id, not exercise.archived)

    def delete_exercise(self, exercise_id: int) -> None:
        exercise = _services.library().exercise(exercise_id)
        if not dialogs.confirm(
            self,
            "Delete exercise",
            f"Delete “{exercise.name}” for good? It has no history, so nothing else changes.",
            "Delete",
        ):
            return
        try:
            _services.library().delete_exercise(exercise_id)
        except UserError as error:
            dialogs.show_error(self, "Cannot delete", str(error))
            return
        self._events.exercises_changed.emit()
        self._show_status(f"Deleted “{exercise.name}”.")

    # -- merging ("these are the same") -----------------------------------------------------
    def context_menu(self) -> QMenu:
        """The exercise list's context menu, for the current exercise."""
        exercise = self.current_exercise()
        menu = QMenu(self)
        edit = menu.addAction(icon("edit"), "&Edit…")
        edit.triggered.connect(self.edit_current)
        archived = exercise is not None and exercise.archived
        archive = menu.addAction(icon("archive"), "&Restore" if archived else "&Archive")
        archive.triggered.connect(self.archive_current)
        menu.addSeparator()
        menu.addAction(self.merge_action)
        for action in (edit, archive, self.merge_action):
            action.setEnabled(exercise is not None)
        return menu

    def _show_context_menu(self, position: QPoint) -> None:
        index = self.list.indexAt(position)
        if index.isValid():
            self.list.setCurrentIndex(index)
        menu = self.context_menu()
        menu.exec(self.list.viewport().mapToGlobal(position))
        menu.deleteLater()
        self.merge_action.setEnabled(True)  # the Edit menu's copy acts on the current one

    def merge_current(self) -> None:
        """Ask which exercise the current one is the same as, then merge it into that one."""
        other = self.current_exercise()
        if other is None:
            return
        keep_id = _services.merge().ask_exercise_to_keep(self, other)
        if keep_id is not None:
            self.merge_into(keep_id, other.id)

    def merge_into(self, keep_id: int, other_id: int) -> None:
        """Merge `other` into `keep` as one undoable step (Ctrl+Z restores every row)."""
        merged = _services.merge().push_merge(
            self, self._undo, keep_id, other_id, events=self._events, report=self._report
        )
        if merged is None:
            return
        self.select_exercise(keep_id)
        self.list.setFocus()  # where Ctrl+Z undoes it (the search field has its own undo)
        self._show_status(merged, undoable=True)
