"""Schema 4 -> 5: benchmarks gain the hardware-benchmark context columns and api_prices
the official flag; ai_clusters is created; rows written before stay, with NULLs."""

from __future__ import annotations

from warehouse.connection import Warehouse
from warehouse.migrate import ensure_schema
from warehouse.schema import BENCHMARK_TEXT_COLUMNS, SCHEMA_VERSION

ADDED = (*BENCHMARK_TEXT_COLUMNS, "accelerators", "derived")


def test_a_version_4_warehouse_is_migrated_in_place(memory_warehouse: Warehouse) -> None:
    with memory_warehouse.writer() as s:  # make it look like a version-4 file
        for name in ADDED:
            s.execute(f"ALTER TABLE benchmarks DROP COLUMN {name}")
        s.execute("ALTER TABLE api_prices DROP COLUMN official")
        s.execute("DROP TABLE ai_clusters")
        s.execute("DELETE FROM schema_version")
        s.execute("INSERT INTO schema_version VALUES (4, CURRENT_TIMESTAMP)")
        s.execute(
            "INSERT INTO benchmarks (source_id, run_id, observed_at, provider, model_id, "
            "metric, stat, value, unit, raw_value, raw_unit) VALUES ('mlperf', 'r0', "
            "TIMESTAMP '2024-08-28', 'GigaComputing', 'm', 'tokens_per_s_per_accelerator', "
            "'result', 1, 'u', 8, 'u')"
        )
    with memory_warehouse.writer() as s:
        assert ensure_schema(s) == SCHEMA_VERSION
    row = memory_warehouse.query(f"SELECT provider, {', '.join(ADDED)} FROM benchmarks")
    assert row["provider"].tolist() == ["GigaComputing"]
    assert row[list(ADDED)].isna().all(axis=None)
    assert memory_warehouse.query("SELECT official FROM api_prices").empty
    assert memory_warehouse.scalar("SELECT COUNT(*) FROM ai_clusters") == 0
