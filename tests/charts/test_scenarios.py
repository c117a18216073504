"""Value-flow chart builders and the Scenarios chart set, without Streamlit."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from charts import scenarios as charts
from charts.pages import scenarios as ss
from market import scenarios as sc
from warehouse import userstate

EDGE = sc.PRESETS["edge"].params


def no_saved_load(fn, **kwargs):  # noqa: ANN001, ANN201 - a Loader with no saved scenarios
    if fn is userstate.load_scenario:
        return pd.DataFrame(columns=["name", "params_json", "saved_at"])
    raise AssertionError(f"unexpected query {fn.__qualname__}")


def test_sankey_links_every_nonzero_flow_in_the_source_colour() -> None:
    edges = ss.edges(sc.value_flow(EDGE))
    fig = charts.sankey(edges, title="t", subtitle="s")
    (trace,) = fig.data
    shown = edges[edges["usd_b"] > 0]
    assert len(trace.link.value) == len(shown)
    assert sum(trace.link.value) == pytest.approx(shown["usd_b"].sum())
    assert trace.node.label[0] == "End users"
    assert trace.link.color[0].startswith("rgba(")
    assert trace.valuesuffix == " $B/yr"


def test_sankey_of_a_zero_scenario_says_so() -> None:
    zero = ss.edges(sc.value_flow(sc.ValueFlowParams(app_spend=0.0)))
    fig = charts.sankey(zero, title="t")
    assert fig.layout.annotations[0].text == "No money flows in this scenario"


def test_layer_bars_put_a_above_b_with_units() -> None:
    named = {"A: x": sc.value_flow(), "B: y": sc.value_flow(EDGE)}
    fig = charts.layer_bars(ss.layer_table(named), title="t")
    assert [t.name for t in fig.data] == ["B: y", "A: x"]  # first trace is drawn lowest
    assert fig.layout.legend.traceorder == "reversed"
    assert fig.layout.xaxis.title.text == "USD billions per year"
    assert list(fig.layout.yaxis.categoryarray)[-1] == "AI apps (kept)"


def test_spend_path_draws_inference_spend_dashed() -> None:
    data = ss.path_table(sc.ValueFlowParams(elasticity=1.2), 3)
    fig = charts.spend_path(data, title="t")
    total = next(t for t in fig.data if t.name == "Inference spend")
    assert total.line.dash == "dash" and list(total.x) == [0, 1, 2, 3]
    assert fig.layout.yaxis.title.text == "USD billions per year"


def test_layer_table_conserves_app_spend() -> None:
    table = ss.layer_table({"A": sc.value_flow(EDGE)})
    assert table["usd_b"].sum() == pytest.approx(EDGE.app_spend)
    assert table["pct_of_spend"].sum() == pytest.approx(100.0)
    assert list(table["layer"])[:2] == ["AI apps (kept)", "Edge devices"]


def test_path_table_is_flat_at_unit_elasticity_and_capped_above_it() -> None:
    flat = ss.path_table(sc.ValueFlowParams(), 4)
    spend = flat[flat["layer"] == "Inference spend"]["usd_b"]
    assert spend.nunique() == 1 and spend.iloc[0] == pytest.approx(37 * 0.23)
    rising = ss.path_table(sc.ValueFlowParams(elasticity=1.5), 4)
    spend = list(rising[rising["layer"] == "Inference spend"]["usd_b"])
    assert spend[1] == pytest.approx(37 * 0.23 * 10**0.5)
    assert spend[-1] == pytest.approx(37.0)  # min(A, ...): the bill cannot exceed app spend
    assert "AI apps (kept)" not in set(rising["layer"])


def test_specs_compare_a_code_with_a_preset() -> None:
    code = sc.encode_scenario(EDGE)
    sankey, sankey_b, layers, path = ss.specs(
        no_saved_load, code=code, compare="fragmented", horizon=3
    )
    assert sankey_b.subtitle.startswith("Scenario B: Fragmented apps on managed inference")
    assert sc.USERS not in set(sankey.data["source"])  # apps' kept spend is in the subtitle
    assert sankey.data["usd_b"].sum() > 0
    hw = sc.value_flow(EDGE).accelerator_revenue
    assert sankey.title == (
        f"{hw / 37:.1%} of end-user AI spend (${hw:,.2f}B of $37B/yr) reaches accelerator vendors"
    )
    assert sankey.source == (
        "Inference Atlas value-flow model (ECONOMICS.md §5); parameters: "
        "A = Edge (on-device) share of inference 0.5"
    )
    assert set(layers.data["scenario"]) == {
        "A: Inference moves to the edge",
        "B: Fragmented apps on managed inference",
    }
    assert layers.title.startswith("Edge devices moves most from A to B")
    assert "B = Vertically integrated share of cloud inference 0.2" in layers.source
    assert sorted(path.data["year"].unique()) == [0, 1, 2, 3]
    assert all(s.as_of for s in (sankey, layers, path))


def test_specs_reject_a_tampered_code() -> None:
    code = sc.encode_scenario(EDGE)
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    with pytest.raises(sc.ScenarioError, match="checksum"):
        ss.specs(no_saved_load, code=tampered)


def test_resolve_presets_defaults_and_missing_saved_scenarios() -> None:
    assert ss.resolve(no_saved_load, "default") == ("defaults", sc.ValueFlowParams())
    title, params = ss.resolve(no_saved_load, "concentrated")
    assert params.vi_share == pytest.approx(0.735)
    with pytest.raises(sc.ScenarioError, match="no saved scenario named 'gone'"):
        ss.resolve(no_saved_load, "saved:gone")
    with pytest.raises(sc.ScenarioError, match="unknown scenario"):
        ss.resolve(no_saved_load, "bogus")


def test_labels_and_descriptions() -> None:
    assert ss.label_of(sc.ValueFlowParams()) == "defaults"
    assert ss.label_of(EDGE) == "Inference moves to the edge"
    custom = dataclasses.replace(EDGE, years=2.0)
    assert ss.label_of(custom) == "custom"
    assert ss.describe(custom) == "Edge (on-device) share of inference 0.5; Years from base 2"
    saved = pd.DataFrame({"name": ["mine"]})
    assert ss.choices(saved)["saved:mine"] == "Saved: mine"
    assert list(ss.choices(saved.iloc[:0]))[:2] == ["default", "concentrated"]
