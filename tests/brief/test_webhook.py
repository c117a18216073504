"""Posting the brief to a webhook on a local HTTP server: success empties the outbox; a
500 keeps the message and the next run delivers it; an unreachable URL is reported in
the run log and kept."""

from __future__ import annotations

import argparse
import io
import json
import socket
from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from brief import cli, webhook
from warehouse.connection import Warehouse


def test_post_success_empties_the_outbox(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("ok")
    webhook.enqueue(tmp_path, "brief-2026-07-24", webhook.payload("T <1>", "S & s", "where"))
    result = webhook.flush(tmp_path, httpserver.url_for("/hook"))
    assert [(d.name, d.ok, d.detail) for d in result] == [("brief-2026-07-24", True, "HTTP 200")]
    assert not list(tmp_path.glob("*.json"))
    sent = json.loads(httpserver.log[0][0].data)
    assert sent == {"text": "*T &lt;1&gt;*\nS &amp; s\nFull brief: where"}


def test_500_is_kept_and_retried_next_run(httpserver: HTTPServer, tmp_path: Path) -> None:
    url = httpserver.url_for("/hook")
    httpserver.expect_oneshot_request("/hook").respond_with_data("boom", status=500)
    webhook.enqueue(tmp_path, "brief-a", {"text": "a"})
    first = webhook.flush(tmp_path, url)
    assert [(d.ok, d.detail) for d in first] == [(False, "HTTP 500")]
    kept = json.loads((tmp_path / "brief-a.json").read_text())
    assert kept["attempts"] == 1 and kept["last_error"] == "HTTP 500"
    httpserver.expect_oneshot_request("/hook").respond_with_data("ok")
    second = webhook.flush(tmp_path, url)
    assert [(d.ok, d.detail) for d in second] == [(True, "HTTP 200")]
    assert not list(tmp_path.glob("*.json"))
    assert [json.loads(r.data) for r, _ in httpserver.log] == [{"text": "a"}, {"text": "a"}]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _args(out: Path, **kw: object) -> argparse.Namespace:
    base = dict(since=date(2026, 7, 18), until=date(2026, 7, 24), threshold=5.0, out=out)
    return argparse.Namespace(**{**base, "no_post": False, "no_charts": True, **kw})


def test_cli_reports_an_unreachable_webhook_and_retries_it(
    offline_warehouse: Warehouse,
    tmp_path: Path,
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ATLAS_BRIEF_WEBHOOK_URL", f"http://127.0.0.1:{_closed_port()}/hook")
    log = io.StringIO()
    assert cli.run(_args(tmp_path), offline_warehouse, log) == 1
    text = log.getvalue()
    assert "webhook: brief-2026-07-24 FAILED to post (kept in the outbox, retried next run)" in text
    assert "ConnectionError" in text
    assert (tmp_path / "brief-2026-07-24.md").exists()  # the brief itself is saved
    assert (tmp_path / "outbox" / "brief-2026-07-24.json").exists()
    # next run (the next week's brief): the old message goes out first, then the new one
    monkeypatch.setenv("ATLAS_BRIEF_WEBHOOK_URL", httpserver.url_for("/hook"))
    httpserver.expect_request("/hook").respond_with_data("ok")
    log = io.StringIO()
    args = _args(tmp_path, since=date(2026, 7, 25), until=date(2026, 7, 31))
    assert cli.run(args, offline_warehouse, log) == 0
    assert "webhook: brief-2026-07-24 posted: HTTP 200" in log.getvalue()
    assert "webhook: brief-2026-07-31 posted: HTTP 200" in log.getvalue()
    texts = [json.loads(r.data)["text"] for r, _ in httpserver.log]
    assert "2026-07-18 to 2026-07-24" in texts[0] and "2026-07-25 to 2026-07-31" in texts[1]
    assert not list((tmp_path / "outbox").glob("*.json"))


def test_cli_bad_range(offline_warehouse: Warehouse, tmp_path: Path) -> None:
    log = io.StringIO()
    args = _args(tmp_path, since=date(2026, 7, 24), until=date(2026, 7, 1))
    assert cli.run(args, offline_warehouse, log) == 2
    assert "before --since" in log.getvalue()
