"""resources/ is reachable the same way from the checkout and from an installed wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from backtracker import resources

ROOT = Path(__file__).resolve().parent.parent


def test_checkout_resources_are_found():
    assert resources.read_json("catalogue", "exercises.json")["version"] >= 1
    assert resources.read_bytes("diagram", "body.svg").lstrip().startswith(b"<")
    assert "Sets and reps" in resources.read_text("guide", "training.md")


def _pip(args: list[str], cwd: Path | None = None) -> None:
    """pip with these arguments; on failure, what it said is in the test's message."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", *args], capture_output=True, text=True, cwd=cwd, check=False
    )
    assert done.returncode == 0, (
        f"pip {args[0]} failed:\n{done.stdout[-2000:]}{done.stderr[-4000:]}"
    )


@pytest.mark.slow
def test_installed_wheel_ships_and_reads_resources(tmp_path):
    wheel_dir, target = tmp_path / "wheel", tmp_path / "site"
    _pip(
        [
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(wheel_dir),
            str(ROOT),
        ],
        cwd=tmp_path,
    )
    (wheel,) = wheel_dir.glob("backtracker-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "backtracker/_resources/catalogue/exercises.json",
        "backtracker/_resources/catalogue/muscles.json",
        "backtracker/_resources/diagram/body.svg",
        "backtracker/_resources/icons/search.svg",
        "backtracker/_resources/icons/app/backtracker-256.png",
        "backtracker/_resources/guide/training.md",
    ):
        assert expected in names
    _pip(["install", "--quiet", "--no-deps", "--target", str(target), str(wheel)])
    probe = (
        "from backtracker import resources; "
        "print(resources.root()); "
        "print(resources.read_json('catalogue', 'exercises.json')['version'])"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    root_line, version = result.stdout.split()
    assert str(target) in root_line  # read from the wheel, not from this checkout
    assert int(version) >= 1
