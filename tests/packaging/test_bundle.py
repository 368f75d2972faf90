"""The standalone bundle: packaging/build.sh builds it, the frozen app comes up and stops
cleanly, finds its resources, keeps matplotlib's font cache, and carries only the Qt it uses.

One build (about 20–60 s) serves every test in this module.
"""

from __future__ import annotations

import json
import marshal
import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import CodeType

import pytest

from backtracker import __version__

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="packaging/build.sh builds the Linux bundle"
    ),
]

ROOT = Path(__file__).resolve().parents[2]
# Qt modules the app does not use; none of their libraries, plugins or QML may be bundled.
UNUSED_QT = re.compile(
    r"Qt6?(WebEngine|WebView|Qml|Quick|Pdf|3D|Multimedia|Bluetooth|Positioning|Location|"
    r"Designer|Charts|DataVisualization|Graphs)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Build:
    bundle: Path
    seconds: float
    output: str

    @property
    def executable(self) -> Path:
        return self.bundle / "backtracker"

    @property
    def internal(self) -> Path:
        return self.bundle / "_internal"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("bundle")
    home = base / "home"  # PyInstaller and matplotlib keep caches under HOME: not the real one
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "BACKTRACKER_BUILD_WORK_DIR": str(base / "work"),
    }
    started = time.monotonic()
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), str(base / "dist")],
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    return Build(base / "dist" / "backtracker", seconds, result.stdout)


