"""Property: whatever bytes arrive, the importers answer with a parsed file or a clear import
error, never an unhandled exception, and what parses can be written (checked by a dry run,
which does every insert and rolls back)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtracker.domain.errors import UserError
from backtracker.services import importers
from tests.services.test_importers_files import ALL_VARIANTS, strong_android, strong_ios

SETTINGS = settings(
    max_examples=150,
    database=None,  # no .hypothesis folder in the work tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def samples(tmp_path) -> list[bytes]:
    folder = tmp_path / "samples"
    folder.mkdir()
    files = [writer(folder / f"{name}.csv") for name, (writer, *_) in ALL_VARIANTS.items()]
    files.append(strong_android(folder / "lbs.csv", weight="lbs", distance="miles"))
    return [path.read_bytes() for path in files]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _mutate(data: bytes, draw: st.DrawFn) -> bytes:
    kind = draw(
        st.sampled_from(
            ["drop", "duplicate", "swap", "bytes", "truncate", "delimiter", "cell", "slice"]
        )
    )
    lines = _lines(data)
    if kind in {"drop", "duplicate", "swap"} and lines:
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        else:
            lines[i], lines[j] = lines[j], lines[i]
        return b"".join(lines)
    at = draw(st.integers(0, len(data)))
    if kind == "bytes":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    if kind == "truncate":
        return data[:at]
    if kind == "delimiter":
        old, new = draw(st.sampled_from([(b",", b";"), (b";", b","), (b",", b"\t"), (b'"', b"")]))
        return data.replace(old, new)
    if kind == "cell":  # a plausible-looking but wrong value in place of a field
        junk = draw(
            st.sampled_from(
                [
                    b"",
                    b"-1",
                    b"1e400",
                    b"nan",
                    b"W",
                    b"Note",
                    b"Rest Timer",
                    b"13.5",
                    b"99999999999999999999",
                    b"0",
                    b'"',
                    b"12:00:00 pm",
                    b"9999-12-31 23:59:59",
                    b"0000-00-00",
                ]
            )
        )
        cells = data[at:].split(b",", 1)
        return data[:at] + junk + (b"," + cells[1] if len(cells) > 1 else b"")
    end = draw(st.integers(at, len(data)))
    return data[:at] + data[end:]


@st.composite
def mutated(draw: st.DrawFn, samples: list[bytes]) -> bytes:
    data = draw(st.sampled_from(samples))
    for _ in range(draw(st.integers(1, 4))):
        data = _mutate(data, draw)
    return data


def _check(path: Path, data: bytes, unit: str | None) -> None:
    path.write_bytes(data)
    try:
        parsed = importers.parse(path, unit=unit)
    except importers.ImportFileError as error:
        assert str(error).strip()
        return
    try:
        result = importers.import_parsed(parsed, dry_run=True)
    except UserError:
        return
    assert result.dry_run and result.workouts_added + result.workouts_skipped == len(
        parsed.workouts
    )


@SETTINGS
@given(data=st.data())
def test_mutated_exports_never_crash(seeded, tmp_path, samples, data):
    unit = data.draw(st.sampled_from([None, "kg", "lb"]))
    _check(tmp_path / "mutated.csv", data.draw(mutated(samples)), unit)


@SETTINGS
@given(blob=st.binary(max_size=600), unit=st.sampled_from([None, "kg"]))
def test_random_bytes_never_crash(seeded, tmp_path, blob, unit):
    _check(tmp_path / "random.csv", blob, unit)


@SETTINGS
@given(text=st.text(max_size=400))
def test_random_text_after_a_real_header_never_crashes(seeded, tmp_path, text):
    header = Path(strong_ios(tmp_path / "h.csv")).read_text(encoding="utf-8-sig").splitlines()[0]
    _check(tmp_path / "text.csv", f"{header}\n{text}".encode("utf-8", "surrogatepass"), "kg")
