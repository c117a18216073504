"""The CLI's contract: exit codes, --rebuild asks, --accept-suspect loads a held payload,
and ``status`` says when a source is suspect or the last run failed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from ingest import cli, http
from ingest.registry import get_source
from ingest.runner import FAILURE_MARKER
from warehouse.connection import Warehouse

SNAP = Path(__file__).resolve().parents[2] / "data" / "snapshots" / "llm_prices"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ATLAS_USERSTATE_URL", f"sqlite:///{tmp_path / 'us.sqlite'}")
    monkeypatch.setattr(http, "_session", http.make_session(retries=0))
    return f"duckdb:///{tmp_path / 'w.duckdb'}"


def _serve(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, body: bytes) -> None:
    """llm_prices fetched from the local server (one vendor file)."""
    httpserver.clear()
    httpserver.expect_request("/anthropic.json").respond_with_data(body)
    url = httpserver.url_for("/anthropic.json")
    source = replace(get_source("llm_prices"), fetch=lambda: [http.get(url, name="anthropic.json")])
    monkeypatch.setattr(cli, "all_sources", lambda: {"llm_prices": source})
    monkeypatch.setattr("ingest.runner.all_sources", lambda: {"llm_prices": source})


def test_suspect_payload_is_held_then_accepted(
    db: str, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    full = (SNAP / "anthropic.json").read_bytes()
    doc = json.loads(full)
    one = json.dumps({**doc, "models": doc["models"][:1]}).encode()
    _serve(httpserver, monkeypatch, full)
    assert cli.main(["--db", db, "refresh", "llm_prices"]) == 0
    rows = Warehouse(db).scalar("SELECT COUNT(*) FROM api_prices")
    _serve(httpserver, monkeypatch, one)
    assert cli.main(["--db", db, "refresh", "llm_prices"]) == 1  # held as suspect
    assert Warehouse(db).scalar("SELECT COUNT(*) FROM api_prices") == rows
    capsys.readouterr()
    assert cli.main(["--db", db, "status"]) == 0
    out = capsys.readouterr().out
    assert "suspect" in out and "--accept-suspect" in out
    assert cli.main(["--db", db, "refresh", "--accept-suspect"]) == 2  # needs a name
    assert cli.main(["--db", db, "refresh", "llm_prices", "--accept-suspect"]) == 0
    assert Warehouse(db).scalar("SELECT COUNT(*) FROM api_prices") > rows


def test_rebuild_asks_unless_yes(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cli.main(["--db", db, "refresh", "--offline", "--rebuild"]) == 2  # not asked: refused
    assert not Warehouse(db).path.exists()
    assert cli.main(["--db", db, "refresh", "litellm", "--rebuild", "--yes"]) == 2  # partial


def test_status_says_the_last_run_failed(db: str, capsys: pytest.CaptureFixture) -> None:
    wh = Warehouse(db)
    with wh.writer() as session:
        from warehouse.migrate import ensure_schema

        ensure_schema(session)
    note = {"at": "2026-12-04T05:00:00+00:00", "mode": "live", "error": "disk gone"}
    wh.path.with_name(FAILURE_MARKER).write_text(json.dumps(note))
    assert cli.main(["--db", db, "status"]) == 0
    assert "LAST REFRESH FAILED at 2026-12-04T05:00:00+00:00" in capsys.readouterr().out
