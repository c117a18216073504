"""Freshness per source: last success, last failure, rows, age."""

from __future__ import annotations

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.schema import OBSERVATION_TABLES


def rows_per_source_sql() -> str:
    parts = [
        f"SELECT source_id, '{t}' AS table_name, COUNT(*) AS n FROM {t} GROUP BY source_id"
        for t in OBSERVATION_TABLES
    ]
    return " UNION ALL ".join(parts)


def source_status(warehouse: Warehouse) -> pd.DataFrame:
    """One row per registered source with its freshness and row counts."""
    fresh = warehouse.query("SELECT * FROM source_freshness ORDER BY source_id")
    counts = warehouse.query(
        f"SELECT source_id, SUM(n) AS rows, STRING_AGG(table_name, ', ' ORDER BY table_name) AS tables "
        f"FROM ({rows_per_source_sql()}) c GROUP BY source_id"
    )
    df = fresh.merge(counts, on="source_id", how="left")
    df["rows"] = df["rows"].fillna(0).astype(int)
    now = pd.Timestamp.now(tz="UTC").tz_localize(None)
    for col in ("last_success", "last_failure"):
        df[col] = pd.to_datetime(df[col]).dt.floor("s")
    df["age_days"] = (now - df["last_success"]).dt.days
    cols = [
        "source_id",
        "kind",
        "last_status",
        "last_success",
        "last_failure",
        "rows",
        "age_days",
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
