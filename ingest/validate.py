"""Checks between parse and write: plausibility for the kind and unit, and consensus.

1. Plausible ranges (``check_ranges``): a normalized value outside the range for its
   table, and for API prices for its *kind*, is held back. No text-generation model
   costs more than ``TEXT_MAX_USD_PER_MTOK`` ($1,000 per 1M tokens; the dearest list
   price in the bundled data, o1-pro / gpt-4.5 output, is $600): such values are unit
   slips (per token vs per 1K tokens). Other kinds (image or audio tokens) get the
   wider ``RANGES`` bound.
2. Consensus (``guard_anomalies``): a value that moves ``MOVE_FACTOR`` (10x) or more
   against the previous value of its series from the same source is judged against
   the consensus of the other sources: the median of their latest prices for the
   same provider, model and price type; failing that, for the same model at any
   provider (at least ``MIN_CONSENSUS`` values); failing that, the median of all
   current prices of that kind and price type. A move *toward* the consensus is a
   correction and loads (W&B $15,000 -> $0.03, watsonx $200 -> $0.2, Oracle grok-3
   output $0.15 -> $15); a move away is held. A first value ``FIRST_FACTOR`` (100x)
   away from a consensus of other sources is held too.
3. One entry, one decision: when any price of an entry (provider, model, observation)
   is held, all its prices are held with it, so an input price never loads without
   the output price it was published with.

Held rows go to the ``held_back`` table with the reason; the previous value stays
current, and ``warehouse.queries.quality.held_back_values`` lists what was held
beside the value still shown, so a held correction is never silent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from canon.kinds import TEXT
from warehouse.connection import Session

MOVE_FACTOR = 10.0
FIRST_FACTOR = 100.0
MIN_CONSENSUS = 2
TEXT_MAX_USD_PER_MTOK = 1_000.0

# Plausible ranges of normalized values (any kind); outside them a row is held back.
RANGES: dict[str, tuple[str, float, float]] = {
    "api_prices": ("usd_per_mtok", 0.0, 20_000.0),
    "gpu_prices": ("usd_per_gpu_hour", 0.0, 500.0),
    # USD per unit of a currency: none of the ECB's currencies is worth more than USD 10
    # or less than USD 0.000001 (a unit slip of 1e6 either way lands outside).
    "fx_rates": ("usd_per_unit", 1e-6, 10.0),
}
# Tighter upper bounds per API listing kind (USD per 1M tokens).
KIND_MAX: dict[str, float] = {TEXT: TEXT_MAX_USD_PER_MTOK}

# Series identity per table, for the consensus guard.
SERIES_KEYS: dict[str, list[str]] = {
    "api_prices": ["provider", "model_id", "price_type"],
    "gpu_prices": ["provider", "gpu", "pricing", "gpu_count", "region"],
}
# How a held row is named where it has no series for the consensus guard.
ITEM_KEYS: dict[str, list[str]] = {"fx_rates": ["currency", "observed_at"]}
# Rows published together (one entry); held together.
ENTRY_KEYS: dict[str, list[str]] = {
    "api_prices": ["provider", "model_id", "observed_at"],
}


@dataclass
class Held:
    """Rows held back from one table, with the reason per row."""

    table: str
    frame: pd.DataFrame  # columns: item, previous_value, new_value, reason


def _upper_bound(table: str, df: pd.DataFrame) -> pd.Series:
    high = RANGES[table][2]
    if table != "api_prices" or "kind" not in df.columns:
        return pd.Series(high, index=df.index)
    return df["kind"].map(KIND_MAX).fillna(high).clip(upper=high)


def check_ranges(table: str, df: pd.DataFrame) -> tuple[pd.DataFrame, Held | None]:
    """Split ``df`` into rows inside the plausible range for their kind and the rows
    held back (with the other prices of their entry)."""
    if table not in RANGES or df.empty:
        return df, None
    col, low, _ = RANGES[table]
    high = _upper_bound(table, df)
    bad = (df[col] < low) | (df[col] > high) | df[col].isna()
    if not bad.any():
        return df, None
    reasons = pd.Series("", index=df.index)
    kinds = df["kind"] if "kind" in df.columns else pd.Series("", index=df.index)
    reasons[bad] = [
        f"{col} {v:g} outside the plausible range [{low:g}, {h:g}] for kind {k}"
        for v, h, k in zip(df.loc[bad, col], high[bad], kinds[bad], strict=True)
    ]
    return _split(table, df, bad, reasons, pd.Series(np.nan, index=df.index))


def guard_anomalies(
    session: Session, table: str, source_id: str, df: pd.DataFrame
) -> tuple[pd.DataFrame, Held | None]:
    """Hold back rows whose value moved ``MOVE_FACTOR`` or more against the latest
    stored value of the same series from the same source, unless the move goes toward
    the other sources' consensus (a correction). API prices only are judged against a
    consensus; other tables hold every such move. Moves from or to zero are allowed
    (free tiers exist)."""
    if table not in SERIES_KEYS or df.empty:
        return df, None
    keys = SERIES_KEYS[table]
    col = RANGES[table][0]
    frame = df.reset_index(drop=True)
    previous = _previous(session, table, source_id, keys, col)
    if not previous.empty:
        frame = frame.merge(previous, on=keys, how="left", validate="many_to_one")
    else:
        frame["previous_value"] = np.nan
    prev = frame["previous_value"].to_numpy(dtype=float)
    new = frame[col].to_numpy(dtype=float)
    if table == "api_prices":
        model_cons, market = _consensus(session, source_id, frame)
    else:
        model_cons = market = np.full(len(frame), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((prev > 0) & (new > 0), new / prev, 1.0)
        size = np.abs(np.log(ratio))
        # Judged against the same model's consensus when there is one; a 100x move
        # without one against the market median of its kind (direction only).
        cons = np.where(~np.isnan(model_cons), model_cons, market)
        judged = (size >= np.log(MOVE_FACTOR)) & (
            ~np.isnan(model_cons) | (size >= np.log(FIRST_FACTOR))
        )
        toward = np.abs(np.log(new / cons)) < np.abs(np.log(prev / cons))
        first_off = (
            np.isnan(prev) & (new > 0) & (np.abs(np.log(new / model_cons)) >= np.log(FIRST_FACTOR))
        )
    held_move = judged & ~(toward & ~np.isnan(cons))
    bad = pd.Series(held_move | first_off, index=frame.index)
    frame = frame.drop(columns=["previous_value"])
    if not bad.any():
        return frame, None
    reasons = pd.Series("", index=frame.index)
    for i in np.flatnonzero(held_move):
        basis = (
            "the other sources' consensus"
            if not np.isnan(model_cons[i])
            else ("the market median of its kind")
        )
        reasons[i] = f"{col} moved {ratio[i]:.3g}x against the previous value " + (
            "with nothing to confirm it" if np.isnan(cons[i]) else f"away from {basis} {cons[i]:g}"
        )
    for i in np.flatnonzero(first_off & ~held_move):
        reasons[i] = (
            f"first value {new[i]:g} is {new[i] / model_cons[i]:.3g}x the other "
            f"sources' consensus {model_cons[i]:g}"
        )
    return _split(table, frame, bad, reasons, pd.Series(prev, index=frame.index))


def _previous(
    session: Session, table: str, source_id: str, keys: list[str], col: str
) -> pd.DataFrame:
    key_sql = ", ".join(keys)
    return session.query(
        f"""SELECT {key_sql}, {col} AS previous_value FROM (
                SELECT {key_sql}, {col}, ROW_NUMBER() OVER (
                    PARTITION BY {key_sql} ORDER BY observed_at DESC) AS rn
                FROM {table} WHERE source_id = :source) t
            WHERE rn = 1""",
        {"source": source_id},
    )


def _consensus(
    session: Session, source_id: str, frame: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray]:
    """Per row, (model consensus, market median). Model consensus: the median of the
    other sources' latest prices for the same provider, model and price type; else of
    the other (source, provider) pairs' latest prices for the same model and price type
    (>= MIN_CONSENSUS of them). Market median: of every latest positive price of the
    same kind and price type, this source's own listings of the judged models left out."""
    latest = session.query(
        """SELECT source_id, provider, model_id, price_type, kind, usd_per_mtok FROM (
               SELECT source_id, provider, model_id, price_type, kind, usd_per_mtok,
                   ROW_NUMBER() OVER (PARTITION BY source_id, provider, model_id, price_type
                                      ORDER BY observed_at DESC) AS rn
               FROM api_prices) t
           WHERE rn = 1 AND usd_per_mtok > 0"""
    )
    n = len(frame)
    if latest.empty:
        return np.full(n, np.nan), np.full(n, np.nan)
    keys = frame[["provider", "model_id", "price_type"]].assign(
        kind=frame["kind"] if "kind" in frame.columns else TEXT, row=np.arange(n)
    )
    own = (latest["source_id"] == source_id) & latest["model_id"].isin(set(frame["model_id"]))
    market = latest[~own].groupby(["kind", "price_type"], as_index=False)["usd_per_mtok"].median()
    weak = keys.merge(market, on=["kind", "price_type"], how="left").sort_values("row")
    others = latest[latest["source_id"] != source_id]
    same = others.groupby(["provider", "model_id", "price_type"], as_index=False)[
        "usd_per_mtok"
    ].median()
    strong = keys.merge(same, on=["provider", "model_id", "price_type"], how="left")
    strong_values = strong.sort_values("row")["usd_per_mtok"].to_numpy(dtype=float)
    pairs = keys.merge(
        latest[["source_id", "provider", "model_id", "price_type", "usd_per_mtok"]].rename(
            columns={"provider": "other_provider"}
        ),
        on=["model_id", "price_type"],
    )
    self_pair = (pairs["source_id"] == source_id) & (pairs["other_provider"] == pairs["provider"])
    stats = pairs[~self_pair].groupby("row")["usd_per_mtok"].agg(["median", "count"])
    by_model = stats.loc[stats["count"] >= MIN_CONSENSUS, "median"].reindex(range(n))
    model = np.where(np.isnan(strong_values), by_model.to_numpy(dtype=float), strong_values)
    return model, weak["usd_per_mtok"].to_numpy(dtype=float)


