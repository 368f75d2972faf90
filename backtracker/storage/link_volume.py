"""Each workout exercise's rep-set volume, kept in `link_volume` by the database's triggers.

The Progress overview's weekly volume by muscle (storage/progress.py) reads one row per
workout exercise from `link_volume` instead of summing its sets: the reps its rep sets count
(both sides of a one-sided set) and weight × those reps. Migration 7 made the table and the
triggers that recompute a link's row whenever its sets, its exercise or that exercise's
one-sided flag change; a link without a rep set has no row. Nothing in Python writes it,
except `rebuild` for a table found out of step.

`ROWS_SQL` is the definition as this version of the app means it (storage/sessions.py's
REP_SET, storage/volume.py's volume_reps_sql); tests/storage/test_link_volume.py checks that
the triggers' frozen SQL is the same, so a change to either fails there first.

A bulk insert of new workouts (an import, the demo's fill) runs `counted_once_for_new_links`:
the triggers recount a link's row once per set, which was about a third of writing 100,000
imported sets; instead the new links' rows are counted once, at the end, by `ROWS_SQL`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from backtracker.storage.models import db
from backtracker.storage.sessions import REP_SET
from backtracker.storage.volume import volume_reps_sql

log = logging.getLogger(__name__)

_VOLUME_REPS = volume_reps_sql("s", "e.unilateral")
# The rows of the links that `{links}` (a condition on `we`) picks, in the triggers' words.
ROWS_SQL = f"""INSERT INTO "link_volume" ("workout_exercise_id", "reps", "kg")
    SELECT we.id,
        (SELECT TOTAL({_VOLUME_REPS}) FROM set_entry s
            WHERE s.workout_exercise_id = we.id AND {REP_SET}),
        (SELECT TOTAL(s.weight_kg * CAST({_VOLUME_REPS} AS REAL)) FROM set_entry s
            WHERE s.workout_exercise_id = we.id AND {REP_SET})
    FROM workout_exercise we JOIN exercise e ON e.id = we.exercise_id
    WHERE {{links}} AND EXISTS (SELECT 1 FROM set_entry s
        WHERE s.workout_exercise_id = we.id AND {REP_SET})"""

_RECOUNT = ROWS_SQL.split("\n", 1)[1].format(links="1")  # the SELECT, for every link
# Recounted rows, and how many of them the table holds as they are (one pass over the sets).
_MATCHES_SQL = f"""WITH recount(id, reps, kg) AS ({_RECOUNT})
SELECT COUNT(*), COUNT(v.workout_exercise_id), (SELECT COUNT(*) FROM link_volume)
FROM recount r LEFT JOIN link_volume v
    ON v.workout_exercise_id = r.id AND v.reps = r.reps AND v.kg = r.kg"""


def mismatches() -> int:
    """How many rows a recount from the sets would add or remove (0: the table is right).

    Reads every set once: about what the overview's sums cost before this table.
    """
    recounted, kept, stored = db.execute_sql(_MATCHES_SQL).fetchone()
    return (recounted - kept) + (stored - kept)


def rebuild() -> None:
    """Recount every link's row from its sets, in one transaction."""
    with db.atomic():
        db.execute_sql('DELETE FROM "link_volume"')
        db.execute_sql(ROWS_SQL.format(links="1"))


def check_and_repair() -> int:
    """Rebuild the table when it is out of step with the sets; how many rows were wrong.

    Only a bug (or a write made without the triggers) can put it out of step; the numbers
    are derived, so the rebuild loses nothing. It is logged as the bug it is.
    """
    wrong = mismatches()
    if wrong:
        log.error("link_volume was out of step with the sets (%d rows); rebuilt it", wrong)
        rebuild()
    return wrong


_TRIGGERS_SQL = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'link~_volume~_%' "
    "ESCAPE '~' ORDER BY name"
)


@contextmanager
def counted_once_for_new_links(first_new_link: int) -> Iterator[None]:
    """For writing new links (ids from `first_new_link` up) and their sets in bulk.

    Inside the caller's transaction, which it requires: the table's triggers are dropped,
    the block writes, the new links' rows are counted from their sets (the same SQL the
    health check recounts with), and the triggers are created again from the very SQL the
    database held. Nothing else may be written in the block: a set added to an older link
    would not be counted. An error in the block leaves the triggers to the rollback that
    follows it (SQLite rolls back a DROP TRIGGER as it does a row).
    """
    if not db.in_transaction():
        raise RuntimeError("counted_once_for_new_links needs the caller's transaction")
    triggers = db.execute_sql(_TRIGGERS_SQL).fetchall()
    for name, _sql in triggers:
        db.execute_sql(f'DROP TRIGGER "{name}"')
    yield
    db.execute_sql(ROWS_SQL.format(links="we.id >= ?"), (first_new_link,))
    for _name, sql in triggers:
        db.execute_sql(sql)
