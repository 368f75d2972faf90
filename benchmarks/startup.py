"""Start-up time: process start to main window shown, against a bare PySide6 window.

Both are measured the same way in the same run: the parent starts a fresh Python process
and stops the clock when the child reports that its event loop has painted the first
window. Runs alternate between the two to spread machine noise evenly; medians are printed.

    python benchmarks/startup.py [--runs N]

Output: `startup: 0.231 s (ratio 1.42 x bare-pyside6-window)`
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPORT_WHEN_SHOWN = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
_exec = QApplication.exec
def _exec_and_report(*_args):
    def report():
        print("shown", flush=True)
        QApplication.quit()
    QTimer.singleShot(0, report)
    return _exec()
QApplication.exec = _exec_and_report
"""

BARE_WINDOW = (
    REPORT_WHEN_SHOWN
    + """
from PySide6.QtWidgets import QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.exec()
"""
)

BACKTRACKER = (
    REPORT_WHEN_SHOWN
    + """
from backtracker.app import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""
)


def time_to_window(script: str, *args: str) -> float:
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # An installed app has compiled bytecode; measure that, not the compiler.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    if line.strip() != "shown" or process.returncode != 0:
        raise RuntimeError(f"the window did not come up (exit code {process.returncode})")
    return elapsed


def main() -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "compileall",
            "-q",
            str(Path(__file__).parent.parent / "backtracker"),
        ],
        check=True,
    )
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backtracker-bench-") as tmp:
        data_dir = str(Path(tmp) / "profile")
        # First start creates and seeds the profile; later starts are what people live with.
        time_to_window(BACKTRACKER, data_dir)
        time_to_window(BARE_WINDOW)
        bare, app = [], []
        for _ in range(args.runs):
            bare.append(time_to_window(BARE_WINDOW))
            app.append(time_to_window(BACKTRACKER, data_dir))
    baseline, measured = statistics.median(bare), statistics.median(app)
    print(f"bare-pyside6-window: {baseline:.3f} s (ratio 1.00 x bare-pyside6-window)")
    print(f"startup: {measured:.3f} s (ratio {measured / baseline:.2f} x bare-pyside6-window)")


if __name__ == "__main__":
    main()
