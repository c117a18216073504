"""Create or migrate the schema in an open writer session."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

from warehouse.connection import Session
from warehouse.schema import SCHEMA_VERSION, VIEWS, metadata


class SchemaError(RuntimeError):
    """The warehouse was written by a different schema version we cannot migrate."""


# version -> step that upgrades a warehouse from that version to version + 1.
MIGRATIONS: dict[int, Callable[[Session], None]] = {}


def _table_ddl() -> list[str]:
    # PostgreSQL DDL is also valid DuckDB DDL for the types used in schema.py.
    dialect = postgresql.dialect()
    return [
        str(CreateTable(table, if_not_exists=True).compile(dialect=dialect))
        for table in metadata.sorted_tables
    ]


def current_version(session: Session) -> int | None:
    try:
        df = session.query("SELECT MAX(version) AS v FROM schema_version")
    except Exception:  # noqa: BLE001 - table missing means "no schema yet" on any engine
        return None
    value = df.iat[0, 0]
    return None if value is None or value != value else int(value)


def ensure_schema(session: Session) -> int:
    """Create missing tables, migrate older schemas, refresh views. Returns the version."""
    version = current_version(session)
    if version is not None and version > SCHEMA_VERSION:
        raise SchemaError(
            f"This warehouse has schema version {version}, newer than this code's "
            f"{SCHEMA_VERSION}. Update Inference Atlas, or rebuild the warehouse with "
            "`python -m ingest refresh --offline --rebuild`."
        )
    while version is not None and version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SchemaError(
                f"No migration from schema version {version} to {SCHEMA_VERSION}. "
                "Rebuild the warehouse with `python -m ingest refresh --offline --rebuild` "
                "(live history since the last snapshot would be lost; back up the file first)."
            )
        step(session)
        version += 1
        session.execute("INSERT INTO schema_version VALUES (:v, CURRENT_TIMESTAMP)", {"v": version})
    for ddl in _table_ddl():
        session.execute(ddl)
    for name, sql in VIEWS.items():
        session.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
    if version is None:
        session.execute(
            "INSERT INTO schema_version VALUES (:v, CURRENT_TIMESTAMP)", {"v": SCHEMA_VERSION}
        )
    return SCHEMA_VERSION
