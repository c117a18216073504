"""The fault matrix: each kind of source (JSON, CSV panel, HTML, paginated) against each
fault a hostile or broken upstream can send, through a real local HTTP server, the real
parsers, stored real payloads and a real DuckDB warehouse.

For every case: the run finishes, the outcome is recorded in ``ingest_runs`` with a clear
message, the source's previous rows and its current (latest) rows are unchanged, and a
healthy source in the same run loads.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from ingest import http
from ingest.base import Payload, Source
from ingest.registry import get_source
from ingest.runner import refresh
from tests.ingest.fake_sources import make_source, prices_doc
from warehouse.connection import Warehouse

SNAP = Path(__file__).resolve().parents[2] / "data" / "snapshots"
PAGES = ("anthropic", "google", "deepseek")


def _gpu_panel(days: int) -> bytes:
    """The GPU tracker's real panel, cut to its first ``days`` dates (whole rows)."""
    lines = (SNAP / "gpu-pricing-tracker" / "observations.csv").read_bytes().splitlines()
    dates = sorted({ln.split(b",", 1)[0] for ln in lines[1:]})[:days]
    keep = [ln for ln in lines[1:] if ln.split(b",", 1)[0] in dates]
    return b"\n".join([lines[0], *keep]) + b"\n"


@dataclass(frozen=True)
class Kind:
    name: str
    source: str  # the registered source whose parser is used
    table: str
    latest: str  # the current-rows view of that table
    pages: tuple[bytes, ...]  # served in order; faults hit the last page
    suffix: str


JSON = Kind(
    "json",
    "llm_prices",
    "api_prices",
    "latest_api_prices",
    ((SNAP / "llm_prices" / "anthropic.json").read_bytes(),),
    ".json",
)
PAGED = Kind(
    "paginated",
    "llm_prices",
    "api_prices",
    "latest_api_prices",
    tuple((SNAP / "llm_prices" / f"{p}.json").read_bytes() for p in PAGES),
    ".json",
)
CSV = Kind("csv", "gpu_tracker", "gpu_prices", "latest_gpu_prices", (_gpu_panel(3),), ".csv")
HTML = Kind(
    "html",
    "deepseek_pricing",
    "api_prices",
    "latest_api_prices",
    ((SNAP / "deepseek_pricing" / "deepseek_en.html").read_bytes(),),
    ".html",
)
KINDS = (JSON, PAGED, CSV, HTML)


# --- faults: what the server sends instead of the last page ----------------------------------

Handler = Callable[[Request], Response]


def _body(fn: Callable[[bytes, Kind], bytes]) -> Callable[[bytes, Kind], Handler]:
    return lambda good, kind: lambda _req: Response(fn(good, kind))


def _hang(good: bytes, kind: Kind) -> Handler:
    def handler(_req: Request) -> Response:
        time.sleep(1.5)  # past the 0.5 s read timeout
        return Response(good)

    return handler


def _trickle(good: bytes, kind: Kind) -> Handler:
    def drip():  # noqa: ANN202 - one byte every 0.1 s: each read is quick, the body is not
        for i in range(60):
            time.sleep(0.1)
            yield good[i : i + 1]

    return lambda _req: Response(drip(), headers={"Content-Length": str(len(good))})


def _status(code: int, headers: dict | None = None) -> Callable[[bytes, Kind], Handler]:
    return lambda good, kind: lambda _req: Response("no", status=code, headers=headers or {})


