"""Landscape chart builders (no Streamlit) and the Landscape chart set."""

from __future__ import annotations

import pandas as pd

from charts import landscape as charts
from charts.pages import landscape as chart_set
from charts.provenance import direct_loader
from warehouse.connection import Warehouse


def _companies() -> pd.DataFrame:
    rows = [
        ("Groq", "hardware", "inference ASIC", "US", ""),
        ("Groq", "inference_provider", "custom silicon", "US", "Groq"),
        ("Amazon Web Services (Bedrock, SageMaker)", "hyperscaler", "cloud", "US", "AWS Bedrock"),
    ]
    return pd.DataFrame(
        rows, columns=["company", "segment", "subsegment", "hq_country", "tracked_as"]
    )


def test_treemap_one_tile_per_company_and_segment() -> None:
    fig = charts.segment_treemap(_companies(), title="Finding", subtitle="S")
    tree = fig.data[0]
    assert tree.type == "treemap"
    assert list(tree.ids) == [
        "Inference market",
        "inference_provider",
        "hyperscaler",
        "hardware",  # page order
        "hardware/Groq",
        "inference_provider/Groq",
        "hyperscaler/Amazon Web Services (Bedrock, SageMaker)",
    ]
    assert "Amazon Web Services" in tree.labels  # the parenthesis moves to the hover
    assert "Prices tracked as: AWS Bedrock" in tree.customdata[-1]
    assert list(tree.values)[:4] == [3, 1, 1, 1]
    assert fig.layout.title.text == "Finding"


def test_coverage_bars_split_tracked_untracked_and_not_applicable() -> None:
    df = pd.DataFrame(
        {
            "segment": ["model_api", "hardware"],
            "n_companies": [10, 7],
            "n_with_prices": [8, 0],
            "price_tables": ["api_prices", ""],
        }
    )
    fig = charts.coverage_bars(df, title="T")
    by_name = {t.name: list(t.x) for t in fig.data}
    # rows are reversed so the first segment is drawn at the top
    assert by_name["With prices in the warehouse"] == [0, 8]
    assert by_name["No prices yet"] == [0, 2]
    assert by_name["Not price-tracked (sells chips)"] == [7, 0]
    assert fig.layout.xaxis.title.text == "Companies in the curated map (count)"


def test_gpu_price_bars_with_median_line() -> None:
    df = pd.DataFrame(
        {
            "provider": ["A", "B", "C"],
            "usd_per_gpu_hour": [2.0, 3.0, 9.0],
            "observed_at": pd.Timestamp("2026-07-01"),
            "source_id": "g",
        }
    )
    fig = charts.gpu_price_bars(df, median=3.0, gpu_label="H100 SXM", title="T")
    assert list(fig.data[0].y) == ["C", "B", "A"]  # cheapest drawn at the top
    assert fig.layout.xaxis.title.text == "USD per GPU-hour"
    assert fig.layout.shapes[0].x0 == 3.0
    assert "median $3.00" in fig.layout.annotations[0].text


def test_empty_frames_say_so() -> None:
    assert charts.segment_treemap(pd.DataFrame(), title="T").layout.annotations
    empty_gpu = charts.gpu_price_bars(
        pd.DataFrame(), median=float("nan"), gpu_label="H100", title="T"
    )
    assert "No H100" in empty_gpu.layout.annotations[0].text


# ---------------------------------------------------------------- chart set on real data


def test_chart_set_and_headlines_on_the_offline_warehouse(offline_warehouse: Warehouse) -> None:
    load = direct_loader(offline_warehouse)
    specs = chart_set.specs(load)
    assert [s.name for s in specs] == [
        "market-map",
        "price-coverage-by-segment",
        "h100-on-demand-by-provider",
        "latest-price-moves",
    ]
    for spec in specs:
        assert not spec.data.empty, spec.name
        if spec.name == "market-map":  # no curated company row states a source date
            assert spec.as_of == "" and "undated" in spec.caption()
            continue
        assert spec.source and spec.as_of.startswith("20"), spec.name
    assert specs[0].title.startswith(f"{len(specs[0].data)} companies across 6 segments")
    h100 = specs[2].data
    assert f"${h100['usd_per_gpu_hour'].median():,.2f}" in specs[2].title
    heads = chart_set.headlines(load)
    assert [h.label for h in heads] == [
        "Cheapest top-decile model (USD/1M tok)",
        "Median H100 SXM on-demand (USD/GPU-h)",
        "Providers with prices (API · GPU)",
        "Median price change",
    ]
    assert heads[1].value == f"${h100['usd_per_gpu_hour'].median():,.2f}"
    assert all(h.value != "n/a" and h.help for h in heads)


def test_segment_filter_narrows_the_map(offline_warehouse: Warehouse) -> None:
    load = direct_loader(offline_warehouse)
    edge = chart_set.map_spec(load, ("edge",))
    assert set(edge.data["segment"]) == {"edge"}
    assert edge.title.startswith(f"{len(edge.data)} companies in 1 segment")
