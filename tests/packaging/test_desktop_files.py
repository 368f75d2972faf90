"""The Linux desktop entry and AppStream metainfo pass the freedesktop validators and agree
with the app: the same id, the icon files the entry names, the binary the bundle builds."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from backtracker import APP_ID

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
APP_ICONS = ROOT / "resources" / "icons" / "app"
SPEC = ROOT / "packaging" / "backtracker.spec"

# Pedantic AppStream hints we accept, and why.
ACCEPTED_PEDANTIC_HINTS = {
    # The id is the app's desktop file name and Wayland app id (APP_ID); reverse-DNS ids with
    # a capitalised last part are the common form (org.gnome.TextEditor).
    "cid-contains-uppercase-letter",
}
ISSUE_LINE = re.compile(r"^([EWIP]): (\S+?): (\S+)")


def _tool(command: str, package: str) -> str:
    path = shutil.which(command)
    if path is None:
        pytest.fail(
            f"{command} is not installed. Run scripts/setup.sh test, which installs the "
            f"Debian package {package} (CI does the same)."
        )
    return path


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _appstream_issues(metainfo: Path) -> tuple[int, list[tuple[str, str]], str]:
    """Run appstreamcli; return its exit code, the (severity, tag) pairs and the raw output."""
    result = subprocess.run(
        [
            _tool("appstreamcli", "appstream"),
            "validate",
            "--no-net",
            "--pedantic",
            "--strict",
            str(metainfo),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = result.stdout + result.stderr
    issues = [m.group(1, 3) for line in output.splitlines() if (m := ISSUE_LINE.match(line))]
    return result.returncode, issues, output


def test_desktop_entry_passes_desktop_file_validate_without_hints():
    result = subprocess.run(
        [_tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, report
    assert report == "", f"desktop-file-validate has remarks:\n{report}"


def test_desktop_file_validate_catches_a_broken_entry(tmp_path: Path):
    broken = tmp_path / DESKTOP.name
    text = DESKTOP.read_text(encoding="utf-8").replace("Type=Application\n", "")
    broken.write_text(text.replace("Categories=", "Categories=NotACategory;"), encoding="utf-8")
    result = subprocess.run(
        [_tool("desktop-file-validate", "desktop-file-utils"), str(broken)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "Type" in result.stdout


def test_metainfo_passes_appstreamcli_validate():
    code, issues, output = _appstream_issues(METAINFO)
    assert code == 0, output
    unexpected = [
        (severity, tag)
        for severity, tag in issues
        if severity != "P" or tag not in ACCEPTED_PEDANTIC_HINTS
    ]
    assert unexpected == [], output


def test_appstream_check_catches_a_broken_metainfo(tmp_path: Path):
    broken = tmp_path / METAINFO.name
    text = METAINFO.read_text(encoding="utf-8")
    broken.write_text(re.sub(r"<summary>.*?</summary>", "", text), encoding="utf-8")
    code, issues, output = _appstream_issues(broken)
    assert code != 0, output
    assert ("E", "component-summary-missing") in issues, output


def test_desktop_entry_metainfo_and_app_share_one_id():
    entry = _desktop_entry()
    component = ET.parse(METAINFO).getroot()
    assert DESKTOP.stem == APP_ID
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert entry["Icon"] == APP_ID, "the icons are installed under the app id (see README)"
    assert entry["Name"] == component.findtext("name")
    categories = {c.text for c in component.iterfind("categories/category")}
    assert categories == set(filter(None, entry["Categories"].split(";")))


def test_exec_and_provided_binary_are_the_bundle_executable():
    entry = _desktop_entry()
    component = ET.parse(METAINFO).getroot()
    built_name = re.search(r'EXE\((?s:.*?)\bname="([^"]+)"', SPEC.read_text(encoding="utf-8"))
    assert built_name is not None, "packaging/backtracker.spec names no executable"
    assert entry["Exec"].split()[0] == built_name.group(1) == "backtracker"
    assert component.findtext("provides/binary") == built_name.group(1)
    assert entry["StartupWMClass"] == built_name.group(1)  # Qt's WM_CLASS instance name


def test_app_icons_cover_the_hicolor_sizes_the_readme_installs():
    sizes = []
    for png in sorted(APP_ICONS.glob("backtracker-*.png")):
        declared = int(png.stem.rsplit("-", 1)[1])
        with Image.open(png) as image:
            assert image.size == (declared, declared), png.name
        sizes.append(declared)
    # 48 px is the size the hicolor theme requires; software centres want 64 and 128.
    assert {16, 32, 48, 64, 128, 256} <= set(sizes)
    assert (APP_ICONS / "backtracker.svg").read_text(encoding="utf-8").lstrip().startswith("<")
    install_loop = re.search(r"for size in ([\d ]+); do", (LINUX / "README.md").read_text())
    assert install_loop is not None, "packaging/linux/README.md shows no icon install loop"
    assert [int(size) for size in install_loop.group(1).split()] == sorted(sizes)
