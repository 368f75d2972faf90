"""Import PySide6 with its support code's compiled form kept between starts.

PySide6's `shiboken6` carries its Python support package (`shibokensupport`: the signature
machinery, the `__feature__` switches, about a dozen modules) inside the extension as zipped
source, and its own importer compiles that source on every start: nothing is written to
`__pycache__`. That compiling cost 20-30 ms of every start here, about a fifth of what a bare
PySide6 window takes to appear. So while PySide6 loads, the built-in `compile` is wrapped to
keep each of those modules' code objects in the app's cache folder, keyed by a hash of the
source and the interpreter's bytecode version, as `__pycache__` would.

Only calls for a `shibokensupport/` file during that one import are served from the folder;
everything else, and everything afterwards, goes to the real `compile`. A missing, unreadable,
stale or damaged entry is compiled afresh, and a folder that cannot be written (read-only, full
disk) only means compiling as PySide6 always does. A PySide6 that loads its support another
way simply finds no calls to serve.
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import importlib.util
import marshal
import os
import sys
import types
from pathlib import Path

SUPPORT_PREFIX = "shibokensupport/"
# What the cached code depends on: the interpreter's bytecode format and optimisation level.
_VERSION = importlib.util.MAGIC_NUMBER + bytes([sys.flags.optimize])


def import_qtcore(cache_dir: Path | None) -> None:
    """`import PySide6.QtCore`, serving shibokensupport's compiled code from `cache_dir`."""
    if cache_dir is None or "PySide6.QtCore" in sys.modules:
        import PySide6.QtCore

        return
    real_compile = builtins.compile

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

    builtins.compile = compile_kept
    try:
        import PySide6.QtCore  # noqa: F401
    finally:
        builtins.compile = real_compile


def kept_code(
    cache_dir: Path,
    source: bytes | str,
    filename: str,
    real_compile=builtins.compile,  # type: ignore[no-untyped-def]
) -> types.CodeType:
    """The code of `source`, from the folder when an entry for this very source is there."""
    data = source.encode() if isinstance(source, str) else source
    key = hashlib.blake2b(_VERSION + filename.encode() + b"\0" + data, digest_size=20)
    entry = cache_dir / f"{key.hexdigest()}.bin"
    try:
        code = marshal.loads(entry.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        code = None
    if isinstance(code, types.CodeType) and code.co_filename == filename:
        return code
    # As the support's own importer compiles it: no future flags inherited from this module.
    code = real_compile(source, filename, "exec", 0, True)
    _write(entry, marshal.dumps(code))
    return code


def _write(entry: Path, data: bytes) -> None:
    """Write the entry whole or not at all: another start may be reading the folder."""
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        temporary.replace(entry)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
