"""Lambda catalog (SkyPilot schema): per-instance -> per-GPU, form factors, skips."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, ParseResult, Payload
from ingest.rows import GpuPrice
from ingest.sources.lambda_catalog import SOURCE, URL, gpu_info, lambda_gpu_key

HEADER = (
    "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n"
)


@pytest.fixture(scope="module")
def parsed() -> ParseResult:
    (payload,) = SOURCE.load_snapshot()
    return SOURCE.parse(payload)


def _payload(text: str) -> Payload:
    return Payload(text.encode(), datetime(2026, 5, 7, tzinfo=UTC), "test", "vms.csv")


def _lambda(gpu: str, source: str, price: float, n: int, mem: float | None, region: str):
    return GpuPrice(
        provider="Lambda",
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
    assert SOURCE.name == "lambda_catalog" and SOURCE.url == URL
    assert [(s.path, s.observed_at) for s in SOURCE.snapshot] == [
        ("anycloud-catalog/lambda/vms.csv", date(2026, 5, 7))
    ]


def test_counts(parsed: ParseResult) -> None:
    # 425 rows = 25 instance types x 17 regions; 2 CPU types; no spot prices at Lambda.
    assert len(parsed.rows) == 391
    assert parsed.skipped == Counter(
        {"no accelerator (CPU instance)": 34, "SpotPrice empty or not a number": 391}
    )
    assert {r.provider for r in parsed.rows} == {"Lambda"}
    assert {r.pricing for r in parsed.rows} == {"on_demand"}
    assert len({r.region for r in parsed.rows}) == 17


def test_whole_rows(parsed: ParseResult) -> None:
    east = "us-east-1"
    expected = [
        _lambda("A100_SXM_40GB", "A100", 15.92, 8, 40.0, east),  # gpu_8x_a100: 1.99/GPU
        _lambda("A100_SXM_80GB", "A100-80GB", 22.32, 8, 80.0, east),
        _lambda("H100_PCIE", "H100", 3.29, 1, 80.0, east),  # gpu_1x_h100_pcie
        _lambda("H100_SXM", "H100", 31.92, 8, 80.0, east),  # gpu_8x_h100_sxm5
        _lambda("QUADRO_RTX_6000", "RTX6000", 0.69, 1, 24.0, east),
        _lambda("V100", "V100", 6.32, 8, 16.0, east),  # gpu_8x_v100_n
    ]
    for row in expected:
        assert row in parsed.rows, row
    assert expected[0].usd_per_gpu_hour == pytest.approx(1.99)
    assert expected[3].usd_per_gpu_hour == pytest.approx(3.99)


def test_canonical_gpu_per_instance_type(parsed: ParseResult) -> None:
    assert {r.gpu for r in parsed.rows} == {
        "A10",
        "A100_SXM_40GB",
        "A100_SXM_80GB",
        "B200",
        "GH200",
        "H100_PCIE",
        "H100_SXM",
        "QUADRO_RTX_6000",
        "RTX_A6000",
        "V100",
    }
    assert lambda_gpu_key({"InstanceType": "gpu_8x_a100_80gb_sxm4"}) == "a100_80gb_sxm4"
    assert lambda_gpu_key({"InstanceType": "odd", "AcceleratorName": "H100"}) == "H100"


def test_gpu_info_literal() -> None:
    text = "{'Gpus': [{'Name': 'A10', 'Count': 1.0, 'MemoryInfo': {'SizeInMiB': 24576}}]}"
    assert gpu_info(text) == {
        "Gpus": [{"Name": "A10", "Count": 1.0, "MemoryInfo": {"SizeInMiB": 24576}}]
    }
    assert gpu_info("__import__('os')") is None
    assert gpu_info("") is None


def test_zero_empty_and_unreadable_cells() -> None:
    text = HEADER + (
        'gpu_2x_h100_sxm5,H100,2.0,52,450,0,us-west-1,"{}",\n'
        "gpu_1x_a10,A10,1.0,30,200,1.29,us-west-1,not a dict,0.5\n"
        "cpu_4x_general,,,4,16,0.2,us-west-1,,\n"
    )
    result = SOURCE.parse(_payload(text))
    spot = GpuPrice(
        provider="Lambda",
        gpu="A10",
        pricing="spot",
        usd_per_gpu_hour=0.5,
        raw_value=0.5,
        raw_unit="USD/instance-hour",
        usd_per_hour=0.5,
        region="us-west-1",
        source_gpu="A10",
    )
    assert result.rows == [_lambda("A10", "A10", 1.29, 1, None, "us-west-1"), spot]
    assert result.skipped == Counter(
        {
            "Price is 0 (no offer)": 1,
            "SpotPrice empty or not a number": 1,
            "no accelerator (CPU instance)": 1,
        }
    )


def test_missing_column_raises() -> None:
    with pytest.raises(ParseError, match=r"missing SkyPilot columns \['Price'\]"):
        SOURCE.parse(_payload(HEADER.replace(",Price,", ",Cost,")))
