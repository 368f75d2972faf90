"""Progress photos as the rest of the app sees them: poses, photo facts and the compare-view
alignment, plus the small pure helpers the photo service needs (EXIF dates, change lines)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from backtracker.domain.errors import ValidationError

MAX_OFFSET = 1.0  # |dx|, |dy| as fractions of the width
MIN_SCALE = 0.2
MAX_SCALE = 5.0


class Pose(StrEnum):
    BACK = "back"
    FRONT = "front"
    SIDE = "side"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class DateSource(StrEnum):
    """Where a photo's date came from."""

    EXIF = "exif"  # the camera's capture time
    FILE = "file"  # the original file's modification time
    USER = "user"  # typed in by the person


@dataclass(frozen=True)
class PhotoInfo:
    """One stored photo; `width` and `height` are as displayed (after orientation)."""

    id: int
    sha256: str
    path: Path  # absolute path of the managed copy
    original_name: str
    taken_at: dt.datetime
    date_source: str
    pose: str
    notes: str
    width: int
    height: int
    align_dx: float
    align_dy: float
    align_scale: float

    @property
    def alignment(self) -> Alignment:
        return Alignment(self.align_dx, self.align_dy, self.align_scale)


@dataclass(frozen=True)
class Alignment:
    """Compare-view nudge and scale of one photo: offsets are fractions of the width."""

    dx: float = 0.0
    dy: float = 0.0
    scale: float = 1.0

    def __post_init__(self) -> None:
        problems: dict[str, str] = {}
        for name in ("dx", "dy"):
            if not abs(getattr(self, name)) <= MAX_OFFSET:  # `not <=` also catches NaN
                problems[name] = "The offset must be within one photo width."
        if not MIN_SCALE <= self.scale <= MAX_SCALE:
            problems["scale"] = f"The scale must be between {MIN_SCALE:g} and {MAX_SCALE:g}."
        if problems:
            raise ValidationError(problems)

    @classmethod
    def clamped(cls, dx: float, dy: float, scale: float) -> Alignment:
        """The nearest valid alignment, for sliders and drags that overshoot."""

        def clamp(value: float, low: float, high: float) -> float:
            return min(max(value, low), high)

        return cls(
            clamp(dx, -MAX_OFFSET, MAX_OFFSET),
            clamp(dy, -MAX_OFFSET, MAX_OFFSET),
            clamp(scale, MIN_SCALE, MAX_SCALE),
        )


def parse_exif_datetime(text: object) -> dt.datetime | None:
    """An EXIF date ("2024:05:01 07:30:00", sometimes with "-" or a "T"); None if unusable.

    Cameras write junk such as "0000:00:00 00:00:00" or blanks when the clock was not set.
    """
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    if not isinstance(text, str):
        return None
    cleaned = text.strip().strip("\x00").replace("T", " ")
    if len(cleaned) < 19:
        return None
    date_part, time_part = cleaned[:10].replace("-", ":"), cleaned[11:19]
    try:
        moment = dt.datetime.strptime(f"{date_part} {time_part}", "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return moment if moment.year >= 1900 else None


def format_exif_datetime(moment: dt.datetime) -> str:
    return moment.strftime("%Y:%m:%d %H:%M:%S")


def percent_change_text(before: float, after: float) -> str:
    """The change as "+18 %", "−4 %" or "±0 %", in whole percent (`before` is positive)."""
    percent = round((after / before - 1.0) * 100)
    if percent > 0:
        return f"+{percent} %"
    if percent < 0:
        return f"−{-percent} %"
    return "±0 %"
