"""Scenarios: the value-flow model (ECONOMICS.md §5). Sliders for every parameter (with its
source), the essay's three futures as presets, a Sankey of the flows, $ by layer for two
scenarios side by side, $ over a horizon of years, scenarios saved by name in the user-state
store (``warehouse.userstate``, never the warehouse) and encoded in the URL (``?scenario=<code>``) so a link reproduces them."""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from charts.pages import scenarios as ss
from charts.spec import ChartSpec
from market import scenarios as sc
from ui import params
from ui.charts import chart_block
from ui.data import warehouse
from ui.memo import memo_pack_button
from ui.text import md
from warehouse import userstate
from warehouse.queries import scenarios as qs

SPECS = {s["name"]: s for s in sc.parameter_specs()}
GROUPS = {
    "Demand and prices": ("app_spend", "inference_ratio", "price_decline", "elasticity", "years"),
    "Who runs inference": ("edge_share", "vi_share", "open_share"),
    "Margins": ("api_margin", "provider_margin", "cloud_margin", "accelerator_margin"),
    "Hardware": ("accelerator_cost_share", "amd_split", "asic_split"),
}
NUMBER_INPUTS = {"app_spend": 1.0, "price_decline": 1.0}  # wide ranges: typed, not slid
STEPS = {"years": 0.5, "elasticity": 0.05}


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False)
def _spec(name: str, *args: Any) -> ChartSpec:
    """Chart-set spec ``name`` cached on its inputs: a slider move rebuilds only the charts
    whose scenario changed (plotly figure construction costs tens of ms each)."""
    return getattr(ss, name)(*args)


def _key(name: str) -> str:
    return f"scn_{name}"


def _apply(p: sc.ValueFlowParams) -> None:
    """Put ``p`` into the widgets (Nvidia's split is derived: 1 − AMD − ASIC)."""
    for f in dataclasses.fields(p):
        st.session_state[_key(f.name)] = float(getattr(p, f.name))


def _saved(fn: Any, **kwargs: Any) -> pd.DataFrame:
    """A Loader for saved scenarios: read fresh from the user-state store (not cached on
    the warehouse version, which a save does not change)."""
    return fn(warehouse(), **kwargs)


def _load_choice() -> None:
    try:
        _, p = ss.resolve(_saved, st.session_state["scn_pick"])
    except sc.ScenarioError as exc:
        st.session_state["scn_link_error"] = f"Could not load that scenario: {md(exc)}."
        return
    _apply(p)
    st.session_state.pop("scn_link_error", None)


def _link(params_json: str) -> str:
    try:
        return "?scenario=" + sc.encode_scenario(qs.params_from_json(params_json))
    except sc.ScenarioError as exc:
        return f"(unreadable: {exc})"


st.title("Scenarios")
st.caption(
    "Where a dollar of AI-app spend ends up, layer by layer: the money-conserving flow model "
    "of ECONOMICS.md §5. Outputs illustrate the assumptions; they are not forecasts."
)

if "scn_init" not in st.session_state:  # first run of the session: the link decides
    code = st.query_params.get("scenario")
    try:
        _apply(sc.decode_scenario(code) if code else sc.ValueFlowParams())
    except sc.ScenarioError as exc:
        st.session_state["scn_link_error"] = (
            f"The scenario link is not valid: {md(exc, 300)}. Showing the default preset instead."
        )
        _apply(sc.ValueFlowParams())
    st.session_state["scn_init"] = True
if "scn_link_error" in st.session_state:
    st.error(st.session_state["scn_link_error"], icon=":material/link_off:")

try:
    if "scn_carried" not in st.session_state:  # scenarios saved in an old warehouse file
        userstate.carry_over(warehouse())
        st.session_state["scn_carried"] = True
    saved = userstate.list_scenarios(warehouse())
except SQLAlchemyError as exc:
    st.error(
        f"The saved-scenario store is not reachable ({md(type(exc).__name__)}); presets "
        "still work. Check ATLAS_USERSTATE_URL.",
        icon=":material/error:",
    )
    saved = pd.DataFrame(columns=["name", "params_json", "saved_at"])
