"""ORNN GPU rental price index (one daily value per GPU type).

Origin: ``sui414/openrouter-pricing-data``, ``data/csv/ornn_gpu_index.csv``, collected
by a GitHub Action from ORNN's public index API: ``gpu_type, timestamp, index_value,
last_scraped_at`` for H100 SXM, H200, A100 SXM4, B200 and RTX 5090.

Units: ``index_value`` is USD per GPU-hour (per the repo README), so
``usd_per_gpu_hour`` = ``raw_value`` = index_value, ``raw_unit`` = "USD/GPU-hour
(index)", pricing "index", provider "ORNN GPU Index". ``observed_at`` is the date
part of ``timestamp`` (all stamped 20:00 UTC). ``source_gpu`` keeps ``gpu_type``;
"A100 SXM4" does not state its memory and maps to canonical_gpu's default
(A100_SXM_80GB).
"""

from __future__ import annotations

from datetime import date

from canon.names import canonical_gpu
from ingest import http
from ingest.base import ParseResult, Payload, SnapshotFile, Source
from ingest.rows import GpuPrice
from ingest.sources import _csv_panel

URL = "https://raw.githubusercontent.com/sui414/openrouter-pricing-data/main/data/csv/ornn_gpu_index.csv"
PROVIDER = "ORNN GPU Index"
RAW_UNIT = "USD/GPU-hour (index)"
REQUIRED = ("gpu_type", "timestamp", "index_value")


def _value(text: str | None) -> float | None:
    value = _csv_panel.number(text)
    return value if value is not None and value > 0 else None


def parse(payload: Payload) -> ParseResult:
    """ornn_gpu_index.csv -> one GpuPrice (pricing "index") per GPU type x day."""
    result = ParseResult()
    for rec in _csv_panel.read_panel(payload, REQUIRED, source="ornn_gpu_index"):
        gpu_type = (rec.get("gpu_type") or "").strip()
        if not gpu_type:
            result.skip("gpu_type empty")
            continue
        value = _value(rec.get("index_value"))
        if value is None:
            result.skip("index_value empty, not a number or not > 0")
            continue
        try:
            observed = date.fromisoformat((rec.get("timestamp") or "")[:10])
        except ValueError:
            result.skip("timestamp not an ISO date-time")
            continue
        result.rows.append(
            GpuPrice(
                provider=PROVIDER,
                gpu=canonical_gpu(gpu_type),
                pricing="index",
                usd_per_gpu_hour=value,
                raw_value=value,
                raw_unit=RAW_UNIT,
                observed_at=observed,
                source_gpu=gpu_type,
            )
        )
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="ornn_gpu_index.csv")]


SOURCE = Source(
    name="ornn_gpu_index",
    title="ORNN GPU rental price index",
    url=URL,
    kind="csv",
    license="none in repo (redistribution rights unknown); data is ORNN's public API output",
    attribution="sui414/openrouter-pricing-data, data/csv/ornn_gpu_index.csv (ORNN GPU index)",
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("ornn-gpu-index/ornn_gpu_index.csv", date(2026, 8, 8)),),
    description=(
        "Daily ORNN GPU rental price index in USD per GPU-hour for H100 SXM, H200, "
        "A100 SXM4, B200 and RTX 5090, 2026-04-20 to 2026-08-07 in the bundled copy."
    ),
)
