"""The command line: arguments, data folder, missing display and refused databases."""

from __future__ import annotations

import argparse
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from backtracker.app import NO_DISPLAY_MESSAGE, display_problem, main
from backtracker.cli import Command, build_parser
from backtracker.storage.migrations import SCHEMA_VERSION
from backtracker.storage.profile import default_data_dir


def run_app(*args: str, env: dict[str, str] | None = None, timeout: float = 60):
    return subprocess.run(
        [sys.executable, "-m", "backtracker", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def test_parser_defaults_and_flags(tmp_path):
    args = build_parser().parse_args([])
    assert args.data_dir is None and args.demo is False and args.command is None
    args = build_parser().parse_args(["--data-dir", str(tmp_path), "--demo"])
    assert args.data_dir == tmp_path and args.demo


def test_commands_get_data_dir_before_or_after_the_command(tmp_path):
    seen: list[Path] = []
    command = Command(
        name="stats",
        help="show numbers",
        configure=lambda parser: parser.add_argument("exercise"),
        run=lambda args: seen.append(args.data_dir) or 0,
    )
    parser = build_parser([command])
    before = parser.parse_args(["--data-dir", str(tmp_path), "stats", "row"])
    after = parser.parse_args(["stats", "row", "--data-dir", str(tmp_path / "x")])
    assert before.data_dir == tmp_path and before.exercise == "row"
    assert after.data_dir == tmp_path / "x"
    assert before.run(before) == 0 and seen == [tmp_path]


def test_help_and_version_need_no_display(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "--data-dir" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--version"])
    assert "BackTracker" in capsys.readouterr().out


def test_default_data_dir_follows_the_platform(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert default_data_dir() == tmp_path / "xdg" / "BackTracker"


def test_display_problem_is_explained():
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux needs DISPLAY")
    assert display_problem({}) == NO_DISPLAY_MESSAGE
    assert display_problem({"DISPLAY": ":0"}) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_no_display_prints_a_clear_message_instead_of_a_qt_abort(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux needs DISPLAY")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    result = run_app("--data-dir", str(tmp_path / "data"), env=env)
    assert result.returncode == 2
    assert "needs a graphical display" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()


def test_newer_database_is_refused_untouched(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    database = data / "backtracker.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE future (x)")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = (database.read_bytes(), database.stat().st_mtime_ns)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = run_app("--data-dir", str(data), env=env)
    assert result.returncode == 3
    assert "newer version of BackTracker" in result.stderr
    assert "Traceback" not in result.stderr
    assert (database.read_bytes(), database.stat().st_mtime_ns) == before
    assert not (data / "backtracker.sqlite3-wal").exists()


def test_unusable_data_dir_is_explained(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = run_app("--data-dir", str(blocker), env=env)
    assert result.returncode == 2
    assert "is a file, not a folder" in result.stderr


def test_data_dir_is_created_private(tmp_path):
    from backtracker.storage.profile import prepare_profile

    profile = prepare_profile(tmp_path / "new" / "nested")
    assert stat.S_IMODE(profile.data_dir.stat().st_mode) == 0o700


def test_command_registry_is_wired_into_main(monkeypatch, tmp_path):
    from backtracker import cli

    calls: list[argparse.Namespace] = []
    monkeypatch.setattr(
        cli,
        "COMMANDS",
        [
            Command(
                "demo",
                "fill a profile",
                lambda parser: None,
                lambda args: calls.append(args) or 7,
            )
        ],
    )
    assert main(["demo", "--data-dir", str(tmp_path)]) == 7
    assert calls[0].data_dir == tmp_path


def test_only_the_apps_own_options_skip_the_commands():
    from backtracker.cli import opens_the_app

    assert opens_the_app([])
    assert opens_the_app(["--data-dir", "x", "--demo"])
    assert opens_the_app(["--data-dir=x"])
    for argv in (
        ["--help"],
        ["-h"],
        ["--version"],
        ["stats", "row"],
        ["--data-dir"],
        ["--dat", "x"],
    ):
        assert not opens_the_app(argv), argv


def test_help_still_lists_every_command(capsys):
    from backtracker.cli import registered_commands

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in registered_commands():
        assert command.name in out