options = ss.choices(saved)
with st.container(border=True):
    p1, p2 = st.columns([4, 1], vertical_alignment="bottom")
    p1.selectbox(
        "Start from a preset or a saved scenario", list(options),
        format_func=lambda choice: options.get(choice, choice), key="scn_pick",
    )  # fmt: skip
    p2.button("Load into A", on_click=_load_choice, width="stretch", key="scn_load")
    with st.expander("The three futures (presets) and what each changes"):
        for preset in sc.PRESETS.values():
            changes = "; ".join(f"`{k}` = {v}" for k, v in preset.changes.items())
            st.markdown(f"**{preset.title}**: “{preset.quote}”  \nChanges: {changes}")
        st.caption(f"Source: {sc.ESSAY}.")

st.subheader("Scenario A")
values: dict[str, float] = {}
columns = st.columns(len(GROUPS))
for column, (heading, names) in zip(columns, GROUPS.items(), strict=True):
    column.markdown(f"**{heading}**")
    for name in names:
        spec = SPECS[name]
        lo, hi = spec["bounds"]
        low, high, key = float(lo), float(hi), _key(name)
        help_text = f"Source: {spec['source']}"
        if name in NUMBER_INPUTS:
            values[name] = column.number_input(
                spec["label"], low, high, step=NUMBER_INPUTS[name], help=help_text, key=key
            )
        else:
            step = STEPS.get(name, 0.005)
            values[name] = column.slider(
                spec["label"], low, high, step=step, help=help_text, key=key
            )
values["nvidia_split"] = round(1.0 - values["amd_split"] - values["asic_split"], 10)
columns[-1].caption(
    f"Nvidia share of accelerator revenue: {values['nvidia_split']:.3f} (1 − AMD − ASIC; "
    f"source: {SPECS['nvidia_split']['source']})"
)
if values["nvidia_split"] < 0:
    st.error(
        f"AMD ({values['amd_split']:g}) and custom-ASIC ({values['asic_split']:g}) shares of "
        "accelerator revenue add up to more than 1, leaving Nvidia a negative share; lower "
        "one of them.",
        icon=":material/error:",
    )
    st.stop()
try:
    a = sc.ValueFlowParams(**values)
except sc.ScenarioError as exc:
    st.error(f"These parameters are not usable: {md(exc)}.", icon=":material/error:")
    st.stop()
code = sc.encode_scenario(a)
st.query_params["scenario"] = code

b_choice = params.choice(
    "Compare with (B)", list(options), key="scn_b", default="concentrated",
    format_func=options.get,
)  # fmt: skip
try:
    b_label, b = ss.resolve(_saved, b_choice or "default")
except sc.ScenarioError as exc:
    st.error(f"Scenario B cannot be shown: {md(exc)}.", icon=":material/error:")
    st.stop()
named = {f"A: {ss.label_of(a)}": a, f"B: {b_label}": b}
flow_a, flow_b = sc.value_flow(a), sc.value_flow(b)

m = st.columns(4)
for col, (label, fn) in zip(
    m,
    {
        "Inference spend": lambda f: f.inference_spend,
        "Accelerator vendors' revenue": lambda f: f.accelerator_revenue,
        "Clouds keep": lambda f: f.retained(sc.CLOUDS),
        "AI apps keep": lambda f: f.retained(sc.APPS),
    }.items(),
    strict=True,
):
    va, vb = fn(flow_a), fn(flow_b)
    col.metric(f"{label} (A)", f"${va:,.2f}B/yr", delta=f"{va - vb:+,.2f} vs B", delta_color="off")

tab_a, tab_b = st.tabs(["Flows of A", "Flows of B"])
with tab_a:
    shown = [_spec("sankey_spec", a, "A")]
    chart_block(shown[-1], key="scn-sankey-a")
with tab_b:
    shown.append(_spec("sankey_spec", b, "B", b_label))
    chart_block(shown[-1], key="scn-sankey-b")

