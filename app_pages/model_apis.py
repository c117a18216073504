"""Model APIs & inference providers: the price table by model x provider, one model
across providers, price vs output speed, price history and changes, and the price of
intelligence."""

from __future__ import annotations

import streamlit as st

from charts.pages import model_apis as chart_set
from charts.prices import USD_MTOK as USD
from market.pricing import conversion_note
from ui import params, sidebar
from ui.charts import chart_block
from ui.data import load
from ui.tables import PRICE_CHANGE_COLUMNS
from ui.text import md
from warehouse.queries import prices as q

CONTEXT = {"any": 0, "32k": 32_000, "128k": 128_000, "256k": 256_000, "1M": 1_000_000}
SORT_LABELS = {
    "blended": "Blended price (cheapest first)",
    "input": "Input price (cheapest first)",
    "output": "Output price (cheapest first)",
    "intelligence": "Intelligence index (highest first)",
    "context": "Context length (longest first)",
    "model": "Model (A–Z)",
    "provider": "Provider (A–Z)",
}
TABLE_ROWS = 300

st.title("Model APIs & inference providers")
st.caption(
    "List prices in USD per 1M tokens. Blended = 0.75 × input + 0.25 × output (3 input "
    "tokens per output token). Current price per provider, model and price type: among "
    "prices their sources still list, a dated price beats an undated one, then the newest "
    "date (when the source says the price took effect or was observed), then the source "
    "closest to the seller (the provider's own page first, routers last). Routers such as "
    "OpenRouter are channels, not providers, and are marked. A price published in CNY (a "
    "mainland China list) is converted at the ECB reference rate of its own day and says so "
    "under Published in; a USD price of the same listing is preferred to it."
)
sidebar.stale_banner(("api_prices",))

# ---------------------------------------------------------------- price table
st.subheader("Price table")
facets = load(q.price_facets)
with st.container(border=True):
    c1, c2, c3, c4 = st.columns([3, 3, 2, 2])
    providers = params.multi(
        "Provider",
        sorted(facets.loc[facets.facet == "provider", "value"]),
        key="api_prov",
        container=c1,
        placeholder="All providers",
    )
    creators = params.multi(
        "Creator",
        sorted(facets.loc[facets.facet == "creator", "value"]),
        key="api_creator",
        container=c2,
        placeholder="All creators",
    )
    context = params.choice(
        "Minimum context", list(CONTEXT), key="api_ctx", default="any", container=c3
    )
    sort = params.choice(
        "Sort by",
        list(SORT_LABELS),
        key="api_sort",
        default="blended",
        container=c4,
        format_func=SORT_LABELS.get,
    )
    c5, c6, c7, c8 = st.columns([4, 2, 2, 2])
    search = params.text(
        "Search model", key="api_q", container=c5, placeholder="e.g. llama, deepseek-v3"
    )
    open_only = params.toggle("Open weights only", key="api_open", container=c6)
    paid_only = params.toggle(
        "Paid listings only",
        key="api_paid",
        default=True,
        container=c7,
        help="Hide $0 listings (free tiers, local runtimes) and input-only listings (embeddings).",
    )
    delisted = params.toggle(
        "Include delisted",
        key="api_old",
        container=c8,
        help="Also show the last price of listings a source no longer has.",
    )

table = load(
    q.price_table,
    providers=tuple(providers),
    creators=tuple(creators),
    open_weights_only=open_only,
    paid_only=paid_only,
    min_context=CONTEXT[context or "any"],
    search=search,
    sort=sort,
    include_delisted=delisted,
    limit=TABLE_ROWS,
)
if table.empty:
    st.info("No listing matches these filters. Widen them to see prices.")
