"""Tests for market.pricing: blended price, Pareto frontier, price of intelligence, changes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from market.pricing import (
    add_blended,
    annual_decline_factor,
    blended_price,
    median_price_change,
    pareto_mask,
    price_changes,
    price_of_intelligence,
)
from market.tco import InputError

usd = st.floats(min_value=0, max_value=1000, allow_nan=False)


# --- blended price ----------------------------------------------------------------------


def test_blended_is_three_to_one():
    assert blended_price(3.0, 15.0) == pytest.approx(6.0)  # 0.75 x 3 + 0.25 x 15
    assert blended_price(1.0, 1.0, input_weight=0.5) == 1.0


@given(usd, usd)
def test_blended_lies_between_input_and_output(inp, out):
    value = blended_price(inp, out)
    assert min(inp, out) - 1e-9 <= value <= max(inp, out) + 1e-9


def test_blended_vectorized_on_series_and_arrays_keeps_missing():
    inp = pd.Series([1.0, 2.0, np.nan], index=["a", "b", "c"])
    out = pd.Series([5.0, 2.0, 4.0], index=["a", "b", "c"])
    result = blended_price(inp, out)
    assert list(result.index) == ["a", "b", "c"]
    assert result.iloc[:2].tolist() == [2.0, 2.0]
    assert math.isnan(result.iloc[2])
    np.testing.assert_allclose(blended_price(np.array([4.0]), np.array([8.0])), [5.0])


def test_add_blended_returns_copy_with_column():
    df = pd.DataFrame({"input_usd_per_mtok": [0.5, 2.0], "output_usd_per_mtok": [1.5, 10.0]})
    out = add_blended(df)
    assert out["blended_usd_per_mtok"].tolist() == [0.75, 4.0]
    assert "blended_usd_per_mtok" not in df.columns


def test_blended_rejects_negative_prices_and_bad_weight():
    with pytest.raises(InputError, match="output price must not be negative"):
        blended_price(pd.Series([1.0, 2.0]), pd.Series([1.0, -2.0]))
    with pytest.raises(InputError, match="input price must not be negative"):
        blended_price(-1.0, 2.0)
    with pytest.raises(InputError, match="input_weight must be between 0 and 1"):
        blended_price(1.0, 2.0, input_weight=75)


# --- Pareto frontier --------------------------------------------------------------------


def test_pareto_mask_on_hand_made_frame():
    df = pd.DataFrame(
        {
            "model": ["A", "B", "C", "D", "E", "F", "G", "H", "I"],
            "price": [1.0, 2.0, 2.0, 3.0, 0.5, 4.0, np.nan, 1.0, 5.0],
            "speed": [10.0, 20.0, 15.0, 20.0, 5.0, 50.0, 100.0, 10.0, 40.0],
        },
        index=[10, 11, 12, 13, 14, 15, 16, 17, 18],
    )
    mask = pareto_mask(df)
    assert list(mask.index) == list(df.index)
    # C slower than B at the same price; D as fast as B but dearer; I dominated by F;
    # G has no price; H duplicates A, so both stay.
    assert df.loc[mask, "model"].tolist() == ["A", "B", "E", "F", "H"]


def test_pareto_mask_empty_and_custom_columns():
    empty = pd.DataFrame({"price": [], "speed": []}, dtype="float64")
    assert pareto_mask(empty).tolist() == []
    df = pd.DataFrame({"blended": [1.0, 2.0], "tps": [100.0, 50.0]})
    assert pareto_mask(df, "blended", "tps").tolist() == [True, False]


def _brute_force_front(prices, speeds):
    points = list(zip(prices, speeds, strict=True))
    return [
        not any(q[0] <= p[0] and q[1] >= p[1] and (q[0] < p[0] or q[1] > p[1]) for q in points)
        for p in points
    ]


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=25))
def test_pareto_mask_matches_brute_force(points):
    prices = [float(p) for p, _ in points]
    speeds = [float(s) for _, s in points]
    df = pd.DataFrame({"price": prices, "speed": speeds}, dtype="float64")
    assert pareto_mask(df).tolist() == _brute_force_front(prices, speeds)


# --- price of intelligence --------------------------------------------------------------


def test_price_of_intelligence_picks_cheapest_above_threshold():
    df = pd.DataFrame(
        {
            "period": ["2024-01", "2024-01", "2024-01", "2024-02", "2024-02", "2024-03"],
            "model": ["big", "small", "mid", "zeta", "alpha", "weak"],
            "blended": [10.0, 0.1, 2.0, 1.0, 1.0, 0.01],
            "index": [80, 40, 60, 70, 60, 10],
        }
    )
    result = price_of_intelligence(df, threshold=60)
    assert result.columns.tolist() == ["period", "model", "blended", "index"]
    # small is cheapest but below 60; mid meets the threshold exactly; alpha wins the tie
    # on name; 2024-03 has no qualifying model, so it is absent.
    assert result[["period", "model", "blended"]].values.tolist() == [
        ["2024-01", "mid", 2.0],
        ["2024-02", "alpha", 1.0],
    ]


# --- price changes ----------------------------------------------------------------------


def _observations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "provider": ["p", "p", "p", "p", "q", "q", "q"],
            "model_id": ["m", "m", "m", "m", "m", "m", "m"],
            "observed_at": pd.to_datetime(
                ["2025-01-03", "2025-01-01", "2025-01-02", "2025-01-04"]
                + ["2025-01-01", "2025-01-02", "2025-01-03"]
            ),
            "blended_usd_per_mtok": [2.0, 4.0, 4.0, np.nan, 0.0, 1.0, 0.5],
        }
    )


def test_price_changes_by_hand():
    changes = price_changes(_observations())
    assert changes.columns.tolist() == ["provider", "model_id", "first_seen", "old", "new", "pct"]
    rows = changes[["provider", "old", "new"]].values.tolist()
    assert rows == [["p", 4.0, 2.0], ["q", 0.0, 1.0], ["q", 1.0, 0.5]]
    assert changes["first_seen"].tolist() == list(
        pd.to_datetime(["2025-01-03", "2025-01-02", "2025-01-03"])
    )
    assert changes["pct"].iloc[0] == -0.5
    assert math.isnan(changes["pct"].iloc[1])  # from free: relative change undefined
    assert changes["pct"].iloc[2] == -0.5


def test_median_price_change_overall_and_by_group():
    changes = pd.DataFrame({"provider": ["p", "p", "q"], "pct": [-0.5, -0.1, np.nan]})
    assert median_price_change(changes) == pytest.approx(-0.3)
    by = median_price_change(changes, by="provider")
    assert by["p"] == pytest.approx(-0.3)
    assert math.isnan(by["q"])


def test_annual_decline_factor_reproduces_llmflation():
    # a16z "LLMflation": $60 (Nov 2021) -> $0.06 (Nov 2024) per 1M tokens, "10x every year"
    assert annual_decline_factor(60, 0.06, 3) == pytest.approx(10.0)
    with pytest.raises(InputError, match="years must be positive"):
        annual_decline_factor(60, 0.06, 0)
    with pytest.raises(InputError, match="prices must be positive"):
        annual_decline_factor(60, 0.0, 3)
