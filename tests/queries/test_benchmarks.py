"""Benchmark queries: on a small hand-made warehouse (exact expectations) and on the
offline snapshot (the metric names and units the page relies on)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd
import pytest

from warehouse.connection import Warehouse
from warehouse.queries import benchmarks as q

Derive = Callable[[Warehouse], Warehouse]  # the ``derive`` fixture (conftest.py)

OR_W = "OpenRouter live traffic, rolling 30-min window, quantization=fp8, endpoint={}"


def _row(
    source: str,
    provider: str,
    model: str,
    metric: str,
    stat: str,
    value: float,
    day: str,
    workload: str,
    unit: str = "s",
    hardware: str = "",
) -> dict:
    return {
        "source_id": source,
        "run_id": "r1",
        "observed_at": datetime.fromisoformat(day),
        "provider": provider,
        "model_id": model,
        "metric": metric,
        "stat": stat,
        "value": value,
        "unit": unit,
        "raw_value": value,
        "raw_unit": unit,
        "workload": workload,
        "hardware": hardware,
    }


def _stats(
    source: str,
    provider: str,
    model: str,
    metric: str,
    values: dict,
    day: str,
    workload: str,
    unit: str = "s",
) -> list[dict]:
    return [
        _row(source, provider, model, metric, s, v, day, workload, unit) for s, v in values.items()
    ]


def _mlperf(
    sub: str, hw: str, rnd: str, scenario: str, value: float, rid: str, division: str = "closed"
) -> dict:
    """An MLPerf tokens/s-per-accelerator row of an 8-accelerator system."""
    day = "2024-11-05" if rnd == "v4.1" else "2025-09-09"
    row = _row(
        q.MLPERF, sub, "llama-2-70b-99", "tokens_per_s_per_accelerator", "result", value,
        day, f"MLPerf Inference {rnd} {division}, {scenario}, SYS-{rid}, 8 x {hw}",
        "tokens/s per accelerator", hw,
    )  # fmt: skip
    return row | {
        "raw_value": value * 8, "raw_unit": "Tokens/s", "round": rnd, "scenario": scenario,
        "system": f"SYS-{rid}", "accelerators": 8, "precision": "fp8", "software": "sw",
        "availability": "available", "division": division, "derived": True,
        "result_id": rid, "details_url": "",
    }  # fmt: skip


MLPERF_ROWS = [
    _mlperf("A", "H200", "v4.1", "Offline", 3900.0, "1"),
    _mlperf("A", "H200", "v4.1", "Server", 3700.0, "1"),
    _mlperf("A", "H200", "v5.1", "Offline", 4400.0, "5"),
    _mlperf("A", "H200", "v5.1", "Offline", 4200.0, "6"),  # A's second H200 system
    _mlperf("B", "H200", "v5.1", "Offline", 4300.0, "7"),
    _mlperf("C", "H200", "v5.1", "Offline", 4000.0, "8"),
    _mlperf("B", "MI300X", "v4.1", "Offline", 3000.0, "2"),
    _mlperf("B", "MI300X", "v5.1", "Offline", 3600.0, "9"),
    _mlperf("D", "B200", "v5.1", "Offline", 12000.0, "10"),
    _mlperf("E", "MI355X", "v5.1", "Offline", 11000.0, "11", division="open"),
]


@pytest.fixture
def wh(memory_warehouse: Warehouse, derive: Derive) -> Warehouse:
    o = q.OPENROUTER
    rows = [
        *_stats(
            o,
            "Groq",
            "m1",
            "ttft_s",
            {"p50": 0.9, "p90": 1.5, "p99": 3.0},
            "2026-07-01",
            OR_W.format("Groq"),
        ),
        *_stats(
            o,
            "Groq",
            "m1",
            "ttft_s",
            {"p50": 0.3, "p90": 0.6, "p99": 1.0},
            "2026-07-31",
            OR_W.format("Groq"),
        ),
        # two endpoints with the same provider, model and workload text
        *_stats(
            o,
            "GpuCo",
            "m1",
            "ttft_s",
            {"p50": 1.0, "p90": 2.0, "p99": 4.0},
            "2026-07-31",
            OR_W.format("GpuCo"),
        ),
        *_stats(
            o,
            "GpuCo",
            "m1",
            "ttft_s",
            {"p50": 2.0, "p90": 3.0, "p99": 5.0},
            "2026-07-31",
            OR_W.format("GpuCo"),
        ),
        *_stats(
            o,
            "OtherCo",
            "m1",
            "ttft_s",
            {"p50": 0.5, "p90": 0.8, "p99": 2.0},
            "2026-07-31",
            OR_W.format("OtherCo"),
        ),
        *_stats(
            o,
            "GpuCo",
            "m2",
            "ttft_s",
            {"p50": 0.7, "p90": 0.9, "p99": 1.1},
            "2026-07-31",
            OR_W.format("GpuCo"),
        ),
        *_stats(
            o,
            "Groq",
            "m2",
            "ttft_s",
            {"p50": 0.2, "p90": 0.3, "p99": 0.4},
            "2026-07-31",
            OR_W.format("Groq"),
        ),
        *_stats(
            q.LLMPERF,
            "Anyscale",
            "llama-2-70b-chat",
            "ttft_s",
            {
                "p25": 0.19,
                "p50": 0.21,
                "p75": 0.3,
                "p90": 0.32,
                "p95": 0.36,
                "p99": 0.47,
                "mean": 0.25,
            },
            "2023-12-21",
            "llmperf: 550 input / 150 output tokens",
        ),
        *_stats(
            q.LLMPERF,
            "Groq",
            "llama-2-70b-chat",
            "ttft_s",
            {"p50": 0.22, "p90": 0.3, "p99": 0.35},
            "2024-01-10",
            "llmperf: 550 input / 150 output tokens",
        ),
        *MLPERF_ROWS,
    ]
    with memory_warehouse.writer() as session:
        session.insert_df("benchmarks", pd.DataFrame(rows))
    return derive(memory_warehouse)


def test_percentiles_keep_each_series_newest(wh: Warehouse) -> None:
    df = q.percentiles(wh, q.OPENROUTER, "ttft_s", "m1").set_index("provider")
    assert df.loc["Groq", "p50"] == 0.3 and df.loc["Groq", "p99"] == 1.0
    assert pd.Timestamp(df.loc["Groq", "observed_at"]) == pd.Timestamp("2026-07-31")
    assert list(df.index) == ["Groq", "OtherCo", "GpuCo"]  # fastest p50 first


def test_percentiles_average_indistinguishable_endpoints_stat_by_stat(wh: Warehouse) -> None:
    row = q.percentiles(wh, q.OPENROUTER, "ttft_s", "m1").set_index("provider").loc["GpuCo"]
    assert (row["p50"], row["p90"], row["p99"]) == (1.5, 2.5, 4.5)
    assert row["n_endpoints"] == 2
    assert pd.isna(row["p25"]) and pd.isna(row["mean"])


def test_percentiles_of_every_model_and_of_llmperf(wh: Warehouse) -> None:
    assert set(q.percentiles(wh, q.OPENROUTER, "ttft_s")["model_id"]) == {"m1", "m2"}
    lp = q.percentiles(wh, q.LLMPERF, "ttft_s").set_index("provider")
    assert lp.loc["Anyscale", "p25"] == 0.19 and lp.loc["Anyscale", "mean"] == 0.25
    assert q.percentiles(wh, q.LLMPERF, "output_tps").empty


def test_endpoint_models_count_providers(wh: Warehouse) -> None:
    df = q.endpoint_models(wh, "ttft_s").set_index("model_id")
    assert df.loc["m1", "n_providers"] == 3 and df.loc["m2", "n_providers"] == 2
    assert df.loc["m1", "has_specialised"] == 1
    assert list(df.index) == ["m1", "m2"]


def test_specialised_vs_gpu_needs_enough_other_providers(wh: Warehouse) -> None:
    df = q.specialised_vs_gpu(wh, "ttft_s", "p50", min_other=2)
    assert set(df["model_id"]) == {"m1"}  # m2 has only one other provider
    groups = df.set_index("provider")["hardware_group"].to_dict()
    assert groups == {"Groq": "specialised", "GpuCo": "other", "OtherCo": "other"}
    assert df.set_index("provider").loc["Groq", "chip"] == "LPU"
    assert set(q.specialised_vs_gpu(wh, "ttft_s", "p50", min_other=1)["model_id"]) == {"m1", "m2"}


def test_mlperf_results_keep_every_row_with_its_context(wh: Warehouse) -> None:
    df = q.mlperf_results(wh, "tokens_per_s_per_accelerator")
    assert len(df) == len(MLPERF_ROWS)
    assert list(df["value"][:2]) == [12000.0, 11000.0]  # highest first
    assert set(df["scenario"]) == {"Offline", "Server"} and set(df["round"]) == {"v4.1", "v5.1"}
    assert (df["value"] * df["accelerators"] == df["raw_value"]).all()


def test_mlperf_accelerators_best_and_spread_over_submitters(wh: Warehouse) -> None:
    df = q.mlperf_accelerators(wh, "llama-2-70b-99", "Offline", "v5.1").set_index("hardware")
    assert list(df.index) == ["B200", "H200", "MI300X"]  # best first; MI355X is open division
    h200 = df.loc["H200"]
    # A's best (4400; its 4200 system does not count twice), B 4300, C 4000
    assert (h200["best"], h200["median"], h200["low"]) == (4400.0, 4300.0, 4000.0)
    assert (h200["n_submitters"], h200["n_results"], h200["provider"]) == (3, 4, "A")
    assert h200["result_id"] == "5"
    open_ = q.mlperf_accelerators(wh, "llama-2-70b-99", "Offline", "v5.1", division="open")
    assert list(open_["hardware"]) == ["MI355X"]
    every_round = q.mlperf_accelerators(wh, "llama-2-70b-99", "Offline").set_index("hardware")
    assert every_round.loc["MI300X", "n_results"] == 2


def test_mlperf_progress_only_accelerators_in_two_rounds(wh: Warehouse) -> None:
    df = q.mlperf_progress(wh, "llama-2-70b-99", "Offline")
    assert list(zip(df["hardware"], df["round"], df["best"], strict=True)) == [
        ("H200", "v4.1", 3900.0),
        ("H200", "v5.1", 4400.0),
        ("MI300X", "v4.1", 3000.0),
        ("MI300X", "v5.1", 3600.0),
    ]
    assert df["vs_first"].tolist() == pytest.approx([1.0, 4400 / 3900, 1.0, 1.2])


def test_mlperf_models(wh: Warehouse) -> None:
    df = q.mlperf_models(wh)
    assert df.to_dict("records") == [
        {"model_id": "llama-2-70b-99", "n_accelerators": 4, "n_results": 10,
         "rounds": df["rounds"].iloc[0]},
    ]  # fmt: skip
    assert set(df["rounds"].iloc[0].split(",")) == {"v4.1", "v5.1"}


def test_catalog_counts(wh: Warehouse) -> None:
    cat = q.catalog(wh).set_index(["source_id", "metric", "stat"])
    assert cat.loc[(q.OPENROUTER, "ttft_s", "p50"), "n_rows"] == 7
    assert cat.loc[(q.OPENROUTER, "ttft_s", "p50"), "n_providers"] == 3


# ---- the offline snapshot ----


def test_snapshot_has_the_metrics_the_page_uses(offline_warehouse: Warehouse) -> None:
    cat = q.catalog(offline_warehouse)
    have = set(zip(cat["source_id"], cat["metric"], cat["stat"], strict=True))
    for metric in ("ttft_s", "output_tps"):
        for stat in ("p50", "p90", "p99"):
            assert (q.OPENROUTER, metric, stat) in have
    for metric in ("ttft_s", "output_tps", "inter_token_latency_s"):
        assert (q.LLMPERF, metric, "p50") in have
    assert (q.MLPERF, "tokens_per_s_per_accelerator", "result") in have


def test_snapshot_ttft_is_in_seconds_and_percentiles_are_ordered(
    offline_warehouse: Warehouse,
) -> None:
    df = q.percentiles(offline_warehouse, q.OPENROUTER, "ttft_s")
    assert len(df) > 500
    # OpenRouter reports milliseconds; a unit slip would put the median near 1,000.
    assert 0.2 < df["p50"].median() < 5
    assert (df["p50"] <= df["p90"]).all() and (df["p90"] <= df["p99"]).all()


def test_snapshot_specialised_providers_present(offline_warehouse: Warehouse) -> None:
    df = q.specialised_vs_gpu(offline_warehouse, "output_tps")
    assert set(df.loc[df["hardware_group"] == "specialised", "provider"]) == set(q.SPECIALISED)
    assert "gpt-oss-120b" in set(df["model_id"])


def test_snapshot_mlperf_is_per_accelerator(offline_warehouse: Warehouse) -> None:
    df = q.mlperf_results(offline_warehouse, "tokens_per_s_per_accelerator")
    assert len(df) > 500 and set(df["round"]) == {"v4.1", "v5.1"}
    assert {"Offline", "Server", "Interactive"} <= set(df["scenario"])
    assert (df["value"] * df["accelerators"]).to_numpy() == pytest.approx(
        df["raw_value"].to_numpy()
    )
    seven = {"H100_SXM", "H200", "B200", "GB200", "MI300X", "MI325X", "MI355X"}
    assert seven <= set(df["hardware"]) and df["derived"].all()
    mixed = q.mlperf_results(offline_warehouse, "tokens_per_s_per_system")
    assert len(mixed) == 8 and not mixed["derived"].any()


def test_snapshot_accelerators_side_by_side(offline_warehouse: Warehouse) -> None:
    df = q.mlperf_accelerators(offline_warehouse, "llama-2-70b-99", "Offline", "v5.1")
    top = df.iloc[0]
    # Azure's ND GB200 v6 (4 GB200): 52,061.6 tokens/s / 4
    assert (top["hardware"], top["provider"], top["best"]) == ("GB200", "Microsoft Azure", 13015.4)
    assert {"H100_SXM", "H200", "B200", "MI300X", "MI325X"} <= set(df["hardware"])
    progress = q.mlperf_progress(offline_warehouse, "llama-2-70b-99", "Offline")
    assert set(progress["hardware"]) == {"B200", "H100_SXM", "H200", "MI300X"}
