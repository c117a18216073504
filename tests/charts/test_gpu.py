"""GPU price chart builders (no Streamlit) and the AI clouds chart set."""

from __future__ import annotations

import pandas as pd
import pytest

from charts import gpu as charts
from charts.pages import clouds as chart_set
from charts.provenance import direct_loader
from warehouse.connection import Warehouse


def _offers() -> pd.DataFrame:
    rows = [
        ("AWS", "hyperscaler", "on_demand", 6.88, 1),
        ("Lambda", "ai_cloud", "on_demand", 2.99, 8),
        ("Vast.ai", "marketplace", "on_demand", 1.73, 4),
        ("Vast.ai", "marketplace", "on_demand", 2.20, 2),
        ("Vast.ai", "marketplace", "spot", 0.30, 1),
        ("Google Cloud", "hyperscaler", "spot", 2.11, 8),
    ]
    df = pd.DataFrame(
        rows, columns=["provider", "provider_class", "pricing", "usd_per_gpu_hour", "gpu_count"]
    )
    return df.assign(
        gpu="H100_SXM",
        region="global",
        source_id="gpu_tracker",
        observed_at=pd.Timestamp("2026-07-14"),
    )


def test_provider_order_cheapest_on_demand_first() -> None:
    assert charts.provider_order(_offers()) == ["Vast.ai", "Lambda", "AWS", "Google Cloud"]


def test_price_distribution_boxes_per_pricing_with_every_offer() -> None:
    fig = charts.price_distribution(_offers(), title="T", subtitle="S")
    assert [t.type for t in fig.data] == ["box", "box"]
    assert [t.name for t in fig.data] == ["On-demand", "Spot / interruptible"]
    assert fig.data[0].boxpoints == "all" and len(fig.data[0].x) == 4
    assert fig.layout.xaxis.title.text == "USD per GPU-hour"
    # cheapest at the top: plotly draws the category array bottom-up
    assert list(fig.layout.yaxis.categoryarray)[-1] == "Vast.ai"
    assert fig.layout.title.text == "T" and fig.layout.title.subtitle.text == "S"


def test_weekly_trend_one_line_per_gpu() -> None:
    df = pd.DataFrame(
        {
            "week": pd.to_datetime(["2026-02-09", "2026-02-16"] * 2),
            "gpu": ["H100_SXM", "H100_SXM", "B200", "B200"],
            "usd_per_gpu_hour": [2.99, 2.98, 5.5, 5.5],
            "n_providers": [34, 36, 12, 13],
            "n_obs": [300, 310, 90, 95],
        }
    )
    fig = charts.weekly_trend(df, title="T")
    assert [t.name for t in fig.data] == ["H100_SXM", "B200"]
    assert list(fig.data[0].y) == [2.99, 2.98]
    assert fig.layout.yaxis.title.text == "Median USD per GPU-hour"
    assert fig.layout.xaxis.title.text == "Week"


def test_class_comparison_boxes_in_class_order() -> None:
    df = _offers()
    df = df[df["pricing"] == "on_demand"].assign(n_offers=1)
    fig = charts.class_comparison(df, title="T")
    assert [t.name for t in fig.data] == ["Hyperscalers", "AI clouds", "Marketplaces"]
    assert fig.layout.yaxis.title.text == "USD per GPU-hour"
    assert fig.layout.boxmode == "group"


def test_empty_frames_say_so() -> None:
    empty = _offers().iloc[0:0]
    assert "No offers" in charts.price_distribution(empty, title="T").layout.annotations[0].text
    assert charts.weekly_trend(pd.DataFrame(), title="T").layout.annotations
    assert charts.class_comparison(pd.DataFrame(), title="T").layout.annotations


def test_titles_state_the_finding() -> None:
    title = chart_set._distribution_title(_offers(), "H100_SXM")
    assert title.startswith("H100_SXM on-demand: $1.73 (Vast.ai) to $6.88 (AWS) per GPU-hour")
    assert "across 3 providers" in title
    trend = pd.DataFrame(
        {
            "week": pd.to_datetime(["2026-02-09", "2026-07-13"] * 2),
            "gpu": ["H100_SXM", "H100_SXM", "B200", "B200"],
            "usd_per_gpu_hour": [3.0, 2.85, 5.0, 6.5],
        }
    )
    assert "B200 rose 30%, $5.00 → $6.50" in chart_set._trend_title(trend, "on_demand")
    classes = pd.DataFrame(
        {
            "gpu": ["H100_SXM"] * 5 + ["B200"],
            "provider": ["AWS", "Azure", "Lambda", "Vast.ai", "Foo", "AWS"],
            "provider_class": [
                "hyperscaler",
                "hyperscaler",
                "ai_cloud",
                "marketplace",
                "unclassified",
                "hyperscaler",
            ],
            "usd_per_gpu_hour": [6.0, 8.0, 2.99, 1.73, 2.5, 14.0],
        }
    )
    assert chart_set._class_title(classes) == (
        "H100_SXM median on-demand price per GPU-hour: hyperscalers $7.00 vs AI clouds $2.99 "
        "vs marketplaces $1.73"
    )


# ---- the chart set on the offline snapshot ----


@pytest.fixture(scope="module")
def specs(offline_warehouse: Warehouse) -> list:
    return chart_set.specs(direct_loader(offline_warehouse))


def test_chart_set_has_sources_dates_and_exact_data(specs: list) -> None:
    assert [s.name for s in specs] == [
        "gpu-prices-h100_sxm",
        "gpu-weekly-median-on_demand",
        "gpu-prices-by-provider-class",
    ]
    for spec in specs:
        assert not spec.data.empty and spec.as_of.startswith("2026-")
        assert (
            spec.caption().startswith("Source: ")
            and spec.figure.layout.title.text.replace("<br>", " ") == spec.title
        )
    dist, trend, classes = specs
    assert sum(len(t.x) for t in dist.figure.data) == len(dist.data)
    assert sum(len(t.y) for t in trend.figure.data) == len(trend.data)
    assert sum(len(t.y) for t in classes.figure.data) == len(classes.data)
    assert list(dict.fromkeys(trend.data["gpu"])) == list(chart_set.DEFAULTS["trend_gpus"])


def test_distribution_title_names_the_cheapest_provider(specs: list) -> None:
    data = specs[0].data
    on_demand = data[data["pricing"] == "on_demand"]
    cheapest = on_demand.loc[on_demand["usd_per_gpu_hour"].idxmin()]
    assert f"${cheapest['usd_per_gpu_hour']:.2f} ({cheapest['provider']})" in specs[0].title


def test_headline_metrics_use_provider_medians() -> None:
    metrics = {label: (value, note) for label, value, note in chart_set.headline(_offers())}
    assert metrics["Providers with a price"][0] == "4"
    # providers' on-demand medians 6.88, 2.99, 1.965 -> 2.99 (not the offer median 2.595)
    assert metrics["Median on-demand"][0] == "$2.99/GPU-h"
    assert metrics["Cheapest on-demand"] == ("$1.73/GPU-h", "Vast.ai, on_demand")
    assert metrics["Cheapest spot"] == ("$0.30/GPU-h", "Vast.ai, spot")
    empty = {label: value for label, value, _ in chart_set.headline(_offers().iloc[0:0])}
    assert empty["Cheapest spot"] == "n/a" and empty["Median on-demand"] == "n/a"
