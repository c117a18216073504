"""Two refreshes at once (one is refused) and reads during a refresh (never blocked)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from ingest.runner import refresh
from warehouse.connection import Warehouse, WarehouseBusy
from warehouse.migrate import ensure_schema, materialize
from warehouse.queries import meta, prices

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


def test_second_refresh_is_refused_with_a_clear_message(pg_warehouse: Warehouse) -> None:
    with pg_warehouse.writer() as s:
        ensure_schema(s)
        with (
            pytest.raises(WarehouseBusy, match="Another refresh is running"),
            pg_warehouse.writer(),
        ):
            pass
        # A second process: the CLI says so and exits 2, loading nothing.
        done = subprocess.run(
            [sys.executable, "-m", "ingest", "--db", pg_warehouse.url, "refresh", "--offline",
             "curated_companies"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
            env={**os.environ, "COLUMNS": "200"},
        )  # fmt: skip
        assert done.returncode == 2, done.stdout + done.stderr
        assert "Another refresh is running" in done.stdout
        assert "advisory lock" in done.stdout
    assert pg_warehouse.scalar("SELECT COUNT(*) FROM companies") == 0
    with pg_warehouse.writer():  # released: the next refresh runs
        pass


def _reader(wh: Warehouse) -> sa.Connection:
    """A reader that errors instead of waiting for a lock for more than a second."""
    con = sa.create_engine(wh.url, poolclass=sa.NullPool).connect()
    con.execute(sa.text("SET lock_timeout = '1s'"))
    return con


def test_readers_read_the_old_rows_while_a_refresh_writes(pg_warehouse: Warehouse) -> None:
    refresh(pg_warehouse, ["llm_prices"], offline=True, archive_dir=None)
    before = len(prices.price_table(pg_warehouse))
    con = _reader(pg_warehouse)
    try:
        with pg_warehouse.writer() as s:
            ensure_schema(s)  # a current schema: no DDL, no lock
            with s.transaction():  # a source's write and the derived tables, uncommitted
                s.execute("DELETE FROM api_prices")
                materialize(s)
                for sql in (
                    "SELECT COUNT(*) FROM mv_latest_api_prices",
                    "SELECT COUNT(*) FROM latest_api_prices",
                    "SELECT COUNT(*) FROM source_freshness",
                ):
                    assert con.execute(sa.text(sql)).scalar() > 0  # old rows, not blocked
                con.rollback()
            assert con.execute(sa.text("SELECT COUNT(*) FROM mv_latest_api_prices")).scalar() == 0
    finally:
        con.close()
    assert before > 0


def _impatient(wh: Warehouse) -> Warehouse:
    """The same warehouse through connections that error after 1 s waiting for a lock."""
    url = sa.make_url(wh.url)
    options = f"{url.query.get('options', '')} -c lock_timeout=1000".strip()
    return Warehouse(url.update_query_dict({"options": options}).render_as_string(False))


def test_page_reads_during_a_full_refresh_never_wait(pg_warehouse: Warehouse) -> None:
    refresh(pg_warehouse, ["llm_prices"], offline=True, archive_dir=None)
    errors: list[BaseException] = []

    def run() -> None:
        try:  # every other source: real writes, then the derived tables
            refresh(pg_warehouse, offline=True, archive_dir=None)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    reader = _impatient(pg_warehouse)
    thread = threading.Thread(target=run)
    thread.start()
    reads = 0
    try:
        while thread.is_alive() or reads == 0:
            assert len(prices.price_table(reader)) > 0  # the page's main table
            assert meta.as_of(reader)["newest_api_price"].notna().all()
            reads += 1
    finally:
        thread.join()
    assert not errors
    assert reads > 1
