"""Start-up in instructions: the same three programs as `startup_floor.py`, counted by callgrind.

`startup.py` and `startup_floor.py` time the first paint in wall-clock time, and on a shared
2-core machine their runs spread by 100-200 ms around medians of 170-400 ms: a change worth
10 ms cannot be told from noise in a few dozen runs. This script runs each program once (or
`--runs` times) under valgrind's callgrind and prints how many instructions it executed from
process start to its first paint, which is repeatable to about one in 10,000 whatever else
the machine does (two runs of the bare window here: 583,487,409 and 583,487,454).

The programs are those of `startup_floor.py`, on the same profile (five years of training,
1,000 photos): a bare PySide6 window, the Qt-only copy of the app's first window (the floor
under the app's own code), and the app. Each runs as `startup.py` runs it, warm (compiled
bytecode, the app's cache folder filled by a run beforehand), with `PYTHONHASHSEED=0`, and
ends itself the moment it reports its first paint, so neither the run-down nor the work the
app does after the first paint is counted.

Instructions are not time: a program that waits on the disk or misses the CPU's caches takes
longer than its count says, and under valgrind the app's background threads interleave
differently. Read the ratios beside `startup.py`'s, not instead of them.

    python benchmarks/startup_instructions.py [--runs N] [--profile PATH]

Output (millions of instructions, then the ratio to the bare window):
`startup-5y-1000-photos: 1059.0 M instructions (ratio 1.81 x bare-pyside6-window) [1 run]`
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.append(str(ROOT))

from benchmarks.startup import (  # noqa: E402 (after the path is set)
    BACKTRACKER,
    BARE_WINDOW,
    _env,
    build_profile,
    on_profile,
    time_to_window,
)
from benchmarks.startup_floor import QT_ONLY_WINDOW, WINDOW_SIZE  # noqa: E402

REPORT = 'print("shown", flush=True)'
# Reported, then gone at once: what comes after the first paint is not counted.
REPORT_AND_END = REPORT + "; import os as _os; _os._exit(0)"
COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def ending_at_first_paint(script: str) -> str:
    assert REPORT in script, "the programs of startup.py report their first paint this way"
    return script.replace(REPORT, REPORT_AND_END)


def instructions(script: str, *args: str) -> int:
    """Instructions the program executes from its start to its first paint."""
    with tempfile.TemporaryDirectory(prefix="backtracker-callgrind-") as folder:
        result = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={Path(folder) / 'callgrind.out'}",
                sys.executable,
                "-c",
                ending_at_first_paint(script),
                *args,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**_env(), "PYTHONHASHSEED": "0"},
            timeout=900,
            check=False,
        )
    counted = COLLECTED.search(result.stderr)
    if "shown" not in result.stdout or counted is None:
        raise RuntimeError(f"the window did not come up under valgrind:\n{result.stderr[-3000:]}")
    return int(counted.group(1))


def measure(data_dir: Path, runs: int) -> None:
    build_profile(data_dir)
    floor_args = (str(data_dir), str(ROOT / "resources"), *map(str, WINDOW_SIZE))
    programs: dict[str, tuple[str, tuple[str, ...]]] = {
        "bare-pyside6-window": (BARE_WINDOW, ()),
        "qt-only-library-window": (QT_ONLY_WINDOW, floor_args),
        "startup-5y-1000-photos": (BACKTRACKER, (str(data_dir),)),
    }
    for script, args in programs.values():  # warm: bytecode, cache folder, a first start
        time_to_window(script, *args)
    counts: dict[str, list[int]] = {name: [] for name in programs}
    for _ in range(runs):
        for name, (script, args) in programs.items():
            counts[name].append(instructions(script, *args))
    baseline = statistics.median(counts["bare-pyside6-window"])
    for name, values in counts.items():
        median = statistics.median(values)
        spread = "" if runs == 1 else f", {min(values) / 1e6:.1f}-{max(values) / 1e6:.1f} M"
        print(
            f"{name}: {median / 1e6:.1f} M instructions (ratio {median / baseline:.2f} x "
            f"bare-pyside6-window) [{runs} run{'s' if runs > 1 else ''}{spread}]"
        )
    app = statistics.median(counts["startup-5y-1000-photos"])
    floor = statistics.median(counts["qt-only-library-window"])
    print(f"app-over-floor: {(app - floor) / 1e6:.1f} M instructions (ratio {app / floor:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--profile", type=Path, metavar="PATH", help="keep the profile here")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian/Ubuntu: sudo apt-get install valgrind)")
    on_profile(args.profile, lambda data_dir: measure(data_dir, args.runs))


if __name__ == "__main__":
    main()
