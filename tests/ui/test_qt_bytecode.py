"""PySide6's support code is compiled once and kept in the cache folder (ui/qt_bytecode.py)."""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
from pathlib import Path

from backtracker.ui.qt_bytecode import kept_code

SOURCE = b"def area(width: int, height: int) -> int:\n    return width * height\n"
NAME = "shibokensupport/signature/example.py"


class CountingCompile:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.calls += 1
        return builtins.compile(*args, **kwargs)


def run(code) -> dict:  # type: ignore[no-untyped-def]
    namespace: dict = {}
    exec(code, namespace)
    return namespace


def test_a_module_is_compiled_once_then_read_from_the_folder(tmp_path: Path) -> None:
    compiler = CountingCompile()
    first = kept_code(tmp_path, SOURCE, NAME, compiler)
    assert compiler.calls == 1
    assert len(list(tmp_path.glob("*.bin"))) == 1

    again = kept_code(tmp_path, SOURCE, NAME, compiler)
    assert compiler.calls == 1, "the kept code is used, not compiled again"
    assert again.co_filename == NAME
    assert run(again)["area"](3, 4) == run(first)["area"](3, 4) == 12


def test_the_code_gets_no_future_flags_from_the_caching_module(tmp_path: Path) -> None:
    """qt_bytecode.py has `from __future__ import annotations`; the support's own importer
    has not, so annotations must stay objects, not strings, in both the fresh and kept code."""
    fresh = run(kept_code(tmp_path, SOURCE, NAME))
    kept = run(kept_code(tmp_path, SOURCE, NAME))
    assert fresh["area"].__annotations__ == {"width": int, "height": int, "return": int}
    assert kept["area"].__annotations__ == {"width": int, "height": int, "return": int}


def test_a_changed_source_or_name_is_not_served_the_old_code(tmp_path: Path) -> None:
    compiler = CountingCompile()
    kept_code(tmp_path, SOURCE, NAME, compiler)
    changed = SOURCE.replace(b"width * height", b"width + height")
    assert run(kept_code(tmp_path, changed, NAME, compiler))["area"](3, 4) == 7
    other = kept_code(tmp_path, SOURCE, "shibokensupport/other.py", compiler)
    assert other.co_filename == "shibokensupport/other.py"
    assert compiler.calls == 3
    assert len(list(tmp_path.glob("*.bin"))) == 3


def test_a_damaged_entry_is_compiled_afresh_and_replaced(tmp_path: Path) -> None:
    kept_code(tmp_path, SOURCE, NAME)
    (entry,) = tmp_path.glob("*.bin")
    for damage in (b"", b"\x00not marshal data", entry.read_bytes()[:20]):
        entry.write_bytes(damage)
        compiler = CountingCompile()
        assert run(kept_code(tmp_path, SOURCE, NAME, compiler))["area"](2, 5) == 10
        assert compiler.calls == 1
        compiler = CountingCompile()
        kept_code(tmp_path, SOURCE, NAME, compiler)
        assert compiler.calls == 0, "the damaged entry was replaced by a good one"


def test_an_entry_holding_something_else_is_not_run(tmp_path: Path) -> None:
    """A marshalled value that is not this file's code (another file's, or not code at all)."""
    import marshal

    kept_code(tmp_path, SOURCE, NAME)
    (entry,) = tmp_path.glob("*.bin")
    for wrong in (marshal.dumps(compile("x = 1", "elsewhere.py", "exec")), marshal.dumps(42)):
        entry.write_bytes(wrong)
        assert run(kept_code(tmp_path, SOURCE, NAME))["area"](1, 1) == 1


def test_a_folder_that_cannot_be_written_only_means_compiling(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    compiler = CountingCompile()
    for _ in range(2):
        assert run(kept_code(blocked / "qt-bytecode", SOURCE, NAME, compiler))["area"](2, 2) == 4
    assert compiler.calls == 2
    assert blocked.read_text() == "a file where the cache folder would be"
    assert list(tmp_path.iterdir()) == [blocked], "no temporary file is left behind"


# A fresh process that loads PySide6 the way the app does (`import backtracker.ui`), counting
# the support modules the real `compile` still had to compile.
CHILD = """
import builtins, json, sys
counted = []
real = builtins.compile
def counting(source, filename, *args, **kwargs):
    if isinstance(filename, str) and filename.startswith("shibokensupport/"):
        counted.append(filename)
    return real(source, filename, *args, **kwargs)
builtins.compile = counting
import backtracker.ui
assert builtins.compile is counting, "the wrap is undone once PySide6 is loaded"
builtins.compile = real
from PySide6.QtCore import QSize
try:
    QSize("three")  # PySide6 explains a wrong call through its signature support
except TypeError as error:
    message = str(error)
print(json.dumps({"compiled": counted, "size": QSize(3, 4).width(), "message": message}))
"""


def start(cache_home: Path) -> dict:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_second_start_compiles_none_of_pysides_support(tmp_path: Path) -> None:
    folder = tmp_path / "BackTracker" / "qt-bytecode"
    first = start(tmp_path)
    assert len(first["compiled"]) >= 5, "PySide6 compiled its support on the first start"
    kept = sorted(folder.glob("*.bin"))
    assert len(kept) == len(first["compiled"])

    second = start(tmp_path)
    assert second["compiled"] == []
    assert sorted(folder.glob("*.bin")) == kept
    # PySide6 works, its signature support (the kept parser and error handler) included.
    assert second["size"] == first["size"] == 3
    assert second["message"] == first["message"]
    assert "QSize.__init__(w: int, h: int, /)" in second["message"]
