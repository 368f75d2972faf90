"""The one way to run work off the GUI thread.

`run_task(fn, *args, on_done=..., on_error=...)` runs `fn(*args)` on a thread pool and
delivers what happens back on the GUI thread, through a queued signal:

- the return value goes to `on_done(result)`;
- a `UserError` (a problem the person can act on) goes to `on_error(error)`, whose
  `str()` is the message to show;
- anything else is a bug: it is logged with its traceback and reported by `report_bug`;
- `on_finished()` runs last in every case, for clean-up (closing a progress dialog).

Workers never touch widgets: they return plain values or `QImage`s, and the callbacks on the
GUI thread turn those into pixmaps and widget updates. Tests swap in `SynchronousPool` (see
`synchronous_tasks`), which runs each task at once on the calling thread, so callbacks have
run by the time `run_task` returns.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QThreadPool, Signal
from PySide6.QtWidgets import QApplication

from backtracker.domain.errors import UserError
from backtracker.ui import dialogs

log = logging.getLogger(__name__)

T = TypeVar("T")


class TaskPool(Protocol):
    """What `run_task` needs of a pool: QThreadPool, or SynchronousPool in tests."""

    def start(self, job: Callable[[], None], priority: int = 0) -> None: ...

    def maxThreadCount(self) -> int: ...


class SynchronousPool:
    """Runs every job at once on the calling thread: deterministic tests, no waiting."""

    def start(self, job: Callable[[], None], priority: int = 0) -> None:
        del priority  # one job at a time: nothing to order
        job()

    def maxThreadCount(self) -> int:
        return 1

    def waitForDone(self, msecs: int = -1) -> bool:
        del msecs  # every job has already run
        return True


_pool_override: TaskPool | None = None


def set_pool_override(pool: TaskPool | None) -> None:
    """Make every task run on `pool` (None goes back to the real pools)."""
    global _pool_override  # noqa: PLW0603 - one switch for the whole process, for tests
    _pool_override = pool


@contextmanager
def synchronous_tasks() -> Iterator[SynchronousPool]:
    """Within the block every task runs synchronously on the calling thread."""
    previous = _pool_override
    pool = SynchronousPool()
    set_pool_override(pool)
    try:
        yield pool
    finally:
        set_pool_override(previous)


class _Dispatcher(QObject):
    """Lives on the GUI thread; a worker's emit is queued and runs the call there."""

    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._run)

    def _run(self, call: Callable[[], None]) -> None:
        call()


_dispatcher: _Dispatcher | None = None


def _gui_dispatcher() -> _Dispatcher:
    global _dispatcher  # noqa: PLW0603 - one per application, made on first use
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("run_task needs a QApplication")
        _dispatcher = _Dispatcher()
        _dispatcher.moveToThread(app.thread())
        app.aboutToQuit.connect(finish_tasks)
    return _dispatcher


SHUTDOWN_WAIT_MS = 15_000  # on quit, how long running tasks get to stop or finish

_running: dict[Task, TaskPool] = {}  # tasks started and not yet finished, with their pool
_running_lock = threading.Lock()


def finish_tasks(timeout_ms: int = SHUTDOWN_WAIT_MS) -> bool:
    """On quit (window closed, SIGTERM): ask every running task to stop and wait for them.

    A cooperative task (one that checks `cancelled`) rolls back or stops between items; the
    others finish their write. Waiting is bounded, so a stuck task cannot hang the exit.
    True when every task ended in time.
    """
    with _running_lock:
        running = dict(_running)
    if not running:
        return True
    log.info("Quitting: stopping %d background task(s)", len(running))
    for task in running:
        task.cancel()
    deadline = time.monotonic() + timeout_ms / 1000
    done = True
    for pool in {id(pool): pool for pool in running.values()}.values():
        left = max(0, round((deadline - time.monotonic()) * 1000))
        wait = getattr(pool, "waitForDone", None)
        if wait is not None and not wait(left):
            done = False
    if not done:
        log.warning("Quitting with background tasks still running after %d ms", timeout_ms)
    return done


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() == app.thread()


