"""Create or migrate the schema in an open writer session."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

from warehouse.connection import Session, Warehouse
from warehouse.schema import MATERIALIZED, SCHEMA_VERSION, VIEWS, materialized, metadata


class SchemaError(RuntimeError):
    """The warehouse was written by a different schema version we cannot migrate."""


# version -> step that upgrades a warehouse from that version to version + 1.
def _add_listing_kind(session: Session) -> None:
    """1 -> 2: api_prices.kind (older rows stay NULL: unclassified until reloaded)."""
    session.execute("ALTER TABLE api_prices ADD COLUMN kind VARCHAR")


def _add_payload_profile(session: Session) -> None:
    """2 -> 3: loaded_payloads.rows_in, name, profile (the suspect-payload check's memory;
    older payloads have none, so the first new payload of each source is not compared)."""
    for column, kind in (("rows_in", "INTEGER"), ("name", "VARCHAR"), ("profile", "TEXT")):
        session.execute(f"ALTER TABLE loaded_payloads ADD COLUMN IF NOT EXISTS {column} {kind}")


MIGRATIONS: dict[int, Callable[[Session], None]] = {1: _add_listing_kind, 2: _add_payload_profile}


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


def materialize(session: Session) -> None:
    """Rebuild every derived table ``mv_<view>`` (``schema.MATERIALIZED``) as a snapshot
    of its view, so that pages read a table of the latest rows or the price changes
    instead of recomputing them over the whole history.

    ``ingest.runner.refresh`` calls this after loading its sources; code that writes
    observation rows any other way must call it too (in the same writer session)."""
    with session.transaction():
        for view in MATERIALIZED:
            table = materialized(view)
            session.execute(f"DROP TABLE IF EXISTS {table}")
            session.execute(f"CREATE TABLE {table} AS SELECT * FROM {view}")


def needs_upgrade(wh: Warehouse) -> bool:
    """True when an existing warehouse lacks the current views or derived tables
    (a file written by an older version); ``upgrade`` fixes it without a refresh."""
    try:
        version = wh.scalar("SELECT MAX(version) FROM schema_version")
        for view in MATERIALIZED:
            wh.query(f"SELECT * FROM {materialized(view)} LIMIT 0")
    except Exception:  # noqa: BLE001 - any missing table or view means "upgrade"
        return True
    return version is None or int(version) < SCHEMA_VERSION


def upgrade(wh: Warehouse) -> None:
    """Bring an existing warehouse to the current schema and rebuild derived tables."""
    with wh.writer() as session:
        ensure_schema(session)
        materialize(session)
