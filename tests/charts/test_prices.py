"""API price chart builders (no Streamlit) and the Model APIs chart set."""

from __future__ import annotations

import pandas as pd
import pytest

from charts import prices as charts
from charts.pages import model_apis as chart_set
from charts.provenance import direct_loader
from warehouse.connection import Warehouse


def _across() -> pd.DataFrame:
    rows = [("Cheap", 0.2, 0.4), ("Mid", 0.5, 1.5), ("Dear", 1.0, 4.0)]
    df = pd.DataFrame(rows, columns=["provider", "input_usd_per_mtok", "output_usd_per_mtok"])
    return df.assign(
        blended_usd_per_mtok=0.75 * df["input_usd_per_mtok"] + 0.25 * df["output_usd_per_mtok"],
        model_id="m1",
        observed_at=pd.Timestamp("2026-07-31"),
        source_id="s",
        is_router=False,
        in_window=True,
        disagree=False,
        undated=False,
    )


def test_provider_bars_blended_bar_and_price_markers_cheapest_on_top() -> None:
    fig = charts.provider_bars(_across(), title="Finding", subtitle="Context")
    assert [t.type for t in fig.data] == ["bar", "scatter", "scatter"]
    assert [t.name for t in fig.data] == ["Blended 3:1", "Input", "Output"]
    assert list(fig.data[0].y)[-1] == "Cheap"  # plotly draws categories bottom-up
    assert fig.layout.xaxis.title.text == "USD per 1M tokens"
    assert fig.layout.title.text == "Finding" and fig.layout.title.subtitle.text == "Context"


def test_price_speed_marks_the_frontier_as_a_step_line() -> None:
    df = pd.DataFrame(
        {
            "provider": ["A", "B", "C"],
            "model_id": ["m", "m", "m"],
            "blended_usd_per_mtok": [1.0, 2.0, 3.0],
            "output_tps": [50, 40, 90],
            "pareto": [True, False, True],
        }
    )
    fig = charts.price_speed(df, title="T")
    rest, front = fig.data
    assert list(rest.x) == [2.0] and list(front.x) == [1.0, 3.0]
    assert front.line.shape == "hv" and list(front.text) == ["A", "C"]
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.xaxis.title.text.startswith("Blended price, USD per 1M tokens")
    assert fig.layout.yaxis.title.text.startswith("Output speed, tokens/s")


def test_price_history_lines_for_repeated_series_one_trace_for_single_days() -> None:
    df = pd.DataFrame(
        {
            "model_id": ["m"] * 4,
            "provider": ["A", "A", "B", "C"],
            "observed_at": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-02-01", "2026-02-01"]),
            "blended_usd_per_mtok": [2.0, 1.0, 1.5, 3.0],
        }
    )
    fig = charts.price_history(df, title="T")
    assert [t.name for t in fig.data] == ["A", "Observed on one day (2)"]
    assert list(fig.data[0].y) == [2.0, 1.0] and fig.data[1].mode == "markers"
    assert fig.layout.yaxis.title.text == "Blended price, USD per 1M tokens"
    several = charts.price_history(df.assign(model_id=["m", "m", "n", "n"]), title="T")
    assert several.data[0].name == "m · A"


def test_change_dots_ratio_on_a_log_axis() -> None:
    df = pd.DataFrame(
        {
            "provider": ["A", "B"],
            "model_id": ["m", "n"],
            "price_type": ["input", "output"],
            "old_usd_per_mtok": [1.0, 2.0],
            "new_usd_per_mtok": [0.5, 8.0],
            "pct_change": [-50.0, 300.0],
        }
    )
    fig = charts.change_dots(df, title="T")
    dots = [t for t in fig.data if t.mode == "markers"]
    assert [(t.name, list(t.x)) for t in dots] == [("Price cut", [0.5]), ("Price rise", [4.0])]
    assert fig.layout.xaxis.type == "log"
    assert "previous price" in fig.layout.xaxis.title.text


