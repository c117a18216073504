"""The Scenarios page through Streamlit's AppTest: sliders, presets, A vs B, the URL code
(including a tampered one) and saving by name (on a copy of the offline warehouse)."""

from __future__ import annotations

import fcntl
import json
import shutil
from pathlib import Path

import pytest

from market import scenarios as sc
from tests.app.conftest import chart_titles, metrics, open_page
from warehouse import userstate
from warehouse.connection import Warehouse

PAGE = "scenarios"
DEFAULT_CODE = sc.encode_scenario(sc.ValueFlowParams())


@pytest.fixture
def writable_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offline_warehouse: Warehouse
) -> Warehouse:
    """A private copy of the offline warehouse, so saving does not touch the shared one."""
    db = tmp_path / "atlas.duckdb"
    shutil.copy(offline_warehouse.path, db)
    wh = Warehouse(f"duckdb:///{db}")
    monkeypatch.setenv("ATLAS_DATABASE_URL", wh.url)
    return wh


def test_default_scenario_is_drawn_and_encoded_in_the_url(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    assert not at.exception and not at.error
    assert at.title[0].value == "Scenarios"
    assert metrics(at)["Inference spend (A)"] == "$8.51B/yr"  # 37 × 0.23
    titles = chart_titles(at)
    assert len(titles) == 4  # Sankey of A, Sankey of B, A vs B, over time
    assert titles[0].endswith("reaches accelerator vendors")
    assert titles[3] == "Inference spend stays at $8.51B/yr over 5 years"
    assert at.query_params["scenario"] == DEFAULT_CODE
    sources = [c.value for c in at.caption if "value-flow model" in c.value]
    assert len(sources) == 4
    packs = [d for d in at.get("download_button") if d.proto.id.endswith("scn-memo-pack")]
    assert [d.proto.label for d in packs] == ["Memo pack (ZIP)"]
    assert sources[0].startswith(
        "Source: Inference Atlas value-flow model (ECONOMICS.md §5); parameters: A = defaults"
    )


def test_tampered_link_shows_a_message_and_the_default(app_env: Warehouse) -> None:
    code = sc.encode_scenario(sc.PRESETS["edge"].params)
    tampered = code.replace(code.split(".")[1], code.split(".")[1][:-2] + "xx")
    at = open_page(PAGE, scenario=tampered)
    assert not at.exception
    (error,) = at.error
    assert error.value == (
        "The scenario link is not valid: scenario code was modified or truncated (checksum "
        "mismatch). Showing the default preset instead."
    )
    assert at.slider(key="scn_edge_share").value == pytest.approx(0.05)
    assert at.query_params["scenario"] == DEFAULT_CODE


def test_garbage_link_is_also_refused(app_env: Warehouse) -> None:
    at = open_page(PAGE, scenario="<script>alert(1)</script>")
    assert not at.exception
    # shown as text: the angle brackets are escaped, not read as Markdown/HTML
    assert r"must look like 'v1.\<data\>.\<checksum\>'" in at.error[0].value


def test_a_link_reproduces_its_scenario(app_env: Warehouse) -> None:
    at = open_page(PAGE, scenario=sc.encode_scenario(sc.PRESETS["edge"].params), scn_b="default")
    assert not at.exception and not at.error
    assert at.slider(key="scn_edge_share").value == pytest.approx(0.5)
    assert chart_titles(at, "subtitle")[0].startswith("Scenario A: Inference moves to the edge")
    assert at.query_params["scenario"] == sc.encode_scenario(sc.PRESETS["edge"].params)


def test_a_slider_move_recomputes_and_updates_the_link(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    before = metrics(at)["Accelerator vendors' revenue (A)"]
    at.slider(key="scn_vi_share").set_value(0.9).run()
    assert not at.exception
    assert metrics(at)["Accelerator vendors' revenue (A)"] != before
    code = at.query_params["scenario"]
    assert sc.decode_scenario(code).vi_share == pytest.approx(0.9)


def test_loading_a_preset_sets_the_sliders(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.selectbox(key="scn_pick").set_value("concentrated")
    at.button(key="scn_load").click().run()
    assert not at.exception
    assert at.slider(key="scn_vi_share").value == pytest.approx(0.735)
    assert sc.decode_scenario(at.query_params["scenario"]) == sc.PRESETS["concentrated"].params


def test_vendor_split_over_one_is_explained(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.slider(key="scn_amd_split").set_value(0.5)
    at.slider(key="scn_asic_split").set_value(0.6).run()
    assert not at.exception
    assert at.error[0].value.startswith(
        "AMD (0.5) and custom-ASIC (0.6) shares of accelerator revenue add up to more than 1"
    )
    assert not at.get("plotly_chart")


def test_save_by_name_then_compare_with_it(writable_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.slider(key="scn_edge_share").set_value(0.3)
    at.text_input(key="scn_name").input("Edge 30%").run()
    at.button(key="scn_save").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Saved “Edge 30%”")
    assert list(userstate.list_scenarios(writable_env)["name"]) == ["Edge 30%"]
    assert writable_env.scalar("SELECT COUNT(*) FROM scenarios") == 0  # not in the warehouse
    at.selectbox(key="scn_b").set_value("saved:Edge 30%").run()
    assert not at.exception and not at.error
    assert chart_titles(at, "subtitle")[1].startswith("Scenario B: saved 'Edge 30%'")
    assert any("B = Edge (on-device) share of inference 0.3" in c.value for c in at.caption)


def test_saving_without_a_name_says_so(writable_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.button(key="scn_save").click().run()
    assert not at.exception
    assert at.error[0].value == "Not saved: give the scenario a name."


def test_saving_during_a_refresh_works(writable_env: Warehouse) -> None:
    """Saved scenarios live in the user-state store: the refresh lock does not block them."""
    at = open_page(PAGE)
    at.text_input(key="scn_name").input("mine")
    mtime = writable_env.path.stat().st_mtime_ns
    with (writable_env.path.parent / ".refresh.lock").open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        at.button(key="scn_save").click().run()
    assert not at.exception and not at.error
    assert list(userstate.list_scenarios(writable_env)["name"]) == ["mine"]
    assert writable_env.path.stat().st_mtime_ns == mtime  # the warehouse was not written


def test_saving_over_a_name_asks_first(writable_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.text_input(key="scn_name").input("  mine  ").run()
    at.button(key="scn_save").click().run()
    at.slider(key="scn_edge_share").set_value(0.3).run()
    at.text_input(key="scn_name").input("mine").run()
    at.button(key="scn_save").click().run()
    assert not at.exception and not at.success
    assert at.warning[0].value.startswith("A scenario named “mine” is already saved")
    before = userstate.load_scenario(writable_env, "mine")["params_json"].iloc[0]
    assert '"edge_share": 0.05' in before  # not replaced yet
    at.button(key="scn_overwrite").click().run()
    assert not at.exception and at.success[0].value.startswith("Saved “mine”")
    after = userstate.load_scenario(writable_env, "mine")["params_json"].iloc[0]
    assert '"edge_share": 0.3' in after


HOSTILE_NAME = '![i](https://evil.example/i.png) <a href="https://evil.example">x</a>'


def test_a_hostile_scenario_name_is_shown_as_text(writable_env: Warehouse) -> None:
    userstate.save_scenario(writable_env, HOSTILE_NAME, '{"edge_share": 0.3}')
    at = open_page(PAGE)
    at.selectbox(key="scn_b").set_value(f"saved:{HOSTILE_NAME}").run()
    assert not at.exception
    shown = [m.value for m in (*at.markdown, *at.caption, *at.success, *at.warning, *at.error)]
    for text in shown:
        assert "](https://evil" not in text and "<b>" not in text, text
    texts = " ".join(str(json.loads(chart.proto.spec)) for chart in at.get("plotly_chart"))
    assert "evil.example" in texts  # the name is shown (B's subtitle) ...
    assert "<a href" not in texts and "&lt;a href" in texts  # ... as text, not a link
