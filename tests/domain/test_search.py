"""Forgiving exercise search: case, punctuation, accents and squashed words."""

from __future__ import annotations

import pytest

from backtracker.domain.search import fold, matches


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("DB Row", "db row"),
        ("Pull-Up", "pull up"),
        ("  Lat   Pulldown ", "lat pulldown"),
        ("Child's Pose", "child s pose"),
        ("Écarté Flyé", "ecarte flye"),
        ("Y-T-W Raise", "y t w raise"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def found(query: str, name: str) -> bool:
    return matches(query, fold(name))


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("db row", "DB Row"),
        ("DB ROW", "db row"),
        ("pullup", "Pull-Up"),
        ("pull-up", "Pullup"),
        ("pull up", "Pull-Up"),
        ("pull", "Lat Pulldown"),
        ("row db", "DB Row"),
        ("ecarte", "Écarté Fly"),
        ("écarté", "Ecarte Fly"),
        ("childs pose", "Child's Pose"),
        ("ytw", "Y-T-W Raise"),
    ],
)
def test_matches_forgiving_queries(query, name):
    assert found(query, name)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("db squat", "DB Row"),
        ("deadlift", "DB Row"),
        ("pull row", "Lat Pulldown"),
        ("rows", "DB Row"),
    ],
)
def test_every_word_of_the_query_must_match(query, name):
    assert not found(query, name)


@pytest.mark.parametrize("query", ["", "   ", "--", "!?"])
def test_an_empty_query_matches_everything(query):
    assert matches(query, fold("Face Pull"))
    assert matches(query, "")


def test_a_query_word_must_start_a_word():
    assert not found("lat", "Plate-Loaded Row")
