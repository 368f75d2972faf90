"""Hostile backup archives beyond tests/services/test_backup.py: more path tricks, names that
zipfile itself rewrites (NUL), links in every spelling, forged checksums and sizes, and
fuzzed manifests. Each is refused with a BackupError, and the data folder stays
byte-identical (every file hashed before and after)."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtracker.services import backup
from backtracker.services.backup import BackupError
from backtracker.storage import backups as store
from backtracker.storage.database import close_database
from tests.services.test_backup import (
    _extra,
    _good_files,
    _manifest,
    _sha,
    _snapshot,
    _with_manifest,
    _write_zip,
    filled,  # noqa: F401 - the fixture
)

SETTINGS = settings(
    max_examples=60,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def refused_and_unchanged(data_dir: Path, archive: Path, match: str | None = None) -> BackupError:
    """verify and restore both refuse; nothing in or beside the data folder changed."""
    close_database()
    before = _snapshot(data_dir)
    beside = sorted(p.name for p in data_dir.parent.iterdir())
    with pytest.raises(BackupError, match=match) as refused:
        backup.verify_backup(archive)
    with pytest.raises(BackupError, match=match):
        backup.restore_backup(archive, data_dir=data_dir)
    assert _snapshot(data_dir) == before
    assert sorted(p.name for p in data_dir.parent.iterdir()) == beside
    message = str(refused.value)
    assert str(archive) in message and "Traceback" not in message
    return refused.value


TRAVERSALS = [
    "photos/../../../../etc/passwd",
    "photos/sub/../../../evil.jpg",
    "photos/..",
    "photos/../backtracker.sqlite3",
    "./photos/a.jpg",
    "photos//a.jpg",
    "//server/share/evil.jpg",
    "/etc/cron.d/evil",
    "/photos/a.jpg",
    "C:\\Windows\\evil.jpg",
    "c:evil.jpg",
    "\\\\server\\share\\evil.jpg",
    "photos\\a.jpg",
    "photos/a.jpg:Zone.Identifier",
    "photos/a\x7f.jpg",
    "photos/a\n.jpg",
    "~/evil.jpg",
    "photos",  # a file where the photos folder must be
]


@pytest.mark.parametrize("name", TRAVERSALS, ids=repr)
def test_path_tricks_are_refused(filled, tmp_path, name):  # noqa: F811
    files = _good_files(filled, tmp_path)
    archive = _write_zip(tmp_path / "trick.zip", _extra(name, b"escaped")(files))
    refused_and_unchanged(filled.data_dir, archive, "was refused")
    assert not Path("/etc/cron.d/evil").exists()


def _rename_in_headers(archive: Path, old: bytes, new: bytes) -> None:
    """Rename an entry in its local and central headers (same length), as a forger would."""
    assert len(old) == len(new)
    data = archive.read_bytes()
    assert data.count(old) >= 2
    archive.write_bytes(data.replace(old, new))


@pytest.mark.parametrize(
    "forged",
    [b"photos/x\x00/../../evil.jpg", b"photos/x.jpg\x00.exe.sh...", b"\x00hotos/xyz/evil.jpg.."],
    ids=["nul-then-parent", "nul-extension", "leading-nul"],
)
def test_a_nul_in_a_name_is_refused_not_cut_short(filled, tmp_path, forged):  # noqa: F811
    """zipfile cuts a name at NUL; the archive is judged by the name it really stores."""
    placeholder = b"photos/" + b"p" * (len(forged) - 7)
    truncated = forged.split(b"\x00")[0].decode()
    files = _good_files(filled, tmp_path)
    body = b"payload"
    # The manifest lists the cut-short name, so only the NUL check can catch it.
    listed = {**files, truncated: body} if truncated else files
    entries = [*files.items(), (placeholder.decode(), body), ("manifest.json", _manifest(listed))]
    archive = _write_zip(tmp_path / "nul.zip", entries)
    _rename_in_headers(archive, placeholder, forged)

    error = refused_and_unchanged(filled.data_dir, archive)
    assert "control characters" in str(error) or "not a zip" in str(error)


def _link(name: str, *, system: int, kind: int = stat.S_IFLNK) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (kind | 0o777) << 16
    info.create_system = system
    return info


@pytest.mark.parametrize(
    ("info", "target"),
    [
        (_link("photos/link.jpg", system=3), b"/etc/passwd"),
        (_link("photos/link.jpg", system=0), b"../../../etc/shadow"),  # claims MS-DOS
        (_link("photos/dir/", system=3), b"/"),  # a folder that is a link
        (_link("backtracker.sqlite3", system=3), b"/home/someone/other.sqlite3"),
        (_link("photos/blockdev.jpg", system=3, kind=stat.S_IFBLK), b""),
        (_link("photos/sock.jpg", system=3, kind=stat.S_IFSOCK), b""),
    ],
    ids=["unix", "dos-with-link-bits", "folder-link", "database-link", "block-device", "socket"],
)
def test_links_and_devices_are_refused(filled, tmp_path, info, target):  # noqa: F811
    files = _good_files(filled, tmp_path)
    if info.filename == "backtracker.sqlite3":
        entries = [(n, b) for n, b in files.items() if n != info.filename]
        listed = {**files, info.filename: target}
        entries += [(info, target), ("manifest.json", _manifest(listed))]
    else:
        entries = _extra(info, target)(files)
    archive = _write_zip(tmp_path / "link.zip", entries)
    error = refused_and_unchanged(filled.data_dir, archive)
    assert "symbolic link" in str(error) or "not a plain file" in str(error)


def _manifest_with(files: dict[str, bytes], name: str, **entry: Any) -> bytes:
    data = json.loads(_manifest(files))
    data["files"][name].update(entry)
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"sha256": "0" * 64}, "checksum of “photos/a1.jpg” does not match"),
        ({"sha256": "A" * 64}, "not a SHA-256"),
        ({"sha256": "abc"}, "not a SHA-256"),
        ({"sha256": None}, "not a SHA-256"),
        ({"sha256": ["0" * 64]}, "not a SHA-256"),
        ({"size": -1}, "not a whole number"),
        ({"size": 1.5}, "not a whole number"),
        ({"size": True}, "not a whole number"),
        ({"size": "12"}, "not a whole number"),
        ({"size": 10**30}, "but the manifest says"),  # a huge declared size
        ({"size": 2**63}, "but the manifest says"),
    ],
    ids=repr,
)
def test_forged_checksums_and_sizes_are_refused(filled, tmp_path, change, match):  # noqa: F811
    files = _good_files(filled, tmp_path)
    manifest = _manifest_with(files, "photos/a1.jpg", **change)
    archive = _write_zip(tmp_path / "forged.zip", [*files.items(), ("manifest.json", manifest)])
    refused_and_unchanged(filled.data_dir, archive, match)


def test_the_database_checksum_is_checked_too(filled, tmp_path):  # noqa: F811
    files = _good_files(filled, tmp_path)
    data = bytearray(files["backtracker.sqlite3"])
    data[-1] ^= 0xFF  # one bit of free space flipped: still a sound SQLite file
    entries = [
        *{**files, "backtracker.sqlite3": bytes(data)}.items(),
        ("manifest.json", _manifest(files)),
    ]
    archive = _write_zip(tmp_path / "db.zip", entries)
    refused_and_unchanged(filled.data_dir, archive, "checksum of “backtracker.sqlite3”")


def test_a_huge_declared_size_in_the_zip_header_is_refused_before_reading(
    filled,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    """A header that claims more than the limit is refused without extracting a byte."""
    files = _good_files(filled, tmp_path)
    archive = _write_zip(tmp_path / "claims.zip", _with_manifest(files))
    monkeypatch.setattr(store, "MAX_FILE_BYTES", 1000)
    refused_and_unchanged(filled.data_dir, archive, "would be")


@pytest.mark.parametrize(
    ("manifest", "match"),
    [
        (b"[" * 100_000, "nested too deeply"),
        (b'{"format": ' + b"1" * 5000 + b"}", "not valid JSON"),
        (b'{"format": 1e400}', "incomplete or damaged"),
        (b'{"format": NaN}', "incomplete or damaged"),
        (b"\xef\xbb\xbf{}", "not valid JSON"),  # a BOM
        (b"\xff\xfe{\x00}\x00", "not valid JSON"),  # UTF-16
        (b'"just a string"', "incomplete or damaged"),
        (b"null", "incomplete or damaged"),
        (b"[]", "incomplete or damaged"),
    ],
    ids=[
        "deep-nesting",
        "huge-integer",
        "infinity",
        "nan",
        "bom",
        "utf16",
        "string",
        "null",
        "list",
    ],
)
def test_manifests_that_break_the_parser_are_refused(filled, tmp_path, manifest, match):  # noqa: F811
    files = _good_files(filled, tmp_path)
    archive = _write_zip(tmp_path / "m.zip", [*files.items(), ("manifest.json", manifest)])
    refused_and_unchanged(filled.data_dir, archive, match)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
KEYS = ("format", "app_version", "schema_version", "created_at", "files")


@st.composite
def mutated_manifest(draw: st.DrawFn, files: dict[str, bytes]) -> bytes:
    """A real manifest with a few keys dropped, retyped or replaced by random JSON."""
    data: Any = json.loads(_manifest(files))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["drop", "replace", "entry", "whole", "raw"]))
        if kind == "whole":
            data = draw(JSON)
            continue
        if not isinstance(data, dict):
            continue
        if kind == "raw":
            text = json.dumps(data, allow_nan=True)
            at = draw(st.integers(0, len(text)))
            return (text[:at] + draw(st.text(max_size=5)) + text[at:]).encode("utf-8", "replace")
        key = draw(st.sampled_from(KEYS))
        if kind == "drop":
            data.pop(key, None)
        elif kind == "replace":
            data[key] = draw(JSON)
        elif isinstance(data.get("files"), dict) and data["files"]:
            name = draw(st.sampled_from(sorted(data["files"])))
            data["files"][name] = draw(JSON | st.fixed_dictionaries({"sha256": JSON, "size": JSON}))
    return json.dumps(data, allow_nan=True).encode()


@SETTINGS
@given(data=st.data())
def test_fuzzed_manifests_are_refused_cleanly(filled, tmp_path, data):  # noqa: F811
    """Whatever the manifest says, the answer is a BackupError or a sound archive; a refused
    one leaves the profile as it was."""
    files = _good_files_cached(filled, tmp_path)
    manifest = data.draw(mutated_manifest(files))
    archive = _write_zip(tmp_path / "fuzz.zip", [*files.items(), ("manifest.json", manifest)])
    try:
        backup.verify_backup(archive)
    except BackupError as error:
        assert "was refused" in str(error)
        if data.draw(st.integers(0, 4)) == 0:  # restoring is slower: a sample of them
            refused_and_unchanged(filled.data_dir, archive)
    # Accepted only if it still describes the files truly (e.g. another app_version).


_CACHE: dict[Path, dict[str, bytes]] = {}


def _good_files_cached(profile: Any, tmp_path: Path) -> dict[str, bytes]:
    if tmp_path not in _CACHE:
        _CACHE.clear()
        _CACHE[tmp_path] = _good_files(profile, tmp_path)
    return _CACHE[tmp_path]


@SETTINGS
@given(document=JSON)
def test_random_json_manifests_are_refused(filled, tmp_path, document):  # noqa: F811
    files = _good_files_cached(filled, tmp_path)
    manifest = json.dumps(document, allow_nan=True).encode()
    archive = _write_zip(tmp_path / "random.zip", [*files.items(), ("manifest.json", manifest)])
    with pytest.raises(BackupError, match="was refused"):
        backup.verify_backup(archive)


def test_the_real_manifest_round_trips(filled, tmp_path):  # noqa: F811
    """The sanity check behind the fuzzing: an unmutated manifest is accepted."""
    files = _good_files(filled, tmp_path)
    archive = _write_zip(tmp_path / "good.zip", _with_manifest(files))
    manifest = backup.verify_backup(archive)
    assert manifest.files["photos/a1.jpg"].sha256 == _sha(files["photos/a1.jpg"])
