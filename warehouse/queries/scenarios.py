"""The stored form of a value-flow scenario: ``params_json`` holds every
:class:`market.scenarios.ValueFlowParams` field by name; it is validated on save and load.

Saved scenarios themselves live in the user-state store (:mod:`warehouse.userstate`), not
in the warehouse: refreshes never touch them and saving never waits for a refresh.
"""

from __future__ import annotations

import dataclasses
import json

from market.scenarios import ScenarioError, ValueFlowParams


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
