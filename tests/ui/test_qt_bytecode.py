"""PySide6's support code is compiled once and kept in the cache folder (ui/qt_bytecode.py)."""

from __future__ import annotations

import builtins
import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path
from re import _compiler  # type: ignore[attr-defined]

from backtracker.code_cache import kept_code
from backtracker.ui.qt_bytecode import LONG_PATTERN, kept_pattern

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


# A long pattern with named and numbered groups, alternatives, classes and a lookahead, as
# PySide6's brace patterns have (theirs are about 6,000 characters).
WORDS = "|".join(f"word{i:04d}" for i in range(200))
LONG = rf"(?P<name>\b(?:{WORDS})\b)\s*(?=\[)(\[(?P<inner>[^\]]*)\])|(?P<number>[+-]?\d+(?:\.\d+)?)"
SAMPLES = ["word0042 [a, b] and -3.5", "word0199[x]", "nothing here", "word0200 [z] 7", ""]


class CountingPatterns:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, pattern, flags=0):  # type: ignore[no-untyped-def]
        self.calls += 1
        return _compiler.compile(pattern, flags)


def same_behaviour(kept: re.Pattern[str], flags: int = 0) -> None:
    fresh = re.compile(LONG, flags)
    assert kept.pattern == fresh.pattern
    assert (kept.flags, kept.groups, dict(kept.groupindex)) == (
        fresh.flags,
        fresh.groups,
        dict(fresh.groupindex),
    )
    for text in SAMPLES:
        assert [m.groupdict() for m in kept.finditer(text)] == [
            m.groupdict() for m in fresh.finditer(text)
        ]
        assert kept.split(text) == fresh.split(text)


def test_a_long_pattern_is_parsed_once_then_read_from_the_folder(tmp_path: Path) -> None:
    assert len(LONG) >= LONG_PATTERN
    parser = CountingPatterns()
    same_behaviour(kept_pattern(tmp_path, LONG, 0, parser))
    assert parser.calls == 1
    assert len(list(tmp_path.glob("re-*.bin"))) == 1
    again = kept_pattern(tmp_path, LONG, 0, parser)
    assert parser.calls == 1, "the kept program is used, not parsed again"
    same_behaviour(again)
    # Other flags are another entry.
    same_behaviour(
        kept_pattern(tmp_path, LONG, re.VERBOSE | re.IGNORECASE, parser), re.VERBOSE | re.IGNORECASE
    )
    assert parser.calls == 2


def test_a_damaged_or_refused_pattern_entry_is_parsed_afresh(tmp_path: Path) -> None:
    kept_pattern(tmp_path, LONG, 0)
    (entry,) = tmp_path.glob("re-*.bin")
    good = marshal.loads(entry.read_bytes())
    flags, program, groups, groupindex, indexgroup = good
    for damage in (
        b"",
        entry.read_bytes()[:30],
        marshal.dumps("not a program"),
        marshal.dumps(
            (flags, [9999, 1, 2], groups, groupindex, indexgroup)
        ),  # the engine refuses it
        marshal.dumps((flags, program[:-5], groups, groupindex, indexgroup)),  # cut short
        marshal.dumps((flags, program, "groups", groupindex, indexgroup)),
    ):
        entry.write_bytes(damage)
        parser = CountingPatterns()
        same_behaviour(kept_pattern(tmp_path, LONG, 0, parser))
        assert parser.calls == 1
        assert marshal.loads(entry.read_bytes()) == good, "replaced by a good entry"


# A fresh process that loads PySide6 the way the app does (`import backtracker.ui`), counting
# the support modules the real `compile` still had to compile.
CHILD = """
import builtins, json, sys
from re import _parser
counted, parsed = [], []
real, real_parse = builtins.compile, _parser.parse
def counting(source, filename, *args, **kwargs):
    if isinstance(filename, str) and filename.startswith("shibokensupport/"):
        counted.append(filename)
    return real(source, filename, *args, **kwargs)
def counting_parse(pattern, *args, **kwargs):
    if isinstance(pattern, str) and len(pattern) > 1000:
        parsed.append(len(pattern))
    return real_parse(pattern, *args, **kwargs)
builtins.compile, _parser.parse = counting, counting_parse
import backtracker.ui
from re import _compiler
assert builtins.compile is counting, "the wrap is undone once PySide6 is loaded"
assert _compiler.compile.__module__ == "re._compiler", "so is the pattern compiler's"
builtins.compile, _parser.parse = real, real_parse
from PySide6.QtCore import QSize
try:
    QSize("three")  # PySide6 explains a wrong call through its signature support
except TypeError as error:
    message = str(error)
size = QSize(3, 4).width()
print(json.dumps({"compiled": counted, "parsed": parsed, "size": size, "message": message}))
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
    assert len(first["parsed"]) >= 2, "and parsed its long patterns"
    kept = sorted(folder.glob("*.bin"))
    assert len(kept) == len(first["compiled"]) + len(set(first["parsed"]))

    second = start(tmp_path)
    assert second["compiled"] == []
    assert second["parsed"] == []
    assert sorted(folder.glob("*.bin")) == kept
    # PySide6 works, its signature support (the kept parser and error handler) included.
    assert second["size"] == first["size"] == 3
    assert second["message"] == first["message"]
    assert "QSize.__init__(w: int, h: int, /)" in second["message"]
