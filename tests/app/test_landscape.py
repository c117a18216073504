"""AppTest of the Landscape page on the offline warehouse."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_app, open_page
from warehouse.connection import Warehouse

PAGE = "landscape"


def _map_rows(at: AppTest) -> int:
    return len(at.dataframe[0].value)


def test_landscape_renders_headlines_map_and_changes(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Inference market landscape"
    labels = [m.label for m in at.metric]
    assert labels == [
        "Cheapest top-decile model (USD/1M tok)",
        "Median H100 SXM on-demand (USD/GPU-h)",
        "Providers with prices (API · GPU)",
        "Median price change",
    ]
    assert all(m.value and m.value != "n/a" for m in at.metric)
    assert len(at.get("plotly_chart")) == 4
    assert [s.value for s in at.subheader] == ["What changed in the newest snapshots"]
    # the offline build is the first refresh: the page says so instead of listing
    # every source as "new"
    assert any("one refresh so far" in i.value for i in at.info)
    captions = " ".join(c.value for c in at.caption)
    assert "Source: Inference market landscape (curated)" in captions
    assert _map_rows(at) == 82


def test_segment_filter_changes_the_map_and_lives_in_the_url(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.multiselect(key="land_seg").set_value(["edge"]).run()
    assert not at.exception
    assert _map_rows(at) == 10
    assert at.query_params["land_seg"] == "edge"


def test_bad_link_parameters_fall_back_with_a_notice(app_env: Warehouse) -> None:
    # Landscape is the app's default page: a shared link lands here on the first run,
    # which is when link parameters are read.
    at = open_app(land_seg="edge,nonsense", land_moves="999")
    assert not at.exception
    assert at.title[0].value == "Inference market landscape"
    warnings = " ".join(w.value for w in at.warning)
    assert "land_seg=edge,nonsense" in warnings and "land_moves=999" in warnings
    assert _map_rows(at) == 10  # the valid part of the link is kept
