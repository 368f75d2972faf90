"""The charting libraries load on a worker thread a while after the window is up."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from backtracker.ui import preload


@pytest.fixture
def probe_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A module that records the thread importing it; not loaded yet."""
    name = f"preload_probe_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(
        "import threading\nTHREAD = threading.get_ident()\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(preload, "PRELOAD_DELAY_MS", 50)
    yield name
    sys.modules.pop(name, None)


def test_the_modules_load_on_a_worker_thread(qtbot, probe_module: str) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    preload.schedule_preload(window, (probe_module,))
    assert probe_module not in sys.modules  # not before the delay
    qtbot.waitUntil(lambda: probe_module in sys.modules, timeout=5000)
    qtbot.waitUntil(lambda: hasattr(sys.modules[probe_module], "THREAD"), timeout=5000)
    assert threading.get_ident() != sys.modules[probe_module].THREAD


def test_nothing_loads_once_the_window_has_closed(qtbot, probe_module: str) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.closed = True  # what MainWindow sets when it closes for good
    preload.schedule_preload(window, (probe_module,))
    qtbot.wait(300)
    assert probe_module not in sys.modules


def test_every_chart_module_exists() -> None:
    # A name that no longer exists would fail the worker on every start.
    for name in preload.CHART_MODULES:
        assert importlib.util.find_spec(name) is not None, name


def test_after_the_preload_the_progress_tab_loads_no_more_of_matplotlib_or_numpy() -> None:
    # In a fresh interpreter: what the worker imports covers what the tab's modules need.
    script = (
        "import sys\n"
        "from backtracker.ui.preload import CHART_MODULES, import_modules\n"
        "from backtracker.ui.progress import configure_matplotlib_cache\n"
        "configure_matplotlib_cache()\n"
        "import_modules(CHART_MODULES)\n"
        "before = set(sys.modules)\n"
        "import backtracker.ui.progress.tab\n"
        "late = sorted(n for n in set(sys.modules) - before\n"
        "              if n.split('.')[0] in ('matplotlib', 'numpy', 'PIL'))\n"
        "print(late)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"
