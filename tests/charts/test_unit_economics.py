"""Unit economics: chart builders on small real-shaped frames, the pure per-row functions of
``market.accelerators`` (validation of the edited inputs table, unit costs, memory fit,
margins) and the page's chart set on the offline snapshot."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from charts import unit_economics as charts
from charts.pages import unit_economics as chart_set
from charts.provenance import direct_loader
from market import accelerators as acc
from warehouse.connection import Warehouse

OWNED = {"life_years": 4, "pue": 1.3, "usd_per_kwh": 0.08, "opex_pct": 0}
MARGIN = {"util_lo_pct": 40, "util_hi_pct": 80, "tput_spread_pct": 25}


def _inputs(**overrides: list) -> pd.DataFrame:
    """Three rows shaped like ``default_inputs`` (values as in the offline snapshot)."""
    base = {
        "key": ["H100_SXM", "H200", "MI300X"],
        "accelerator": ["H100 SXM", "H200", "MI300X"],
        "usd_per_gpu_hour": [2.93, 3.5, 2.92],
        "p25_usd": [2.25, 3.095, 2.09],
        "p75_usd": [4.305, 4.54, 5.3625],
        "min_usd": [1.38, 1.5, 1.99],
        "max_usd": [14.19, 10.44, 7.86],
        "tokens_per_s": [10_907.0, 3907.975, 18_752.0],
        "counts": ["output", "output", "input+output"],
        "benchmark_workload": ["GPT-J 6B …", "Llama 2 70B …", "Llama-3.1-8B …"],
        "util_pct": [60.0, 60.0, 60.0],
        "capex_usd": [30_000.0, None, 15_000.0],
        "power_w": [700.0, 700.0, 750.0],
        "memory_gb": [80.0, 141.0, 192.0],
        "memory_source": ["Epoch", "listed", "Epoch"],
        "price_source": ["median …"] * 3,
        "throughput_source": ["TRT-LLM", "MLPerf", "AIMultiple"],
        "capex_source": ["x", "none", "Epoch"],
        "power_source": ["Epoch"] * 3,
        "util_source": [acc.USER] * 3,
        "price_source_id": ["gpu_tracker", "gpu_tracker,runpod_daily", "gpu_tracker"],
        "throughput_source_id": ["", "mlperf", ""],
        "spec_source_id": ["epoch_hardware"] * 3,
        "throughput_citation": ["TRT-LLM blog", "", "AIMultiple"],
        "spec_citation": [""] * 3,
        "observed_at": pd.to_datetime(["2026-08-22", "2026-08-22", "2026-08-08"]),
        "edited": [False, False, False],
    }
    return pd.DataFrame(base | overrides)


# --- validation -----------------------------------------------------------------------------


def test_valid_inputs_pass_and_blank_cells_are_allowed() -> None:
    df = _inputs(tokens_per_s=[10_907.0, None, 18_752.0], capex_usd=[None, None, None])
    valid, errors = acc.validate_inputs(df)
    assert errors == [] and len(valid) == 3
    assert valid["tokens_per_s"].dtype == "float64"


@pytest.mark.parametrize(
    ("column", "bad", "expected"),
    [
        ("tokens_per_s", 0.0, "throughput is 0 tokens/s; enter a throughput above 0"),
        ("tokens_per_s", -5.0, "throughput is -5 tokens/s"),
        ("util_pct", 150.0, "utilization is 150% (above 100%); enter a percent above 0"),
        ("util_pct", 0.0, "utilization is 0%"),
        ("util_pct", None, "utilization is empty"),
        ("usd_per_gpu_hour", -1.0, "$/GPU-hour is -1 USD; enter a price of 0 or more"),
        ("capex_usd", -100.0, "capex is -100 USD"),
        ("power_w", -1.0, "power is -1 W"),
        ("memory_gb", 0.0, "memory is 0 GB"),
        ("tokens_per_s", "fast", "throughput 'fast' is not a number"),
    ],
)
def test_bad_cells_give_a_message_naming_the_row(column: str, bad: object, expected: str) -> None:
    df = _inputs()
    df[column] = df[column].astype(object)
    df.loc[1, column] = bad
    valid, errors = acc.validate_inputs(df)
    assert len(errors) == 1
    assert errors[0].startswith("Row 'H200': ") and expected in errors[0]
    assert list(valid["key"]) == ["H100_SXM", "MI300X"]  # the bad row is left out


def test_several_problems_in_one_row_and_an_unknown_token_count() -> None:
    df = _inputs(counts=["output", "output", "both"], tokens_per_s=[0.0, 1.0, -1.0])
    _, errors = acc.validate_inputs(df)
    assert errors[0].startswith("Row 'H100 SXM': throughput is 0")
    assert "throughput is -1" in errors[1] and "tokens counted must be one of" in errors[1]


def test_mark_edits_sets_user_entered_sources() -> None:
    defaults = _inputs()
    edited = _inputs(tokens_per_s=[10_907.0, 5000.0, 18_752.0])
    out = acc.mark_edits(defaults, edited)
    assert list(out["throughput_source"]) == ["TRT-LLM", acc.USER, "AIMultiple"]
    assert list(out["edited"]) == [False, True, False]


@pytest.mark.parametrize(
    ("model_id", "expected"),
    [("llama2-70b-99.9", 70), ("llama-2-70b-99", 70), ("gptj-99", 6), ("mixtral-8x7b", None),
     ("llama-2-70b-chat", None)],
)  # fmt: skip
def test_mlperf_model_sizes(model_id: str, expected: float | None) -> None:
    found = acc.mlperf_model(model_id)
    assert (found[1] if found else None) == expected


# --- per-row results ------------------------------------------------------------------------


def test_unit_costs_follow_the_formula_and_the_economics_example() -> None:
    costs, errors = acc.unit_costs(_inputs(), **OWNED)
    assert errors == []
    h100 = costs.set_index("key").loc["H100_SXM"]
    assert h100["rented_usd_per_mtok"] == pytest.approx(2.93 / (10_907 * 3600 * 0.6) * 1e6)
    # ECONOMICS.md §6.1: $30,000, 4 years, 0.7 kW, PUE 1.3, $0.08/kWh -> about $0.93/hr
    assert h100["owned_usd_per_gpu_hour"] == pytest.approx(0.929, abs=0.001)
    assert h100["owned_usd_per_mtok"] == pytest.approx(
        h100["owned_usd_per_gpu_hour"] / (10_907 * 3600 * 0.6) * 1e6
    )
    h200 = costs.set_index("key").loc["H200"]
    assert pd.isna(h200["owned_usd_per_gpu_hour"]) and "capex (owned)" in h200["note"]


def test_unit_costs_report_tco_input_errors_per_row() -> None:
    costs, errors = acc.unit_costs(_inputs(), **(OWNED | {"pue": 0.9}))
    assert len(errors) == 2 and "PUE must be at least 1" in errors[0]
    assert errors[0].startswith("Row 'H100 SXM'") and list(costs["key"]) == ["H200"]


def test_memory_fit_70b_fp16_needs_two_80gb_gpus_but_one_mi300x() -> None:
    fit = acc.memory_fit_table(
        _inputs(), params_b=70, precision="fp16", kv_bytes_per_token=0, context_tokens=1,
        batch=1, overhead_pct=0,
    ).set_index("accelerator")  # fmt: skip
    assert fit.loc["H100 SXM", "gpus_per_replica"] == 2
    assert fit.loc["H200", "gpus_per_replica"] == 1  # 140 GB on 141 GB
    assert fit.loc["MI300X", "gpus_per_replica"] == 1
    assert fit.loc["MI300X", "weights_gb"] == 140
    with_kv = acc.memory_fit_table(
        _inputs(), params_b=70, precision="fp16", kv_bytes_per_token=327_680,
        context_tokens=256, batch=64, overhead_pct=0,
    ).set_index("accelerator")  # fmt: skip
    assert with_kv.loc["H200", "gpus_per_replica"] == 2  # 145.4 GB no longer fits
    assert with_kv.loc["H200", "kv_gb"] == pytest.approx(327_680 * 256 * 64 / 1e9)


def test_margins_only_for_output_token_throughputs() -> None:
    costs, _ = acc.unit_costs(_inputs(), **OWNED)
    margins, errors = acc.margin_table(costs, 0.75, **MARGIN)
    assert errors == []
    by = margins.set_index(["key", "basis"])
    mi = by.loc[("MI300X", "rented")]
    assert pd.isna(mi["cost_low"]) and "input+output" in mi["note"]
    h200 = by.loc[("H200", "rented")]
    # cheapest: p25 price, +25% throughput, 80% utilization; dearest: p75, -25%, 40%
    low = 3.095 / (3907.975 * 1.25 * 3600 * 0.8) * 1e6
    high = 4.54 / (3907.975 * 0.75 * 3600 * 0.4) * 1e6
    assert (h200["cost_low"], h200["cost_high"]) == pytest.approx((low, high))
    assert (h200["margin_low"], h200["margin_high"]) == pytest.approx(
        (1 - high / 0.75, 1 - low / 0.75)
    )
    assert h200["price_source_id"] == "gpu_tracker,runpod_daily"  # provenance carried
    _, bad = acc.margin_table(costs, 0.75, **(MARGIN | {"util_lo_pct": 90}))
    assert bad and "utilization range must be (low, high)" in bad[0]


# --- plotted data and builders --------------------------------------------------------------


def test_cost_long_and_bars() -> None:
    costs, _ = acc.unit_costs(_inputs(), **OWNED)
    data = charts.cost_long(costs)
    assert sorted(data["basis"].unique()) == ["owned", "rented"]
    assert len(data) == 5  # 3 rented + 2 owned (H200 has no capex)
    rented = data[data["basis"] == "rented"].set_index("accelerator")
    owned = data[data["basis"] == "owned"].set_index("accelerator")
    assert rented.loc["H200", "source_id"] == "gpu_tracker,runpod_daily,mlperf"
    assert owned.loc["H100 SXM", "source_id"] == "epoch_hardware"
    assert owned.loc["H100 SXM", "citations"] == "TRT-LLM blog"
    fig = charts.cost_bars(data, title="Lowest: X", subtitle="ctx")
    assert fig.layout.xaxis.title.text.startswith("USD per 1M tokens")
    assert {t.name for t in fig.data} == set(charts.BASIS_NAMES.values())
    order = list(fig.layout.yaxis.categoryarray)
    assert order[-1] == "MI300X · owned"  # cheapest drawn on top
    assert any("input+output tokens" in t for t in fig.data[0].text + fig.data[1].text)
    assert fig.layout.title.text == "Lowest: X"
    empty = charts.cost_bars(data.iloc[0:0], title="t")
    assert empty.layout.annotations[0].text.startswith("No accelerator")


def test_band_data_and_margin_bands() -> None:
    costs, _ = acc.unit_costs(_inputs(), **OWNED)
    margins, _ = acc.margin_table(costs, 0.75, **MARGIN)
    lists = pd.DataFrame({"provider": ["A", "B", "C"], "model_id": ["m-70b"] * 3,
                          "output_usd_per_mtok": [0.5, 0.75, 0.9], "source_id": ["litellm"] * 3,
                          "observed_at": pd.to_datetime(["2026-07-24"] * 3)})  # fmt: skip
    data = charts.band_data(lists, margins)
    assert (data["kind"] == "list price").sum() == 3
    bands = data[data["kind"] == "cost band"]
    assert set(bands["label"]) == {"H100 SXM rented", "H100 SXM owned", "H200 rented"}
    fig = charts.margin_bands(data, title="Median X", median_list=0.75)
    box = next(t for t in fig.data if t.type == "box")
    bar = next(t for t in fig.data if t.type == "bar")
    assert list(box.x) == [0.5, 0.75, 0.9]
    assert list(bar.base) == pytest.approx(list(bands.iloc[::-1]["usd_per_mtok_low"]))
    assert fig.layout.shapes[0].x0 == 0.75  # the median list price line
    assert fig.layout.xaxis.title.text == "USD per 1M output tokens"
    assert len(set(bar.marker.color)) == 2  # rented and owned coloured apart


def test_sensitivity_data_and_heatmap() -> None:
    row = _inputs().iloc[1]
    grid = charts.sensitivity_data(row)
    assert sorted(grid["utilization_pct"].unique()) == list(range(10, 101, 10))
    prices = sorted(grid["usd_per_gpu_hour"].unique())
    assert prices[0] == 1.5 and prices[-1] == 10.44 and len(prices) == 7
    at = grid.set_index(["utilization_pct", "usd_per_gpu_hour"])["usd_per_mtok"]
    assert at[(50, 1.5)] == pytest.approx(1.5 / (3907.975 * 3600 * 0.5) * 1e6)
    assert at[(10, 1.5)] == pytest.approx(10 * at[(100, 1.5)])
    fig = charts.sensitivity_heatmap(grid, title="H200 …")
    assert fig.data[0].z.shape == (10, 7)
    assert fig.layout.xaxis.title.text == "USD per GPU-hour"
    assert fig.layout.yaxis.title.text == "Utilization (%)"
    no_range = charts.sensitivity_data(row.drop(["min_usd", "max_usd"]))
    assert no_range["usd_per_gpu_hour"].min() == 1.75  # half the row's 3.50


def test_long_titles_are_wrapped_in_the_figure_only() -> None:
    title = "A finding " * 20
    fig = charts.sensitivity_heatmap(charts.sensitivity_data(_inputs().iloc[0]), title=title)
    assert "<br>" in fig.layout.title.text


# --- the chart set on the offline snapshot --------------------------------------------------


@pytest.fixture(scope="module")
def load(offline_warehouse: Warehouse):  # noqa: ANN201
    return direct_loader(offline_warehouse)


def test_default_inputs_on_the_snapshot(load) -> None:  # noqa: ANN001
    d = chart_set.default_inputs(load, params_b=70, workload="offline", util_pct=60)
    d = d.set_index("key")
    assert list(d.index) == [a.key for a in acc.ACCELERATORS]
    assert d.loc["H100_SXM", "capex_usd"] == 33_600  # Epoch release price
    assert "Epoch AI" in d.loc["H100_SXM", "capex_source"]
    assert pd.isna(d.loc["H200", "capex_usd"]) and "enter one" in d.loc["H200", "capex_source"]
    assert d.loc["H200", "memory_gb"] == 141 and "as listed by" in d.loc["H200", "memory_source"]
    # MLPerf llama2-70b-99 Offline, v5.1 closed, median submitter: HPE Cray XD670 8x H200
    assert d.loc["H200", "tokens_per_s"] == pytest.approx(34964.6 / 8)
    assert d.loc["H200", "mlperf_result"] == "v5.1 5.1-0049 offline"
    assert "34,964.6 tokens/s ÷ 8 accelerators (derived)" in d.loc["H200", "throughput_source"]
    assert d.loc["GB200", "tokens_per_s"] == pytest.approx(51736.9 / 4)  # MLPerf over Azure
    assert d.loc["MI355X", "accelerator"] == "MI355X (MLPerf open division)"
    seven = ["H100_SXM", "H200", "B200", "GB200", "MI300X", "MI325X", "MI355X"]
    assert d.loc[seven, "tokens_per_s"].notna().all() and (d.loc[seven, "counts"] == "output").all()
    assert d.loc[seven, "mlperf_url"].str.startswith("https://github.com/").all()
    assert pd.isna(d.loc["A100_SXM_80GB", "tokens_per_s"])  # no ~70B figure anywhere
    # MI325X: the one cited quote (curated_gpu_prices), TensorWave $1.95, 2026-05-18
    assert d.loc["MI325X", "usd_per_gpu_hour"] == 1.95 and d.loc["MI325X", "n_providers"] == 1
    assert d.loc["MI325X", "price_source"] == (
        "one provider's newest on-demand price, no second source (GPU rental prices quoted "
        "by cited pages (curated)); newest 2026-05-18"
    )
    assert d.loc["H100_SXM", "n_providers"] > 10
    v41 = chart_set.default_inputs(
        load, params_b=70, workload="offline", util_pct=60, mlperf_round="v4.1"
    ).set_index("key")
    # MLPerf v4.1: H100, H200, B200 (preview), MI300X; GB200 keeps the cited Azure figure
    assert v41["tokens_per_s"].notna().sum() == 5 and v41.loc["GB200", "tokens_per_s"] == 12_000
    amd = chart_set.default_inputs(
        load, params_b=70, workload="offline", util_pct=60, mlperf_submitter="AMD"
    ).set_index("key")
    assert set(amd["mlperf_result"][amd["mlperf_result"] != ""].str.split().str[1]) == {
        "5.1-0001", "5.1-0003", "5.1-0098"
    }  # fmt: skip
    small = chart_set.default_inputs(load, params_b=8, workload="offline", util_pct=60)
    small = small.set_index("key")
    assert small.loc["MI300X", ["tokens_per_s", "counts"]].tolist() == [18_752, "input+output"]
    assert small.loc["H100_SXM", "tokens_per_s"] == 5777.08  # MLPerf llama3.1-8b, RedHat
    server = chart_set.default_inputs(load, params_b=8, workload="server", util_pct=60)
    assert server["tokens_per_s"].notna().sum() == 3  # MLPerf llama3.1-8b: B200, H100, H200


def test_specs_on_the_snapshot(load) -> None:  # noqa: ANN001
    specs = {s.name: s for s in chart_set.specs(load)}
    assert set(specs) == {"cost-per-million-tokens", "list-prices-vs-cost-bands",
                          "cost-sensitivity"}  # fmt: skip
    cost = specs["cost-per-million-tokens"]
    assert cost.title.startswith("Lowest cost per 1M output tokens: MI300X owned")
    assert "7 of 8 accelerators have a cost" in cost.title  # A100: no ~70B MLPerf figure
    assert "MLPerf Inference v4.1 and v5.1" in cost.source
    assert cost.as_of.startswith("2026-") and "not like-for-like" in cost.subtitle
    assert set(cost.data["accelerator"]) == {
        "H100 SXM", "H200", "B200", "GB200", "MI300X", "MI325X", "MI355X (MLPerf open division)"
    }  # fmt: skip
    margin = specs["list-prices-vs-cost-bands"]
    assert margin.title.startswith("Median 70B-class list price")
    assert "rented implies" in margin.title and "LiteLLM" in margin.source
    sens = specs["cost-sensitivity"]
    assert len(sens.data) == 70 and set(sens.data["accelerator"]) == {"H200"}
    small = {s.name: s for s in chart_set.specs(load, model="8b", util_pct=30)}
    assert "at 30% utilization" in small["cost-per-million-tokens"].title
    assert {"H100 SXM", "H200", "B200"} <= set(small["cost-per-million-tokens"].data["accelerator"])


def test_chart_modules_do_not_import_streamlit() -> None:
    code = (
        "import sys; import charts.pages.unit_economics, market.accelerators; "
        "sys.exit('streamlit' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
