"""The Benchmarks page through Streamlit's AppTest, against the offline warehouse."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from warehouse.connection import Warehouse

ROOT = Path(__file__).resolve().parents[2]
PAGE = "app_pages/benchmarks.py"


def _page(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(PAGE)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at


def _chart_titles(at: AppTest) -> list[str]:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return [s["layout"]["title"]["text"].replace("<br>", " ") for s in specs]


def test_page_shows_every_chart_with_source_and_method(app_env: Warehouse) -> None:
    at = _page()
    assert not at.exception
    assert at.title[0].value == "Benchmarks"
    assert [s.value for s in at.subheader] == [
        "Latency and speed per provider (OpenRouter live traffic)",
        "Specialised hardware vs GPU-based providers, same models",
        "LLMPerf leaderboard (fixed workload, Llama-2 chat)",
        "MLPerf Inference: throughput per accelerator",
    ]
    titles = _chart_titles(at)
    assert len(titles) == 4
    assert titles[0].startswith("gpt-oss-120b: ") and "time to first token" in titles[0]
    assert titles[3].startswith("One H200 reaches")
    captions = [c.value for c in at.caption]
    assert sum(c.startswith("Source: ") for c in captions) == 4
    assert sum(c.startswith("Method: ") for c in captions) == 4
    assert at.metric[0].label == "OpenRouter endpoints"
    assert len(at.dataframe) == 1  # the metric catalogue


def test_measure_filter_changes_the_chart_and_the_url(app_env: Warehouse) -> None:
    at = _page()
    before = _chart_titles(at)[0]
    at.selectbox(key="bm_metric").set_value("output_tps").run()
    assert not at.exception
    after = _chart_titles(at)[0]
    assert after != before and "output speed" in after
    assert at.query_params["bm_metric"] == "output_tps"


def test_model_from_the_link_is_used(app_env: Warehouse) -> None:
    at = _page(bm_model="llama-3.3-70b-instruct")
    assert not at.exception and not at.warning
    assert _chart_titles(at)[0].startswith("llama-3.3-70b-instruct: ")


def test_bad_link_parameters_fall_back_with_a_notice(app_env: Warehouse) -> None:
    at = _page(bm_model="no-such-model", bm_mlperf_metric="furlongs")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "bm_model=no-such-model" in notices and "bm_mlperf_metric=furlongs" in notices
    assert _chart_titles(at)[0].startswith("gpt-oss-120b: ")
