"""Hardware chart builders on small real-shaped frames, and the page's chart set on the
offline snapshot (titles state findings, data is exactly what is plotted)."""

from __future__ import annotations

import pandas as pd
import pytest

from charts import hardware as charts
from charts.pages import hardware as chart_set
from charts.provenance import direct_loader
from warehouse.connection import Warehouse

SPECS = pd.DataFrame(
    {
        "name": ["NVIDIA H100 SXM5 80GB", "AMD Instinct MI300X", "Google TPU v5e"],
        "vendor": ["NVIDIA", "AMD", "Google"],
        "kind": ["GPU", "GPU", "TPU"],
        "release_date": pd.to_datetime(["2022-09-20", "2023-12-06", "2023-08-29"]),
        "bf16_tflops": [989.4, 1307.4, 197.0],
        "tflops_per_w": [1.413, 1.743, None],
        "tdp_w": [700.0, 750.0, None],
    }
)


def test_timeline_is_log_scale_with_one_trace_per_vendor() -> None:
    fig = charts.timeline(SPECS, title="Fastest: X", subtitle="all")
    assert fig.layout.yaxis.type == "log"
    assert fig.layout.yaxis.title.text == "Dense BF16 TFLOP/s (log scale)"
    assert fig.layout.xaxis.title.text == "Release date"
    assert sorted(t.name for t in fig.data) == ["AMD", "Google", "NVIDIA"]
    assert fig.layout.title.text == "Fastest: X"
    assert list(fig.layout.yaxis.tickvals) == [100, 300, 1000, 3000]


def test_ranked_bars_sorted_largest_on_top_with_units() -> None:
    data = SPECS.dropna(subset=["tflops_per_w"])
    fig = charts.ranked_bars(
        data,
        value="tflops_per_w",
        x_title="BF16 TFLOP/s per W of TDP",
        title="AMD leads",
        hover={"tdp_w": "TDP, W"},
    )
    assert fig.layout.xaxis.title.text == "BF16 TFLOP/s per W of TDP"
    # category order is bottom-to-top: the largest value is the last category
    assert list(fig.layout.yaxis.categoryarray) == ["NVIDIA H100 SXM5 80GB", "AMD Instinct MI300X"]
    assert {t.orientation for t in fig.data} == {"h"}
    assert "TDP, W: %{customdata[0]}" in fig.data[0].hovertemplate


def test_vendor_colours_are_shared_and_distinct() -> None:
    colors = charts.color_map(["NVIDIA", "Huawei", "AMD", "NVIDIA"])
    assert list(colors) == ["NVIDIA", "Huawei", "AMD"]
    assert len(set(charts.color_map([f"v{i}" for i in range(21)]).values())) == 21
    fig = charts.ranked_bars(SPECS, value="bf16_tflops", x_title="t", title="t", colors=colors)
    by_name = {t.name: t.marker.color for t in fig.data}
    assert by_name["AMD"] == colors["AMD"] and by_name["NVIDIA"] == colors["NVIDIA"]


def test_header_reserves_room_for_long_titles_and_legends() -> None:
    short = charts.ranked_bars(SPECS.head(1), value="bf16_tflops", x_title="t", title="Short")
    long = charts.ranked_bars(
        SPECS, value="bf16_tflops", x_title="t", title="Long " * 30, subtitle="context"
    )
    assert "<br>" in long.layout.title.text
    assert long.layout.margin.t > short.layout.margin.t
    assert short.layout.showlegend is False  # one vendor: the legend would say nothing
    assert long.layout.legend.yanchor == "bottom" and long.layout.legend.y == 1.0


def test_share_bars_axis_is_percent_zero_to_hundred() -> None:
    shares = pd.DataFrame(
        {
            "company": ["Google (TPU)", "AWS (Trainium/Inferentia)"],
            "share_pct": [64.0, 36.0],
            "source_kind": ["secondary"] * 2,
            "citation": ["https://example.org/a"] * 2,
        }
    )
    fig = charts.share_bars(shares, title="Google (TPU): 64%")
    assert list(fig.layout.xaxis.range) == [0, 105]
    assert fig.layout.xaxis.title.text == "Share, % (as published)"
    assert list(fig.data[0].text) == ["64%", "36%"]


