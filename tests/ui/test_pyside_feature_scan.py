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
