"""storage.progress.weekly_volume_by_muscle joins each exercise's share of its volume from a
per-exercise count instead of a window over the muscles (issue 17, Charts). The weeks,
muscles and floats must be exactly what the window query gave, on a generated history, the
test history and a demo profile, from the start and from a later week."""

from __future__ import annotations

import datetime as dt

from backtracker.storage import progress as store
from backtracker.storage.models import db
from tests.storage.test_progress import log_history
from tests.storage.test_progress_days_19 import generated_history

# The primary muscles and their shares as the query had them before.
WINDOW_PRIMARIES = """primaries AS (
    SELECT em.exercise_id, m.key,
        1.0 / COUNT(*) OVER (PARTITION BY em.exercise_id) AS share
    FROM exercise_muscle em JOIN muscle m ON m.id = em.muscle_id
    WHERE em.role = 'primary'
),"""


def window_query() -> str:
    sql = store._VOLUME_BY_MUSCLE_SQL
    start, end = sql.index("primaries AS ("), sql.index("per_link AS (")
    return sql[:start] + WINDOW_PRIMARIES + "\n" + sql[end:]


def same_volume(since: dt.date | None) -> int:
    got = store.weekly_volume_by_muscle(since=since)
    start = store.week_start(since).isoformat() if since is not None else ""
    rows = db.execute_sql(window_query(), (start,)).fetchall()
    expected = [(dt.date.fromisoformat(week), key, kg) for week, key, kg in rows]
    assert [(w, k, repr(kg)) for w, k, kg in got] == [(w, k, repr(kg)) for w, k, kg in expected]
    return len(got)


def test_the_window_query_is_the_one_replaced():
    assert "COUNT(*) OVER" not in store._VOLUME_BY_MUSCLE_SQL
    assert "COUNT(*) OVER" in window_query()


def test_volume_by_muscle_is_the_window_query_s_on_a_generated_history(seeded):
    generated_history(19)
    log_history()  # bodyweight pull-ups with bodyweights logged, muscles shared by several
    assert same_volume(None) > 40
    assert same_volume(dt.date(2025, 6, 4)) > 10


def test_volume_by_muscle_is_the_window_query_s_on_a_demo_profile(seeded):
    from backtracker.domain import clock
    from backtracker.services.demo import fill_demo_profile
    from backtracker.storage.routines import seed_builtin_routines

    seed_builtin_routines()
    fill_demo_profile(today=clock.today(), weeks=26)
    assert same_volume(None) > 26
    assert same_volume(clock.today() - dt.timedelta(days=60)) > 0
