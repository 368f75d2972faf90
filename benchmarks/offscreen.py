"""Qt's offscreen platform on the tests' 1920×1200 screen (tests/offscreen_screen.json).

Its own screen is 800×800, and the main window fits its first size to the screen
(ui/main_window.py `default_size`): measured on it, the app would open smaller than the
1280×800 it opens at on a laptop or desktop, and paint less.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path

SCREEN = Path(__file__).resolve().parent.parent / "tests" / "offscreen_screen.json"


def use_offscreen(environ: MutableMapping[str, str]) -> None:
    """Offscreen with that screen, unless another platform (or screen) was asked for."""
    if environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"
