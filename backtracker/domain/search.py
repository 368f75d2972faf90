"""Forgiving text search for exercise names and aliases."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip accents and treat punctuation as spaces: "Pull-Up" ~ "pull up"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    spaced = "".join(ch if ch.isalnum() else " " for ch in plain.casefold())
    return " ".join(spaced.split())


def matches(query: str, folded_haystack: str) -> bool:
    """True when every word of the query starts a word of the haystack, or a run of words.

    "db row" finds "DB Row", "pull" finds "Pull-up" and "Lat Pulldown", "pullup" finds
    "Pull-up" and "pull-up" finds "Pullup" (words joined), but "lat" does not find
    "Plate-loaded row".
    """
    words = fold(query).split()
    if not words:
        return True
    targets = folded_haystack.split()
    runs = ["".join(targets[i:]) for i in range(len(targets))]
    if any(run.startswith("".join(words)) for run in runs):  # "pull-up" finds "Pullup"
        return True
    return all(any(run.startswith(word) for run in runs) for word in words)
