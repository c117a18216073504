"""Curated edge accelerators: blanks stay None, sparse and INT4 figures are not INT8."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.rows import EdgeAccelerator
from ingest.sources.curated_edge_accelerators import REQUIRED, SOURCE, parse


def _payload(text: str) -> Payload:
    return Payload(text.encode(), datetime(2026, 1, 1, tzinfo=UTC), "test", "test.csv")


@pytest.fixture(scope="module")
def rows() -> dict[str, EdgeAccelerator]:
    (payload,) = SOURCE.load_snapshot()
    result = parse(payload)
    assert result.skipped == {}
    assert len(result.rows) == 30
    return {r.chip: r for r in result.rows}


def test_int4_figure_is_not_int8(rows: dict[str, EdgeAccelerator]) -> None:
    assert rows["Hailo-10H"] == EdgeAccelerator(
        device_family="Hailo (discrete edge accelerator)",
        vendor="Hailo",
        chip="Hailo-10H",
        npu_name="Hailo-10 (gen-AI)",
        release_date="2024",
        int8_tops=20.0,
        npu_tops_stated=40.0,
        memory_note="4 or 8 GB LPDDR4/4X on module (awesomeagents.ai)",
        typical_devices="M.2 add-in, Raspberry Pi AI HAT+ 2, automotive (AEC-Q100)",
        citation="https://www.theregister.com/2024/04/10/hailo_10h_ai_chip/",
        source_date="2024-04-10",
        source_kind="secondary",
        note=(
            "'rated to deliver 40 TOPS of INT4 performance, equivalent to 20 TOPS of INT8'. "
            "~2.5 W typical (awesomeagents.ai)."
        ),
    )


def test_sparse_figure_leaves_int8_blank(rows: dict[str, EdgeAccelerator]) -> None:
    orin = rows["Jetson AGX Orin"]
    assert (orin.int8_tops, orin.npu_tops_stated, orin.release_date) == (None, 275.0, "2022")


def test_unpublished_tops_are_none_not_zero(rows: dict[str, EdgeAccelerator]) -> None:
    assert rows["Tensor G3"] == EdgeAccelerator(
        device_family="Google Tensor (phone)",
        vendor="Google",
        chip="Tensor G3",
        npu_name="TPU (third-gen)",
        memory_note="LPDDR5X",
        typical_devices="Pixel 8",
        citation=(
            "https://technewsmix.com/google-tensor-g4-explained-everything-you-need-to-know-"
            "about-the-pixel-9-processor-3689.html"
        ),
        source_kind="secondary",
        note=(
            "Google does not publish TPU TOPS; source lists 'Third-gen Tensor Processing "
            "Unit' for both G3 and G4. Undated page."
        ),
    )
    assert sum(r.npu_tops_stated is None for r in rows.values()) == 6


def test_bad_cells_and_missing_chip_are_skipped() -> None:
    header = ",".join(REQUIRED) + "\n"
    text = header + "PC,V,,,,,,,,,,,\nPC,V,X1,,,lots,,,,,,,\nPC,V,X2,NPU,2025,,7.5,,,u,,,\n"
    result = parse(_payload(text))
    assert result.rows == [
        EdgeAccelerator(
            device_family="PC",
            vendor="V",
            chip="X2",
            npu_name="NPU",
            release_date="2025",
            npu_tops_stated=7.5,
            citation="u",
        )
    ]
    assert result.skipped == {
        "missing chip": 1,
        "non-numeric cell: int8_tops='lots' is not a number": 1,
    }


def test_missing_columns_raise() -> None:
    with pytest.raises(ParseError, match="int8_tops"):
        parse(_payload("device_family,vendor,chip\nPC,V,X\n"))
