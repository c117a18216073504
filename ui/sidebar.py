"""The shared sidebar (the data's own dates and any source that failed) and the
stale-data banner pages show under their title."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date

import pandas as pd
import streamlit as st

from ui.data import load
from warehouse.queries import meta

# A page whose newest data is older than this says so in a banner (ATLAS_STALE_DAYS).
STALE_DAYS = int(os.environ.get("ATLAS_STALE_DAYS", "30"))
TABLE_LABELS = {
    "api_prices": "API price",
    "gpu_prices": "GPU price",
    "benchmarks": "benchmark",
    "hardware": "hardware record",
    "market_shares": "market-share figure",
}


def render() -> None:
    with st.sidebar:
        asof = load(meta.as_of)
        last = asof["last_refresh"].iloc[0] if not asof.empty else None
        prices = asof["newest_api_price"].iloc[0] if not asof.empty else None
        gpus = asof["newest_gpu_price"].iloc[0] if not asof.empty else None
        st.markdown("**Data as of** (the data's own dates)")
        st.caption(
            f"Newest API price: {_dated(prices)}  \n"
            f"Newest GPU price: {_dated(gpus)}  \n"
            f"Last loaded: {_fmt(last)}"
        )
        failed = load(meta.failed_sources)
        if not failed.empty:
            st.error(
                f"{len(failed)} source(s) failed their last refresh; their previous data "
                "is shown: " + ", ".join(failed["source_id"]),
                icon=":material/error:",
            )


def newest_date(tables: Iterable[str]) -> pd.Timestamp | None:
    """The newest data date over ``tables`` (meta.data_dates), or None."""
    dates = load(meta.data_dates)
    picked = dates[dates["table_name"].isin(list(tables))]["data_date"].dropna()
    return pd.Timestamp(str(max(picked))[:10]) if not picked.empty else None


def staleness(
    newest: object, what: str, today: date | None = None, limit_days: int = STALE_DAYS
) -> str | None:
    """The banner text when the newest ``what`` is older than ``limit_days``, else None."""
    if newest is None or pd.isna(newest):
        return f"No {what} data is loaded yet."
    day = pd.Timestamp(newest).normalize()
    age = (pd.Timestamp(today or date.today()) - day).days
    if age <= limit_days:
        return None
    return (
        f"The newest {what} on this page is from {day:%Y-%m-%d}, {age:,} days ago (older "
        f"than {limit_days} days): figures describe the market as of then, not today."
    )


def stale_banner(tables: Iterable[str], what: str = "") -> None:
    """A warning under the page title when the page's newest data is stale."""
    tables = tuple(tables)
    label = what or " / ".join(TABLE_LABELS.get(t, t) for t in tables)
    text = staleness(newest_date(tables), label)
    if text:
        st.warning(text, icon=":material/schedule:")


def _dated(value: object) -> str:
    if value is None or pd.isna(value):
        return "n/a"
    day = pd.Timestamp(value).normalize()
    age = (pd.Timestamp(date.today()) - day).days
    return f"{day:%Y-%m-%d} ({age:,} days old)"


def _fmt(value: object, date_only: bool = False) -> str:
    if value is None or pd.isna(value):
        return "n/a"
    ts = pd.Timestamp(value)
    return ts.date().isoformat() if date_only else f"{ts:%Y-%m-%d %H:%M} UTC"
