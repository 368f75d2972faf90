"""Nothing is sent over the network: no session of use opens an internet socket.

Two views of it:

- in process: a whole GUI session (every tab, a logged set, the progress charts, a photo
  import, a comparison export, a CSV export and a backup) runs with Python's socket entry
  points recording and refusing, and an audit hook that sees every socket Python creates;
- a real `python -m backtracker --demo` run offscreen for a few seconds, under an audit hook,
  while the test reads /proc/<pid>/fd: any AF_INET/AF_INET6 socket (also one opened by C++
  code such as Qt, which Python hooks cannot see) shows up in /proc/net/{tcp,udp,raw}{,6}.

Local AF_UNIX sockets are not network (the wake-up pair for SIGTERM, a single-instance
socket): they are allowed explicitly.
"""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

LOCAL_FAMILIES = {getattr(socket, "AF_UNIX", -1), -1}
NETWORK_EVENTS = {
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
    "socket.sendto",
    "socket.bind",
    "urllib.Request",
    "http.client.connect",
    "ftplib.connect",
    "smtplib.connect",
}

_recorded: list[str] | None = None  # None: the audit hook is idle


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _recorded is None:
        return
    if event == "socket.__new__":
        family = args[1] if len(args) > 1 else None
        if family not in LOCAL_FAMILIES:
            _recorded.append(f"socket created, family {family!r}")
    elif event in NETWORK_EVENTS:
        family = getattr(args[0], "family", None) if args else None
        if family not in LOCAL_FAMILIES or event not in ("socket.connect", "socket.bind"):
            _recorded.append(f"{event} {args[1:] if len(args) > 1 else args!r}")


sys.addaudithook(_audit)  # hooks cannot be removed: it records only while a test asks


@pytest.fixture
def network_refused(monkeypatch):
    """Record (and refuse) every attempt to reach the network from Python."""
    global _recorded  # noqa: PLW0603 - the hook above reads it
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def refused(*args: object, **kwargs: object) -> object:
            target = args[1:] if name == "socket.connect" else args
            if name.endswith("connect") and args and _is_local(args[0]):
                return original[name](*args, **kwargs)
            attempts.append(f"{name}{target!r}")
            raise OSError("network access is not allowed in this test")

        return refused

    original = {
        "socket.connect": socket.socket.connect,
        "socket.connect_ex": socket.socket.connect_ex,
    }
    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("socket.gethostbyname"))
    init = socket.socket.__init__

    def recording_init(self, family=-1, *args, **kwargs):  # type: ignore[no-untyped-def]
        init(self, family, *args, **kwargs)
        if self.family not in LOCAL_FAMILIES:
            attempts.append(f"socket.socket(family={self.family!r})")

    monkeypatch.setattr(socket.socket, "__init__", recording_init)
    _recorded = attempts
    try:
        yield attempts
    finally:
        _recorded = None


def _is_local(sock: object) -> bool:
    return getattr(sock, "family", None) in LOCAL_FAMILIES


def test_the_guard_sees_an_attempt(network_refused):
    """The guard is not blind: a connection attempt and an internet socket are recorded."""
    with pytest.raises(OSError, match="not allowed"):
        socket.create_connection(("example.invalid", 80))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, pytest.raises(OSError):
        udp.connect(("192.0.2.1", 9))
    local_a, local_b = socket.socketpair()  # AF_UNIX: allowed
    local_a.close()
    local_b.close()
    assert any("create_connection" in a for a in network_refused)
    assert any("AF_INET" in a or "family 2" in a or "family=2" in a for a in network_refused)
    assert not any("AF_UNIX" in a for a in network_refused)


def _photo(path: Path, day: int, colour: tuple[int, int, int]) -> Path:
    exif = Image.Exif()
    exif[0x8769] = {0x9003: f"2026:0{day}:01 08:00:00"}
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (120, 160), colour).save(buffer, "JPEG", exif=exif.tobytes())
    path.write_bytes(buffer.getvalue())
    return path


