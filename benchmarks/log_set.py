"""Logging a set: from the Enter key in the reps field to the set saved as done.

Drives the real Log tab offscreen on a profile with a year of demo training: types the
weight, Enter, the reps, then times the final Enter until the set is committed as done
(`log-set`: the model announces the ticked row right after the commit returns) and until
the Enter is wholly handled, the next set lined up and its cell open
(`log-set-enter-handled`). The baseline is the bare minimum the same
database needs for that: one UPDATE and COMMIT through raw sqlite3 with the same pragmas.

    python benchmarks/log_set.py [--sets N]

Output: `log-set: 6.1 ms (ratio 3.20 x raw-sqlite-update-commit)` and the
`log-set-enter-handled` line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run as a script: appended, so a PYTHONPATH at another checkout decides what is measured.
if __package__ in (None, ""):
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from benchmarks.offscreen import use_offscreen

use_offscreen(os.environ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=40)
    args = parser.parse_args()

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    from backtracker.services import logbook, preferences
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.database import PRAGMAS, close_database, open_database
    from backtracker.storage.models import Exercise
    from backtracker.storage.profile import prepare_profile
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.storage.seeding import seed_catalogue
    from backtracker.ui.application import create_application, ui_state
    from backtracker.ui.main_window import MainWindow
    from backtracker.ui.theme import ThemeMode, install_theme

    with tempfile.TemporaryDirectory(prefix="backtracker-bench-") as tmp:
        profile = prepare_profile(Path(tmp) / "profile")
        app = create_application(sys.argv[:1])
        open_database(profile.database_path)
        seed_catalogue()
        seed_builtin_routines()
        fill_demo_profile(today=dt.date.today())
        install_theme(app, ThemeMode.LIGHT)
        prefs = preferences.load()
        workout_id = logbook.start_workout(prefs)
        row_id = Exercise.get(Exercise.catalogue_key == "dumbbell-row").id
        logbook.add_exercise(workout_id, row_id, prefs)
        window = MainWindow(profile, ui_state(profile))
        window.show()
        window.tabs.setCurrentWidget(window.log_page)
        window.log.open_workout(workout_id)
        card = window.log.editor.cards[0]

        def open_editor() -> QLineEdit:
            deadline = time.perf_counter() + 2
            while time.perf_counter() < deadline:
                app.processEvents()
                editors = [
                    w for w in card.table.viewport().findChildren(QLineEdit) if w.isVisible()
                ]
                if editors:
                    return editors[0]
            raise RuntimeError("no cell editor opened")

        timings, handled = [], []
        committed_at: list[float] = []

        def note_commit(*_args: object) -> None:
            # dataChanged of the ticked row is emitted right after the commit returns.
            if not committed_at and card.model.set_at(watched[0]).completed:
                committed_at.append(time.perf_counter())

        watched = [0]
        card.model.dataChanged.connect(note_commit)
        for number in range(args.sets):
            row = card.model.rowCount() - 1
            weight = open_editor()
            weight.selectAll()
            QTest.keyClicks(weight, "20")
            QTest.keyClick(weight, Qt.Key.Key_Return)
            reps = open_editor()
            while reps is weight:
                reps = open_editor()
            reps.selectAll()
            QTest.keyClicks(reps, str(8 + number % 5))
            watched[0] = row
            committed_at.clear()
            start = time.perf_counter()
            QTest.keyClick(reps, Qt.Key.Key_Return)
            while not card.model.set_at(row).completed:
                app.processEvents()
            handled.append(time.perf_counter() - start)
            timings.append(committed_at[0] - start)
        window.rest_timer.skip()
        window.close()
        close_database()

        conn = sqlite3.connect(profile.database_path, isolation_level=None)
        for name, value in PRAGMAS.items():
            conn.execute(f"PRAGMA {name} = {value}")
        ids = [i for (i,) in conn.execute("SELECT id FROM set_entry ORDER BY id LIMIT 400")]
        baseline = []
        for set_id in ids[: args.sets]:
            start = time.perf_counter()
            conn.execute("BEGIN")
            conn.execute(
                "UPDATE set_entry SET completed = 1, completed_at = ? WHERE id = ?",
                (dt.datetime.now().isoformat(sep=" "), set_id),
            )
            conn.execute("COMMIT")
            baseline.append(time.perf_counter() - start)
        conn.close()

    measured, base = statistics.median(timings), statistics.median(baseline)
    whole = statistics.median(handled)
    print(f"raw-sqlite-update-commit: {base * 1000:.2f} ms (ratio 1.00 x raw-sqlite-update-commit)")
    print(
        f"log-set: {measured * 1000:.2f} ms (ratio {measured / base:.2f} x "
        "raw-sqlite-update-commit)"
    )
    print(
        f"log-set-enter-handled: {whole * 1000:.2f} ms (ratio {whole / base:.2f} x "
        "raw-sqlite-update-commit)"
    )


if __name__ == "__main__":
    main()
