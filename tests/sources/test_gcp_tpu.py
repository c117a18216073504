"""gpuhunt's Google Cloud TPU table: whole rows per TPU, region and pricing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.rows import GpuPrice
from ingest.sources.gcp_tpu import SOURCE, parse


@pytest.fixture(scope="module")
def rows() -> list[GpuPrice]:
    (payload,) = SOURCE.load_snapshot()
    result = parse(payload)
    assert result.skipped == {}
    return result.rows


def _find(rows: list[GpuPrice], name: str, region: str, pricing: str) -> GpuPrice:
    (row,) = [r for r in rows if (r.source_gpu, r.region, r.pricing) == (name, region, pricing)]
    return row


def test_counts(rows: list[GpuPrice]) -> None:
    assert len(rows) == 42  # 21 TPU x region entries, on-demand and spot each
    assert {r.gpu for r in rows} == {"TPU_V2", "TPU_V3", "TPU_V4", "TPU_V5E", "TPU_V5P", "TPU_V6E"}
    assert {r.provider for r in rows} == {"Google Cloud"}


def test_a_tpu_region_on_demand_and_spot(rows: list[GpuPrice]) -> None:
    assert _find(rows, "TPU v6e", "europe-west4", "on_demand") == GpuPrice(
        provider="Google Cloud",
        gpu="TPU_V6E",
        pricing="on_demand",
        usd_per_gpu_hour=2.97,
        raw_value=2.97,
        raw_unit="On Demand (USD)",
        usd_per_hour=2.97,
        region="europe-west4",
        source_gpu="TPU v6e",
    )
    spot = _find(rows, "TPU v5e", "us-south1", "spot")
    assert (spot.gpu, spot.usd_per_gpu_hour, spot.raw_unit) == ("TPU_V5E", 0.708, "Spot (USD)")


def test_bad_layout_fails_clearly() -> None:
    bad = {"TPU v9": {"us-east1": {"price": 1.0}}}
    payload = Payload(json.dumps(bad).encode(), datetime(2026, 1, 1, tzinfo=UTC), "t", "t.json")
    with pytest.raises(ParseError, match="TPU v9 / us-east1"):
        parse(payload)
