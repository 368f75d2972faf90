"""Starting the app without Qt's X11 (xcb) libraries names the packages to install.

Qt's own message in that case is a raw abort ("xcb-cursor0 or libxcb-cursor0 is needed…",
even when another library is the one missing). The entry point checks first, with a loader
the tests replace to play a machine without some libraries.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from backtracker import app
from backtracker.app import (
    EXIT_MISSING_LIBRARIES,
    XCB_LIBRARIES,
    missing_libraries_message,
    missing_xcb_libraries,
    qt_will_use_xcb,
)

ROOT = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux's")


class FakeLoader:
    """A machine where `absent` cannot be loaded; remembers what was asked for."""

    def __init__(self, *absent: str) -> None:
        self.absent = set(absent)
        self.asked: list[str] = []

    def __call__(self, name: str) -> None:
        self.asked.append(name)
        if name in self.absent:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")


@linux_only
@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"DISPLAY": ":0"}, True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),  # Qt loads the plugin before it looks for X
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, True),  # no Wayland session
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, False),
        ({"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "WAYLAND_DISPLAY": "w-0", "DISPLAY": ":0"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, True),  # Wayland falls through
        (
            {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"},
            False,
        ),
        ({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, True),
    ],
)
def test_the_check_runs_only_when_qt_will_use_xcb(environ, expected):
    assert qt_will_use_xcb(environ) is expected
    loader = FakeLoader()
    assert missing_xcb_libraries(environ, load=loader) == []
    assert bool(loader.asked) is expected  # nothing is loaded for another platform


@linux_only
def test_missing_libraries_are_named_with_their_packages():
    loader = FakeLoader("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    missing = missing_xcb_libraries({"DISPLAY": ":0"}, load=loader)
    assert missing == [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ]
    assert loader.asked == [library for library, _package in XCB_LIBRARIES]
    message = missing_libraries_message(missing)
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1\n" in message
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1" in message
    assert missing_xcb_libraries({"DISPLAY": ":0"}, load=FakeLoader()) == []


@linux_only
def test_the_real_loader_loads_what_is_there_and_refuses_what_is_not():
    app._load_library("libc.so.6")
    with pytest.raises(OSError):
        app._load_library("libbacktracker-no-such-library.so.7")


def test_the_list_is_the_one_scripts_setup_installs_for_the_app():
    script = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    block = re.search(r'libraries_for_screen="\n(.*?)"\n', script, re.DOTALL)
    assert block is not None
    listed = [line.split()[:2] for line in block.group(1).splitlines() if line.strip()]
    assert [list(pair) for pair in XCB_LIBRARIES] == listed


# The entry point (`backtracker = backtracker.app:main`) in a process of its own, as the
# installed command runs it, on a machine where two libraries cannot be loaded. On the code
# before the check, Qt aborts (or, with the libraries there, cannot reach display :99).
ENTRY_POINT = textwrap.dedent(
    """
    import sys
    from backtracker import app

    def load(name):
        if name in ("libxcb-icccm.so.4", "libxcb-keysyms.so.1"):
            raise OSError(name + ": cannot open shared object file")

    app._load_library = load
    app.show_without_qt = lambda title, message: print("SHOWN:", title, file=sys.stderr)
    sys.exit(app.main(sys.argv[1:]))
    """
)


@linux_only
def test_the_entry_point_names_the_packages_instead_of_a_qt_abort(tmp_path):
    data = tmp_path / "data"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"}
    }
    env["DISPLAY"] = ":99"
    result = subprocess.run(
        [sys.executable, "-c", ENTRY_POINT, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode == EXIT_MISSING_LIBRARIES, result.stderr
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in result.stderr
    assert "SHOWN: BackTracker cannot start" in result.stderr
    assert "qt.qpa" not in result.stderr and "Traceback" not in result.stderr
    assert not data.exists()  # it stops before it makes a profile


@linux_only
def test_the_message_is_shown_even_when_started_from_a_menu(tmp_path, monkeypatch):
    """Started from the application menu nobody reads stderr: a desktop dialog says it."""
    calls: list[list[str]] = []
    # app imports both when it needs them (they cost start-up time otherwise)
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(subprocess, "run", lambda command, **_kwargs: calls.append(command))
    app.show_without_qt("BackTracker cannot start", "install libxcb-icccm4")
    assert calls == [
        [
            "/usr/bin/zenity",
            "--error",
            "--title=BackTracker cannot start",
            "--no-markup",
            "--text=install libxcb-icccm4",
        ]
    ]
