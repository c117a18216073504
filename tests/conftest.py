"""Shared fixtures: real DuckDB warehouses with the real schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.connection import Warehouse
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
