"""Concentration arithmetic and guideline screens against published numbers (ECONOMICS.md §1)."""

from __future__ import annotations

import math

import pytest

from market.concentration import (
    REGIMES,
    ShareError,
    assess,
    assess_merger,
    concentration_ratio,
    delta_hhi_pair,
    effective_shares,
    enter,
    exit_firm,
    hhi,
    merger_concentration,
    numbers_equivalent,
    shift_share,
    validate_shares,
)

# --- Golden vectors (ECONOMICS.md §1.6 and §3) ------------------------------------------------


def test_doj_explainer_example() -> None:
    assert hhi([30, 30, 20, 20]) == 2600  # DOJ HHI explainer


def test_dangerous_economist_examples() -> None:
    assert hhi({"a": 40, "b": 30, "c": 20, "d": 10}) == 3000
    assert delta_hhi_pair(25, 20) == 1000  # "merge 25+20 ... Δ 1,000"


def test_brainmass_delta() -> None:
    assert delta_hhi_pair(20, 20) == 800
    assert merger_concentration({"a": 20, "b": 20, "c": 60}, ["a", "b"]).delta_hhi == 800


def test_cfa_cr4_example_and_full_hhi() -> None:
    shares = {"a": 30, "b": 20, "c": 15, "d": 15, "e": 10, "f": 10}
    assert concentration_ratio(shares, 4) == 80
    mc = merger_concentration(shares, ["a", "b"])
    assert concentration_ratio({mc.merged_name: mc.merged_share, "c": 15, "d": 15, "e": 10}) == 90
    assert (mc.pre_hhi, mc.post_hhi, mc.delta_hhi, mc.merged_share) == (1950, 3150, 1200, 50)
    assert mc.merged_name == "a + b"


def test_census_examples() -> None:
    assert hhi([2.0] * 50) == pytest.approx(200)
    # One firm at 50% and 49 at "just over 1%" (50/49 each): Census prints 2,550.
    assert hhi([50.0] + [50 / 49] * 49) == pytest.approx(2551.0204, abs=1e-4)


def test_segment_figures_from_economics_section_3() -> None:
    assert hhi({"Anthropic": 40, "OpenAI": 27, "Google": 21}) == 2770  # Menlo Dec 2025
    cloud = {"AWS": 30, "Azure": 20, "Google": 13, "Alibaba": 4, "Oracle": 3,
             "Salesforce": 2, "IBM": 2, "Tencent": 2}  # fmt: skip
    assert hhi(cloud) == 1506
    assert concentration_ratio(cloud, 4) == 67
    assert hhi({"Nvidia": 85, "ASIC": 11, "AMD": 4}) == 7362


def test_outside_good_example_both_treatments() -> None:
    shares = [0.20, 0.25, 0.30]
    atom = merger_concentration(shares, ["firm 1", "firm 2"], scale="fraction")
    assert (atom.pre_hhi, atom.delta_hhi) == pytest.approx((1925, 1000))
    ren = merger_concentration(
        shares, ["firm 1", "firm 2"], scale="fraction", outside="renormalize"
    )
    assert ren.pre_hhi == pytest.approx(3422.22, abs=0.01)
    assert ren.delta_hhi == pytest.approx(1777.78, abs=0.01)
    assert hhi([20, 25, 30]) == 1925  # atomistic is the documented default


def test_three_firm_merger_full_recomputation() -> None:
    mc = merger_concentration({"a": 10, "b": 20, "c": 30, "d": 40}, ["a", "b", "c"])
    assert mc.delta_hhi == pytest.approx(2 * (10 * 20 + 10 * 30 + 20 * 30))
    assert mc.post_hhi == pytest.approx(60**2 + 40**2)


def test_numbers_equivalent() -> None:
    assert numbers_equivalent(2500) == 4
    assert numbers_equivalent(hhi([2.0] * 50)) == pytest.approx(50)
    assert numbers_equivalent(0) == math.inf
    with pytest.raises(ValueError, match="between 0 and 10,000"):
        numbers_equivalent(12_000)


def test_concentration_ratio_edges() -> None:
    assert concentration_ratio([50, 30], 4) == 80
    assert concentration_ratio([10, 50, 30], 1) == 50
    with pytest.raises(ValueError, match="positive whole number"):
        concentration_ratio([50], 0)


# --- Validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shares", "needle"),
    [
        ({"OpenAI": 60, "Anthropic": -3}, "'Anthropic' is negative (-3)"),
        ({"OpenAI": 60, "Anthropic": 50}, "sum to 110"),
        ({"OpenAI": "60"}, "'OpenAI' must be a finite number"),
        ({"OpenAI": float("nan")}, "'OpenAI' must be a finite number"),
        ({"OpenAI": True}, "'OpenAI' must be a finite number"),
        ([50, 50, 0.001], "sum to 100.001"),
        ("30,70", "mapping firm -> share"),
    ],
)
def test_invalid_shares_name_the_problem(shares: object, needle: str) -> None:
    with pytest.raises(ShareError) as info:
        hhi(shares)  # type: ignore[arg-type]
    assert needle in str(info.value)
    assert isinstance(info.value, ValueError)


