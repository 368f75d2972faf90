"""PyInstaller runtime hook: keep matplotlib's font cache between starts of the bundle.

PyInstaller's own matplotlib hook points MPLCONFIGDIR at a fresh temporary folder on every
start, so the font cache is rebuilt each time (0.66 s measured). The spec drops that hook and
lists this one instead: it runs before any module of the app, so matplotlib only ever sees the
persistent per-user cache folder that `backtracker.ui.progress` would choose too. A folder
the person set through MPLCONFIGDIR is left alone.
"""


def _use_persistent_matplotlib_cache() -> None:
    import os
    from pathlib import Path

    import platformdirs

    if os.environ.get("MPLCONFIGDIR"):
        return
    folder = Path(platformdirs.user_cache_dir("BackTracker", appauthor=False)) / "matplotlib"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return  # unwritable home: matplotlib falls back to a temporary folder by itself
    os.environ["MPLCONFIGDIR"] = str(folder)


_use_persistent_matplotlib_cache()
del _use_persistent_matplotlib_cache
