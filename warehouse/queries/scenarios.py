"""Named value-flow scenarios saved in the warehouse table ``scenarios(name, params_json,
saved_at)``.

Reading is an ordinary query. Saving is the app's only write: it goes through
``Warehouse.writer()``, which takes the refresh lock and swaps the DuckDB file, so while a
data refresh runs it raises :class:`warehouse.connection.WarehouseBusy` (callers should say
"a data refresh is running; try again in a minute"). ``params_json`` holds every
:class:`market.scenarios.ValueFlowParams` field by name; it is validated on save and load.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import pandas as pd

from market.scenarios import ScenarioError, ValueFlowParams
from warehouse.connection import Warehouse

MAX_NAME_LENGTH = 80


def params_to_json(p: ValueFlowParams) -> str:
    """Every parameter by field name, keys sorted: the stored form of a scenario."""
    return json.dumps(dataclasses.asdict(p), sort_keys=True)


def params_from_json(text: str) -> ValueFlowParams:
    """Inverse of :func:`params_to_json`; raises ScenarioError for unreadable or invalid data
    (unknown fields, out-of-bounds values: ValueFlowParams checks every bound)."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise ScenarioError(f"saved scenario is not readable JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ScenarioError("saved scenario must be a set of named parameters")
    known = {f.name for f in dataclasses.fields(ValueFlowParams)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ScenarioError(f"saved scenario has unknown parameters {unknown}")
    return ValueFlowParams(**data)


def clean_name(name: str) -> str:
    """The name as stored (surrounding spaces removed); ScenarioError if empty or too long."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise ScenarioError("give the scenario a name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ScenarioError(f"scenario names are at most {MAX_NAME_LENGTH} characters")
    return cleaned


def save_scenario(wh: Warehouse, name: str, params_json: str) -> None:
    """Save (or overwrite) scenario ``name``. Validates the name and the parameters first;
    raises ScenarioError for bad input and WarehouseBusy while a refresh holds the lock."""
    cleaned = clean_name(name)
    stored = params_to_json(params_from_json(params_json))
    with wh.writer() as session, session.transaction():
        session.execute("DELETE FROM scenarios WHERE name = :name", {"name": cleaned})
        session.execute(
            "INSERT INTO scenarios (name, params_json, saved_at) VALUES (:name, :params, :at)",
            {"name": cleaned, "params": stored, "at": datetime.now(UTC).replace(tzinfo=None)},
        )


def list_scenarios(wh: Warehouse) -> pd.DataFrame:
    """Saved scenarios, newest first: name, params_json, saved_at (UTC)."""
    return wh.query(
        "SELECT name, params_json, saved_at FROM scenarios ORDER BY saved_at DESC, name"
    )


def load_scenario(wh: Warehouse, name: str) -> pd.DataFrame:
    """The saved row of scenario ``name`` (empty if there is none)."""
    return wh.query(
        "SELECT name, params_json, saved_at FROM scenarios WHERE name = :name", {"name": name}
    )
