"""The reader/writer mechanism on a real DuckDB file: a reader never blocks a
refresh, a refresh never breaks a reader, and two refreshes cannot overlap."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from warehouse.connection import Warehouse, WarehouseBusy, WarehouseMissing, _refresh_lock
from warehouse.migrate import SchemaError, ensure_schema
from warehouse.schema import SCHEMA_VERSION


def _write_prices(wh: Warehouse, value: float) -> None:
    with wh.writer() as s:
        ensure_schema(s)
        s.execute(
            "INSERT INTO api_prices (source_id, run_id, observed_at, provider, model_id, "
            "price_type, usd_per_mtok, raw_value, raw_unit) VALUES "
            "('t', :run, CURRENT_TIMESTAMP, 'Acme', 'm', 'input', :v, :v, 'USD/1M tokens')",
            {"v": value, "run": f"r{value}"},
        )


READER = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("SELECT COUNT(*) FROM api_prices").fetchone()[0], flush=True)
    sys.stdin.readline()  # hold the connection open until told to go on
    print(con.execute("SELECT COUNT(*) FROM api_prices").fetchone()[0], flush=True)
    """
)


def test_open_reader_does_not_block_refresh_and_keeps_its_view(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    wh = Warehouse(f"duckdb:///{db}")
    _write_prices(wh, 1.0)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "1"
        _write_prices(wh, 2.0)  # would raise an IOException if the reader blocked it
        assert wh.scalar("SELECT COUNT(*) FROM api_prices") == 2  # new readers: new file
        out, _ = reader.communicate("go\n", timeout=30)
        assert out.strip() == "1"  # the open reader kept a consistent (old) view
    finally:
        reader.kill()
    assert not list(tmp_path.glob("*.building-*"))


def test_failed_refresh_leaves_the_old_file_untouched(tmp_path: Path) -> None:
    wh = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    _write_prices(wh, 1.0)
    with pytest.raises(RuntimeError, match="crash"), wh.writer() as s:
        s.execute("DELETE FROM api_prices")
        raise RuntimeError("crash mid-refresh")
    assert wh.scalar("SELECT COUNT(*) FROM api_prices") == 1
    assert not list(tmp_path.glob("*.building-*"))


def test_two_refreshes_cannot_overlap(tmp_path: Path) -> None:
    wh = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    with (
        _refresh_lock(tmp_path / ".refresh.lock"),
        pytest.raises(WarehouseBusy, match="Another refresh"),
    ):
        _write_prices(wh, 1.0)
    _write_prices(wh, 1.0)  # lock released: works


def test_missing_file_says_how_to_build_it(tmp_path: Path) -> None:
    wh = Warehouse(f"duckdb:///{tmp_path / 'none.duckdb'}")
    with pytest.raises(WarehouseMissing, match="refresh --offline"):
        wh.query("SELECT 1")


def test_schema_version_row_and_newer_file_is_refused(memory_warehouse: Warehouse) -> None:
    assert memory_warehouse.scalar("SELECT MAX(version) FROM schema_version") == SCHEMA_VERSION
    with memory_warehouse.writer() as s:
        s.execute("INSERT INTO schema_version VALUES (:v, CURRENT_TIMESTAMP)", {"v": 99})
        with pytest.raises(SchemaError, match="newer than this code"):
            ensure_schema(s)


def test_older_schema_without_migration_says_what_to_do(memory_warehouse: Warehouse) -> None:
    with memory_warehouse.writer() as s:
        s.execute("DELETE FROM schema_version")
        s.execute("INSERT INTO schema_version VALUES (0, CURRENT_TIMESTAMP)")
        with pytest.raises(SchemaError, match="--rebuild"):
            ensure_schema(s)


def test_url_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"duckdb:///{tmp_path / 'x.duckdb'}")
    assert Warehouse().path == tmp_path / "x.duckdb"


def test_schema_2_warehouse_migrates_to_terms_and_unmapped_names(
    memory_warehouse: Warehouse,
) -> None:
    """A v2 file (api_prices.kind, no terms, no unmapped_names) upgrades in place; rows
    it holds keep their kind and get no terms (plain list prices)."""
    with memory_warehouse.writer() as s:
        s.execute("DROP TABLE unmapped_names")
        s.execute("ALTER TABLE api_prices DROP COLUMN terms")
        s.execute(
            "INSERT INTO api_prices (source_id, run_id, observed_at, provider, model_id, "
            "price_type, usd_per_mtok, raw_value, raw_unit, kind) VALUES ('s', 'r', "
            "TIMESTAMP '2026-01-01', 'Acme', 'm', 'input', 1.0, 1.0, 'USD/1M tokens', 'text')"
        )
        s.execute("DELETE FROM schema_version")
        s.execute("INSERT INTO schema_version VALUES (2, CURRENT_TIMESTAMP)")
        assert ensure_schema(s) == SCHEMA_VERSION
    rows = memory_warehouse.query("SELECT kind, terms FROM api_prices")
    assert rows.to_dict("records") == [{"kind": "text", "terms": None}]
    assert memory_warehouse.query("SELECT * FROM unmapped_names").empty
