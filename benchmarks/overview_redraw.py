"""Redrawing the Progress overview over ten years of history.

Builds the ~200,000-set profile of `chart_queries.build_history`, opens the real Progress
tab offscreen at 1280×800 on its Overview page (sessions per week against the goal, weekly
volume by muscle, bodyweight) and times a redraw as the person gets it after a change: the
overview's queries, the artist update, and a full render of the figure (`canvas.draw()`,
forced rather than left to `draw_idle`). Each timed run first marks the data changed (as
logging a set does), so no cached result is reused between runs. The baseline is a bare
`canvas.draw()` of the same figure with nothing changed; the ratio shows what a redraw adds
to a plain render. `overview-range-switch` alternates the range between all of history and
one year with no change in between (what choosing a range, or opening the overview again,
costs). Medians are printed, with the spread (min–max) on stderr, and the load average at
the end (the machine's other work shows in every line; compare trees alternated).

    python benchmarks/overview_redraw.py [--runs N] [--years N]

Output (`overview-redraw` is all of history, `overview-redraw-1y` the one-year range):
    overview-redraw: 90.0 ms (ratio 1.50 x bare-overview-draw)
    overview-redraw-1y: 70.0 ms (ratio 1.17 x bare-overview-draw)
    overview-range-switch: 65.0 ms (ratio 1.08 x bare-overview-draw)
    bare-overview-draw: 60.0 ms
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `backtracker` importable from the tree
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GOAL_MS = 150.0


def _timings(run: Callable[[], None], times: int, settle: Callable[[], None]) -> list[float]:
    timings = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
        settle()  # let the queued idle draw and events go, outside the timing
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()

    from backtracker.services.preferences import Preferences
    from backtracker.services.progress import Range
    from backtracker.storage.database import close_database, open_database
    from backtracker.ui.application import create_application
    from backtracker.ui.events import DataEvents
    from backtracker.ui.theme import ThemeMode, install_theme
    from benchmarks.chart_queries import build_history

    with tempfile.TemporaryDirectory(prefix="backtracker-bench-") as tmp:
        path = Path(tmp) / "history.sqlite3"
        app = create_application(sys.argv[:1])
        install_theme(app, ThemeMode.LIGHT)
        build_history(path, years=args.years)
        close_database()
        open_database(path)  # a fresh connection, as the app has after start-up

        from backtracker.ui.progress import build_progress_tab
        from backtracker.ui.progress.tab import ProgressTab

        prefs = Preferences()
        events = DataEvents()
        tab = build_progress_tab(events, lambda: prefs)
        assert isinstance(tab, ProgressTab)
        tab.resize(1280, 800)
        tab.show()
        app.processEvents()
        tab.overview_button.setChecked(True)
        app.processEvents()
        canvas = tab.overview_chart.canvas

        def settle() -> None:
            for _ in range(3):
                app.processEvents()

        def redraw() -> None:
            events.sets_changed.emit()  # what logging a set says; the tab refreshes at once
            tab.refresh()
            canvas.draw()

        lines = []
        for name, rng in (("overview-redraw", Range.ALL), ("overview-redraw-1y", Range.Y1)):
            tab.set_range(rng)
            settle()
            for _ in range(3):  # warm up
                redraw()
                settle()
            weeks = len(tab.overview_chart.bars.get_paths())
            lines.append((name, _timings(redraw, args.runs, settle), weeks))

        ranges = iter(range(10**9))

        def range_switch() -> None:
            tab.set_range(Range.ALL if next(ranges) % 2 else Range.Y1)
            canvas.draw()

        for _ in range(2):  # warm up
            range_switch()
            settle()
        lines.append(("overview-range-switch", _timings(range_switch, args.runs, settle), 0))
        tab.set_range(Range.Y1)
        settle()
        bare = _timings(canvas.draw, args.runs, settle)

        shown = ", ".join(f"{name} {weeks}" for name, _, weeks in lines if weeks)
        print(f"# weeks with sessions drawn: {shown}; goal: under {GOAL_MS:.0f} ms")
        load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
        print(f"# load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
        bare_ms = statistics.median(bare)
        for name, timings, _ in lines:
            ms = statistics.median(timings)
            print(f"{name}: {ms:.1f} ms (ratio {ms / bare_ms:.2f} x bare-overview-draw)")
            print(f"  {name} spread: {min(timings):.1f}–{max(timings):.1f} ms", file=sys.stderr)
        print(f"bare-overview-draw: {bare_ms:.1f} ms")
        print(f"  bare spread: {min(bare):.1f}–{max(bare):.1f} ms", file=sys.stderr)
        tab.close()
        close_database()


if __name__ == "__main__":
    main()
