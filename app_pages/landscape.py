"""Landscape: the six segments of the inference market as a map, the headline figures,
and what changed since the last refresh."""

from __future__ import annotations

import streamlit as st

from charts.pages import landscape as chart_set
from charts.theme import SEGMENT_LABELS
from ui import params, sidebar
from ui.charts import chart_block
from ui.data import load
from ui.tables import PRICE_CHANGE_COLUMNS
from ui.text import md
from warehouse.queries import landscape as q

st.title("Inference market landscape")
st.caption(
    "Who sells AI inference, in six segments: foundation-model APIs, inference providers, "
    "AI clouds, hyperscalers, hardware and edge/on-device, with the market's headline prices."
)
sidebar.stale_banner(("api_prices", "gpu_prices"), "API or GPU price")

for column, headline in zip(st.columns(4), chart_set.headlines(load), strict=True):
    column.metric(headline.label, headline.value, help=headline.help)

# ---------------------------------------------------------------- the map
segments = params.multi(
    "Segments on the map",
    list(SEGMENT_LABELS),
    key="land_seg",
    format_func=SEGMENT_LABELS.get,
    placeholder="All six segments",
)
map_spec = chart_set.map_spec(load, tuple(segments))
chart_block(map_spec, key="map")
with st.expander(f"The {len(map_spec.data)} companies on the map, with citations"):
    st.dataframe(
        map_spec.data.assign(segment=map_spec.data["segment"].map(SEGMENT_LABELS)),
        hide_index=True,
        width="stretch",
        column_config={
            "segment": "Segment",
            "subsegment": "Subsegment",
            "company": "Company",
            "hq_country": "HQ",
            "ownership": "Ownership",
            "tracked_as": st.column_config.TextColumn(
                "Prices tracked as", help="Provider names with prices in the warehouse."
            ),
            "citation": st.column_config.LinkColumn("Citation"),
            "source_id": "Source",
            "observed_at": st.column_config.DatetimeColumn("Loaded"),
        },
    )

chart_block(chart_set.coverage_spec(load), key="coverage")
chart_block(chart_set.gpu_spec(load), key="h100")

# ---------------------------------------------------------------- what changed
st.subheader("What changed in the newest snapshots")
runs = load(q.latest_refresh)
failed, new = runs[runs["status"] == "failed"], runs[runs["is_new"].fillna(False).astype(bool)]
if runs.empty:
    st.info("No refresh has run yet.")
elif len(new) == len(runs[runs["status"] == "ok"]):
    st.info(
        f"This warehouse has had one refresh so far: all {len(new)} sources that loaded "
        "were loaded for the first time, so there is no earlier refresh to compare with. "
        "Below, each source's newest snapshot is compared with its previous one.",
        icon=":material/info:",
    )
else:
    st.caption(f"Latest refresh: {len(runs)} sources run, {len(new)} new, {len(failed)} failed.")
    if not new.empty:
        st.success(
            "New sources: " + md(", ".join(new["title"].fillna(new["source_id"]))),
            icon=":material/add_circle:",
        )
if not failed.empty:
    st.error(
        "Failed in the latest refresh (their previous data is shown): "
        + "; ".join(f"{md(r.source_id)} ({md(r.error, 300)})" for r in failed.itertuples()),
        icon=":material/error:",
    )

listings = load(q.listing_changes)
if listings.empty:
    st.caption("No price source has two snapshots yet, so nothing to compare.")
else:
    st.caption("Per price source: its newest snapshot against the previous one of each provider.")
    st.dataframe(
        listings,
        hide_index=True,
        width="stretch",
        column_config={
            "source_id": "Source",
            "observed_at": st.column_config.DateColumn("Newest snapshot"),
            "previous": st.column_config.DateColumn("Earliest previous snapshot"),
            "n_providers": st.column_config.NumberColumn("Providers compared", format="%d"),
            "n_added": st.column_config.NumberColumn("Listings added", format="%d"),
            "n_dropped": st.column_config.NumberColumn("Listings dropped", format="%d"),
            "n_price_changes": st.column_config.NumberColumn("Price series changed", format="%d"),
        },
    )

movers = params.number(
    "Biggest moves shown",
    key="land_moves",
    default=15,
    min_value=5,
    max_value=50,
    step=5,
    container=st.columns([1, 3])[0],
)
moves = chart_set.latest_moves_spec(load, int(movers))
chart_block(
    moves, key="moves", empty_message="No price changed in the newest snapshot of any source."
)
if not moves.data.empty:
    st.dataframe(
        moves.data,
        hide_index=True,
        width="stretch",
        column_config=PRICE_CHANGE_COLUMNS,
    )
