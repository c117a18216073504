"""Benchmark chart builders (no Streamlit) and the Benchmarks chart set."""

from __future__ import annotations

import pandas as pd
import pytest

from charts import benchmarks as charts
from charts.pages import benchmarks as chart_set
from charts.provenance import direct_loader
from warehouse.connection import Warehouse

W = "OpenRouter live traffic, rolling 30-min window, quantization={q}, endpoint={e}"


def _ranges() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["Groq", "Baseten (fp4)", "DigitalOcean"],
            "group": ["Specialised", "Other", "Other"],
            "p50": [0.276, 0.337, 1.374],
            "p90": [1.02, 0.54, 2.27],
            "p99": [2.44, 1.19, 3.60],
        }
    )


def test_endpoint_label_names_endpoint_region_and_quantization() -> None:
    assert charts.endpoint_label("Groq", W.format(q="unknown", e="Groq")) == "Groq"
    assert (
        charts.endpoint_label("DeepInfra", W.format(q="fp4", e="DeepInfra Turbo"))
        == "DeepInfra Turbo (fp4)"
    )
    assert (
        charts.endpoint_label("DeepInfra", W.format(q="bf16", e="DeepInfra (bf16)"))
        == "DeepInfra (bf16)"
    )
    label = charts.endpoint_label(
        "Anthropic", W.format(q="unknown", e="Claude Platform on AWS") + ", region=eu"
    )
    assert label == "Anthropic: Claude Platform on AWS (eu)"


def test_unique_labels_number_repeats() -> None:
    out = charts.unique_labels(pd.Series(["A", "B", "A", "A"]))
    assert list(out) == ["A", "B", "A #2", "A #3"]


def test_percentile_ranges_draws_p50_dots_and_p90_p99_lines() -> None:
    df = _ranges()
    fig = charts.percentile_ranges(
        df, x_title="Time to first token, seconds", title="T", subtitle="S", unit="s"
    )
    markers = [t for t in fig.data if t.mode == "markers"]
    lines = [t for t in fig.data if t.mode == "lines"]
    assert [t.name for t in markers] == ["Specialised", "Other"]
    assert list(markers[1].x) == [0.337, 1.374]
    assert len(lines) == 4  # p50-p90 and p90-p99 per group
    thick = [t for t in lines if t.line.width == 5][0]
    assert list(thick.x) == [0.276, 1.02, None]  # Groq p50 -> p90
    axis = fig.layout.xaxis
    assert axis.title.text.startswith("Time to first token, seconds")
    assert "p99" in axis.title.text and axis.type is None  # 13x spread: linear
    assert list(fig.layout.yaxis.categoryarray) == ["DigitalOcean", "Baseten (fp4)", "Groq"]
    assert fig.layout.title.text == "T" and fig.layout.title.subtitle.text == "S"


def test_percentile_ranges_switches_to_log_for_wide_spreads() -> None:
    df = _ranges().assign(p99=[2.44, 1.19, 60.0])
    fig = charts.percentile_ranges(df, x_title="seconds", title="T")
    assert fig.layout.xaxis.type == "log" and "log scale" in fig.layout.xaxis.title.text


def test_empty_frames_say_so() -> None:
    empty = _ranges().iloc[0:0]
    fig = charts.percentile_ranges(empty, x_title="s", title="T")
    assert "No measurements" in fig.layout.annotations[0].text
    assert charts.specialised_strip(pd.DataFrame(), x_title="x", title="T").layout.annotations


def test_specialised_strip_marks_the_median_of_other_providers() -> None:
    df = pd.DataFrame(
        {
            "model_id": ["m1"] * 4 + ["m2"] * 3,
            "provider": ["Groq", "A", "B", "C", "Cerebras", "A", "B"],
            "hardware_group": [
                "specialised",
                "other",
                "other",
                "other",
                "specialised",
                "other",
                "other",
            ],
            "chip": ["LPU", "", "", "", "WSE", "", ""],
            "value": [300.0, 20.0, 40.0, 100.0, 600.0, 10.0, 30.0],
        }
    )
    fig = charts.specialised_strip(df, x_title="Output speed, tokens/s", title="T", unit="tok/s")
    names = [t.name for t in fig.data]
    assert names == ["Others (mostly GPU)", "Median of others", "Cerebras (WSE)", "Groq (LPU)"]
    median = fig.data[1]
    assert dict(zip(median.y, median.x, strict=True)) == {"m1": 40.0, "m2": 20.0}
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.xaxis.title.text == "Output speed, tokens/s (log scale)"


