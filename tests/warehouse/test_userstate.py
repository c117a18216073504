"""Saved scenarios in the user-state store: round trips, name normalisation, asking before
an overwrite, carrying over scenarios saved in an old warehouse, and independence from
the refresh lock."""

from __future__ import annotations

import dataclasses
import fcntl
from pathlib import Path

import pytest

from market.scenarios import PRESETS, ScenarioError, ValueFlowParams
from warehouse import userstate
from warehouse.connection import Warehouse
from warehouse.migrate import ensure_schema
from warehouse.queries.scenarios import params_from_json, params_to_json

DEFAULT = params_to_json(ValueFlowParams())


@pytest.fixture
def wh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Warehouse:
    monkeypatch.delenv("ATLAS_USERSTATE_URL", raising=False)
    warehouse = Warehouse(f"duckdb:///{tmp_path / 'atlas.duckdb'}")
    with warehouse.writer() as session:
        ensure_schema(session)
    return warehouse


def test_the_store_is_a_separate_file_beside_the_warehouse(wh: Warehouse) -> None:
    assert userstate.store_url(wh) == f"sqlite:///{wh.path.parent / 'userstate.sqlite'}"
    userstate.save_scenario(wh, "mine", DEFAULT)
    assert (wh.path.parent / "userstate.sqlite").exists()
    assert wh.scalar("SELECT COUNT(*) FROM scenarios") == 0


def test_the_url_setting_points_it_elsewhere(
    wh: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATLAS_USERSTATE_URL", f"sqlite:///{tmp_path / 'team' / 'state.db'}")
    userstate.save_scenario(wh, "shared", DEFAULT)
    assert (tmp_path / "team" / "state.db").exists()
    assert list(userstate.list_scenarios(wh)["name"]) == ["shared"]


def test_save_and_load_round_trip(wh: Warehouse) -> None:
    edge = PRESETS["edge"].params
    assert userstate.save_scenario(wh, "  Edge   bet  ", params_to_json(edge)) == "Edge bet"
    assert list(userstate.list_scenarios(wh)["name"]) == ["Edge bet"]
    row = userstate.load_scenario(wh, "Edge bet")
    assert params_from_json(row["params_json"].iloc[0]) == edge
    assert userstate.load_scenario(wh, "nope").empty


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("  Edge\tbet\n", "Edge bet"),
        ("Ｅｄｇｅ", "Edge"),  # full-width letters: NFKC
        ("a\u200bb\u0000c", "abc"),  # zero-width space and NUL dropped
        ("x  \u00a0 y", "x y"),
    ],
)
def test_names_are_normalised(wh: Warehouse, raw: str, stored: str) -> None:
    assert userstate.clean_name(raw) == stored
    userstate.save_scenario(wh, raw, DEFAULT)
    assert not userstate.load_scenario(wh, stored).empty
    assert not userstate.load_scenario(wh, raw).empty  # looked up the same way


def test_saving_over_a_name_needs_overwrite(wh: Warehouse) -> None:
    userstate.save_scenario(wh, "mine", DEFAULT)
    changed = dataclasses.replace(ValueFlowParams(), vi_share=0.8)
    with pytest.raises(userstate.ScenarioExists, match="already saved"):
        userstate.save_scenario(wh, " mine ", params_to_json(changed))
    assert params_from_json(userstate.load_scenario(wh, "mine")["params_json"].iloc[0]) == (
        ValueFlowParams()
    )
    userstate.save_scenario(wh, "mine", params_to_json(changed), overwrite=True)
    assert params_from_json(userstate.load_scenario(wh, "mine")["params_json"].iloc[0]) == changed


@pytest.mark.parametrize(
    ("name", "params_json", "message"),
    [
        ("   ", DEFAULT, "give the scenario a name"),
        ("\u200b\u200b", DEFAULT, "give the scenario a name"),
        ("x" * 81, DEFAULT, "at most 80 characters"),
        ("bad json", "{not json", "not readable JSON"),
        ("a list", "[1, 2]", "must be a set of named parameters"),
        ("unknown", '{"vi_share": 0.5, "colour": 1}', "unknown parameters"),
        ("out of bounds", '{"vi_share": 2.0}', "between 0 and 1"),
        ("huge", '{"vi_share": ' + "9" * 400 + "}", "integer of 400 digits"),
        ("split", '{"amd_split": 0.5}', "vendor split must sum to 1"),
    ],
)
def test_bad_input_is_rejected_and_nothing_is_written(
    wh: Warehouse, name: str, params_json: str, message: str
) -> None:
    with pytest.raises(ScenarioError, match=message):
        userstate.save_scenario(wh, name, params_json)
    assert userstate.list_scenarios(wh).empty


def test_saving_does_not_wait_for_a_refresh(wh: Warehouse) -> None:
    with (wh.path.parent / ".refresh.lock").open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        for i in range(20):
            userstate.save_scenario(wh, f"s{i}", DEFAULT)
    assert len(userstate.list_scenarios(wh)) == 20


def test_scenarios_of_an_old_warehouse_are_carried_over_once(wh: Warehouse) -> None:
    with wh.writer() as session:
        for name in ("old one", "mine", "   "):
            session.execute(
                "INSERT INTO scenarios VALUES (:n, :p, CURRENT_TIMESTAMP)",
                {"n": name, "p": DEFAULT},
            )
    userstate.save_scenario(wh, "mine", params_to_json(PRESETS["edge"].params))
    assert userstate.carry_over(wh) == 1  # "mine" is kept as saved in the store; "   " unusable
    assert userstate.carry_over(wh) == 0  # once
    names = sorted(userstate.list_scenarios(wh)["name"])
    assert names == ["mine", "old one"]
    mine = userstate.load_scenario(wh, "mine")["params_json"].iloc[0]
    assert params_from_json(mine) == PRESETS["edge"].params


def test_stored_json_lists_every_parameter() -> None:
    text = params_to_json(PRESETS["fragmented"].params)
    assert params_from_json(text) == PRESETS["fragmented"].params
    assert '"open_share": 0.33' in text and '"app_spend": 37.0' in text