def _wait_for(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _run_frozen_until_shown(build: Build, data: Path, **extra_env: str) -> float:
    """Start the frozen app offscreen, wait for its window, stop it with SIGTERM.

    Returns the seconds from start to the window being shown.
    """
    # An earlier in-process test may have built the Progress tab, which sets MPLCONFIGDIR
    # in this process; a person starting the bundle has none unless they chose one.
    inherited = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"}
    env = {**inherited, "QT_QPA_PLATFORM": "offscreen", **extra_env}
    started = time.monotonic()
    process = subprocess.Popen(
        [str(build.executable), "--data-dir", str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = data / "backtracker.log"
    try:
        came_up = _wait_for(
            lambda: log.exists() and "Main window shown" in log.read_text(), timeout=60
        )
        shown_after = time.monotonic() - started
        assert came_up, process.stderr.read() if process.poll() is not None else "timed out"
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    return shown_after


def test_build_script_reports_where_the_bundle_is_and_its_size(build: Build):
    assert build.executable.is_file()
    assert os.access(build.executable, os.X_OK)
    size_line = build.output.strip().splitlines()[-1]
    assert re.fullmatch(rf"\d+(\.\d+)?[KMG]\s+{re.escape(str(build.bundle))}", size_line)
    print(f"\nbundle built in {build.seconds:.0f} s: {size_line}")


def test_frozen_app_comes_up_finds_its_resources_and_stops_cleanly(build: Build, tmp_path: Path):
    data = tmp_path / "profile"
    shown_after = _run_frozen_until_shown(build, data)
    print(f"\nfrozen app showed its window {shown_after:.2f} s after start")

    # The catalogue comes from <bundle>/_internal/resources (the frozen branch of resources.py).
    with sqlite3.connect(data / "backtracker.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM exercise").fetchone()[0] >= 40
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert "geometry" in (data / "window-state.ini").read_text()


def test_frozen_app_keeps_matplotlib_cache_in_a_private_per_user_folder(
    build: Build, tmp_path: Path
):
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "BackTracker" / "matplotlib"
    assert not cache.exists()
    _run_frozen_until_shown(build, tmp_path / "profile")
    assert cache.is_dir(), "the runtime hook did not prepare the matplotlib cache folder"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_frozen_app_leaves_a_chosen_mplconfigdir_alone(build: Build, tmp_path: Path):
    chosen = tmp_path / "my-matplotlib"
    _run_frozen_until_shown(build, tmp_path / "profile", MPLCONFIGDIR=str(chosen))
    # The app's own cache folder may hold other things (code_cache.py's kept code).
    assert not (Path(os.environ["XDG_CACHE_HOME"]) / "BackTracker" / "matplotlib").exists()


def _run_frozen(build: Build, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(build.executable), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_frozen_command_line_works(build: Build):
    result = _run_frozen(build, "--version")
    assert result.returncode == 0, result.stderr
    assert __version__ in result.stdout + result.stderr


def test_frozen_app_decodes_heic_photos(build: Build, tmp_path: Path):
    """pi-heif's native libraries made it into the bundle and load."""
    from tests.services.test_photos import HEIC_SAMPLE

    photo = tmp_path / "IMG_0042.HEIC"
    photo.write_bytes(HEIC_SAMPLE)
    data = tmp_path / "profile"

    imported = _run_frozen(build, "photos", "import", str(photo), "--data-dir", str(data))
    assert imported.returncode == 0, imported.stderr
    assert "Imported 1 photo" in imported.stdout
    listed = _run_frozen(build, "photos", "list", "--json", "--data-dir", str(data))
    (entry,) = json.loads(listed.stdout)
    assert (entry["original_name"], entry["width"], entry["height"]) == ("IMG_0042.HEIC", 64, 48)
    assert Path(entry["path"]).is_file()


def _strings(code: CodeType) -> set[str]:
    """Every string constant in a code object and the functions defined in it."""
    found: set[str] = set()
    for const in code.co_consts:
        if isinstance(const, str):
            found.add(const)
        elif isinstance(const, CodeType):
            found |= _strings(const)
    return found


def test_our_runtime_hook_replaces_pyinstallers_temporary_matplotlib_folder(build: Build):
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(build.executable))
    scripts = list(archive.toc)
    assert "pyi_rth_backtracker_mplconfig" in scripts
    assert scripts.index("pyi_rth_backtracker_mplconfig") < scripts.index("launcher")
    # PyInstaller's hook (pyi_rth_mplconfig) would point MPLCONFIGDIR at a new temporary
    # folder on every start. No script run at start other than ours may touch MPLCONFIGDIR.
    touching = [
        name
        for name, entry in archive.toc.items()
        if entry[-1] == "s" and "MPLCONFIGDIR" in _strings(marshal.loads(archive.extract(name)))
    ]
    assert touching == ["pyi_rth_backtracker_mplconfig"]

    (pyz_name,) = [name for name in scripts if name.startswith("PYZ")]
    modules = set(archive.open_embedded_archive(pyz_name).toc)
    for needed in (
        "backtracker.app",
        "backtracker.ui.progress.mpl",
        "platformdirs",
        "matplotlib.backends.backend_qtagg",
        # the chart Save button offers PNG, SVG and PDF; matplotlib imports these by name
        "matplotlib.backends.backend_svg",
        "matplotlib.backends.backend_pdf",
    ):
        assert needed in modules, needed
    assert not {m for m in modules if m.split(".")[0] in {"tkinter", "pytest", "PyInstaller"}}


def test_bundle_carries_only_the_qt_the_app_uses(build: Build):
    names = [path.relative_to(build.bundle).as_posix() for path in build.bundle.rglob("*")]
    assert [name for name in names if UNUSED_QT.search(name)] == []
    assert [name for name in names if re.search(r"tkinter|libtk\d|libtcl\d", name)] == []
    assert [name for name in names if "/translations/" in name] == []
    qt = build.internal / "PySide6"
    imported = {
        module
        for source in (ROOT / "backtracker").rglob("*.py")
        for module in re.findall(r"PySide6\.(Qt\w+)", source.read_text(encoding="utf-8"))
    }
    assert {"QtCore", "QtGui", "QtWidgets", "QtSvg"} <= imported  # the icons are SVG
    for module in imported:
        assert (qt / f"{module}.abi3.so").is_file(), f"the app imports PySide6.{module}"
    for needed in (
        "Qt/plugins/platforms/libqxcb.so",
        "Qt/plugins/platforms/libqwayland.so",
        "Qt/plugins/platforms/libqoffscreen.so",
        "Qt/plugins/imageformats/libqsvg.so",
        "Qt/plugins/iconengines/libqsvgicon.so",
    ):
        assert (qt / needed).is_file(), needed


def test_bundle_ships_every_resource_file_unchanged(build: Build):
    source = ROOT / "resources"
    bundled = build.internal / "resources"

    def files(folder: Path) -> set[str]:
        return {
            path.relative_to(folder).as_posix()
            for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }

    assert files(bundled) == files(source)
    for name in files(source):
        assert (bundled / name).read_bytes() == (source / name).read_bytes(), name
