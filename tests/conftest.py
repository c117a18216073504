"""Shared fixtures: real DuckDB warehouses with the real schema."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from warehouse.connection import Warehouse, engine, normalize_url
from warehouse.migrate import ensure_schema


@pytest.fixture
def memory_warehouse() -> Warehouse:
    wh = Warehouse("duckdb:///:memory:")
    with wh.writer() as session:
        ensure_schema(session)
    return wh


@pytest.fixture(scope="session")
def offline_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """A DuckDB file built once per test session from the bundled snapshot."""
    from ingest.runner import refresh

    path: Path = tmp_path_factory.mktemp("warehouse") / "atlas.duckdb"
    wh = Warehouse(f"duckdb:///{path}")
    results = refresh(wh, offline=True, archive_dir=None)
    failed = {r.source: r.error for r in results if r.status == "failed"}
    assert not failed, f"offline refresh failed: {failed}"
    return wh


@pytest.fixture
def app_env(offline_warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch) -> Warehouse:
    """Point the app (AppTest) at the offline warehouse."""
    monkeypatch.setenv("ATLAS_DATABASE_URL", offline_warehouse.url)
    return offline_warehouse


# PostgreSQL: the tests in tests/postgres run against a real server given by URL
# (.ci/run starts a throwaway cluster and sets it). Without one they are skipped on a
# developer machine and fail in CI, where a missing server is a broken setup.
PG_URL_ENV = "ATLAS_TEST_PG_URL"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """The test server's URL (``ATLAS_TEST_PG_URL``); skip, or fail in CI, without it."""
    url = os.environ.get(PG_URL_ENV, "").strip()
    if not url:
        reason = (
            f"no PostgreSQL server: set {PG_URL_ENV}=postgresql://user@127.0.0.1:PORT/db "
            "to run the PostgreSQL tests (.ci/run starts a throwaway cluster)"
        )
        if _in_ci():
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    try:
        with sa.create_engine(normalize_url(url)).connect() as con:
            con.execute(sa.text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any connection error: say which server
        pytest.fail(f"{PG_URL_ENV}={url} does not answer: {exc}", pytrace=False)
    return url


@contextmanager
def _pg_schema(server_url: str) -> Iterator[Warehouse]:
    """A warehouse in a new, empty schema of the test database (dropped afterwards)."""
    schema = f"atlas_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(normalize_url(server_url), poolclass=sa.NullPool)
    with admin.begin() as con:
        con.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = sa.make_url(normalize_url(server_url)).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    )
    wh = Warehouse(url.render_as_string(hide_password=False))
    try:
        yield wh
    finally:
        engine(wh.url).dispose()
        with admin.begin() as con:
            for name in (schema, f"{schema}__rebuild", f"{schema}__replaced"):
                con.execute(sa.text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        admin.dispose()


@pytest.fixture
def pg_warehouse(pg_server_url: str) -> Iterator[Warehouse]:
    """An empty PostgreSQL warehouse (no schema yet), one per test."""
    with _pg_schema(pg_server_url) as wh:
        yield wh


@pytest.fixture(scope="session")
def pg_offline_warehouse(pg_server_url: str) -> Iterator[Warehouse]:
    """A PostgreSQL warehouse built once per test session from the bundled snapshot."""
    from ingest.runner import refresh

    with _pg_schema(pg_server_url) as wh:
        results = refresh(wh, offline=True, archive_dir=None)
        failed = {r.source: r.error for r in results if r.status == "failed"}
        assert not failed, f"offline refresh into PostgreSQL failed: {failed}"
        yield wh
