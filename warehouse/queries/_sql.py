"""SQL fragments shared by the query modules. Portable (DuckDB and PostgreSQL): values
always travel as bound parameters; only generated parameter names and table names
written in code enter the SQL text."""

from __future__ import annotations

from collections.abc import Sequence


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