def test_accelerator_ranges_line_median_and_best_per_accelerator() -> None:
    df = pd.DataFrame(
        {
            "hardware": ["GB200", "MI325X", "H100_SXM"],
            "low": [12420.9, 4082.5, 3902.5],
            "median": [12934.2, 4220.3, 3902.5],
            "best": [13015.4, 4319.4, 3902.5],
            "n_submitters": [3, 9, 1],
            "provider": ["Microsoft Azure", "AMD", "Cisco"],
            "system": ["s1", "s2", "s3"],
            "result_id": ["5.1-0008", "5.1-0003", "5.1-0016"],
        }
    )
    fig = charts.accelerator_ranges(df, x_title="Tokens/s per accelerator", title="T")
    names = [t.name for t in fig.data if t.name]
    assert names == ["AMD: median", "AMD: best", "NVIDIA: median", "NVIDIA: best"]
    best = {y: x for t in fig.data if t.name and t.name.endswith("best")
            for x, y in zip(t.x, t.y, strict=True)}  # fmt: skip
    assert best == {"MI325X": 4319.4, "GB200": 13015.4, "H100_SXM": 3902.5}
    assert list(fig.layout.yaxis.categoryarray) == ["H100_SXM", "MI325X", "GB200"]
    assert charts.accelerator_ranges(df.iloc[0:0], x_title="x", title="T").layout.annotations


def test_round_progress_one_trace_per_round_with_ratio_labels() -> None:
    df = pd.DataFrame(
        {
            "hardware": ["H100_SXM", "H100_SXM", "MI300X", "MI300X"],
            "round": ["v4.1", "v5.1", "v4.1", "v5.1"],
            "best": [3066.0, 3902.5, 3062.7, 3481.8],
            "vs_first": [1.0, 1.273, 1.0, 1.137],
            "provider": ["HPE", "Cisco", "AMD", "MangoBoost"],
            "software": ["a", "b", "c", "d"],
        }
    )
    fig = charts.round_progress(df, x_title="Tokens/s per accelerator", title="T")
    assert [t.name for t in fig.data] == ["v4.1", "v5.1"]
    assert list(fig.data[1].text) == ["1.27×", "1.14×"]
    assert fig.layout.barmode == "group"


def test_specialised_title_counts_wins() -> None:
    df = pd.DataFrame(
        {
            "model_id": ["m1", "m1", "m1", "m2", "m2", "m2"],
            "hardware_group": ["specialised", "other", "other"] * 2,
            "value": [300.0, 20.0, 40.0, 10.0, 30.0, 50.0],
        }
    )
    title = chart_set._specialised_title(df, "output speed", higher=True)
    # m1: 300 / 30 = 10x; m2: 10 / 40 = 0.25x -> 1 of 2, median 5.1x
    assert "on 1 of 2 shared models" in title and "median 5.1× faster" in title


# ---- the chart set on the offline snapshot ----


@pytest.fixture(scope="module")
def specs(offline_warehouse: Warehouse) -> list:
    return chart_set.specs(direct_loader(offline_warehouse))


def test_chart_set_states_workload_method_and_date(specs: list) -> None:
    assert [s.name for s in specs] == [
        "openrouter-ttft_s-gpt-oss-120b",
        "llmperf-ttft_s",
        "specialised-vs-gpu-output_tps",
        "mlperf-accelerators-llama-2-70b-99-offline",
        "mlperf-progress-llama-2-70b-99-offline",
    ]
    for spec in specs:
        assert not spec.data.empty and spec.method and spec.as_of
        assert (
            spec.caption().startswith("Source: ")
            and spec.figure.layout.title.text.replace("<br>", " ") == spec.title
        )
    assert "rolling 30-min window" in specs[0].subtitle and "measured 2026-" in specs[0].subtitle
    assert "550 input / 150 output tokens" in specs[1].subtitle
    assert specs[3].subtitle.startswith("MLPerf Inference v5.1 · llama-2-70b-99 · Offline")
    assert "GB200 leads with 13,015 tokens/s per accelerator" in specs[3].title
    assert "v4.1 → v5.1" in specs[4].title and "4 accelerators in both rounds" in specs[4].title


def test_endpoint_chart_leads_with_the_fastest_endpoint(specs: list) -> None:
    data = specs[0].data
    assert data["p50"].is_monotonic_increasing
    assert specs[0].title.startswith(f"gpt-oss-120b: {data['label'].iloc[0]} leads")
    plotted = sum(len(t.x) for t in specs[0].figure.data if t.mode == "markers")
    assert plotted == len(data)


def test_unknown_model_falls_back_to_the_most_served(offline_warehouse: Warehouse) -> None:
    load = direct_loader(offline_warehouse)
    model = chart_set.resolve_model(load, "no-such-model")
    assert model != "no-such-model"
    spec = chart_set.endpoint_spec(load, model, "output_tps")
    assert spec.data["p50"].is_monotonic_decreasing  # higher is better: fastest first
