"""`backtracker photos align` and the `align` key of `photos list --json`, run as a person
would, in a subprocess."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from PIL import Image

from backtracker.domain.photo_align import Similarity
from backtracker.services.photo_registration import METHOD
from tests.services.test_photo_registration_accuracy import (
    Camera,
    draw_person,
    draw_room,
    photograph,
)
from tests.test_cli_photos import run_photos
from tests.test_single_writer import hold, state

CAMERAS = {
    "early": Camera(),
    "middle": Camera(0.05, -0.03, 1.1, 2.5),
    "late": Camera(-0.04, 0.04, 0.88, -2.0),
}
DATES = {"early": "2025:02:01", "middle": "2025:06:01", "late": "2025:11:01"}
ALIGN_KEYS = {"reference", "dx", "dy", "scale", "rotation_deg", "confidence", "method"}


def make_photos(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    room = draw_room(8)
    paths = []
    for broad, name in enumerate(CAMERAS):
        exif = Image.Exif()
        exif[0x8769] = {0x9003: f"{DATES[name]} 07:00:00"}
        path = folder / f"{name}.jpg"
        photo = photograph(draw_person(room, broad=broad / 2), CAMERAS[name])
        photo.save(path, quality=90, exif=exif.tobytes())
        paths.append(path)
    return paths


def listed(data: Path) -> dict[str, dict]:
    result = run_photos("list", "--json", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    return {Path(row["original_name"]).stem: row for row in json.loads(result.stdout)}


def near(align: dict, wanted: Similarity) -> bool:
    """Within 1 % of the height at the corners of a 3:4 photo."""
    found = Similarity(align["dx"], align["dy"], align["scale"], align["rotation_deg"])
    corners = [(-0.375, -0.5), (0.375, -0.5), (0.375, 0.5), (-0.375, 0.5)]
    return all(math.dist(found.apply(p), wanted.apply(p)) <= 0.01 for p in corners)


def truth(name: str, reference: str) -> Similarity:
    return CAMERAS[name].view.then(CAMERAS[reference].view.inverse())


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """A profile with the three photos imported (aligned by the import), to copy per test."""
    root = tmp_path_factory.mktemp("aligned")
    data = root / "data"
    make_photos(root / "camera")
    result = run_photos("import", str(root / "camera"), "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    (root / "import.txt").write_text(result.stdout)
    return data


@pytest.fixture
def data(imported: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(imported, copy)
    return copy


def test_import_aligns_and_list_json_shows_it(data):
    rows = listed(data)

    early, middle, late = rows["early"], rows["middle"], rows["late"]
    assert early["align"] == {
        "reference": early["id"],
        "dx": 0.0,
        "dy": 0.0,
        "scale": 1.0,
        "rotation_deg": 0.0,
        "confidence": 1.0,
        "method": METHOD,
    }
    for name, row in (("middle", middle), ("late", late)):
        assert set(row["align"]) == ALIGN_KEYS
        assert row["align"]["reference"] == early["id"]
        assert row["align"]["method"] == METHOD
        assert row["align"]["confidence"] >= 0.5
        assert near(row["align"], truth(name, "early")), row["align"]


def test_import_says_how_the_photos_were_lined_up(imported):
    said = (imported.parent / "import.txt").read_text().splitlines()

    assert said == [
        "Imported 3 photos, 0 duplicates, 0 refused.",
        "Lined up with back reference photo 1: 2 photos aligned, 0 failed.",
    ]


def test_a_photo_that_cannot_be_aligned_is_named_and_lists_align_null(tmp_path):
    data = tmp_path / "data"
    early = make_photos(tmp_path / "camera")[0]  # the reference (the earliest date)
    blank = tmp_path / "blank.jpg"
    Image.new("RGB", (300, 400), (90, 90, 90)).save(blank)

    result = run_photos("import", str(early), str(blank), "--data-dir", str(data))

    assert result.returncode == 0, result.stderr
    rows = listed(data)
    assert rows["early"]["align"]["scale"] == 1.0
    assert rows["blank"]["align"] is None
    assert result.stdout.splitlines()[1:] == [
        f"Lined up with back reference photo {rows['early']['id']}: 0 photos aligned, 1 failed.",
        f"  not aligned {rows['blank']['id']}: The photo is blank or nearly so: there is no "
        "detail to line it up by.",
    ]


def test_align_prints_a_line_per_photo_and_a_summary(data):
    rows = listed(data)

    result = run_photos("align", "--pose", "back", "--data-dir", str(data))

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"back: reference photo {rows['early']['id']}"
    assert lines[1].split() == [str(rows["early"]["id"]), "2025-02-01", "reference", "(itself:",
                                "dx", "0,", "dy", "0,", "scale", "1,", "rotation", "0°,",
                                "confidence", "1)"]  # fmt: skip
    middle = lines[2].split()
    assert middle[:3] == [str(rows["middle"]["id"]), "2025-06-01", "aligned"]
    assert middle[3:5] == ["dx", f"{rows['middle']['align']['dx']:+.4f}"]
    assert "confidence" in middle
    assert lines[-1].strip() == "2 photos aligned, 0 failed."


def test_a_picked_reference_is_used_and_remembered(data):
    rows = listed(data)
    middle = rows["middle"]["id"]

    result = run_photos("align", "--reference", str(middle), "--data-dir", str(data))

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"back: reference photo {middle}"
    after = listed(data)
    assert after["middle"]["align"]["reference"] == middle
    assert after["middle"]["align"]["scale"] == 1.0
    for name in ("early", "late"):
        assert after[name]["align"]["reference"] == middle
        assert near(after[name]["align"], truth(name, "middle")), name
    again = run_photos("align", "--data-dir", str(data))  # no --reference: still the picked one
    assert again.stdout.splitlines()[0] == f"back: reference photo {middle}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--reference", "999"), "There is no photo 999;"),
        (("--pose", "side", "--reference", "1"), "Photo 1 is a back photo, not a side one"),
        (("--pose", "front",), "There are no front photos to align"),
    ],
)  # fmt: skip
def test_bad_requests_say_why_and_change_nothing(data, args, message):
    before = state(data)

    result = run_photos("align", *args, "--data-dir", str(data))

    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert state(data) == before


def test_bad_arguments_and_a_missing_profile(tmp_path):
    wrong = run_photos("align", "--reference", "first", "--data-dir", str(tmp_path / "x"))
    assert wrong.returncode == 2 and "give a photo's id" in wrong.stderr

    missing = run_photos("align", "--data-dir", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert not (tmp_path / "nowhere").exists()


def test_align_waits_for_the_profile_like_every_writing_command(data):
    holder = hold(data, 120)
    try:
        before = state(data)
        result = run_photos("align", "--data-dir", str(data))
        assert result.returncode == 2
        assert f"BackTracker is open on this profile (pid {holder.pid})" in result.stderr
        assert state(data) == before
        assert run_photos("list", "--json", "--data-dir", str(data)).returncode == 0
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_help_names_align():
    result = run_photos("--help")
    assert "align" in result.stdout
    detail = run_photos("align", "--help")
    assert "--reference ID" in detail.stdout and "--pose" in detail.stdout
    assert "reference heights" in detail.stdout
