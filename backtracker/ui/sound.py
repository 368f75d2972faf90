"""The end-of-rest chime, played without Qt Multimedia (not part of PySide6-Essentials).

It uses what the platform already has: the stdlib's winsound on Windows, afplay on macOS,
and PipeWire, PulseAudio or ALSA players on Linux, started without waiting. When none is
available the system bell sounds instead, so there is always some signal.
"""

from __future__ import annotations

import logging
import shutil
import sys
from functools import cache

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QApplication

from backtracker import resources

log = logging.getLogger(__name__)
_LINUX_PLAYERS = ("pw-play", "paplay", "aplay")


@cache
def _chime_path() -> str:
    return str(resources.path("sounds", "rest-done.wav"))


@cache
def _player() -> list[str] | None:
    if sys.platform == "darwin" and shutil.which("afplay"):
        return ["afplay"]
    for name in _LINUX_PLAYERS:
        path = shutil.which(name)
        if path:
            return [path, "-q"] if name == "aplay" else [path]
    return None


def play_chime() -> None:
    """Start the chime and return at once."""
    if sys.platform == "win32":
        import winsound

        winsound.PlaySound(_chime_path(), winsound.SND_FILENAME | winsound.SND_ASYNC)
        return
    player = _player()
    if player is None or not QProcess.startDetached(player[0], [*player[1:], _chime_path()])[0]:
        log.info("No audio player found; using the system bell for the rest signal")
        QApplication.beep()
