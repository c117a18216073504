"""Concentration chart builders and the page's pure logic (groups, share-table validation,
stats, merger analysis, what-ifs) on small real-shaped frames, without Streamlit."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from charts import concentration as charts
from charts import concentration_whatif as cw
from charts.pages import concentration as cs
from market import merger as mg
from warehouse.queries import meta

MENLO = "US enterprise spend on LLM / foundation-model APIs (Menlo Ventures)"


def _row(company: str, share: float, basis: str = "spend", period: str = "2025", **kw) -> dict:
    definition = kw.get("definition", MENLO)
    return {
        "segment": "model_api",
        "company": company,
        "share_pct": share,
        "basis": basis,
        "period": period,
        "market_definition": definition,
        "group_label": f"{basis} · {period} · {definition}",
        "origin": kw.get("origin", "published"),
        "excluded_reason": kw.get("excluded"),
        "tokens": None,
        "citation": "https://a-eyelevel.com/articles/ai-model-decisions",
        "source_date": kw.get("source_date"),
        "source_kind": "secondary",
        "note": "",
        "source_id": "curated_market_shares",
        "observed_at": pd.Timestamp("2026-11-28"),
    }


ROWS = pd.DataFrame(
    [
        _row("Anthropic", 40),
        _row("OpenAI", 27),
        _row("Google", 21),
        _row("OpenAI", 50, period="2023"),
        _row("OpenAI", 56, basis="wallet_share", period="2026 (projected)"),
        _row("Google", 18, basis="wallet_share", period="2026 (projected)"),
        _row("Anthropic", 18, basis="wallet_share", period="2026 (projected)"),
        _row("OpenAI", 78, basis="adoption", excluded="adoption rate, not a market share"),
        _row("Anthropic", 44, basis="adoption", excluded="adoption rate, not a market share"),
        _row("Open-weight models (aggregate)", 69.1, basis="tokens", excluded="aggregate"),
        _row("Closed models (aggregate)", 30.9, basis="tokens", excluded="aggregate"),
    ]
)
SOURCES = pd.DataFrame(
    {"source_id": ["curated_market_shares"], "title": ["Published market shares (curated)"]}
)


def stub_load(fn, **kwargs):  # noqa: ANN001, ANN201 - a Loader for chart sets
    if fn is meta.sources:
        return SOURCES
    raise AssertionError(f"unexpected query {fn.__qualname__}")


def _table(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["company", "share_pct", "price"])


# --- Share-table validation (what the data editor hands back) ----------------------------------


def test_valid_table_gives_shares_and_prices_and_ignores_blank_rows() -> None:
    out = cs.validate_table(
        _table(("Anthropic", 40, 1.0), ("OpenAI", "27%", 2), (None, None, None))
    )
    assert out.errors == []
    assert out.shares == {"Anthropic": 40.0, "OpenAI": 27.0}
    assert out.prices == {"Anthropic": 1.0, "OpenAI": 2.0}


def test_negative_share_is_named() -> None:
    out = cs.validate_table(_table(("Anthropic", -5, 1.0), ("OpenAI", 27, 1.0)))
    assert out.errors == ["Share of 'Anthropic' is negative (-5.0); shares must be >= 0."]


def test_total_over_100_is_rejected_with_the_share_error_message() -> None:
    out = cs.validate_table(_table(("Anthropic", 60, 1.0), ("OpenAI", 50, 1.0)))
    assert len(out.errors) == 1
    assert "sum to 110" in out.errors[0] and "more than the whole market" in out.errors[0]
    assert "'Anthropic' at 60" in out.errors[0]


def test_a_single_share_over_100_is_rejected() -> None:
    assert "more than the whole market" in cs.validate_table(_table(("X", 120, 1))).errors[0]


def test_text_in_a_share_cell_is_a_clear_error() -> None:
    out = cs.validate_table(_table(("Anthropic", "forty", 1.0), ("OpenAI", 27, 1.0)))
    assert out.errors == ["Share of 'Anthropic' must be a number in percent (0-100), got 'forty'."]


def test_duplicates_missing_names_and_bad_prices_are_reported() -> None:
    out = cs.validate_table(
        _table(("OpenAI", 20, 1), ("OpenAI", 10, 1), ("", 5, 1), ("Google", 5, 0), ("xAI", 1, "x"))
    )
    assert out.errors == [
        "'OpenAI' is listed twice; merge the rows into one share.",
        "Row 3 has a share but no company name.",
        "Price of 'Google' must be a positive number, got 0.",
        "Price of 'xAI' must be a positive number, got 'x'.",
    ]


def test_empty_table_says_so() -> None:
    assert cs.validate_table(_table()).errors == [
        "The table is empty: enter at least one company with its share."
    ]


# --- Groups, default group, stats ---------------------------------------------------------------


def test_groups_never_mix_bases_and_explain_what_is_not_measured() -> None:
    gs = {g["group_label"]: g for g in cs.groups(ROWS)}
    assert len(gs) == 5
    menlo = gs[f"spend · 2025 · {MENLO}"]
    assert menlo["shares"] == {"Anthropic": 40.0, "OpenAI": 27.0, "Google": 21.0}
    assert menlo["usable"] and menlo["listed_pct"] == 88.0 and menlo["firms"] == 3
    adoption = gs[f"adoption · 2025 · {MENLO}"]
    assert not adoption["usable"] and adoption["excluded"] == 2 and adoption["shares"] == {}
    assert adoption["why_not"] == "adoption rate, not a market share"
    assert not gs[f"tokens · 2025 · {MENLO}"]["usable"]


def test_groups_over_100_are_not_usable() -> None:
    rows = pd.DataFrame([_row("A", 70), _row("B", 40)])
    (g,) = cs.groups(rows)
    assert not g["usable"] and g["why_not"] == "shares exceed 100%"


def test_default_group_prefers_published_actuals_with_the_largest_total() -> None:
    # The projected wallet share lists 92% but is a projection; Menlo 2025 lists 88%.
    assert cs.default_group(cs.groups(ROWS)) == f"spend · 2025 · {MENLO}"
    assert cs.default_group([]) == ""


def test_stats_follow_the_outside_good_choice() -> None:
    shares = {"A": 20.0, "B": 25.0, "C": 30.0}  # ECONOMICS.md §1.1 example
    atom, renorm = cs.stats(shares, "atomistic"), cs.stats(shares, "renormalize")
    assert atom["hhi"] == pytest.approx(1925.0) and atom["other"] == pytest.approx(25.0)
    assert renorm["hhi"] == pytest.approx(3422.2, abs=0.1) and renorm["other"] == 0.0
    assert atom["cr4"] == pytest.approx(75.0) and renorm["cr4"] == pytest.approx(100.0)
    assert atom["bands"] == {
        "us2023": "highly concentrated",  # 1,925 > 1,800
        "us2010": "moderately concentrated",  # 1,500-2,500
        "eu2004": "HHI 1,000-2,000",
    }
    assert renorm["bands"]["us2010"] == "highly concentrated"  # 3,422 > 2,500


def test_bands_come_from_the_regimes() -> None:
    assert [b[:2] for b in cs.bands("us2023")] == [(0, 1000), (1000, 1800), (1800, 10000)]
    assert [b[:2] for b in cs.bands("us2010")] == [(0, 1500), (1500, 2500), (2500, 10000)]
    assert [b[:2] for b in cs.bands("eu2004")] == [(0, 1000), (1000, 2000), (2000, 10000)]


# --- Builders -----------------------------------------------------------------------------------


def test_hhi_bands_draws_thresholds_and_states_the_shading() -> None:
    data = pd.DataFrame({"label": ["Market", "After A + B"], "hhi": [2770.0, 4930.0]})
    fig = charts.hhi_bands(data, bands=cs.bands("us2023"), title="HHI 2,770", subtitle="ctx")
    assert [list(t.x) for t in fig.data] == [[2770.0, 4930.0]]
    assert fig.layout.xaxis.title.text == charts.HHI_AXIS
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    lines = [s.x0 for s in fig.layout.shapes if s.type == "line"]
    assert len(rects) == 3 and lines == [1000, 1800]
    assert list(fig.layout.xaxis.tickvals) == [0, 1000, 1800, 3000, 4000, 5000]
    assert "unconcentrated 0–1,000" in fig.layout.title.subtitle.text
    assert fig.layout.title.text == "HHI 2,770"


def test_hhi_bands_colours_by_basis() -> None:
    data = pd.DataFrame(
        {
            "label": ["a", "b", "c"],
            "hhi": [945.0, 2913, 2770],
            "basis": ["tokens", "spend", "spend"],
        }
    )
    fig = charts.hhi_bands(data, bands=cs.bands("eu2004"), title="t", color_by="basis")
    assert [t.name for t in fig.data] == ["tokens", "spend"]
    assert fig.layout.showlegend


def test_share_bars_put_the_unlisted_rest_last_in_grey() -> None:
    data = pd.DataFrame(
        {"company": ["OpenAI", "Anthropic", "Other, unlisted"], "share_pct": [27, 40, 33],
         "kind": ["listed", "listed", "other"]}
    )  # fmt: skip
    fig = charts.share_bars(data, title="Anthropic leads")
    (bar,) = fig.data
    assert list(bar.y) == ["Anthropic", "OpenAI", "Other, unlisted"]
    assert bar.marker.color[-1] == charts.OTHER_COLOR
    assert fig.layout.xaxis.title.text == "Share of the market (%)"


def test_price_effects_split_merging_firms_from_rivals() -> None:
    data = pd.DataFrame(
        {
            "product": ["A", "B", "C"],
            "price_change_pct": [7.3, 3.76, 0.76],
            "merging": [True, True, False],
        }
    )
    fig = charts.price_effects(data, title="t")
    assert [t.name for t in fig.data] == ["Merging firms", "Rivals"]
    assert fig.layout.xaxis.title.text == "Post-merger price change (%)"
    assert fig.layout.xaxis.range[1] > 7.3  # room for the labels


def test_before_after_reads_before_then_after() -> None:
    data = pd.DataFrame({"company": ["A", "B"], "before_pct": [40, 27], "after_pct": [35, 32]})
    fig = charts.before_after(data, title="t")
    assert [t.name for t in fig.data] == ["After", "Before"]
    assert fig.layout.legend.traceorder == "reversed"


def test_empty_frames_give_a_message_figure() -> None:
    empty = pd.DataFrame(columns=["label", "hhi"])
    fig = charts.hhi_bands(empty, bands=cs.bands("us2023"), title="t")
    assert fig.layout.annotations[0].text == "No market with shares to measure"


# --- Chart-set specs from frames -----------------------------------------------------------------


def test_comparison_spec_measures_each_group_with_enough_listed() -> None:
    spec = cs.comparison_spec(stub_load, ROWS, "model_api", "atomistic", "us2023")
    # OpenAI 50% alone (2023) is one firm: insufficient data, no HHI bar, no band
    assert list(spec.data["hhi"].round(1)) == [2770.0, 3784.0]
    assert spec.title == (
        "Foundation-model APIs: HHI runs 2,770–3,784 across 2 groups with ≥ 3 firms and "
        "≥ 50% of the market listed, all highly concentrated; 1 group: insufficient data"
    )
    # every bar states the listed share and the bounds (rest atomistic - rest one firm)
    first = spec.data.iloc[0]
    assert (first["listed_pct"], first["hhi_low"], first["hhi_high"]) == (88.0, 2770.0, 2914.0)
    assert first["label"].endswith("3 firms, 88% listed, HHI 2,770–2,914")
    assert "Published market shares (curated)" in spec.source
    assert "a-eyelevel.com" in spec.source


def test_shares_and_hhi_specs_plot_exactly_their_data() -> None:
    chosen = cs.group_rows(ROWS, f"spend · 2025 · {MENLO}")
    shares = cs.firm_shares(chosen)
    spec = cs.shares_spec(stub_load, chosen, shares, "atomistic", edited=False)
    assert list(spec.data["company"]) == ["Anthropic", "OpenAI", "Google", "Other, unlisted"]
    assert spec.data["share_pct"].sum() == pytest.approx(100.0)
    assert spec.title == "Anthropic leads with 40% (spend basis)"
    merged = cs.hhi_spec(stub_load, chosen, shares, "atomistic", "us2023", ("Anthropic", "OpenAI"))
    assert list(merged.data["hhi"]) == pytest.approx([2770.0, 4930.0])
    assert merged.name == "hhi-after-merger"
    assert merged.title.endswith("the merger adds 2,160 points")
    edited = cs.shares_spec(stub_load, chosen, {"A": 50.0}, "atomistic", edited=True)
    assert "shares edited by the user" in edited.subtitle


# --- Merger analysis and what-ifs -------------------------------------------------------------


MENLO_SHARES = {"Anthropic": 40.0, "OpenAI": 27.0, "Google": 21.0}


def _merge(margins: dict, **kw) -> cw.MergerOutcome:
    return cw.analyse_merger(
        MENLO_SHARES, ("Anthropic", "OpenAI"), outside="atomistic",
        prices=dict.fromkeys(MENLO_SHARES, 1.0), margins=margins, **kw,
    )  # fmt: skip


def test_margin_of_one_or_more_is_a_clear_error() -> None:
    out = _merge({"Anthropic": 1.0, "OpenAI": 0.5})
    assert out.errors["screens"] == (
        "Margin of 'Anthropic' must be a gross margin (p − c)/p in [0, 1), got 1: 1 or more "
        "would mean zero or negative marginal cost."
    )
    assert out.errors["logit"] == out.errors["screens"]
    assert out.concentration is not None and len(out.verdicts) == 3  # HHI screens still shown


def test_merger_screens_use_share_based_diversion() -> None:
    out = _merge({"Anthropic": 0.5, "OpenAI": 0.5})
    assert not out.errors
    first = out.screens.iloc[0]
    assert (first["product"], first["partner"]) == ("Anthropic", "OpenAI")
    assert first["diversion"] == pytest.approx(0.27 / 0.60)
    assert first["guppi"] == pytest.approx(0.45 * 0.5)
    assert set(out.verdicts["level"]) == {"presumption", "concern"}


def test_logit_simulation_reaches_an_interior_equilibrium() -> None:
    """40/27/21 with a 0.5 margin, 12% outside good: the page gets market.merger's interior
    equilibrium (once a degenerate root with Google's share ~0). FOCs hold, all shares > 0."""
    out = _merge({"Anthropic": 0.5, "OpenAI": 0.5}, outside_share=12.0)
    sim = out.logit
    assert sim is not None and sim.foc_residual_post < 1e-8
    assert min(sim.post_shares.values()) > 0.1
    change = sim.price_change_pct
    assert change["OpenAI"] > change["Anthropic"] > change["Google"] > 0
    assert change["Google"] == pytest.approx(3.6416, abs=1e-3)
    assert sim.consumer_surplus_change < 0


def test_logit_matches_the_library_on_the_economics_worked_case() -> None:
    out = cw.analyse_merger(
        {"A": 20.0, "B": 25.0, "C": 30.0}, ("A", "B"), outside="atomistic",
        prices={"A": 50.0, "B": 75.0, "C": 80.0}, margins={"A": 0.3, "B": 0.3},
        alpha=-0.1, outside_share=25.0,
    )  # fmt: skip
    direct = mg.simulate_logit_merger(
        {"A": 20.0, "B": 25.0, "C": 30.0}, {"A": 50.0, "B": 75.0, "C": 80.0}, ("A", "B"), alpha=-0.1
    )
    assert out.logit.post_prices == pytest.approx(direct.post_prices)


def test_outside_good_share_must_leave_room() -> None:
    assert (
        "outside-good share"
        in _merge({"Anthropic": 0.5, "OpenAI": 0.5}, outside_share=100).errors["logit"]
    )


def test_whatifs_move_shares_and_report_bad_input() -> None:
    after = cw.whatif(MENLO_SHARES, "shift", source="Anthropic", target="OpenAI", points=5)
    assert after == {"Anthropic": 35.0, "OpenAI": 32.0, "Google": 21.0}
    entry = cw.whatif(MENLO_SHARES, "entry", entrant="xAI", share=10, take_from=["Google"])
    assert entry["xAI"] == 10 and entry["Google"] == pytest.approx(11.0)
    gone = cw.whatif(MENLO_SHARES, "exit", leaver="Google", include_residual=False)
    assert sum(gone.values()) == pytest.approx(88.0) and "Google" not in gone
    with pytest.raises(Exception, match="only has 21"):
        cw.whatif(MENLO_SHARES, "shift", source="Google", target="OpenAI", points=30)
    with pytest.raises(Exception, match="more than the whole market"):
        cw.whatif(MENLO_SHARES, "entry", entrant="xAI", share=150, take_from=[])


def test_whatif_spec_states_the_hhi_move() -> None:
    after = cw.whatif(MENLO_SHARES, "exit", leaver="Google", include_residual=True)
    chosen = cs.group_rows(ROWS, f"spend · 2025 · {MENLO}")
    spec = cw.whatif_spec(
        stub_load, chosen, MENLO_SHARES, after, "atomistic", "us2023", "Google exits"
    )
    h1 = sum(v * v for v in after.values())
    assert (
        spec.title
        == f"Google exits: HHI 2,770 → {h1:,.0f} ({h1 - 2770:+,.0f}), highly concentrated"
    )
    assert math.isnan(spec.data.set_index("company").loc["Google", "after_pct"])


def test_chart_set_defaults_on_the_offline_snapshot(offline_warehouse) -> None:  # noqa: ANN001
    from charts.provenance import direct_loader

    compare, shares, hhi = cs.specs(direct_loader(offline_warehouse))
    assert compare.name == "model_api-hhi-by-basis" and len(compare.data) == 4
    assert shares.title == "Anthropic leads with 40% (spend basis)"
    assert list(hhi.data["hhi"]) == pytest.approx([2770.0, 4930.0])
    for spec in (compare, shares, hhi):
        assert spec.source and spec.method and not spec.data.empty


def test_one_firm_group_gets_insufficient_data() -> None:
    """Anthropic 24% alone: no HHI band (it used to show 576, 'unconcentrated')."""
    rows = pd.DataFrame([_row("Anthropic", 24, basis="revenue", period="2025")])
    [group] = cs.groups(rows)
    assert (group["usable"], group["measurable"]) == (True, False)
    assert group["why_not"] == (
        "insufficient data: 1 firm listed (needs 3); 24% of the market listed (needs 50%)"
    )
    spec = cs.hhi_spec(stub_load, rows, {"Anthropic": 24.0}, "atomistic", "us2023")
    assert spec.data.empty
    assert spec.title == (
        "Insufficient data for an HHI band: 1 firm listed (needs 3); 24% of the market "
        "listed (needs 50%). Listed: Anthropic 24%; HHI could be anywhere from 576 to 6,352"
    )
    compare = cs.comparison_spec(stub_load, rows, "model_api", "atomistic", "us2023")
    assert compare.data.empty and compare.title.endswith("1 group: insufficient data")
    stat = cs.stats({"Anthropic": 24.0}, "atomistic")
    assert stat["bounds"] == (576.0, 6352.0) and stat["insufficient"]