else:
    total = int(table["n_total"].iloc[0])
    shown = f"the first {len(table):,} (sorted in the database)" if total > len(table) else "all"
    st.caption(
        f"{total:,} listings match; showing {shown}. Creator, context and open weights "
        "come from model catalogues and are blank where no source gives them."
    )
    table.insert(
        table.columns.get_loc("cached_input_usd_per_mtok") + 1,
        "converted",
        [
            conversion_note(c, r, d)
            for c, r, d in zip(
                table["fx_currency"], table["fx_usd_per_unit"], table["fx_rate_date"], strict=True
            )
        ],
    )
    table["official"] = (
        table["official"].map({True: "vendor's own list", False: "third-party channel"}).fillna("")
    )
    st.dataframe(
        table.drop(columns=["n_total", "fx_currency", "fx_usd_per_unit", "fx_rate_date"]),
        hide_index=True,
        width="stretch",
        height=420,
        column_config={
            "model_id": st.column_config.TextColumn("Model", pinned=True),
            "name": "Name",
            "creator": "Creator",
            "provider": "Provider",
            "open_weights": st.column_config.CheckboxColumn("Open weights"),
            "context_tokens": st.column_config.NumberColumn("Context (tokens)", format="%d"),
            "aa_intelligence_index": st.column_config.NumberColumn(
                "AA intelligence index",
                format="%.1f",
                help="Artificial Analysis intelligence index, as republished by OpenRouter.",
            ),
            "input_usd_per_mtok": st.column_config.NumberColumn(f"Input ({USD})", format="$%.4g"),
            "output_usd_per_mtok": st.column_config.NumberColumn(f"Output ({USD})", format="$%.4g"),
            "cached_input_usd_per_mtok": st.column_config.NumberColumn(
                f"Cached input ({USD})", format="$%.4g"
            ),
            "blended_usd_per_mtok": st.column_config.NumberColumn(
                f"Blended 3:1 ({USD})", format="$%.4g"
            ),
            "observed_at": st.column_config.DateColumn("Observed"),
            "source_id": "Source",
            "kind": "Kind",
            "terms": st.column_config.TextColumn("Terms", help="Conditions the source states."),
            "converted": st.column_config.TextColumn(
                "Published in",
                help="A price published in another currency (CNY) is shown in USD at the "
                "ECB reference rate of its own day (source ecb_fx); a price published in "
                "USD is blank here.",
            ),
            "official": st.column_config.TextColumn(
                "Official",
                help="Whether the source says this is the model vendor's own list price or "
                "a third-party channel's (blank: the source does not say).",
            ),
            "held_back_from": st.column_config.TextColumn(
                "Held back",
                help="A newer value from these sources failed validation and was held "
                "back; see Data & sources for the held value and why.",
            ),
            "is_router": st.column_config.CheckboxColumn(
                "Router", help="A router/gateway reselling other providers' endpoints"
            ),
            "undated": st.column_config.CheckboxColumn(
                "Undated", help="The source gives this price no date of its own"
            ),
            "disagree": st.column_config.CheckboxColumn(
                "Sources disagree",
                help="Another source gives this input or output price more than 5% apart "
                "at the same time; see 'Where sources disagree' below",
            ),
        },
    )

with st.expander("Where sources disagree (more than 5% apart, same provider, model and time)"):
    disagreements = load(q.price_disagreements)
    st.caption(
        f"{len(disagreements):,} price pairs of text-generation listings: two sources still "
        "list the same provider, model and price type more than 5% apart, observed within "
        "31 days of each other (an undated price is compared with any). The table above "
        "shows the price the current-price rule picks and flags the row; both values are "
        "here. A mainland China list price (published in CNY, converted at the ECB rate of "
        "its day) often differs from the same vendor's global USD list: the terms say which "
        "is which. Furthest apart first."
    )
    st.dataframe(
        disagreements.drop(columns=["observed_at", "source_id", "kind"]),
        hide_index=True,
        width="stretch",
        column_config={
            "provider": "Provider",
            "model_id": "Model",
            "price_type": "Price type",
            "source_a": "Source A",
            "usd_per_mtok_a": st.column_config.NumberColumn(f"A ({USD})", format="$%.4g"),
            "observed_at_a": st.column_config.DateColumn("A observed"),
            "undated_a": st.column_config.CheckboxColumn("A undated"),
            "currency_a": "A currency",
            "terms_a": "A terms",
            "source_b": "Source B",
            "usd_per_mtok_b": st.column_config.NumberColumn(f"B ({USD})", format="$%.4g"),
            "observed_at_b": st.column_config.DateColumn("B observed"),
            "undated_b": st.column_config.CheckboxColumn("B undated"),
            "currency_b": "B currency",
            "terms_b": "B terms",
            "pct_apart": st.column_config.NumberColumn("Apart (%)", format="%.0f"),
        },
    )

