"""The longest GUI stall in everyday flows, on the ten-year history.

Builds the ~200,000-set profile of `chart_queries.build_history` (ten years, three sessions a
week; plus the built-in routines) and a Strong CSV of `--import-rows` rows, then runs each
session in a FRESH process (`--runs` of them), so the first switch to a tab pays its imports
as a person's first switch does (with compiled bytecode, as an installed app has: the measured
tree is compiled first; and with the dataclasses' methods kept compiled in the user's cache
folder, as `app.main` keeps them). Each session drives the real main window offscreen at
1280×800 and measures, flow by flow, the longest gap between two ticks of a 5 ms timer while
the event loop runs as `exec()` would (asleep until an event comes; see
`photo_gallery.run_for`). A flow's own work, done by synthetic clicks and keys between
event-loop turns, lands in a gap the same way a click would.

Flows, in order:
  - `start-up-idle`: from the first paint, 4 s with no input: the deferred start-up work,
    any background preload, and the start-up health check (it starts 1.5 s in), waited
    for until its report is in;
  - `health-check`: the start-up check run again (`start_health_check`) until its report;
  - `tab-first-<tab>` and `tab-again-<tab>`: a click on each tab (Log, Photos, Progress,
    back to Library), the first time and again; 0.8 s after each click are counted;
  - `progress-first-<page>`: on the Progress tab, each page button (Overview, Body,
    Calendar, Lower back, Back) clicked for the first time; `progress-back-to-chart`: the
    Back button clicked off again, back to the exercise chart;
  - `open-workout`: in the Log's History, a past workout selected and Enter pressed (five
    of them per session, each followed by the start page again);
  - `back-to-start-page`: the Log's start page shown again after each of those;
  - `log-set`: a workout started from the Library with one exercise; five sets typed as a
    person does (weight, Enter, reps, Enter) with 150 ms between keystrokes;
  - `import`: File ▸ Import's dialog on the CSV: reading it, kg chosen, Import clicked, until
    the import is in (its progress dialog is live all along).
The baseline `idle-loop` is the same timer over an empty event loop in the same session,
before the window exists. Per flow: the median over sessions of each session's longest
gap, the spread, and the median of the longest turn's GUI-thread CPU time (`thread_time`:
what the flow itself spent in one turn, which a busy machine stretches less).

    python benchmarks/gui_stalls.py [--runs N] [--years N] [--import-rows N]

Output (one line per flow, then the baseline):
    stall-log-set: 23.4 ms (median of 5; 20.1–30.2; cpu 18.0 ms) (ratio 4.1 x idle-loop)
    ...
    idle-loop: 5.7 ms (median of 5; 5.2–6.3)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Run as a script: make the `benchmarks` package importable from the tree. Appended, not
# prepended, so a PYTHONPATH pointing at another checkout (a "before" worktree) decides
# which `backtracker` is measured.
if __package__ in (None, ""):
    sys.path.append(str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TICK_MS = 5
GOAL_MS = 50.0
WINDOW = (1280, 800)
TAB_SETTLE_S = 0.8
KEY_WAIT_S = 0.15
LIFT = "dumbbell-row"


# -- measuring -------------------------------------------------------------------------------
class StallMeter:
    """A 5 ms precise timer: the longest gap between two ticks, and the most GUI-thread CPU
    time spent between two ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = self.last_cpu = 0.0
        self.longest = self.longest_cpu = 0.0

    def start(self) -> None:
        self.longest = self.longest_cpu = 0.0
        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.timer.start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.longest = max(self.longest, now - self.last)
        self.longest_cpu = max(self.longest_cpu, cpu - self.last_cpu)
        self.last, self.last_cpu = now, cpu

    def stop(self) -> tuple[float, float]:
        """(longest gap, longest turn's CPU time) in ms, counting up to now."""
        self._tick()
        self.timer.stop()
        return self.longest * 1000, self.longest_cpu * 1000


