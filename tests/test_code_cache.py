"""The methods dataclasses write are compiled once and kept in the cache folder (code_cache.py)."""

from __future__ import annotations

import builtins
import dataclasses
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from backtracker import __version__, code_cache
from backtracker.code_cache import (
    GENERATED,
    STALE_DAYS,
    dataclass_code_kept,
    hold_writes,
    prune_other_versions,
    release_writes,
    versioned_folder,
)

# One source for every class made below: each is written the same way, kept or not.
CLASS_SOURCE = textwrap.dedent(
    """
    from dataclasses import dataclass, field

    @dataclass(frozen=True, order=True)
    class Lift:
        name: str
        weight_kg: float = 20.0
        reps: tuple[int, ...] = ()
        notes: list[str] = field(default_factory=list, compare=False)
    """
)


def make_class() -> type:
    namespace: dict[str, object] = {"__name__": __name__}
    exec(CLASS_SOURCE, namespace)
    lift = namespace["Lift"]
    assert isinstance(lift, type)
    return lift


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The generated sources that reach the real compiler."""
    seen: list[str] = []
    real = builtins.compile

    def counting(source, filename, *args, **kwargs):  # type: ignore[no-untyped-def]
        if filename == GENERATED:
            seen.append(source)
        return real(source, filename, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", counting)
    return seen


def behaviour(lift: type) -> tuple[object, ...]:
    a, b = lift("row", 30.0, (8, 8), ["slow"]), lift("row", 30.0, (8, 8))
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.name = "curl"
    return (
        repr(a),
        a == b,
        hash(a) == hash(b),
        lift("pull") < lift("row"),
        lift("x").weight_kg,
        lift("x").reps,
        lift("x").notes == [] and lift("x").notes is not lift("x").notes,
        [f.name for f in dataclasses.fields(lift)],
    )


def test_the_methods_are_compiled_once_and_then_read_back(tmp_path: Path, compiled):
    with dataclass_code_kept(tmp_path):
        first = make_class()
    made = len(compiled)
    assert made >= 4  # __init__, __repr__, __eq__, the order and frozen methods
    entries = sorted(tmp_path.iterdir())
    assert len(entries) == made

    with dataclass_code_kept(tmp_path):
        second = make_class()
    assert len(compiled) == made  # nothing compiled the second time
    assert sorted(tmp_path.iterdir()) == entries
    assert behaviour(second) == behaviour(first) == behaviour(make_class())
    assert repr(second("row")) == "Lift(name='row', weight_kg=20.0, reps=(), notes=[])"


@pytest.fixture
def released():
    """Whatever a test holds is released (and written) when it ends."""
    yield
    release_writes()


def test_entries_made_while_held_are_written_on_release(tmp_path: Path, compiled, released):
    hold_writes()
    with dataclass_code_kept(tmp_path):
        first = make_class()
    made = len(compiled)
    assert made >= 4
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []  # nothing written yet
    hold_writes()  # held already: what is held stays held
    assert release_writes() == made
    assert len(list(tmp_path.iterdir())) == made
    assert release_writes() == 0  # nothing more held, and writes go straight to the folder

    with dataclass_code_kept(tmp_path):
        second = make_class()
    assert len(compiled) == made  # read back, not compiled
    assert behaviour(second) == behaviour(first)
    other = tmp_path / "other"
    with dataclass_code_kept(other):
        make_class()
    assert len(list(other.iterdir())) == made  # written at once once released


def test_it_is_in_place_only_while_open(tmp_path: Path):
    assert "exec" not in vars(dataclasses)
    with dataclass_code_kept(tmp_path):
        kept = vars(dataclasses)["exec"]
        with dataclass_code_kept(tmp_path / "other"):  # already open: nothing more
            assert vars(dataclasses)["exec"] is kept
        assert vars(dataclasses)["exec"] is kept
        make_class()
    assert "exec" not in vars(dataclasses)
    assert not (tmp_path / "other").exists()
    with dataclass_code_kept(None):
        assert "exec" not in vars(dataclasses)


def test_damaged_and_foreign_entries_are_compiled_afresh(tmp_path: Path, compiled):
    with dataclass_code_kept(tmp_path):
        make_class()
    made = len(compiled)
    entries = sorted(tmp_path.iterdir())
    entries[0].write_bytes(b"\x00 not marshal data")
    entries[1].write_bytes(b"")
    # A code object, but not from this source's file name: never run in its place.
    entries[2].write_bytes(code_cache.marshal.dumps(compile("x = 1", "elsewhere.py", "exec")))

    with dataclass_code_kept(tmp_path):
        lift = make_class()
    assert len(compiled) == made + 3
    assert behaviour(lift) == behaviour(make_class())
    with dataclass_code_kept(tmp_path):  # the three were written again
        make_class()
    assert len(compiled) == made + 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_a_folder_that_cannot_be_written_only_means_compiling(tmp_path: Path, compiled):
    folder = tmp_path / "kept"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with dataclass_code_kept(folder):
            lift = make_class()
    finally:
        folder.chmod(0o700)
    assert behaviour(lift) == behaviour(make_class())
    assert list(folder.iterdir()) == []


def test_a_file_in_the_folders_place_only_means_compiling(tmp_path: Path, compiled):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    with dataclass_code_kept(blocked / "kept"):
        lift = make_class()
    assert compiled
    assert behaviour(lift) == behaviour(make_class())


def test_the_app_keeps_its_dataclasses_code_from_the_first_run_on(tmp_path: Path):
    """In a fresh process, as a command or a start runs: `main` keeps the code of the
    dataclasses it loads, and the second run compiles none of them."""
    probe = textwrap.dedent(
        """
        import builtins
        from backtracker.app import main
        real = builtins.compile
        generated = []
        def counting(source, filename, mode, *args, **kwargs):
            if filename == "<string>" and mode == "exec":  # not typing's "eval" of names
                generated.append(source)
            return real(source, filename, mode, *args, **kwargs)
        builtins.compile = counting
        try:
            main(["export", "--help"])  # its parser loads the commands' modules
        except SystemExit:
            pass
        print(len(generated))
        """
    )
    cache = tmp_path / "cache"
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(cache),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
        )
        for _ in range(2)
    ]
    first, second = (int(run.stdout.strip().splitlines()[-1]) for run in runs)
    (folder,) = (cache / "BackTracker" / "dataclass-code").iterdir()  # this version's
    assert folder.name == f"{__version__}-{sys.implementation.cache_tag}"
    kept = list(folder.iterdir())
    assert first > 0 and len(kept) > 0
    assert second == 0


def test_other_versions_folders_go_once_stale(tmp_path: Path):
    parent = tmp_path / "dataclass-code"
    current = versioned_folder(parent, "2.0.0")
    older, recent = parent / "1.0.0-x", parent / "1.9.0-x"
    for folder in (older, recent, current):
        folder.mkdir(parents=True)
        (folder / "entry.bin").write_bytes(b"kept")
    (parent / "stray.txt").write_text("not a folder")
    now = 1_800_000_000.0
    long_ago = now - (STALE_DAYS + 1) * 86400
    for path in (older, current, parent / "stray.txt"):  # this version's stays, however old
        os.utime(path, (long_ago, long_ago))
    os.utime(recent, (now - 86400, now - 86400))

    assert prune_other_versions(current, now=now) == [older]
    assert sorted(p.name for p in parent.iterdir()) == sorted(
        [recent.name, current.name, "stray.txt"]
    )
    assert (current / "entry.bin").read_bytes() == b"kept"
    assert prune_other_versions(tmp_path / "missing" / "1.0", now=now) == []


def test_the_app_prunes_stale_folders_on_the_way_out(tmp_path: Path, monkeypatch):
    from backtracker import app

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parent = app.dataclass_code_folder().parent
    stale = parent / "0.0.1-cpython-00"
    stale.mkdir(parents=True)
    long_ago = 1_000_000_000
    os.utime(stale, (long_ago, long_ago))
    with pytest.raises(SystemExit):
        app.main(["--version"])
    assert not stale.exists()
