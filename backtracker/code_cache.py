"""Compiled code kept between starts in the app's cache folder, as `__pycache__` keeps a module's.

Python writes no bytecode for code it compiles from a string at run time, so some of it is
compiled again on every start. Two such compilers cost the app's start measurable time, and
their results are kept here, each keyed by a hash of its source and the interpreter's bytecode
version:
- PySide6's support package, compiled from source inside `shiboken6` (`ui/qt_bytecode.py`);
- the methods that `dataclasses` writes for each class (`__init__`, `__repr__`, `__eq__`,
  `__hash__`, and `__setattr__`/`__delattr__` when frozen) and compiles as source: about five a
  class, 11-16 ms for the eleven classes loaded before the first window is painted, and more
  for each tab's first use (`dataclass_code_kept`).

Entries are kept per app version and Python (`versioned_folder`): the folders of other
versions are deleted once nothing has been written to them for `STALE_DAYS`
(`prune_other_versions`), so the cache does not grow with each upgrade (a demo session's
dataclasses fill about 3 MB).

While writes are held (`writes_held`, from the start to the window's first paint), new
entries are kept in memory and written by `release_writes`: the first start after an install
or upgrade compiles about 60 entries before its first paint, and writing them (through
pathlib, each whole or not at all) was 3% of that start's instructions.

A missing, unreadable, stale or damaged entry is compiled afresh and written again; a folder
that cannot be written (read-only, full disk) only means compiling as Python always does.
An entry is used only for the very source it was made from, so what runs is what the compiler
would have made.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import importlib.util
import marshal
import os
import shutil
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path

try:  # the same function as hashlib's, without loading OpenSSL (3 ms) for it
    from _blake2 import blake2b  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover (a Python built without it)
    from hashlib import blake2b

# What a kept code object depends on: the bytecode format and the optimisation level.
CODE_VERSION = importlib.util.MAGIC_NUMBER + bytes([sys.flags.optimize])
# The file name `exec` gives code it compiles from a string, and so the generated methods.
GENERATED = "<string>"
STALE_DAYS = 30  # another version's folder, not written for this long, is deleted


def kept_code(
    cache_dir: Path,
    source: bytes | str,
    filename: str,
    real_compile: Callable[..., types.CodeType] | None = None,
) -> types.CodeType:
    """The code of `source`, from the folder when an entry for this very source is there.

    Compiled as `exec` compiles a string and as PySide6's importer compiles its modules: with
    no future flags inherited from this module."""
    data = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
    entry = entry_path(cache_dir, "", CODE_VERSION + filename.encode() + b"\0" + data)
    code = read_entry(entry)
    if isinstance(code, types.CodeType) and code.co_filename == filename:
        return code
    code = (real_compile or builtins.compile)(source, filename, "exec", 0, True)
    write_entry(entry, marshal.dumps(code))
    return code


@contextlib.contextmanager
def dataclass_code_kept(cache_dir: Path | None) -> Iterator[None]:
    """While open, the methods `dataclasses` writes are compiled once and kept in `cache_dir`.

    `dataclasses` runs the source it writes through the built-in `exec`, found among the
    builtins because the module has no `exec` of its own; for a while, it has this one. Code
    it hands over as a code object, or any other use, goes to the built-in unchanged. Opened
    when one is open already (or with no folder), it does nothing."""
    if cache_dir is None or "exec" in vars(dataclasses):
        yield
        return

    def exec_kept(source, globals=None, locals=None, /):  # type: ignore[no-untyped-def]
        if isinstance(source, str):
            source = kept_code(cache_dir, source, GENERATED)
        return builtins.exec(source, globals, locals)

    dataclasses.exec = exec_kept  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if vars(dataclasses).get("exec") is exec_kept:
            del dataclasses.exec  # type: ignore[attr-defined]


def versioned_folder(parent: Path, version: str) -> Path:
    """The folder in `parent` for this app version's entries on this Python."""
    return parent / f"{version}-{sys.implementation.cache_tag}"


def prune_other_versions(folder: Path, *, now: float | None = None) -> list[Path]:
    """Delete the folders beside `folder` (other versions') that nothing has been written to
    for `STALE_DAYS`; the ones deleted. A version still in use gets its folder filled again
    by its next start. Anything that cannot be read or deleted is left as it is."""
    cutoff = (time.time() if now is None else now) - STALE_DAYS * 86400
    deleted: list[Path] = []
    try:
        siblings = list(os.scandir(folder.parent))
    except OSError:
        return deleted
    for sibling in siblings:
        try:
            stale = sibling.is_dir(follow_symlinks=False) and sibling.stat().st_mtime < cutoff
        except OSError:
            continue
        if stale and sibling.name != folder.name:
            shutil.rmtree(sibling.path, ignore_errors=True)
            deleted.append(Path(sibling.path))
    return deleted


class _Held:
    """Entries made while writes are held (`hold_writes`); None when written at once."""

    entries: list[tuple[Path, bytes]] | None = None
    lock = threading.Lock()


def hold_writes() -> None:
    """Keep new entries in memory until `release_writes`; what is read is read as before."""
    with _Held.lock:
        if _Held.entries is None:
            _Held.entries = []


def release_writes() -> int:
    """Write the entries held since `hold_writes` (how many), and write new ones at once
    from now on. Harmless when nothing is held."""
    with _Held.lock:
        held, _Held.entries = _Held.entries or [], None
    for entry, data in held:
        write_entry(entry, data)
    return len(held)


@contextlib.contextmanager
def writes_held() -> Iterator[None]:
    """`hold_writes` while open; whatever is still held is written on the way out."""
    hold_writes()
    try:
        yield
    finally:
        release_writes()


def entry_path(cache_dir: Path, prefix: str, key: bytes) -> Path:
    return cache_dir / f"{prefix}{blake2b(key, digest_size=20).hexdigest()}.bin"


def read_entry(entry: Path) -> object:
    try:
        return marshal.loads(entry.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write_entry(entry: Path, data: bytes) -> None:
    """Write the entry whole or not at all: another start, or thread, may be reading it.
    While writes are held, it is kept for `release_writes` instead."""
    with _Held.lock:
        if _Held.entries is not None:
            _Held.entries.append((entry, data))
            return
    temporary = entry.with_name(f"{entry.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        temporary.replace(entry)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