def _split(
    table: str,
    df: pd.DataFrame,
    bad: pd.Series,
    reasons: pd.Series,
    previous: pd.Series,
) -> tuple[pd.DataFrame, Held]:
    """Hold ``bad`` rows and the other rows of their entry; keep the rest."""
    col = RANGES[table][0]
    entry = ENTRY_KEYS.get(table)
    held_mask = bad.copy()
    if entry and all(c in df.columns for c in entry):
        ids = df[entry].astype(str).agg("|".join, axis=1)
        held_mask = ids.isin(set(ids[bad]))
        partner = held_mask & ~bad
        first_reason = dict(zip(ids[bad], reasons[bad], strict=True))
        reasons = reasons.copy()
        reasons[partner] = [
            f"held with the other prices of its entry ({first_reason[i]})" for i in ids[partner]
        ]
    rejected = df[held_mask]
    held = pd.DataFrame(
        {
            "item": _describe(table, rejected).to_numpy(),
            "previous_value": previous[held_mask].to_numpy(dtype=float),
            "new_value": rejected[col].to_numpy(),
            "reason": reasons[held_mask].to_numpy(),
        }
    )
    return df[~held_mask], Held(table, held)


def _describe(table: str, df: pd.DataFrame) -> pd.Series:
    keys = SERIES_KEYS.get(table) or ITEM_KEYS.get(table, [])
    if not keys:
        return pd.Series(["row"] * len(df), index=df.index)
    return df[keys].astype(str).agg(" | ".join, axis=1)
