"""The Progress tab: strength charts, records and the training overview (matplotlib).

Importing this package is cheap: matplotlib is imported only by `build_progress_tab`, which
the main window calls the first time the tab is shown. Every chart module reaches matplotlib
through `progress.mpl`, which first points matplotlib's config and font cache at the app's
cache folder, so the font cache is built once and kept.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from backtracker.storage.profile import default_cache_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from backtracker.services.preferences import Preferences
    from backtracker.ui.events import DataEvents
    from backtracker.ui.undo import UndoPlace


def configure_matplotlib_cache() -> None:
    """Point MPLCONFIGDIR at our cache folder unless the person already chose one."""
    if "MPLCONFIGDIR" not in os.environ:
        # matplotlib creates the folder itself when it first writes there.
        os.environ["MPLCONFIGDIR"] = str(default_cache_dir() / "matplotlib")


def build_progress_tab(
    events: DataEvents,
    prefs_provider: Callable[[], Preferences],
    undo: UndoPlace | None = None,
) -> QWidget:
    """The Progress tab; imports matplotlib now, on first show, not at start-up."""
    from backtracker.ui.progress.tab import ProgressTab

    return ProgressTab(events, prefs_provider, undo=undo)
