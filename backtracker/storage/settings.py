"""Small key/value preferences stored in the profile database as JSON."""

from __future__ import annotations

import json
from typing import Any

from backtracker.storage.models import Setting, db

# Plain SQL: the Log reads a few settings for each card it builds, and building the
# statement took most of the call.
_GET_SQL = "SELECT value_json FROM setting WHERE key = ? LIMIT 1"


def get_setting(key: str, default: Any = None) -> Any:
    row = db.execute_sql(_GET_SQL, (key,)).fetchone()
    return default if row is None else json.loads(row[0])


def set_setting(key: str, value: Any) -> None:
    Setting.insert(key=key, value_json=json.dumps(value)).on_conflict_replace().execute()


def delete_setting(key: str) -> None:
    Setting.delete().where(Setting.key == key).execute()