@pytest.mark.parametrize("builder", ["timeline", "ranked_bars", "share_bars"])
def test_empty_frames_say_so(builder: str) -> None:
    kwargs = {"title": "t"} | ({"value": "v", "x_title": "x"} if builder == "ranked_bars" else {})
    fig = getattr(charts, builder)(pd.DataFrame(), **kwargs)
    assert fig.layout.annotations and not fig.data


# --- chart set on the offline snapshot ---------------------------------------------


@pytest.fixture(scope="module")
def specs(offline_warehouse: Warehouse):
    return {s.name: s for s in chart_set.specs(direct_loader(offline_warehouse))}


def test_chart_set_names_and_captions(specs) -> None:
    assert set(specs) == {
        "accelerator-release-timeline",
        "bf16-tflops-per-1000-usd",
        "bf16-tflops-per-watt",
        "bf16-tflops-per-rental-usd",
        "hardware-vendor-share",
    }
    assert specs["bf16-tflops-per-watt"].source == "Epoch AI — Machine Learning Hardware"
    assert specs["bf16-tflops-per-watt"].as_of == "2025-12-24"
    rental = specs["bf16-tflops-per-rental-usd"]
    assert "Epoch AI" in rental.source and "RunPod" in rental.source
    assert rental.as_of > "2026-01-01"  # rental prices are newer than the spec dataset
    assert "curated reference, see citation per row" in specs["hardware-vendor-share"].source


def test_plotted_data_is_the_chart_data(specs) -> None:
    per_w = specs["bf16-tflops-per-watt"]
    plotted = sorted(x for trace in per_w.figure.data for x in trace.x)
    assert plotted == sorted(per_w.data["tflops_per_w"])
    leader = per_w.data.iloc[0]
    assert (
        per_w.title.startswith(f"{leader['name']} leads")
        and f"{leader['tflops_per_w']:,.2f}" in per_w.title
    )
    assert per_w.data["tflops_per_w"].is_monotonic_decreasing and len(per_w.data) == 20


def test_timeline_title_states_the_fastest(specs) -> None:
    timeline = specs["accelerator-release-timeline"]
    best = timeline.data.loc[timeline.data["bf16_tflops"].idxmax()]
    assert timeline.title.startswith(f"Fastest: {best['name']}")
    assert f"{best['bf16_tflops']:,.0f} dense BF16 TFLOP/s" in timeline.title


def test_share_chart_shows_one_group_only(offline_warehouse: Warehouse) -> None:
    load = direct_loader(offline_warehouse)
    spec = chart_set.share_spec(
        load, "revenue", "2023", "Data-center GPU revenue (NVIDIA, AMD, Intel); NVIDIA $36.2B"
    )
    assert list(spec.data["company"]) == ["NVIDIA"] and spec.data["share_pct"].iloc[0] == 98.0
    assert spec.title == "NVIDIA: 98% (revenue basis, 2023)"
    assert set(spec.data["basis"]) == {"revenue"}
    missing = chart_set.share_spec(load, "units", "1999", "nothing")
    assert missing.data.empty and missing.title.startswith("No published hardware shares")


def test_filters_reach_every_chart(offline_warehouse: Warehouse) -> None:
    specs = chart_set.specs(
        direct_loader(offline_warehouse), vendors=("AMD",), year_from=2023, precision="fp8"
    )
    for spec in specs[:4]:
        if "vendor" in spec.data:
            assert set(spec.data["vendor"]) <= {"AMD"}
        assert "Vendors: AMD" in spec.subtitle and "released 2023–…" in spec.subtitle
    assert specs[1].name == "fp8-tflops-per-1000-usd"
