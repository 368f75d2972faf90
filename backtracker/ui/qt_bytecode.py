"""Import PySide6 with its support code's compiled forms kept between starts.

PySide6's `shiboken6` carries its Python support package (`shibokensupport`: the signature
machinery, the `__feature__` switches, about a dozen modules) inside the extension as zipped
source. On every start its own importer compiles that source, since nothing is written to
`__pycache__`, and the modules then build three regular expressions of about 6,000 characters
each (the brace patterns of its signature parser and stub formatter). Together that cost 40-50
ms of every start here, about a third of what a bare PySide6 window takes to appear.

So while PySide6 loads, and only then, two compilers are wrapped to keep their results in the
app's cache folder, as `__pycache__` keeps a module's:
- the built-in `compile`, for a `shibokensupport/` file: its code object, keyed by a hash of the
  source and the interpreter's bytecode version (`code_cache.kept_code`);
- `re`'s pattern compiler, for a pattern of `LONG_PATTERN` characters or more: the compiled
  program that `re` hands to its C engine (`_sre.compile`), keyed by a hash of the pattern, its
  flags and the exact Python version. The engine checks a program before it accepts it.

Everything else, and everything after the import, goes to the real compilers. A missing,
unreadable, stale or damaged entry is compiled afresh; a folder that cannot be written
(read-only, full disk) only means compiling as PySide6 always does; a PySide6 or Python that
works another way finds nothing served (the pattern part uses `re`'s internals, and falls back
to them untouched when they differ).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import builtins
import contextlib
import marshal
import re
import sys
from pathlib import Path
from re import _compiler  # type: ignore[attr-defined]

from backtracker.code_cache import entry_path, kept_code, read_entry, write_entry

SUPPORT_PREFIX = "shibokensupport/"
LONG_PATTERN = 1000  # characters; PySide6's own patterns are about 6,000
# What a kept pattern depends on: the exact interpreter and its regular-expression engine
# (code is kept as `code_cache.kept_code` keeps it).
_PATTERN_VERSION = f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}".encode()


def import_qtcore(cache_dir: Path | None) -> None:
    """`import PySide6.QtCore`, with shibokensupport's code and patterns kept in `cache_dir`."""
    if cache_dir is None or "PySide6.QtCore" in sys.modules:
        import PySide6.QtCore

        return
    real_compile = builtins.compile
    real_pattern = _compiler.compile

    def compile_kept(source, filename, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
        if (
            args
            or kwargs
            or mode != "exec"
            or not isinstance(filename, str)
            or not filename.startswith(SUPPORT_PREFIX)
            or not isinstance(source, bytes | str)
        ):
            return real_compile(source, filename, mode, *args, **kwargs)
        return kept_code(cache_dir, source, filename, real_compile)

    def pattern_kept(pattern, flags=0):  # type: ignore[no-untyped-def]
        if not isinstance(pattern, str) or len(pattern) < LONG_PATTERN:
            return real_pattern(pattern, flags)
        return kept_pattern(cache_dir, pattern, flags, real_pattern)

    builtins.compile = compile_kept
    _compiler.compile = pattern_kept
    try:
        import PySide6.QtCore  # noqa: F401
    finally:
        builtins.compile = real_compile
        _compiler.compile = real_pattern


def kept_pattern(
    cache_dir: Path,
    pattern: str,
    flags: int,
    real_pattern=_compiler.compile,  # type: ignore[no-untyped-def]
) -> re.Pattern[str]:
    """`re`'s compiled pattern, from the folder when an entry for this very pattern is there.

    `re` parses a pattern into a program for its C engine in Python, which is the slow part;
    the entry keeps the program and the groups, what `_sre.compile` takes besides the
    pattern."""
    data = f"{int(flags)}|".encode() + pattern.encode("utf-8", "surrogatepass")
    entry = entry_path(cache_dir, "re-", _PATTERN_VERSION + b"\0" + data)
    kept = read_entry(entry)
    if isinstance(kept, tuple) and len(kept) == 5:
        try:
            return _sre.compile(pattern, *kept)
        except Exception:  # a program _sre refuses (damaged, or another build's)
            pass  # is parsed afresh below and its entry rewritten
    recorder = _EngineRecorder()
    _compiler._sre = recorder
    try:
        compiled = real_pattern(pattern, flags)
    finally:
        _compiler._sre = _sre
    if recorder.arguments is not None:
        write_entry(entry, marshal.dumps(recorder.arguments))
    return compiled


class _EngineRecorder:
    """`_sre` as `re._compiler` sees it, noting what its `compile` is given, in a form that
    `marshal` can write (the program's opcodes are an int subclass)."""

    def __init__(self) -> None:
        self.arguments: tuple | None = None

    def compile(self, pattern, *program):  # type: ignore[no-untyped-def]
        with contextlib.suppress(TypeError, ValueError):
            flags, code, groups, groupindex, indexgroup = program
            self.arguments = (
                int(flags),
                [int(op) for op in code],
                int(groups),
                {str(name): int(index) for name, index in groupindex.items()},
                tuple(indexgroup),
            )
        return _sre.compile(pattern, *program)

    def __getattr__(self, name: str) -> object:
        return getattr(_sre, name)
