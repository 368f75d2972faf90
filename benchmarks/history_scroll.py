"""Opening the Log's History on a ten-year profile and scrolling it to the oldest workout.

Builds a demo profile of `--weeks` weeks (520: ten years, about 1,200 workouts), shows the
real History panel offscreen at 360×800 and times, as the person gets it:
  - open: the panel built, its first page read and painted;
  - scroll: End pressed on the list until the oldest workout is current, every page read
    on the way (End reaches the last row loaded; the view then asks the model for more);
  - the slowest single press, which is what a person would feel as a hitch.
The baseline is the same list, delegate and paging over the same workouts already in
memory: no database. Medians of `--runs` runs are printed.

    python benchmarks/history_scroll.py [--weeks N] [--runs N]

Output (2 cores, offscreen):
    history-open: 17.9 ms (ratio 1.68 x in-memory-open)
    history-scroll-to-end: 242.8 ms for 1223 workouts (ratio 1.31 x in-memory-scroll)
    history-slowest-press: 31.4 ms (ratio 1.44 x in-memory-slowest-press)
    in-memory-open: 10.7 ms
    in-memory-scroll: 185.8 ms
    in-memory-slowest-press: 21.8 ms
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `backtracker` importable from the tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=520)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QListView

    from backtracker.domain import clock
    from backtracker.domain.log import WorkoutSummary
    from backtracker.domain.units import Unit
    from backtracker.services.demo import fill_demo_profile
    from backtracker.services.preferences import Preferences
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.profile import prepare_profile
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.storage.seeding import seed_catalogue
    from backtracker.storage.workouts import HISTORY_PAGE
    from backtracker.ui.application import create_application
    from backtracker.ui.events import DataEvents
    from backtracker.ui.log.context import LogContext
    from backtracker.ui.log.history import (
        SUMMARY_ROLE,
        HistoryModel,
        HistoryPanel,
        SummaryDelegate,
    )
    from backtracker.ui.theme import ThemeMode, install_theme
    from backtracker.ui.widgets.rest_timer import RestTimer

    app = create_application(sys.argv[:1])
    install_theme(app, ThemeMode.LIGHT)
    with tempfile.TemporaryDirectory(prefix="backtracker-bench-") as tmp:
        profile = prepare_profile(Path(tmp) / "profile")
        open_database(profile.database_path)
        seed_catalogue()
        seed_builtin_routines()
        built = time.perf_counter()
        report = fill_demo_profile(today=clock.today(), weeks=args.weeks)
        print(
            f"# demo profile: {args.weeks} weeks, {report.workouts} workouts, {report.sets} sets "
            f"(built in {time.perf_counter() - built:.1f} s)"
        )
        close_database()
        open_database(profile.database_path)  # a fresh connection, as after start-up

        context = LogContext(
            DataEvents(), QUndoStack(), RestTimer(), lambda *a, **k: None, Preferences()
        )

        def settle() -> None:
            for _ in range(3):
                app.processEvents()

        def scroll_to_end(view: QListView) -> list[float]:
            """Press End until the last workout is current; the ms each press took."""
            view.setFocus()
            presses = []
            while True:
                start = time.perf_counter()
                QTest.keyClick(view, Qt.Key.Key_End)
                settle()
                presses.append((time.perf_counter() - start) * 1000)
                model = view.model()
                if view.currentIndex().row() == model.rowCount() - 1 and not model.canFetchMore():
                    return presses

        # The History panel as the Log tab shows it, reading from the database.
        open_ms, scroll_ms, worst_ms, rows = [], [], [], 0
        summaries: list[WorkoutSummary] = []
        for _ in range(args.runs):
            start = time.perf_counter()
            panel = HistoryPanel(context)
            panel.resize(360, 800)
            panel.show()
            settle()
            open_ms.append((time.perf_counter() - start) * 1000)
            presses = scroll_to_end(panel.list)
            scroll_ms.append(sum(presses))
            worst_ms.append(max(presses))
            rows = panel.model.rowCount()
            summaries = [panel.model.index(row).data(SUMMARY_ROLE) for row in range(rows)]
            panel.close()
            panel.deleteLater()
            settle()

        # The baseline: the same list, delegate and paging over the same lines in memory.
        def from_memory(after: tuple[dt.datetime, int] | None) -> list[WorkoutSummary]:
            first = (
                0
                if after is None
                else next(i + 1 for i, s in enumerate(summaries) if (s.started_at, s.id) == after)
            )
            return summaries[first : first + HISTORY_PAGE]

        base_open, base_scroll, base_worst = [], [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            view = QListView()
            view.setAlternatingRowColors(True)
            view.setSpacing(2)
            view.setItemDelegate(SummaryDelegate(view))
            model = HistoryModel(view, load_page=from_memory)
            view.setModel(model)
            model.reload(Unit.KG)
            view.setCurrentIndex(model.index(0))
            view.resize(360, 760)
            view.show()
            settle()
            base_open.append((time.perf_counter() - start) * 1000)
            presses = scroll_to_end(view)
            base_scroll.append(sum(presses))
            base_worst.append(max(presses))
            view.close()
            view.deleteLater()
            settle()

        med = statistics.median
        print(
            f"history-open: {med(open_ms):.1f} ms "
            f"(ratio {med(open_ms) / med(base_open):.2f} x in-memory-open)"
        )
        print(
            f"history-scroll-to-end: {med(scroll_ms):.1f} ms for {rows} workouts "
            f"(ratio {med(scroll_ms) / med(base_scroll):.2f} x in-memory-scroll)"
        )
        print(
            f"history-slowest-press: {med(worst_ms):.1f} ms "
            f"(ratio {med(worst_ms) / med(base_worst):.2f} x in-memory-slowest-press)"
        )
        print(f"in-memory-open: {med(base_open):.1f} ms")
        print(f"in-memory-scroll: {med(base_scroll):.1f} ms")
        print(f"in-memory-slowest-press: {med(base_worst):.1f} ms")
        assert rows == report.workouts, f"History shows {rows} of {report.workouts} workouts"
        close_database()


if __name__ == "__main__":
    main()
