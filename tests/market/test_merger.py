"""Merger screens and logit-Bertrand simulation (ECONOMICS.md §2)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import market.merger as merger_module
from market.merger import (
    MergerInputError,
    best_response_markups,
    calibrate_alpha,
    diversion_ratios,
    guppi,
    guppi_from_delta_hhi,
    logit_shares,
    pair_screens,
    simulate_logit_merger,
    upp,
)

# §2.2 worked case; reference outputs are the Stata mergersim results published with
# eviatargu/merger-simulation ("multinomial stata results.csv", market size 100).
CASE_SHARES = {"1": 0.20, "2": 0.25, "3": 0.30}
CASE_PRICES = {"1": 50.0, "2": 75.0, "3": 80.0}
STATA_COSTS = {"1": 37.5, "2": 61.66666667, "3": 65.71428571}
STATA_PRICES = {"1": 53.65053892, "2": 77.81720558, "3": 80.6046788}
STATA_QUANTITIES = {"1": 16.1460511, "2": 21.9365104, "3": 32.84260567}
STATA_INSIDE_SHARES = {"1": 0.227649097, "2": 0.309290907, "3": 0.463059944}


def _case(**kwargs: object):
    args = {"alpha": -0.1, "market_size": 100.0, "scale": "fraction", **kwargs}
    return simulate_logit_merger(CASE_SHARES, CASE_PRICES, ["1", "2"], **args)


# --- Diversion, GUPPI, UPP --------------------------------------------------------------------


def test_logit_diversion_with_outside_good() -> None:
    d = diversion_ratios({"a": 20, "b": 25, "c": 30})
    assert d["a"]["b"] == pytest.approx(0.25 / 0.80)
    assert d["c"]["a"] == pytest.approx(0.20 / 0.70)
    # the 25% outside good absorbs the rest: 1 - 0.25/0.8
    assert sum(d["a"].values()) == pytest.approx(1 - 0.25 / 0.80)


def test_diversion_renormalized_is_fully_recaptured() -> None:
    d = diversion_ratios({"a": 20, "b": 25, "c": 30}, outside="renormalize")
    assert all(sum(row.values()) == pytest.approx(1.0) for row in d.values())
    with pytest.raises(MergerInputError, match="whole market"):
        diversion_ratios({"a": 100})


def test_upp_worked_example_and_efficiency_credit() -> None:
    # jonwlaw example: D = 0.4, P = 100, C = 60 -> UPP 16 (margins 0.4 -> C = 60)
    assert upp(0.4, 100, 0.4, 100, 0.4) == pytest.approx(16.0)
    assert upp(0.4, 100, 0.4, 100, 0.4, efficiency=0.1) == pytest.approx(16.0 - 0.1 * 60)


def test_guppi_formula() -> None:
    assert guppi(0.3125, 0.2, 75, 50) == pytest.approx(0.3125 * 0.2 * 75 / 50)
    assert guppi(0.5, 0.0, 10, 10) == 0.0


@pytest.mark.parametrize("bad", [1.0, -0.1, 1.5, float("nan"), True])
def test_margins_outside_unit_interval_are_rejected(bad: float) -> None:
    with pytest.raises(MergerInputError, match=r"margin .* in \[0, 1\)"):
        guppi(0.3, bad, 10, 10)
    with pytest.raises(MergerInputError, match=r"margin .* in \[0, 1\)"):
        upp(0.3, 10, 0.2, 10, bad)


def test_other_screen_inputs_are_checked() -> None:
    with pytest.raises(MergerInputError, match="diversion ratio"):
        guppi(1.2, 0.3, 10, 10)
    with pytest.raises(MergerInputError, match="own price must be > 0"):
        guppi(0.2, 0.3, 10, 0)
    with pytest.raises(MergerInputError, match="efficiency credit"):
        upp(0.2, 10, 0.3, 10, 0.3, efficiency=1.0)


def test_pair_screens_both_directions() -> None:
    a, b = pair_screens({"a": 20, "b": 25, "c": 30}, ("a", "b"), {"a": 50, "b": 75},
                        {"a": 0.25, "b": 0.2}, {"b": 0.05})  # fmt: skip
    assert (a.product, a.partner, b.product) == ("a", "b", "b")
    assert a.diversion == pytest.approx(0.3125) and b.diversion == pytest.approx(0.20 / 0.75)
    assert a.guppi == pytest.approx(0.3125 * 0.2 * 75 / 50)
    assert a.upp == pytest.approx(0.3125 * 15)  # no efficiency for a
    assert b.upp == pytest.approx(0.20 / 0.75 * 12.5 - 0.05 * 60)
    with pytest.raises(MergerInputError, match="two distinct listed firms"):
        pair_screens({"a": 20, "b": 25}, ("a", "a"), {"a": 1}, {"a": 0.1})


def test_guppi_from_delta_hhi_matches_mergeron_default() -> None:
    assert guppi_from_delta_hhi(100) == pytest.approx(0.0647, abs=5e-5)  # ≈ 0.065 default
    assert guppi_from_delta_hhi(200) == pytest.approx(0.0944, abs=5e-5)


# --- Logit-Bertrand simulation ----------------------------------------------------------------


def test_reproduces_stata_mergersim_reference() -> None:
    r = _case()
    assert r.costs == pytest.approx(STATA_COSTS, abs=1e-7)
    assert r.post_prices == pytest.approx(STATA_PRICES, abs=1e-7)
    assert r.post_quantities == pytest.approx(STATA_QUANTITIES, abs=1e-6)
    inside = sum(r.post_shares.values())
    assert {k: v / inside for k, v in r.post_shares.items()} == pytest.approx(
        STATA_INSIDE_SHARES,
        abs=1e-7,  # Stata stops at ~2e-8 from the fixed point
    )
    assert r.price_change_pct["1"] == pytest.approx(7.3010778, abs=1e-6)


def test_equilibrium_conditions_and_directions() -> None:
    r = _case()
    assert r.foc_residual_pre < 1e-8 and r.foc_residual_post < 1e-8
    assert r.post_prices["1"] > r.pre_prices["1"] and r.post_prices["2"] > r.pre_prices["2"]
    assert r.post_prices["3"] >= r.pre_prices["3"]
    # the merging products rise most
    assert min(r.price_change_pct["1"], r.price_change_pct["2"]) > r.price_change_pct["3"]
    assert r.outside_share_post > r.outside_share_pre and r.consumer_surplus_change < 0
    assert r.owners_post == ("1 + 2", "1 + 2", "3")


def test_alpha_calibrated_from_one_margin() -> None:
    margin = (50 - 37.5) / 50  # product 1's margin at the Stata costs
    alpha = calibrate_alpha(CASE_SHARES, CASE_PRICES, "1", margin, scale="fraction")
    assert alpha == pytest.approx(-0.1)
    r = simulate_logit_merger(CASE_SHARES, CASE_PRICES, ["1", "2"], calibration=("1", margin),
                              market_size=100.0, scale="fraction")  # fmt: skip
    assert r.post_prices == pytest.approx(STATA_PRICES, abs=1e-7)


def test_model_diversion_equals_share_based_diversion() -> None:
    r = _case()
    names = r.products
    s = np.array([r.pre_shares[n] for n in names])
    p = np.array([r.pre_prices[n] for n in names])
    delta = np.log(s / r.outside_share_pre) - r.alpha * p
    h = 1e-5
    up, down = p.copy(), p.copy()
    up[0] += h
    down[0] -= h
    ds = logit_shares(up, delta, r.alpha) - logit_shares(down, delta, r.alpha)
    numeric = -ds[1] / ds[0]
    assert numeric == pytest.approx(0.25 / 0.80, rel=1e-7)  # s_2 / (1 - s_1)
    assert numeric == pytest.approx(
        diversion_ratios({"1": 20, "2": 25, "3": 30})["1"]["2"], rel=1e-7
    )


def test_multi_product_owner_and_rival_effects() -> None:
    shares = {"a1": 10, "a2": 15, "b": 20, "c": 25}
    prices = {"a1": 10.0, "a2": 12.0, "b": 11.0, "c": 9.0}
    owners = {"a1": "A", "a2": "A", "b": "B", "c": "C"}
    r = simulate_logit_merger(shares, prices, ["B", "C"], alpha=-0.5, owners=owners)
    assert r.foc_residual_pre < 1e-8 and r.foc_residual_post < 1e-8
    # a firm's logit markups are equal across its products before the merger
    assert prices["a1"] - r.costs["a1"] == pytest.approx(prices["a2"] - r.costs["a2"])
    assert r.post_prices["b"] > prices["b"] and r.post_prices["c"] > prices["c"]
    assert r.post_prices["a1"] >= prices["a1"] and r.post_prices["a2"] >= prices["a2"]
    assert r.owners_post == ("A", "A", "B + C", "B + C")


# Reported case: Menlo 2025 spend shares, equal prices, α from a 0.5 margin on Anthropic.
# The former undamped fixed point hit its 10,000-iteration cap and ended on a degenerate
# root (Google +1,300% at a 1e-19 share); verified interior result below.
MENLO_SHARES = {"Anthropic": 40.0, "OpenAI": 27.0, "Google": 21.0}


def _menlo():
    prices = dict.fromkeys(MENLO_SHARES, 1.0)
    return simulate_logit_merger(
        MENLO_SHARES, prices, ["Anthropic", "OpenAI"], calibration=("Anthropic", 0.5)
    )


def test_large_merger_reaches_the_interior_equilibrium() -> None:
    r = _menlo()
    assert r.price_change_pct == pytest.approx(
        {"Anthropic": 15.33, "OpenAI": 24.23, "Google": 3.64}, abs=0.01
    )
    assert min(r.post_shares.values()) > 0.18  # no collapsed share
    assert r.foc_residual_post < 1e-12
    assert r.iterations < 50  # was 10,000 (the cap) with the old fixed point


def test_post_merger_markups_are_each_firms_best_response() -> None:
    r = _menlo()
    merged = r.post_prices["Anthropic"] - r.costs["Anthropic"]
    assert r.post_prices["OpenAI"] - r.costs["OpenAI"] == pytest.approx(merged, rel=1e-12)
    s0 = r.outside_share_pre
    log_a = [
        np.logaddexp(*(np.log(r.pre_shares[k] / s0) - r.alpha * (1.0 - r.costs[k])
                       for k in ("Anthropic", "OpenAI"))),
        np.log(r.pre_shares["Google"] / s0) - r.alpha * (1.0 - r.costs["Google"]),
    ]  # fmt: skip  # log Σ exp(δ + α c), δ = log(s/s0) − α p at the pre-merger price 1
    mu = np.array([merged, r.post_prices["Google"] - r.costs["Google"]])
    assert best_response_markups(mu, np.array(log_a), r.alpha) == pytest.approx(mu, rel=1e-12)


def test_a_collapsed_share_is_rejected_not_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Google priced out to a ~1e-19 share (what the old solver returned): its raw FOC is
    ~0 there, so only the share-normalised check can refuse it, with a clear error."""
    good = merger_module._equilibrium_markups

    def degenerate(*args: object) -> tuple[np.ndarray, int]:
        mu, it = good(*args)
        return mu + np.array([0.0, 13.0]), it  # Google at ~14x its price: share ~1e-19

    monkeypatch.setattr(merger_module, "_equilibrium_markups", degenerate)
    with pytest.raises(
        MergerInputError, match="no interior post-merger equilibrium.*share-normalised FOC"
    ):
        _menlo()


