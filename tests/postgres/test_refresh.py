"""The refresh of every source from the bundled snapshot on PostgreSQL, reruns, --rebuild."""

from __future__ import annotations

import pytest

from ingest import cli
from ingest.registry import all_sources
from ingest.runner import refresh
from warehouse.connection import Warehouse
from warehouse.queries.meta import counts, runs

pytestmark = pytest.mark.postgres


def test_every_source_loads_the_same_rows_as_on_duckdb(
    pg_offline_warehouse: Warehouse, offline_warehouse: Warehouse
) -> None:
    ok = runs(pg_offline_warehouse).query("status == 'ok'")["source_id"]
    assert sorted(ok) == sorted(all_sources())
    pg = counts(pg_offline_warehouse).set_index("table_name")["rows"].to_dict()
    duck = counts(offline_warehouse).set_index("table_name")["rows"].to_dict()
    assert pg == duck
    assert pg["gpu_prices"] > 30_000  # one source's frame is beyond 65,535 parameters


def test_rerun_of_the_same_payloads_adds_nothing(pg_warehouse: Warehouse) -> None:
    names = ["openrouter_rankings", "curated_companies", "llm_prices"]
    first = refresh(pg_warehouse, names, offline=True, archive_dir=None)
    assert all(r.status == "ok" and r.rows_new > 0 for r in first)
    again = refresh(pg_warehouse, names, offline=True, archive_dir=None)
    assert [r.rows_new for r in again] == [0, 0, 0]


def test_rebuild_swaps_a_fresh_schema_in(pg_warehouse: Warehouse) -> None:
    assert cli.main(["--db", pg_warehouse.url, "refresh", "--offline", "curated_companies"]) == 0
    with pg_warehouse.writer() as s:  # a row no payload holds: gone after the rebuild
        s.execute(
            "INSERT INTO companies (source_id, run_id, observed_at, company, segment) "
            "VALUES ('curated_companies', 'r0', TIMESTAMP '2020-01-01', 'Stray', 'edge')"
        )
    assert counts(pg_warehouse).set_index("table_name")["rows"]["companies"] == 83
    args = ["--db", pg_warehouse.url, "refresh", "--offline", "--rebuild", "--yes"]
    assert cli.main(args) == 0
    tables = counts(pg_warehouse).set_index("table_name")["rows"]
    assert tables["companies"] == 82  # built from nothing: only what the payloads hold
    assert tables["benchmarks"] > 0
    assert len(runs(pg_warehouse)) == len(all_sources())


def test_failed_rebuild_keeps_the_old_warehouse(pg_warehouse: Warehouse) -> None:
    refresh(pg_warehouse, ["curated_companies"], offline=True, archive_dir=None)
    version = pg_warehouse.data_version()
    with pytest.raises(RuntimeError, match="disk full"), pg_warehouse.writer(fresh=True) as s:
        s.execute("CREATE TABLE half_built (x INTEGER)")
        raise RuntimeError("disk full")
    assert counts(pg_warehouse).set_index("table_name")["rows"]["companies"] == 82
    assert pg_warehouse.data_version() == version
    leftover = pg_warehouse.scalar(
        "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE :s",
        {"s": "%__rebuild"},
    )
    assert leftover == 0


def test_status_lists_every_source(
    pg_offline_warehouse: Warehouse, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--db", pg_offline_warehouse.url, "status"]) == 0
    printed = capsys.readouterr().out
    assert all(name in printed for name in all_sources())


def test_planner_statistics_are_fresh_after_a_refresh(pg_warehouse: Warehouse) -> None:
    """Stale statistics made the first price-table read after a big load take 17.8 s
    (0.04 s once analyzed): every table a refresh writes is analyzed after its commit."""
    refresh(pg_warehouse, ["llm_prices"], offline=True, archive_dir=None)
    refresh(pg_warehouse, ["litellm", "openrouter_endpoints"], offline=True, archive_dir=None)
    for table in ("api_prices", "models", "mv_latest_api_prices", "mv_price_changes"):
        estimated = pg_warehouse.scalar(
            "SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = CAST(:t AS regclass)",
            {"t": table},
        )
        actual = pg_warehouse.scalar(f"SELECT COUNT(*) FROM {table}")
        assert actual > 0 and estimated == actual, table
