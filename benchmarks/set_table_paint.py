"""Repainting a set table: the Log's biggest paint when a workout opens.

Opens a past workout of the ten-year history of `chart_queries.build_history` (21 sets an
exercise) in the real Log tab offscreen, at 1280×800, and repaints its first card's table
again and again (`viewport().repaint()`: the cells, as Qt paints them when the card shows).
The baseline is the same table drawn by Qt's own item delegate on every column, with nothing
of ours per cell: what the table's cells cost in Qt alone. Both are timed alternately in one
run, so a busy machine slows both alike.

    python benchmarks/set_table_paint.py [--repaints N] [--years N]

Output (medians, then the fastest repaint of each):
`set-table-repaint: 10.0 ms (ratio 1.13 x qt-delegate-repaint; fastest 9.4 ms against 8.6 ms)`
"""

from __future__ import annotations

import argparse
import os
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

WINDOW = (1280, 800)
PAST_WORKOUT_ROW = 2  # in the Log's History: a finished workout, every card with 21 sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repaints", type=int, default=60, help="of each, alternated")
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()

    from benchmarks.gui_stalls import build_profile, run_for

    with tempfile.TemporaryDirectory(prefix="backtracker-bench-") as tmp:
        profile_dir = Path(tmp) / "profile"
        build_profile(profile_dir, args.years)
        app_ms, qt_ms, rows = measure(profile_dir, args.repaints, run_for)
    app, qt = statistics.median(app_ms), statistics.median(qt_ms)
    print(
        f"set-table-repaint: {app:.1f} ms (ratio {app / qt:.2f} x qt-delegate-repaint; "
        f"fastest {min(app_ms):.1f} ms against {min(qt_ms):.1f} ms) [{rows} rows, "
        f"{args.repaints} repaints each]"
    )
    print(f"qt-delegate-repaint: {qt:.1f} ms")


def measure(profile_dir: Path, repaints: int, run_for) -> tuple[list[float], list[float], int]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QStyledItemDelegate

    from backtracker.storage.database import open_database
    from backtracker.storage.profile import Profile
    from backtracker.ui.application import create_application, ui_state
    from backtracker.ui.main_window import MainWindow
    from backtracker.ui.theme import ThemeMode, install_theme

    app = create_application(sys.argv[:1])
    install_theme(app, ThemeMode.LIGHT)
    profile = Profile(profile_dir)
    open_database(profile.database_path)
    window = MainWindow(profile, ui_state(profile))
    window.resize(*WINDOW)
    window.show()
    run_for(app, 2.0)
    window.tabs.setCurrentWidget(window.log_page)
    run_for(app, 1.0)
    history = window.log.history.list
    history.setFocus()
    history.setCurrentIndex(history.model().index(PAST_WORKOUT_ROW, 0))
    QTest.keyClick(history, Qt.Key.Key_Return)
    run_for(app, 1.5)
    table = window.log.editor.cards[0].table
    model = table.model()
    ours = [table.itemDelegateForColumn(c) for c in range(model.columnCount())]
    fallback = table.itemDelegate()
    plain = QStyledItemDelegate(table)

    def use(delegates: list, default) -> None:  # type: ignore[no-untyped-def]
        table.setItemDelegate(default)
        for column, delegate in enumerate(delegates):
            table.setItemDelegateForColumn(column, delegate)

    timings: dict[bool, list[float]] = {True: [], False: []}
    for turn in range(2 * repaints):
        mine = turn % 2 == 0
        use(ours if mine else [None] * len(ours), fallback if mine else plain)
        table.viewport().repaint()  # the first after a swap is not timed
        begin = time.perf_counter()
        table.viewport().repaint()
        timings[mine].append((time.perf_counter() - begin) * 1000)
    use(ours, fallback)
    rows = model.rowCount()
    window.close()
    return timings[True], timings[False], rows


if __name__ == "__main__":
    main()
