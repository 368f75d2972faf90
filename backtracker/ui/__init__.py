"""The Qt layer: the application, the main window, its tabs and widgets.

Importing it loads PySide6 and then spares PySide6 a slow check, see `_skip_feature_scan`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import PySide6.QtCore  # noqa: F401 - loaded here so that the check below can follow it

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
