"""The rules a custom exercise must follow, rest times, and the form's text helpers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from backtracker.domain.catalogue import (
    LIST_MAX,
    NAME_MAX,
    Category,
    Equipment,
    ExerciseDraft,
    LoadProfile,
    RestRange,
    Tracking,
    clean_lines,
    default_rest_seconds,
    rest_range,
    split_aliases,
    validate_draft,
)
from backtracker.domain.errors import UserError, ValidationError

MUSCLES = ("lats", "rhomboids", "trapezius", "biceps", "rear_delts", "core")


def valid_draft(**changes: object) -> ExerciseDraft:
    draft = ExerciseDraft(
        name="Towel Row",
        aliases=["Door Row"],
        summary="A row against a door frame.",
        category=Category.STRENGTH.value,
        equipment=Equipment.NONE.value,
        no_gym=True,
        load_profile=LoadProfile.LIGHT.value,
        tracking=Tracking.BODYWEIGHT_REPS.value,
        primary_muscles=["lats", "rhomboids"],
        secondary_muscles=["biceps"],
        steps=["Loop a towel round the handle.", "Lean back and pull."],
        cue="Elbows to your pockets.",
        mistakes=["Shrugging"],
    )
    return replace(draft, **changes)


def problems_of(draft: ExerciseDraft, names_in_use: tuple[str, ...] = ()) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate_draft(draft, known_muscles=MUSCLES, names_in_use=names_in_use)
    return caught.value.problems


def accept(draft: ExerciseDraft, names_in_use: tuple[str, ...] = ()) -> ExerciseDraft:
    return validate_draft(draft, known_muscles=MUSCLES, names_in_use=names_in_use)


# --- validate_draft -------------------------------------------------------------------------


def test_a_valid_draft_is_accepted_unchanged():
    draft = valid_draft()
    assert accept(draft, ("Dumbbell Row", "DB Row")) == draft


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_an_empty_name_is_refused(name):
    assert set(problems_of(valid_draft(name=name))) == {"name"}


def test_a_name_longer_than_the_limit_is_refused_and_the_limit_itself_is_fine():
    assert accept(valid_draft(name="x" * NAME_MAX)).name == "x" * NAME_MAX
    assert set(problems_of(valid_draft(name="x" * (NAME_MAX + 1)))) == {"name"}


def test_a_name_in_use_is_refused_whatever_its_case():
    problems = problems_of(valid_draft(name="tOWEL   row"), names_in_use=("Towel Row",))
    assert set(problems) == {"name"}
    assert "tOWEL row" in problems["name"]


def test_an_alias_that_is_another_exercises_name_is_refused():
    problems = problems_of(valid_draft(aliases=["Other", "db row"]), names_in_use=("DB Row",))
    assert set(problems) == {"aliases"}
    assert "db row" in problems["aliases"]


def test_an_alias_equal_to_the_exercises_own_name_is_refused():
    assert set(problems_of(valid_draft(aliases=["towel ROW"]))) == {"aliases"}


def test_an_alias_longer_than_the_limit_is_refused():
    assert set(problems_of(valid_draft(aliases=["y" * (NAME_MAX + 1)]))) == {"aliases"}


@pytest.mark.parametrize("field", ["category", "equipment", "load_profile", "tracking"])
@pytest.mark.parametrize("value", ["", "Strength", "nonsense"])
def test_a_value_outside_its_enum_is_refused(field, value):
    assert set(problems_of(valid_draft(**{field: value}))) == {field}


@pytest.mark.parametrize(
    ("field", "enum"),
    [
        ("category", Category),
        ("equipment", Equipment),
        ("load_profile", LoadProfile),
        ("tracking", Tracking),
    ],
)
def test_every_enum_value_is_accepted(field, enum):
    for member in enum:
        assert getattr(accept(valid_draft(**{field: member.value})), field) == member.value


def test_at_least_one_primary_muscle_is_required():
    assert set(problems_of(valid_draft(primary_muscles=[]))) == {"primary_muscles"}


@pytest.mark.parametrize(
    "changes",
    [{"primary_muscles": ["lats", "wings"]}, {"secondary_muscles": ["biceps", "wings"]}],
)
def test_an_unknown_muscle_is_refused(changes):
    problems = problems_of(valid_draft(**changes))
    assert set(problems) == {"primary_muscles"}
    assert "wings" in problems["primary_muscles"]


def test_a_muscle_cannot_be_both_primary_and_secondary():
    draft = valid_draft(primary_muscles=["lats"], secondary_muscles=["biceps", "lats"])
    assert set(problems_of(draft)) == {"secondary_muscles"}


def test_too_many_steps_are_refused_and_blank_steps_do_not_count():
    at_limit = [f"Step {n}" for n in range(LIST_MAX)]
    assert accept(valid_draft(steps=[*at_limit, "  ", ""])).steps == at_limit
    assert set(problems_of(valid_draft(steps=[*at_limit, "One more"]))) == {"steps"}


def test_whitespace_is_collapsed_and_repeats_dropped():
    draft = ExerciseDraft(
        name="  Towel \t Row ",
        aliases=[" Door   Row", "door row", "  ", "Frame Row "],
        summary="A row\n against   a door.",
        primary_muscles=["lats", "lats", "rhomboids"],
        secondary_muscles=["biceps", "biceps"],
        steps=["  Loop   the towel ", "", "   ", "Pull"],
        cue="  Elbows   back ",
        mistakes=["", " Shrugging  up "],
    )
    result = accept(draft, ("Door",))
    assert result.name == "Towel Row"
    assert result.aliases == ["Door Row", "Frame Row"]
    assert result.summary == "A row against a door."
    assert result.primary_muscles == ["lats", "rhomboids"]
    assert result.secondary_muscles == ["biceps"]
    assert result.steps == ["Loop the towel", "Pull"]
    assert result.cue == "Elbows back"
    assert result.mistakes == ["Shrugging up"]


def test_a_name_is_compared_after_whitespace_is_collapsed():
    assert set(problems_of(valid_draft(name=" Dumbbell   Row "), ("dumbbell row",))) == {"name"}


def test_validation_error_names_every_bad_field_at_once():
    draft = ExerciseDraft(
        name="",
        aliases=["DB Row"],
        category="yoga",
        equipment="spaceship",
        load_profile="medium",
        tracking="vibes",
        primary_muscles=[],
        steps=[f"Step {n}" for n in range(LIST_MAX + 1)],
        cue="c" * 601,
    )
    problems = problems_of(draft, names_in_use=("DB Row",))
    assert set(problems) == {
        "name",
        "aliases",
        "category",
        "equipment",
        "load_profile",
        "tracking",
        "primary_muscles",
        "steps",
        "cue",
    }
    assert all(message.strip() for message in problems.values())


def test_validation_error_is_a_user_error_showing_the_first_problem():
    with pytest.raises(ValidationError) as caught:
        validate_draft(
            valid_draft(name="", category="yoga"), known_muscles=MUSCLES, names_in_use=()
        )
    error = caught.value
    assert isinstance(error, UserError)
    assert error.field == "name"
    assert str(error) == error.problems["name"]


# --- rest -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (LoadProfile.HEAVY, RestRange(60, 90, 90)),
        (LoadProfile.LIGHT, RestRange(30, 60, 45)),
        ("heavy", RestRange(60, 90, 90)),
        ("light", RestRange(30, 60, 45)),
    ],
)
def test_rest_range_follows_the_load_profile(profile, expected):
    assert rest_range(profile) == expected
    assert default_rest_seconds(profile) == expected.default_s


def test_rest_range_label():
    assert rest_range("heavy").label == "60–90 s rest"
    assert rest_range("light").label == "30–60 s rest"


def test_rest_range_of_an_unknown_profile_is_an_error():
    with pytest.raises(ValueError):
        rest_range("medium")


# --- clean_lines and split_aliases ---------------------------------------------------------


def test_clean_lines_drops_blanks_bullets_and_numbering():
    text = "1. Stand tall\n\n   2.  Hinge forward  \n- Pull\n• Squeeze\n* Lower\n  \n10. Rest\n"
    assert clean_lines(text) == ["Stand tall", "Hinge forward", "Pull", "Squeeze", "Lower", "Rest"]


def test_clean_lines_keeps_text_that_only_looks_like_numbering():
    assert clean_lines("1.\nBrace. Then pull.") == ["1.", "Brace. Then pull."]
    assert clean_lines("") == []


def test_clean_lines_keeps_a_leading_decimal_number():
    assert clean_lines("2.5 kg plate on your chest") == ["2.5 kg plate on your chest"]


def test_split_aliases_dedupes_case_insensitively_and_keeps_order():
    text = " DB Row, Dumbbell   Row,db row ,, Row,DUMBBELL ROW,  "
    assert split_aliases(text) == ["DB Row", "Dumbbell Row", "Row"]


def test_split_aliases_of_nothing_is_empty():
    assert split_aliases("") == []
    assert split_aliases(" , ,") == []
