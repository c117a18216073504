"""Schema upgrades and fresh rebuilds on DuckDB (PostgreSQL: tests/postgres)."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.connection import Warehouse
from warehouse.migrate import VIEWS_KEY, ensure_schema, needs_upgrade, views_sha256
from warehouse.schema import SCHEMA_VERSION


def _file(tmp_path: Path) -> Warehouse:
    wh = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    with wh.writer() as s:
        ensure_schema(s)
        s.execute(
            "INSERT INTO companies (source_id, run_id, observed_at, company, segment) "
            "VALUES ('t', 'r', CURRENT_TIMESTAMP, 'Acme', 'model_api')"
        )
    return wh


def test_version_2_file_gets_the_meta_table_and_its_views_recorded(tmp_path: Path) -> None:
    wh = _file(tmp_path)
    with wh.writer() as s:  # what a file written by schema version 2 looks like
        s.execute("DROP TABLE warehouse_meta")
        s.execute("DELETE FROM schema_version")
        s.execute("INSERT INTO schema_version VALUES (2, CURRENT_TIMESTAMP)")
    assert needs_upgrade(wh)
    with wh.writer() as s:
        assert ensure_schema(s) == SCHEMA_VERSION
    assert wh.scalar("SELECT MAX(version) FROM schema_version") == SCHEMA_VERSION
    stored = wh.scalar("SELECT value FROM warehouse_meta WHERE key = :k", {"k": VIEWS_KEY})
    assert stored == views_sha256()
    assert wh.scalar("SELECT COUNT(*) FROM companies") == 1  # data kept


def test_data_version_changes_with_every_writer(tmp_path: Path) -> None:
    wh = _file(tmp_path)
    first = wh.data_version()
    with wh.writer():
        pass
    assert wh.data_version() != first
    assert int(wh.scalar("SELECT value FROM warehouse_meta WHERE key = 'data_version'")) == 2


def test_fresh_writer_starts_empty_and_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    wh = _file(tmp_path)
    with pytest.raises(RuntimeError, match="crash"), wh.writer(fresh=True) as s:
        ensure_schema(s)
        raise RuntimeError("crash mid-rebuild")
    assert wh.scalar("SELECT COUNT(*) FROM companies") == 1
    with wh.writer(fresh=True) as s:
        ensure_schema(s)
    assert wh.scalar("SELECT COUNT(*) FROM companies") == 0
    assert not list(tmp_path.glob("*.building-*"))
