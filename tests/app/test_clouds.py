"""The AI clouds & hyperscalers page through Streamlit's AppTest (offline warehouse)."""

from __future__ import annotations

from tests.app.conftest import chart_titles, open_page
from warehouse.connection import Warehouse

PAGE = "clouds"


def test_page_shows_prices_trends_classes_and_cheapest_offers(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "AI clouds & hyperscalers"
    titles = chart_titles(at)
    assert len(titles) == 3
    assert titles[0].startswith("H100_SXM on-demand: $")
    assert titles[1].startswith("Biggest move in the weekly median on-demand price")
    assert titles[2].startswith("H100_SXM median on-demand price per GPU-hour: hyperscalers $")
    assert [m.label for m in at.metric][:2] == ["Providers with a price", "Median on-demand"]
    assert sum(c.value.startswith("Source: ") for c in at.caption) == 3
    cheapest = at.dataframe[-1].value
    assert set(cheapest["gpu"]) == {"H100_SXM"}
    assert cheapest["usd_per_gpu_hour"].is_monotonic_increasing


def test_gpu_filter_changes_charts_table_and_url(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.selectbox(key="cl_gpu").set_value("H200").run()
    assert not at.exception
    assert chart_titles(at)[0].startswith("H200 on-demand: $")
    assert set(at.dataframe[-1].value["gpu"]) == {"H200"}
    assert at.query_params["cl_gpu"] == "H200"


def test_all_gpus_toggle_widens_the_cheapest_table(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.toggle(key="cl_all_gpus").set_value(True).run()
    assert not at.exception
    assert at.dataframe[-1].value["gpu"].nunique() > 5


def test_bad_link_parameters_fall_back_with_a_notice(app_env: Warehouse) -> None:
    at = open_page(PAGE, cl_gpu="H9000", cl_age="-3", cl_pricing="on_demand,barter")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "cl_gpu=H9000" in notices and "cl_age=-3" in notices and "barter" in notices
    assert chart_titles(at)[0].startswith("H100_SXM on-demand: $")


def test_no_pricing_chosen_says_so(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.multiselect(key="cl_pricing").set_value([]).run()
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "No data for this selection" in infos and "No offers for this selection" in infos
