"""API token prices: blended price, price/speed Pareto frontier, price of intelligence, changes.

Pure pandas/numpy, no I/O. Prices are US dollars per 1,000,000 tokens (``usd_per_mtok``).
The blended price weighs input and output 3:1 (0.75 * input + 0.25 * output), the
convention of the Inference Atlas data model (DESIGN.md, ``api_prices``).
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import pandas as pd

from market.tco import InputError

BLEND_INPUT_WEIGHT = 0.75  # 3 input tokens per output token

Prices: TypeAlias = float | np.ndarray | pd.Series


def _count_negative(values: Prices) -> int:
    if not isinstance(values, pd.Series):
        values = pd.Series(np.atleast_1d(values), dtype="float64")
    return int(values.lt(0).sum())


def blended_price(
    input_usd_per_mtok: Prices,
    output_usd_per_mtok: Prices,
    input_weight: float = BLEND_INPUT_WEIGHT,
) -> Prices:
    """``input_weight`` x input + (1 - input_weight) x output, USD per 1M tokens.

    Works element-wise on numbers, numpy arrays and Series (missing values stay missing).
    Raises :class:`InputError` on negative prices or a weight outside [0, 1].
    """
    if not 0 <= input_weight <= 1:
        raise InputError(f"input_weight must be between 0 and 1 (got {input_weight!r})")
    for name, values in (("input", input_usd_per_mtok), ("output", output_usd_per_mtok)):
        if _count_negative(values):
            raise InputError(f"{name} price must not be negative (USD per 1M tokens)")
    return input_weight * input_usd_per_mtok + (1 - input_weight) * output_usd_per_mtok


def add_blended(
    df: pd.DataFrame,
    input_col: str = "input_usd_per_mtok",
    output_col: str = "output_usd_per_mtok",
    out_col: str = "blended_usd_per_mtok",
) -> pd.DataFrame:
    """A copy of ``df`` with a 3:1 blended-price column ``out_col``."""
    return df.assign(**{out_col: blended_price(df[input_col], df[output_col])})


def pareto_mask(df: pd.DataFrame, price_col: str = "price", speed_col: str = "speed") -> pd.Series:
    """True for rows on the price/speed frontier: no other row is as cheap and as fast
    with at least one of the two strictly better. Lower price and higher speed are better.

    Identical points are all on the frontier; rows missing either value are False.
    """
    price = pd.to_numeric(df[price_col]).to_numpy(dtype="float64", na_value=np.nan)
    speed = pd.to_numeric(df[speed_col]).to_numpy(dtype="float64", na_value=np.nan)
    valid = ~(np.isnan(price) | np.isnan(speed))
    p, s = price[valid], speed[valid]
    order = np.argsort(p, kind="stable")
    levels, starts = np.unique(p[order], return_index=True)
    level_max = np.maximum.reduceat(s[order], starts) if len(p) else np.array([])
    # fastest speed among strictly cheaper price levels
    cheaper_best = np.concatenate(([-np.inf], np.maximum.accumulate(level_max)[:-1]))
    level = np.searchsorted(levels, p)
    on_front = (s == level_max[level]) & (s > cheaper_best[level])
    mask = np.zeros(len(df), dtype=bool)
    mask[valid] = on_front
    return pd.Series(mask, index=df.index, name="pareto")


def price_of_intelligence(
    df: pd.DataFrame,
    threshold: float,
    period_col: str = "period",
    model_col: str = "model",
    price_col: str = "blended",
    index_col: str = "index",
) -> pd.DataFrame:
    """Cheapest model per period whose intelligence index is at least ``threshold``.

    The a16z "LLMflation" method (cheapest model meeting a benchmark threshold each
    month). Returns columns period, model, price, index (input names kept), one row per
    period that has a qualifying priced model, sorted by period; ties go to the model
    name that sorts first.
    """
    cols = [period_col, model_col, price_col, index_col]
    qualifying = df.loc[(df[index_col] >= threshold) & df[price_col].notna(), cols]
    cheapest = qualifying.sort_values([period_col, price_col, model_col], kind="stable")
    return cheapest.drop_duplicates(period_col, keep="first").reset_index(drop=True)


def price_changes(
    df: pd.DataFrame,
    key_cols: tuple[str, ...] = ("provider", "model_id"),
    time_col: str = "observed_at",
    price_col: str = "blended_usd_per_mtok",
) -> pd.DataFrame:
    """One row per observed price change of each key (e.g. provider x model).

    Columns: the keys, ``first_seen`` (time of the new price), ``old``, ``new`` and ``pct``
    = (new - old) / old. ``pct`` is NaN when the old price was 0 (free), where a relative
    change is undefined. Missing prices are skipped.
    """
    keys = list(key_cols)
    obs = df.loc[df[price_col].notna(), [*keys, time_col, price_col]]
    obs = obs.sort_values([*keys, time_col], kind="stable")
    old = obs.groupby(keys, sort=False)[price_col].shift(1)
    changed = old.notna() & (obs[price_col] != old)
    out = obs.loc[changed, [*keys, time_col]].rename(columns={time_col: "first_seen"})
    out["old"] = old[changed]
    out["new"] = obs.loc[changed, price_col]
    out["pct"] = (out["new"] - out["old"]) / out["old"].where(out["old"] != 0)
    return out.reset_index(drop=True)


def median_price_change(changes: pd.DataFrame, by: str | None = None) -> float | pd.Series:
    """Median of ``pct`` in a :func:`price_changes` frame, overall or per ``by`` group.

    Undefined changes (from a price of 0) are left out. NaN if nothing is left.
    """
    if by is None:
        return float(changes["pct"].median())
    return changes.groupby(by)["pct"].median()


def annual_decline_factor(start_price: float, end_price: float, years: float) -> float:
    """How many times cheaper per year: (start / end) ** (1 / years).

    a16z "LLMflation": $60 -> $0.06 per 1M tokens over 3 years is 10x per year.
    """
    if not (start_price > 0 and end_price > 0):
        raise InputError("prices must be positive USD per 1M tokens for a decline factor")
    if not years > 0:
        raise InputError(f"years must be positive (got {years!r})")
    return (start_price / end_price) ** (1 / years)


def conversion_note(currency: object, usd_per_unit: object, rate_date: object) -> str:
    """How a price published in another currency was converted, for a table cell: e.g.
    "CNY list price at USD 0.1483 per CNY (ECB rate of 2026-08-13)"; "" for USD prices."""
    if not isinstance(currency, str) or not currency or currency == "USD":
        return ""
    try:
        rate = float(usd_per_unit)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return f"{currency} list price (no stated rate)"
    day = str(rate_date)[:10] if rate_date is not None and str(rate_date) != "NaT" else "?"
    return f"{currency} list price at USD {rate:.4f} per {currency} (ECB rate of {day})"
