"""The schema and the insert path on a real PostgreSQL server."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest
import sqlalchemy as sa

import warehouse.migrate as migrate
from warehouse.connection import Warehouse, engine
from warehouse.migrate import ensure_schema, materialize, needs_upgrade
from warehouse.schema import SCHEMA_VERSION, VIEWS, metadata

pytestmark = pytest.mark.postgres


def _oids(wh: Warehouse) -> dict[str, int]:
    df = wh.query(
        "SELECT c.relname AS name, CAST(c.oid AS BIGINT) AS oid FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
    )
    return dict(zip(df["name"], df["oid"], strict=True))


def test_empty_database_gets_every_table_and_view(pg_warehouse: Warehouse) -> None:
    assert not pg_warehouse.exists()
    with pg_warehouse.writer() as s:
        # The probe of a missing schema_version must not abort the transaction
        # (InFailedSqlTransaction): the statements after it run in the same one.
        with s.transaction():
            assert migrate.current_version(s) is None
            s.execute("SELECT 1")
        assert ensure_schema(s) == SCHEMA_VERSION
    assert pg_warehouse.exists()
    assert set(metadata.tables) | set(VIEWS) <= set(_oids(pg_warehouse))
    assert pg_warehouse.scalar("SELECT MAX(version) FROM schema_version") == SCHEMA_VERSION


def test_views_are_created_once_per_definition(
    pg_warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pg_warehouse.writer() as s:
        ensure_schema(s)
        materialize(s)
    before = _oids(pg_warehouse)
    with pg_warehouse.writer() as s:
        ensure_schema(s)  # current: no DDL at all
    assert _oids(pg_warehouse) == before
    assert not needs_upgrade(pg_warehouse)
    changed = dict(VIEWS, latest_hardware=VIEWS["latest_hardware"] + " ")
    monkeypatch.setattr(migrate, "VIEWS", changed)
    assert needs_upgrade(pg_warehouse)
    with pg_warehouse.writer() as s:
        ensure_schema(s)
    after = _oids(pg_warehouse)
    assert after["latest_hardware"] != before["latest_hardware"]
    assert after["api_prices"] == before["api_prices"]  # tables are kept
    assert "mv_latest_api_prices" not in after  # rebuilt by the next materialize


def test_typed_chunked_insert(pg_warehouse: Warehouse) -> None:
    """An all-NULL column stays a typed NULL; more rows than 65,535 parameters."""
    n = 9_000  # x 11 columns = 99,000 values, beyond one statement's parameter limit
    frame = pd.DataFrame(
        {
            "source_id": "s",
            "run_id": "r",
            "observed_at": pd.Timestamp("2026-01-05"),
            "model_id": [f"m{i}" for i in range(n)],
            "name": "",
            "creator": "",
            "params_b": [None] * n,  # all NULL: object dtype, no type to infer
            "context_tokens": [None] * n,
            "open_weights": [None] * n,
            "release_date": [None] * n,
            "aa_intelligence_index": float("nan"),
        }
    )
    with pg_warehouse.writer() as s:
        ensure_schema(s)
        assert s.insert_df("models", frame) == n
    got = pg_warehouse.query(
        "SELECT COUNT(*) AS n, COUNT(params_b) AS params, "
        "pg_typeof(MAX(params_b))::text AS type FROM models"
    )
    assert got.to_dict("records") == [{"n": n, "params": 0, "type": "double precision"}]


def test_insert_of_an_unknown_column_is_refused(pg_warehouse: Warehouse) -> None:
    with pg_warehouse.writer() as s:
        ensure_schema(s)
        with pytest.raises(KeyError, match="no column"):
            s.insert_df("models", pd.DataFrame({"model_id": ["m"], "bogus": [1]}))


def test_every_writer_bumps_the_data_version(pg_warehouse: Warehouse) -> None:
    assert pg_warehouse.data_version() == "unbuilt"
    seen = []
    for _ in range(3):
        with pg_warehouse.writer() as s:
            ensure_schema(s)
        seen.append(pg_warehouse.data_version())
    assert len(set(seen)) == 3
    assert [v.split("-")[0] for v in seen] == ["v1", "v2", "v3"]


def test_one_engine_per_process(pg_warehouse: Warehouse) -> None:
    first = engine(pg_warehouse.url)
    for _ in range(5):
        Warehouse(pg_warehouse.url).scalar("SELECT 1")
    assert engine(pg_warehouse.url) is first
    assert isinstance(first.pool, sa.pool.QueuePool)
    assert first.pool.checkedout() == 0  # readers give their connection back


def test_password_is_masked_for_display() -> None:
    wh = Warehouse("postgresql://atlas:s3cret@db.example/atlas")
    assert wh.url.startswith("postgresql+psycopg://")
    assert "s3cret" not in wh.display_url


def test_scenarios_save_and_load_in_a_postgresql_user_state_store(
    pg_warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The team points the user-state store at PostgreSQL too (ATLAS_USERSTATE_URL)."""
    from warehouse import userstate

    url = pg_warehouse.url.replace("postgresql+psycopg://", "postgresql://")
    monkeypatch.setenv("ATLAS_USERSTATE_URL", url)
    with userstate.engine_for(pg_warehouse).begin() as con:
        con.execute(userstate.scenarios.delete())
    userstate.save_scenario(pg_warehouse, " Bull  case ", "{}")
    with pytest.raises(userstate.ScenarioExists):
        userstate.save_scenario(pg_warehouse, "Bull case", "{}")
    userstate.save_scenario(pg_warehouse, "Bull case", "{}", overwrite=True)
    assert list(userstate.list_scenarios(pg_warehouse)["name"]) == ["Bull case"]
    saved = userstate.load_scenario(pg_warehouse, "Bull case").iat[0, 2]
    assert isinstance(saved, datetime | pd.Timestamp)