def _cut(good: bytes, kind: Kind) -> Handler:
    def half():  # noqa: ANN202 - the connection drops halfway through the body
        yield good[: len(good) // 2]
        raise ConnectionResetError("cut")

    return lambda _req: Response(half(), headers={"Content-Length": str(len(good))})


def _json_edit(good: bytes, fn: Callable[[dict], object]) -> bytes:
    doc = json.loads(good)
    return json.dumps(fn(doc)).encode()


def _rename_in_history(doc: dict, old: str, new: str) -> dict:
    for model in doc["models"]:
        for entry in model.get("price_history") or []:
            if old in entry:
                entry[new] = entry.pop(old)
    return doc


def _scale_history(doc: dict) -> dict:
    for model in doc["models"]:
        for entry in model.get("price_history") or []:
            for k in ("input", "output", "input_cached"):
                if isinstance(entry.get(k), (int, float)):
                    entry[k] = entry[k] * 1e6
    return doc


def _csv_rename(good: bytes, old: bytes, new: bytes) -> bytes:
    head, rest = good.split(b"\n", 1)
    return head.replace(old, new) + b"\n" + rest


def _csv_scale(good: bytes) -> bytes:
    lines = good.decode().splitlines()
    head = lines[0].split(",")
    cols = [head.index(c) for c in ("price_min_usd", "price_median_usd", "price_max_usd")]
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        for c in cols:
            cells[c] = repr(float(cells[c]) * 1e6)
        out.append(",".join(cells))
    return ("\n".join(out) + "\n").encode()


def _html_scale(good: bytes) -> bytes:
    return re.sub(rb"\$(\d+(?:\.\d+)?)", lambda m: b"$%.2f" % (float(m[1]) * 1e6), good)


def malformed(good: bytes, kind: Kind) -> bytes:
    if kind.suffix == ".json":
        return b'{"vendor": "x", "models": [{"id": ["x"], "price_history": [{"input": 1e400}]}]}'
    if kind.suffix == ".csv":  # an unbalanced quote and a 200 kB field
        return good.split(b"\n", 1)[0] + b'\n2026-02-11,"acecloud,' + b"x" * 200_000 + b"\n"
    return b"<html><body><table><tr><td>\xff\xfe" * 500


def layout(good: bytes, kind: Kind) -> bytes:
    if kind.suffix == ".json":
        return _json_edit(good, lambda d: d["models"])  # a list where an object was
    if kind.suffix == ".csv":
        return b"when;who;what\n2026-02-11;acecloud;H100\n"
    return re.sub(rb"<table.*?</table>", b"<div>moved</div>", good, flags=re.S)


def renamed_required(good: bytes, kind: Kind) -> bytes:
    if kind.suffix == ".json":
        return _json_edit(good, lambda d: {"vendor": d["vendor"], "items": d["models"]})
    if kind.suffix == ".csv":
        return _csv_rename(good, b"gpu_model", b"gpu")
    return good.replace(b">MODEL<", b">NAME<")


def renamed_price(good: bytes, kind: Kind) -> bytes:
    if kind.suffix == ".json":
        return _json_edit(good, lambda d: _rename_in_history(d, "input", "input_usd"))
    if kind.suffix == ".csv":
        return _csv_rename(good, b"price_median_usd", b"median_price_usd")
    return good.replace(b"1M OUTPUT TOKENS", b"1M COMPLETION TOKENS")


def unit_slip(good: bytes, kind: Kind) -> bytes:
    if kind.suffix == ".json":
        return _json_edit(good, _scale_history)
    if kind.suffix == ".csv":  # new days (a cumulative panel's old days are not reloaded)
        return _csv_scale(good).replace(b"\n2026-", b"\n2027-")
    return _html_scale(good)


def one_row(good: bytes, kind: Kind) -> bytes:
    if kind.suffix == ".json":

        def first(d: dict) -> dict:
            model = d["models"][0]
            return {**d, "models": [{**model, "price_history": model["price_history"][:1]}]}

        return _json_edit(good, first)
    if kind.suffix == ".csv":
        return b"\n".join(good.split(b"\n")[:2]) + b"\n"
    # the table keeps its header row and one price row
    rows = re.findall(rb"<tr.*?</tr>", good, flags=re.S)
    return re.sub(
        rb"<table.*?</table>", b"<table>" + rows[0] + rows[1] + b"</table>", good, flags=re.S
    )


def oversize(good: bytes, kind: Kind) -> bytes:
    return good + b" " * (len(good) * 20)  # valid, but far over the limit set below


def bomb(good: bytes, kind: Kind) -> bytes:
    if kind.suffix == ".html":  # +75 bytes that expand to 65 million cells
        cell = b'<tr><td rowspan="65534" colspan="1000">x</td></tr>'
        return good.replace(b"</table>", cell + b"</table>", 1)
    if kind.suffix == ".json":  # deep nesting
        return b'{"vendor": "x", "models": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"
    return good + b"".join(  # many more rows than the plausible cap set below
        b"2099-01-%02d,p%d,H100_SXM,1,global,on_demand,2,2,2,1,u,t\n" % (1 + i % 28, i)
        for i in range(3_000)
    )


# fault -> (server handler, outcomes allowed, words the recorded message must contain)
FAULTS: dict[str, tuple[Callable[[bytes, Kind], Handler], set[str], str]] = {
    "hang": (_hang, {"failed"}, "timed out|Timeout"),
    "trickle": (_trickle, {"failed"}, "deadline"),
    "http 500": (_status(500), {"failed"}, "HTTP 500"),
    "429 retry-after 3600": (_status(429, {"Retry-After": "3600"}), {"failed"}, "HTTP 429"),
    "cut connection": (_cut, {"failed"}, "failed"),
    "truncated body": (
        _body(lambda g, k: g[: int(len(g) * 0.6)]),
        {"failed", "suspect"},
        "cut short|JSON|expected|malformed|no prices",
    ),
    "malformed": (_body(malformed), {"failed", "suspect"}, "Error|expected|malformed|cut short"),
    "changed layout": (_body(layout), {"failed"}, "expected|no .* table|Error"),
    "renamed required field": (_body(renamed_required), {"failed"}, "expected|MODEL|need"),
    "renamed price field": (
        _body(renamed_price),
        {"failed", "suspect"},
        "need 'input'|median|no prices|field",
    ),
    "1e6 unit slip": (_body(unit_slip), {"ok"}, ""),
    "empty body": (_body(lambda g, k: b""), {"failed"}, "expected|0 rows|empty|no "),
    "1-row payload": (_body(one_row), {"suspect", "failed"}, "fewer than 50%|no prices"),
    "oversize": (_body(oversize), {"failed"}, "over this source's limit"),
    "span bomb / nesting / row cap": (
        _body(bomb),
        {"failed"},
        "expands to more than|spans|Recursion|nest|more than the plausible",
    ),
}


@pytest.fixture
def server() -> HTTPServer:
    """A threaded local server: a hanging response must not stall the healthy source."""
    srv = HTTPServer(host="127.0.0.1", threaded=True)
    srv.start()
    yield srv
    srv.clear()
    srv.stop()


@pytest.fixture(autouse=True)
def bounded_http(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        http, "_session", http.make_session(retries=1, backoff=0.01, max_retry_after=0.2)
    )
    monkeypatch.setattr(http, "TIMEOUT_S", 0.5)
    monkeypatch.setattr(http, "DEADLINE_S", 1.5)


def _source(kind: Kind, server: HTTPServer) -> Source:
    real = get_source(kind.source)
    urls = [server.url_for(f"/{kind.name}/{i}{kind.suffix}") for i in range(len(kind.pages))]

    def fetch() -> list[Payload]:
        return [http.get(u, name=f"page-{i}{kind.suffix}") for i, u in enumerate(urls)]

    cap = {"max_bytes": 4 * max(map(len, kind.pages)), "max_rows": 2_000}
    return replace(real, name=f"{kind.name}_src", url=urls[0], fetch=fetch, **cap)


def _state(wh: Warehouse, kind: Kind, source_id: str) -> tuple[list, list]:
    """(stored rows, current rows) of the source, provenance-free and sorted."""
    rows = wh.query(
        f"SELECT * EXCLUDE (run_id) FROM {kind.table} WHERE source_id = :s ORDER BY ALL",
        {"s": source_id},
    )
    latest = wh.query(
        f"SELECT * FROM {kind.latest} WHERE source_id = :s ORDER BY ALL", {"s": source_id}
    )
    return rows.astype(str).values.tolist(), latest.astype(str).values.tolist()


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_fault_is_contained(kind: Kind, fault: str, server: HTTPServer) -> None:
    httpserver = server
    handler, allowed, words = FAULTS[fault]
    source = _source(kind, httpserver)
    last = len(kind.pages) - 1
    for i, page in enumerate(kind.pages):  # first run: every page good
        httpserver.expect_ordered_request(f"/{kind.name}/{i}{kind.suffix}").respond_with_data(page)
    for i, page in enumerate(kind.pages):  # second run: the last page is the fault
        path = f"/{kind.name}/{i}{kind.suffix}"
        if i < last:
            httpserver.expect_request(path).respond_with_data(page)
        else:
            httpserver.expect_request(path).respond_with_handler(handler(page, kind))
    httpserver.expect_request("/healthy").respond_with_json(prices_doc())
    wh = Warehouse("duckdb:///:memory:")
    first = refresh(wh, sources={source.name: source}, archive_dir=None)[0]
    assert first.status == "ok" and first.rows_new > 0, first.error
    httpserver.clear_log()
    before = _state(wh, kind, source.name)

    healthy = make_source("healthy", httpserver.url_for("/healthy"))
    start = time.perf_counter()
    results = refresh(
        wh, sources={source.name: source, "healthy": healthy}, archive_dir=None
    )  # the run finishes: no exception escapes
    seconds = time.perf_counter() - start
    got = {r.source: r for r in results}
    assert got["healthy"].status == "ok" and got["healthy"].rows_new == 4
    outcome = got[source.name]
    print(f"MATRIX {kind.name} | {fault} | {outcome.status} | {outcome.error[:110]}")
    assert outcome.status in allowed, (outcome.status, outcome.error)
    if outcome.status == "ok":  # the unit slip: loaded nothing implausible, held the rest
        assert outcome.rows_held > 0
    else:
        assert re.search(words, outcome.error), outcome.error
        assert len(outcome.error) <= 2_000
    recorded = wh.query(
        "SELECT status, error FROM ingest_runs WHERE source_id = :s ORDER BY finished_at DESC",
        {"s": source.name},
    ).iloc[0]
    assert recorded["status"] == outcome.status
    assert (recorded["error"] or "") == outcome.error
    assert _state(wh, kind, source.name) == before  # nothing lost, nothing implausible added
    assert seconds < 10  # bounded: no Retry-After of an hour, no endless trickle


def test_error_text_is_bounded_and_the_traceback_logged(
    httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A parser that echoes a 200 kB value in its error stores 2,000 characters at most."""

    def echo(payload: Payload):  # noqa: ANN202 - a parser bug that echoes the payload
        raise TypeError(payload.text())

    httpserver.expect_request("/x").respond_with_data("y" * 200_000)
    wh = Warehouse("duckdb:///:memory:")
    source = make_source("echo", httpserver.url_for("/x"), echo)
    atlas = logging.getLogger("atlas")  # the CLI's setup_logging stops propagation
    atlas.addHandler(caplog.handler)
    try:
        with caplog.at_level("ERROR", logger="atlas.ingest"):
            (result,) = refresh(wh, sources={"echo": source}, archive_dir=None)
    finally:
        atlas.removeHandler(caplog.handler)
    assert result.status == "failed" and result.error.startswith("TypeError: yyy")
    stored = wh.scalar("SELECT error FROM ingest_runs WHERE source_id = 'echo'")
    assert len(stored) <= 2_000 and stored.endswith("more characters in the log]")
    assert "Traceback" in caplog.text or caplog.records[0].exc_info is not None


def test_retry_after_is_capped_outside_a_refresh_too(server: HTTPServer) -> None:
    server.expect_request("/busy").respond_with_data(
        "busy", status=429, headers={"Retry-After": "3600"}
    )
    http._session = http.make_session(retries=1, backoff=0.01, max_retry_after=0.3)
    start = time.perf_counter()
    with pytest.raises(http.FetchError, match="HTTP 429"):
        http.get(server.url_for("/busy"))
    assert 0.3 <= time.perf_counter() - start < 3  # waited, but 0.3 s, not an hour
