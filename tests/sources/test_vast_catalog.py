"""vast.ai catalog sample (SkyPilot schema): per-offer -> per-GPU, total memory, 0.00 spot."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, ParseResult, Payload
from ingest.rows import GpuPrice
from ingest.sources.vast_catalog import SOURCE, URL, vast_gpu_key

HEADER = (
    "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region\n"
)


@pytest.fixture(scope="module")
def parsed() -> ParseResult:
    (payload,) = SOURCE.load_snapshot()
    return SOURCE.parse(payload)


def _payload(text: str) -> Payload:
    return Payload(text.encode(), datetime(2026, 4, 29, tzinfo=UTC), "test", "vms.csv")


def _vast(gpu: str, source: str, price: float, n: int, mem: float | None, region: str):
    return GpuPrice(
        provider="Vast.ai",
        gpu=gpu,
        pricing="on_demand",
        usd_per_gpu_hour=price / n,
        raw_value=price,
        raw_unit="USD/instance-hour",
        gpu_count=n,
        usd_per_hour=price,
        gpu_memory_gb=mem,
        region=region,
        source_gpu=source,
    )


def test_metadata() -> None:
    assert SOURCE.name == "vast_catalog" and SOURCE.url == URL
    assert [(s.path, s.observed_at) for s in SOURCE.snapshot] == [
        ("anycloud-catalog/vast/vms.csv", date(2026, 4, 29))
    ]


def test_counts(parsed: ParseResult) -> None:
    assert len(parsed.rows) == 64
    assert parsed.skipped == Counter({"SpotPrice is 0 (no offer)": 64})
    assert {r.provider for r in parsed.rows} == {"Vast.ai"}
    assert {r.pricing for r in parsed.rows} == {"on_demand"}


def test_whole_rows(parsed: ParseResult) -> None:
    expected = [
        # 8x H200 offer 20.71/hr; GpuInfo memory 1,150,168 MiB is the total of 8 GPUs
        _vast("H200", "H200", 20.71, 8, 140.4, "France, FR, EU"),
        _vast("H200", "H200", 5.65, 2, 140.4, "US, NA"),  # published ", US, NA"
        _vast("H100_NVL", "H100", 1.98, 1, 93.6, "Bulgaria, BG, EU"),
        _vast("A100_SXM_80GB", "A100", 0.93, 1, 80.0, "Czechia, CZ, EU"),
        _vast("A100_SXM_40GB", "A100", 0.93, 1, 40.0, "Georgia, US, NA"),
        _vast("A100_PCIE_40GB", "A100", 1.33, 2, 40.0, "South Korea, KR, AS"),
        _vast("RTX_4070_TI_SUPER", "RTX4070", 0.77, 4, 16.0, "Arizona, US, NA"),
        _vast("RTX_5880_ADA", "RTX5880-Ada", 0.35, 1, 48.0, "Sichuan, CN, AS"),
    ]
    for row in expected:
        assert row in parsed.rows, row
    assert expected[0].usd_per_gpu_hour == pytest.approx(2.58875)


def test_gpu_names_from_instance_type(parsed: ParseResult) -> None:
    assert vast_gpu_key({"InstanceType": "1x-RTX_PRO_6000_WS-32-65536"}) == "RTX_PRO_6000_WS"
    assert vast_gpu_key({"InstanceType": "?", "AcceleratorName": "V100"}) == "V100"
    gpus = {(r.source_gpu, r.gpu) for r in parsed.rows}
    assert ("H100", "H100_SXM") in gpus and ("H100", "H100_NVL") in gpus
    assert ("RTXPRO6000WS", "RTX_PRO_6000") in gpus
    assert ("RTX3060", "RTX_3060_TI") in gpus and ("RTX3060", "RTX_3060") in gpus
    assert ("V100", "V100") in gpus


def test_real_spot_price_is_loaded() -> None:
    info = "\"{'Gpus': [{'Name': 'L40S', 'Count': 2, 'MemoryInfo': {'SizeInMiB': 92160}}]}\""
    text = HEADER + f'2x-L40S-32-65536,L40S,2,32,64.0,{info},1.20,0.80,"Japan, JP, AS"\n'
    result = SOURCE.parse(_payload(text))
    spot = GpuPrice(
        provider="Vast.ai",
        gpu="L40S",
        pricing="spot",
        usd_per_gpu_hour=0.4,
        raw_value=0.8,
        raw_unit="USD/instance-hour",
        gpu_count=2,
        usd_per_hour=0.8,
        gpu_memory_gb=45.0,
        region="Japan, JP, AS",
        source_gpu="L40S",
    )
    assert result.rows == [_vast("L40S", "L40S", 1.2, 2, 45.0, "Japan, JP, AS"), spot]
    assert not result.skipped


def test_missing_column_raises() -> None:
    with pytest.raises(ParseError, match=r"vast_catalog: vms.csv is missing SkyPilot columns"):
        SOURCE.parse(_payload(HEADER.replace("GpuInfo,", "")))
