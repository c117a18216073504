"""Issue 9 item 8: every page says how old its data is; stale data gets a banner."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tests.app.conftest import open_page
from ui.sidebar import staleness
from warehouse.connection import Warehouse
from warehouse.queries import meta


def test_staleness_text() -> None:
    today = date(2026, 12, 4)
    assert staleness(pd.Timestamp("2026-11-20"), "API price", today) is None
    text = staleness(pd.Timestamp("2026-09-10"), "API price", today, limit_days=30)
    assert text == (
        "The newest API price on this page is from 2026-09-10, 85 days ago (older than 30 "
        "days): figures describe the market as of then, not today."
    )
    assert staleness(None, "GPU price", today) == "No GPU price data is loaded yet."


def test_data_dates_per_table(offline_warehouse: Warehouse) -> None:
    dates = meta.data_dates(offline_warehouse).set_index("table_name")
    assert dates.loc["api_prices", "data_date"] == "2026-09-10"  # deepseek_pricing
    assert dates.loc["benchmarks", "data_date"] == "2026-07-31"
    assert dates.loc["market_shares", "data_date"] == "2026-07-01"  # newest cited date
    assert dates.loc["market_shares", "n_undated"] == 45


def test_model_apis_page_says_its_data_is_old(app_env: Warehouse) -> None:
    at = open_page("model_apis")
    assert not at.exception
    banners = [w.value for w in at.warning]
    assert any(
        b.startswith("The newest API price on this page is from 2026-09-10") for b in banners
    )
    sidebar = " ".join(c.value for c in at.sidebar.caption)
    assert "Newest API price: 2026-09-10" in sidebar and "Last loaded:" in sidebar
