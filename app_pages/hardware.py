"""Hardware: accelerator specs (Epoch AI), efficiency per dollar and per watt, release
timeline, and published hardware market shares of one comparable group at a time."""

from __future__ import annotations

import streamlit as st

from charts.pages import hardware as chart_set
from ui import params, sidebar
from ui.charts import chart_block
from ui.data import load
from warehouse.queries import hardware as q

st.title("Hardware")
st.caption(
    "Data-center and other ML accelerators: specs from Epoch AI's Machine Learning Hardware "
    "dataset, rental prices from the GPU price sources, market shares as published. "
    "Data-centre and consumer (GeForce, Radeon RX, TITAN) parts are ranked separately."
)
sidebar.stale_banner(("hardware",), "hardware dataset record")

options = load(q.filter_options)
years = options["release_year"].dropna().astype(int)
first_year, last_year = (int(years.min()), int(years.max())) if not years.empty else (0, 0)

with st.container(border=True):
    c1, c2, c3, c4 = st.columns([3, 3, 1, 1])
    vendors = params.multi(
        "Vendor",
        sorted(options["vendor"].unique()),
        key="hw_vendor",
        container=c1,
        placeholder="All vendors",
    )
    kinds = params.multi(
        "Type",
        sorted(options["kind"].unique()),
        key="hw_kind",
        container=c2,
        placeholder="All types",
    )
    year_from = params.number(
        "Released from",
        key="hw_from",
        default=first_year,
        min_value=first_year,
        max_value=last_year,
        step=1,
        container=c3,
    )
    year_to = params.number(
        "Released to",
        key="hw_to",
        default=last_year,
        min_value=first_year,
        max_value=last_year,
        step=1,
        container=c4,
    )
if year_from > year_to:
    st.warning(
        f"'Released from' ({year_from}) is after 'Released to' ({year_to}): no rows "
        "can match. Swap the years to see results."
    )
narrowed = (year_from, year_to) != (first_year, last_year)
filters = {
    "vendors": tuple(vendors),
    "kinds": tuple(kinds),
    "year_from": int(year_from) if narrowed else None,
    "year_to": int(year_to) if narrowed else None,
}
if narrowed:
    st.caption("A release-year filter leaves out accelerators without a release date.")

table = load(q.specs, **filters)
m1, m2, m3, m4 = st.columns(4)
m1.metric("Accelerators", len(table))
m2.metric("Vendors", table["vendor"].nunique())
m3.metric("With a BF16 figure", int(table["bf16_tflops"].notna().sum()))
m4.metric("With a release price", int(table["price_usd"].notna().sum()))

st.subheader("Specs")
if table.empty:
    st.info("No accelerator matches these filters. Widen the filters to see results.")
else:
    st.dataframe(
        table.drop(columns=["accelerator", "release_year", "source_id"]),
        hide_index=True,
        width="stretch",
        column_config={
            "name": "Accelerator",
            "vendor": "Vendor",
            "kind": "Type",
            "release_date": st.column_config.DateColumn("Released"),
            "price_usd": st.column_config.NumberColumn("Release price (USD)", format="%,.0f"),
            "market_class": "Class",
            "bf16_tflops": st.column_config.NumberColumn(
                "BF16 (TFLOP/s)",
                format="%,.1f",
                help="Blank for chips without BF16 (V100, T4, RTX 20xx): see FP16",
            ),
            "fp16_tflops": st.column_config.NumberColumn(
                "FP16 (TFLOP/s)", format="%,.1f", help="Epoch's Tensor-FP16/BF16 figure"
            ),
            "fp8_tflops": st.column_config.NumberColumn("FP8 (TFLOP/s)", format="%,.1f"),
            "fp4_tflops": st.column_config.NumberColumn("FP4 (TFLOP/s)", format="%,.1f"),
            "int8_tops": st.column_config.NumberColumn("INT8 (TOPS)", format="%,.1f"),
            "memory_gb": st.column_config.NumberColumn("Memory (GB)", format="%,.1f"),
            "bandwidth_tbps": st.column_config.NumberColumn("Bandwidth (TB/s)", format="%.2f"),
            "tdp_w": st.column_config.NumberColumn("TDP (W)", format="%,.0f"),
            "process_nm": st.column_config.NumberColumn("Process (nm)", format="%g"),
            "observed_at": st.column_config.DatetimeColumn("Dataset date", format="YYYY-MM-DD"),
        },
    )
    st.caption(
        "Source: Epoch AI, 'Data on Machine Learning Hardware' (epoch.ai/data). Throughput is "
        "dense tensor throughput as Epoch reports it; memory in GB (10⁹ bytes). Blank = not "
        "in the dataset. Click a column header to sort."
    )

