"""The charting libraries, loaded on a worker thread while the person looks at the first tab.

The Progress tab's first show used to import numpy and matplotlib on the GUI thread: about
550 ms of a frozen window, more than half of what that first click cost. A while after the
first paint (`PRELOAD_DELAY_MS`, past the start-up health check's start), a thread of its
own imports them instead. The GUI thread shares the interpreter with it and gets its turn
within Python's switch interval: on an idle machine its longest gap meanwhile was 17–19 ms
here. The thread keeps the normal priority on purpose: lowered (nice 19) on a busy machine,
it was descheduled while holding the interpreter lock and the GUI thread's gaps grew to
40–120 ms, against 20–75 ms at the normal priority.

Only third-party modules load there, none of ours, and nothing that makes a Qt object: the
worker never touches widgets. A tab opened before the worker is done waits, through Python's
import lock, for the module being loaded, no longer than it did before. matplotlib's cache
folder is set on the GUI thread first (`configure_matplotlib_cache`), as the tab does.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

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


def import_modules(names: tuple[str, ...]) -> float:
    """Import `names` (on the calling thread); the seconds it took."""
    started = time.perf_counter()
    for name in names:
        importlib.import_module(name)
    return time.perf_counter() - started


class _DaemonThread:
    """A task pool (`ui/tasks.TaskPool`) of one daemon thread per job, for `run_task`.

    A daemon, so quitting while it imports never waits for it (a QThreadPool waits for its
    jobs when it is destroyed)."""

    def start(self, job: Callable[[], None], priority: int = 0) -> None:
        del priority  # one job per thread: nothing to order
        threading.Thread(target=job, name="preload", daemon=True).start()

    def maxThreadCount(self) -> int:
        return 1


def schedule_preload(window: QObject, names: tuple[str, ...] = CHART_MODULES) -> None:
    """Import `names` on a worker `PRELOAD_DELAY_MS` after the event loop starts, unless
    the window has closed by then or they are loaded already."""

    def start() -> None:
        if getattr(window, "closed", False):
            return
        missing = tuple(name for name in names if name not in sys.modules)
        if not missing:
            return
        from backtracker.ui.progress import configure_matplotlib_cache

        configure_matplotlib_cache()  # before matplotlib first loads, on this thread
        run_task(
            import_modules,
            missing,
            on_done=lambda seconds: log.info(
                "Chart libraries loaded in the background (%.0f ms)", seconds * 1000
            ),
            context=window,
            pool=_DaemonThread(),
        )

    QTimer.singleShot(PRELOAD_DELAY_MS, window, start)
