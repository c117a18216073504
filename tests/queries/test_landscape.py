"""Landscape queries: company matching, coverage, headline figures and refresh changes, on
a hand-made warehouse (exact expectations) and on the offline snapshot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pandas as pd
import pytest

from warehouse.connection import Warehouse
from warehouse.queries import landscape as q

Derive = Callable[[Warehouse], Warehouse]  # the ``derive`` fixture (conftest.py)

D1, D2 = datetime(2026, 1, 10), datetime(2026, 2, 10)
COMPANIES = [  # (company, segment)
    ("Amazon Web Services (Bedrock, SageMaker)", "hyperscaler"),
    ("Together AI", "inference_provider"),
    ("Groq", "inference_provider"),
    ("Groq", "hardware"),
    ("Lambda", "ai_cloud"),
    ("Nscale", "ai_cloud"),
    ("OpenAI", "model_api"),
]
# (source, provider, model, observed, input, output, AA index of the model)
API = [
    ("s1", "AWS Bedrock", "big", D2, 3.0, 15.0),
    ("s1", "OpenAI", "big", D2, 2.0, 8.0),
    ("s1", "OpenAI", "big-free", D2, 0.0, 0.0),
    ("s1", "Together AI", "small", D1, 0.2, 0.2),
    ("s1", "Together AI", "small", D2, 0.1, 0.2),
    ("s1", "Together AI", "old", D1, 1.0, 1.0),
    ("s1", "Together AI", "new", D2, 1.0, 1.0),
]
INDEX = {"big": 60.0, "small": 20.0, "big-free": 61.0, "old": 10.0, "new": 30.0}
# (provider, gpu, pricing, usd_per_gpu_hour, observed)
GPU = [
    ("Lambda", "H100_SXM", "on_demand", 3.0, D2),
    ("AWS", "H100_SXM", "on_demand", 7.0, D2 - timedelta(days=30)),
    ("Oldco", "H100_SXM", "on_demand", 1.0, D2 - timedelta(days=400)),
    ("Lambda", "H100_SXM", "spot", 1.5, D2),
]


def _frames() -> dict[str, pd.DataFrame]:
    run = {"run_id": "r1"}
    companies = [
        {**run, "source_id": "cur", "observed_at": D1, "company": c, "segment": s}
        for c, s in COMPANIES
    ]
    api = [
        {
            **run,
            "source_id": s,
            "observed_at": d,
            "provider": p,
            "model_id": m,
            "price_type": t,
            "usd_per_mtok": v,
            "raw_value": v,
            "raw_unit": "USD/1M tokens",
        }
        for s, p, m, d, i, o in API
        for t, v in (("input", i), ("output", o))
    ]
    models = [
        {**run, "source_id": "cat", "observed_at": D2, "model_id": m, "aa_intelligence_index": v}
        for m, v in INDEX.items()
    ]
    gpu = [
        {
            **run,
            "source_id": "g",
            "observed_at": d,
            "provider": p,
            "gpu": g,
            "pricing": k,
            "usd_per_gpu_hour": v,
            "raw_value": v,
            "raw_unit": "USD/GPU-hour",
            "gpu_count": 1,
        }
        for p, g, k, v, d in GPU
    ]
    return {
        "companies": pd.DataFrame(companies),
        "api_prices": pd.DataFrame(api),
        "models": pd.DataFrame(models),
        "gpu_prices": pd.DataFrame(gpu),
    }


@pytest.fixture
def wh(memory_warehouse: Warehouse, derive: Derive) -> Warehouse:
    with memory_warehouse.writer() as s:
        for table, df in _frames().items():
            s.insert_df(table, df)
    return derive(memory_warehouse)


def test_company_names_cover_parentheses_and_first_word() -> None:
    names = q.company_names("Amazon Web Services (Bedrock, SageMaker)")
    assert {"AWS Bedrock", "AWS SageMaker", "Amazon"} <= names
    assert q.company_names("Z.ai (Zhipu)") == {"Z.AI"}
    assert q.company_names("Together AI") == {"Together AI"}


def test_match_companies_only_in_the_segments_price_table(wh: Warehouse) -> None:
    matched = q.match_companies(q.companies(wh), q.tracked_providers(wh))
    got = dict(
        zip(matched["company"] + "/" + matched["segment"], matched["tracked_as"], strict=True)
    )
    assert got == {
        "Amazon Web Services (Bedrock, SageMaker)/hyperscaler": "AWS, AWS Bedrock",
        "Together AI/inference_provider": "Together AI",
        "Groq/inference_provider": "",
        "Groq/hardware": "",  # hardware sells chips: never matched
        "Lambda/ai_cloud": "Lambda",
        "Nscale/ai_cloud": "",
        "OpenAI/model_api": "OpenAI",
    }


def test_segment_coverage_counts(wh: Warehouse) -> None:
    cov = q.segment_coverage(wh).set_index("segment")
    assert cov.loc["inference_provider", ["n_companies", "n_with_prices"]].tolist() == [2, 1]
    assert cov.loc["ai_cloud", ["n_companies", "n_with_prices"]].tolist() == [2, 1]
    assert cov.loc["hardware", "price_tables"] == ""
    assert cov["n_companies"].sum() == len(COMPANIES)


def test_cheapest_top_quality_uses_the_top_decile_and_skips_free(wh: Warehouse) -> None:
    top = q.cheapest_top_quality(wh)
    # indexes 10, 20, 30, 60, 61 -> 90th percentile 60.6: only the free model (61)
    # qualifies, and a $0 listing is not a price
    assert top.empty
    top = q.cheapest_top_quality(wh, quantile=0.75)
    assert top[["model_id", "provider"]].values.tolist() == [
        ["big", "OpenAI"],
        ["big", "AWS Bedrock"],
    ]
    assert top["blended_usd_per_mtok"].tolist() == [0.75 * 2 + 0.25 * 8, 0.75 * 3 + 0.25 * 15]
    assert top["threshold"].iloc[0] == pytest.approx(60.0)


def test_gpu_price_by_provider_latest_within_window(wh: Warehouse) -> None:
    h100 = q.gpu_price_by_provider(wh, gpu="H100_SXM", pricing="on_demand", window_days=180)
    assert h100[["provider", "usd_per_gpu_hour"]].values.tolist() == [["Lambda", 3.0], ["AWS", 7.0]]
    assert len(q.gpu_price_by_provider(wh, window_days=500)) == 3


def test_latest_refresh_flags_new_and_failed_sources(wh: Warehouse) -> None:
    now = datetime(2026, 3, 1, 12)
    runs = [
        ("old-s1", "s1", now - timedelta(days=7), "ok", None),
        ("new-s1", "s1", now, "ok", None),
        ("new-s2", "s2", now + timedelta(minutes=1), "ok", None),
        ("new-s3", "s3", now + timedelta(minutes=2), "failed", "FetchError: HTTP 503"),
    ]
    with wh.writer() as s:
        s.insert_df(
            "ingest_runs",
            pd.DataFrame(
                [
                    {
                        "run_id": r,
                        "source_id": src,
                        "mode": "live",
                        "started_at": t,
                        "finished_at": t + timedelta(seconds=5),
                        "status": st,
                        "error": e,
                    }
                    for r, src, t, st, e in runs
                ]
            ),
        )
    got = q.latest_refresh(wh)
    assert got["source_id"].tolist() == ["s3", "s1", "s2"]  # failed first
    assert got.set_index("source_id")["is_new"].to_dict() == {"s3": False, "s1": False, "s2": True}


def test_listing_changes_against_the_previous_snapshot(wh: Warehouse) -> None:
    got = q.listing_changes(wh).set_index("source_id").loc["s1"]
    # Together AI: D1 {small, old} -> D2 {small, new}; small changed input 0.2 -> 0.1
    assert (got["n_providers"], got["n_added"], got["n_dropped"]) == (1, 1, 1)
    assert got["n_price_changes"] == 1


# ---------------------------------------------------------------- the offline snapshot


def test_offline_coverage_and_h100_median(offline_warehouse: Warehouse) -> None:
    cov = q.segment_coverage(offline_warehouse).set_index("segment")
    assert set(cov.index) == set(q.PRICE_TABLES)
    assert cov["n_companies"].sum() == len(q.companies(offline_warehouse))
    assert (cov.loc[["hardware", "edge"], "n_with_prices"] == 0).all()
    assert (cov["n_with_prices"] <= cov["n_companies"]).all()

    h100 = q.gpu_price_by_provider(offline_warehouse)
    raw = offline_warehouse.query(
        "SELECT provider, observed_at, usd_per_gpu_hour FROM gpu_prices "
        "WHERE gpu = 'H100_SXM' AND pricing = 'on_demand'"
    )
    last = raw[raw["observed_at"] == raw.groupby("provider")["observed_at"].transform("max")]
    per_provider = last.groupby("provider").agg(
        p=("usd_per_gpu_hour", "min"), at=("observed_at", "max")
    )
    recent = per_provider[per_provider["at"] >= per_provider["at"].max() - timedelta(days=180)]
    assert len(h100) == len(recent)
    assert h100["usd_per_gpu_hour"].median() == pytest.approx(recent["p"].median())


def test_offline_top_quality_headline(offline_warehouse: Warehouse) -> None:
    top = q.cheapest_top_quality(offline_warehouse, limit=3)
    assert len(top) == 3 and (top["aa_intelligence_index"] >= top["threshold"]).all()
    assert top["blended_usd_per_mtok"].is_monotonic_increasing
    assert (top["blended_usd_per_mtok"] > 0).all()
