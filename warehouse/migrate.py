"""Create or migrate the schema in an open writer session.

DDL runs only when something changed: a warehouse already at ``SCHEMA_VERSION`` whose
views match this code's ``VIEWS`` (their sha256 is kept in ``warehouse_meta``) is left
alone, so a refresh takes no DDL lock that readers would queue behind."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import pandas as pd
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

from warehouse.connection import Session, Warehouse
from warehouse.schema import (
    BENCHMARK_TEXT_COLUMNS,
    MATERIALIZED,
    SCHEMA_VERSION,
    VIEWS,
    materialized,
    metadata,
)

VIEWS_KEY = "views_sha256"


class SchemaError(RuntimeError):
    """The warehouse was written by a different schema version we cannot migrate."""


# version -> step that upgrades a warehouse from that version to version + 1.
def _add_listing_kind(session: Session) -> None:
    """1 -> 2: api_prices.kind (older rows stay NULL: unclassified until reloaded)."""
    session.execute("ALTER TABLE api_prices ADD COLUMN IF NOT EXISTS kind VARCHAR")


def _add_terms_and_unmapped(session: Session) -> None:
    """2 -> 3: api_prices.terms (older rows NULL: plain list prices) and the
    unmapped_names table (created by the CREATE TABLE IF NOT EXISTS pass)."""
    session.execute("ALTER TABLE api_prices ADD COLUMN IF NOT EXISTS terms TEXT")


def _add_price_date_basis(session: Session) -> None:
    """3 -> 4: api_prices.undated, endpoint and deprecated_on (older rows stay NULL:
    dated, no endpoint, not deprecated, until reloaded)."""
    session.execute("ALTER TABLE api_prices ADD COLUMN IF NOT EXISTS undated BOOLEAN")
    session.execute("ALTER TABLE api_prices ADD COLUMN IF NOT EXISTS endpoint TEXT")
    session.execute("ALTER TABLE api_prices ADD COLUMN IF NOT EXISTS deprecated_on DATE")


def _add_benchmark_context(session: Session) -> None:
    """4 -> 5: benchmarks.round, scenario, system, accelerators, precision, software,
    availability, division, derived, result_id, details_url; api_prices.official (older
    rows stay NULL)."""
    for name in BENCHMARK_TEXT_COLUMNS:
        session.execute(f"ALTER TABLE benchmarks ADD COLUMN IF NOT EXISTS {name} VARCHAR")
    session.execute("ALTER TABLE benchmarks ADD COLUMN IF NOT EXISTS accelerators INTEGER")
    session.execute("ALTER TABLE benchmarks ADD COLUMN IF NOT EXISTS derived BOOLEAN")
    session.execute("ALTER TABLE api_prices ADD COLUMN IF NOT EXISTS official BOOLEAN")


def _add_warehouse_meta(session: Session) -> None:
    """5 -> 6: ``warehouse_meta`` (data version, views hash); a new table, which the
    table DDL of ``ensure_schema`` creates."""


def _add_payload_profile(session: Session) -> None:
    """6 -> 7: loaded_payloads.rows_in, name, profile (the suspect-payload check's memory;
    older payloads have none, so the first new payload of each source is not compared)."""
    for column, kind in (("rows_in", "INTEGER"), ("name", "VARCHAR"), ("profile", "TEXT")):
        session.execute(f"ALTER TABLE loaded_payloads ADD COLUMN IF NOT EXISTS {column} {kind}")


def _add_fx_conversion(session: Session) -> None:
    """7 -> 8: api_prices.fx_usd_per_unit, fx_rate_date, fx_source (older rows stay NULL:
    published in USD) and the fx_rates table (created by the CREATE TABLE pass)."""
    for column, kind in (("fx_usd_per_unit", "DOUBLE PRECISION"), ("fx_rate_date", "DATE"),
                         ("fx_source", "VARCHAR")):  # fmt: skip
        session.execute(f"ALTER TABLE api_prices ADD COLUMN IF NOT EXISTS {column} {kind}")


MIGRATIONS: dict[int, Callable[[Session], None]] = {
    1: _add_listing_kind,
    2: _add_terms_and_unmapped,
    3: _add_price_date_basis,
    4: _add_benchmark_context,
    5: _add_warehouse_meta,
    6: _add_payload_profile,
    7: _add_fx_conversion,
}


def views_sha256() -> str:
    """A fingerprint of this code's view definitions (and of which are materialized)."""
    blob = json.dumps({"views": VIEWS, "materialized": MATERIALIZED}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _table_ddl() -> list[str]:
    # PostgreSQL DDL is also valid DuckDB DDL for the types used in schema.py.
    dialect = postgresql.dialect()
    return [
        str(CreateTable(table, if_not_exists=True).compile(dialect=dialect))
        for table in metadata.sorted_tables
    ]


def current_version(session: Session) -> int | None:
    """The warehouse's schema version, None before the first build. Looks the table up
    in the catalog first: a failing probe would abort an open PostgreSQL transaction."""
    if not session.has_table("schema_version"):
        return None
    value = session.query("SELECT MAX(version) AS v FROM schema_version").iat[0, 0]
    return None if pd.isna(value) else int(value)


def _stored_views_sha(session: Session) -> str | None:
    if not session.has_table("warehouse_meta"):
        return None
    df = session.query("SELECT value FROM warehouse_meta WHERE key = :k", {"k": VIEWS_KEY})
    return None if df.empty else str(df.iat[0, 0])


def _complete(session: Session) -> bool:
    """Every table and view of this code exists (one catalog query)."""
    found = session.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    )
    return set(metadata.tables) | set(VIEWS) <= set(found["table_name"])


