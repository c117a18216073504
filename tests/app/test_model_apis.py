"""AppTest of the Model APIs & inference providers page on the offline warehouse."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_page
from warehouse.connection import Warehouse

PAGE = "model_apis"


def _table(at: AppTest):
    return at.dataframe[0].value


def _chart_specs(at: AppTest) -> list[str]:
    """Each chart's whole Plotly JSON (title, data and all), in page order."""
    return [c.proto.spec for c in at.get("plotly_chart")]


def test_page_renders_table_and_every_chart(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Model APIs & inference providers"
    assert [s.value for s in at.subheader] == [
        "Price table",
        "One model across providers",
        "Price history and changes",
        "Price of intelligence",
    ]
    table = _table(at)
    assert len(table) == 300 and "blended_usd_per_mtok" in table.columns
    assert table["blended_usd_per_mtok"].is_monotonic_increasing
    assert len(at.get("plotly_chart")) == 5
    assert any(c.value.startswith("Source: ") for c in at.caption)


def test_filters_change_the_table(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.text_input(key="api_q").set_value("llama").run()
    assert not at.exception
    llama = _table(at)
    found = llama["model_id"].str.contains("llama") | llama["name"].str.lower().str.contains(
        "llama", na=False
    )
    assert 0 < len(llama) < 300 and found.all()
    at.multiselect(key="api_prov").set_value(["Groq"]).run()
    assert set(_table(at)["provider"]) == {"Groq"}
    at.selectbox(key="api_sort").set_value("intelligence").run()
    idx = _table(at)["aa_intelligence_index"].dropna()
    assert idx.is_monotonic_decreasing
    assert at.query_params["api_q"] == "llama"


def test_choosing_a_model_changes_the_charts(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    before = _chart_specs(at)
    at.selectbox(key="api_model").set_value("deepseek-v3.2").run()
    assert not at.exception
    after = _chart_specs(at)
    assert after[0] != before[0] and "deepseek-v3.2" in after[0]
    assert at.query_params["api_model"] == "deepseek-v3.2"


def test_empty_selection_and_bad_link_say_so(app_env: Warehouse) -> None:
    at = open_page(PAGE, api_model="no-such-model", api_index="abc")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "api_model=no-such-model" in warnings and "api_index=abc" in warnings
    at.text_input(key="api_q").set_value("zzz-no-model-zzz").run()
    assert any("No listing matches" in i.value for i in at.info)
    at.slider(key="api_index").set_value(70.0).run()
    assert any("No priced model has an index of 70" in i.value for i in at.info)
