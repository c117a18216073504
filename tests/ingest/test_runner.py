"""Refresh behaviour against a real local HTTP server and a real DuckDB warehouse."""

from __future__ import annotations

import json
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from ingest import http
from ingest.runner import refresh
from tests.ingest.fake_sources import make_source, parse_gpus, prices_doc
from warehouse.connection import Warehouse


@pytest.fixture(autouse=True)
def fast_http(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "_session", http.make_session(retries=2, backoff=0.01))
    monkeypatch.setattr(http, "TIMEOUT_S", 0.5)


def run(wh: Warehouse, sources: dict) -> dict:
    return {r.source: r for r in refresh(wh, sources=sources, archive_dir=None)}


def test_failing_source_is_recorded_and_others_go_on(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ok").respond_with_json(prices_doc())
    httpserver.expect_request("/boom").respond_with_data("oops", status=500)
    httpserver.expect_request("/garbage").respond_with_data("{not json")
    wh = Warehouse("duckdb:///:memory:")
    results = run(
        wh,
        {
            "boom": make_source("boom", httpserver.url_for("/boom")),
            "ok": make_source("ok", httpserver.url_for("/ok")),
            "garbage": make_source("garbage", httpserver.url_for("/garbage")),
        },
    )
    assert results["ok"].status == "ok" and results["ok"].rows_new == 4
    assert results["boom"].status == "failed"
    assert "HTTP 500" in results["boom"].error
    assert results["garbage"].status == "failed"
    assert "expected a JSON object" in results["garbage"].error
    runs = wh.query("SELECT source_id, status, error FROM ingest_runs ORDER BY source_id")
    assert runs["status"].tolist() == ["failed", "failed", "ok"]
    assert runs["error"].iloc[0].startswith("FetchError")


def test_previous_data_stays_when_a_source_later_fails(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/p").respond_with_json(prices_doc())
    httpserver.expect_ordered_request("/p").respond_with_data("<html>changed</html>")
    wh = Warehouse("duckdb:///:memory:")
    source = {"p": make_source("p", httpserver.url_for("/p"))}
    assert run(wh, source)["p"].status == "ok"
    assert run(wh, source)["p"].status == "failed"
    assert wh.scalar("SELECT COUNT(*) FROM api_prices") == 4
    assert len(wh.query("SELECT * FROM latest_api_prices")) == 2


def test_rerunning_the_same_payload_adds_no_rows(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_json(prices_doc())
    wh = Warehouse("duckdb:///:memory:")
    source = {"p": make_source("p", httpserver.url_for("/p"))}
    first, second = run(wh, source)["p"], run(wh, source)["p"]
    assert (first.rows_new, second.rows_new, second.status) == (4, 0, "skipped")
    assert wh.scalar("SELECT COUNT(*) FROM api_prices") == 4


def test_retries_server_errors_then_succeeds(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/p").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/p").respond_with_json(prices_doc())
    wh = Warehouse("duckdb:///:memory:")
    assert run(wh, {"p": make_source("p", httpserver.url_for("/p"))})["p"].status == "ok"
    assert len(httpserver.log) == 2


def test_honours_retry_after_on_429(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/p").respond_with_response(
        Response("slow down", status=429, headers={"Retry-After": "1"})
    )
    httpserver.expect_ordered_request("/p").respond_with_json(prices_doc())
    start = time.perf_counter()
    payload = http.get(httpserver.url_for("/p"))
    assert time.perf_counter() - start >= 1.0  # waited as told, not the 0.01 s backoff
    assert json.loads(payload.content)["prices"][0]["model"] == "m-1"


def test_timeout_is_a_recorded_failure(httpserver: HTTPServer) -> None:
    def slow(_request):  # noqa: ANN001
        time.sleep(1.0)
        return Response(json.dumps(prices_doc()))

    httpserver.expect_request("/slow").respond_with_handler(slow)
    wh = Warehouse("duckdb:///:memory:")
    result = run(wh, {"slow": make_source("slow", httpserver.url_for("/slow"))})["slow"]
    assert result.status == "failed"
    assert "Timeout" in result.error or "timed out" in result.error


def test_user_agent_identifies_the_project(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_json(prices_doc())
    http.get(httpserver.url_for("/p"))
    request, _ = httpserver.log[0]
    assert request.headers["User-Agent"].startswith("InferenceAtlas/")


def test_unit_anomaly_is_held_back_not_loaded(httpserver: HTTPServer) -> None:
    # Second payload: m-1 input price in USD/token mistaken as USD/1M (x1e-6): held back,
    # and the output price of the same entry with it (one entry, one decision).
    httpserver.expect_ordered_request("/p").respond_with_json(prices_doc(1.0, 2.0))
    httpserver.expect_ordered_request("/p").respond_with_json(prices_doc(1e-6, 2.5))
    wh = Warehouse("duckdb:///:memory:")
    source = {"p": make_source("p", httpserver.url_for("/p"))}
    run(wh, source)
    second = run(wh, source)["p"]
    assert second.status == "ok" and second.rows_held == 2
    held = wh.query("SELECT item, previous_value, new_value, reason FROM held_back")
    reason = "usd_per_mtok moved 1e-06x against the previous value with nothing to confirm it"
    assert held.to_dict("records") == [
        {
            "item": "Acme | m-1 | input",
            "previous_value": 1.0,
            "new_value": 1e-6,
            "reason": reason,
        },
        {
            "item": "Acme | m-1 | output",
            "previous_value": 2.0,
            "new_value": 2.5,
            "reason": f"held with the other prices of its entry ({reason})",
        },
    ]
    latest = wh.query(
        "SELECT input_usd_per_mtok, output_usd_per_mtok FROM latest_api_prices "
        "WHERE model_id = 'm-1'"
    )
    assert latest.iloc[0].tolist() == [1.0, 2.0]  # the whole entry waits
    assert wh.query("SELECT * FROM price_changes").empty


def test_implausible_gpu_price_is_held_back(httpserver: HTTPServer) -> None:
    doc = {
        "gpus": [
            {"provider": "X", "gpu": "H100", "price": 2.5},
            {"provider": "X", "gpu": "B200", "price": 9000},
        ]
    }
    httpserver.expect_request("/g").respond_with_json(doc)
    wh = Warehouse("duckdb:///:memory:")
    result = run(wh, {"g": make_source("g", httpserver.url_for("/g"), parse_gpus)})["g"]
    assert (result.rows_new, result.rows_held) == (1, 1)
    assert wh.query("SELECT gpu, usd_per_gpu_hour FROM gpu_prices").values.tolist() == [
        ["H100", 2.5]
    ]


def test_unknown_source_name_is_rejected() -> None:
    with pytest.raises(KeyError, match="unknown source"):
        refresh(Warehouse("duckdb:///:memory:"), ["nope"], sources={})


def test_each_refresh_rebuilds_the_derived_tables(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/p").respond_with_json(prices_doc(1.0, 2.0))
    httpserver.expect_ordered_request("/p").respond_with_json(prices_doc(1.0, 2.5))
    wh = Warehouse("duckdb:///:memory:")
    source = {"p": make_source("p", httpserver.url_for("/p"))}
    run(wh, source)
    assert wh.scalar("SELECT COUNT(*) FROM mv_price_changes") == 0
    run(wh, source)
    changes = wh.query("SELECT old_usd_per_mtok, new_usd_per_mtok FROM mv_price_changes")
    assert changes.values.tolist() == [[2.0, 2.5]]
    latest = wh.query("SELECT output_usd_per_mtok FROM mv_latest_api_prices WHERE model_id = 'm-1'")
    assert latest["output_usd_per_mtok"].tolist() == [2.5]
