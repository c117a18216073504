"""CSV exports that are safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import re

import pandas as pd

# A cell (or any line inside it: spreadsheets split on a bare \r or \n) that starts,
# after optional whitespace, with one of = + - @, or that starts with a tab or a line
# break, is run as a formula by some spreadsheet (OWASP CSV injection).
_FORMULA = re.compile(r"(^|[\r\n])(?=[\t\r\n ]*[=+\-@]|[\t\r\n])")


def neutralize(value: object) -> object:
    """Prefix every formula-like line of a text cell with a quote. Numbers are left
    alone; only strings are touched."""
    if isinstance(value, str):
        return _FORMULA.sub(r"\1'", value)
    return value


def safe_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV of ``df`` with formula-like text cells neutralized; any cell holding a
    line break is quoted (``\\r\\n`` line ends make the writer quote a bare ``\\r`` too)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralize)
    return out.to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).encode("utf-8")
