"""Shared fixtures. Tests run headless and never touch the real user folders."""

from __future__ import annotations

import datetime as dt
import fnmatch
import gc
import locale
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt's offscreen platform, on a 1920×1200 screen rather than its own 800×800: the main window
# fits its first size to the screen (ui/main_window.py `default_size`), and the tests' windows
# open at the 1280×800 a laptop or desktop gives them.
OFFSCREEN_SCREEN = Path(__file__).with_name("offscreen_screen.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={OFFSCREEN_SCREEN}"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point every per-user folder at a temp dir, so nothing can reach the real ones."""
    home = tmp_path_factory.mktemp("home")
    for name, sub in (
        ("HOME", ""),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        path = home / sub
        path.mkdir(exist_ok=True)
        monkeypatch.setenv(name, str(path))


@pytest.fixture
def profile(tmp_path: Path):
    """A fresh profile with the real database file, pragmas and migrations (no catalogue)."""
    from backtracker.storage.database import close_database, open_database
    from backtracker.storage.profile import prepare_profile

    prof = prepare_profile(tmp_path / "profile")
    open_database(prof.database_path)
    yield prof
    tasks = sys.modules.get("backtracker.ui.tasks")
    if tasks is not None:  # background work of this test must not outlive its database
        tasks.finish_tasks(5000)
    close_database()


@pytest.fixture
def seeded(profile) -> Iterator[object]:
    """A profile with the shipped catalogue seeded."""
    from backtracker.storage.seeding import seed_catalogue

    seed_catalogue()
    yield profile


@pytest.fixture(autouse=True)
def _no_unexpected_dialogs(monkeypatch: pytest.MonkeyPatch):
    """A message box nobody expected fails the test instead of waiting forever offscreen.

    Tests that expect one patch the seam themselves (their monkeypatch wins).
    """
    from backtracker.ui import dialogs

    def unexpected(*args: object) -> None:
        raise AssertionError(f"an unexpected dialog was opened: {args[1:]}")

    for name in ("show_error", "show_info", "confirm"):
        monkeypatch.setattr(dialogs, name, unexpected)


@pytest.fixture(autouse=True)
def _qt_widgets_live_until_teardown(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every widget given to qtbot.addWidget lives until teardown, then goes at a safe moment.

    pytest-qt keeps only a weak reference. A parentless widget in a reference cycle (most of
    ours: signals connected to bound methods and lambdas) whose last strong reference was the
    test's local variable was otherwise freed by Python's cyclic garbage collector at an
    arbitrary later moment, e.g. inside the paint event pytest-qt's processEvents() runs after
    the test, or inside the next test's: a segfault that depended on test order. So this keeps
    a strong reference; at teardown pytest-qt closes the widgets and calls deleteLater(), and
    this fixture then delivers those deletions and collects the Python side, before the next
    test starts.
    """
    import pytestqt.qtbot
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QWidget

    kept: list[QWidget] = []
    add_widget = pytestqt.qtbot._add_widget  # behind qtbot.addWidget and qtbot.add_widget

    def add_and_keep(item: pytest.Item, widget: QWidget, **options: object) -> None:
        kept.append(widget)
        add_widget(item, widget, **options)

    monkeypatch.setattr(pytestqt.qtbot, "_add_widget", add_and_keep)
    yield
    # pytest-qt's teardown hook has closed them and called deleteLater() before fixtures end.
    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    kept.clear()
    gc.collect()


# "Now" for every test: a fixed local moment (override with BACKTRACKER_TEST_NOW, ISO format, to
# run the suite at another hour or day). Time runs on from it at the real pace.
PINNED_NOW = dt.datetime.fromisoformat(
    os.environ.get("BACKTRACKER_TEST_NOW", "2026-03-18T09:15:00")
)


@pytest.fixture(autouse=True)
def _no_background_photo_alignment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening the Photos tab aligns the photos not aligned yet, in the background; tests
    that open it on a demo would each spend seconds on that. The tests of it switch it on."""
    monkeypatch.setattr("backtracker.ui.photos.catch_up.AUTO_START", False)


@pytest.fixture(autouse=True)
def _photo_vault_fast_and_forgotten(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The vault's scrypt at a test cost (a vault stores its own, so this only makes new
    vaults cheap to open), and no key carried from one test into the next."""
    monkeypatch.setattr("backtracker.services.vault_crypto.SCRYPT_N", 2**10)
    yield
    vault = sys.modules.get("backtracker.services.photo_vault")
    if vault is not None:
        vault.lock()


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[dt.datetime]:
    from backtracker.domain import clock

    clock.pin(PINNED_NOW)
    yield PINNED_NOW
    clock.pin(None)


# -- Test order ---------------------------------------------------------------------------------
# pytest-randomly shuffles every run (scripts/test prints the seed). To rule out order
# dependence the other way too, `--reverse-order` (or BACKTRACKER_TEST_ORDER=reverse) runs the
# collected tests back to front; use it with `-p no:randomly` to get the plain file order reversed.


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--reverse-order",
        action="store_true",
        default=os.environ.get("BACKTRACKER_TEST_ORDER") == "reverse",
        help="run the collected tests in reverse order (also BACKTRACKER_TEST_ORDER=reverse)",
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--reverse-order"):
        items.reverse()


# -- Markers scripts/test selects for its second run, under a German locale ---------------------
# "gui": every test that uses a QApplication. "dates": the tests of these files (relative to
# tests/), which show, parse or count dates, times or numbers a person reads or types.
DATE_TESTS = (
    "domain/test_dates.py",
    "domain/test_goals.py",
    "domain/test_units.py",
    "domain/test_weight_tolerance.py",
    "services/test_counts.py",
    "services/test_export.py",
    "services/test_importers_*.py",
    "services/test_photos.py",
    "services/test_progress.py",
    "services/test_workout_times.py",
    "storage/test_backup_names.py",
    "storage/test_history_counts.py",
    "storage/test_calendar.py",
    "ui/test_progress_calendar.py",
    "hostile/test_parsers_property.py",
    "test_cli_stats.py",
    "test_cli_report.py",
    "domain/test_coach_*.py",
    "test_cli_import.py",
    "e2e/test_app_starts.py",
)


@pytest.hookimpl(tryfirst=True, specname="pytest_collection_modifyitems")
def pytest_mark_gui_and_date_tests(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests_dir = Path(__file__).parent
    for item in items:
        if "qapp" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
        if not item.path.is_relative_to(tests_dir):
            continue
        relative = item.path.relative_to(tests_dir).as_posix()
        if any(fnmatch.fnmatch(relative, pattern) for pattern in DATE_TESTS):
            item.add_marker(pytest.mark.dates)


def pytest_configure(config: pytest.Config) -> None:
    # The first QApplication sets the process locale from the environment (setlocale(LC_ALL,
    # "")), as it does in the app. Do it before any test, so a test sees the same locale
    # whether or not a GUI test happened to run before it.
    try:
        locale.setlocale(locale.LC_ALL, "")
    except locale.Error:  # LANG names a locale this machine lacks: C, as Qt would fall back to
        locale.setlocale(locale.LC_ALL, "C")
