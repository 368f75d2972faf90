from __future__ import annotations

import pytest

from backtracker.domain.errors import ValidationError
from backtracker.domain.routines import Routine, RoutineItem, validate_routine
from backtracker.storage import routines
from backtracker.storage.models import Exercise
from backtracker.storage.models import Routine as RoutineRow


def test_builtin_routines_follow_the_guide(seeded):
    assert routines.seed_builtin_routines() == 2
    assert routines.seed_builtin_routines() == 0  # once only
    beginner, advanced = routines.list_routines()
    assert beginner.name == "Back — Beginner" and advanced.name == "Back — Advanced"
    proven = {e.name for e in Exercise.select().where(Exercise.proven_five == True)}  # noqa: E712
    for routine in (beginner, advanced):
        assert {i.exercise_name for i in routine.items} == proven
    weighted = [i for i in beginner.items if i.rep_min is not None]
    assert all(2 <= i.sets <= 3 and (i.rep_min, i.rep_max) == (8, 12) for i in weighted)
    weighted = [i for i in advanced.items if i.rep_min is not None]
    assert all(3 <= i.sets <= 4 and (i.rep_min, i.rep_max) == (6, 10) for i in weighted)


def test_deleted_builtin_stays_deleted(seeded):
    routines.seed_builtin_routines()
    routines.delete_routine(routines.list_routines()[0].id)
    routines.seed_builtin_routines()
    assert [r.name for r in routines.list_routines()] == ["Back — Advanced"]


def test_create_edit_reorder_delete(seeded):
    row = Exercise.get(Exercise.catalogue_key == "pull-up").id
    shrug = Exercise.get(Exercise.catalogue_key == "dumbbell-shrug").id
    routine_id = routines.save_routine(
        Routine(None, "Pull day", items=(RoutineItem(row, 3, 5, 8), RoutineItem(shrug, 2, 10, 15)))
    )
    routines.seed_builtin_routines()
    assert routines.list_routines()[0].name == "Pull day"
    saved = routines.get_routine(routine_id)
    routines.save_routine(Routine(routine_id, "Pull day B", items=saved.items[::-1]))
    assert [i.exercise_id for i in routines.get_routine(routine_id).items] == [shrug, row]
    routines.move_routine(routine_id, +2)
    assert [r.name for r in routines.list_routines()][-1] == "Pull day B"
    routines.delete_routine(routine_id)
    assert not RoutineRow.select().where(RoutineRow.id == routine_id).exists()


@pytest.mark.parametrize(
    ("routine", "field"),
    [
        (Routine(None, "  ", items=(RoutineItem(1, 3, 8, 12),)), "name"),
        (Routine(None, "Back — Beginner", items=(RoutineItem(1, 3, 8, 12),)), "name"),
        (Routine(None, "New"), "items"),
        (Routine(None, "New", items=(RoutineItem(1, 0, 8, 12),)), "items"),
        (Routine(None, "New", items=(RoutineItem(1, 3, 12, 8),)), "items"),
        (Routine(None, "New", items=(RoutineItem(1, 3, 8, None),)), "items"),
    ],
)
def test_routine_validation(routine, field):
    with pytest.raises(ValidationError) as error:
        validate_routine(routine, names_in_use={"back — beginner"})
    assert field in error.value.problems


def test_valid_routine_is_tidied():
    routine = validate_routine(
        Routine(None, "  Pull   day ", items=(RoutineItem(1, 3, 8, 12),)), names_in_use=set()
    )
    assert routine.name == "Pull day"