def test_price_of_intelligence_cheapest_line_over_other_models() -> None:
    df = pd.DataFrame(
        {
            "period": pd.to_datetime(["2026-07-01", "2026-07-01", "2026-08-01"]),
            "model_id": ["a", "b", "a"],
            "provider": ["P", "Q", "P"],
            "blended_usd_per_mtok": [1.0, 3.0, 0.5],
            "aa_intelligence_index": [45.0, 50.0, 45.0],
            "observed_at": pd.to_datetime(["2026-07-05", "2026-07-06", "2026-08-01"]),
            "role": ["cheapest", "other", "cheapest"],
        }
    )
    fig = charts.price_of_intelligence(df, title="T")
    other, best = fig.data
    assert list(best.y) == [1.0, 0.5] and list(other.y) == [3.0]
    assert fig.layout.yaxis.type == "log" and fig.layout.xaxis.title.text == "Month"


@pytest.mark.parametrize(
    "builder",
    [
        charts.provider_bars,
        charts.price_speed,
        charts.price_history,
        charts.change_dots,
        charts.price_of_intelligence,
    ],
)
def test_empty_frames_say_so(builder) -> None:
    fig = builder(pd.DataFrame(), title="T")
    assert fig.layout.annotations and fig.layout.annotations[0].text.startswith("No ")


def test_titles_state_the_finding() -> None:
    assert chart_set.comparison_title(_across(), "m1") == (
        "Cheap is the cheapest of 3 providers serving m1: $0.250 vs $1.75 at Dear "
        "(observed 2026-07-31, 7.0× spread)"
    )
    hist = pd.DataFrame(
        {
            "model_id": ["m1", "m1"],
            "provider": ["A", "B"],
            "observed_at": pd.to_datetime(["2026-01-01", "2026-03-01"]),
            "blended_usd_per_mtok": [2.0, 1.0],
        }
    )
    assert chart_set.history_title(hist, ("m1",)) == (
        "Cheapest blended price of m1 fell from $2.00 (2026-01-01) to $1.00 (2026-03-01)"
    )
    assert chart_set.history_title(hist, ("m1", "zz")).endswith("m1 -50%, zz no data")


# ---------------------------------------------------------------- chart set on real data


def test_chart_set_on_the_offline_warehouse(offline_warehouse: Warehouse) -> None:
    load = direct_loader(offline_warehouse)
    specs = chart_set.specs(load)
    assert [s.name for s in specs] == [
        "model-across-providers",
        "price-vs-speed",
        "price-history",
        "biggest-price-moves",
        "price-of-intelligence",
    ]
    for spec in specs:
        assert not spec.data.empty, spec.name
        assert spec.source and spec.as_of.startswith("20"), spec.name
        assert spec.figure.layout.title.text == spec.title
    model = chart_set.default_model(load)
    compare = specs[0].data
    assert set(compare["model_id"]) == {model}
    serving = compare[~compare["is_router"].astype(bool)]  # routers are channels
    assert specs[0].title.startswith(serving["provider"].iloc[0] + " is the cheapest")
    speed = specs[1].data
    assert speed["pareto"].any() and set(speed["model_id"]) == {model}


def test_chart_set_params_change_the_charts(offline_warehouse: Warehouse) -> None:
    load = direct_loader(offline_warehouse)
    default = {s.name: s for s in chart_set.specs(load)}
    other = {
        s.name: s
        for s in chart_set.specs(
            load,
            model="deepseek-v3.2",
            speed_scope="all",
            min_index=20,
            history_models=("deepseek-v3.2", "gpt-4o"),
            movers=5,
        )
    }
    assert set(other["model-across-providers"].data["model_id"]) == {"deepseek-v3.2"}
    assert other["price-vs-speed"].data["model_id"].nunique() > 50
    assert set(other["price-history"].data["model_id"]) == {"deepseek-v3.2", "gpt-4o"}
    assert len(other["biggest-price-moves"].data) == 5
    low, high = other["price-of-intelligence"].data, default["price-of-intelligence"].data
    assert len(low) > len(high) and (high["aa_intelligence_index"] >= 40).all()
    assert (low.groupby("period")["role"].apply(lambda r: (r == "cheapest").sum()) == 1).all()
