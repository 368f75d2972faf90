"""The charting libraries, loaded on a worker thread while the person looks at the first tab.

The Progress tab's first show used to import numpy and matplotlib on the GUI thread: about
550 ms of a frozen window, more than half of what that first click cost. A while after the
first paint (`PRELOAD_DELAY_MS`, past the start-up health check's start), a thread of its
own imports them instead. The GUI thread shares the interpreter with it and gets its turn
within Python's switch interval (0.5 ms in the app, `application.GIL_SWITCH_S`): on an idle
machine its longest gap meanwhile was 17–19 ms here at the default 5 ms, and its gaps with
no work of its own, waiting for the lock, 20–40 ms; 15–26 ms at 0.5 ms. The thread keeps the
normal priority on purpose: lowered (nice 19) on a busy machine, it was descheduled while
holding the interpreter lock and the GUI thread's gaps grew to 40–120 ms, against 20–75 ms
at the normal priority.

Only third-party modules load there, none of ours, and nothing that makes a Qt object: the
worker never touches widgets. A tab opened before the worker is done waits, through Python's
import lock, for the module being loaded, no longer than it did before. matplotlib's cache
folder is set on the GUI thread first (`configure_matplotlib_cache`), as the tab does.

Then our own modules for the other tabs (`TAB_MODULES`: the Log, Photos and Progress tabs,
about 64, 40 and 30 ms of imports on their first show): the worker also reads, without
importing anything, which of our modules those import at module level, dependencies first
(`module_order`); the GUI thread then imports them one per event-loop turn, a few ms each,
so a click meanwhile waits for one module at most. They load on the GUI thread because they
define widgets and may make Qt objects as they load.

Last, in a turn of its own, PySide's widget classes are made (`resolve_widget_types`). PySide
makes a class, with its enums, only when it is first used, which keeps start-up short; but the
first time Python is handed a widget that Qt made (a scroll area's viewport), it makes all of
QtWidgets' remaining classes to tell the widget's type: 8–10 ms here, which fell in the Log's
first show.
"""

from __future__ import annotations

import ast
import gc
import importlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer

from backtracker.ui.tasks import run_task

log = logging.getLogger(__name__)

PRELOAD_DELAY_MS = 2500

# What `ui/progress/mpl.py` and the chart modules import, heaviest first.
CHART_MODULES = (
    "numpy",
    "matplotlib",
    "matplotlib.figure",
    "matplotlib.dates",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_qtagg",
    "matplotlib.layout_engine",
    "matplotlib.legend",
    "matplotlib.collections",
    "matplotlib.ticker",
)

# The tabs built on their first show (main_window's `_build_*_tab`), whose modules load then.
TAB_MODULES = (
    "backtracker.ui.log.tab",
    "backtracker.ui.photos.tab",
    "backtracker.ui.progress.tab",
)


def import_modules(names: tuple[str, ...]) -> float:
    """Import `names` (on the calling thread); the seconds it took."""
    started = time.perf_counter()
    for name in names:
        importlib.import_module(name)
    return time.perf_counter() - started


def preload(names: tuple[str, ...], roots: tuple[str, ...]) -> tuple[float, list[str]]:
    """The worker's job: import `names`, then order the modules `roots` still need."""
    return import_modules(names), module_order(roots)