# ---------------------------------------------------------------- one model
st.subheader("One model across providers")
choices = load(q.model_choices)
n_providers = dict(zip(choices["model_id"], choices["n_providers"], strict=True))
model = (
    params.choice(
        "Model (most widely offered first)",
        list(choices["model_id"]),
        key="api_model",
        default=chart_set.default_model(load),
        format_func=lambda m: f"{m} ({n_providers.get(m, 0)} providers)",
    )
    or ""
)
chart_block(chart_set.comparison_spec(load, model), key="compare")

scope = params.choice(
    "Price vs speed: show",
    list(chart_set.SPEED_SCOPES),
    key="api_speed",
    default="model",
    format_func=chart_set.SPEED_SCOPES.get,
)
chart_block(
    chart_set.speed_spec(load, model, scope or "model"),
    key="speed",
    empty_message=f"OpenRouter has no paid endpoint with speed stats for {model}. "
    "Choose 'All models' to see the whole market.",
)

# ---------------------------------------------------------------- history and changes
st.subheader("Price history and changes")
history = params.multi(
    "Models to compare over time (up to 5; empty = the model chosen above)",
    list(choices["model_id"]),
    key="api_hist",
    max_selections=5,
    placeholder=f"{model} (the model chosen above)",
)
chart_block(
    chart_set.history_spec(load, tuple(history) or ((model,) if model else ())), key="history"
)

movers = params.number(
    "Largest moves shown",
    key="api_moves",
    default=20,
    min_value=5,
    max_value=60,
    step=5,
    container=st.columns([1, 3])[0],
)
chart_block(chart_set.movers_spec(load, int(movers)), key="movers")
with st.expander("Price-change log (the chosen models first, then the biggest moves)"):
    picked = tuple(history) or ((model,) if model else ())
    log = load(q.price_change_log, model_ids=picked, limit=100, headline=False)
    if log.empty:
        st.caption(
            f"No price change recorded for {md(', '.join(picked), 200)}; the market-wide log:"
        )
        log = load(q.price_change_log, limit=100)
    st.dataframe(
        log,
        hide_index=True,
        width="stretch",
        column_config=PRICE_CHANGE_COLUMNS,
    )

# ---------------------------------------------------------------- price of intelligence
st.subheader("Price of intelligence")
intel = load(q.intelligence_summary)
n_indexed = int(intel["n_indexed"].iloc[0]) if not intel.empty else 0
max_index = float(intel["max_index"].iloc[0]) if n_indexed else 0.0
min_index = params.number(
    "Minimum Artificial Analysis intelligence index",
    key="api_index",
    default=40.0,
    min_value=0.0,
    max_value=70.0,
    step=1.0,
    slider=True,
    format="%.0f",
)
chart_block(
    chart_set.intelligence_spec(load, float(min_index)),
    key="intelligence",
    empty_message=f"No priced model has an index of {min_index:g} or more (the highest "
    f"is {max_index:g}). Lower the threshold.",
)
st.caption(
    f"What the data supports: {n_indexed} models carry an Artificial Analysis index (captured "
    "from OpenRouter's model list), and only prices whose model id matches one of them count. "
    "Price sources snapshot on a few days, so months between snapshots are missing and a "
    "month's point can rest on prices carried forward from an earlier snapshot (hover shows "
    "each model). Treat the line as the cheapest qualifying price known at each month's end."
)
