"""Chart set and pure logic of the Scenarios page: the value-flow model (ECONOMICS.md §5) for
scenario A (a URL scenario code) against scenario B (a preset or a saved scenario): a Sankey
of the flows, $ by layer side by side, and $ by layer over a horizon of years.

No Streamlit here: the page and the batch exporter both call these functions."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from charts import scenarios as charts
from charts.provenance import Loader
from charts.spec import ChartSpec
from market import scenarios as sc
from warehouse import userstate
from warehouse.queries import scenarios as qs

DEFAULTS: dict[str, Any] = {
    "code": "",  # "" = default parameters; else an encode_scenario() code
    "compare": "concentrated",  # B: "default", a preset key or "saved:<name>"
    "horizon": 5,  # years for the spend-over-time chart
}
MODEL_SOURCE = "Inference Atlas value-flow model (ECONOMICS.md §5)"
SAVED = "saved:"
#: Layers that keep money, in flow order (End users and in-house VI only pass it on).
LAYERS = (sc.APPS, sc.EDGE, sc.API, sc.PROVIDERS, sc.CLOUDS, sc.ENERGY, *sc.ACCELERATORS)
LAYER_NAMES = {sc.APPS: "AI apps (kept)"}
_SPECS = {s["name"]: s for s in sc.parameter_specs()}


def choices(saved: pd.DataFrame) -> dict[str, str]:
    """Options for a scenario picker: "default", each preset, each saved scenario -> label."""
    out = {"default": "Defaults (ECONOMICS.md §5.2)"}
    out.update({k: f"Preset: {p.title}" for k, p in sc.PRESETS.items()})
    if not saved.empty:
        out.update({f"{SAVED}{n}": f"Saved: {n}" for n in saved["name"]})
    return out


def resolve(load: Loader, choice: str) -> tuple[str, sc.ValueFlowParams]:
    """(short label, parameters) of a picker choice; ScenarioError if it cannot be used."""
    if choice in ("", "default"):
        return "defaults", sc.ValueFlowParams()
    if choice in sc.PRESETS:
        return sc.PRESETS[choice].title, sc.PRESETS[choice].params
    if choice.startswith(SAVED):
        name = choice.removeprefix(SAVED)
        row = load(userstate.load_scenario, name=name)
        if row.empty:
            raise sc.ScenarioError(f"no saved scenario named {name!r}")
        return f"saved '{name}'", qs.params_from_json(str(row["params_json"].iloc[0]))
    raise sc.ScenarioError(f"unknown scenario {choice!r}")


def label_of(p: sc.ValueFlowParams) -> str:
    """The preset's title if ``p`` is a preset (or the defaults), else "custom"."""
    if p == sc.ValueFlowParams():
        return "defaults"
    return next((x.title for x in sc.PRESETS.values() if x.params == p), "custom")


def describe(p: sc.ValueFlowParams) -> str:
    """Parameters that differ from the defaults, e.g. "Edge share of inference 0.5"."""
    changed = [
        f"{_SPECS[f.name]['label']} {getattr(p, f.name):g}"
        for f in dataclasses.fields(p)
        if getattr(p, f.name) != f.default
    ]
    return "; ".join(changed) or "defaults of ECONOMICS.md §5.2"


def source(named: dict[str, sc.ValueFlowParams]) -> str:
    """The caption source for a model output with these scenarios (keyed "A", "B: …")."""
    return f"{MODEL_SOURCE}; parameters: " + " | ".join(
        f"{name.split(':')[0]} = {describe(p)}" for name, p in named.items()
    )


def edges(flow: sc.ValueFlow) -> pd.DataFrame:
    return pd.DataFrame(
        [(e.source, e.target, e.value) for e in flow.edges], columns=["source", "target", "usd_b"]
    )


def layer_table(named: dict[str, sc.ValueFlow]) -> pd.DataFrame:
    """Long table: layer, scenario, $B/yr kept, % of end-user spend."""
    rows = [
        {
            "layer": LAYER_NAMES.get(n, n),
            "scenario": name,
            "usd_b": flow.retained(n),
            "pct_of_spend": 100.0 * flow.retained(n) / flow.params.app_spend
            if flow.params.app_spend
            else 0.0,
        }
        for name, flow in named.items()
        for n in LAYERS
    ]
    return pd.DataFrame(rows, columns=["layer", "scenario", "usd_b", "pct_of_spend"])


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def specs(load: Loader, **params: Any) -> list[ChartSpec]:
    """Sankeys of A and B, $ by layer A vs B, and A's $ by layer over the horizon."""
    p = {**DEFAULTS, **params}
    a = sc.decode_scenario(p["code"]) if p["code"] else sc.ValueFlowParams()
    b_label, b = resolve(load, p["compare"])
    named = {f"A: {label_of(a)}": a, f"B: {b_label}": b}
    return [
        sankey_spec(a, "A"),
        sankey_spec(b, "B", b_label),
        layers_spec(named),
        path_spec(a, int(p["horizon"])),
    ]