def ensure_schema(session: Session) -> int:
    """Create missing tables, migrate older schemas, (re)create views when their
    definitions changed or one is missing. Returns the version. A no-op (three small
    reads, no DDL) when the warehouse is current."""
    version = current_version(session)
    if version is not None and version > SCHEMA_VERSION:
        raise SchemaError(
            f"This warehouse has schema version {version}, newer than this code's "
            f"{SCHEMA_VERSION}. Update Inference Atlas, or rebuild the warehouse with "
            "`python -m ingest refresh --offline --rebuild`."
        )
    current = version == SCHEMA_VERSION and _stored_views_sha(session) == views_sha256()
    if current and _complete(session):
        return SCHEMA_VERSION
    with session.transaction():
        _migrate(session, version)
        for ddl in _table_ddl():
            session.execute(ddl)
        _create_views(session)
        if version is None:
            session.execute(
                "INSERT INTO schema_version VALUES (:v, CURRENT_TIMESTAMP)", {"v": SCHEMA_VERSION}
            )
    return SCHEMA_VERSION


def _migrate(session: Session, version: int | None) -> None:
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


def _create_views(session: Session) -> None:
    """Drop the derived tables and views (their columns may have changed), create the
    views, record their fingerprint. The next ``materialize`` rebuilds the tables; until
    then queries read the views (``queries._sql.query_derived``)."""
    for view in MATERIALIZED:
        session.execute(f"DROP TABLE IF EXISTS {materialized(view)}")
    cascade = "" if session.duck else " CASCADE"  # PostgreSQL tracks view dependencies
    for name in reversed(list(VIEWS)):
        session.execute(f"DROP VIEW IF EXISTS {name}{cascade}")
    for name, sql in VIEWS.items():
        session.execute(f"CREATE VIEW {name} AS {sql}")
    session.execute("DELETE FROM warehouse_meta WHERE key = :k", {"k": VIEWS_KEY})
    session.execute(
        "INSERT INTO warehouse_meta (key, value, updated_at) VALUES (:k, :v, CURRENT_TIMESTAMP)",
        {"k": VIEWS_KEY, "v": views_sha256()},
    )


def materialize(session: Session) -> None:
    """Rebuild every derived table ``mv_<view>`` (``schema.MATERIALIZED``) as a snapshot
    of its view, so that pages read a table of the latest rows or the price changes
    instead of recomputing them over the whole history.

    DuckDB (a private copy of the file): drop and create. A server: replace the rows in
    one transaction (DELETE + INSERT), so readers keep reading the old rows until it
    commits instead of waiting for a dropped table.

    ``ingest.runner.refresh`` calls this after loading its sources; code that writes
    observation rows any other way must call it too (in the same writer session)."""
    with session.transaction():
        if not session.duck:
            # PostgreSQL estimates a window-filtered view (``rn = 1``) at one row and then
            # nests loops that recompute the other side per row: api_price_disagreements
            # took 110 s that way on the bundled snapshot, 0.25 s with hash joins. Only
            # for this transaction (SET LOCAL); pages read the derived tables.
            session.execute("SET LOCAL enable_nestloop = off")
        for view in MATERIALIZED:
            table = materialized(view)
            session.wrote(table)
            if not session.duck and session.has_table(table):
                session.execute(f"DELETE FROM {table}")
                session.execute(f"INSERT INTO {table} SELECT * FROM {view}")
                continue
            session.execute(f"DROP TABLE IF EXISTS {table}")
            session.execute(f"CREATE TABLE {table} AS SELECT * FROM {view}")


def needs_upgrade(wh: Warehouse) -> bool:
    """True when an existing warehouse lacks the current schema, views or derived
    tables (written by an older version); ``upgrade`` fixes it without a refresh."""
    try:
        version = wh.scalar("SELECT MAX(version) FROM schema_version")
        views = wh.scalar("SELECT value FROM warehouse_meta WHERE key = :k", {"k": VIEWS_KEY})
        for view in MATERIALIZED:
            wh.query(f"SELECT * FROM {materialized(view)} LIMIT 0")
    except Exception:  # noqa: BLE001 - any missing table or view means "upgrade"
        return True
    return version is None or int(version) < SCHEMA_VERSION or views != views_sha256()


def upgrade(wh: Warehouse) -> None:
    """Bring an existing warehouse to the current schema and rebuild derived tables."""
    with wh.writer() as session:
        ensure_schema(session)
        materialize(session)
