"""The app shell: navigation, shared sidebar, first-start build, failed sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.registry import all_sources
from tests.app.conftest import open_app, open_page
from warehouse.connection import Warehouse


def test_sidebar_shows_as_of_dates(app_env: Warehouse) -> None:
    at = open_app()
    assert not at.exception
    sidebar_text = " ".join(c.value for c in at.sidebar.caption)
    assert "Last loaded:" in sidebar_text and "Newest GPU price: 2026-" in sidebar_text
    assert "days old)" in sidebar_text  # the data's own age, not the load time
    assert not at.sidebar.error  # no failed source in the offline build


def test_data_sources_page_lists_every_source(app_env: Warehouse) -> None:
    at = open_page("data_sources")
    assert not at.exception
    assert at.title[0].value == "Data & sources"
    sources = at.dataframe[0].value
    assert len(sources) == len(all_sources()) and set(sources["last_status"]) == {"ok"}
    # age from the data's own date (January 2024), not from today's load
    llmperf = sources.set_index("source_id").loc["llmperf"]
    assert str(llmperf["data_date"])[:10] == "2024-01-10" and llmperf["age_days"] >= 1000
    at.selectbox(key="data.table").set_value("gpu_prices").run()
    assert "34,247 rows" in " ".join(c.value for c in at.caption)  # 34,204 GPU + 42 TPU + 1 quote


def test_failed_source_is_flagged_in_the_sidebar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offline_warehouse: Warehouse
) -> None:
    import shutil

    db = tmp_path / "w.duckdb"
    shutil.copy(offline_warehouse.path, db)
    wh = Warehouse(f"duckdb:///{db}")
    with wh.writer() as s:
        s.execute(
            "INSERT INTO ingest_runs (run_id, source_id, mode, started_at, finished_at, status, "
            "error) VALUES ('x', 'litellm', 'live', now(), now() + INTERVAL 1 MINUTE, 'failed', "
            "'FetchError: GET https://example returned HTTP 503')"
        )
    monkeypatch.setenv("ATLAS_DATABASE_URL", wh.url)
    at = open_app()
    assert not at.exception
    assert "litellm" in at.sidebar.error[0].value


def test_first_start_builds_the_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"duckdb:///{db}")
    at = open_app()
    assert not at.exception
    assert db.exists()
    gpu_rows = Warehouse(f"duckdb:///{db}").scalar("SELECT COUNT(*) FROM gpu_prices")
    assert gpu_rows == 34_247  # 34,204 GPU offers + 42 Google Cloud TPU prices + MI325X


def test_older_warehouse_file_is_upgraded_on_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offline_warehouse: Warehouse
) -> None:
    import shutil

    from warehouse.migrate import needs_upgrade

    db = tmp_path / "old.duckdb"
    shutil.copy(offline_warehouse.path, db)
    wh = Warehouse(f"duckdb:///{db}")
    with wh.writer() as s:  # what a file from before the derived tables looks like
        s.execute("DROP TABLE mv_latest_api_snapshots")
        s.execute("DROP VIEW latest_api_snapshots")
    assert needs_upgrade(wh)
    monkeypatch.setenv("ATLAS_DATABASE_URL", wh.url)
    at = open_app()
    assert not at.exception
    assert not needs_upgrade(wh)
    assert wh.scalar("SELECT COUNT(*) FROM mv_latest_api_snapshots") > 0
