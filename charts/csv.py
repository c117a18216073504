"""CSV exports that are safe to open in a spreadsheet."""

from __future__ import annotations

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with a quote (OWASP
    CSV-injection advice). Numbers are left alone; only strings are touched."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV of ``df`` with formula-like text cells neutralized."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralize)
    return out.to_csv(index=False).encode("utf-8")
