"""Shared SQL fragments: IN lists as bound parameters, and the current load of a curated
table, run against a real in-memory warehouse."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.queries._sql import in_filter, latest_load, placeholders


def _price(source: str, provider: str, usd: float, day: int) -> dict:
    return {
        "source_id": source,
        "run_id": "r1",
        "observed_at": datetime(2026, 1, day),
        "provider": provider,
        "gpu": "H100_SXM",
        "pricing": "on_demand",
        "usd_per_gpu_hour": usd,
        "raw_value": usd,
        "raw_unit": "USD/GPU-hour",
        "gpu_count": 1,
    }


def test_filter_values_are_parameters_not_sql() -> None:
    sql, params = in_filter("vendor", "v", ("NVIDIA", "x') OR 1=1 --"))
    assert sql == "vendor IN (:v0, :v1)" and params == {"v0": "NVIDIA", "v1": "x') OR 1=1 --"}
    assert in_filter("vendor", "v", ()) == ("TRUE", {})


def test_placeholders_fill_params_and_match_nothing_when_empty(
    memory_warehouse: Warehouse,
) -> None:
    with memory_warehouse.writer() as session:
        session.insert_df("gpu_prices", pd.DataFrame([_price("s", "Alpha", 2.0, 1)]))
    params: dict = {"pricing": "on_demand"}
    assert placeholders("gpu_", ("H100_SXM", "B200"), params) == ":gpu_0, :gpu_1"
    assert params == {"pricing": "on_demand", "gpu_0": "H100_SXM", "gpu_1": "B200"}
    empty: dict = {}
    sql = "SELECT provider FROM gpu_prices WHERE gpu IN ({})"
    assert placeholders("gpu_", (), empty) == "NULL" and empty == {}
    assert memory_warehouse.query(sql.format("NULL")).empty
    found = memory_warehouse.query(sql.format(placeholders("g", ("H100_SXM",), empty)), empty)
    assert list(found["provider"]) == ["Alpha"]


def test_latest_load_keeps_each_sources_newest_load(memory_warehouse: Warehouse) -> None:
    rows = [
        _price("src_a", "Alpha", 9.0, 1),  # src_a reloaded on day 5: this load is gone
        _price("src_a", "Alpha", 2.0, 5),
        _price("src_a", "Beta", 3.0, 5),
        _price("src_b", "Gamma", 4.0, 2),  # src_b's only load stays, though older
    ]
    with memory_warehouse.writer() as session:
        session.insert_df("gpu_prices", pd.DataFrame(rows))
    current = memory_warehouse.query(
        f"SELECT source_id, provider, usd_per_gpu_hour FROM ({latest_load('gpu_prices')}) x "
        "ORDER BY provider"
    )
    assert current.values.tolist() == [
        ["src_a", "Alpha", 2.0],
        ["src_a", "Beta", 3.0],
        ["src_b", "Gamma", 4.0],
    ]
