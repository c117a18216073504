"""No duplicates from cumulative panels.

Some sources republish their whole history every day (the GPU tracker's panel, the
daily CSVs); their file's hash changes with each new day, so the payload-hash check
alone re-inserts every old row. Each observation table has a natural key, and a row
whose key is already stored for the same source is not inserted again, whatever else
changed in the file.
"""

from __future__ import annotations

import numbers

import pandas as pd

from warehouse.connection import Session

# table -> natural key (besides source_id): (provider, item, pricing, region, observed_at).
# The item includes what tells two listings of one model apart (the raw name, the kind,
# terms and endpoint where the schema has them: absent columns are left out).
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "api_prices": (
        "provider",
        "model_id",
        "source_model",
        "kind",
        "terms",
        "endpoint",
        "price_type",
        "observed_at",
    ),  # fmt: skip
    "gpu_prices": (
        "provider",
        "gpu",
        "source_gpu",
        "pricing",
        "gpu_count",
        "region",
        "observed_at",
    ),  # fmt: skip
    "benchmarks": (
        "provider",
        "model_id",
        "hardware",
        "metric",
        "stat",
        "workload",
        "observed_at",
    ),  # fmt: skip
    "usage": ("platform", "model_id", "provider", "window", "observed_at"),
    "hardware": ("accelerator", "observed_at"),
    "models": ("model_id", "observed_at"),
    "providers": ("provider", "observed_at"),
    "companies": ("company", "segment", "observed_at"),
    "market_shares": ("segment", "company", "period", "basis", "observed_at"),
    "fx_rates": ("currency", "observed_at"),
}


def key_columns(table: str, df: pd.DataFrame) -> list[str]:
    """The natural key of ``table`` (all data columns where none is declared)."""
    declared = NATURAL_KEYS.get(table)
    if declared is None:
        return [c for c in df.columns if c not in ("run_id", "source_id")]
    return [c for c in declared if c in df.columns]


def drop_loaded(session: Session, table: str, source_id: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` without the rows whose natural key is already stored for ``source_id``.

    Reads only the stored keys inside the frame's observed_at range, so the check
    costs one indexed-range scan, not the whole history."""
    if df.empty or "observed_at" not in df.columns:
        return df
    keys = key_columns(table, df)
    cols = ", ".join(f'"{c}"' for c in keys)
    stored = session.query(
        f"SELECT DISTINCT {cols} FROM {table} WHERE source_id = :s "
        "AND observed_at BETWEEN :lo AND :hi",
        {"s": source_id, "lo": df["observed_at"].min(), "hi": df["observed_at"].max()},
    )
    if stored.empty:
        return df
    left = _comparable(df[keys])
    right = _comparable(stored[keys]).drop_duplicates()
    marked = left.merge(right, on=keys, how="left", indicator=True)
    fresh = (marked["_merge"] == "left_only").to_numpy()
    return df[fresh]


def _comparable(df: pd.DataFrame) -> pd.DataFrame:
    """Key columns in one dtype per column on both sides (NULLs match NULLs)."""
    out = pd.DataFrame(index=range(len(df)))
    for col in df.columns:
        series = df[col].reset_index(drop=True)
        if col == "observed_at":
            out[col] = pd.to_datetime(series).astype("datetime64[us]")
        else:
            out[col] = series.astype(object).where(series.notna(), None).map(_text)
    return out


def _text(value: object) -> str | None:
    """One spelling per value: 8, 8.0 and np.int64(8) all read "8.0"."""
    if value is None:
        return None
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return repr(float(value))  # type: ignore[arg-type]
    return str(value)
