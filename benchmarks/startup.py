"""Start-up time: process start to main window painted, against a bare PySide6 window.

The app starts on a lived-in profile: five years of demo training (about 600 workouts and
9,500 sets) and 1,000 imported progress photos besides the demo's own, built once in a
temporary folder. Both programs are
measured the same way in the same run: the parent starts a fresh Python process and stops
the clock when the child reports that its main window has been painted for the first time.
Runs alternate between the two to spread machine noise evenly; medians are printed.

    python benchmarks/startup.py [--runs N] [--cold-runs N] [--profile PATH]

`--profile PATH` keeps the built profile in PATH (built there when missing) so repeated runs
skip building it; by default it lives in a temporary folder deleted afterwards.

Warm runs are what people live with: compiled bytecode in `__pycache__`, files in the OS
cache. Cold runs (`--cold-runs`, 5 by default; 0 skips them) start both programs with an
empty bytecode cache of their own (`-X pycache_prefix=<a new empty folder>`) and an empty
user cache folder, so every Python module they import, the standard library's and PySide6's
included, is compiled from source: the first start after an install that shipped no
bytecode. (Dropping the OS file cache needs root, so it is not what "cold" means here.) They
alternate the same way, on their own lines.

Output (the median, then the spread: lowest to highest):
`startup-5y-1000-photos: 0.123 s (ratio 1.55 x bare-pyside6-window) [0.118-0.131 s]`
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script: appended, so a PYTHONPATH at another checkout decides what is measured.
if __package__ in (None, ""):
    sys.path.append(str(ROOT))

from benchmarks.offscreen import use_offscreen  # noqa: E402 (after the path is set)

WEEKS = 260
PHOTOS = 1000

# The child prints "shown" once its main window has been painted for the first time: a
# one-off event filter on the window (installed when it is shown) sees its first Paint event,
# and a zero timer queued there reports as soon as that paint is over. Qt paints a window and
# all its visible children in one pass, so the Library's content is on screen by then. The
# bare window imports PySide6 first thing anyway; the app must be measured as it really
# starts (its Qt-free core loads before PySide6, which changes what PySide6 costs), so for it
# the hook is put in place when its code imports QtWidgets.
REPORT_WHEN_SHOWN = """
import sys
def _report_when_shown():
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    paint = QEvent.Type.Paint
    class _FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, _report)
            return False
    def _report():
        print("shown", flush=True)
        QApplication.quit()
    _show = QMainWindow.show
    def _show_and_watch(window):
        window._first_paint = _FirstPaint(window)
        window.installEventFilter(window._first_paint)
        _show(window)
    QMainWindow.show = _show_and_watch
"""

HOOK_NOW = """
_report_when_shown()
"""

HOOK_ON_IMPORT = """
import importlib.util
class _HookQtWidgets:  # a meta path finder that only watches for QtWidgets
    def find_spec(self, name, path=None, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module
        def exec_module(module):
            load(module)
            _report_when_shown()
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, _HookQtWidgets())
"""

BARE_WINDOW = (
    REPORT_WHEN_SHOWN
    + HOOK_NOW
    + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.exec()
"""
)

