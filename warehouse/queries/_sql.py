"""SQL fragments shared by the query modules. Portable (DuckDB and PostgreSQL): values
always travel as bound parameters; only generated parameter names and table names
written in code enter the SQL text."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.schema import MATERIALIZED, MATERIALIZED_PREFIX, materialized

# A derived table's name in SQL text -> the view it snapshots (longest names first).
_DERIVED_NAME = re.compile(
    r"\b"
    + MATERIALIZED_PREFIX
    + "("
    + "|".join(sorted(MATERIALIZED, key=len, reverse=True))
    + r")\b"
)


def placeholders(prefix: str, values: Sequence[object], params: dict) -> str:
    """``:prefix0, :prefix1, …`` for an IN list; the values go into ``params``.

    Empty ``values`` give ``NULL``, so ``x IN (NULL)`` matches nothing."""
    if not values:
        return "NULL"
    names = [f"{prefix}{i}" for i in range(len(values))]
    params.update(zip(names, values, strict=True))
    return ", ".join(":" + n for n in names)


def in_filter(column: str, prefix: str, values: Sequence[object]) -> tuple[str, dict]:
    """``column IN (:prefix0, :prefix1, ...)`` and its parameters.

    Empty ``values`` mean no filter: ``("TRUE", {})``."""
    if not values:
        return "TRUE", {}
    params: dict = {}
    return f"{column} IN ({placeholders(prefix, values, params)})", params


def latest_load(table: str) -> str:
    """A query for the current rows of a curated ``table`` (reloaded whole on each
    refresh): each source's newest load. ``table`` is a name from code, never input."""
    return (
        f"SELECT * FROM {table} t WHERE observed_at = "
        f"(SELECT MAX(observed_at) FROM {table} t2 WHERE t2.source_id = t.source_id)"
    )


def mv(view: str) -> str:
    """The derived table holding a snapshot of ``view`` (``schema.MATERIALIZED``), for SQL
    run through :func:`query_derived`."""
    return materialized(view)


def on_views(sql: str) -> str:
    """``sql`` with every derived table (:func:`mv`) replaced by the view it snapshots."""
    return _DERIVED_NAME.sub(r"\1", sql)


def query_derived(wh: Warehouse, sql: str, params: dict | None = None) -> pd.DataFrame:
    """Run ``sql``, which reads derived tables (:func:`mv`), rebuilt at the end of every
    refresh. On a warehouse without them (built with ``ensure_schema`` and inserts, as
    tests do) run it on the views, which give the same rows, only slower on a long
    history. A file written before the derived tables existed also lacks some of those
    views: its next refresh (``python -m ingest refresh``) creates both."""
    try:
        return wh.query(sql, params)
    except Exception as exc:  # noqa: BLE001 - engines raise different missing-table errors
        if not _missing_derived(exc):
            raise
    return wh.query(on_views(sql), params)


def _missing_derived(exc: Exception) -> bool:
    message = str(exc)
    return "does not exist" in message and _DERIVED_NAME.search(message) is not None
