"""The Library's way to the database layer, imported on first use: the first window is
built without the ORM (storage/first_window.py), and Peewee loads after its first paint."""

from __future__ import annotations

from types import ModuleType


def library() -> ModuleType:
    """backtracker.services.library (Peewee comes with it)."""
    from backtracker.services import library

    return library


def merge() -> ModuleType:
    """backtracker.ui.library.merge (the exercise picker comes with it)."""
    from backtracker.ui.library import merge

    return merge
