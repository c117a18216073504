"""Column settings for tables that more than one page shows."""

from __future__ import annotations

from typing import Any

import streamlit as st

from charts.prices import USD_MTOK

# warehouse.queries.prices.price_change_log (Model APIs and Landscape pages)
PRICE_CHANGE_COLUMNS: dict[str, Any] = {
    "provider": "Provider",
    "model_id": "Model",
    "price_type": "Price type",
    "old_usd_per_mtok": st.column_config.NumberColumn(f"Old ({USD_MTOK})", format="$%.4g"),
    "new_usd_per_mtok": st.column_config.NumberColumn(f"New ({USD_MTOK})", format="$%.4g"),
    "pct_change": st.column_config.NumberColumn("Change (%)", format="%+.1f%%"),
    "last_seen_old": st.column_config.DateColumn("Old price last seen"),
    "first_seen": st.column_config.DateColumn("New price first seen"),
    "since_last_refresh": st.column_config.CheckboxColumn("Since the last refresh"),
    "source_id": "Source",
}
