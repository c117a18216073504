"""gpu-pricing-tracker observations.csv: whole rows, the instance-price window, speed."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from datetime import UTC, date, datetime

import pytest

from ingest.base import SNAPSHOT_DIR, ParseError, ParseResult, Payload
from ingest.rows import GpuPrice
from ingest.sources.gpu_tracker import INSTANCE_PRICED_REASON, RAW_UNIT, SOURCE

HEADER = (
    "date,provider,gpu_model,gpu_count,region,rental_type,price_min_usd,price_median_usd,"
    "price_max_usd,n_offers,source_url,fetched_at\n"
)
GD = "https://getdeploying.com"


@pytest.fixture(scope="module")
def parsed() -> ParseResult:
    (payload,) = SOURCE.load_snapshot()
    return SOURCE.parse(payload)


def _payload(text: str) -> Payload:
    return Payload(text.encode(), datetime(2026, 7, 15, tzinfo=UTC), "test", "observations.csv")


def _row(**kw) -> GpuPrice:
    base = dict(raw_unit=RAW_UNIT, gpu_count=1, region="global")
    base.update(kw)
    base["raw_value"] = base["usd_per_gpu_hour"]
    return GpuPrice(**base)


def test_snapshot_is_byte_identical_copy() -> None:
    data = (SNAPSHOT_DIR / "gpu-pricing-tracker" / "observations.csv").read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == "936a71365b1d42303b171f775f1cc833cac59313fd4492ea3055fea5ee4a117a"
    assert [(s.path, s.observed_at) for s in SOURCE.snapshot] == [
        ("gpu-pricing-tracker/observations.csv", date(2026, 7, 15))
    ]


def test_counts(parsed: ParseResult) -> None:
    # 32,719 data rows = 31,260 loaded + 1,459 instance-priced rows skipped.
    assert len(parsed.rows) == 31_260
    assert parsed.skipped == Counter({INSTANCE_PRICED_REASON: 1_459})
    assert Counter(r.pricing for r in parsed.rows) == {"on_demand": 22_408, "spot": 8_852}
    assert len({r.provider for r in parsed.rows}) == 43
    dates = [r.observed_at for r in parsed.rows]
    assert (min(dates), max(dates)) == (date(2026, 2, 11), date(2026, 7, 14))


def test_whole_rows(parsed: ParseResult) -> None:
    expected = [
        _row(
            provider="AceCloud",
            gpu="A100_SXM_80GB",
            pricing="on_demand",
            usd_per_gpu_hour=2.3,
            observed_at=date(2026, 2, 11),
            source_gpu="A100_SXM_80GB",
            n_offers=9,
        ),
        # single-GPU row of the instance-price window is kept
        _row(
            provider="Massed Compute",
            gpu="A100_PCIE_80GB",
            pricing="on_demand",
            usd_per_gpu_hour=1.2,
            observed_at=date(2026, 2, 11),
            source_gpu="A100_PCIE_80GB",
            n_offers=9,
        ),
        # after the window the 8-GPU CoreWeave row is per GPU (49.24 / 8 ~ 6.16)
        _row(
            provider="CoreWeave",
            gpu="H100_SXM",
            pricing="on_demand",
            usd_per_gpu_hour=6.16,
            gpu_count=8,
            observed_at=date(2026, 2, 19),
            source_gpu="H100_SXM",
            n_offers=2,
        ),
        _row(
            provider="Vast.ai",
            gpu="A100_SXM_80GB",
            pricing="spot",
            usd_per_gpu_hour=0.1333,
            gpu_count=8,
            region="CZ",
            observed_at=date(2026, 5, 8),
            source_gpu="A100_SXM_80GB",
            n_offers=1,
        ),
        _row(
            provider="RunPod",
            gpu="A100_PCIE_80GB",
            pricing="spot",
            usd_per_gpu_hour=1.19,
            region="community",
            observed_at=date(2026, 5, 8),
            source_gpu="A100_PCIE_80GB",
            n_offers=1,
        ),
        _row(
            provider="Crusoe",
            gpu="MI355X",
            pricing="on_demand",
            usd_per_gpu_hour=3.45,
            region="us",
            observed_at=date(2026, 5, 8),
            source_gpu="MI355X",
            n_offers=1,
        ),
        _row(
            provider="Vast.ai",
            gpu="RTX_5090",
            pricing="spot",
            usd_per_gpu_hour=0.32,
            gpu_count=8,
            region="CA",
            observed_at=date(2026, 7, 14),
            source_gpu="RTX_5090",
            n_offers=1,
        ),
    ]
    for row in expected:
        assert row in parsed.rows, row
    assert parsed.rows[0] == expected[0]
    assert parsed.rows[-1] == expected[-1]


def test_instance_priced_window_is_not_loaded(parsed: ParseResult) -> None:
    coreweave_h100_8x = {
        r.observed_at: r.usd_per_gpu_hour
        for r in parsed.rows
        if (r.provider, r.gpu, r.gpu_count) == ("CoreWeave", "H100_SXM", 8)
    }
    assert date(2026, 2, 18) not in coreweave_h100_8x  # median 49.24 = instance price
    assert coreweave_h100_8x[date(2026, 2, 19)] == 6.16
    assert max(r.usd_per_gpu_hour for r in parsed.rows if r.provider == "CoreWeave") < 10


def test_gpu_ids_are_already_canonical(parsed: ParseResult) -> None:
    assert all(r.gpu == r.source_gpu for r in parsed.rows)
    assert {r.gpu for r in parsed.rows} >= {"H100_SXM", "A100_SXM_80GB", "GB200", "MI300X"}


def test_skips_are_counted() -> None:
    text = (
        HEADER
        + (
            "2026-03-01,lambda,H100_SXM,1,us,on_demand,,,,1,https://lambda.ai,x\n"  # empty
            "2026-03-01,lambda,H100_SXM,1,us,reserved,2,2,2,1,https://lambda.ai,x\n"
            "2026-03-01,lambda,H100_SXM,1,us,spot,0,0,0,1,https://lambda.ai,x\n"  # zero
            "not-a-date,lambda,H100_SXM,1,us,spot,2,2,2,1,https://lambda.ai,x\n"
            "2026-03-01,lambda,H100_SXM,x,us,spot,2,2,2,1,https://lambda.ai,x\n"
            "2026-02-18,aws,H100_SXM,8,global,on_demand,55,55,55,2," + GD + ",x\n"
            "2026-02-18,aws,H100_SXM,1,global,on_demand,6.88,6.88,6.88,2," + GD + ",x\n"
            "2026-02-18,lambda,H100_SXM\n"
        )
    )
    result = SOURCE.parse(_payload(text))
    assert result.rows == [
        _row(
            provider="AWS",
            gpu="H100_SXM",
            pricing="on_demand",
            usd_per_gpu_hour=6.88,
            observed_at=date(2026, 2, 18),
            source_gpu="H100_SXM",
            n_offers=2,
        )
    ]
    assert result.skipped == Counter(
        {
            "price_median_usd empty, not a number or not > 0": 2,
            "rental_type not on_demand/spot": 1,
            "date not an ISO date": 1,
            "gpu_count not a positive integer": 1,
            INSTANCE_PRICED_REASON: 1,
            "line with too few fields": 1,
        }
    )


def test_missing_column_raises() -> None:
    with pytest.raises(ParseError, match=r"missing columns \['price_median_usd'\]"):
        SOURCE.parse(_payload(HEADER.replace("price_median_usd", "price_usd")))
    with pytest.raises(ParseError, match="empty payload"):
        SOURCE.parse(_payload(""))


def test_parse_is_fast() -> None:
    (payload,) = SOURCE.load_snapshot()
    start = time.perf_counter()
    SOURCE.parse(payload)
    assert time.perf_counter() - start < 3.0  # ~0.2 s on a laptop core
