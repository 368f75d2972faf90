"""The charting libraries load on a worker thread a while after the window is up."""

from __future__ import annotations

import gc
import importlib.util
import os
import subprocess
import sys
import threading
import weakref
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
    assert last_line_printed(script) == "[]"


def last_line_printed(script: str) -> str:
    """What `script` printed last, run in a fresh interpreter (offscreen)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout.strip().splitlines()[-1]


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A package of modules not loaded yet: `a` imports `b` (relatively), `b` imports `c`;
    `d` only under TYPE_CHECKING and `e` only in a function. Each module records its thread
    and, in the package's `LOADED`, the order it loaded in."""
    name = f"preload_package_{tmp_path.name.replace('-', '_')}"
    root = tmp_path / name
    root.mkdir()
    record = "import threading\nTHREAD = threading.get_ident()\n"
    (root / "__init__.py").write_text("LOADED = []\n", encoding="utf-8")
    modules = {
        "a": f"from typing import TYPE_CHECKING\nfrom . import b\nif TYPE_CHECKING:\n"
        f"    from {name} import d\ndef later():\n    from {name} import e\n",
        "b": f"from {name}.c import VALUE\n",
        "c": "VALUE = 1\n",
        "d": "",
        "e": "",
    }
    for module, code in modules.items():
        loaded = f"import {name}\n{name}.LOADED.append({module!r})\n"
        (root / f"{module}.py").write_text(code + record + loaded, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module(name)
    yield name
    for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[module]


def test_module_order_puts_each_module_after_what_it_imports(package: str) -> None:
    order = preload.module_order((f"{package}.a",))
    assert order == [f"{package}.c", f"{package}.b", f"{package}.a"]
    assert f"{package}.a" not in sys.modules  # read, not imported


def test_module_order_leaves_out_loaded_modules(package: str) -> None:
    importlib.import_module(f"{package}.c")
    assert preload.module_order((f"{package}.a", f"{package}.c")) == [
        f"{package}.b",
        f"{package}.a",
    ]


def test_the_tab_modules_load_on_the_gui_thread_one_by_one(
    qtbot, package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preload, "PRELOAD_DELAY_MS", 50)
    window = QWidget()
    qtbot.addWidget(window)
    preload.schedule_preload(window, (), (f"{package}.a",))
    loaded = sys.modules[package].LOADED
    qtbot.waitUntil(lambda: loaded == ["c", "b", "a"], timeout=5000)
    assert {sys.modules[f"{package}.{m}"].THREAD for m in loaded} == {threading.get_ident()}
    assert f"{package}.d" not in sys.modules and f"{package}.e" not in sys.modules


def test_the_real_tabs_load_each_module_in_its_own_step() -> None:
    # In a fresh interpreter, as after start-up and the chart libraries: importing the
    # modules in `module_order` loads one of ours per step, and then the tabs need none.
    script = (
        "import sys\n"
        "import backtracker.ui.main_window, backtracker.services.logbook\n"
        "from backtracker.ui import preload\n"
        "from backtracker.ui.progress import configure_matplotlib_cache\n"
        "configure_matplotlib_cache()\n"
        "preload.import_modules(preload.CHART_MODULES)\n"
        "order = preload.module_order(preload.TAB_MODULES)\n"
        "ours = lambda: {n for n in sys.modules if n.startswith('backtracker')}\n"
        "for name in order:\n"
        "    before = ours()\n"
        "    __import__(name)\n"
        "    assert ours() - before == {name}, (name, sorted(ours() - before))\n"
        "before = ours()\n"
        "for name in preload.TAB_MODULES:\n"
        "    __import__(name)\n"
        "print(len(order), sorted(ours() - before))\n"
    )
    count, late = last_line_printed(script).split(" ", 1)
    assert int(count) > 50 and late == "[]"


def test_start_up_objects_are_frozen_until_the_window_closes(
    qtbot, package: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preload, "PRELOAD_DELAY_MS", 50)
    gc.unfreeze()
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    try:
        preload.schedule_preload(window, (), (f"{package}.a",))
        qtbot.waitUntil(lambda: f"{package}.a" in sys.modules, timeout=5000)
        qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=5000)
        # Made after the freeze, a cycle is still collected while the window is open.
        cycle: list[object] = []
        cycle.append(cycle)
        probe = weakref.ref(_Node(cycle))
        del cycle
        gc.collect()
        assert probe() is None
        window.close()
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


class _Node:
    def __init__(self, cycle: list[object]) -> None:
        self.cycle = cycle
        cycle.append(self)


@pytest.mark.parametrize("resolved", [True, False])
def test_after_the_preload_a_widget_qt_made_costs_no_new_classes(resolved: bool) -> None:
    # In a fresh interpreter: PySide makes its widget classes (and their enums) lazily, and
    # the first widget Qt made that Python is handed makes all the rest. After
    # `resolve_widget_types`, which the preload's last turn runs, none is left to make.
    script = (
        "import enum, os\n"
        "from PySide6.QtWidgets import QApplication, QListView\n"
        "from backtracker.ui import preload\n"
        "app = QApplication([])\n"
        f"if {resolved}:\n"
        "    preload.resolve_widget_types()\n"
        "view = QListView()\n"
        "made = []\n"
        "real = enum.EnumType.__call__\n"
        "def spy(cls, value, names=None, *args, **kwargs):\n"
        "    if names is not None:\n"
        "        made.append(value)\n"
        "    return real(cls, value, names, *args, **kwargs)\n"
        "enum.EnumType.__call__ = spy\n"
        "view.viewport()\n"
        "print(len(made))\n"
    )
    made = int(last_line_printed(script))
    assert (made == 0) if resolved else (made > 10)
