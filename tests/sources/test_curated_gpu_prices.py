"""Curated GPU quotes: the MI325X row whole, dated by its source (not by the file), and
rows without a full date, price or known pricing counted and skipped."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ingest.base import Payload
from ingest.rows import GpuPrice
from ingest.sources.curated_gpu_prices import REQUIRED, SOURCE, parse

URL = "https://www.cliffcenter.com/research/amd-inference-economics"


def test_the_mi325x_quote_loads_whole_with_its_source_date() -> None:
    (snap,) = SOURCE.load_snapshot()
    (row,) = parse(snap).rows
    assert row == GpuPrice(
        provider="TensorWave",
        gpu="MI325X",
        pricing="on_demand",
        usd_per_gpu_hour=1.95,
        raw_value=1.95,
        raw_unit=f"USD/GPU-hour as quoted by {URL} (2026-05-18)",
        usd_per_hour=1.95,
        observed_at=date(2026, 5, 18),
        source_gpu="AMD Instinct MI325X",
    )


def test_undated_unpriced_and_unknown_rows_are_counted() -> None:
    header = ",".join(REQUIRED)
    lines = [
        header,
        "Vultr,MI325X,on_demand,2.00,https://example.org,,secondary,undated",
        "Vultr,MI325X,on_demand,2.00,https://example.org,2026-05,secondary,month only",
        "Vultr,MI325X,hourly,2.00,https://example.org,2026-05-01,secondary,bad pricing",
        "Vultr,MI325X,on_demand,,https://example.org,2026-05-01,secondary,no price",
        "Vultr,MI325X,on_demand,abc,https://example.org,2026-05-01,secondary,text",
    ]
    payload = Payload("\n".join(lines).encode(), datetime(2026, 11, 28, tzinfo=UTC), "t", "t.csv")
    result = parse(payload)
    assert result.rows == []
    assert result.skipped == {
        "no full source_date (an undated quote is not a price observation)": 2,
        "unknown pricing 'hourly'": 1,
        "blank or zero usd_per_gpu_hour": 1,
        "non-numeric usd_per_gpu_hour": 1,
    }
