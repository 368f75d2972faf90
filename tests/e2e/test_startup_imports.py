"""Start the real app on a profile with training in it and look at it the moment its window
is up: the heavy modules are not loaded yet, the Library shows an exercise, and the lines
left to the background ("Your history", the weekly goal) arrive right after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from backtracker.domain import clock
from backtracker.services import preferences
from backtracker.services.progress import history_line
from backtracker.storage.database import close_database, open_database
from backtracker.ui.library.tab import HISTORY_LOADING

# Loaded on first use only (charts, photos, imports, the commands). zipfile is not among
# them: PySide6 itself loads it.
HEAVY_PACKAGES = (
    "matplotlib",
    "numpy",
    "PIL",
    "pi_heif",
    "pillow_heif",
    "rapidfuzz",
    "csv",
    "cryptography",
    "peewee",  # the first window reads the Library with plain sqlite3 (storage/first_window.py)
)
LOADED_ON_FIRST_USE = (
    "backtracker.cli.commands",
    "backtracker.cli.import_command",
    "backtracker.services.importers",
    "backtracker.services.export",
    "backtracker.services.photos",
    "backtracker.services.demo",
    "backtracker.ui.log.tab",
    "backtracker.ui.photos",
    "backtracker.ui.progress",
    "backtracker.ui.data",
    # The ORM and what stands on it: opened right after the first paint.
    "backtracker.storage.models",
    "backtracker.storage.settings",
    "backtracker.storage.exercises",
    "backtracker.storage.seeding",
    "backtracker.storage.routines",
    "backtracker.storage.workouts",
    "backtracker.services.library",
    "backtracker.services.logbook",
    "backtracker.ui.library.merge",
    "backtracker.ui.widgets.exercise_picker",
    # Plate maths (the catalogue checks a bar with it) and the desktop-dialog fallback.
    "backtracker.domain.plates",
    "subprocess",
    # The diagrams are recoloured without an XML tree (ui/library/diagram.py), and the
    # Library's pane escapes its text without `html` (ui/library/detail.py).
    "xml.etree",
    "html",
    # OpenSSL (3 ms): the kept code's file names use _blake2 directly (code_cache.py).
    "hashlib",
    "_hashlib",
)

# Qt classes whose Python types (made on first import) wait for a dialog to be shown.
LAZY_QT_TYPES = ("QMessageBox", "QFileDialog")

# Runs `backtracker --data-dir PATH` as the entry point does; the report is hooked into the
# event loop's first turn once the app's own code has loaded QtWidgets.
CHILD = """
import importlib.util, json, os, pathlib, sys

HEAVY, FIRST_USE, LOADING, LAZY_QT_TYPES = json.loads(sys.argv[2])

def cache_files():
    return set(pathlib.Path(os.environ["XDG_CACHE_HOME"]).rglob("*.bin"))

BEFORE = cache_files()  # the demo command's

def report_when_shown():
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    run_loop = QApplication.exec

    def first_turn():
        from backtracker.ui.main_window import MainWindow
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        detail = window.library.exercise_detail
        from backtracker import code_cache
        loaded = sorted(
            name for name in sys.modules
            if name.split(".")[0] in HEAVY or name.startswith(tuple(FIRST_USE))
        )
        print(json.dumps({
            "loaded": loaded,
            # PySide6 makes a class's Python type on its first import (ui/dialogs.py).
            "qt_types": sorted(
                name for name in LAZY_QT_TYPES if name in vars(sys.modules["PySide6.QtWidgets"])
            ),
            "visible": window.isVisible(),
            "tab": window.tabs.currentWidget() is window.library,
            "exercise_id": detail.exercise.id if detail.exercise else None,
            "title": detail.title.text(),
            "history": detail._fact_labels["history"].text(),
            # Compiled code new to the cache waits for the first paint to be written.
            "held": len(code_cache._Held.entries or []),
            "written": len(cache_files() - BEFORE),
        }), flush=True)

        def when_filled_in():
            history = detail._fact_labels["history"].text()
            if history == LOADING or not window.goal_label.text():
                QTimer.singleShot(20, when_filled_in)
                return
            print(json.dumps({"history": history, "goal": window.goal_label.text()}), flush=True)
            window.close()

        when_filled_in()

    def run_and_report(*args):
        QTimer.singleShot(0, first_turn)
        return run_loop()

    QApplication.exec = run_and_report

class HookQtWidgets:
    def find_spec(self, name, path=None, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            report_when_shown()
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, HookQtWidgets())
from backtracker.app import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_window_comes_up_without_heavy_modules_and_fills_in_the_rest(tmp_path: Path):
    data = tmp_path / "profile"
    demo = subprocess.run(
        [sys.executable, "-m", "backtracker", "demo", "--data-dir", str(data), "--weeks", "3"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    config = json.dumps([HEAVY_PACKAGES, LOADED_ON_FIRST_USE, HISTORY_LOADING, LAZY_QT_TYPES])
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(data), config],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    first, filled = (json.loads(line) for line in child.stdout.splitlines()[:2])
    # PySide6's support code, compiled for the first time in this cache, was held back
    # until the first paint and written after it.
    assert first["held"] > 0
    assert first["written"] == 0
    cache = Path(os.environ["XDG_CACHE_HOME"])
    assert sum(1 for _ in cache.rglob("*.bin")) >= first["held"]

    assert first["loaded"] == []
    assert first["qt_types"] == []
    assert first["visible"] and first["tab"]
    assert first["title"] and first["exercise_id"] is not None
    assert first["history"] in (HISTORY_LOADING, filled["history"])

    # The demo command and the app ran in child processes, on the real clock: read the
    # history line as of then, not as of the clock tests/conftest.py pins in this process.
    clock.pin(None)
    open_database(data / "backtracker.sqlite3")
    try:
        prefs = preferences.load()
        expected = history_line(first["exercise_id"], formula=prefs.formula, unit=prefs.unit)
    finally:
        close_database()
    assert expected.startswith("Last")  # the demo trained the first exercise in the list
    assert filled["history"] == expected
    assert filled["goal"].startswith("This week")