def test_lambert_w_holds_beyond_the_float_range_of_exp() -> None:
    log_z = np.array([-3.0, 0.0, 499.0, 501.0, 5000.0])  # e^5000 overflows a float
    w = merger_module._lambertw_exp(log_z)
    assert w + np.log(w) == pytest.approx(log_z, abs=1e-12)  # W e^W = z, in logs
    assert w[1] == pytest.approx(0.5671432904097838)  # the omega constant, W(1)


def test_near_monopoly_with_a_tiny_outside_good() -> None:
    """A 99.85% firm (|α| = 741 from a 0.9 margin) buys a 0.1% rival: log-space best
    responses, where the old solver divided by zero. The merged firm sets one markup."""
    r = simulate_logit_merger({"a": 99.85, "b": 0.1}, {"a": 1.0, "b": 1.0}, ["a", "b"],
                              calibration=("a", 0.9))  # fmt: skip
    assert r.foc_residual_post < 1e-10 and np.isfinite(list(r.post_prices.values())).all()
    mu = {k: r.post_prices[k] - r.costs[k] for k in r.products}
    assert mu["b"] == pytest.approx(mu["a"], rel=1e-12) and mu["a"] > 0.9  # a's margin was 0.9
    assert r.post_shares["b"] > 0


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"alpha": 0.1}, "finite negative"),
        ({"alpha": None}, "exactly one of alpha or calibration"),
        ({"alpha": -0.1, "calibration": ("1", 0.25)}, "exactly one of alpha or calibration"),
        ({"alpha": -0.01}, "not positive; |alpha| is too small"),
        ({"alpha": -0.1, "calibration": None, "market_size": 0}, "market_size"),
    ],
)
def test_simulation_input_errors(kwargs: dict, needle: str) -> None:
    with pytest.raises(MergerInputError, match=needle.replace("|", r"\|")):
        simulate_logit_merger(CASE_SHARES, CASE_PRICES, ["1", "2"], scale="fraction", **kwargs)