BACKTRACKER = (
    REPORT_WHEN_SHOWN
    + HOOK_ON_IMPORT
    + """
from backtracker.app import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""
)

# Distinct small JPEGs: one pixel differs, so every file has its own content hash.
MAKE_PHOTOS = """
import sys
from pathlib import Path
from PIL import Image
folder, count = Path(sys.argv[1]), int(sys.argv[2])
folder.mkdir(parents=True, exist_ok=True)
for i in range(count):
    image = Image.new("RGB", (64, 96), (120, 110, 100))
    image.putpixel((i % 64, (i // 64) % 96), (i % 256, (i * 7) % 256, (i * 13) % 256))
    image.save(folder / f"photo-{i:04d}.jpg", quality=95)
"""


def _run(*args: str) -> None:
    subprocess.run(
        [sys.executable, *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=_env()
    )


def _env() -> dict[str, str]:
    env = {**os.environ}
    use_offscreen(env)
    # An installed app has compiled bytecode; measure that, not the compiler.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def build_profile(data_dir: Path) -> None:
    """Five years of training and 1,000 photos, through the app's own commands."""
    if (data_dir / "backtracker.sqlite3").exists():
        return
    print(f"Building the profile in {data_dir}…", file=sys.stderr)
    _run("-m", "backtracker", "demo", "--data-dir", str(data_dir), "--weeks", str(WEEKS))
    with tempfile.TemporaryDirectory(prefix="backtracker-bench-photos-") as pictures:
        _run("-c", MAKE_PHOTOS, pictures, str(PHOTOS))
        _run("-m", "backtracker", "photos", "--data-dir", str(data_dir), "import", pictures)


def time_to_window(script: str, *args: str, cold: bool = False) -> float:
    if cold:
        # No compiled code of any kind: an empty bytecode cache, and an empty cache folder
        # for the app's own kept code (PySide6's support, see `ui/qt_bytecode.py`).
        with tempfile.TemporaryDirectory(prefix="backtracker-bench-pycache-") as cache:
            fresh = {"XDG_CACHE_HOME": str(Path(cache) / "user-cache")}
            return _time_to_window(["-X", f"pycache_prefix={cache}"], script, *args, **fresh)
    return _time_to_window([], script, *args)


def _time_to_window(options: list[str], script: str, *args: str, **env: str) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *options, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,  # the offscreen platform's chatter; shown if the run fails
        text=True,
        env={**_env(), **env},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    try:
        _, errors = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    if line.strip() != "shown" or process.returncode != 0:
        raise RuntimeError(
            f"the window did not come up (exit code {process.returncode}):\n{errors}"
        )
    return elapsed


def measure(data_dir: Path, runs: int, cold_runs: int) -> None:
    build_profile(data_dir)
    # The first start may migrate or back up; later starts are what people live with.
    time_to_window(BACKTRACKER, str(data_dir))
    time_to_window(BARE_WINDOW)
    _alternate(data_dir, runs, cold=False, suffix="")
    if cold_runs:
        _alternate(data_dir, cold_runs, cold=True, suffix="-cold")
    print(f"load average: {_load_average()}")


def _alternate(data_dir: Path, runs: int, *, cold: bool, suffix: str) -> None:
    bare, app = [], []
    for _ in range(runs):
        bare.append(time_to_window(BARE_WINDOW, cold=cold))
        app.append(time_to_window(BACKTRACKER, str(data_dir), cold=cold))
    baseline = statistics.median(bare)
    for name, times in (
        (f"bare-pyside6-window{suffix}", bare),
        (f"startup-5y-1000-photos{suffix}", app),
    ):
        median = statistics.median(times)
        print(
            f"{name}: {median:.3f} s (ratio {median / baseline:.2f} x bare-pyside6-window"
            f"{suffix}) [{min(times):.3f}-{max(times):.3f} s, {runs} runs]"
        )


def _load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cold-runs", type=int, default=5, metavar="N")
    parser.add_argument("--profile", type=Path, metavar="PATH", help="keep the profile here")
    args = parser.parse_args()
    on_profile(args.profile, lambda data_dir: measure(data_dir, args.runs, args.cold_runs))


def on_profile(kept: Path | None, measure: Callable[[Path], None]) -> None:
    """Compile the tree (an installed app has its bytecode), then `measure(profile)`: the
    profile kept at `kept` (built there when missing), else one in a folder deleted after."""
    _run("-m", "compileall", "-q", str(ROOT / "backtracker"))
    if kept is not None:
        measure(kept.resolve())
        return
    with tempfile.TemporaryDirectory(prefix="backtracker-bench-") as tmp:
        measure(Path(tmp) / "profile")


if __name__ == "__main__":
    main()
