"""Questions about the warehouse itself: sources, runs, freshness."""

from __future__ import annotations

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.status import data_dates_sql, source_status, table_counts


def sources(wh: Warehouse) -> pd.DataFrame:
    """Every registered source with its provenance and license."""
    return wh.query(
        "SELECT source_id, title, kind, url, license, attribution, description "
        "FROM sources ORDER BY source_id"
    )


def freshness(wh: Warehouse) -> pd.DataFrame:
    """Per source: last status, newest data date and its age in days (today - data
    date, not the load time), last success (load) / failure, rows, undated rows, last
    error."""
    return source_status(wh)


def data_dates(wh: Warehouse) -> pd.DataFrame:
    """Per observation table: the newest date of the data itself (``data_date``, ISO
    text; curated tables: the newest date a citation states) and the rows without a
    date of their own (``n_undated``)."""
    return wh.query(
        f"SELECT table_name, MAX(data_date) AS data_date, SUM(n_undated) AS n_undated "
        f"FROM ({data_dates_sql()}) d GROUP BY table_name ORDER BY table_name"
    )


def counts(wh: Warehouse) -> pd.DataFrame:
    return table_counts(wh)


def runs(wh: Warehouse, limit: int = 500) -> pd.DataFrame:
    """The ingest run history, newest first."""
    return wh.query(
        "SELECT run_id, source_id, mode, started_at, finished_at, status, rows_in, rows_new, "
        "rows_held, skipped, error FROM ingest_runs ORDER BY started_at DESC LIMIT :n",
        {"n": limit},
    )


def as_of(wh: Warehouse) -> pd.DataFrame:
    """When the data was last refreshed and the newest observation in it."""
    return wh.query(
        "SELECT (SELECT MAX(finished_at) FROM ingest_runs WHERE status = 'ok') AS last_refresh, "
        "(SELECT MAX(observed_at) FROM api_prices) AS newest_api_price, "
        "(SELECT MAX(observed_at) FROM gpu_prices) AS newest_gpu_price"
    )


def failed_sources(wh: Warehouse) -> pd.DataFrame:
    """Sources whose most recent non-skipped run failed."""
    return wh.query(
        "SELECT source_id, title, last_failure, last_error FROM source_freshness "
        "WHERE last_status = 'failed' ORDER BY source_id"
    )


def held_back(wh: Warehouse) -> pd.DataFrame:
    return wh.query("SELECT * FROM held_back ORDER BY run_id DESC")


def _checked(name: str) -> str:
    from warehouse.schema import OBSERVATION_TABLES

    if name not in OBSERVATION_TABLES:
        raise ValueError(f"unknown table {name!r}; choose one of {', '.join(OBSERVATION_TABLES)}")
    return name


def table(wh: Warehouse, name: str) -> pd.DataFrame:
    """A whole observation table for download (name checked against the schema)."""
    return wh.query(f"SELECT * FROM {_checked(name)}")


def table_preview(wh: Warehouse, name: str, limit: int = 200) -> pd.DataFrame:
    """The newest ``limit`` rows of a table, for display (never the whole table)."""
    return wh.query(
        f"SELECT * FROM {_checked(name)} ORDER BY observed_at DESC LIMIT :n", {"n": limit}
    )


def table_shape(wh: Warehouse, name: str) -> pd.DataFrame:
    return wh.query(f"SELECT COUNT(*) AS n_rows FROM {_checked(name)}")
