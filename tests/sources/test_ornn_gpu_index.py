"""ORNN GPU index: one "index" price per GPU type and day."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, ParseResult, Payload
from ingest.rows import GpuPrice
from ingest.sources.ornn_gpu_index import SOURCE, URL

HEADER = "gpu_type,timestamp,index_value,last_scraped_at\n"


@pytest.fixture(scope="module")
def parsed() -> ParseResult:
    (payload,) = SOURCE.load_snapshot()
    return SOURCE.parse(payload)


def _payload(text: str) -> Payload:
    return Payload(text.encode(), datetime(2026, 8, 8, tzinfo=UTC), "test", "ornn_gpu_index.csv")


def _ornn(gpu: str, source: str, value: float, day: date) -> GpuPrice:
    return GpuPrice(
        provider="ORNN GPU Index",
        gpu=gpu,
        pricing="index",
        usd_per_gpu_hour=value,
        raw_value=value,
        raw_unit="USD/GPU-hour (index)",
        observed_at=day,
        source_gpu=source,
    )


def test_metadata() -> None:
    assert SOURCE.name == "ornn_gpu_index" and SOURCE.url == URL
    assert [(s.path, s.observed_at) for s in SOURCE.snapshot] == [
        ("ornn-gpu-index/ornn_gpu_index.csv", date(2026, 8, 8))
    ]


def test_counts(parsed: ParseResult) -> None:
    assert len(parsed.rows) == 546 and not parsed.skipped
    assert Counter(r.gpu for r in parsed.rows) == {
        "A100_SXM_80GB": 109,
        "B200": 109,
        "H100_SXM": 109,
        "H200": 109,
        "RTX_5090": 110,
    }
    days = [r.observed_at for r in parsed.rows]
    assert (min(days), max(days)) == (date(2026, 4, 20), date(2026, 8, 7))


def test_whole_rows(parsed: ParseResult) -> None:
    june = date(2026, 6, 1)
    assert parsed.rows[0] == _ornn("A100_SXM_80GB", "A100 SXM4", 1.07, date(2026, 4, 20))
    assert parsed.rows[-1] == _ornn("RTX_5090", "RTX 5090", 0.49, date(2026, 8, 7))
    june_rows = [r for r in parsed.rows if r.observed_at == june]
    assert june_rows == [
        _ornn("A100_SXM_80GB", "A100 SXM4", 1.3, june),
        _ornn("B200", "B200", 5.99, june),
        _ornn("H100_SXM", "H100 SXM", 2.77, june),
        _ornn("H200", "H200", 4.66, june),
        _ornn("RTX_5090", "RTX 5090", 1.23, june),
    ]


def test_bad_cells_are_counted() -> None:
    text = HEADER + (
        "H100 SXM,2026-06-02T20:00:00.000Z,,x\n"
        "H100 SXM,yesterday,2.5,x\n"
        ",2026-06-02T20:00:00.000Z,2.5,x\n"
        "H200,2026-06-02T20:00:00.000Z,4.5,x\n"
    )
    result = SOURCE.parse(_payload(text))
    assert result.rows == [_ornn("H200", "H200", 4.5, date(2026, 6, 2))]
    assert result.skipped == Counter(
        {
            "index_value empty, not a number or not > 0": 1,
            "timestamp not an ISO date-time": 1,
            "gpu_type empty": 1,
        }
    )


def test_missing_column_raises() -> None:
    with pytest.raises(ParseError, match=r"missing columns \['index_value'\]"):
        SOURCE.parse(_payload("gpu_type,timestamp,value\nH200,2026-06-02,4\n"))
