"""The app on each engine (AppTest): the same page from a DuckDB file and from PostgreSQL,
and a refresh shows up at the next page load of a running app."""

from __future__ import annotations

import pytest

from ingest.runner import refresh
from tests.app.conftest import metrics, open_app, open_page
from warehouse.connection import Warehouse

pytestmark = pytest.mark.postgres


@pytest.fixture(params=["duckdb", "postgresql"])
def engine_env(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, offline_warehouse: Warehouse
) -> Warehouse:
    wh = (
        offline_warehouse
        if request.param == "duckdb"
        else request.getfixturevalue("pg_offline_warehouse")
    )
    monkeypatch.setenv("ATLAS_DATABASE_URL", wh.url)
    return wh


def test_landscape_page_on_each_engine(engine_env: Warehouse) -> None:
    at = open_page("landscape")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 4
    assert all(value and value != "n/a" for value in metrics(at).values())


def test_a_refresh_shows_up_at_the_next_page_load(
    pg_warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    refresh(pg_warehouse, ["curated_companies"], offline=True, archive_dir=None)
    monkeypatch.setenv("ATLAS_DATABASE_URL", pg_warehouse.url)
    at = open_page("data_sources")
    assert not at.exception
    shown = " ".join(str(df.value.to_dict()) for df in at.dataframe)
    assert "mlperf" not in shown
    # Another process refreshes (a cron job); the running app's next load shows it.
    refresh(Warehouse(pg_warehouse.url), ["mlperf"], offline=True, archive_dir=None)
    at.run()
    assert not at.exception
    assert "mlperf" in " ".join(str(df.value.to_dict()) for df in at.dataframe)


def test_first_start_builds_an_empty_database(
    pg_warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATLAS_DATABASE_URL", pg_warehouse.url)
    assert not pg_warehouse.exists()
    at = open_app()
    assert not at.exception
    assert pg_warehouse.exists()
    assert pg_warehouse.scalar("SELECT COUNT(DISTINCT source_id) FROM ingest_runs") > 10
    assert len(at.get("plotly_chart")) == 4  # the landscape page, from the new warehouse
