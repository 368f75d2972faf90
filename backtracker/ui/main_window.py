"""The main window: tabs, menus, status bar. It wires things together and holds no logic."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QTabWidget,
    QToolButton,
    QWidget,
)

from backtracker import APP_NAME
from backtracker.services import preferences
from backtracker.storage.profile import Profile
from backtracker.ui.after_paint import AfterFirstPaint
from backtracker.ui.day_watch import DayWatch
from backtracker.ui.events import DataEvents
from backtracker.ui.first_window import TAB_KEYS, DataGate, last_tab, remember_tab
from backtracker.ui.icons import icon
from backtracker.ui.library.tab import LibraryTab
from backtracker.ui.log.context import LogContext
from backtracker.ui.tasks import run_task
from backtracker.ui.theme import ThemeMode, theme
from backtracker.ui.undo import UndoPlace
from backtracker.ui.vault_lock import VaultLockControl
from backtracker.ui.widgets.lazy_tab import LazyTab
from backtracker.ui.widgets.rest_timer import RestTimer, RestTimerWidget

if TYPE_CHECKING:
    from backtracker.storage.first_window import FirstWindowData
    from backtracker.ui.log.tab import LogTab
    from backtracker.ui.photos.tab import PhotosTab

STATUS_TIMEOUT_MS = 8000
DEFAULT_SIZE = QSize(1280, 800)  # the first start's, or less on a smaller screen
SCREEN_SHARE = 0.92  # of a smaller screen's free area: room for the frame and a margin


def default_size(room: QSize) -> QSize:
    """The first start's size for a screen with `room` free: 1280×800, or 92 % of the room
    where that is less (a 1366×768 laptop; 1920×1080 at 150 %, 1280×720 to Qt)."""
    share = QSize(round(room.width() * SCREEN_SHARE), round(room.height() * SCREEN_SHARE))
    return DEFAULT_SIZE.boundedTo(share)


def _weekly_label(prefs: preferences.Preferences) -> tuple[str, str]:
    """The goal line and its tooltip (the line spelled out, with what counts as a session)."""
    from backtracker.services import logbook

    weekly = logbook.weekly(prefs)
    return weekly.label, weekly.tooltip


def _play_chime() -> None:
    from backtracker.ui.sound import play_chime  # QProcess and the sound file on first use

    play_chime()


class MainWindow(QMainWindow):
    def __init__(
        self,
        profile: Profile,
        settings: QSettings,
        *,
        demo: bool = False,
        start: FirstWindowData | None = None,
        open_data: Callable[[MainWindow], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`start` and `open_data`: built without the ORM, the database opened after the
        first paint (ui/first_window.py); without them the database is open already."""
        super().__init__(parent)
        self.profile = profile
        self.settings = settings
        self.events = DataEvents(self)
        self.undo_stack = QUndoStack(self)
        self.closed = False  # set once the window has closed for good
        self.after_first_paint = AfterFirstPaint(self)
        self.data_gate = DataGate(self, open_data) if open_data else None
        if self.data_gate is not None:  # the first work after the paint, before any other
            for step in self.data_gate.warm_up():
                self.after_first_paint.call(step)
            self.after_first_paint.call(self.data_gate.ensure_open)
        self.setWindowTitle(f"{APP_NAME} — demo profile" if demo else APP_NAME)
        self.setObjectName("MainWindow")

        self.rest_timer = RestTimer(parent=self)
        self.log_context = LogContext(
            self.events,
            self.undo_stack,
            self.rest_timer,
            self.show_status,
            preferences.from_stored(start.stored_preferences) if start else preferences.load(),
        )
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.library = LibraryTab(
            self.events,
            self.undo_stack,
            settings,
            self.show_status,
            history_line=self._history_line,
            defer=self.after_first_paint.call,
            start=start,
        )
        self.log_page = LazyTab(self._build_log_tab)
        self.tabs.addTab(self.library, icon("library"), "&Library")
        self.tabs.addTab(self.log_page, icon("log"), "L&og")
        self.photos_page = LazyTab(self._build_photos_tab)
        self.tabs.addTab(self.photos_page, icon("photos"), "Pho&tos")
        self.progress_page = LazyTab(self._build_progress_tab)
        self.tabs.addTab(self.progress_page, icon("progress"), "&Progress")
        self.setCentralWidget(self.tabs)
        self.tabs.setAccessibleName("Sections")
        self.tabs.tabBar().setAccessibleName("Sections")
        self._shown_tab = 0
        self._last_focus: dict[int, QWidget] = {}  # per tab, where the keyboard last was
        self.tabs.currentChanged.connect(self._focus_current_tab)
        QApplication.instance().focusChanged.connect(self._remember_focus)
        self._build_menus()
        self._build_status_bar()
        self.events.add_to_workout_requested.connect(self._add_to_workout)
        self.events.open_workout_requested.connect(self._open_workout)
        self.vault_lock = VaultLockControl(  # Lock Photos (Ctrl+L) and the idle lock
            self.lock_photos_action,
            self.events,
            show_status=self.show_status,
            prefs=lambda: self.log_context.prefs,
            busy=lambda: self.photos_page.built and self.photos.lock.busy,
            parent=self,
        )
        self.after_first_paint.call(self.vault_lock.check_at_start)  # a pass cut short
        self.day_watch = DayWatch(self)  # past midnight, the goal and the week move on
        self.day_watch.day_changed.connect(self.events.day_changed)
        if start is not None:
            running = start.active_workout_id
        else:
            from backtracker.storage.workouts import active_workout_id  # not the logbook

            running = active_workout_id()
        # A workout left running is picked up; otherwise the tab in view at the last close.
        tab = "log" if running is not None else last_tab(settings)
        self.tabs.setCurrentIndex(TAB_KEYS.index(tab))

        screen = self.screen()
        self.resize(default_size(screen.availableGeometry().size()) if screen else DEFAULT_SIZE)
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        from backtracker.ui.health_notice import schedule_health_check  # after the window is up
        from backtracker.ui.preload import schedule_preload  # the charts' libraries, off-thread

        # The check reads the database: it is queued behind the opening of a window drawn
        # from plain reads (`data_gate`, first in `after_first_paint`), which waits for the
        # backup on start. Started from a bare 1.5 s timer, a backup slower than that made
        # it fail as an unexpected error ("database must be initialized").
        data_dir = profile.data_dir
        self.after_first_paint.call(lambda: schedule_health_check(self, data_dir))
        schedule_preload(self)

    def _build_log_tab(self) -> QWidget:
        from backtracker.ui.log.tab import LogTab  # imported on first show: faster start

        return LogTab(self.log_context)

    def _history_line(self, exercise_id: int) -> str:
        from backtracker.services.progress import history_line

        prefs = self.log_context.prefs
        return history_line(exercise_id, formula=prefs.formula, unit=prefs.unit)

    def _build_photos_tab(self) -> QWidget:
        from backtracker.ui.photos import build_photos_tab  # Pillow and the grid load on first show

        return build_photos_tab(
            self.events,
            self.profile,
            lambda: self.log_context.prefs,
            self.undo_stack,
            self.show_status,
        )

    @property
    def photos(self) -> PhotosTab:
        return self.photos_page.content()  # type: ignore[return-value]

    def import_photos(self) -> None:
        from backtracker.ui.photos.dialogs import choose_photo_files

        self.tabs.setCurrentWidget(self.photos_page)
        if self.photos.lock.refuse("import photos"):
            return
        paths = choose_photo_files(self)
        if paths:
            self.photos.import_files(paths)

    def compare_photos(self) -> None:
        self.tabs.setCurrentWidget(self.photos_page)
        self.photos.compare()

    # File ▸ data items: the modules load on first use, so start-up does not pay for them.
    def import_from_other_app(self) -> None:
        from backtracker.ui.data import data_actions

        data_actions.import_from_other_app(self, self.events, self.show_status)

    def export_workouts(self) -> None:
        from backtracker.ui.data import data_actions

        data_actions.export_workouts(self, self.show_status)

    def export_body(self) -> None:
        from backtracker.ui.data import data_actions

        data_actions.export_body_measurements(self, self.show_status)

    def back_up(self) -> None:
        from backtracker.ui.data import data_actions

        data_actions.back_up(self, self.profile, self.show_status)

    def restore_backup(self) -> None:
        from backtracker.ui.data import data_actions

        data_actions.restore(
            self, self.profile, self.events, self.show_status, self._forget_old_data
        )

    def _forget_old_data(self) -> None:
        """After a restore: nothing may point into the data that was replaced."""
        self.undo_stack.clear()
        self.log_context.prefs = preferences.load()
        self.vault_lock.lock(status="")  # a restored photo vault opens with its passphrase
        if self.log_page.built:
            self.log.editor.workout = None
            from backtracker.services import logbook

            running = logbook.active_workout_id()
            if running is not None:
                self.log.open_workout(running)
            else:
                self.log.show_start()

    def _build_progress_tab(self) -> QWidget:
        from backtracker.ui.progress import build_progress_tab  # matplotlib loads on first show

        tab = build_progress_tab(
            self.events,
            lambda: self.log_context.prefs,
            UndoPlace(self.undo_stack, self.show_status),
        )
        tab.log_requested.connect(lambda: self.tabs.setCurrentWidget(self.log_page))
        return tab

    @property
    def log(self) -> LogTab:
        return self.log_page.content()  # type: ignore[return-value]

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(True)
        self.goal_label = QLabel()
        self._goal_requests = 0
        self.goal_label.setAccessibleName("Weekly goal")
        bar.addWidget(self.goal_label)
        # QStatusBar hides its normal widgets under a passing message only when they are
        # visible at that moment; a message shown before the window is (at start-up: "Picked
        # up your workout…") would be drawn over the goal line. Follow every message instead.
        bar.messageChanged.connect(lambda message: self.goal_label.setVisible(not message))
        self.status_undo = QToolButton(text="Undo")
        self.status_undo.setToolTip("Undo (Ctrl+Z)")
        self.status_undo.clicked.connect(self.undo_action.trigger)
        self.status_undo.clicked.connect(self.status_undo.hide)
        self.status_undo.hide()
        self._undo_hide = QTimer(self)
        self._undo_hide.setSingleShot(True)
        self._undo_hide.setInterval(STATUS_TIMEOUT_MS)
        self._undo_hide.timeout.connect(self.status_undo.hide)
        bar.addPermanentWidget(self.status_undo)
        self.rest_widget = RestTimerWidget(self.rest_timer, _play_chime)
        bar.addPermanentWidget(self.rest_widget)
        for signal in (
            self.events.workouts_changed,
            self.events.preferences_changed,
            self.events.day_changed,
        ):
            signal.connect(self.update_goal)
        # A workout counts from its first completed work set, ticked while it still runs.
        self.events.sets_changed.connect(self.update_goal)
        self.after_first_paint.call(self.update_goal)  # it reads 2 years of the log

    def update_goal(self) -> None:
        """Work out the weekly goal line in the background; it shows when it arrives."""
        self._goal_requests += 1
        request = self._goal_requests

        def show(line: tuple[str, str]) -> None:
            if request == self._goal_requests:  # an older answer must not overwrite a newer one
                self.goal_label.setText(line[0])
                self.goal_label.setToolTip(line[1])

        run_task(
            _weekly_label,
            self.log_context.prefs,
            on_done=show,
            context=self.goal_label,
            uses_database=True,
        )

    def show_preferences(self) -> None:
        from backtracker.ui.settings_dialog import SettingsDialog

        prefs = SettingsDialog.ask(self, self.log_context.prefs, self.events)
        if prefs is not None:
            self.log_context.prefs = prefs
            self.events.preferences_changed.emit()
            if self.log_page.built and self.log.editor.workout is not None:
                self.log.editor.open(self.log.editor.workout.id)

    def show_status(self, message: str, *, undoable: bool = False) -> None:
        """A passing message; `undoable` adds an Undo button beside it while it shows."""
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)
        self.status_undo.setVisible(undoable)
        if undoable:
            self._undo_hide.start()

    def _action(
        self, text: str, slot: object, shortcut: object = None, icon_name: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()

        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self._action("&New Workout", self._new_workout, "Ctrl+N", "log"))
        file_menu.addAction(
            self._action(
                "Import from &Strong/Hevy/FitNotes…",
                self.import_from_other_app,
                "Ctrl+Shift+I",
                "import",
            )
        )
        file_menu.addAction(self._action("&Import Photos…", self.import_photos, "Ctrl+I", "import"))
        file_menu.addAction(
            self._action("&Compare Photos", self.compare_photos, "Ctrl+K", "compare")
        )
        lock = lambda: self.vault_lock.lock()  # noqa: E731, PLW0108 - vault_lock comes later
        self.lock_photos_action = self._action("&Lock Photos", lock, "Ctrl+L", "lock")
        file_menu.addAction(self.lock_photos_action)
        self.new_exercise_action = self._action(
            "New &Exercise…", self.library.new_exercise, "Ctrl+Shift+N", "plus"
        )
        file_menu.addAction(self.new_exercise_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("E&xport…", self.export_workouts, None, "export"))
        file_menu.addAction(
            self._action("Export Bod&y Measurements…", self.export_body, None, "export")
        )
        file_menu.addAction(self._action("&Back Up…", self.back_up, None, "archive"))
        file_menu.addAction(self._action("&Restore…", self.restore_backup, None, "restore"))
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("Open &Data Folder", self.open_data_folder, None, "folder")
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("&Quit", self.close, "Ctrl+Q", "quit")  # Cmd+Q on macOS
        )

        edit_menu = menu_bar.addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(icon("undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(icon("redo"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(
            self._action("&Find Exercise", self._find, QKeySequence.StandardKey.Find, "search")
        )
        for action in (
            self._action("&Edit Exercise…", self.library.edit_current, "F2", "edit"),
            self._action(
                "&Archive or Restore Exercise", self.library.archive_current, "Del", "archive"
            ),
            self.library.merge_action,  # "these are the same" (also in the list's menu)
        ):
            edit_menu.addAction(action)
            # F2 and Del act on the exercise only while the Library shows; elsewhere they
            # edit a cell, or delete a set or a photo (a disabled action lets the key through).
            self.tabs.currentChanged.connect(
                lambda _index, a=action: a.setEnabled(self.tabs.currentWidget() is self.library)
            )
        edit_menu.addSeparator()
        preferences_action = self._action(
            "&Preferences…", self.show_preferences, QKeySequence.StandardKey.Preferences, None
        )
        preferences_action.setShortcuts([QKeySequence("Ctrl+,")])
        preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        edit_menu.addAction(preferences_action)

        view_menu = menu_bar.addMenu("&View")
        view_menu.addAction(
            self._action(
                "&Library", lambda: self.tabs.setCurrentWidget(self.library), "Ctrl+1", "library"
            )
        )
        view_menu.addAction(
            self._action("L&og", lambda: self.tabs.setCurrentWidget(self.log_page), "Ctrl+2", "log")
        )
        for text, page, keys, icon_name in (
            ("Pho&tos", self.photos_page, "Ctrl+3", "photos"),
            ("&Progress", self.progress_page, "Ctrl+4", "progress"),
        ):
            view_menu.addAction(
                self._action(
                    text, lambda _=False, p=page: self.tabs.setCurrentWidget(p), keys, icon_name
                )
            )
        for text, step, keys in (
            ("&Next Tab", 1, "Ctrl+PgDown"),
            ("Pre&vious Tab", -1, "Ctrl+PgUp"),
        ):
            view_menu.addAction(self._action(text, lambda _=False, s=step: self._step_tab(s), keys))
        view_menu.addSeparator()
        self.show_archived_action = QAction("Show &Archived Exercises", self, checkable=True)
        self.show_archived_action.toggled.connect(self.library.set_show_archived)
        view_menu.addAction(self.show_archived_action)
        theme_menu = view_menu.addMenu(icon("theme"), "&Theme")
        group = QActionGroup(self)
        self.theme_actions: dict[ThemeMode, QAction] = {}
        for mode, label in (
            (ThemeMode.SYSTEM, "Follow &System"),
            (ThemeMode.LIGHT, "&Light"),
            (ThemeMode.DARK, "&Dark"),
        ):
            action = QAction(label, self, checkable=True)
            action.setChecked(theme().mode is mode)
            action.triggered.connect(lambda _checked=False, m=mode: self.set_theme(m))
            group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[mode] = action

        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(
            self._action(
                "&Keyboard Shortcuts",
                self.show_shortcuts,
                QKeySequence.StandardKey.HelpContents,
                "keyboard",
            )
        )
        help_menu.addAction(self._action("&Getting Started…", self.show_welcome, None, "dumbbell"))
        help_menu.addAction(
            self._action("&Training Guide", self.show_training_guide, None, "guide")
        )
        help_menu.addSeparator()
        help_menu.addAction(self._action(f"&About {APP_NAME}", self.show_about, None, "info"))

    # Help windows are imported on first use: they are not needed to start.
    def offer_welcome(self) -> None:
        """First run: the welcome, while the profile is empty and it was never closed."""
        from backtracker.ui.welcome import offer_welcome

        offer_welcome(self)

    def show_welcome(self) -> None:
        from backtracker.ui.welcome import show_welcome

        show_welcome(self)

    def show_shortcuts(self) -> None:
        from backtracker.ui.help import shortcuts_dialog

        shortcuts_dialog(self).exec()

    def show_training_guide(self) -> None:
        from backtracker.ui.help import training_guide_dialog

        training_guide_dialog(self).exec()

    def show_about(self) -> None:
        from backtracker.ui.help import AboutDialog

        AboutDialog(self.profile, self).exec()

    def open_data_folder(self) -> None:
        from backtracker.ui.help import open_folder

        open_folder(self.profile.data_dir)

    def _add_to_workout(self, exercise_id: int) -> None:
        self.tabs.setCurrentWidget(self.log_page)
        self.log.add_exercise_to_workout(exercise_id)

    def _open_workout(self, workout_id: int) -> None:
        self.tabs.setCurrentWidget(self.log_page)
        self.log.open_workout(workout_id)

    def _new_workout(self) -> None:
        self.tabs.setCurrentWidget(self.log_page)
        self.log.new_workout()

    def _step_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _remember_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Qt moves the focus itself while it switches tabs; only the person's moves count.
        if (
            new is not None
            and self.tabs.currentIndex() == self._shown_tab
            and self.tabs.currentWidget().isAncestorOf(new)
        ):
            self._last_focus[self._shown_tab] = new

    def _focus_current_tab(self, index: int) -> None:
        """Keyboard users land where they last were on a tab, or on its main control."""
        self._shown_tab = index
        page = self.tabs.currentWidget()
        if isinstance(page, LazyTab):
            if not page.built:
                return
            page = page.content()
        last = self._last_focus.get(index)
        if last is not None and shiboken6.isValid(last) and last.isVisible() and last.isEnabled():
            last.setFocus(Qt.FocusReason.OtherFocusReason)
        elif hasattr(page, "focus_main"):
            page.focus_main()

    def _find(self) -> None:
        self.tabs.setCurrentWidget(self.library)
        self.library.focus_search()

    def set_theme(self, mode: ThemeMode) -> None:
        theme().apply(mode)
        self.theme_actions[mode].setChecked(True)
        self.settings.setValue("theme", mode.value)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.day_watch.check()  # back from sleep on another day: timers did not run

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.log_page.built:
            self.log.save_pending_edits()  # notes typed just before quitting
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.library.save_state()
        remember_tab(self.settings, self.tabs.currentIndex())
        self.settings.sync()
        super().closeEvent(event)
        if event.isAccepted():
            self.closed = True  # deferred start-up work (goal, history, health) must not start
            self.after_first_paint.cancel()
