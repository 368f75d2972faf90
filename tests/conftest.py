"""Shared fixtures. Tests run headless and never touch the real user folders."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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


# "Now" for every test: a fixed local moment (override with BACKTRACKER_TEST_NOW, ISO format, to
# run the suite at another hour or day). Time runs on from it at the real pace.
PINNED_NOW = dt.datetime.fromisoformat(
    os.environ.get("BACKTRACKER_TEST_NOW", "2026-03-18T09:15:00")
)


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[dt.datetime]:
    from backtracker.domain import clock

    clock.pin(PINNED_NOW)
    yield PINNED_NOW
    clock.pin(None)
