"""Unit-economics queries: on a small hand-made warehouse (exact expectations) and on the
offline snapshot (real shapes, recomputed independently in pandas)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd
import pytest

from warehouse.connection import Warehouse
from warehouse.queries import unit_economics as q

Derive = Callable[[Warehouse], Warehouse]  # the ``derive`` fixture (conftest.py)

# (provider, gpu, pricing, usd_per_gpu_hour, gpu_memory_gb, observed date)
GPU_PRICES = [
    ("AWS", "H100_SXM", "on_demand", 8.0, None, "2026-01-05"),  # superseded below
    ("AWS", "H100_SXM", "on_demand", 6.0, None, "2026-01-12"),
    ("AWS", "H100_SXM", "on_demand", 7.0, None, "2026-01-12"),  # AWS median 6.5
    ("Lambda", "H100_SXM", "on_demand", 3.0, 80.0, "2026-01-12"),
    ("Vast.ai", "H100_SXM", "on_demand", 1.0, None, "2026-01-12"),
    ("Vast.ai", "H100_SXM", "on_demand", 2.0, None, "2026-01-12"),
    ("Vast.ai", "H100_SXM", "on_demand", 9.0, None, "2026-01-12"),  # Vast median 2.0
    ("Vast.ai", "H100_SXM", "spot", 0.5, None, "2026-01-12"),  # not on-demand
    ("Oldco", "H100_SXM", "on_demand", 0.1, None, "2025-01-01"),  # stale provider
    ("Lambda", "H200", "on_demand", 4.0, 141.0, "2026-01-12"),
]
# (provider, model_id, output price, observed date)
API_PRICES = [
    ("A", "llama-3.3-70b-instruct", 0.70, "2026-01-12"),
    ("B", "llama3:70b", 0.90, "2026-01-12"),
    ("C", "meta/llama_70b", 0.50, "2026-01-12"),
    ("D", "mixtral-8x7b", 0.60, "2026-01-12"),  # 7b inside 8x7b: not a 7B model
    ("E", "foo-170b", 2.00, "2026-01-12"),  # 170b, not 70b
    ("F", "bar-70bx", 1.00, "2026-01-12"),  # 70b not a separate token
    ("G", "llama-3.3-70b-free", 0.0, "2026-01-12"),  # free: left out
    ("H", "llama-2-70b-chat", 1.50, "2025-06-01"),  # too old: left out
    ("I", "mystery-model", 0.80, "2026-01-12"),  # size only in models.params_b
    ("J", "qwen-7b", 0.10, "2026-01-12"),
]


def _prov(d: str) -> dict:
    return {"source_id": "test", "run_id": "r1", "observed_at": datetime.fromisoformat(d)}


@pytest.fixture
def wh(memory_warehouse: Warehouse, derive: Derive) -> Warehouse:
    gpu = pd.DataFrame(
        [
            {**_prov(d), "provider": p, "gpu": g, "pricing": k, "usd_per_gpu_hour": v,
             "raw_value": v, "raw_unit": "USD/GPU-hour", "gpu_count": 1, "gpu_memory_gb": m}
            for p, g, k, v, m, d in GPU_PRICES
        ]
    )  # fmt: skip
    api = pd.DataFrame(
        [
            {**_prov(d), "provider": p, "model_id": m, "price_type": t, "usd_per_mtok": v,
             "raw_value": v, "raw_unit": "USD/1M tokens", "kind": "text"}
            for p, m, v, d in API_PRICES
            for t, v in (("input", v / 2), ("output", v))
        ]
    )  # fmt: skip
    models = pd.DataFrame(
        [{**_prov("2026-01-12"), "model_id": "mystery-model", "params_b": 70.6},
         {**_prov("2026-01-12"), "model_id": "qwen-7b", "params_b": 7.0}]
    )  # fmt: skip
    with memory_warehouse.writer() as s:
        s.insert_df("gpu_prices", gpu)
        s.insert_df("api_prices", api)
        s.insert_df("models", models)
    return derive(memory_warehouse)


def test_gpu_price_summary_is_the_median_of_provider_medians(wh: Warehouse) -> None:
    out = q.gpu_price_summary(wh, gpus=("H100_SXM", "H200"), max_age_days=180).set_index("gpu")
    h100 = out.loc["H100_SXM"]
    # providers: AWS 6.5 (newest day only), Lambda 3.0, Vast.ai 2.0; Oldco is stale
    assert h100["n_providers"] == 3
    assert h100["usd_per_gpu_hour"] == pytest.approx(3.0)
    assert (h100["min_usd"], h100["max_usd"]) == pytest.approx((2.0, 6.5))
    assert h100["p25_usd"] == pytest.approx(2.5) and h100["p75_usd"] == pytest.approx(4.75)
    assert h100["n_offers"] == 6
    assert h100["listed_memory_gb"] == pytest.approx(80.0)
    assert h100["memory_source_id"] == "test"
    assert out.loc["H200", "listed_memory_gb"] == pytest.approx(141.0)


def test_gpu_price_summary_keeps_an_older_provider_inside_the_window(wh: Warehouse) -> None:
    out = q.gpu_price_summary(wh, gpus=("H100_SXM",), max_age_days=400).set_index("gpu")
    assert out.loc["H100_SXM", "n_providers"] == 4  # Oldco (2025-01-01) now counts
    assert out.loc["H100_SXM", "min_usd"] == pytest.approx(0.1)


def test_provider_prices_one_row_per_provider(wh: Warehouse) -> None:
    out = q.provider_prices(wh, "H100_SXM")
    assert list(out["provider"]) == ["Vast.ai", "Lambda", "AWS"]
    assert list(out["usd_per_gpu_hour"]) == pytest.approx([2.0, 3.0, 6.5])


def test_comparable_list_prices_match_the_size_token_or_params(wh: Warehouse) -> None:
    out = q.comparable_list_prices(wh, 70, max_age_days=60)
    assert set(out["model_id"]) == {
        "llama-3.3-70b-instruct", "llama3:70b", "meta/llama_70b", "mystery-model"
    }  # fmt: skip
    assert out.set_index("model_id").loc["mystery-model", "matched_by"] == "models.params_b"
    assert set(out.loc[out["model_id"] != "mystery-model", "matched_by"]) == {"size in model id"}
    assert list(out["output_usd_per_mtok"]) == sorted(out["output_usd_per_mtok"])
    assert out.set_index("model_id").loc["llama3:70b", "input_usd_per_mtok"] == 0.45
    seven = q.comparable_list_prices(wh, 7, max_age_days=60)
    assert set(seven["model_id"]) == {"qwen-7b"}  # not mixtral-8x7b


def test_size_token() -> None:
    assert q.size_token(70) == "70b" and q.size_token(1.5) == "1.5b"


# --- on the offline snapshot ------------------------------------------------------------


def test_price_summary_matches_pandas_on_the_snapshot(offline_warehouse: Warehouse) -> None:
    gpus = ("H100_SXM", "H200", "MI300X")
    out = q.gpu_price_summary(offline_warehouse, gpus=gpus).set_index("gpu")
    raw = offline_warehouse.query("SELECT * FROM gpu_prices WHERE pricing = 'on_demand'")
    cutoff = raw["observed_at"].max() - pd.Timedelta(days=180)
    for gpu in gpus:
        rows = raw[raw["gpu"] == gpu]
        last = rows.groupby("provider")["observed_at"].transform("max")
        latest = rows[(rows["observed_at"] == last) & (last >= cutoff)]
        per_provider = latest.groupby("provider")["usd_per_gpu_hour"].median()
        assert out.loc[gpu, "n_providers"] == len(per_provider) > 1
        assert out.loc[gpu, "usd_per_gpu_hour"] == pytest.approx(per_provider.median())
        assert out.loc[gpu, "max_usd"] == pytest.approx(per_provider.max())


def test_hardware_specs_on_the_snapshot(offline_warehouse: Warehouse) -> None:
    keys = ("H100_SXM", "H200", "MI300X", "B200", "A100_SXM_80GB")
    out = q.hardware_specs(offline_warehouse, accelerators=keys).set_index("accelerator")
    assert sorted(out.index) == sorted(keys)  # one row each
    assert out.loc["H100_SXM", ["memory_gb", "tdp_w", "price_usd"]].tolist() == [80, 700, 33600]
    assert out.loc["MI300X", "memory_gb"] == 192
    assert pd.isna(out.loc["H200", "memory_gb"])  # Epoch lists none; the page falls back
    assert set(out["source_id"]) == {"epoch_hardware"}


def test_token_throughput_on_the_snapshot(offline_warehouse: Warehouse) -> None:
    out = q.token_throughput(offline_warehouse, hardware=("H200", "H100_SXM", "MI355X"))
    assert set(out["hardware"]) == {"H200", "H100_SXM", "MI355X"}
    assert set(out["scenario"]) == {"offline", "server", "interactive"}
    assert set(out["round"]) == {"v4.1", "v5.1"} and out["provider"].nunique() > 10
    giga = out[(out["result_id"] == "v4.1-0027") & (out["model_id"] == "llama-2-70b-99")]
    # GigaComputing's 8x H200 llama2-70b Offline: 31,263.8 tokens/s / 8
    assert giga.loc[giga["scenario"] == "offline", "tokens_per_s"].tolist() == pytest.approx(
        [3907.975]
    )
    assert not out["model_id"].str.startswith(("bert", "resnet")).any()  # tokens only


def test_comparable_list_prices_on_the_snapshot(offline_warehouse: Warehouse) -> None:
    out = q.comparable_list_prices(offline_warehouse, 70)
    assert len(out) > 20 and (out["output_usd_per_mtok"] > 0).all()
    ids = "-" + out["model_id"].str.lower().str.replace(r"[:_/]", "-", regex=True) + "-"
    assert ids.str.contains("-70b-", regex=False).all()
    newest = offline_warehouse.scalar("SELECT MAX(observed_at) FROM api_prices")
    assert (out["observed_at"] >= pd.Timestamp(newest) - pd.Timedelta(days=60)).all()