def test_simulation_share_and_firm_errors() -> None:
    with pytest.raises(MergerInputError, match="no outside good"):
        simulate_logit_merger({"a": 50, "b": 50}, {"a": 1, "b": 1}, ["a", "b"], alpha=-5)
    with pytest.raises(MergerInputError, match="not among owners"):
        simulate_logit_merger({"a": 40, "b": 40}, {"a": 1, "b": 1}, ["a", "z"], alpha=-5)
    with pytest.raises(MergerInputError, match="prices must be given"):
        simulate_logit_merger({"a": 40, "b": 40}, {"a": 1}, ["a", "b"], alpha=-5)
    with pytest.raises(MergerInputError, match="'b' must be > 0"):
        simulate_logit_merger({"a": 40, "b": 0}, {"a": 1, "b": 1}, ["a", "b"], alpha=-5)


@st.composite
def _markets(draw: st.DrawFn) -> tuple[dict, dict, float]:
    n = draw(st.integers(3, 6))
    raw = draw(st.lists(st.floats(0.02, 0.3), min_size=n, max_size=n))
    total = draw(st.floats(0.3, 0.95))
    shares = {f"p{i}": total * r / sum(raw) for i, r in enumerate(raw)}
    prices = {k: draw(st.floats(1.0, 100.0)) for k in shares}
    # |alpha| large enough that every implied margin 1/(|alpha|·p·(1 - s)) is below 1
    scale = draw(st.floats(1.5, 10.0))
    alpha = -scale / min(prices[k] * (1 - s) for k, s in shares.items())
    return shares, prices, alpha


