"""The Concentration page through Streamlit's AppTest, against the offline warehouse.

AppTest cannot type into st.data_editor; the editor's validation is a pure function tested
with bad rows in tests/charts/test_concentration.py."""

from __future__ import annotations

from tests.app.conftest import chart_titles, metrics, open_page
from warehouse.connection import Warehouse
from warehouse.queries.concentration import DERIVED_LABEL

PAGE = "concentration"


def test_default_view_measures_menlo_spend_shares(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    assert not at.exception and not at.error
    assert at.title[0].value == "Concentration"
    shown = metrics(at)
    assert shown["HHI"] == "2,770" and shown["CR4"] == "88%"
    assert shown["Other, unlisted"] == "12%"
    assert shown["HHI after"] == "4,930" and shown["ΔHHI"] == "2,160"
    titles = chart_titles(at)
    assert titles[0].startswith("Foundation-model APIs: HHI runs ")
    assert "Anthropic leads with 40% (spend basis)" in titles
    assert any(t.startswith("Logit simulation: merging firms' prices rise") for t in titles)
    shift = "5 points from Anthropic to OpenAI: HHI 2,770 → 2,690"
    assert any(t.startswith(shift) for t in titles)
    verdicts = next(d.value for d in at.dataframe if "regime_name" in d.value.columns)
    assert list(verdicts["level"]) == ["presumption", "presumption", "concern"]
    prices = next(d.value for d in at.dataframe if "post_price" in d.value.columns)
    assert prices.set_index("product")["change_pct"].round(2).to_dict() == {
        "Anthropic": 15.33,
        "OpenAI": 24.23,
        "Google": 3.64,
    }
    assert set(prices["owner_after"]) == {"Anthropic + OpenAI", "Google"}
    sources = [c.value for c in at.caption if c.value.startswith("Source: ")]
    assert any("a-eyelevel.com" in s for s in sources)


def test_outside_good_choice_changes_the_hhi(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.selectbox(key="conc_out").set_value("renormalize").run()
    assert not at.exception
    shown = metrics(at)
    # 40/27/21 rescaled to 100%: (40² + 27² + 21²) / 0.88² = 3,577
    assert shown["HHI"] == "3,577" and shown["Other, unlisted"] == "0%"
    assert at.query_params["conc_out"] == "renormalize"


def test_inference_providers_use_derived_openrouter_shares(app_env: Warehouse) -> None:
    at = open_page(PAGE, conc_seg="inference_provider")
    assert not at.exception and not at.error
    assert any(DERIVED_LABEL in i.value for i in at.info)
    assert metrics(at)["HHI"] != "2,770"
    assert chart_titles(at)[0].startswith("Inference providers: HHI runs ")


def test_margin_of_one_shows_an_error_not_a_traceback(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.number_input(key="conc_margin::Anthropic").set_value(1.0).run()
    assert not at.exception
    messages = [e.value for e in at.error]
    assert messages[0].startswith(
        "Margin of 'Anthropic' must be a gross margin (p − c)/p in [0, 1)"
    )
    assert not any(t.startswith("Logit simulation") for t in chart_titles(at))
    assert metrics(at)["ΔHHI"] == "2,160"  # the structural screens still show


def test_one_merging_firm_asks_for_more(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.multiselect(key="conc_merge").set_value(["Anthropic"]).run()
    assert not at.exception
    assert any("two or more firms" in i.value for i in at.info)


def test_whatif_entry_too_large_is_explained(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.radio(key="conc_wif").set_value("Entry").run()
    at.number_input(key="conc_w_size").set_value(150.0).run()
    assert not at.exception
    assert any("more than the whole market" in e.value for e in at.error)
    at.radio(key="conc_wif").set_value("Exit").run()
    assert not at.exception
    assert any(t.startswith("Anthropic exits: HHI 2,770 → ") for t in chart_titles(at))


def test_bad_link_parameter_falls_back_with_a_notice(app_env: Warehouse) -> None:
    at = open_page(PAGE, conc_seg="not-a-segment")
    assert not at.exception
    assert any("conc_seg=not-a-segment" in w.value for w in at.warning)
    assert metrics(at)["HHI"] == "2,770"


def test_every_segment_renders_with_its_default_group(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    seen = set()
    for segment in ("inference_provider", "ai_cloud", "hyperscaler", "hardware", "edge"):
        at.selectbox(key="conc_seg").set_value(segment).run()
        assert not at.exception, segment
        assert not at.error, (segment, [e.value for e in at.error])
        seen.add(metrics(at)["HHI"])
        assert at.query_params["conc_seg"] == segment
    assert len(seen) == 5  # each segment shows its own market


def test_whatif_pickers_survive_a_market_change(app_env: Warehouse) -> None:
    at = open_page(PAGE)
    at.radio(key="conc_wif").set_value("Entry").run()
    scope = "model_api::" + at.selectbox(key="conc_grp").value
    at.multiselect(key=f"conc_w_from::{scope}").set_value(["Google"]).run()
    assert any(t.startswith("New entrant enters with 10%") for t in chart_titles(at))
    at.selectbox(key="conc_seg").set_value("hardware").run()
    assert not at.exception and not at.error
    at.radio(key="conc_wif").set_value("Shift share").run()
    assert not at.exception and not at.error
