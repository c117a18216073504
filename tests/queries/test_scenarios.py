"""Saved scenarios: save + load round trips on a temporary DuckDB file, validation, and the
refresh lock."""

from __future__ import annotations

import dataclasses
import fcntl
from pathlib import Path

import pytest

from market.scenarios import PRESETS, ScenarioError, ValueFlowParams
from warehouse.connection import Warehouse, WarehouseBusy
from warehouse.migrate import ensure_schema
from warehouse.queries import scenarios as qs


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'scenarios.duckdb'}")
    with warehouse.writer() as session:
        ensure_schema(session)
    return warehouse


def test_save_and_load_round_trip(wh: Warehouse) -> None:
    edge = PRESETS["edge"].params
    qs.save_scenario(wh, "  Edge bet  ", qs.params_to_json(edge))
    listed = qs.list_scenarios(wh)
    assert list(listed["name"]) == ["Edge bet"]
    row = qs.load_scenario(wh, "Edge bet")
    assert qs.params_from_json(row["params_json"].iloc[0]) == edge
    assert qs.load_scenario(wh, "nope").empty


def test_saving_a_name_again_overwrites_it(wh: Warehouse) -> None:
    qs.save_scenario(wh, "mine", qs.params_to_json(ValueFlowParams()))
    changed = dataclasses.replace(ValueFlowParams(), vi_share=0.8)
    qs.save_scenario(wh, "mine", qs.params_to_json(changed))
    qs.save_scenario(wh, "other", qs.params_to_json(ValueFlowParams()))
    listed = qs.list_scenarios(wh)
    assert sorted(listed["name"]) == ["mine", "other"]
    assert qs.params_from_json(qs.load_scenario(wh, "mine")["params_json"].iloc[0]) == changed


@pytest.mark.parametrize(
    ("name", "params_json", "message"),
    [
        ("   ", qs.params_to_json(ValueFlowParams()), "give the scenario a name"),
        ("x" * 81, qs.params_to_json(ValueFlowParams()), "at most 80 characters"),
        ("bad json", "{not json", "not readable JSON"),
        ("a list", "[1, 2]", "must be a set of named parameters"),
        ("unknown", '{"vi_share": 0.5, "colour": 1}', "unknown parameters"),
        ("out of bounds", '{"vi_share": 2.0}', "between 0 and 1"),
        ("split", '{"amd_split": 0.5}', "vendor split must sum to 1"),
    ],
)
def test_bad_input_is_rejected_and_nothing_is_written(
    wh: Warehouse, name: str, params_json: str, message: str
) -> None:
    with pytest.raises(ScenarioError, match=message):
        qs.save_scenario(wh, name, params_json)
    assert qs.list_scenarios(wh).empty


def test_a_running_refresh_makes_saving_busy(wh: Warehouse) -> None:
    lock = wh.path.parent / ".refresh.lock"
    with lock.open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(WarehouseBusy):
            qs.save_scenario(wh, "mine", qs.params_to_json(ValueFlowParams()))
    assert qs.list_scenarios(wh).empty
    qs.save_scenario(wh, "mine", qs.params_to_json(ValueFlowParams()))  # lock released
    assert list(qs.list_scenarios(wh)["name"]) == ["mine"]


def test_stored_json_lists_every_parameter(wh: Warehouse) -> None:
    text = qs.params_to_json(PRESETS["fragmented"].params)
    assert qs.params_from_json(text) == PRESETS["fragmented"].params
    assert '"open_share": 0.33' in text and '"app_spend": 37.0' in text
