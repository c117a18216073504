"""GPU price queries: on a small hand-made warehouse (exact expectations) and on the
offline snapshot (real shapes, recomputed independently)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd
import pytest

from warehouse.connection import Warehouse
from warehouse.queries import gpu as q

Derive = Callable[[Warehouse], Warehouse]  # the ``derive`` fixture (conftest.py)

# (provider, gpu, pricing, usd_per_gpu_hour, region, observed date)
PRICES = [
    ("AWS", "H100_SXM", "on_demand", 8.0, "global", "2026-01-05"),
    ("AWS", "H100_SXM", "on_demand", 10.0, "global", "2026-01-07"),
    ("AWS", "H100_SXM", "on_demand", 9.0, "global", "2026-01-12"),
    ("Lambda", "H100_SXM", "on_demand", 3.0, "us", "2026-01-05"),
    ("Lambda", "H100_SXM", "on_demand", 4.0, "eu", "2026-01-05"),
    ("Lambda", "H100_SXM", "on_demand", 2.0, "us", "2026-01-12"),
    *[
        ("Vast.ai", "H100_SXM", "on_demand", v, r, "2026-01-06")
        for v, r in ((1.0, "US"), (1.5, "DE"), (2.0, "JP"), (2.5, "FR"), (3.0, "CA"))
    ],
    ("Vast.ai", "H100_SXM", "on_demand", 1.8, "US", "2026-01-13"),
    ("RunPod", "H100_SXM", "community", 1.2, "", "2026-01-12"),
    ("RunPod", "H100_SXM", "on_demand", 2.5, "", "2026-01-12"),
    ("SF Compute", "H100_SXM", "spot", 2.1, "us", "2026-01-12"),
    ("Replicate", "H100_SXM", "on_demand", 5.0, "global", "2026-01-12"),
    ("Foo Cloud", "H100_SXM", "on_demand", 2.2, "global", "2026-01-12"),
    ("ORNN GPU Index", "H100_SXM", "index", 2.4, "", "2026-01-12"),
    ("Oldco", "H200", "on_demand", 3.0, "global", "2025-01-01"),
]
# (company, segment, subsegment)
COMPANIES = [
    ("Amazon Web Services (Bedrock, SageMaker)", "hyperscaler", "cloud AI platform"),
    ("Lambda", "ai_cloud", "neocloud"),
    ("Vast.ai", "ai_cloud", "GPU marketplace"),
    ("RunPod", "ai_cloud", "serverless GPU / GPU rental"),
    ("Replicate", "inference_provider", "model marketplace / serverless API"),
]
ALL_OFFERS = ("on_demand", "spot", "community")


@pytest.fixture
def wh(memory_warehouse: Warehouse, derive: Derive) -> Warehouse:
    prov = {"source_id": "test", "run_id": "r1"}
    prices = pd.DataFrame(
        [
            {
                **prov,
                "observed_at": datetime.fromisoformat(d),
                "provider": p,
                "gpu": g,
                "pricing": k,
                "usd_per_gpu_hour": v,
                "raw_value": v,
                "raw_unit": "USD/GPU-hour",
                "gpu_count": 1,
                "region": r,
            }
            for p, g, k, v, r, d in PRICES
        ]
    )
    companies = pd.DataFrame(
        [
            {
                **prov,
                "observed_at": datetime(2026, 1, 1),
                "company": c,
                "segment": s,
                "subsegment": sub,
            }
            for c, s, sub in COMPANIES
        ]
    )
    with memory_warehouse.writer() as session:
        session.insert_df("gpu_prices", prices)
        session.insert_df("companies", companies)
    return derive(memory_warehouse)


def test_weekly_median_is_the_median_over_provider_medians(wh: Warehouse) -> None:
    df = q.weekly_median(wh, ("H100_SXM",), "on_demand")
    got = {
        pd.Timestamp(w).date().isoformat(): row
        for w, row in zip(df["week"], df.itertuples(), strict=True)
    }
    assert list(got) == ["2026-01-05", "2026-01-12"]
    # week 1: AWS median(8, 10) = 9, Lambda median(3, 4) = 3.5, Vast.ai median of 5 rows = 2
    # -> 3.5 (a plain median over the 9 rows would be 3.0)
    assert got["2026-01-05"].usd_per_gpu_hour == pytest.approx(3.5)
    assert (got["2026-01-05"].n_providers, got["2026-01-05"].n_obs) == (3, 9)
    # week 2: 1.8, 2.0, 2.2, 2.5, 5.0, 9.0 -> 2.35; community and index rows are other pricing
    assert got["2026-01-12"].usd_per_gpu_hour == pytest.approx(2.35)
    assert got["2026-01-12"].n_providers == 6


def test_weekly_median_filters_source(wh: Warehouse) -> None:
    assert q.weekly_median(wh, ("H100_SXM",), "on_demand", source_id="other").empty
    assert len(q.weekly_median(wh, ("H100_SXM",), "on_demand", source_id="test")) == 2


def test_latest_offers_keep_only_each_series_newest_rows(wh: Warehouse) -> None:
    df = q.latest_offers(wh, "H100_SXM", ALL_OFFERS, max_age_days=3650)
    by = {(r.provider, r.pricing): r.usd_per_gpu_hour for r in df.itertuples()}
    assert by[("AWS", "on_demand")] == 9.0  # newest, not the cheaper 8.0 of an older day
    assert by[("Vast.ai", "on_demand")] == 1.8
    assert len(df[df["provider"] == "Lambda"]) == 1
    assert "ORNN GPU Index" not in set(df["provider"])  # an index, not an offer


def test_provider_classes_follow_companies_aliases_and_marketplaces(wh: Warehouse) -> None:
    df = q.latest_offers(wh, "H100_SXM", ALL_OFFERS, max_age_days=3650)
    cls = {(r.provider, r.pricing): r.provider_class for r in df.itertuples()}
    assert cls[("AWS", "on_demand")] == "hyperscaler"  # via COMPANY_ALIASES
    assert cls[("Lambda", "on_demand")] == "ai_cloud"
    assert cls[("Vast.ai", "on_demand")] == "marketplace"  # subsegment "GPU marketplace"
    assert cls[("SF Compute", "spot")] == "marketplace"  # explicit list
    assert cls[("RunPod", "community")] == "marketplace"  # community tier
    assert cls[("RunPod", "on_demand")] == "ai_cloud"
    assert cls[("Replicate", "on_demand")] == "inference_provider"  # "model marketplace"
    assert cls[("Foo Cloud", "on_demand")] == "unclassified"


def test_provider_classes_table_says_how(wh: Warehouse) -> None:
    df = q.provider_classes(wh).set_index("provider")
    assert df.loc["SF Compute", "basis"] == "explicit marketplace list"
    assert df.loc["Foo Cloud", "basis"] == "not in companies table"
    assert df.loc["AWS", "company"] == "Amazon Web Services (Bedrock, SageMaker)"
    assert "ORNN GPU Index" not in df.index


def test_max_age_counts_back_from_the_newest_price(wh: Warehouse) -> None:
    assert q.latest_offers(wh, "H200", ("on_demand",), max_age_days=7).empty
    assert len(q.latest_offers(wh, "H200", ("on_demand",), max_age_days=400)) == 1
    assert len(q.cheapest_offers(wh, ("H100_SXM",), ALL_OFFERS, max_age_days=7)) == 8


def test_cheapest_offers_one_per_series_cheapest_first(wh: Warehouse) -> None:
    df = q.cheapest_offers(wh, ("H100_SXM",), ALL_OFFERS, max_age_days=3650)
    assert list(df["usd_per_gpu_hour"]) == [1.2, 1.8, 2.0, 2.1, 2.2, 2.5, 5.0, 9.0]
    assert df.iloc[0]["provider"] == "RunPod" and df.iloc[0]["provider_class"] == "marketplace"
    everything = q.cheapest_offers(wh, (), ("on_demand",), max_age_days=3650, limit=3)
    assert len(everything) == 3 and list(everything["usd_per_gpu_hour"]) == [1.8, 2.0, 2.2]


def test_class_prices_one_point_per_provider_and_class(wh: Warehouse) -> None:
    df = q.class_prices(wh, ("H100_SXM",), max_age_days=3650)
    runpod = df[df["provider"] == "RunPod"].set_index("provider_class")["usd_per_gpu_hour"]
    assert runpod.to_dict() == {"marketplace": 1.2, "ai_cloud": 2.5}
    assert "SF Compute" not in set(df["provider"])  # spot only: not a list price


def test_empty_selection_returns_no_rows(wh: Warehouse) -> None:
    assert q.latest_offers(wh, "H100_SXM", (), max_age_days=3650).empty
    assert q.weekly_median(wh, (), "on_demand").empty


# ---- the offline snapshot ----


def test_snapshot_weekly_median_matches_a_pandas_recomputation(
    offline_warehouse: Warehouse,
) -> None:
    raw = offline_warehouse.query(
        "SELECT observed_at, provider, usd_per_gpu_hour FROM gpu_prices "
        "WHERE gpu = 'H100_SXM' AND pricing = 'on_demand' AND source_id = 'gpu_tracker'"
    )
    raw["week"] = pd.to_datetime(raw["observed_at"]).dt.to_period("W-SUN").dt.start_time
    expected = (
        raw.groupby(["week", "provider"])["usd_per_gpu_hour"]
        .median()
        .groupby(level="week")
        .median()
    )
    got = q.weekly_median(offline_warehouse, ("H100_SXM",), "on_demand", "gpu_tracker")
    got = got.set_index(pd.to_datetime(got["week"]))["usd_per_gpu_hour"]
    assert len(got) >= 20
    assert (got.index.day_of_week == 0).all()  # ISO weeks start on Monday
    pd.testing.assert_series_equal(
        got, expected, check_names=False, check_index_type=False, check_freq=False
    )


def test_snapshot_offers_are_each_series_newest(offline_warehouse: Warehouse) -> None:
    df = q.latest_offers(offline_warehouse, "H100_SXM", ("on_demand", "spot"), 3650)
    newest = offline_warehouse.query(
        "SELECT provider, pricing, MAX(observed_at) AS last_at FROM gpu_prices "
        "WHERE gpu = 'H100_SXM' GROUP BY provider, pricing"
    )
    merged = df.merge(newest, on=["provider", "pricing"])
    assert len(merged) == len(df) > 30
    assert (pd.to_datetime(merged["observed_at"]) == pd.to_datetime(merged["last_at"])).all()


def test_snapshot_classes_match_the_curated_companies(offline_warehouse: Warehouse) -> None:
    cls = q.provider_classes(offline_warehouse).set_index("provider")["provider_class"]
    assert cls["AWS"] == cls["Microsoft Azure"] == cls["Google Cloud"] == "hyperscaler"
    assert cls["Oracle Cloud"] == "hyperscaler"
    assert cls["CoreWeave"] == cls["Lambda"] == cls["Nebius"] == "ai_cloud"
    assert cls["Vast.ai"] == cls["SF Compute"] == "marketplace"
    assert cls["Replicate"] == "inference_provider"