# Areas in page order; the share selector sits in its own section but every chart comes
# from one call of the chart set.
efficiency_area, timeline_area, share_area = st.container(), st.container(), st.container()

with efficiency_area:
    st.subheader("Performance per dollar and per watt")
    e1, e2, e3 = st.columns(3)
    market_class = params.choice(
        "Rank among",
        list(chart_set.CLASS_LABEL),
        key="hw_class",
        default="datacenter",
        container=e3,
        format_func=chart_set.CLASS_LABEL.get,
    )
    precision = params.choice(
        "Precision",
        list(q.PRECISIONS),
        key="hw_prec",
        default="bf16",
        container=e1,
        format_func=chart_set.PRECISION_LABEL.get,
    )
    top = params.number(
        "Show the top", key="hw_top", default=20, min_value=5, max_value=100, step=5, container=e2
    )

with share_area:
    st.subheader("Vendor share, as published")
    st.caption(
        "Shares with different bases (revenue, units, unspecified) or market definitions are "
        "not comparable, so each chart shows one basis, period and definition. Forecasts are "
        "marked in the period."
    )
    groups = load(q.share_groups, segment="hardware")
    labels = {
        f"{g.basis} · {g.period} · {g.market_definition}": g for g in groups.itertuples(index=False)
    }
    chosen = params.choice("Basis · period · market definition", list(labels), key="hw_share")
    group = labels.get(chosen) if chosen else None

precision = precision or "bf16"
specs = {
    spec.name: spec
    for spec in chart_set.specs(
        load,
        **filters,
        precision=precision,
        market_class=market_class or "datacenter",
        top=int(top),
        share_basis=group.basis if group else None,
        share_period=group.period if group else None,
        share_definition=group.market_definition if group else None,
    )
}

with efficiency_area:
    chart_block(
        specs[f"{precision}-tflops-per-1000-usd"],
        key="hw-per-kusd",
        empty_message="No accelerator in this selection has both a release price and "
        "a throughput figure at this precision (Epoch lists few release prices).",
    )
    chart_block(specs[f"{precision}-tflops-per-watt"], key="hw-per-watt")
    chart_block(
        specs[f"{precision}-tflops-per-rental-usd"],
        key="hw-per-rental",
        empty_message="No accelerator in this selection matches a GPU with on-demand "
        "rental prices.",
    )

with timeline_area:
    st.subheader("Release timeline")
    chart_block(specs["accelerator-release-timeline"], key="hw-timeline")

with share_area:
    chart_block(specs["hardware-vendor-share"], key="hw-share")
    shares = load(q.shares, segment="hardware")
    with st.expander(f"All {len(shares)} published hardware shares, with citations"):
        st.dataframe(
            shares.drop(columns=["source_id", "observed_at"]),
            hide_index=True,
            width="stretch",
            column_config={
                "company": "Company",
                "share_pct": st.column_config.NumberColumn("Share (%)", format="%g"),
                "basis": "Basis",
                "period": "Period",
                "market_definition": "Market definition (as published)",
                "citation": st.column_config.LinkColumn("Citation"),
                "source_date": "Source date",
                "source_kind": "Primary / secondary",
                "note": "Note",
            },
        )
        st.caption("Curated reference, see citation per row (data/reference/market_shares.csv).")
