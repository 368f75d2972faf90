"""Export the body log (bodyweight and every measurement) as CSV, in canonical units.

The header is `BODY_HEADER`: `date,metric,value,unit,notes`, one row per stored entry,
ordered by date, then metric.

- `date`: `YYYY-MM-DD`
- `metric`: `bodyweight`, `body_fat`, `waist`, `chest`, `shoulders`, `neck`, `upper_arm`,
  `forearm`, `hips`, `thigh`, `calf` (a metric an older import kept under another name is
  written as it is stored)
- `value`: a plain number with a point, no trailing zeros
- `unit`: `kg` for bodyweight, `%` for body fat, `cm` for lengths (whatever unit the person
  types and sees in), empty for a metric BackTracker does not know
- `notes`: the entry's note

Like the training export (services/export.py, whose writer it shares): UTF-8 without a
byte-order mark, minimal quoting, CRLF line ends, written beside the target then renamed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from backtracker.domain import measurements
from backtracker.services.export import _write_csv, number
from backtracker.storage import measurements as store

BODY_HEADER = "date,metric,value,unit,notes"


def unit_of(metric: str) -> str:
    if metric == "bodyweight":
        return "kg"
    info = measurements.METRICS.get(metric)
    if info is None:
        return ""
    return "cm" if info.is_length else measurements.PERCENT


def body_rows() -> Iterator[list[str]]:
    for entry in store.all_entries():
        yield [
            entry.day.isoformat(),
            entry.metric,
            number(entry.value),
            unit_of(entry.metric),
            entry.notes,
        ]


def export_measurements_csv(target: Path) -> int:
    """Write every body entry to `target`; the rows written (0 still writes the header)."""
    return _write_csv(target, BODY_HEADER, body_rows)
