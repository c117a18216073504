"""Freshness per source: last success, last failure, rows, age."""

from __future__ import annotations

from datetime import date

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.schema import OBSERVATION_TABLES, metadata


def rows_per_source_sql() -> str:
    parts = [
        f"SELECT source_id, '{t}' AS table_name, COUNT(*) AS n FROM {t} GROUP BY source_id"
        for t in OBSERVATION_TABLES
    ]
    return " UNION ALL ".join(parts)


def _dated_tables() -> dict[str, bool]:
    """Observation table -> whether it has a curated ``source_date`` (the date its
    citation states; ``observed_at`` there is only the day the row was curated)."""
    return {t: "source_date" in metadata.tables[t].columns for t in OBSERVATION_TABLES}


def data_dates_sql() -> str:
    """Per source and table: the newest date of the data itself (curated tables: the
    newest ``source_date`` a citation states), and how many rows have no date of their
    own (curated rows without a source date; api_prices rows marked ``undated``).
    Dates are ISO text (a citation may state only '2025-06' or '2025')."""
    parts = []
    for t, curated in _dated_tables().items():
        if curated:
            parts.append(
                f"SELECT source_id, '{t}' AS table_name, "
                "MAX(NULLIF(source_date, '')) AS data_date, "
                "SUM(CASE WHEN NULLIF(source_date, '') IS NULL THEN 1 ELSE 0 END) AS n_undated "
                f"FROM {t} GROUP BY source_id"
            )
        else:
            undated = "COALESCE(undated, FALSE)" if t == "api_prices" else "FALSE"
            parts.append(
                f"SELECT source_id, '{t}' AS table_name, "
                "CAST(CAST(MAX(observed_at) AS DATE) AS VARCHAR) AS data_date, "
                f"SUM(CASE WHEN {undated} THEN 1 ELSE 0 END) AS n_undated "
                f"FROM {t} GROUP BY source_id"
            )
    return " UNION ALL ".join(parts)


def _start_of(text: object) -> pd.Timestamp:
    """'2025-06-15' / '2025-06' / '2025' -> its first day (NaT when missing)."""
    if text is None or text != text or not str(text).strip():
        return pd.NaT
    value = str(text).strip()[:10]
    return pd.Timestamp(value + {4: "-01-01", 7: "-01"}.get(len(value), ""))


def source_status(warehouse: Warehouse, today: date | None = None) -> pd.DataFrame:
    """One row per registered source with its freshness and row counts.

    ``data_date`` is the newest date of the source's data itself (when prices were
    observed or took effect; for curated rows, the newest date their citations state);
    ``last_success`` is when it was last loaded. ``age_days`` = ``today`` - ``data_date``
    (not the load time: a 2024 dataset loaded today is two years old). ``n_undated``:
    rows with no date of their own."""
    fresh = warehouse.query("SELECT * FROM source_freshness ORDER BY source_id")
    counts = warehouse.query(
        f"SELECT source_id, SUM(n) AS rows, STRING_AGG(table_name, ', ' ORDER BY table_name) AS tables "
        f"FROM ({rows_per_source_sql()}) c GROUP BY source_id"
    )
    dates = warehouse.query(
        f"SELECT source_id, MAX(data_date) AS data_date, SUM(n_undated) AS n_undated "
        f"FROM ({data_dates_sql()}) d GROUP BY source_id"
    )
    df = fresh.merge(counts, on="source_id", how="left").merge(dates, on="source_id", how="left")
    df["rows"] = df["rows"].fillna(0).astype(int)
    df["n_undated"] = df["n_undated"].fillna(0).astype(int)
    for col in ("last_success", "last_failure"):
        df[col] = pd.to_datetime(df[col]).dt.floor("s")
    df["data_date"] = pd.to_datetime(df["data_date"].map(_start_of))  # all-empty: NaT
    day = pd.Timestamp(today or date.today())
    df["age_days"] = (day - df["data_date"]).dt.days.astype("Int64")
    cols = [
        "source_id",
        "kind",
        "last_status",
        "data_date",
        "age_days",
        "last_success",
        "last_failure",
        "rows",
        "n_undated",
        "tables",
        "last_error",
    ]
    return df[cols]


def table_counts(warehouse: Warehouse) -> pd.DataFrame:
    """Row count per observation table."""
    sql = " UNION ALL ".join(
        f"SELECT '{t}' AS table_name, COUNT(*) AS rows FROM {t}" for t in OBSERVATION_TABLES
    )
    return warehouse.query(sql)
