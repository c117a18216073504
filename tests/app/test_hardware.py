"""The Hardware page through Streamlit's AppTest, against the offline warehouse."""

from __future__ import annotations

from tests.app.conftest import chart_titles, metrics, open_page
from warehouse.connection import Warehouse

PAGE = "hardware"


def test_page_shows_specs_and_every_chart_with_its_source(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Hardware"
    assert [s.value for s in at.subheader] == [
        "Specs",
        "Performance per dollar and per watt",
        "Release timeline",
        "Vendor share, as published",
    ]
    specs = at.dataframe[0].value
    assert metrics(at)["Accelerators"] == str(len(specs)) and len(specs) > 100
    titles = chart_titles(at)
    assert len(titles) == 5
    assert "per $1,000 of release price" in titles[0]
    assert "TFLOP/s per watt of TDP" in titles[1]
    assert "per USD/GPU-hour rented" in titles[2]
    assert titles[3].startswith("Fastest: ")
    sources = [c.value for c in at.caption if c.value.startswith("Source: ")]
    assert any("Epoch AI" in s and "as of 2025-12-24" in s for s in sources)
    assert any("curated reference, see citation per row" in s for s in sources)


def test_vendor_filter_changes_table_charts_and_url(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    before = metrics(at)["Accelerators"]
    at.multiselect(key="hw_vendor").set_value(["AMD"]).run()
    assert not at.exception
    specs = at.dataframe[0].value
    assert set(specs["vendor"]) == {"AMD"} and metrics(at)["Accelerators"] != before
    assert "AMD" in chart_titles(at)[1]  # the per-watt leader is now an AMD part
    assert at.query_params["hw_vendor"] == "AMD"


def test_share_group_choice_changes_the_share_chart(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    assert chart_titles(at)[4].startswith("Google (TPU): 64%")
    box = at.selectbox(key="hw_share")
    revenue = next(o for o in box.options if o.startswith("revenue · 2023 · Data-center GPU"))
    box.set_value(revenue).run()
    assert not at.exception
    assert chart_titles(at)[4] == "NVIDIA: 98% (revenue basis, 2023)"


def test_bad_link_parameters_fall_back_with_a_notice(app_env: Warehouse) -> None:
    at = open_page(PAGE, hw_vendor="AMD,NoSuchVendor", hw_from="1800", hw_prec="fp64")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "hw_vendor=AMD,NoSuchVendor" in notices
    assert "hw_from=1800" in notices and "hw_prec=fp64" in notices
    assert set(at.dataframe[0].value["vendor"]) == {"AMD"}  # the known vendor is kept
    assert "dense BF16" in chart_titles(at)[0]  # precision fell back to the default


def test_years_that_match_nothing_say_so(app_env: Warehouse) -> None:
    at = open_page(PAGE, hw_from="2025", hw_to="2025", hw_vendor="Cambricon")
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "No accelerator matches these filters" in infos
    assert "No accelerator in this selection has both a release price" in infos
