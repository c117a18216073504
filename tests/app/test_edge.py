"""The Edge / on-device page through Streamlit's AppTest, against the offline warehouse."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import chart_titles, metrics, open_page
from warehouse.connection import Warehouse

PAGE = "edge"


def _fit(at: AppTest):
    return at.dataframe[-1].value  # the calculator's table is the last dataframe


def test_page_shows_charts_tables_and_calculator(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Edge / on-device"
    titles = chart_titles(at)
    assert len(titles) == 3
    assert titles[0].startswith("Only 5 of 24 NPU TOPS figures are stated as dense INT8")
    assert titles[1].startswith("Decode speed spans") and titles[2].startswith("Time to first")
    sources = [c.value for c in at.caption if c.value.startswith("Source: ")]
    assert len(sources) == 3 and all("curated reference" in s for s in sources)
    fit = _fit(at)
    assert list(fit["params_b"]) == [1, 3, 7, 8, 13, 32, 70]
    # defaults: 8 GB x 0.5, int4 weights, fp16 KV, 4,096 tokens
    assert metrics(at) == {
        "Memory for the model": "4.0 GB",
        "Largest size that fits": "3B parameters",
    }
    assert list(fit["fits"]) == ["yes", "yes", "no", "no", "no", "no", "no"]


def test_memory_preset_from_the_data_changes_the_fit(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.selectbox(key="edge_preset").set_value("Core Ultra 200V (Lunar Lake): 32 GB").run()
    assert not at.exception
    assert metrics(at)["Memory for the model"] == "16.0 GB"
    assert metrics(at)["Largest size that fits"] == "13B parameters"
    assert any("16 or 32 GB" in c.value for c in at.caption)  # the stated text is shown
    assert at.query_params["edge_preset"] == "Core Ultra 200V (Lunar Lake): 32 GB"


def test_precision_and_context_change_the_table(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.selectbox(key="edge_prec").set_value("bf16").run()
    at.number_input(key="edge_ctx").set_value(0).run()
    assert not at.exception
    fit = _fit(at).set_index("params_b")
    assert fit.loc[1, "weights_gb"] == 2.0 and fit.loc[1, "kv_cache_gb"] == 0.0
    assert metrics(at)["Largest size that fits"] == "1B parameters"


def test_engine_and_vendor_filters_change_the_charts(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    before = chart_titles(at)
    at.multiselect(key="edge_engine").set_value(
        ["FastFlowLM v0.9.30 (NPU, Performance power mode)"]
    )
    at.multiselect(key="edge_vendor").set_value(["Intel"]).run()
    assert not at.exception
    after = chart_titles(at)
    assert after[0] == "All 3 NPU TOPS figures here are stated as dense INT8"
    assert after[1] != before[1] and "64.5 tokens/s" in after[1]
    assert len(at.get("plotly_chart")) == 2  # FastFlowLM published no TTFT
    assert any("No data for this selection" in i.value for i in at.info)


def test_bad_link_parameters_fall_back_with_a_notice(app_env: Warehouse) -> None:
    at = open_page(PAGE, edge_frac="3", edge_preset="Phone with 99 GB", edge_vendor="Nokia")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "edge_frac=3" in notices and "edge_preset=Phone with 99 GB" in notices
    assert "edge_vendor=Nokia" in notices
    assert metrics(at)["Memory for the model"] == "4.0 GB"  # defaults: 8 GB x 0.5
