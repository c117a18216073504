"""Checks between parse and write: plausible ranges and the unit-anomaly guard.

A price that moves by ``ANOMALY_FACTOR`` (100x) or more against the previous value
of the same series from the same source is almost always a unit slip (per token
vs per 1M tokens, per instance vs per GPU). Such rows are held back in the
``held_back`` table, reported, and not loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from warehouse.connection import Session

ANOMALY_FACTOR = 100.0

# Plausible ranges of normalized values; outside them a row is held back.
RANGES: dict[str, tuple[str, float, float]] = {
    "api_prices": ("usd_per_mtok", 0.0, 20_000.0),
    "gpu_prices": ("usd_per_gpu_hour", 0.0, 500.0),
}

# Series identity per table, for the anomaly guard.
SERIES_KEYS: dict[str, list[str]] = {
    "api_prices": ["provider", "model_id", "price_type"],
    "gpu_prices": ["provider", "gpu", "pricing", "gpu_count", "region"],
}


@dataclass
class Held:
    """Rows held back from one table, with the reason per row."""

    table: str
    frame: pd.DataFrame  # columns: item, previous_value, new_value, reason


def check_ranges(table: str, df: pd.DataFrame) -> tuple[pd.DataFrame, Held | None]:
    """Split ``df`` into rows inside the plausible range and rows held back."""
    if table not in RANGES or df.empty:
        return df, None
    col, low, high = RANGES[table]
    bad = (df[col] < low) | (df[col] > high) | df[col].isna()
    if not bad.any():
        return df, None
    rejected = df[bad]
    held = pd.DataFrame(
        {
            "item": _describe(table, rejected),
            "previous_value": np.nan,
            "new_value": rejected[col].to_numpy(),
            "reason": f"{col} outside plausible range [{low:g}, {high:g}]",
        }
    )
    return df[~bad], Held(table, held)


def guard_anomalies(
    session: Session, table: str, source_id: str, df: pd.DataFrame
) -> tuple[pd.DataFrame, Held | None]:
    """Hold back rows whose value moved > 100x against the latest stored value of
    the same series from the same source. Moves from or to zero are allowed
    (free tiers exist)."""
    if table not in SERIES_KEYS or df.empty:
        return df, None
    keys = SERIES_KEYS[table]
    col = RANGES[table][0]
    key_sql = ", ".join(keys)
    previous = session.query(
        f"""SELECT {key_sql}, {col} AS previous_value FROM (
                SELECT {key_sql}, {col}, ROW_NUMBER() OVER (
                    PARTITION BY {key_sql} ORDER BY observed_at DESC) AS rn
                FROM {table} WHERE source_id = :source) t
            WHERE rn = 1""",
        {"source": source_id},
    )
    if previous.empty:
        return df, None
    merged = df.reset_index(drop=True).merge(previous, on=keys, how="left", validate="many_to_one")
    prev = merged["previous_value"].to_numpy(dtype=float)
    new = merged[col].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((prev > 0) & (new > 0), new / prev, 1.0)
    bad = (ratio >= ANOMALY_FACTOR) | (ratio <= 1.0 / ANOMALY_FACTOR)
    if not bad.any():
        return df, None
    rejected = merged[bad]
    held = pd.DataFrame(
        {
            "item": _describe(table, rejected),
            "previous_value": rejected["previous_value"].to_numpy(),
            "new_value": rejected[col].to_numpy(),
            "reason": f"{col} moved {ANOMALY_FACTOR:g}x or more against the previous value",
        }
    )
    kept = merged[~bad].drop(columns=["previous_value"])
    return kept, Held(table, held)


def _describe(table: str, df: pd.DataFrame) -> pd.Series:
    keys = SERIES_KEYS.get(table, [])
    if not keys:
        return pd.Series(["row"] * len(df), index=df.index)
    return df[keys].astype(str).agg(" | ".join, axis=1)
