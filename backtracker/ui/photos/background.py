"""Background work of the Photos tab at a lower CPU priority than the GUI thread.

On a two-core machine the thumbnail decoders and the background alignment can take both
cores; the GUI thread then waits for a core at every turn of the event loop, and a scroll
frame that needs 6 ms of work arrives 50–80 ms late. A thread with a higher nice value
still gets the cores the GUI thread leaves idle, but gives way to it at once when it wakes.

On Linux a nice value applies to one thread (its native id); elsewhere nothing changes.
An unprivileged thread cannot lower its nice value again, so only threads of a pool of
their own are lowered: a pool shared with other work would hand its slowed threads on.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QThreadPool

from backtracker.ui.tasks import on_gui_thread

log = logging.getLogger(__name__)

T = TypeVar("T")

DECODER_NICE = 10  # thumbnails: the screen is waiting for them, but the frame comes first
ALIGNMENT_NICE = 19  # lining photos up: nobody waits for it

_lowered = threading.local()  # per thread: the nice value it has been given


def lower_this_thread(nice: int) -> bool:
    """Give the calling thread at least this nice value (Linux); True when it has it.
    Never the GUI thread (tests run tasks on it synchronously)."""
    if on_gui_thread():
        return False
    if getattr(_lowered, "nice", None) is not None and _lowered.nice >= nice:
        return True
    if not sys.platform.startswith("linux"):
        return False
    tid = threading.get_native_id()
    try:
        if os.getpriority(os.PRIO_PROCESS, tid) < nice:
            os.setpriority(os.PRIO_PROCESS, tid, nice)
        _lowered.nice = os.getpriority(os.PRIO_PROCESS, tid)
    except OSError as error:  # a sandbox may refuse it: the work still runs
        log.debug("Could not lower the priority of thread %s: %s", tid, error)
        return False
    return _lowered.nice >= nice


def lowered(fn: Callable[..., T], nice: int) -> Callable[..., T]:
    """`fn`, run on a thread first lowered to `nice` (for a pool of its own)."""

    def run(*args: Any) -> T:
        lower_this_thread(nice)
        return fn(*args)

    run.__name__ = getattr(fn, "__name__", "task")
    return run


def own_pool(threads: int, parent: QObject | None = None) -> QThreadPool:
    """A pool whose threads only ever run lowered work."""
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(threads)
    return pool