def module_order(roots: tuple[str, ...]) -> list[str]:
    """The modules of the roots' top-level package that `roots` import at module level
    (through each other, packages included), each after the ones it imports; none that is
    loaded already. Read from the source files: nothing is imported here."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen or name in sys.modules:
            return
        seen.add(name)
        source = _source_of(name)
        if source is None:  # not a module of the package (a class, a missing name)
            return
        parent = name.rpartition(".")[0]
        if parent:
            visit(parent)  # a package loads before its modules
        top = name.partition(".")[0]
        is_package = source.name == "__init__.py"
        for imported in _imports(source, name if is_package else parent):
            if imported.partition(".")[0] == top:
                visit(imported)
        order.append(name)

    for root in roots:
        visit(root)
    return order


def _source_of(name: str) -> Path | None:
    top, _, rest = name.partition(".")
    package = sys.modules.get(top)
    if package is None or getattr(package, "__file__", None) is None:
        return None
    base = Path(package.__file__).parent.joinpath(*rest.split(".")) if rest else None
    if base is None:
        return Path(package.__file__)
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imports(source: Path, package: str) -> Iterator[str]:
    """Modules named by `source`'s module-level imports (not in functions or classes, not
    under `if TYPE_CHECKING:`); for `from a import b`, both `a` and `a.b` (when `b` is a
    module, which `visit` finds out)."""
    tree = ast.parse(source.read_bytes(), filename=str(source))
    for node in _top_level(tree.body):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names if alias.name != "*")


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    for node in body:
        if isinstance(node, ast.If):
            if "TYPE_CHECKING" not in ast.unparse(node.test):
                yield from _top_level(node.body)
            yield from _top_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, *(h.body for h in node.handlers), node.orelse):
                yield from _top_level(block)
        elif isinstance(node, (ast.With, ast.Import, ast.ImportFrom)):
            yield from (_top_level(node.body) if isinstance(node, ast.With) else (node,))


class _DaemonThread:
    """A task pool (`ui/tasks.TaskPool`) of one daemon thread per job, for `run_task`.

    A daemon, so quitting while it imports never waits for it (a QThreadPool waits for its
    jobs when it is destroyed)."""

    def start(self, job: Callable[[], None], priority: int = 0) -> None:
        del priority  # one job per thread: nothing to order
        threading.Thread(target=job, name="preload", daemon=True).start()

    def maxThreadCount(self) -> int:
        return 1


def schedule_preload(
    window: QObject,
    names: tuple[str, ...] = CHART_MODULES,
    roots: tuple[str, ...] = TAB_MODULES,
) -> None:
    """`PRELOAD_DELAY_MS` after the event loop starts, unless the window has closed by then:
    import `names` on a worker, then the modules `roots` need on the GUI thread, one per
    event-loop turn."""

    def start() -> None:
        if getattr(window, "closed", False):
            return
        _freeze(window)
        missing = tuple(name for name in names if name not in sys.modules)
        if missing:
            from backtracker.ui.progress import configure_matplotlib_cache

            configure_matplotlib_cache()  # before matplotlib first loads, on this thread
        run_task(
            preload,
            missing,
            roots,
            on_done=done,
            context=window,
            pool=_DaemonThread(),
        )

    def done(result: tuple[float, list[str]]) -> None:
        seconds, order = result
        if seconds:
            log.info("Chart libraries loaded in the background (%.0f ms)", seconds * 1000)
        _import_one_per_turn(window, order)

    QTimer.singleShot(PRELOAD_DELAY_MS, window, start)


def _import_one_per_turn(window: QObject, order: list[str]) -> None:
    """Import `order`'s modules on this (the GUI) thread, one per event-loop turn."""
    pending = iter(order)

    def step() -> None:
        if getattr(window, "closed", False):
            return
        for name in pending:
            if name in sys.modules:
                continue
            try:
                importlib.import_module(name)
            except Exception:  # the tab will say so when it is opened; not here
                log.exception("Loading %s ahead of its tab failed", name)
            QTimer.singleShot(0, window, step)
            return
        QTimer.singleShot(0, window, finish)

    def finish() -> None:
        if getattr(window, "closed", False):
            return
        resolve_widget_types()
        _freeze(window)

    _freeze(window)
    step()


def resolve_widget_types() -> None:
    """Make the rest of PySide's widget classes now, as handing Python a widget that Qt
    made does the first time (see the module's notes)."""
    from PySide6.QtWidgets import QScrollArea

    area = QScrollArea()
    area.viewport()  # a plain QWidget made by Qt: its type is looked up among all classes
    area.deleteLater()


class _Thaw(QObject):
    """Undoes `_freeze` when its window closes."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            gc.unfreeze()
        return False


def _freeze(window: QObject) -> None:
    """Leave every object alive now out of the garbage collector's full passes
    (`gc.freeze`), until `window` closes.

    What start-up and the libraries loaded make lives as long as the app, yet a full pass
    walks all of it: with matplotlib loaded, one took about 60 ms of the GUI thread here,
    at whatever moment the allocations added up to it (a click, a tab's first show). Frozen,
    a full pass walks only what was made since. The cost: a reference cycle that was already
    garbage stays in memory until the window closes, when the objects are handed back to
    the collector (a test session makes many windows; the app one)."""
    if getattr(window, "closed", False):
        return
    if window.findChild(_Thaw, "preload-thaw") is None:
        thaw = _Thaw(window)
        thaw.setObjectName("preload-thaw")
        window.installEventFilter(thaw)
    gc.freeze()
