"""The one way to reach the files in `resources/`.

The same call works from a source checkout, an installed wheel (where `resources/` ships as the
data package `backtracker._resources`) and a PyInstaller bundle (where the spec copies it to
`<bundle>/resources`).
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


@cache
def root() -> Traversable:
    """Return the folder that holds the resources, wherever the app is running from."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if (checkout / "catalogue").is_dir():
        return checkout
    import importlib.resources  # only an installed wheel needs it (2 ms of the start)

    return importlib.resources.files("backtracker._resources")


def path(*parts: str) -> Traversable:
    """Return a resource by its path parts, e.g. `path("catalogue", "exercises.json")`."""
    node = root()
    for part in parts:
        node = node / part
    return node


def read_bytes(*parts: str) -> bytes:
    return path(*parts).read_bytes()


def read_text(*parts: str) -> str:
    return path(*parts).read_text(encoding="utf-8")


def read_json(*parts: str) -> Any:
    return json.loads(read_text(*parts))
