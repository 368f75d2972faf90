"""The back coach's two facts about an exercise in the Library: its movement pattern and its
spinal load, as a line for the detail pane and as choices for the exercise form."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from backtracker.domain.catalogue import (
    ExerciseInfo,
    Pattern,
    SpinalLoad,
    pattern_label,
    spinal_load_label,
)

NOT_SET = "Not set"
PATTERN_TIP = (
    "How the exercise moves: the back coach weighs vertical pulls against horizontal pulls "
    "and pulls against pushes"
)
SPINAL_LOAD_TIP = (
    "How much the exercise loads the lower back: high when the spine holds a weight bent "
    "over (bent-over rows, deadlifts), low when the chest or body is supported"
)


def coach_line(exercise: ExerciseInfo) -> str:
    """E.g. "Horizontal pull · Spinal load: High"; "Not set" for what is not known."""
    return (
        f"{pattern_label(exercise.pattern)} · Spinal load: "
        f"{spinal_load_label(exercise.spinal_load)}"
    )


def _choice_combo(
    items: list[tuple[str, str]], current: str | None, name: str, tip: str
) -> QComboBox:
    """A fixed list (not editable, so no other value can be typed), "Not set" first."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setToolTip(tip)
    combo.addItem(NOT_SET, None)
    for value, label in items:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
    return combo


def pattern_combo(current: str | None) -> QComboBox:
    return _choice_combo(
        [(p.value, p.label) for p in Pattern], current, "Movement pattern", PATTERN_TIP
    )


def spinal_load_combo(current: str | None) -> QComboBox:
    return _choice_combo(
        [(s.value, s.label) for s in SpinalLoad], current, "Spinal load", SPINAL_LOAD_TIP
    )
