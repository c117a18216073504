"""Derived tables (``mv_<view>``): ``materialize`` snapshots each view exactly, queries
read the tables when they exist and fall back to the views when they do not."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from warehouse.connection import Warehouse
from warehouse.migrate import materialize
from warehouse.queries._sql import mv, on_views, query_derived
from warehouse.schema import MATERIALIZED, VIEWS, materialized

D1, D2, D3 = datetime(2026, 1, 5), datetime(2026, 1, 12), datetime(2026, 1, 19)
PROV = {"source_id": "s", "raw_unit": "x"}


def _api(model: str, kind: str, value: float, at: datetime) -> dict:
    return {**PROV, "run_id": f"r{at:%d}", "observed_at": at, "provider": "P", "model_id": model,
            "price_type": kind, "usd_per_mtok": value, "raw_value": value}  # fmt: skip


def _gpu(gpu: str, region: str, value: float, at: datetime) -> dict:
    return {**PROV, "run_id": f"r{at:%d}", "observed_at": at, "provider": "P", "gpu": gpu,
            "pricing": "on_demand", "usd_per_gpu_hour": value, "raw_value": value,
            "gpu_count": 1, "region": region}  # fmt: skip


def _bench(workload: str | None, value: float, at: datetime) -> dict:
    return {**PROV, "run_id": f"r{at:%d}", "observed_at": at, "provider": "P", "model_id": "m",
            "metric": "ttft_s", "stat": "p50", "value": value, "unit": "s", "raw_value": value,
            "workload": workload}  # fmt: skip


def _insert(wh: Warehouse, api: list[dict], gpu: list[dict], bench: list[dict]) -> None:
    with wh.writer() as s:
        for table, rows in (("api_prices", api), ("gpu_prices", gpu), ("benchmarks", bench)):
            if rows:
                s.insert_df(table, pd.DataFrame(rows))


@pytest.fixture
def wh(memory_warehouse: Warehouse) -> Warehouse:
    api = [_api("m", "input", 1.0, D1), _api("m", "input", 2.0, D2), _api("m", "output", 4.0, D2)]
    api += [_api("old", "input", 1.0, D1)]
    api += [{**_api("m", "input", 3.0, D2), "source_id": "s2"}]  # disagrees with s (2.0)
    gpu = [_gpu("H100", "us", 3.0, D1), _gpu("H100", "us", 2.0, D2), _gpu("H100", "eu", 2.5, D2)]
    bench = [_bench(None, 0.5, D1), _bench(None, 0.4, D2), _bench("w", 0.9, D1)]
    _insert(memory_warehouse, api, gpu, bench)
    return memory_warehouse


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(list(df.columns), na_position="first").reset_index(drop=True)


def test_every_materialized_name_is_a_view() -> None:
    assert set(MATERIALIZED) <= set(VIEWS)
    assert materialized("price_changes") == "mv_price_changes"
    with pytest.raises(ValueError, match="not materialized"):
        materialized("api_prices")


def test_materialize_snapshots_each_view_exactly(wh: Warehouse) -> None:
    with wh.writer() as s:
        materialize(s)
    for view in MATERIALIZED:
        table = wh.query(f"SELECT * FROM {materialized(view)}")
        assert not table.empty, view
        pd.testing.assert_frame_equal(_sorted(table), _sorted(wh.query(f"SELECT * FROM {view}")))
    # spot checks: the newest rows only, and the one change
    assert len(wh.query("SELECT * FROM mv_latest_gpu_offers")) == 2  # both D2 regions
    changes = wh.query("SELECT old_usd_per_mtok, new_usd_per_mtok FROM mv_price_changes")
    assert changes.values.tolist() == [[1.0, 2.0]]
    latest = wh.query("SELECT COALESCE(workload, '-') AS w, value FROM mv_latest_benchmarks")
    assert sorted(latest.values.tolist()) == [["-", 0.4], ["w", 0.9]]  # NULL is a workload too


def test_query_derived_reads_the_tables_and_falls_back_to_the_views(wh: Warehouse) -> None:
    sql = f"SELECT COUNT(*) AS n FROM {mv('price_changes')}"
    assert query_derived(wh, sql)["n"].iloc[0] == 1  # no derived tables yet: the view
    with wh.writer() as s:
        materialize(s)
    _insert(wh, [_api("m", "input", 3.0, D3)], [], [])
    # The derived table is the snapshot of the last materialize (a refresh ends with one):
    # a row written outside a refresh is not in it until the next materialize.
    assert query_derived(wh, sql)["n"].iloc[0] == 1
    assert wh.scalar("SELECT COUNT(*) FROM price_changes") == 2
    with wh.writer() as s:
        materialize(s)
    assert query_derived(wh, sql)["n"].iloc[0] == 2


def test_query_derived_raises_other_errors(wh: Warehouse) -> None:
    with pytest.raises(Exception, match="no_such_table"):
        query_derived(wh, "SELECT * FROM no_such_table")
    with pytest.raises(Exception, match="no_such_column"):
        query_derived(wh, f"SELECT no_such_column FROM {mv('price_changes')}")


def test_on_views_maps_each_derived_name_to_its_view() -> None:
    sql = (
        "SELECT * FROM mv_latest_api_prices_long a JOIN mv_latest_api_prices b "
        "JOIN mv_latest_api_snapshots c JOIN mv_unknown d JOIN latest_gpu_prices e"
    )
    assert on_views(sql) == (
        "SELECT * FROM latest_api_prices_long a JOIN latest_api_prices b "
        "JOIN latest_api_snapshots c JOIN mv_unknown d JOIN latest_gpu_prices e"
    )


def test_refreshed_snapshot_has_current_derived_tables(offline_warehouse: Warehouse) -> None:
    for view in MATERIALIZED:
        n_table = offline_warehouse.scalar(f"SELECT COUNT(*) FROM {materialized(view)}")
        assert n_table == offline_warehouse.scalar(f"SELECT COUNT(*) FROM {view}") > 0, view
