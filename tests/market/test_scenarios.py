"""Value-flow model: invariants of ECONOMICS.md §5.5, presets, and scenario codes."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from market.scenarios import (
    ACCELERATORS,
    API,
    APPS,
    CLOUDS,
    EDGE,
    NODES,
    NVIDIA,
    PRESETS,
    PROVIDERS,
    USERS,
    VI,
    ScenarioError,
    ValueFlowParams,
    _b64,
    _checksum,
    decode_scenario,
    encode_scenario,
    implied_vi_share,
    inference_spend,
    min_app_hhi,
    parameter_specs,
    spend_factor,
    value_flow,
    value_flow_path,
)

TOL = 1e-9
UNIT = st.floats(0.0, 1.0)


@st.composite
def params(draw: st.DrawFn, **fixed: float) -> ValueFlowParams:
    nvidia = draw(UNIT)
    amd = draw(st.floats(0.0, 1.0 - nvidia))
    values = {
        "app_spend": draw(st.floats(0.0, 1000.0)),
        "inference_ratio": draw(UNIT), "edge_share": draw(UNIT), "vi_share": draw(UNIT),
        "open_share": draw(UNIT), "api_margin": draw(UNIT), "provider_margin": draw(UNIT),
        "cloud_margin": draw(UNIT), "accelerator_cost_share": draw(UNIT),
        "accelerator_margin": draw(UNIT),
        "nvidia_split": nvidia, "amd_split": amd, "asic_split": 1.0 - nvidia - amd,
        "price_decline": draw(st.floats(1.0, 1000.0)), "elasticity": draw(st.floats(0.0, 3.0)),
        "years": draw(st.floats(0.0, 10.0)),
    }  # fmt: skip
    values.update(fixed)
    return ValueFlowParams(**values)


def _flows(p: ValueFlowParams) -> dict[tuple[str, str], float]:
    return {(e.source, e.target): e.value for e in value_flow(p).edges}


# --- Golden default output (hand arithmetic from the §5.2 defaults) ---------------------------


def test_default_flows_by_hand() -> None:
    f = value_flow()
    i = 37 * 0.23  # 8.51
    api, prov = 0.8 * 0.5 * 0.95 * i, 0.2 * 0.5 * 0.95 * i  # 3.2338, 0.80845
    k = 0.5 * 0.95 * i + 0.5 * api + 0.7 * prov  # 6.225065
    assert f.inference_spend == pytest.approx(8.51)
    expected = {APPS: 37 - i, EDGE: 0.05 * i, API: 0.5 * api, PROVIDERS: 0.3 * prov,
                CLOUDS: 0.5 * k, NVIDIA: 0.85 * 0.5 * 0.5 * k}  # fmt: skip
    for name, value in expected.items():
        assert f.retained(name) == pytest.approx(value, abs=1e-12)
    assert round(f.retained(NVIDIA), 3) == 1.323 and round(f.retained(CLOUDS), 3) == 3.113
    assert f.nodes[NVIDIA].gross_profit == pytest.approx(0.75 * f.retained(NVIDIA))


# --- §5.5 invariants --------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(params())
def test_conservation_and_non_negativity(p: ValueFlowParams) -> None:
    f = value_flow(p)
    scale = max(1.0, p.app_spend)
    for node in f.nodes.values():
        assert node.inflow == pytest.approx(node.retained + node.outflow, abs=TOL * scale)
        assert min(node.inflow, node.retained, node.outflow) >= -TOL * scale
    assert all(e.value >= 0 for e in f.edges)
    assert sum(n.retained for n in f.nodes.values()) == pytest.approx(p.app_spend, abs=TOL * scale)
    assert f.inference_spend <= p.app_spend
    k = f.nodes[CLOUDS].inflow
    acc = p.accelerator_cost_share * (1 - p.cloud_margin) * k
    assert f.accelerator_revenue == pytest.approx(acc, abs=TOL * scale)


@settings(max_examples=100, deadline=None)
@given(params(), st.floats(0.01, 100.0))
def test_homogeneous_of_degree_one_in_spend(p: ValueFlowParams, lam: float) -> None:
    scaled = dataclasses.replace(p, app_spend=min(100_000.0, lam * p.app_spend))
    factor = scaled.app_spend / p.app_spend if p.app_spend else 0.0
    base, big = _flows(p), _flows(scaled)
    for edge, value in base.items():
        assert big[edge] == pytest.approx(factor * value, rel=1e-9, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(params(), UNIT, UNIT)
def test_monotone_in_vertical_integration(p: ValueFlowParams, v1: float, v2: float) -> None:
    lo, hi = (value_flow(dataclasses.replace(p, vi_share=v)) for v in sorted((v1, v2)))
    tol = TOL * max(1.0, p.app_spend)
    assert hi.accelerator_revenue >= lo.accelerator_revenue - tol
    assert hi.retained(API) <= lo.retained(API) + tol
    assert hi.retained(PROVIDERS) <= lo.retained(PROVIDERS) + tol


def test_vertical_integration_strictly_raises_hardware_when_a_margin_is_skipped() -> None:
    base = ValueFlowParams()
    more = dataclasses.replace(base, vi_share=0.9)
    assert value_flow(more).accelerator_revenue > value_flow(base).accelerator_revenue
    no_margins = dataclasses.replace(base, api_margin=0.0, provider_margin=0.0)
    flat = [value_flow(dataclasses.replace(no_margins, vi_share=v)).accelerator_revenue
            for v in (0.1, 0.9)]  # fmt: skip
    assert flat[0] == pytest.approx(flat[1])


@settings(max_examples=100, deadline=None)
@given(params(), UNIT, UNIT)
def test_monotone_in_edge_share(p: ValueFlowParams, e1: float, e2: float) -> None:
    lo, hi = (value_flow(dataclasses.replace(p, edge_share=e)) for e in sorted((e1, e2)))
    tol = TOL * max(1.0, p.app_spend)
    assert hi.retained(EDGE) >= lo.retained(EDGE) - tol
    assert hi.accelerator_revenue <= lo.accelerator_revenue + tol
    # edge hardware is linear in e with slope I, so strictly increasing whenever I > 0
    gain = hi.retained(EDGE) - lo.retained(EDGE)
    assert gain == pytest.approx(abs(e2 - e1) * lo.inference_spend, abs=tol)


@settings(max_examples=100, deadline=None)
@given(params(), st.floats(0.0, 10.0), st.floats(0.0, 10.0))
def test_app_retained_over_time_follows_elasticity(
    p: ValueFlowParams, t1: float, t2: float
) -> None:
    early, late = (value_flow(dataclasses.replace(p, years=t)) for t in sorted((t1, t2)))
    tol = TOL * max(1.0, p.app_spend)
    if p.elasticity <= 1:
        assert late.retained(APPS) >= early.retained(APPS) - tol
    else:
        assert late.retained(APPS) <= early.retained(APPS) + tol


def test_hardware_margin_splits_profit_without_moving_money() -> None:
    lo, hi = (value_flow(ValueFlowParams(accelerator_margin=m)) for m in (0.5, 0.75))
    assert hi.accelerator_revenue == lo.accelerator_revenue
    assert hi.nodes[NVIDIA].gross_profit > lo.nodes[NVIDIA].gross_profit


def test_limits() -> None:
    all_edge = value_flow(ValueFlowParams(edge_share=1.0))
    assert all_edge.retained(EDGE) == pytest.approx(all_edge.inference_spend)
    assert all_edge.nodes[CLOUDS].inflow == 0
    integrated = _flows(ValueFlowParams(vi_share=1.0))
    assert integrated[(APPS, API)] == 0 and integrated[(APPS, PROVIDERS)] == 0
    assert _flows(ValueFlowParams(open_share=0.0))[(APPS, PROVIDERS)] == 0
    nothing = value_flow(ValueFlowParams(inference_ratio=0.0))
    assert nothing.retained(APPS) == nothing.params.app_spend


# --- Spend over time --------------------------------------------------------------------------


def test_spend_factor_constant_elasticity_form() -> None:
    assert spend_factor(10, 1.0, 5) == 1.0  # unit elasticity: spend flat
    assert spend_factor(10, 2.0, 1) == pytest.approx(10.0)  # LLMflation 10×, η = 2
    assert spend_factor(10, 0.0, 1) == pytest.approx(0.1)  # fixed quantity: spend falls 10×
    capped = ValueFlowParams(elasticity=3.0, years=3.0)
    assert inference_spend(capped) == capped.app_spend


def test_value_flow_path() -> None:
    path = value_flow_path(ValueFlowParams(elasticity=1.2), 3)
    assert [f.params.years for f in path] == [0, 1, 2, 3]
    assert path[1].inference_spend == pytest.approx(37 * 0.23 * 10**0.2)
    with pytest.raises(ScenarioError, match="horizon"):
        value_flow_path(ValueFlowParams(), 11)


# --- Parameters -------------------------------------------------------------------------------


def test_every_parameter_has_bounds_and_source() -> None:
    specs = parameter_specs()
    assert len({s["key"] for s in specs}) == len(specs) == 16
    for s in specs:
        lo, hi = s["bounds"]
        assert lo <= s["default"] <= hi and s["source"] and s["label"]
    by_name = {s["name"]: s for s in specs}
    assert "LLMflation" in by_name["price_decline"]["source"]
    assert "Sequoia" in by_name["cloud_margin"]["source"]
    assert by_name["years"]["source"] == "assumption"


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"vi_share": 1.2}, "vi_share (Vertically integrated share of cloud inference) must be"),
        ({"app_spend": -1.0}, "app_spend"),
        ({"price_decline": 0.5}, "between 1 and 1000"),
        ({"edge_share": float("nan")}, "edge_share"),
        ({"elasticity": "1"}, "must be a number"),
        ({"years": True}, "must be a number"),
        ({"nvidia_split": 0.9}, "vendor split must sum to 1"),
    ],
)
def test_invalid_parameters_are_explained(kwargs: dict, needle: str) -> None:
    with pytest.raises(ScenarioError) as info:
        ValueFlowParams(**kwargs)
    assert needle in str(info.value)


def test_hhi_link_section_5_4() -> None:
    assert min_app_hhi(0.5, 3) == pytest.approx(833.33, abs=0.01)
    assert implied_vi_share(1800, 3) == pytest.approx(0.735, abs=5e-4)
    assert implied_vi_share(10_000, 2) == 1.0
    with pytest.raises(ScenarioError):
        implied_vi_share(1800, 0)


# --- Presets ----------------------------------------------------------------------------------


def test_presets_are_the_three_futures() -> None:
    assert set(PRESETS) == {"concentrated", "fragmented", "edge"}
    default = value_flow()
    defaults = ValueFlowParams()
    for preset in PRESETS.values():
        changed = {f.name for f in dataclasses.fields(defaults)
                   if getattr(preset.params, f.name) != getattr(defaults, f.name)}  # fmt: skip
        assert changed == set(preset.changes) and preset.quote and "000_bad84d" in preset.source
    conc, frag, edge = (
        value_flow(PRESETS[k].params) for k in ("concentrated", "fragmented", "edge")
    )
    assert PRESETS["concentrated"].params.vi_share == 0.735
    assert conc.accelerator_revenue > default.accelerator_revenue
    assert frag.retained(PROVIDERS) > default.retained(PROVIDERS)
    assert frag.accelerator_revenue < default.accelerator_revenue
    assert edge.retained(EDGE) > default.retained(EDGE)
    assert edge.accelerator_revenue < default.accelerator_revenue


def test_sankey_lists() -> None:
    s = value_flow(ValueFlowParams(vi_share=1.0)).sankey()
    assert s["labels"] == list(NODES)
    assert len(s["source"]) == len(s["target"]) == len(s["value"]) and min(s["value"]) > 0
    pairs = {
        (s["labels"][a], s["labels"][b]) for a, b in zip(s["source"], s["target"], strict=True)
    }
    assert (USERS, APPS) in pairs and (VI, CLOUDS) in pairs and (APPS, API) not in pairs
    assert {(CLOUDS, n) for n in ACCELERATORS} <= pairs


# --- Scenario codes ---------------------------------------------------------------------------


def test_codes_round_trip_and_are_compact() -> None:
    assert decode_scenario(encode_scenario(ValueFlowParams())) == ValueFlowParams()
    for preset in PRESETS.values():
        code = encode_scenario(preset.params)
        assert decode_scenario(code) == preset.params and len(code) < 40
        assert all(c.isalnum() or c in "-_." for c in code)


@settings(max_examples=100, deadline=None)
@given(params())
def test_codes_round_trip_any_valid_scenario(p: ValueFlowParams) -> None:
    assert decode_scenario(encode_scenario(p)) == p


def _forge(payload: object) -> str:
    body = _b64(json.dumps(payload).encode())
    return f"v1.{body}.{_checksum(body)}"


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda c: c.replace("v1.", "v2.", 1), "must look like"),
        (lambda c: c[:-1] + ("A" if c[-1] != "A" else "B"), "checksum mismatch"),
        (lambda c: c.split(".")[0] + "." + c.split(".")[1][:-2] + "." + c.split(".")[2],
         "checksum mismatch"),
        (lambda c: c.rsplit(".", 1)[0], "must look like"),
        (lambda c: c + "x" * 2000, "at most 1024"),
        (lambda c: _forge({"v": 7}), "vi_share"),
        (lambda c: _forge({"zz": 1}), "unknown parameter keys ['zz']"),
        (lambda c: _forge([1, 2]), "named parameters"),
        (lambda c: "v1.%%%%." + _checksum("%%%%"), "unreadable"),
    ],
)  # fmt: skip
def test_tampered_codes_are_rejected(mutate, needle: str) -> None:
    code = encode_scenario(PRESETS["fragmented"].params)
    with pytest.raises(ScenarioError) as info:
        decode_scenario(mutate(code))
    assert needle in str(info.value)


def test_decode_rejects_non_strings() -> None:
    with pytest.raises(ScenarioError):
        decode_scenario(None)  # type: ignore[arg-type]
    assert math.isclose(decode_scenario(_forge({"v": 0.25})).vi_share, 0.25)
