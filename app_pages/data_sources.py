"""Data & sources: every source with its freshness, the run history, provenance and
license, and every table downloadable as CSV or Parquet."""

from __future__ import annotations

import io

import streamlit as st

from charts.csv import safe_csv
from ui.data import load, warehouse
from warehouse.queries import meta, quality
from warehouse.schema import OBSERVATION_TABLES

st.title("Data & sources")
st.caption("Every number in Inference Atlas comes from one of these sources, with its date.")

fresh = load(meta.freshness)
info = load(meta.sources)
ok = int((fresh["last_status"] == "ok").sum())
c1, c2, c3, c4 = st.columns(4)
c1.metric("Sources", len(fresh))
c2.metric("Healthy", ok)
c3.metric("Failed last refresh", int((fresh["last_status"] == "failed").sum()))
c4.metric("Rows in warehouse", f"{int(load(meta.counts)['rows'].sum()):,}")

st.subheader("Freshness per source")
st.caption(
    "Data date = the newest date of a source's data itself (when prices were observed or "
    "took effect; for curated rows, the newest date their citations state). Loaded = when "
    "this warehouse last read it. Age = today − data date. Undated rows have no date of "
    "their own: curated rows whose citation states none, and llm-prices entries without "
    "a from/to date (stamped with the snapshot date, never preferred over a dated price)."
)
st.dataframe(
    fresh,
    hide_index=True,
    width="stretch",
    column_config={
        "source_id": "Source",
        "kind": "Kind",
        "last_status": "Last status",
        "data_date": st.column_config.DateColumn(
            "Data date", help="Newest date of the data itself (curated: the cited date)"
        ),
        "last_success": st.column_config.DatetimeColumn("Loaded (UTC)"),
        "last_failure": st.column_config.DatetimeColumn("Last failure (UTC)"),
        "rows": st.column_config.NumberColumn("Rows", format="%d"),
        "age_days": st.column_config.NumberColumn(
            "Age (days)", format="%d", help="Today minus the data date (not the load time)"
        ),
        "n_undated": st.column_config.NumberColumn(
            "Undated rows", format="%d", help="Rows with no date of their own"
        ),
        "tables": "Tables",
        "last_error": "Last error",
    },
)

st.subheader("Provenance and license")
st.dataframe(
    info,
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn("Live URL")},
)

st.subheader("Ingest run history")
st.dataframe(load(meta.runs), hide_index=True, width="stretch")

st.subheader("What the listings sell")
st.caption(
    "Current API price listings (provider × model) by kind. LLM tables, rankings and "
    "headlines count text generation only; the other kinds are listed here and under "
    "their own filter."
)
st.dataframe(
    load(quality.listing_kinds),
    hide_index=True,
    width="stretch",
    column_config={
        "kind": "Kind",
        "n_listings": st.column_config.NumberColumn("Listings", format="%d"),
        "n_providers": st.column_config.NumberColumn("Providers", format="%d"),
        "source_id": "Sources",
    },
)

unmapped = load(quality.unmapped_names)
st.subheader("Names not mapped yet")
if unmapped.empty:
    st.caption("Every provider spelling and listing kind the sources sent is known.")
else:
    st.caption(
        f"{len(unmapped)} raw name(s) the canonical tables do not know: loaded under the "
        "source's own spelling (providers) or kept out of LLM tables as unclassified "
        "(kinds) until they are added to canon/names.py or canon/kinds.py."
    )
    st.dataframe(
        unmapped,
        hide_index=True,
        width="stretch",
        column_config={
            "source_id": "Source",
            "name_kind": "Name of",
            "raw_name": "As the source spells it",
            "n_rows": st.column_config.NumberColumn("Rows", format="%d"),
            "n_runs": st.column_config.NumberColumn("Runs", format="%d"),
            "last_run": "Last run",
        },
    )

held = load(quality.held_back_values)
if not held.empty:
    st.subheader("Held back by validation")
    st.caption(
        "Values not loaded: outside the plausible range for their kind (no text model "
        "costs more than USD 1,000 per 1M tokens), or a 10× move away from what the other "
        "sources say; the other prices of the same entry are held with them. "
        '"Current value" is what the app shows for that series instead (USD per 1M '
        "tokens), with its source and date."
    )
    st.dataframe(
        held,
        hide_index=True,
        width="stretch",
        column_config={
            "item": "Series (provider | model | price type)",
            "previous_value": st.column_config.NumberColumn("Previous", format="%g"),
            "new_value": st.column_config.NumberColumn("Held value", format="%g"),
            "current_value": st.column_config.NumberColumn("Current value", format="%g"),
            "current_observed_at": st.column_config.DatetimeColumn("Current as of"),
        },
    )

st.subheader("Download a table")
table = st.selectbox("Table", OBSERVATION_TABLES, key="data.table")
n_rows = int(load(meta.table_shape, name=table)["n_rows"].iloc[0])
preview = load(meta.table_preview, name=table)
st.caption(f"{n_rows:,} rows × {len(preview.columns)} columns; newest {len(preview)} shown")
st.dataframe(preview, hide_index=True, width="stretch")


def _csv() -> bytes:
    return safe_csv(meta.table(warehouse(), table))


def _parquet() -> bytes:
    buf = io.BytesIO()
    meta.table(warehouse(), table).to_parquet(buf, index=False)
    return buf.getvalue()


# The files are built only when clicked: a whole table can be millions of rows.
left, right = st.columns(2)
left.download_button(
    "CSV",
    _csv,
    f"{table}.csv",
    "text/csv",
    key="dl-csv",
    on_click="ignore",
    icon=":material/download:",
)
right.download_button(
    "Parquet",
    _parquet,
    f"{table}.parquet",
    "application/vnd.apache.parquet",
    key="dl-parquet",
    on_click="ignore",
    icon=":material/download:",
)
