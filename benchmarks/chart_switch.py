"""Switching exercise in the live Progress chart, over ten years of history.

Builds the ~200,000-set profile of `chart_queries.build_history`, opens the real Progress
tab offscreen at 1280×800, and times a switch from one exercise to another as the person
gets it: the per-day query, the records query, the artist update, and a full render of the
figure (`canvas.draw()`, forced rather than left to `draw_idle`). Switches alternate over the
trained exercises; medians are printed. The baseline is a bare `canvas.draw()` of the same
figure with nothing changed, so the ratio shows the work a switch adds to a plain redraw.

The tab keeps what it read of each exercise until the data changes (services/
progress_cache.py), so after the warm-up a switch reads nothing. The `-cold` lines empty
that cache before each switch, as logging, editing or deleting a set does: the first switch
to an exercise after a change. The spread (min–max) of each line goes to stderr.

    python benchmarks/chart_switch.py [--switches N] [--years N]

Output (`chart-switch` shows all of history, `chart-switch-1y` the default one-year range):
    chart-switch: 48.0 ms (ratio 1.60 x bare-canvas-draw)
    chart-switch-1y: 40.0 ms (ratio 1.33 x bare-canvas-draw)
    chart-switch-cold: 90.0 ms (ratio 3.00 x bare-canvas-draw)
    chart-switch-1y-cold: 85.0 ms (ratio 2.83 x bare-canvas-draw)
    bare-canvas-draw: 30.0 ms
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

GOAL_MS = 100.0


def _median_ms(
    run: Callable[[], None], times: int, settle: Callable[[], None], name: str = ""
) -> float:
    timings = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
        settle()  # let the queued idle draw and events go, outside the timing
    if name:
        spread = f"{min(timings) * 1000:.1f}–{max(timings) * 1000:.1f} ms"
        print(f"  {name} spread: {spread}", file=sys.stderr)
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--switches", type=int, default=20)
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
        exercise_ids = build_history(path, years=args.years)
        close_database()
        open_database(path)  # a fresh connection, as the app has after start-up

        from backtracker.ui.progress import build_progress_tab
        from backtracker.ui.progress.tab import ProgressTab

        prefs = Preferences()
        tab = build_progress_tab(DataEvents(), lambda: prefs)
        assert isinstance(tab, ProgressTab)
        tab.resize(1280, 800)
        tab.show()
        app.processEvents()
        canvas = tab.exercise_chart.canvas

        def settle() -> None:
            for _ in range(3):
                app.processEvents()

        turn = iter(range(10**9))

        def switch() -> None:
            tab.set_exercise(exercise_ids[next(turn) % len(exercise_ids)])
            canvas.draw()

        def switch_cold() -> None:
            tab.cache.clear()  # what a change of the data does
            switch()

        lines = []
        for name, rng in (("chart-switch", Range.ALL), ("chart-switch-1y", Range.Y1)):
            tab.set_range(rng)
            for _ in range(len(exercise_ids)):  # warm up: every exercise once
                switch()
                settle()
            points = len(tab.exercise_chart.line.get_xdata())
            switch_ms = _median_ms(switch, args.switches, settle, name)
            lines.append((name, switch_ms, points))
        for name, rng in (("chart-switch-cold", Range.ALL), ("chart-switch-1y-cold", Range.Y1)):
            tab.set_range(rng)
            settle()
            lines.append((name, _median_ms(switch_cold, args.switches, settle, name), 0))
        bare_ms = _median_ms(canvas.draw, args.switches, settle, "bare-canvas-draw")

        sessions = ", ".join(f"{name} {points}" for name, _, points in lines if points)
        print(f"# sessions on the last chart: {sessions}; goal: under {GOAL_MS:.0f} ms")
        for name, switch_ms, _ in lines:
            print(
                f"{name}: {switch_ms:.1f} ms (ratio {switch_ms / bare_ms:.2f} x bare-canvas-draw)"
            )
        print(f"bare-canvas-draw: {bare_ms:.1f} ms")
        tab.close()
        close_database()


if __name__ == "__main__":
    main()