@settings(max_examples=60, deadline=None)
@given(_markets())
def test_simulation_properties_on_random_markets(market: tuple[dict, dict, float]) -> None:
    shares, prices, alpha = market
    r = simulate_logit_merger(shares, prices, ["p0", "p1"], alpha=alpha, scale="fraction")
    assert r.foc_residual_pre < 1e-8 and r.foc_residual_post < 1e-8
    assert r.post_prices["p0"] > prices["p0"] and r.post_prices["p1"] > prices["p1"]
    for k in list(shares)[2:]:
        assert r.post_prices[k] >= prices[k] * (1 - 1e-12)
    assert all(c > 0 for c in r.costs.values())
    assert r.consumer_surplus_change <= 0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0.01, 1.0), min_size=3, max_size=6),
    st.sampled_from([0.5, 0.9, 0.99, 0.999]),
    st.floats(0.05, 0.95),
)
def test_interior_equilibrium_in_crowded_markets(raw: list, inside: float, margin: float) -> None:
    """Little outside good and high margins, where an undamped fixed point oscillates:
    every post-merger share stays positive and the share-normalised FOCs
    1 + α (μ_j − Σ_{l in j's firm} s_l μ_l) hold."""
    shares = {f"p{i}": inside * r / sum(raw) for i, r in enumerate(raw)}
    owners = {k: ("A" if i < 2 else k) for i, k in enumerate(shares)}  # A owns p0 and p1
    prices = dict.fromkeys(shares, 1.0)
    firm_share = {"A": shares["p0"] + shares["p1"], **{k: shares[k] for k in list(shares)[2:]}}
    largest = max(firm_share, key=firm_share.__getitem__)  # its margin is the highest
    r = simulate_logit_merger(shares, prices, ["A", "p2"], owners=owners, scale="fraction",
                              calibration=("p0" if largest == "A" else largest, margin))  # fmt: skip
    mu = {k: r.post_prices[k] - r.costs[k] for k in shares}
    for j in shares:
        firm = [k for k in shares if r.owners_post[r.products.index(k)] == r.owners_post[
            r.products.index(j)]]  # fmt: skip
        assert 1 + r.alpha * (mu[j] - sum(r.post_shares[k] * mu[k] for k in firm)) == (
            pytest.approx(0.0, abs=1e-9)
        )
    assert min(r.post_shares.values()) > 0
    assert all(r.post_prices[k] > prices[k] for k in ("p0", "p1", "p2"))
