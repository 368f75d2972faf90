"""Start the real app (`backtracker.app.main`) and, once its window is up, start a long write
in a background task the way the menus do: a photo import (Photos tab) or a CSV import
(the import dialog's job). Prints `started`, then `progress DONE TOTAL` as the work goes on.

    python gui_write.py DATA_DIR photos FOLDER [close-after N]
    python gui_write.py DATA_DIR csv FILE [close-after N]

With `close-after N` the window is closed (as a person would) after the N-th progress
report; otherwise the test sends SIGTERM. Exits with the app's exit code.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from backtracker import app as backtracker_app
from backtracker.ui.application import create_application
from backtracker.ui.tasks import call_on_gui_thread

START_DELAY_MS = 300
RETRY_MS = 50


def main() -> int:
    data_dir, kind, source = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    close_after = int(sys.argv[5]) if len(sys.argv) > 5 else None
    qt_app = create_application(sys.argv[:1])

    def window():
        from backtracker.ui.main_window import MainWindow

        shown = (w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        return next((w for w in shown if w.isVisible()), None)

    def start() -> None:
        main_window = window()
        if main_window is None:
            # A start-up slower than START_DELAY_MS (a loaded CI machine): the window is not
            # up yet, so look again shortly.
            QTimer.singleShot(RETRY_MS, start)
            return
        # A window drawn from plain reads opens the database after its first paint, or at
        # the first input event (ui/first_window.py `DataGate`); the menus' clicks would
        # open it, so this does what a click does before starting the write.
        if main_window.data_gate is not None and not main_window.data_gate.ensure_open():
            return
        close_window = call_on_gui_thread(main_window.close)  # reports may come from a worker
        reports = 0

        def report(done: int, total: int) -> None:
            nonlocal reports
            reports += 1
            print(f"progress {done} {total}", flush=True)
            if close_after is not None and reports == close_after:
                close_window()

        if kind == "photos":
            start_photos(main_window, source, report)
        else:
            start_csv(main_window, source, report)
        print("started", flush=True)

    QTimer.singleShot(START_DELAY_MS, start)
    del qt_app  # app.main finds it with QApplication.instance()
    return backtracker_app.main(["--data-dir", str(data_dir)])


def start_photos(window, folder: Path, report) -> None:
    photos = window.photos
    advance = photos.importer._advance

    def advance_and_report(done: int, total: int, current: Path) -> None:
        advance(done, total, current)
        report(done, total)

    photos.importer._advance = advance_and_report  # see each photo as the dialog does
    assert photos.import_files([folder], pose="back")


def start_csv(window, csv_file: Path, report) -> None:
    from backtracker.services import importers
    from backtracker.ui.data import jobs
    from backtracker.ui.data.progress import run_with_progress

    parsed = importers.parse(csv_file, unit="kg")

    def work(progress, cancelled):
        def both(done: int, total: int) -> None:
            report(done, total)
            progress(done, total)

        return jobs.import_reading(parsed, {}, both, cancelled)

    run_with_progress(
        window,
        work,
        title="Importing",
        label="Importing your workouts…",
        on_done=lambda result: print(f"done {result.workouts_added}", flush=True),
        on_stopped=lambda: print("stopped", flush=True),
    )


if __name__ == "__main__":
    sys.exit(main())
