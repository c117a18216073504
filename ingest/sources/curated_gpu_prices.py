"""GPU rental prices quoted by a dated, cited page, for accelerators that no scraped price
source lists (curated).

Source: ``data/reference/gpu_list_prices.csv``: ``provider``, ``gpu`` (as the page names
it; canonical id via ``canon.names.canonical_gpu``), ``pricing`` (``ingest.rows.PRICINGS``),
``usd_per_gpu_hour`` (USD per GPU-hour as quoted), ``source_url``, ``source_date``,
``source_kind`` (primary / secondary) and ``note`` (the quote's wording and what other
sources say). Today one row: MI325X, the one accelerator with MLPerf results and no
scraped rental price.

A quote's date is its source's date: ``observed_at`` = ``source_date``, so a quote never
looks newer than the page it came from (and never moves the newest-price date that GPU
medians are windowed on). ``raw_unit`` names the citation.

Skipped and counted: rows without a ``source_date`` (an undated quote is not a price
observation), a blank or non-numeric price, or an unknown pricing type.
"""

from __future__ import annotations

from datetime import date

from canon.names import canonical_gpu, canonical_provider
from ingest.base import ParseResult, Payload
from ingest.rows import PRICINGS, GpuPrice
from ingest.sources import _curated

FILENAME = "gpu_list_prices.csv"
REQUIRED = (
    "provider",
    "gpu",
    "pricing",
    "usd_per_gpu_hour",
    "source_url",
    "source_date",
    "source_kind",
    "note",
)


def _row(row: dict[str, str], price: float) -> GpuPrice:
    return GpuPrice(
        provider=canonical_provider(row["provider"]),
        gpu=canonical_gpu(row["gpu"]),
        pricing=row["pricing"],
        usd_per_gpu_hour=price,
        raw_value=price,
        raw_unit=f"USD/GPU-hour as quoted by {row['source_url']} ({row['source_date']})",
        usd_per_hour=price,
        observed_at=date.fromisoformat(row["source_date"]),
        source_gpu=row["gpu"],
    )


def parse(payload: Payload) -> ParseResult:
    """One GpuPrice per dated row with a price and a known pricing type."""
    result = ParseResult()
    for row in _curated.read_rows(payload, REQUIRED):
        if not row["provider"] or not row["gpu"]:
            result.skip("missing provider or gpu")
            continue
        if row["pricing"] not in PRICINGS:
            result.skip(f"unknown pricing {row['pricing']!r}")
            continue
        try:
            date.fromisoformat(row["source_date"])
        except ValueError:
            result.skip("no full source_date (an undated quote is not a price observation)")
            continue
        try:
            price = _curated.optional_float(row, "usd_per_gpu_hour")
        except ValueError:
            result.skip("non-numeric usd_per_gpu_hour")
            continue
        if price is None or price <= 0:
            result.skip("blank or zero usd_per_gpu_hour")
            continue
        result.rows.append(_row(row, price))
    return result


SOURCE = _curated.source(
    FILENAME,
    name="curated_gpu_prices",
    title="GPU rental prices quoted by cited pages (curated)",
    attribution="Inference Atlas curated GPU quotes; each row cites its source_url and date",
    parse=parse,
    description=(
        "USD per GPU-hour for accelerators no scraped source lists (MI325X), each from a "
        "dated page that quotes the provider's price, with the page and its date."
    ),
)