def run_for(app, seconds: float, until: Callable[[], bool] = lambda: False) -> None:
    """The event loop as `exec()` runs it: asleep until an event comes (the meter's timer
    wakes it every 5 ms)."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.perf_counter() + seconds
    if seconds < 3600:  # wake at the deadline even when the meter's timer is not running
        QTimer.singleShot(int(seconds * 1000) + 1, lambda: None)
    while time.perf_counter() < deadline and not until():
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)


def wait_until(app, done: Callable[[], bool], what: str, timeout_s: float = 60.0) -> None:
    run_for(app, timeout_s, until=done)
    if not done():
        raise TimeoutError(f"gave up waiting for {what}")


# -- one session (a fresh process) -----------------------------------------------------------
def session(profile_dir: Path, csv_path: Path) -> dict[str, list[float]]:
    """Every flow once; {flow: [longest gap ms, longest turn CPU ms]}."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    from backtracker.ui.application import create_application

    app = create_application(sys.argv[:1])
    meter = StallMeter()
    results: dict[str, list[float]] = {}

    def measure(name: str, flow: Callable[[], None]) -> None:
        meter.start()
        began = time.perf_counter()
        flow()
        gap, cpu = meter.stop()
        print(f"  {name}: {gap:.1f} ms in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        previous = results.get(name)
        if previous is None or gap > previous[0]:
            results[name] = [gap, cpu]

    measure("idle-loop", lambda: run_for(app, 1.0))

    import backtracker
    from backtracker.storage.database import open_database
    from backtracker.storage.profile import Profile
    from backtracker.ui import health_notice
    from backtracker.ui.application import ui_state
    from backtracker.ui.main_window import MainWindow
    from backtracker.ui.theme import ThemeMode, install_theme

    install_theme(app, ThemeMode.LIGHT)
    profile = Profile(profile_dir)
    open_database(profile.database_path)
    checks: list[object] = []
    real_show_report = health_notice.show_report

    def note_report(window, report):
        checks.append(report)
        return real_show_report(window, report)

    health_notice.show_report = note_report
    window = MainWindow(profile, ui_state(profile))
    window.resize(*WINDOW)
    window.show()
    app.processEvents()  # the first paint: start-up's own figure, not a stall here

    def start_up_idle() -> None:
        run_for(app, 4.0)
        wait_until(app, lambda: bool(checks), "the start-up check")

    measure("start-up-idle", start_up_idle)

    def health_check() -> None:
        before = len(checks)
        health_notice.start_health_check(window, profile.data_dir)
        wait_until(app, lambda: len(checks) > before, "the health check")

    measure("health-check", health_check)

    bar = window.tabs.tabBar()

    def click_tab(index: int) -> Callable[[], None]:
        def flow() -> None:
            QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
            assert window.tabs.currentIndex() == index
            run_for(app, TAB_SETTLE_S)

        return flow

    names = [window.tabs.tabText(i).replace("&", "").lower() for i in range(window.tabs.count())]
    order = [*range(1, window.tabs.count()), 0]
    for when in ("first", "again"):
        for index in order:
            measure(f"tab-{when}-{names[index]}", click_tab(index))

    # -- the Progress tab's other pages, each opened for the first time, then the chart again --
    click_tab(window.tabs.indexOf(window.progress_page))()
    progress = window.progress_page.content()

    def click_page(button) -> Callable[[], None]:
        def flow() -> None:
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            run_for(app, TAB_SETTLE_S)

        return flow

    for key, button in progress.page_buttons.items():
        measure(f"progress-first-{key.replace('_', '-')}", click_page(button))
    measure("progress-back-to-chart", click_page(progress.page_buttons["back"]))

    # -- a past workout opened from the Log's History -------------------------------------
    click_tab(window.tabs.indexOf(window.log_page))()
    log = window.log
    history = log.history.list

    def open_workout(row: int) -> Callable[[], None]:
        def flow() -> None:
            history.setFocus()
            history.setCurrentIndex(history.model().index(row, 0))
            QTest.keyClick(history, Qt.Key.Key_Return)
            assert log.stack.currentWidget() is log.editor
            run_for(app, TAB_SETTLE_S)

        return flow

    for row in range(1, 6):
        measure("open-workout", open_workout(row))
        measure("back-to-start-page", lambda: (log.show_start(), run_for(app, 0.2)))

    # -- logging sets --------------------------------------------------------------------------
    from backtracker.storage.models import Exercise

    window.events.add_to_workout_requested.emit(Exercise.get(Exercise.catalogue_key == LIFT).id)
    run_for(app, 0.5)
    card = log.editor.cards[-1]

    def cell_editor(other_than: QLineEdit | None = None) -> QLineEdit:
        found: list[QLineEdit] = []

        def opened() -> bool:
            found[:] = [
                w
                for w in card.table.viewport().findChildren(QLineEdit)
                if w.isVisible() and w is not other_than
            ]
            return bool(found)

        wait_until(app, opened, "a cell editor", 3.0)
        return found[0]

    def log_sets() -> None:
        for number in range(5):
            row = card.model.rowCount() - 1
            weight = cell_editor()
            weight.selectAll()
            QTest.keyClicks(weight, "20")
            run_for(app, KEY_WAIT_S)
            QTest.keyClick(weight, Qt.Key.Key_Return)
            run_for(app, KEY_WAIT_S)
            reps = cell_editor(other_than=weight)
            reps.selectAll()
            QTest.keyClicks(reps, str(8 + number))
            run_for(app, KEY_WAIT_S)
            QTest.keyClick(reps, Qt.Key.Key_Return)
            wait_until(app, lambda row=row: card.model.set_at(row).completed, "the set done")
            run_for(app, KEY_WAIT_S)

    measure("log-set", log_sets)
    window.rest_timer.skip()

    # -- importing a Strong CSV ----------------------------------------------------------------
    from backtracker.ui.data import data_actions
    from backtracker.ui.data import dialogs as data_dialogs

    data_dialogs.choose_import_file = lambda parent: csv_path
    summaries: list[object] = []
    data_dialogs.ImportSummaryDialog.show_result = classmethod(
        lambda cls, parent, result: summaries.append(result)
    )

    def import_csv() -> None:
        dialog = data_actions.import_from_other_app(window, window.events, window.show_status)
        assert dialog is not None
        wait_until(app, dialog.unit_buttons["kg"].isVisible, "the unit question")
        run_for(app, 0.3)
        QTest.mouseClick(dialog.unit_buttons["kg"], Qt.MouseButton.LeftButton)
        wait_until(app, dialog.import_button.isEnabled, "the file read in kg")
        run_for(app, 0.3)
        QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        wait_until(app, lambda: bool(summaries), "the import")
        run_for(app, TAB_SETTLE_S)

    measure("import", import_csv)
    added = getattr(summaries[0], "sets_added", None)
    if not added:
        raise RuntimeError(f"the import added no sets: {summaries[0]!r}")

    window.close()
    app.processEvents()
    results["#backtracker"] = [0.0, 0.0]
    print(json.dumps({"results": results, "package": str(Path(backtracker.__file__).parent)}))
    return results


# -- the profile and the runs ----------------------------------------------------------------
def build_profile(profile_dir: Path, years: int) -> float:
    from backtracker.storage.database import close_database
    from backtracker.storage.profile import prepare_profile
    from backtracker.storage.routines import seed_builtin_routines
    from benchmarks.chart_queries import build_history

    begin = time.perf_counter()
    profile = prepare_profile(profile_dir)
    build_history(profile.database_path, years=years)  # leaves the database open
    seed_builtin_routines()
    close_database()
    return time.perf_counter() - begin


def _as_the_app_runs() -> contextlib.AbstractContextManager[object]:
    """What `app.main` keeps around a session: the methods dataclasses write, kept compiled in
    the cache folder (a tree from before `code_cache.py` has nothing of the kind)."""
    try:
        from backtracker.app import dataclass_code_folder
        from backtracker.code_cache import dataclass_code_kept
    except ImportError:
        return contextlib.nullcontext()
    return dataclass_code_kept(dataclass_code_folder())


def _session_env() -> dict[str, str]:
    env = {**os.environ}
    # An installed app has compiled bytecode: a first tab switch costs its imports, not the
    # compiler (main() compiles the measured tree first).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_fresh(script: Path, source: Path, *args: str) -> tuple[dict[str, list[float]], str]:
    """`script --session <a copy of the profile> *args` in a fresh process: its answer, the
    last line of its output, as JSON ({"results": ..., "package": ...})."""
    with tempfile.TemporaryDirectory(prefix="backtracker-stalls-") as tmp:
        copy = Path(tmp) / "profile"
        shutil.copytree(source, copy)
        out = subprocess.run(
            [sys.executable, str(script), "--session", str(copy), *args],
            capture_output=True,
            text=True,
            check=False,
            env=_session_env(),
        )
    if out.returncode != 0:
        raise RuntimeError(f"a session failed:\n{out.stderr[-4000:]}")
    answer = json.loads(out.stdout.strip().splitlines()[-1])
    return answer["results"], answer["package"]


def run_session(source: Path, csv_path: Path) -> tuple[dict[str, list[float]], str]:
    return run_fresh(Path(__file__).resolve(), source, str(csv_path))


def compile_tree() -> None:
    """Compile the measured tree's bytecode, as an installed app has it."""
    import backtracker

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(backtracker.__file__).parent)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def stall_line(name: str, runs: list[dict[str, list[float]]], idle_ms: float) -> str:
    """The flow's median longest gap over the runs, its spread and CPU, against idle."""
    gaps = [run[name][0] for run in runs]
    cpus = [run[name][1] for run in runs]
    gap = statistics.median(gaps)
    return (
        f"stall-{name}: {gap:.1f} ms (median of {len(gaps)}; {min(gaps):.1f}–"
        f"{max(gaps):.1f}; cpu {statistics.median(cpus):.1f} ms) "
        f"(ratio {gap / idle_ms:.1f} x idle-loop)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="sessions, each a fresh process")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--import-rows", type=int, default=3000)
    parser.add_argument("--session", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.session:
        with _as_the_app_runs():
            session(*args.session)
        return

    from benchmarks.import_strong import write_strong_file

    compile_tree()

    with tempfile.TemporaryDirectory(prefix="backtracker-bench-") as tmp:
        source = Path(tmp) / "profile"
        built_s = build_profile(source, args.years)
        csv_path = Path(tmp) / "strong.csv"
        write_strong_file(csv_path, args.import_rows)
        runs: list[dict[str, list[float]]] = []
        package = ""
        for _ in range(args.runs):
            results, package = run_session(source, csv_path)
            runs.append(results)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    idle = [run["idle-loop"][0] for run in runs]
    idle_ms = statistics.median(idle)
    print(
        f"# {args.years}-year profile (built in {built_s:.1f} s), {args.import_rows:,}-row "
        f"Strong CSV; {len(runs)} sessions, each a fresh process; backtracker from {package}; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores; "
        f"goal: no stall over {GOAL_MS:.0f} ms"
    )
    flows = [name for name in runs[0] if name != "idle-loop" and not name.startswith("#")]
    for name in flows:
        print(stall_line(name, runs, idle_ms))
    print(f"idle-loop: {idle_ms:.1f} ms (median of {len(idle)}; {min(idle):.1f}–{max(idle):.1f})")


if __name__ == "__main__":
    main()
