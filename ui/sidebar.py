"""The shared sidebar: the data's as-of date and any source that failed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.data import load
from warehouse.queries import meta


def render() -> None:
    with st.sidebar:
        asof = load(meta.as_of)
        last = asof["last_refresh"].iloc[0] if not asof.empty else None
        prices = asof["newest_api_price"].iloc[0] if not asof.empty else None
        gpus = asof["newest_gpu_price"].iloc[0] if not asof.empty else None
        st.markdown("**Data as of**")
        st.caption(
            f"Last refresh: {_fmt(last)}  \n"
            f"Newest API price: {_fmt(prices, date_only=True)}  \n"
            f"Newest GPU price: {_fmt(gpus, date_only=True)}"
        )
        failed = load(meta.failed_sources)
        if not failed.empty:
            st.error(
                f"{len(failed)} source(s) failed their last refresh; their previous data "
                "is shown: " + ", ".join(failed["source_id"]),
                icon=":material/error:",
            )


def _fmt(value: object, date_only: bool = False) -> str:
    if value is None or pd.isna(value):
        return "n/a"
    ts = pd.Timestamp(value)
    return ts.date().isoformat() if date_only else f"{ts:%Y-%m-%d %H:%M} UTC"
