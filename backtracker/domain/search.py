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
    """True when every word of the query starts a word (or joins words) in the haystack.

    "db row" finds "DB Row", "pull" finds "Pull-up" and "Lat Pulldown", "pullup" finds
    "Pull-up" because the haystack is also compared with its spaces removed.
    """
    words = fold(query).split()
    if not words:
        return True
    squashed = folded_haystack.replace(" ", "")
    return all(word in folded_haystack or word in squashed for word in words)