def sankey_spec(p: sc.ValueFlowParams, tag: str = "A", label: str = "") -> ChartSpec:
    """Flows from the AI apps' inference spend down to the hardware. The End users -> AI
    apps edge is left out (the apps keep most of it, which would dwarf every other flow);
    the subtitle says how much."""
    flow = sc.value_flow(p)
    data = edges(flow)
    data = data[data["source"] != sc.USERS].reset_index(drop=True)
    hw, spend = flow.accelerator_revenue, p.app_spend
    share = hw / spend if spend else 0.0
    title = (
        f"{share:.1%} of end-user AI spend (${hw:,.2f}B of ${spend:,.0f}B/yr) reaches "
        f"accelerator vendors"
    )
    subtitle = (
        f"Scenario {tag}: {label or label_of(p)} · year {p.years:g} from base · $B per year"
        f" · drawn: the ${flow.inference_spend:,.2f}B inference spend; AI apps keep the other "
        f"${flow.retained(sc.APPS):,.2f}B"
    )
    return ChartSpec(
        name=f"value-flow-sankey-{tag.lower()}",
        figure=charts.sankey(data, title=title, subtitle=subtitle),
        data=data,
        title=title,
        source=source({tag: p}),
        as_of=_today(),
        subtitle=subtitle,
        method="Money-conserving flow graph of ECONOMICS.md §5.1; zero flows omitted.",
    )


def layers_spec(named: dict[str, sc.ValueFlowParams]) -> ChartSpec:
    """$ kept per layer, one bar per scenario; the title names the biggest difference."""
    data = layer_table({name: sc.value_flow(p) for name, p in named.items()})
    names = list(named)
    wide = data.pivot_table(index="layer", columns="scenario", values="usd_b", sort=False)
    if len(names) == 2 and not wide.empty:
        diff = (wide[names[1]] - wide[names[0]]).sort_values(key=abs, ascending=False)
        layer = diff.index[0]
        a, b = wide.loc[layer, names[0]], wide.loc[layer, names[1]]
        title = f"{layer} moves most from A to B: ${a:,.2f}B → ${b:,.2f}B per year"
    else:
        title = "Money kept by each layer"
    subtitle = " vs ".join(names) + " · $B per year kept by each layer"
    return ChartSpec(
        name="value-by-layer",
        figure=charts.layer_bars(data, title=title, subtitle=subtitle),
        data=data,
        title=title,
        source=source(named),
        as_of=_today(),
        subtitle=subtitle,
        method="Retained $ per node of the §5.1 graph (inflow minus outflow); accelerator "
        "vendors' revenue, not profit.",
    )


def path_table(p: sc.ValueFlowParams, horizon: int) -> pd.DataFrame:
    """$B/yr kept per layer fed by inference spend, for years 0..horizon, plus inference
    spend itself (the AI apps keep app spend minus inference spend)."""
    rows = []
    for flow in sc.value_flow_path(p, horizon):
        year = int(flow.params.years)
        rows.append({"year": year, "layer": "Inference spend", "usd_b": flow.inference_spend})
        rows += [
            {"year": year, "layer": n, "usd_b": flow.retained(n)}
            for n in LAYERS
            if n != sc.APPS  # A − inference spend; it would squash the other lines
        ]
    return pd.DataFrame(rows, columns=["year", "layer", "usd_b"])


def path_spec(p: sc.ValueFlowParams, horizon: int) -> ChartSpec:
    data = path_table(p, horizon)
    spend = data[data["layer"] == "Inference spend"]["usd_b"]
    verb = "stays at" if abs(spend.iloc[-1] - spend.iloc[0]) < 1e-9 else "goes"
    if verb == "stays at":
        title = f"Inference spend stays at ${spend.iloc[0]:,.2f}B/yr over {horizon} years"
    else:
        title = (
            f"Inference spend goes from ${spend.iloc[0]:,.2f}B to ${spend.iloc[-1]:,.2f}B/yr "
            f"over {horizon} years"
        )
    subtitle = (
        f"Scenario A: {label_of(p)} · prices fall {p.price_decline:g}× per year, demand "
        f"elasticity η = {p.elasticity:g} (spend ∝ d^(t(η−1)), capped at app spend) · "
        "AI apps keep app spend minus inference spend"
    )
    return ChartSpec(
        name="value-by-layer-over-time",
        figure=charts.spend_path(data, title=title, subtitle=subtitle),
        data=data,
        title=title,
        source=source({"A": p}),
        as_of=_today(),
        subtitle=subtitle,
        method="value_flow_path: the §5.1 graph for t = 0..horizon with the other "
        "parameters fixed; I_t = min(A, ι·A·d^(t(η−1))).",
    )
