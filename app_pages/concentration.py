"""Concentration: HHI and CR4 per segment against the US 2023, US 2010 and EU 2004 guideline
bands, every basis of a segment side by side, an editable share table, a merger simulator
(ΔHHI and verdicts, diversion/GUPPI/UPP, logit price effects) and share-shift / entry / exit
what-ifs."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from charts import concentration_whatif as cw
from charts.pages import concentration as cs
from charts.spec import ChartSpec
from charts.theme import SEGMENT_LABELS
from market import concentration as mc
from ui import params, sidebar
from ui.charts import chart_block
from ui.data import data_version, load
from ui.text import md
from warehouse.queries import concentration as q

PCT = st.column_config.NumberColumn
REGIME_NAMES = {k: r.name for k, r in mc.REGIMES.items()}


@st.cache_data(max_entries=256, show_spinner=False)
def _spec(name: str, version: str, segment: str, group: str | None, *args: Any) -> ChartSpec:
    """Spec builder ``name`` (of charts.pages.concentration or charts.concentration_whatif)
    for the segment's rows (or one group's), cached on its inputs and the warehouse version:
    a rerun that leaves a chart's inputs alone reuses it instead of rebuilding the plotly
    figure (tens of ms each)."""
    rows = load(q.segment_shares, segment=segment)
    build = getattr(cw if hasattr(cw, name) else cs, name)
    return build(load, rows if group is None else cs.group_rows(rows, group), *args)


_merger = st.cache_data(max_entries=64, show_spinner=False)(cw.analyse_merger)

st.title("Concentration")
st.caption(
    "How concentrated each layer of the market is: HHI (Σ share², 0–10,000) and CR4 against "
    "the merger-guideline bands, plus a merger simulator and what-ifs. Structural screens "
    "from the guidelines' text (ECONOMICS.md §1–§2), not legal conclusions."
)
sidebar.stale_banner(("market_shares", "usage"), "market-share figure")

with st.container(border=True):
    c1, c2, c3 = st.columns([2, 3, 2])
    segment = params.choice(
        "Segment", q.SEGMENTS, key="conc_seg", format_func=SEGMENT_LABELS.get, container=c1
    )
    outside_choice = params.choice(
        "Shares that sum to less than 100%",
        list(cs.OUTSIDE_LABELS),
        key="conc_out",
        format_func=cs.OUTSIDE_LABELS.get,
        container=c2,
        help="ECONOMICS.md §1.1: the residual is either an atomistic fringe (adds nothing to "
        "HHI: a lower bound) or excluded, with listed shares rescaled to 100% (R antitrust's "
        "insideonly). The choice can change the verdict.",
    )
    regime = params.choice(
        "Guideline bands drawn", list(REGIME_NAMES), key="conc_reg", format_func=REGIME_NAMES.get,
        container=c3,
    )  # fmt: skip

segment, regime = segment or "model_api", regime or "us2023"
outside: mc.OutsideTreatment = "renormalize" if outside_choice == "renormalize" else "atomistic"
rows = load(q.segment_shares, segment=segment)
groups = cs.groups(rows)

st.subheader("The same market on different bases")
st.caption(
    "Each bar is one comparable group: the same basis (revenue, spend, units, tokens…), "
    "period and market definition. Bases are never mixed; the band can flip with the basis."
)
version = data_version()
chart_block(
    _spec("comparison_spec", version, segment, None, segment, outside, regime), key="conc-compare"
)
skipped = [g for g in groups if not g["measurable"]]
if skipped:
    with st.expander(f"{len(skipped)} group(s) not measured, and why"):
        st.dataframe(
            pd.DataFrame(skipped)[["basis", "period", "market_definition", "why_not"]],
            hide_index=True,
            width="stretch",
            column_config={"market_definition": "Market definition", "why_not": "Not measured"},
        )

st.subheader("One comparable group")
if not groups:
    st.info(f"No shares for {SEGMENT_LABELS[segment]} in the warehouse.")
    st.stop()
labels = {g["group_label"]: g for g in groups}
group = params.choice(
    "Basis · period · market definition",
    list(labels),
    key="conc_grp",
    default=cs.default_group(groups),
)
chosen = cs.group_rows(rows, group or "")
info = labels.get(group or "", groups[0])
if info["origin"] == "derived":
    st.info(
        f"Shares {q.derived_label(chosen)}. {md(chosen['note'].iloc[0])}",
        icon=":material/calculate:",
    )
if info["excluded"]:
    st.warning(
        f"{info['excluded']} row(s) of this group are not firm shares and are left out of the "
        f"HHI: {info['why_not'] or 'see the table'}.",
        icon=":material/filter_alt:",
    )
with st.expander(
    f"Rows as {'derived' if info['origin'] == 'derived' else 'published'}, with sources"
):
    st.dataframe(
        chosen.drop(columns=["segment", "basis", "period", "market_definition", "group_label",
                             "origin", "source_id", "observed_at"]),
        hide_index=True,
        width="stretch",
        column_config={
            "company": "Company",
            "share_pct": PCT("Share (%)", format="%.3g"),
            "excluded_reason": "Left out of HHI because",
            "tokens": PCT("Tokens (derived rows)", format="%.3e"),
            "citation": st.column_config.LinkColumn("Citation"),
            "source_date": "Source date",
            "source_kind": "Primary / secondary / derived",
            "note": "Note",
        },
    )  # fmt: skip

st.markdown("**Edit the shares** (add, change or delete rows; prices feed the logit simulation)")
base = pd.DataFrame(
    {"company": list(info["shares"]), "share_pct": list(info["shares"].values()), "price": 1.0}
)
edited = st.data_editor(
    base,
    key=f"conc_edit::{segment}::{group}",
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    column_config={
        "company": st.column_config.TextColumn("Company", required=True),
        "share_pct": PCT("Share (%)", format="%.4g", help="Percent of the market, 0–100"),
        "price": PCT("Price (relative)", format="%.4g", help="Default 1 = equal prices"),
    },
)
table = cs.validate_table(edited)
if table.errors:
    for message in table.errors:
        st.error(message, icon=":material/error:")
    st.info("Fix the table above to see the concentration measures.")
    st.stop()

shares, was_edited = table.shares, table.shares != info["shares"]
stat = cs.stats(shares, outside)
low, high = stat["bounds"]
if stat["insufficient"]:
    st.warning(
        f"Insufficient data for an HHI band: {stat['insufficient']} (a band needs at least "
        f"{mc.MIN_FIRMS} firms and {mc.MIN_LISTED_PCT:g}% of the market listed). Listed: "
        f"{cs.listed_text(shares)}; the HHI could be anywhere from {low:,.0f} (the rest an "
        f"atomistic fringe) to {high:,.0f} (the rest one firm).",
        icon=":material/warning:",
    )
m1, m2, m3, m4, m5 = st.columns(5)
m1.metric(
    "HHI",
    "insufficient data" if stat["insufficient"] else f"{stat['hhi']:,.0f}",
    help=f"Σ share², 0–10,000 points; bounds {low:,.0f}–{high:,.0f} (rest atomistic – rest "
    "as one firm)",
)
m2.metric("CR4", f"{stat['cr4']:.3g}%", help="Combined share of the four largest firms")
m3.metric("Equal-size firms", f"{stat['equivalent']:.3g}", help="10,000 / HHI")
m4.metric("Listed firms' total", f"{stat['listed']:.4g}%")
m5.metric("Other, unlisted", f"{stat['other']:.4g}%", help="100% minus the listed total")
st.dataframe(
    pd.DataFrame(
        {"Guidelines": [mc.REGIMES[k].name for k in mc.REGIMES],
         "Band for this market": [
             "insufficient data" if stat["insufficient"] else stat["bands"][k]
             for k in mc.REGIMES],
         "Citation": [mc.REGIMES[k].citation for k in mc.REGIMES]}
    ),
    hide_index=True,
    width="stretch",
)  # fmt: skip
market = (version, segment, group, shares, outside)
chart_block(_spec("shares_spec", *market, was_edited), key="conc-shares")
chart_block(_spec("hhi_spec", *market, regime, (), was_edited), key="conc-hhi")

st.subheader("Merger simulator")
firms = sorted(shares, key=shares.__getitem__, reverse=True)
merging = tuple(
    params.multi("Merging firms (two or more)", firms, key="conc_merge", default=firms[:2])
)
if len(merging) < 2:
    st.info("Choose two or more firms to simulate a merger.")
else:
    st.caption(
        "Margins are gross margins (p − c)/p in [0, 1). None is disclosed for these firms: "
        "the 0.5 default is an assumption (ECONOMICS.md §5.2)."
    )
    cols = st.columns(min(len(merging), 4) + 1)
    margins = {
        f: cols[i % (len(cols) - 1)].number_input(
            f"Margin of {f}", value=0.5, step=0.05, format="%.3f", key=f"conc_margin::{f}"
        )
        for i, f in enumerate(merging)
    }
    efficiency = cols[-1].number_input(
        "Efficiency credit E", value=0.0, min_value=0.0, max_value=0.99, step=0.01,
        help="Proportional marginal-cost saving credited to each merging firm in UPP.",
    )  # fmt: skip
    a1, a2, a3 = st.columns(3)
    calibrate = a1.radio(
        "Price coefficient α", ["Calibrate from one margin", "Enter α"], key="conc_alpha_mode",
        help=f"Calibration uses the margin of {merging[0]}: α = −1 / (m·p·(1 − s)).",
    ) == "Calibrate from one margin"  # fmt: skip
    alpha = a2.number_input(
        "α (negative)", value=-2.0, step=0.1, key="conc_alpha", disabled=calibrate,
        help="Used only with 'Enter α'; with prices normalized to 1, −2 is an assumption.",
    )  # fmt: skip
    outside_share = a3.number_input(
        "Outside-good share (%)",
        value=round(stat["other"], 2) if stat["other"] >= 1 else 10.0,
        step=1.0,
        key=f"conc_s0::{segment}::{group}",
        help="Buyers who choose none of the listed firms in the logit simulation. Default: "
        "the unlisted remainder, or 10% (an assumption) when the shares fill the market.",
    )
    result = _merger(
        shares, merging, outside=outside, prices=table.prices, margins=margins,
        efficiency=efficiency, alpha=None if calibrate else alpha, outside_share=outside_share,
    )  # fmt: skip
    if "concentration" in result.errors:
        st.error(result.errors["concentration"])
    elif (mcn := result.concentration) is not None:
        k1, k2, k3, k4 = st.columns(4)
        k1.metric("HHI before", f"{mcn.pre_hhi:,.0f}")
        k2.metric("HHI after", f"{mcn.post_hhi:,.0f}", delta=f"{mcn.delta_hhi:+,.0f}")
        k3.metric("ΔHHI", f"{mcn.delta_hhi:,.0f}")
        k4.metric("Merged share", f"{mcn.merged_share:.3g}%")
        st.dataframe(
            result.verdicts[["regime_name", "band", "level", "triggered", "reason", "citation"]],
            hide_index=True,
            width="stretch",
            column_config={
                "regime_name": "Guidelines",
                "band": "Band after the merger",
                "level": "Screen",
                "triggered": st.column_config.CheckboxColumn("Concern or presumption"),
                "reason": "Why",
                "citation": "Citation",
            },
        )
        chart_block(
            _spec("hhi_spec", *market, regime, merging, was_edited),
            key="conc-merger-hhi",
        )
    st.markdown("**Unilateral-effects screens** (share-based diversion; screens, not predictions)")
    if "screens" in result.errors:
        st.error(result.errors["screens"], icon=":material/error:")
    elif not result.screens.empty:
        st.dataframe(
            result.screens,
            hide_index=True,
            width="stretch",
            column_config={
                "product": "Price rise of",
                "partner": "Diverts to",
                "diversion": PCT("Diversion ratio", format="%.3f"),
                "guppi": PCT("GUPPI", format="%.3f"),
                "upp": PCT("UPP (price units)", format="%.4f"),
                "upp_share_of_price": PCT("UPP / own price", format="%.3f"),
            },
        )
    st.markdown("**Logit-Bertrand simulation**")
    if "logit" in result.errors:
        st.error(result.errors["logit"], icon=":material/error:")
    elif result.logit is not None:
        sim = result.logit
        chart_block(
            _spec("price_effects_spec", version, segment, group, sim, merging), key="conc-logit"
        )
        st.dataframe(
            pd.DataFrame(
                {"product": sim.products, "owner_after": sim.owners_post,
                 "pre_price": [sim.pre_prices[k] for k in sim.products],
                 "post_price": [sim.post_prices[k] for k in sim.products],
                 "change_pct": [sim.price_change_pct[k] for k in sim.products],
                 "pre_share": [100 * sim.pre_shares[k] for k in sim.products],
                 "post_share": [100 * sim.post_shares[k] for k in sim.products]}
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "product": "Firm", "owner_after": "Owner after the merger",
                "pre_price": PCT("Price before (relative)", format="%.4f"),
                "post_price": PCT("Price after (relative)", format="%.4f"),
                "change_pct": PCT("Change (%)", format="%+.2f"),
                "pre_share": PCT("Share of buyers before (%)", format="%.2f"),
                "post_share": PCT("Share of buyers after (%)", format="%.2f"),
            },
        )  # fmt: skip
        st.caption(
            f"α = {sim.alpha:.4g}; consumer-surplus change {sim.consumer_surplus_change:+.4g} "
            "(price × share-of-buyers units). Demand curvature drives results: log-linear or "
            "AIDS demand give larger price rises from the same data (Crooke et al. 1999)."
        )

st.subheader("What if shares shift, a firm enters or a firm exits?")
kind = st.radio("What-if", ["Shift share", "Entry", "Exit"], horizontal=True, key="conc_wif")
w1, w2, w3 = st.columns(3)
scope = f"{segment}::{group}"  # firm pickers reset when the market changes
try:
    if kind == "Shift share":
        src = w1.selectbox("Move share from", firms, key=f"conc_w_src::{scope}")
        targets = [f for f in firms if f != src] + ["A new firm"]
        dst = w2.selectbox("To", targets, key=f"conc_w_dst::{scope}::{src}")
        pts = w3.number_input("Points", value=5.0, step=1.0, key="conc_w_pts")
        after, what = cw.whatif(shares, "shift", source=src, target=dst, points=pts), (
            f"{pts:g} points from {src} to {dst}")  # fmt: skip
    elif kind == "Entry":
        name = w1.text_input("Entrant", value="New entrant", key="conc_w_new")
        size = w2.number_input("Entrant's share (%)", value=10.0, step=1.0, key="conc_w_size")
        donors = w3.multiselect(
            "Taken from (empty = everyone, fringe too)", firms, key=f"conc_w_from::{scope}"
        )
        after = cw.whatif(shares, "entry", entrant=name, share=size, take_from=donors)
        what = f"{name} enters with {size:g}%"
    else:
        leaver = w1.selectbox("Leaving firm", firms, key=f"conc_w_out::{scope}")
        fringe = w2.toggle("Unlisted fringe also gains", value=True, key="conc_w_fringe")
        after = cw.whatif(shares, "exit", leaver=leaver, include_residual=fringe)
        what = f"{leaver} exits"
except mc.ShareError as exc:
    st.error(f"{md(exc, 300)}.", icon=":material/error:")
else:
    chart_block(
        _spec("whatif_spec", version, segment, group, shares, after, outside, regime, what),
        key="conc-whatif",
    )
