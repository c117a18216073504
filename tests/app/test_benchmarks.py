"""The Benchmarks page through Streamlit's AppTest, against the offline warehouse."""

from __future__ import annotations

from tests.app.conftest import chart_titles, open_page
from warehouse.connection import Warehouse

PAGE = "benchmarks"


def test_page_shows_every_chart_with_source_and_method(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Benchmarks"
    assert [s.value for s in at.subheader] == [
        "Latency and speed per provider (OpenRouter live traffic)",
        "Specialised hardware vs GPU-based providers, same models",
        "LLMPerf leaderboard (fixed workload, Llama-2 chat)",
        "MLPerf Inference: accelerators side by side",
        "MLPerf Inference: progress between rounds",
    ]
    titles = chart_titles(at)
    assert len(titles) == 5
    assert titles[0].startswith("gpt-oss-120b: ") and "time to first token" in titles[0]
    assert titles[3].startswith("llama-2-70b-99 Offline, MLPerf v5.1: GB200 leads")
    assert titles[4].startswith("llama-2-70b-99 Offline, v4.1 → v5.1:")
    captions = [c.value for c in at.caption]
    assert sum(c.startswith("Source: ") for c in captions) == 5
    assert sum(c.startswith("Method: ") for c in captions) == 5
    assert at.metric[0].label == "OpenRouter endpoints"
    assert len(at.dataframe) == 2  # mixed-accelerator systems, the metric catalogue
    mixed = at.dataframe[0].value
    assert len(mixed) == 8 and set(mixed["unit"]) == {"tokens/s per system"}
    assert "MI300X x32 + MI325X x16" in set(mixed["hardware"])


def test_measure_filter_changes_the_chart_and_the_url(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    before = chart_titles(at)[0]
    at.selectbox(key="bm_metric").set_value("output_tps").run()
    assert not at.exception
    after = chart_titles(at)[0]
    assert after != before and "output speed" in after
    assert at.query_params["bm_metric"] == "output_tps"


def test_model_from_the_link_is_used(app_env: Warehouse) -> None:
    at = open_page(PAGE, bm_model="llama-3.3-70b-instruct")
    assert not at.exception and not at.warning
    assert chart_titles(at)[0].startswith("llama-3.3-70b-instruct: ")


def test_bad_link_parameters_fall_back_with_a_notice(app_env: Warehouse) -> None:
    at = open_page(PAGE, bm_model="no-such-model", bm_mlperf_metric="furlongs")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "bm_model=no-such-model" in notices and "bm_mlperf_metric=furlongs" in notices
    assert chart_titles(at)[0].startswith("gpt-oss-120b: ")


def test_mlperf_filters_compare_other_benchmarks(app_env: Warehouse) -> None:
    at = open_page(PAGE, bm_mlperf_model="llama-3.1-405b", bm_mlperf_scenario="Server")
    assert not at.exception
    titles = chart_titles(at)
    assert titles[3].startswith("llama-3.1-405b Server, MLPerf v5.1: ")
    assert "accelerators compared" in titles[3]
    at.selectbox(key="bm_mlperf_division").set_value("open").run()
    assert not at.exception and at.query_params["bm_mlperf_division"] == "open"