def test_a_whole_gui_session_opens_no_network_socket(
    network_refused, qtbot, seeded, tmp_path, monkeypatch
):
    from backtracker.storage.models import Photo, SetEntry
    from backtracker.storage.routines import seed_builtin_routines
    from backtracker.ui.application import ui_state
    from backtracker.ui.data import dialogs as data_dialogs
    from backtracker.ui.main_window import MainWindow
    from backtracker.ui.photos import dialogs as photo_dialogs
    from backtracker.ui.theme import ThemeMode, install_theme
    from tests.ui.test_log_tab import done_sets, pick_when_open, type_into_cell

    install_theme(QApplication.instance(), ThemeMode.LIGHT)
    seed_builtin_routines()
    window = MainWindow(seeded, ui_state(seeded))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    for index in range(window.tabs.count()):  # every tab, built lazily on first view
        window.tabs.setCurrentIndex(index)
        qtbot.wait(50)

    window.tabs.setCurrentWidget(window.log_page)
    window.activateWindow()
    pick_when_open(qtbot, "dumbbell row")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    table = window.log.editor.cards[0].table
    type_into_cell(qtbot, table, "14")
    type_into_cell(qtbot, table, "10")
    assert done_sets() == [(14.0, 10, "normal")]

    window.tabs.setCurrentWidget(window.progress_page)  # the charts (matplotlib) load now
    qtbot.wait(300)

    camera = tmp_path / "camera"
    camera.mkdir()
    chosen = [
        _photo(camera / "a.jpg", 3, (200, 40, 40)),
        _photo(camera / "b.jpg", 5, (40, 40, 200)),
    ]
    monkeypatch.setattr(photo_dialogs, "choose_photo_files", lambda parent: chosen)
    monkeypatch.setattr(photo_dialogs.PoseDialog, "ask", classmethod(lambda *a: "back"))
    monkeypatch.setattr(
        photo_dialogs.ImportSummaryDialog, "show_report", classmethod(lambda *a: None)
    )
    window.import_photos()
    qtbot.waitUntil(lambda: Photo.select().count() == 2, timeout=20_000)
    qtbot.wait(200)  # thumbnails load in workers

    exports = tmp_path / "exports"
    exports.mkdir()
    comparison = exports / "compare.jpg"
    monkeypatch.setattr(photo_dialogs, "choose_export_file", lambda parent, suggested: comparison)
    window.compare_photos()
    window.photos.compare_page.export_button.click()
    qtbot.waitUntil(comparison.exists, timeout=20_000)

    csv = exports / "sets.csv"
    monkeypatch.setattr(
        data_dialogs, "choose_export_file", lambda parent: (csv, data_dialogs.ExportFormat.CSV)
    )
    window.export_workouts()
    qtbot.waitUntil(csv.exists, timeout=20_000)
    archive = exports / "backup.zip"
    monkeypatch.setattr(data_dialogs, "choose_backup_file", lambda parent: archive)
    window.back_up()
    qtbot.waitUntil(archive.exists, timeout=20_000)
    qtbot.wait(200)

    assert SetEntry.select().where(SetEntry.completed == True).count() == 1  # noqa: E712
    assert "14" in csv.read_text()
    window.close()
    assert network_refused == []


# --- the real app in its own process -------------------------------------------------------

WRAPPER = textwrap.dedent(
    """
    import os, runpy, sys
    LOG = open(os.environ["BT_AUDIT_LOG"], "a", buffering=1)
    LOCAL = {getattr(__import__("socket"), "AF_UNIX", -1), -1}
    EVENTS = {EVENTS}

    def hook(event, args):
        if event == "socket.__new__" and (args[1] if len(args) > 1 else None) not in LOCAL:
            LOG.write(f"{{event}} {{args[1:]!r}}\\n")
        elif event in EVENTS:
            family = getattr(args[0], "family", None) if args else None
            if family not in LOCAL or event not in ("socket.connect", "socket.bind"):
                LOG.write(f"{{event}} {{args[1:]!r}}\\n")

    sys.addaudithook(hook)
    sys.argv = ["backtracker", "--demo"]
    runpy.run_module("backtracker", run_name="__main__", alter_sys=True)
    """
).replace("{EVENTS}", repr(sorted(NETWORK_EVENTS)))

NET_TABLES = ("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "udplite", "udplite6")


def _internet_inodes() -> set[str]:
    """Inodes of every internet socket in this network namespace."""
    inodes: set[str] = set()
    for table in NET_TABLES:
        path = Path("/proc/net") / table
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            if len(fields) > 9:
                inodes.add(fields[9])
    return inodes


def _socket_inodes(pid: int) -> set[str]:
    found: set[str] = set()
    with os.scandir(f"/proc/{pid}/fd") as fds:
        for fd in fds:
            try:
                target = str(Path(fd.path).readlink())
            except OSError:
                continue
            if target.startswith("socket:["):
                found.add(target[8:-1])
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc (Linux)")
def test_the_demo_app_opens_no_network_socket(tmp_path: Path):
    audit_log = tmp_path / "audit.log"
    audit_log.touch()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "BT_AUDIT_LOG": str(audit_log),
        "TMPDIR": str(tmp_path),  # the demo profile is made (and removed) here
    }
    process = subprocess.Popen(
        [sys.executable, "-c", WRAPPER],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sockets: set[str] = set()
    shown = False
    try:
        deadline = time.monotonic() + 90
        quiet_until = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                sockets |= _socket_inodes(process.pid)
            except OSError:
                break
            if not shown:
                logs = list(tmp_path.glob("backtracker-demo-*/backtracker.log"))
                shown = any("Main window shown" in log.read_text() for log in logs)
                if shown:
                    quiet_until = time.monotonic() + 4  # a few seconds of use after start
            elif quiet_until is not None and time.monotonic() > quiet_until:
                break
            time.sleep(0.05)
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        internet = sockets & _internet_inodes()
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    assert shown, stderr
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert internet == set()
    assert audit_log.read_text() == ""
    assert sockets, "the fd scan saw no socket at all (the SIGTERM wake-up pair is one)"
    assert not list(tmp_path.glob("backtracker-demo-*")), "the demo profile was left behind"


def test_the_fd_scan_sees_an_internet_socket():
    """The /proc check is not blind: a UDP socket of our own shows up as internet."""
    if not Path("/proc/net/udp").exists():
        pytest.skip("no /proc/net")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        assert _socket_inodes(os.getpid()) & _internet_inodes()
