"""The Qt layer tells PySide6 up front what its `__feature__` scan would find (a faster start)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from backtracker import ui


def test_pyside6_is_told_which_modules_use_it():
    table = sys.modules["shibokensupport.feature"].pyside_feature_dict
    # If a PySide6 upgrade renames the table, this fails instead of the start going slow.
    assert table.get("backtracker.ui.main_window") == ui.NO_FEATURES
    assert table.get("backtracker.ui.library") == ui.NO_FEATURES
    assert table.get("json") == ui.NOT_QT  # loaded before PySide6: Qt-free


def test_the_listed_ui_modules_are_real_module_names():
    names = ui._modules_under(Path(ui.__file__).parent, ui.__name__)
    assert "backtracker.ui.library.tab" in names and "backtracker.ui.log" in names
    assert not [name for name in names if importlib.util.find_spec(name) is None]


def test_a_bundle_without_the_source_folder_lists_nothing(tmp_path):
    assert ui._modules_under(tmp_path / "not-there", "backtracker.ui") == []


def test_the_faster_check_answers_as_pyside6s_own_and_keeps_no_source_in_memory():
    import inspect
    import json.decoder
    import linecache

    import matplotlib.backends.qt_compat
    import numpy._core.multiarray

    import backtracker.services.logbook

    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is ui.mentions_pyside  # installed when ui loaded

    def pyside6s_own(module) -> bool:  # what feature.py does, for the comparison
        try:
            return "PySide6" in inspect.getsource(module)
        except (TypeError, OSError, SyntaxError):
            return False

    modules = [
        matplotlib.backends.qt_compat,  # imports PySide6 by name
        numpy._core.multiarray,  # a package module of an extension
        numpy._core._multiarray_umath,  # an extension: no source
        json.decoder,
        backtracker.services.logbook,
        sys,  # built in: no file at all
    ]
    linecache.clearcache()
    answers = [ui.mentions_pyside(module) for module in modules]
    assert linecache.cache == {}
    assert answers == [pyside6s_own(module) for module in modules]
    assert answers[0] is True and answers[3] is False