def test_fraction_scale_is_explicit_and_checked() -> None:
    assert validate_shares({"a": 0.5}, scale="fraction") == {"a": 50.0}
    with pytest.raises(ShareError, match="sum to 1.2 in a fraction"):
        hhi([0.6, 0.6], scale="fraction")
    with pytest.raises(ShareError, match="scale must be"):
        hhi([50], scale="pct")  # type: ignore[arg-type]
    assert hhi([0.1, 0.2, 0.7], scale="fraction") == pytest.approx(5400)  # sums to 1 + 2e-16


def test_renormalize_needs_a_positive_total() -> None:
    with pytest.raises(ShareError, match="all listed shares are zero"):
        effective_shares([0, 0], outside="renormalize")
    with pytest.raises(ShareError, match="outside must be"):
        hhi([50], outside="ignore")  # type: ignore[arg-type]


# --- What-ifs ---------------------------------------------------------------------------------


def test_shift_share_moves_points() -> None:
    out = shift_share({"a": 50, "b": 30}, "a", "b", 10)
    assert out == {"a": 40, "b": 40}
    assert shift_share({"a": 50}, "a", "new", 5) == {"a": 45, "new": 5}
    with pytest.raises(ShareError, match="only has 50"):
        shift_share({"a": 50, "b": 30}, "a", "b", 60)
    with pytest.raises(ShareError, match="'z' is not listed"):
        shift_share({"a": 50}, "z", "a", 1)


def test_entry_proportional_from_whole_market() -> None:
    out = enter({"a": 50, "b": 30}, "new", 10)
    assert out == pytest.approx({"a": 45, "b": 27, "new": 10})  # residual 20 -> 18


def test_entry_from_named_firms() -> None:
    assert enter({"a": 50, "b": 30, "c": 20}, "n", 16, take_from=["a", "b"]) == pytest.approx(
        {"a": 40, "b": 24, "c": 20, "n": 16}
    )
    exact = enter({"a": 50, "b": 30}, "n", 10, take_from={"a": 4, "b": 6})
    assert exact == pytest.approx({"a": 46, "b": 24, "n": 10})
    with pytest.raises(ShareError, match="sum to 9 points"):
        enter({"a": 50, "b": 30}, "n", 10, take_from={"a": 4, "b": 5})
    with pytest.raises(ShareError, match="already a listed firm"):
        enter({"a": 50}, "a", 10)
    with pytest.raises(ShareError, match="hold 5 points"):
        enter({"a": 5, "b": 90}, "n", 10, take_from=["a"])


def test_exit_redistributes_proportionally() -> None:
    assert exit_firm({"a": 40, "b": 40, "c": 20}, "c") == pytest.approx({"a": 50, "b": 50})
    with_fringe = exit_firm({"a": 50, "b": 30}, "b")  # fringe 20 also gains
    assert with_fringe == pytest.approx({"a": 50 / 0.7})
    assert exit_firm({"a": 50, "b": 30}, "b", include_residual=False) == pytest.approx({"a": 80})
    with pytest.raises(ShareError, match="whole market"):
        exit_firm({"a": 100}, "a")


# --- Guideline screens: every boundary at / just below / just above ---------------------------

EPS = 0.01


def _level(regime: str, h: float, d: float, s: float | None = None) -> str:
    return assess(regime, h, d, s).level


