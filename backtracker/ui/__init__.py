"""The Qt layer: the application, the main window, its tabs and widgets.

Importing it loads PySide6, with the compiled form of PySide6's own support code kept between
starts (`qt_bytecode`), and then spares PySide6 a slow check, see `_skip_feature_scan`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from backtracker.storage.profile import default_cache_dir
from backtracker.ui.qt_bytecode import import_qtcore

# PySide6 is loaded here so that the check below can follow it.
import_qtcore(default_cache_dir() / "qt-bytecode")

NO_FEATURES, NOT_QT = 0, -1  # PySide6's own marks: "uses PySide6, no features", "ignore"


def _skip_feature_scan() -> None:
    """Tell PySide6 up front what its `__feature__` scan would find, to save it the reading.

    Once loaded, PySide6 reads the whole source of each module named in any later import
    statement (once per module) to see whether it mentions PySide6, so that modules can opt
    into `from __feature__ import snake_case`. Nothing here does. The modules loaded so far
    (the standard library, our Qt-free core) are Qt-free; every module of this package uses
    PySide6 without features. Reading them cost about 10 ms of every start. Other modules
    are still checked as usual; with a PySide6 that has no such table this does nothing.
    """
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    for name in list(sys.modules):
        table.setdefault(name, NOT_QT)
    for name in _modules_under(Path(__file__).parent, __name__):
        table.setdefault(name, NO_FEATURES)
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = mentions_pyside  # type: ignore[union-attr]


def mentions_pyside(module: object) -> bool:
    """PySide6's own check for the modules loaded later, with the same answer: whether the
    module's source file mentions PySide6. Its version reads the source through `inspect`,
    which splits it into lines and keeps them in `linecache` for good: on the ~350 modules
    of numpy, matplotlib and the tabs loaded after the first paint it took 90-120 ms (on
    the preload worker, holding the interpreter for 15-30 ms at a time) against 25-30 ms
    for reading the bytes. No source file (an extension module, a bundle): False, as
    `inspect` fails then too."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        return b"PySide6" in Path(path).read_bytes()
    except OSError:
        return False


def _modules_under(folder: Path, package: str) -> list[str]:
    """The modules in the package's folder; none in a bundle, which has no such folder."""
    names: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return names
    for entry in entries:
        if entry.is_dir() and not entry.name.startswith(("_", ".")):
            names.extend(_modules_under(Path(entry.path), f"{package}.{entry.name}"))
            names.append(f"{package}.{entry.name}")
        elif entry.name.endswith(".py") and entry.name != "__init__.py":
            names.append(f"{package}.{entry.name[:-3]}")
    return names


_skip_feature_scan()
