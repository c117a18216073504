"""The ECB rates source against a broken or hostile upstream (a real local HTTP server):
each fault fails or holds with a clear message, the stored rates stay, and a 1e6 unit
slip in a column is held back, never used to convert a price."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import pytest
from pytest_httpserver import HTTPServer

from ingest import http
from ingest.base import Source
from ingest.registry import get_source
from ingest.runner import refresh
from warehouse.connection import Warehouse

GOOD = "Date,USD,JPY,CNY,\n2026-08-14,1.1600,170.0,7.8000,\n2026-08-13,1.1534,170.0,7.7774,\n"


def _zip(text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("eurofxref-hist.csv", text)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def fast_http(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "_session", http.make_session(retries=1, backoff=0.01))
    monkeypatch.setattr(http, "TIMEOUT_S", 0.5)


def _served(httpserver: HTTPServer) -> Source:
    """The real ecb_fx source, fetching from the local server's /fx.zip."""
    url = httpserver.url_for("/fx.zip")
    return replace(get_source("ecb_fx"), fetch=lambda: [http.get(url, name="eurofxref-hist.zip")])


def _rates(wh: Warehouse) -> list:
    return wh.query(
        "SELECT currency, observed_at, usd_per_unit FROM fx_rates ORDER BY ALL"
    ).values.tolist()


FAULTS = {
    "http 500": (None, 500, "failed", "HTTP 500"),
    "truncated zip": (_zip(GOOD)[:60], 200, "failed", "expected the ECB"),
    "renamed column": (_zip(GOOD.replace("CNY", "RMB")), 200, "failed", r"missing \['CNY'\]"),
    "empty body": (b"", 200, "failed", "expected|0 rows|empty"),
    "not a csv": (_zip("<html>maintenance</html>"), 200, "failed", "expected columns"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_keeps_the_stored_rates(httpserver: HTTPServer, fault: str) -> None:
    body, status, outcome, words = FAULTS[fault]
    source = _served(httpserver)
    httpserver.expect_ordered_request("/fx.zip").respond_with_data(_zip(GOOD))
    wh = Warehouse("duckdb:///:memory:")
    first = refresh(wh, sources={"ecb_fx": source}, archive_dir=None)[0]
    assert first.status == "ok" and first.rows_new == 4
    before = _rates(wh)
    httpserver.expect_ordered_request("/fx.zip").respond_with_data(body or b"no", status=status)
    result = refresh(wh, sources={"ecb_fx": source}, archive_dir=None)[0]
    assert result.status == outcome
    assert re.search(words, result.error), result.error
    assert _rates(wh) == before


def test_a_unit_slip_is_held_back_not_loaded(httpserver: HTTPServer) -> None:
    slipped = GOOD.replace("2026-08-14,1.1600,170.0,7.8000", "2026-08-14,1160000,170.0,7.8000")
    slipped = slipped.replace("2026-08-13,1.1534,170.0,7.7774", "2026-08-13,1.1534,170.0,7777400")
    source = _served(httpserver)
    httpserver.expect_request("/fx.zip").respond_with_data(_zip(slipped))
    wh = Warehouse("duckdb:///:memory:")
    result = refresh(wh, sources={"ecb_fx": source}, archive_dir=None)[0]
    assert result.status == "ok" and result.rows_held == 2
    # USD per USD is 1 whatever the slip; both CNY rates are held, with the reason
    assert [(c, u) for c, _, u in _rates(wh)] == [("USD", 1.0), ("USD", 1.0)]
    held = wh.query("SELECT item, reason FROM held_back WHERE table_name = 'fx_rates'")
    assert sorted(held["item"].str.split(" | ").str[0]) == ["CNY", "CNY"]
    assert held["reason"].str.contains("outside the plausible range").all()
