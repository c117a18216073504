"""Equal sort keys keep one documented order, so a chart title naming the first row (the
landscape's "biggest move", the cheapest provider) is the same on every run.

Rows are inserted in the reverse of the documented order (output before input, Zeta
before Alpha), so a query that relied on insertion or hash order would fail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd
import pytest

from warehouse.connection import Warehouse
from warehouse.queries import benchmarks as bq
from warehouse.queries import gpu as gq
from warehouse.queries import prices as pq

Derive = Callable[[Warehouse], Warehouse]  # the ``derive`` fixture (conftest.py)
JAN5, JAN20, FEB10 = datetime(2026, 1, 5), datetime(2026, 1, 20), datetime(2026, 2, 10)


def _api(source: str, provider: str, model: str, kind: str, value: float, at: datetime) -> dict:
    return {
        "source_id": source,
        "run_id": f"{source}-{at:%m%d}",
        "observed_at": at,
        "provider": provider,
        "model_id": model,
        "price_type": kind,
        "usd_per_mtok": value,
        "raw_value": value,
        "raw_unit": "USD/1M tokens",
        "kind": "text",
    }


def _gpu(provider: str, pricing: str, value: float) -> dict:
    return {
        "source_id": "g",
        "run_id": "g1",
        "observed_at": JAN5,
        "provider": provider,
        "gpu": "H100_SXM",
        "pricing": pricing,
        "usd_per_gpu_hour": value,
        "raw_value": value,
        "raw_unit": "USD/GPU-hour",
        "gpu_count": 1,
    }


def _bench(provider: str, workload: str, value: float) -> dict:
    return {
        "source_id": bq.OPENROUTER,
        "run_id": "b1",
        "observed_at": JAN5,
        "provider": provider,
        "model_id": "m",
        "metric": "output_tps",
        "stat": "p50",
        "value": value,
        "unit": "tokens/s",
        "raw_value": value,
        "raw_unit": "tokens/s",
        "workload": workload,
    }


def _price_rows() -> list[dict]:
    rows = []
    # Both prices of m rise 1 -> 6 (+500%) on FEB10 at Zeta and Alpha (two sources).
    for source, provider in (("s1", "Zeta"), ("s1", "Alpha"), ("s0", "Alpha")):
        for at, value in ((JAN5, 1.0), (FEB10, 6.0)):
            for kind in ("output", "input"):
                rows.append(_api(source, provider, "m", kind, value, at))
    # January: n and m both cost 0.5 blended; m at Zeta and Alpha, Alpha's twice.
    for source, provider, model, at in (
        ("s3", "Zeta", "n", JAN5),
        ("s3", "Zeta", "m", JAN5),
        ("s2", "Alpha", "m", JAN20),
        ("s3", "Alpha", "m", JAN5),
    ):
        for kind in ("output", "input"):
            rows.append(_api(source, provider, model, kind, 0.5, at))
    return rows


@pytest.fixture
def wh(memory_warehouse: Warehouse, derive: Derive) -> Warehouse:
    models = pd.DataFrame(
        [
            {
                "source_id": "cat",
                "run_id": "c1",
                "observed_at": JAN5,
                "model_id": m,
                "aa_intelligence_index": 50.0,
            }
            for m in ("n", "m")
        ]
    )
    gpus = [_gpu(p, k, 2.0) for p, k in (("Zeta", "on_demand"), ("RunPod", "on_demand"))]
    gpus += [_gpu("RunPod", "community", 2.0), _gpu("Alpha", "on_demand", 2.0)]
    bench = [_bench("Zed", "w", 100.0), _bench("Acme", "w2", 100.0)]
    bench += [_bench("Acme", "w1", 100.0), _bench("Other", "w", 100.0), _bench("Groq", "w", 50.0)]
    with memory_warehouse.writer() as s:
        s.insert_df("api_prices", pd.DataFrame(_price_rows()))
        s.insert_df("models", models)
        s.insert_df("gpu_prices", pd.DataFrame(gpus))
        s.insert_df("benchmarks", pd.DataFrame(bench))
    return derive(memory_warehouse)


def test_price_change_log_ties_by_provider_model_price_type_source(wh: Warehouse) -> None:
    expected = [
        ("Alpha", "input", "s0"),
        ("Alpha", "input", "s1"),
        ("Alpha", "output", "s0"),
        ("Alpha", "output", "s1"),
        ("Zeta", "input", "s1"),
        ("Zeta", "output", "s1"),
    ]
    for latest_only in (False, True):
        log = pq.price_change_log(wh, latest_only=latest_only, model_ids=("m",))
        assert set(log["pct_change"]) == {500.0}
        got = list(zip(log["provider"], log["price_type"], log["source_id"], strict=True))
        assert got == expected


def test_cheapest_by_period_ties_by_provider_then_newest_then_model(wh: Warehouse) -> None:
    jan = pq.cheapest_by_period(wh, min_index=40)
    jan = jan[jan["period"] == pd.Timestamp("2026-01-01")]
    # m: Alpha beats Zeta at the same price; Alpha's newest observation (s2, Jan 20)
    # wins over its Jan 5 one. Equal prices list m before n.
    got = list(zip(jan["model_id"], jan["provider"], jan["source_id"], strict=True))
    assert got == [("m", "Alpha", "s2"), ("n", "Zeta", "s3")]
    assert pd.Timestamp(jan["observed_at"].iloc[0]) == pd.Timestamp(JAN20)


def test_class_prices_ties_by_provider_then_class(wh: Warehouse) -> None:
    got = gq.class_prices(wh, ("H100_SXM",), max_age_days=3650)
    assert set(got["usd_per_gpu_hour"]) == {2.0}
    assert list(zip(got["provider"], got["provider_class"], strict=True)) == [
        ("Alpha", "unclassified"),
        ("RunPod", "marketplace"),  # the community tier
        ("RunPod", "unclassified"),
        ("Zeta", "unclassified"),
    ]


def test_specialised_vs_gpu_ties_by_provider_then_workload(wh: Warehouse) -> None:
    got = bq.specialised_vs_gpu(wh, "output_tps", "p50", min_other=2)
    assert list(zip(got["provider"], got["workload"], strict=True)) == [
        ("Groq", "w"),  # specialised first
        ("Acme", "w1"),
        ("Acme", "w2"),
        ("Other", "w"),
        ("Zed", "w"),
    ]
