"""The background-work helper: results and errors come back on the GUI thread."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QObject, QThread, QThreadPool
from PySide6.QtWidgets import QApplication

from backtracker.domain.errors import UserError
from backtracker.storage.models import Setting, db
from backtracker.storage.settings import set_setting
from backtracker.ui import tasks
from backtracker.ui.tasks import SynchronousPool, call_on_gui_thread, run_task, synchronous_tasks


def on_gui_thread() -> bool:
    return QThread.currentThread() == QApplication.instance().thread()


@pytest.fixture
def pool():
    workers = QThreadPool()
    workers.setMaxThreadCount(2)
    yield workers
    workers.waitForDone(5000)


def test_the_result_arrives_on_the_gui_thread(qtbot, pool):
    worker_threads: list[int] = []
    delivered: list[tuple[int, bool]] = []
    finished: list[bool] = []

    def work(a: int, b: int) -> int:
        worker_threads.append(threading.get_ident())
        return a + b

    run_task(
        work,
        2,
        3,
        on_done=lambda result: delivered.append((result, on_gui_thread())),
        on_finished=lambda: finished.append(on_gui_thread()),
        pool=pool,
    )
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    assert delivered == [(5, True)]
    assert finished == [True]
    assert worker_threads and worker_threads[0] != threading.get_ident()


def test_a_user_error_goes_to_on_error_with_its_message(qtbot, pool):
    errors: list[tuple[str, bool]] = []
    done: list[object] = []

    def fails() -> None:
        raise UserError("The file photo.jpg is damaged.")

    run_task(
        fails,
        on_done=done.append,
        on_error=lambda error: errors.append((str(error), on_gui_thread())),
        pool=pool,
    )
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors == [("The file photo.jpg is damaged.", True)]
    assert done == []


def test_a_bug_is_logged_with_its_traceback_and_reported(qtbot, pool, monkeypatch, caplog):
    reported: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        tasks, "report_bug", lambda error: reported.append((str(error), on_gui_thread()))
    )
    on_error: list[UserError] = []
    finished: list[bool] = []

    def broken() -> None:
        raise KeyError("missing")

    with caplog.at_level(logging.ERROR, logger="backtracker.ui.tasks"):
        run_task(
            broken,
            on_error=on_error.append,
            on_finished=lambda: finished.append(True),
            pool=pool,
        )
        qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    assert reported == [("'missing'", True)]
    assert on_error == []  # a bug is not the person's problem to read as a form error
    assert "Traceback" in caplog.text and "KeyError: 'missing'" in caplog.text
    assert "in broken" in caplog.text


def test_progress_from_a_worker_runs_on_the_gui_thread(qtbot, pool):
    seen: list[tuple[int, bool]] = []
    report = call_on_gui_thread(lambda value: seen.append((value, on_gui_thread())))
    finished: list[bool] = []

    def work() -> None:
        for step in range(3):
            report(step)

    run_task(work, on_finished=lambda: finished.append(True), pool=pool)
    qtbot.waitUntil(lambda: bool(finished) and len(seen) == 3, timeout=5000)
    assert seen == [(0, True), (1, True), (2, True)]


def test_no_callback_reaches_a_deleted_context(qtbot, pool):
    context = QObject()
    release = threading.Event()
    delivered: list[object] = []
    task = run_task(release.wait, 5, on_done=delivered.append, context=context, pool=pool)
    context.deleteLater()
    qtbot.waitUntil(lambda: not tasks.shiboken6.isValid(context), timeout=2000)
    release.set()
    qtbot.waitUntil(lambda: task.finished, timeout=5000)
    qtbot.wait(50)  # let the queued delivery run (and do nothing)
    assert delivered == []


def test_the_synchronous_pool_runs_everything_before_run_task_returns(qapp):
    delivered: list[tuple[int, bool]] = []
    with synchronous_tasks() as pool:
        assert isinstance(pool, SynchronousPool)
        task = run_task(
            lambda: 42, on_done=lambda value: delivered.append((value, on_gui_thread()))
        )
        assert task.finished
        assert delivered == [(42, True)]
        errors: list[str] = []
        run_task(
            lambda: (_ for _ in ()).throw(UserError("no")), on_error=lambda e: errors.append(str(e))
        )
        assert errors == ["no"]
    assert tasks._pool_override is None


def test_cancelling_is_seen_by_the_worker(qtbot, pool):
    started = threading.Event()
    task = tasks.Task("counting")
    results: list[int] = []

    def count_until_cancelled(cancelled) -> int:
        started.set()
        steps = 0
        while not cancelled() and steps < 10_000:
            steps += 1
            threading.Event().wait(0.001)
        return steps

    run_task(count_until_cancelled, task.cancelled, on_done=results.append, task=task, pool=pool)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results[0] < 10_000


def test_a_worker_uses_its_own_database_connection(qtbot, pool, profile):
    set_setting("probe", {"value": 7})
    seen: list[object] = []

    def read_setting() -> tuple[str, bool]:
        row = Setting.get(Setting.key == "probe")
        return row.value_json, on_gui_thread()

    run_task(read_setting, on_done=seen.append, pool=pool, uses_database=True)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [('{"value": 7}', False)]
    assert not db.is_closed()  # the GUI thread's connection is untouched
    with synchronous_tasks():  # on the GUI thread the open connection is used and kept
        run_task(read_setting, on_done=seen.append, uses_database=True)
    assert seen[-1] == ('{"value": 7}', True)
    assert not db.is_closed()


def test_a_result_after_the_dispatcher_is_gone_is_dropped_quietly(qtbot, pool, capfd):
    """Quitting while a worker runs: its answer has nowhere to go and must not raise."""
    import shiboken6

    release = threading.Event()
    try:
        run_task(lambda: release.wait(5) and 42, on_done=lambda _r: None, pool=pool)
        shiboken6.delete(tasks._dispatcher)  # what the end of the application does
        release.set()
        assert pool.waitForDone(5000)
    finally:
        tasks._dispatcher = None
    assert "Traceback" not in capfd.readouterr().err