@pytest.mark.parametrize(
    ("regime", "args", "expected"),
    [
        # US 2023: HHI "in excess of 1,800" (strict) with ΔHHI 150
        ("us2023", (1800 - EPS, 150), "none"),
        ("us2023", (1800, 150), "none"),
        ("us2023", (1800 + EPS, 150), "presumption"),
        # US 2023: ΔHHI "more than 100" (strict) at HHI 2,000
        ("us2023", (2000, 100 - EPS), "none"),
        ("us2023", (2000, 100), "none"),
        ("us2023", (2000, 100 + EPS), "presumption"),
        # US 2023: merged share "over thirty percent" (strict) at HHI 1,500, ΔHHI 150
        ("us2023", (1500, 150, 30 - EPS), "none"),
        ("us2023", (1500, 150, 30), "none"),
        ("us2023", (1500, 150, 30 + EPS), "presumption"),
        ("us2023", (1500, 100, 45), "none"),  # share test also needs ΔHHI > 100
        # US 2010: "between 1,500 and 2,500" inclusive; ΔHHI 150 > 100 in moderate -> concern
        ("us2010", (1500 - EPS, 150), "unlikely"),
        ("us2010", (1500, 150), "concern"),
        ("us2010", (1500 + EPS, 150), "concern"),
        # US 2010: "above 2,500" strict; ΔHHI 250 is a presumption only if highly concentrated
        ("us2010", (2500 - EPS, 250), "concern"),
        ("us2010", (2500, 250), "concern"),
        ("us2010", (2500 + EPS, 250), "presumption"),
        # US 2010: ΔHHI 100 in a moderately concentrated market: "< 100" safe, "> 100" concern
        ("us2010", (2000, 100 - EPS), "unlikely"),
        ("us2010", (2000, 100), "none"),
        ("us2010", (2000, 100 + EPS), "concern"),
        # US 2010: ΔHHI 100 in a highly concentrated market: "between 100 and 200" inclusive
        ("us2010", (3000, 100 - EPS), "unlikely"),
        ("us2010", (3000, 100), "concern"),
        ("us2010", (3000, 100 + EPS), "concern"),
        # US 2010: ΔHHI "more than 200" (strict) for the presumption
        ("us2010", (3000, 200 - EPS), "concern"),
        ("us2010", (3000, 200), "concern"),
        ("us2010", (3000, 200 + EPS), "presumption"),
        # EU 2004: "below 1,000" strict (ΔHHI 300 fails the middle zone's delta test)
        ("eu2004", (1000 - EPS, 300), "unlikely"),
        ("eu2004", (1000, 300), "concern"),
        ("eu2004", (1000 + EPS, 300), "concern"),
        # EU 2004: "between 1,000 and 2,000" inclusive; ΔHHI 200 passes <250 but fails <150
        ("eu2004", (2000 - EPS, 200), "unlikely"),
        ("eu2004", (2000, 200), "unlikely"),
        ("eu2004", (2000 + EPS, 200), "concern"),
        # EU 2004: "delta below 250" strict in the middle zone
        ("eu2004", (1500, 250 - EPS), "unlikely"),
        ("eu2004", (1500, 250), "concern"),
        ("eu2004", (1500, 250 + EPS), "concern"),
        # EU 2004: "delta below 150" strict above 2,000
        ("eu2004", (2500, 150 - EPS), "unlikely"),
        ("eu2004", (2500, 150), "concern"),
        ("eu2004", (2500, 150 + EPS), "concern"),
    ],
)
def test_guideline_boundaries(regime: str, args: tuple, expected: str) -> None:
    assert _level(regime, *args) == expected


@pytest.mark.parametrize(
    ("regime", "hhi_value", "band"),
    [
        ("us2023", 1000 - EPS, "unconcentrated"),
        ("us2023", 1000, "moderately concentrated"),
        ("us2023", 1800, "moderately concentrated"),
        ("us2023", 1800 + EPS, "highly concentrated"),
        ("us2010", 1500, "moderately concentrated"),
        ("us2010", 2500, "moderately concentrated"),
        ("us2010", 2500 + EPS, "highly concentrated"),
        ("eu2004", 1000 - EPS, "HHI below 1,000"),
        ("eu2004", 2000, "HHI 1,000-2,000"),
        ("eu2004", 2000 + EPS, "HHI above 2,000"),
    ],
)
def test_band_labels_at_boundaries(regime: str, hhi_value: float, band: str) -> None:
    assert assess(regime, hhi_value, 0).band == band


def test_thresholds_are_data_with_citations() -> None:
    values = {k: {n: (t.value, t.op) for n, t in r.thresholds.items()} for k, r in REGIMES.items()}
    assert values["us2023"] == {"moderate": (1000, ">="), "high": (1800, ">"),
                                "delta": (100, ">"), "share": (30, ">")}  # fmt: skip
    assert values["us2010"]["high_delta"] == (200, ">")
    assert values["eu2004"]["middle_delta"] == (250, "<")
    assert "§5.3" in REGIMES["us2010"].citation
    assert "paras 19-20" in REGIMES["eu2004"].citation
    assert "Guideline 1" in REGIMES["us2023"].citation


def test_float_noise_does_not_decide_a_boundary() -> None:
    # 0.28 and 0.02 in fractions merge to 30.000000000000004 percent: still "exactly 30%".
    mc = merger_concentration([0.28, 0.02], ["firm 1", "firm 2"], scale="fraction")
    assert mc.merged_share != 30 and mc.merged_share == pytest.approx(30)
    assert assess("us2023", 1500, 150, mc.merged_share).level == "none"


def test_verdict_object_and_merger_assessment() -> None:
    shares = {"a": 30, "b": 20, "c": 15, "d": 15, "e": 10, "f": 10}
    verdicts = {v.regime: v for v in assess_merger(shares, ["a", "b"])}
    assert [verdicts[k].level for k in ("us2023", "us2010", "eu2004")] == [
        "presumption", "presumption", "concern"
    ]  # fmt: skip
    v = verdicts["us2023"]
    assert v.triggered and v.band == "highly concentrated" and v.merged_share == 50
    assert "3,150" in v.reason and "1,200" in v.reason and v.citation == REGIMES["us2023"].citation
    safe = assess("us2010", 1200, 50)
    assert not safe.triggered and safe.level == "unlikely"
    assert "merged share not supplied" in assess("us2023", 1500, 150).reason


def test_assess_rejects_bad_inputs() -> None:
    with pytest.raises(ValueError, match="unknown regime"):
        assess("uk2021", 2000, 100)
    with pytest.raises(ValueError, match="post-merger HHI must be"):
        assess("us2023", 12_000, 100)
    with pytest.raises(ValueError, match="merged share must be"):
        assess("us2023", 2000, 100, 130)
