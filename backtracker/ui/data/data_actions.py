"""File ▸ Import from Strong/Hevy/FitNotes…, Export…, Back up… and Restore….

The main window imports this module on first use and calls one function per menu item. Each
asks through the seams in `ui.data.dialogs` (and `ui.dialogs.confirm`), runs the work in the
background with progress, and announces what changed through `DataEvents`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from backtracker.domain.dates import format_time
from backtracker.domain.errors import UserError
from backtracker.ui import dialogs
from backtracker.ui.data import dialogs as data_dialogs
from backtracker.ui.data.dialogs import ExportFormat
from backtracker.ui.data.progress import Cancelled, Progress, run_with_progress
from backtracker.ui.data.texts import counted, day_text, import_summary_line

if TYPE_CHECKING:
    from backtracker.services.importers import ImportResult
    from backtracker.storage.profile import Profile
    from backtracker.ui.data.import_dialog import ImportDialog
    from backtracker.ui.events import DataEvents

ShowStatus = Callable[..., None]


# -- import ----------------------------------------------------------------------------------
def import_from_other_app(
    parent: QWidget, events: DataEvents, show_status: ShowStatus
) -> ImportDialog | None:
    """Ask for a file, then open the import dialog on it (not blocking); None if cancelled."""
    path = data_dialogs.choose_import_file(parent)
    if path is None:
        return None
    from backtracker.ui.data.import_dialog import ImportDialog

    dialog = ImportDialog(path, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.imported.connect(partial(_imported, parent, events, show_status))
    dialog.open()
    return dialog


def _imported(
    parent: QWidget, events: DataEvents, show_status: ShowStatus, result: ImportResult
) -> None:
    """Every open tab reloads what the import changed, one kind of change per event-loop
    turn (in one turn, a ten-year history's reloads took about 150 ms), then the summary."""
    changes = [
        events.exercises_changed,  # new custom exercises, and the names remembered as aliases
        events.workouts_changed,
        events.bodyweight_changed,
        events.measurements_changed,
    ]

    def next_change() -> None:
        if changes:
            changes.pop(0).emit()
            QTimer.singleShot(0, parent, next_change)
            return
        show_status(import_summary_line(result))
        data_dialogs.ImportSummaryDialog.show_result(parent, result)

    next_change()


# -- export ----------------------------------------------------------------------------------
def _export(fmt: ExportFormat, target: Path, _progress: Progress, _cancelled: Cancelled) -> int:
    from backtracker.services import export

    if fmt is ExportFormat.STRONG:
        return export.export_strong_csv(target)
    return export.export_csv(target)


def export_workouts(parent: QWidget, show_status: ShowStatus) -> None:
    """Every logged set to a CSV: ours, or one that Hevy's Strong importer takes."""
    choice = data_dialogs.choose_export_file(parent)
    if choice is None:
        return
    target, fmt = choice

    def done(rows: int) -> None:
        show_status(f"Exported {counted(rows, 'row')}, one per set, to {target}.")

    run_with_progress(
        parent,
        partial(_export, fmt, target),
        title="Exporting",
        label=f"Exporting your workouts to {target.name}…",
        on_done=done,
        cancellable=False,  # a few seconds at most, and the file is written atomically
    )


def _export_body(target: Path, _progress: Progress, _cancelled: Cancelled) -> int:
    from backtracker.services.body_export import export_measurements_csv

    return export_measurements_csv(target)


def export_body_measurements(parent: QWidget, show_status: ShowStatus) -> None:
    """Bodyweight and every body measurement to a CSV (date,metric,value,unit,notes)."""
    target = data_dialogs.choose_body_export_file(parent)
    if target is None:
        return
    run_with_progress(
        parent,
        partial(_export_body, target),
        title="Exporting",
        label=f"Exporting your body measurements to {target.name}…",
        on_done=lambda rows: show_status(
            f"Exported {counted(rows, 'body entry', 'body entries')} (kg, cm and %) to {target}."
        ),
        cancellable=False,
    )


# -- backup and restore ----------------------------------------------------------------------
def _create_backup(
    target: Path, data_dir: Path, _progress: Progress, _cancelled: Cancelled
) -> Path:
    from backtracker.services import backup

    return backup.create_backup(target, data_dir=data_dir)


def back_up(parent: QWidget, profile: Profile, show_status: ShowStatus) -> None:
    """One archive with the database and the photos, safe to make while the app runs."""
    target = data_dialogs.choose_backup_file(parent)
    if target is None:
        return
    run_with_progress(
        parent,
        partial(_create_backup, target, profile.data_dir),
        title="Backing up",
        label=f"Backing up your workouts and photos to {target.name}…",
        on_done=lambda path: show_status(f"Backed up to {path}."),
        cancellable=False,
    )


def _restore_backup(
    archive: Path, data_dir: Path, _progress: Progress, _cancelled: Cancelled
) -> Path:
    from backtracker.services import backup

    return backup.restore_backup(archive, data_dir=data_dir)


def restore(
    parent: QWidget,
    profile: Profile,
    events: DataEvents,
    show_status: ShowStatus,
    after_restore: Callable[[], None] | None = None,
) -> None:
    """Replace the profile's data with a backup's, keeping a safety copy of what was there.

    The database is closed while the files move and opened again afterwards, whatever
    happened; `after_restore` lets the window drop state that pointed into the old data.
    """
    archive = data_dialogs.choose_backup_archive(parent)
    if archive is None:
        return
    from backtracker.services import backup

    try:  # the archive's table of contents only: quick, and a wrong file is refused at once
        manifest = backup.read_manifest(archive)
    except UserError as error:
        dialogs.show_error(parent, "The backup was not restored", str(error))
        return
    made = manifest.created_at
    photos = counted(manifest.photo_count, "photo")
    if not dialogs.confirm(
        parent,
        "Restore from a backup",
        f"Replace your data with the backup in “{archive.name}”, made on "
        f"{day_text(made.date())} at {format_time(made)} ({photos})?\n\n"
        "Your workouts, exercises, routines, settings and photos become those in the backup. "
        "What is there now is not lost: it is kept as a safety copy in "
        f"{profile.backups_dir}, so you can go back to it.",
        "Restore",
    ):
        return
    from backtracker.storage.database import close_database

    close_database()
    reopen = _Reopen(parent, profile)

    def done(safety_copy: Path) -> None:
        if not reopen():
            return
        if after_restore is not None:
            after_restore()
        for signal in (
            events.preferences_changed,
            events.exercises_changed,
            events.workouts_changed,
            events.sets_changed,
            events.bodyweight_changed,
            events.measurements_changed,
            events.photos_changed,
        ):
            signal.emit()
        show_status(f"Restored from {archive.name}.")
        dialogs.show_info(
            parent,
            "Backup restored",
            f"Your data now comes from “{archive.name}”.\n\n"
            f"What was there before is kept, untouched, in {safety_copy}.",
        )

    def failed(error: UserError) -> None:
        reopen()
        dialogs.show_error(parent, "The backup was not restored", str(error))

    run_with_progress(
        parent,
        partial(_restore_backup, archive, profile.data_dir),
        title="Restoring",
        label=f"Restoring from {archive.name}…",
        on_done=done,
        on_error=failed,
        on_finished=reopen,  # also after a bug: the app must not stay without its database
        cancellable=False,  # files are moving: stopping halfway would leave neither copy whole
        uses_database=False,  # the database is closed until the files are in place
        application_modal=True,  # nothing else may reach the database meanwhile
    )


class _Reopen:
    """Open the profile's database again, once; says why when it cannot."""

    def __init__(self, parent: QWidget, profile: Profile) -> None:
        self.parent = parent
        self.profile = profile
        self.result: bool | None = None

    def __call__(self) -> bool:
        if self.result is None:
            self.result = self._open()
        return self.result

    def _open(self) -> bool:
        from backtracker.storage.database import open_database
        from backtracker.storage.routines import seed_builtin_routines
        from backtracker.storage.seeding import seed_catalogue

        try:
            open_database(self.profile.database_path)
            seed_catalogue()  # as at start-up: an older backup gains the newer catalogue
            seed_builtin_routines()
        except UserError as error:
            dialogs.show_error(
                self.parent,
                "Your data cannot be opened",
                f"{error}\n\nThe data from before the restore is in {self.profile.backups_dir}. "
                "Quit BackTracker and restore from another backup.",
            )
            return False
        return True