st.subheader("$ by layer, A vs B")
shown.append(_spec("layers_spec", named))
chart_block(shown[-1], key="scn-layers")
table = ss.layer_table({"A": flow_a, "B": flow_b})
wide = table.pivot_table(index="layer", columns="scenario", values="usd_b", sort=False)
wide = wide.assign(diff=wide["B"] - wide["A"]).reset_index()
st.dataframe(
    wide,
    hide_index=True,
    width="stretch",
    column_config={
        "layer": "Layer",
        "A": st.column_config.NumberColumn("A ($B/yr)", format="%.3f"),
        "B": st.column_config.NumberColumn("B ($B/yr)", format="%.3f"),
        "diff": st.column_config.NumberColumn("B − A ($B/yr)", format="%+.3f"),
    },
)

st.subheader("Over time")
horizon = int(
    params.number(
        "Horizon (years)", key="scn_h", default=5, min_value=0, max_value=10, step=1, slider=True
    )
)
shown.append(_spec("path_spec", a, horizon))
chart_block(shown[-1], key="scn-path")

st.subheader("Save and share")


def _save(name: str, params_json: str, *, overwrite: bool) -> None:
    """Save; on a taken name, remember it so the page asks before overwriting."""
    try:
        stored = userstate.save_scenario(warehouse(), name, params_json, overwrite=overwrite)
    except userstate.ScenarioExists:
        st.session_state["scn_confirm"] = (userstate.clean_name(name), params_json)
        return
    except sc.ScenarioError as exc:
        st.error(f"Not saved: {md(exc)}.", icon=":material/error:")
        return
    except SQLAlchemyError as exc:
        st.error(
            f"Not saved: the saved-scenario store failed ({md(type(exc).__name__)}).",
            icon=":material/error:",
        )
        return
    st.session_state.pop("scn_confirm", None)
    # rerun so the pickers list the new scenario; the message survives the rerun
    st.session_state["scn_saved"] = f"Saved “{md(stored)}”. It is now in the pickers."
    st.rerun()


s1, s2 = st.columns([3, 1], vertical_alignment="bottom")
name = s1.text_input("Scenario name", key="scn_name", max_chars=userstate.MAX_NAME_LENGTH)
if s2.button("Save scenario A", width="stretch", key="scn_save"):
    _save(name, qs.params_to_json(a), overwrite=False)
if "scn_confirm" in st.session_state:
    taken, pending = st.session_state["scn_confirm"]
    st.warning(
        f"A scenario named “{md(taken)}” is already saved. Replace it with these parameters?",
        icon=":material/warning:",
    )
    c1, c2, _ = st.columns([1, 1, 3])
    if c1.button("Replace it", key="scn_overwrite", type="primary"):
        _save(taken, pending, overwrite=True)
    if c2.button("Keep the saved one", key="scn_keep"):
        st.session_state.pop("scn_confirm", None)
        st.rerun()
if "scn_saved" in st.session_state:
    st.success(st.session_state.pop("scn_saved"), icon=":material/check:")
st.markdown("Link to scenario A (the page URL already carries it):")
st.code(f"?scenario={code}", language=None)
same = [
    n
    for n, t in zip(saved["name"], saved["params_json"], strict=True)
    if _link(t) == f"?scenario={code}"
]
pack = same[0] if same else (name.strip() or ss.label_of(a))
st.markdown(f"Memo pack of these charts (scenario A = {md(pack, 80)}, B = {md(b_label, 80)}):")
memo_pack_button(shown, f"Scenario {pack} vs {b_label}", key="scn-memo-pack")
if not saved.empty:
    with st.expander(f"{len(saved)} saved scenario(s)"):
        listing = pd.DataFrame(
            {
                "name": saved["name"],
                "saved_at": saved["saved_at"],
                "link": [_link(t) for t in saved["params_json"]],
            }
        )
        st.dataframe(
            listing,
            hide_index=True,
            width="stretch",
            column_config={
                "name": "Name",
                "saved_at": st.column_config.DatetimeColumn("Saved (UTC)"),
                "link": "Link",
            },
        )
