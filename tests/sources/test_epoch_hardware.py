"""Epoch AI ML hardware: both CSV layouts, SI -> engineering units, accelerator ids."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.rows import Hardware
from ingest.sources.epoch_hardware import SOURCE, accelerator_id, parse

H100_SXM = Hardware(
    accelerator="H100_SXM",
    name="NVIDIA H100 SXM5 80GB",
    vendor="NVIDIA",
    kind="GPU",
    release_date=date(2022, 9, 20),
    price_usd=33600.0,
    bf16_tflops=989.4,
    int8_tops=1979.0,
    memory_gb=80.0,
    bandwidth_tbps=3.35,
    tdp_w=700.0,
    process_nm=5.0,
)
MI300X = Hardware(
    accelerator="MI300X",
    name="AMD Instinct MI300X",
    vendor="AMD",
    kind="GPU",
    release_date=date(2023, 12, 6),
    price_usd=15000.0,
    bf16_tflops=1307.4,
    int8_tops=2614.9,
    memory_gb=192.0,
    bandwidth_tbps=5.3,
    tdp_w=750.0,
    process_nm=5.0,
)
# Blank release price, TDP filled only in the later copy.
TPU_V5P_LATER = Hardware(
    accelerator="TPU_V5P",
    name="Google TPU v5p",
    vendor="Google",
    kind="TPU",
    release_date=date(2023, 12, 6),
    price_usd=None,
    bf16_tflops=459.0,
    int8_tops=918.0,
    memory_gb=95.0,
    bandwidth_tbps=2.765,
    tdp_w=540.0,
)
# Blank price and memory; FP8/FP4 figures present.
TRAINIUM3 = Hardware(
    accelerator="AMAZON_TRAINIUM3",
    name="Amazon Trainium3",
    vendor="Amazon AWS",
    kind="GPU",
    release_date=date(2025, 12, 2),
    bf16_tflops=671.0,
    fp8_tflops=2517.0,
    fp4_tflops=2517.0,
    tdp_w=700.0,
)


def _payload(text: str) -> Payload:
    return Payload(text.encode(), datetime(2026, 1, 1, tzinfo=UTC), "test", "test.csv")


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict[str, Hardware]]:
    out = {}
    for payload in SOURCE.load_snapshot():
        result = parse(payload)
        assert len(result.rows) == 170
        assert result.skipped == {}
        out[payload.name] = {row.name: row for row in result.rows}
    return out


def test_snapshots_are_both_layouts() -> None:
    earlier, later = SOURCE.load_snapshot()
    assert b"Memory size per board (Byte)" in earlier.content
    assert b"Memory (bytes)" in later.content
    assert (earlier.observed_at.date(), later.observed_at.date()) == (
        date(2025, 12, 14),
        date(2025, 12, 24),
    )


@pytest.mark.parametrize("expected", [H100_SXM, MI300X, TRAINIUM3])
def test_rows_equal_in_both_layouts(parsed: dict, expected: Hardware) -> None:
    for rows in parsed.values():
        assert rows[expected.name] == expected


def test_tpu_row_changes_between_versions(parsed: dict) -> None:
    later = parsed["ml_hardware_2025-12-24.csv"]["Google TPU v5p"]
    earlier = parsed["ml_hardware_2025-12-14.csv"]["Google TPU v5p"]
    assert later == TPU_V5P_LATER
    assert earlier.tdp_w is None  # not yet filled in the 2025-12-14 copy
    assert earlier.memory_gb == later.memory_gb == 95.0


def test_accelerator_ids(parsed: dict) -> None:
    rows = parsed["ml_hardware_2025-12-24.csv"]
    ids = {name: rows[name].accelerator for name in rows}
    assert ids["NVIDIA H200 SXM"] == "H200"
    assert ids["NVIDIA H100 PCIe"] == "H100_PCIE"
    assert ids["NVIDIA A100 SXM4 80 GB"] == "A100_SXM_80GB"
    assert ids["Intel Habana Gaudi3"] == "Gaudi3"
    # look-alike names that canonical_gpu alone would misread
    assert ids["NVIDIA GH100"] == "GH100"
    assert ids["Maia 100 (M100)"] == "MAIA_100_M100"
    assert ids["NVIDIA RTX A4000"] == "RTX_A4000"
    assert ids["Tianshu Zhixin Tiangai 100 (BI-V100)"] == "TIANSHU_ZHIXIN_TIANGAI_100_BI_V100"
    assert ids["NVIDIA GeForce RTX 3090 Ti"] == "NVIDIA_GEFORCE_RTX_3090_TI"
    assert sum(a == "V100" for a in ids.values()) == 10


def test_accelerator_id_vendor_guard() -> None:
    assert accelerator_id("NVIDIA H100 SXM5 80GB", "NVIDIA") == "H100_SXM"
    assert accelerator_id("Huawei Ascend 910B4", "Huawei") == "HUAWEI_ASCEND_910B4"


def test_missing_layout_column_raises() -> None:
    text = "Hardware name,Manufacturer,Type\nX,Y,GPU\n"
    with pytest.raises(ParseError, match=r"'Release date'.*for 'release_date'"):
        parse(_payload(text))


def test_unknown_memory_header_raises() -> None:
    earlier, _ = SOURCE.load_snapshot()
    text = earlier.text().replace("Memory size per board (Byte)", "Memory per chip (GiB)", 1)
    with pytest.raises(ParseError, match="for 'memory'"):
        parse(_payload(text))


def test_blank_name_and_bad_number_are_skipped() -> None:
    _, later = SOURCE.load_snapshot()
    lines = later.text().splitlines()
    header = lines[0]
    cols = header.split(",")
    blank = [""] * len(cols)
    bad = list(blank)
    bad[cols.index("Hardware name")] = "Chip X"
    bad[cols.index("TDP (W)")] = "about 700"
    good = list(blank)
    good[cols.index("Hardware name")] = "Chip Y"
    good[cols.index("Memory (bytes)")] = "24000000000.0"
    good[cols.index("Memory bandwidth (byte/s)")] = "1008000000000.0"
    text = "\n".join([header, ",".join(blank), ",".join(bad), ",".join(good)]) + "\n"
    result = parse(_payload(text))
    assert result.rows == [
        Hardware(
            accelerator="CHIP_Y", name="Chip Y", vendor="", memory_gb=24.0, bandwidth_tbps=1.008
        )
    ]
    assert result.skipped == {"missing hardware name": 1, "unparseable cell (ValueError)": 1}