def call_on_gui_thread(fn: Callable[..., None]) -> Callable[..., None]:
    """A wrapper that may be called from any thread and runs `fn` on the GUI thread.

    For progress callbacks handed to services running in a worker. Make it on the GUI thread.
    """
    dispatcher = _gui_dispatcher()

    def post(*args: Any) -> None:
        if on_gui_thread():
            fn(*args)
        else:
            dispatcher.call.emit(lambda: fn(*args))

    return post


def report_bug(error: BaseException) -> None:
    """Tell the person that something unexpected failed; the traceback is in the log."""
    dialogs.show_error(
        QApplication.activeWindow(),
        "Something went wrong",
        f"BackTracker hit an unexpected problem: {error}\n\nYour saved data is safe. The "
        "details are in backtracker.log in your data folder (Help ▸ About shows where).",
    )


class Task:
    """A handle on a running task: ask it to stop (the function must check `cancelled`)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._cancel = threading.Event()
        self._done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        """Thread-safe; pass this method itself as a service's `cancelled` callback."""
        return self._cancel.is_set()

    @property
    def finished(self) -> bool:
        return self._done.is_set()


def _with_own_connection(fn: Callable[..., T]) -> Callable[..., T]:
    """Give a worker thread its own database connection and close it afterwards.

    Peewee keeps one connection per thread; a pooled thread that kept one would hold the file
    open (and after a data-folder switch, the wrong file). On the GUI thread (synchronous
    pool) the open connection is used and left open.
    """

    def run(*args: Any) -> T:
        from backtracker.storage.models import db  # not before the first paint

        opened_here = db.is_closed()
        if opened_here:
            db.connect()
        try:
            return fn(*args)
        finally:
            if opened_here:
                db.close()

    return run


def run_task(
    fn: Callable[..., T],
    *args: Any,
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[UserError], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    context: QObject | None = None,
    pool: TaskPool | None = None,
    uses_database: bool = False,
    task: Task | None = None,
) -> Task:
    """Run `fn(*args)` off the GUI thread; callbacks run on the GUI thread.

    `context`: when this object is deleted before the result arrives, no callback runs (the
    widget that asked is gone). `uses_database`: the worker opens and closes its own
    connection. `task`: a handle made beforehand, when `fn` needs its `cancelled` method.
    """
    dispatcher = _gui_dispatcher()
    handle = task or Task(getattr(fn, "__name__", "task"))
    target = _with_own_connection(fn) if uses_database else fn

    def alive() -> bool:
        return context is None or shiboken6.isValid(context)

    def deliver(call: Callable[[], None]) -> None:
        def on_gui() -> None:
            if not alive():
                return
            try:
                call()
            finally:
                if on_finished is not None and alive():
                    on_finished()

        try:
            dispatcher.call.emit(on_gui)
        except RuntimeError:  # the app has quit and taken the dispatcher: nobody to tell
            log.debug("Result of %s dropped: the application has quit", handle.name)

    def job() -> None:
        try:
            result = target(*args)
        except UserError as error:
            deliver(partial(_user_error, error, on_error))
        except Exception as error:
            deliver(partial(_bug, error, traceback.format_exc(), handle.name))
        else:
            deliver(partial(on_done, result) if on_done is not None else _nothing)
        finally:
            with _running_lock:
                _running.pop(handle, None)
            handle._done.set()

    chosen = _pool_override or pool or QThreadPool.globalInstance()
    with _running_lock:
        _running[handle] = chosen
    chosen.start(job)
    return handle


def _nothing() -> None:
    pass


def _user_error(error: UserError, on_error: Callable[[UserError], None] | None) -> None:
    if on_error is not None:
        on_error(error)
    else:
        dialogs.show_error(QApplication.activeWindow(), "BackTracker", str(error))


def _bug(error: Exception, details: str, name: str) -> None:
    log.error("Unexpected error in background task %s\n%s", name, details)
    report_bug(error)
