"""RunPod daily panel: one row per published price tier, zeros and MIG slices skipped."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, ParseResult, Payload
from ingest.rows import GpuPrice
from ingest.sources.runpod_daily import SOURCE, URL, clean_gpu_name, runpod_gpu

DAY = date(2026, 8, 1)


@pytest.fixture(scope="module")
def parsed() -> ParseResult:
    (payload,) = SOURCE.load_snapshot()
    return SOURCE.parse(payload)


def _rows(parsed: ParseResult, gpu_id: str, day: date = DAY) -> list[GpuPrice]:
    return [r for r in parsed.rows if r.source_gpu == gpu_id and r.observed_at == day]


def _rp(gpu: str, gpu_id: str, mem: float, prices: dict[str, float], day: date = DAY):
    return [
        GpuPrice(
            provider="RunPod",
            gpu=gpu,
            pricing=pricing,
            usd_per_gpu_hour=value,
            raw_value=value,
            raw_unit="USD/GPU-hour",
            gpu_memory_gb=mem,
            observed_at=day,
            source_gpu=gpu_id,
        )
        for pricing, value in prices.items()
    ]


def test_metadata() -> None:
    assert SOURCE.name == "runpod_daily" and SOURCE.url == URL
    assert [(s.path, s.observed_at) for s in SOURCE.snapshot] == [
        ("runpod-daily/runpod_daily.csv", date(2026, 8, 8))
    ]


def test_counts(parsed: ParseResult) -> None:
    assert len(parsed.rows) == 1832
    assert Counter(r.pricing for r in parsed.rows) == {
        "community": 492,
        "on_demand": 426,
        "reserved_3m": 319,
        "reserved_6m": 308,
        "spot": 287,
    }
    assert parsed.skipped == Counter(
        {
            "gpu_id unknown": 11,
            "MIG slice (a fraction of one GPU)": 22,
            "secure_price is 0 (not offered)": 66,
            "spot_bid_floor empty or not a number": 205,
            "price_1wk empty or not a number": 492,
            "price_1mo empty or not a number": 492,
            "price_3mo empty or not a number": 173,
            "price_6mo empty or not a number": 184,
            "on_demand_floor not loaded (lowest of the on-demand prices)": 377,
            "price_cluster not loaded (no matching pricing type)": 426,
        }
    )
    days = {r.observed_at for r in parsed.rows}
    assert (min(days), max(days), len(days)) == (date(2026, 7, 28), date(2026, 8, 8), 11)
    assert {r.provider for r in parsed.rows} == {"RunPod"}


def test_h100_sxm_all_tiers(parsed: ParseResult) -> None:
    prices = {
        "on_demand": 2.99,
        "community": 2.69,
        "spot": 2.69,
        "reserved_3m": 2.99,
        "reserved_6m": 2.99,
    }
    expected = _rp("H100_SXM", "NVIDIA H100 80GB HBM3", 80.0, prices)
    assert _rows(parsed, "NVIDIA H100 80GB HBM3") == expected


def test_a100_pcie_maps_to_pcie_not_sxm(parsed: ParseResult) -> None:
    prices = {
        "on_demand": 1.39,
        "community": 1.19,
        "spot": 1.19,
        "reserved_3m": 1.39,
        "reserved_6m": 1.39,
    }
    expected = _rp("A100_PCIE_80GB", "NVIDIA A100 80GB PCIe", 80.0, prices)
    assert _rows(parsed, "NVIDIA A100 80GB PCIe") == expected


def test_zero_secure_price_is_skipped_not_loaded(parsed: ParseResult) -> None:
    # secure_price "0", community "1", no spot / term prices
    expected = _rp("A100_SXM_40GB", "NVIDIA A100-SXM4-40GB", 40.0, {"community": 1.0})
    assert _rows(parsed, "NVIDIA A100-SXM4-40GB") == expected
    assert all(r.usd_per_gpu_hour > 0 for r in parsed.rows)


def test_overrides_and_partial_terms(parsed: ParseResult) -> None:
    a4000 = {"on_demand": 0.25, "community": 0.17, "spot": 0.17}
    a4000 |= {"reserved_3m": 0.25, "reserved_6m": 0.25}
    assert _rows(parsed, "NVIDIA RTX A4000") == _rp("RTX_A4000", "NVIDIA RTX A4000", 16.0, a4000)
    ti = {"on_demand": 0.46, "community": 0.27, "spot": 0.27}
    gpu_id = "NVIDIA GeForce RTX 3090 Ti"
    assert _rows(parsed, gpu_id) == _rp("RTX_3090_TI", gpu_id, 24.0, ti)
    ada = {"on_demand": 0.83, "community": 0.49, "spot": 0.49, "reserved_3m": 0.71}
    gpu_id = "NVIDIA RTX 5000 Ada Generation"
    assert _rows(parsed, gpu_id) == _rp("RTX_5000_ADA", gpu_id, 32.0, ada)


def test_mig_and_unknown_rows_absent(parsed: ParseResult) -> None:
    assert not [r for r in parsed.rows if "MIG" in r.source_gpu or r.source_gpu == "unknown"]


def test_gpu_names() -> None:
    name = "NVIDIA RTX PRO 4500 Blackwell Server Edition"
    assert clean_gpu_name(name) == "RTX PRO 4500"
    assert runpod_gpu("NVIDIA GeForce GTX 1050 Ti", 4.0) == "GTX_1050_TI"
    assert runpod_gpu("RTX A4000", 16.0) == "RTX_A4000"
    assert runpod_gpu("H100 SXM", 80.0) == "H100_SXM"
    assert runpod_gpu("A100 PCIe", 80.0) == "A100_PCIE_80GB"
    assert runpod_gpu("MI300X", 192.0) == "MI300X"


def test_missing_column_raises() -> None:
    payload = Payload(
        b"date,gpu_id,display_name,memory_gb,secure_price\n2026-08-01,x,x,80,1\n",
        datetime(2026, 8, 8, tzinfo=UTC),
        "test",
        "runpod_daily.csv",
    )
    with pytest.raises(ParseError, match="missing columns \\['community_price'"):
        SOURCE.parse(payload)
