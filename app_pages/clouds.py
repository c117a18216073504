"""AI clouds & hyperscalers: $/GPU-hour by provider and GPU (on-demand vs spot), weekly
median trends per GPU, hyperscalers vs AI clouds vs marketplaces, and the cheapest
offers."""

from __future__ import annotations

import streamlit as st

from charts import gpu as gpu_charts
from charts.pages import clouds as chart_set
from ui import params
from ui.charts import chart_block
from ui.data import load
from warehouse.queries import gpu as q

st.title("AI clouds & hyperscalers")
st.caption(
    "What renting a GPU costs, in USD per GPU-hour (instance prices divided by the GPUs in "
    "the instance), from daily price trackers and provider catalogues."
)

D = chart_set.DEFAULTS
gpus = load(q.gpu_options)
pricing_types = load(q.pricing_options)
offer_pricings = [p for p in pricing_types["pricing"] if p not in q.NON_OFFER_PRICING]
n_providers = dict(zip(gpus["gpu"], gpus["n_providers"], strict=True))

with st.container(border=True):
    c1, c2, c3 = st.columns([2, 3, 2])
    gpu = params.choice(
        "GPU",
        list(gpus["gpu"]),
        key="cl_gpu",
        default=D["gpu"],
        container=c1,
        format_func=lambda g: f"{g} ({n_providers.get(g, 0)} providers)",
    )
    pricings = params.multi(
        "Pricing",
        offer_pricings,
        key="cl_pricing",
        default=D["pricings"],
        container=c2,
        format_func=gpu_charts.pricing_label,
        placeholder="Choose at least one",
    )
    max_age = params.number(
        "Newest price at most … days old",
        key="cl_age",
        default=D["max_age_days"],
        min_value=7,
        max_value=730,
        step=1,
        slider=True,
        container=c3,
        help="Counted back from the newest GPU price in the warehouse, not from today.",
    )

if gpu is None:
    st.info("No GPU prices in the warehouse yet.")
    st.stop()

dist = chart_set.distribution_spec(load, gpu, tuple(pricings), int(max_age))
offers = dist.data
for col, (label, value, note) in zip(st.columns(4), chart_set.headline(offers), strict=True):
    col.metric(label, value, help=note)

st.subheader(f"{gpu}: price per provider")
chart_block(dist, key="distribution")

st.subheader("Trends: weekly median $/GPU-hour per GPU")
t1, t2, t3 = st.columns([3, 1, 2])
trend_gpus = params.multi(
    "GPUs",
    list(gpus["gpu"]),
    key="cl_trend_gpus",
    default=D["trend_gpus"],
    container=t1,
    placeholder="Choose GPUs",
)
trend_pricing = (
    params.choice(
        "Pricing",
        list(pricing_types["pricing"]),
        key="cl_trend_pricing",
        default=D["trend_pricing"],
        container=t2,
        format_func=gpu_charts.pricing_label,
    )
    or D["trend_pricing"]
)
weeks = load(q.source_weeks, pricing=trend_pricing)
sources = ["", *weeks["source_id"]]
week_counts = dict(zip(weeks["source_id"], weeks["n_weeks"], strict=True))
trend_source = params.choice(
    "Source",
    sources,
    key="cl_trend_source",
    default=D["trend_source"],
    container=t3,
    format_func=lambda s: (
        f"{s} ({week_counts.get(s, 0)} weeks)" if s else "All sources (the mix changes over time)"
    ),
)
trend = chart_set.trend_spec(load, tuple(trend_gpus), trend_pricing, trend_source or "")
chart_block(trend, key="trend")
st.caption(f"Method: {trend.method}")

st.subheader("Hyperscalers vs AI clouds vs marketplaces")
classes = chart_set.class_spec(load, tuple(trend_gpus), int(max_age))
chart_block(classes, key="classes", empty_message="Choose GPUs above to compare provider classes.")
st.caption(f"Method: {classes.method}")
with st.expander("How each provider is classified"):
    st.dataframe(
        load(q.provider_classes).assign(
            provider_class=lambda d: d["provider_class"].map(gpu_charts.class_label)
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "provider": "Provider (GPU prices)",
            "provider_class": "Class",
            "company": "Matched company (landscape table)",
            "basis": "Basis",
        },
    )

st.subheader("Cheapest offers")
all_gpus = params.toggle("All GPUs (not only the one chosen above)", key="cl_all_gpus")
cheapest = load(
    q.cheapest_offers,
    gpus=() if all_gpus else (gpu,),
    pricings=tuple(pricings),
    max_age_days=int(max_age),
    limit=200,
)
if cheapest.empty:
    st.info("No offers for this selection. Widen the pricing types or the age limit.")
else:
    st.caption(
        "The cheapest offer of each provider × GPU × pricing type at its newest observation, "
        f"cheapest first (at most 200 rows; {len(cheapest)} shown)."
    )
    st.dataframe(
        cheapest.assign(
            provider_class=lambda d: d["provider_class"].map(gpu_charts.class_label),
            pricing=lambda d: d["pricing"].map(gpu_charts.pricing_label),
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "provider": "Provider",
            "provider_class": "Class",
            "gpu": "GPU",
            "pricing": "Pricing",
            "usd_per_gpu_hour": st.column_config.NumberColumn("USD per GPU-hour", format="$%.2f"),
            "gpu_count": st.column_config.NumberColumn("GPUs per instance", format="%d"),
            "usd_per_hour": st.column_config.NumberColumn("USD per instance-hour", format="$%.2f"),
            "region": "Region",
            "source_id": "Source",
            "observed_at": st.column_config.DateColumn("Observed"),
        },
    )
