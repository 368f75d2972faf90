"""The Photos tab: a private progress-photo gallery with a compare mode.

`build_photos_tab` is what the main window calls the first time the tab is shown; the
returned widget offers `import_files(paths)` and `compare()` to the menus, and the file
dialog for File ▸ Import photos… is `photos.dialogs.choose_photo_files`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from backtracker.services.preferences import Preferences
    from backtracker.storage.profile import Profile
    from backtracker.ui.events import DataEvents
    from backtracker.ui.photos.tab import PhotosTab


def build_photos_tab(
    events: DataEvents,
    profile: Profile,
    prefs_provider: Callable[[], Preferences],
    undo: QUndoStack,
    show_status: Callable[..., None],
) -> PhotosTab:
    """The Photos tab, imported on first show so start-up stays fast."""
    from backtracker.ui.photos.tab import PhotosTab

    return PhotosTab(events, profile, prefs_provider, undo, show_status)
