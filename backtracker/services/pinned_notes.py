"""Pinned notes: "seat at 4, grip just outside shoulders", shown whenever the exercise is
logged until the person edits it. The note belongs to the exercise, not to a workout, so
the backup carries it with the exercise and the CSV export (sets) does not."""

from __future__ import annotations

from backtracker.domain.errors import ValidationError

MAX_LENGTH = 300  # a line to read at a glance between sets, not a diary


def clean(text: str) -> str:
    """The note as it is saved: one line, spaces collapsed; refuses one that is too long."""
    cleaned = " ".join(text.split())
    if len(cleaned) > MAX_LENGTH:
        raise ValidationError(
            {
                "pinned_note": f"A pinned note can be at most {MAX_LENGTH} characters; this "
                f"one has {len(cleaned)}. Shorten it, or keep the details in the set notes."
            }
        )
    return cleaned


def note_of(exercise_id: int) -> str:
    from backtracker.storage import pinned_notes as store  # the first window has no ORM

    return store.pinned_note(exercise_id)


def pin(exercise_id: int, text: str) -> str:
    """Save the note (empty text unpins it) and return it as saved; a note that is too long
    raises ValidationError and changes nothing."""
    from backtracker.storage import pinned_notes as store

    cleaned = clean(text)
    store.set_pinned_note(exercise_id, cleaned)
    return cleaned
