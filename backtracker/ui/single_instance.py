"""One window per profile: a second start brings the first window forward.

The instance that holds the profile lock (storage/lock.py) listens on a local socket whose
name comes from a hash of the data folder's path. A second start on the same folder finds
the lock taken, connects, asks for "raise" and waits for "raised"; the first instance
shows its window, raises and activates it, and answers. Only processes of the same user
can connect.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

REQUEST = b"raise\n"
REPLY = b"raised\n"
TIMEOUT_MS = 3000
RETRY_MS = 100


def server_name(data_dir: Path) -> str:
    """The socket's name for the profile in `data_dir`: the same for every start, per user."""
    key = str(Path(data_dir).expanduser().resolve())
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    return f"backtracker-{user}-{digest}"


def listen(window: QWidget, data_dir: Path) -> QLocalServer | None:
    """Answer later starts on this profile by bringing `window` forward.

    Call it only while holding the profile lock: an existing socket of that name is then
    left over from a run that crashed, and is removed. None when listening fails (logged;
    a later start then explains instead of switching).
    """
    name = server_name(data_dir)
    server = QLocalServer(window)
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    QLocalServer.removeServer(name)
    if not server.listen(name):
        log.warning("Not listening for other starts on this profile: %s", server.errorString())
        server.deleteLater()
        return None
    server.newConnection.connect(lambda: _accept(server, window))
    log.info("Listening for other starts on this profile (%s)", name)
    return server


def _accept(server: QLocalServer, window: QWidget) -> None:
    while (socket := server.nextPendingConnection()) is not None:
        socket.disconnected.connect(socket.deleteLater)
        socket.readyRead.connect(lambda socket=socket: _answer(socket, window))
        if socket.canReadLine():
            _answer(socket, window)


def _answer(socket: QLocalSocket, window: QWidget) -> None:
    if not socket.canReadLine():
        return
    request = bytes(socket.readLine().data())
    if request == REQUEST:
        bring_forward(window)
        log.info("Another start of BackTracker on this profile: brought the window forward")
        socket.write(REPLY)
        socket.flush()
    else:
        log.warning("Ignored an unknown request on the single-instance socket: %r", request)
    socket.disconnectFromServer()


def bring_forward(window: QWidget) -> None:
    """Show the window un-minimised (keeping it maximised if it was), on top and active."""
    state = window.windowState() & ~Qt.WindowState.WindowMinimized
    window.setWindowState(state | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


def ask_to_come_forward(data_dir: Path, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Ask the instance that has `data_dir` open to bring its window forward; whether it did."""
    socket = QLocalSocket()
    deadline = time.monotonic() + timeout_ms / 1000

    def left_ms() -> int:
        return max(0, int((deadline - time.monotonic()) * 1000))

    # The first one may still be starting: it listens once its window is shown.
    while True:
        socket.connectToServer(server_name(data_dir))
        if socket.waitForConnected(left_ms()):
            break
        if left_ms() < RETRY_MS:
            log.info("The open BackTracker did not answer: %s", socket.errorString())
            return False
        time.sleep(RETRY_MS / 1000)
    socket.write(REQUEST)
    socket.waitForBytesWritten(left_ms())
    while not socket.canReadLine():
        if not socket.waitForReadyRead(left_ms()):
            log.info("The open BackTracker did not answer: %s", socket.errorString())
            return False
    answer = bytes(socket.readLine().data())
    socket.abort()
    return answer == REPLY
