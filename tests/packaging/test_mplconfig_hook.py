"""The bundle's runtime hook points matplotlib at a persistent, private per-user cache folder."""

from __future__ import annotations

import os
import runpy
import stat
import sys
from pathlib import Path

import pytest

HOOK = (
    Path(__file__).resolve().parents[2]
    / "packaging"
    / "rthooks"
    / "pyi_rth_backtracker_mplconfig.py"
)

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="checks the XDG cache folder"
)


def test_hook_sets_a_private_cache_folder_that_survives_restarts(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    expected = Path(os.environ["XDG_CACHE_HOME"]) / "BackTracker" / "matplotlib"

    runpy.run_path(str(HOOK))

    assert os.environ["MPLCONFIGDIR"] == str(expected)
    assert expected.is_dir()
    assert stat.S_IMODE(expected.stat().st_mode) == 0o700
    # The next start finds the same folder, with what matplotlib wrote there still in it.
    (expected / "fontlist-test.json").write_text("{}")
    monkeypatch.delenv("MPLCONFIGDIR")
    runpy.run_path(str(HOOK))
    assert os.environ["MPLCONFIGDIR"] == str(expected)
    assert (expected / "fontlist-test.json").exists()


def test_hook_agrees_with_the_folder_the_progress_tab_would_choose(
    monkeypatch: pytest.MonkeyPatch,
):
    from backtracker.ui.progress import configure_matplotlib_cache

    monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    configure_matplotlib_cache()
    app_choice = os.environ.pop("MPLCONFIGDIR")
    runpy.run_path(str(HOOK))
    assert os.environ["MPLCONFIGDIR"] == app_choice


def test_hook_leaves_a_folder_the_person_chose(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    chosen = tmp_path / "mine"
    monkeypatch.setenv("MPLCONFIGDIR", str(chosen))

    runpy.run_path(str(HOOK))

    assert os.environ["MPLCONFIGDIR"] == str(chosen)
    assert not (Path(os.environ["XDG_CACHE_HOME"]) / "BackTracker").exists()


def test_hook_steps_aside_when_the_cache_folder_cannot_be_made(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.delenv("MPLCONFIGDIR", raising=False)

    runpy.run_path(str(HOOK))

    # matplotlib then picks a writable folder itself; the app still starts.
    assert "MPLCONFIGDIR" not in os.environ
