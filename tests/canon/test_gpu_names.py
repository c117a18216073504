"""canonical_gpu: the accelerator spellings of MLPerf, the GPU price sources, Epoch AI and
gpuhunt's TPU table map to one id each; different parts keep different ids."""

from __future__ import annotations

import pytest

from canon.names import canonical_gpu

SAME = [
    ("NVIDIA H100-SXM-80GB", "H100_SXM"),
    ("NVIDIA H100-NVL-94GB", "H100_NVL"),
    ("NVIDIA H100-PCIe-80GB", "H100_PCIE"),
    ("NVIDIA H200-SXM-141GB-CTS", "H200"),
    ("Virtualized NVIDIA H200-SXM-141GB", "H200"),
    ("NVIDIA H200-NVL-141GB", "H200_NVL"),
    ("NVIDIA GH200 Grace Hopper Superchip 144GB", "GH200"),
    ("NVIDIA B200-SXM-180GB", "B200"),
    ("NVIDIA GB200", "GB200"),
    ("NVIDIA GB300", "GB300"),
    ("AMD Instinct MI300X-NPS1-SPX-192GB-750W", "MI300X"),
    ("AMD MI300X-NPS1-SPX-192GB-750W", "MI300X"),
    ("AMD Instinct MI300X 192GB HBM3", "MI300X"),
    ("AMD Instinct MI325X 256GB HBM3e", "MI325X"),
    ("AMD Instinct MI355X 288GB HBM3e", "MI355X"),
    ("NVIDIA RTX PRO 6000 Blackwell Server Edition", "RTX_PRO_6000"),
    ("NVIDIA RTX 4000 Ada-PCIe-20GB", "RTX_4000_ADA"),
    ("NVIDIA L4-PCIe-24GB", "L4"),
    ("TPU v5e", "TPU_V5E"),
    ("TPU v6e", "TPU_V6E"),
    ("Google TPU v6e Trillium", "TPU_V6E"),
    ("TPU v4 pod", "TPU_V4"),
    ("TPU v3 device", "TPU_V3"),
    ("Google TPU v5p", "TPU_V5P"),
    ("Google TPU v4i", "TPU_V4I"),
]


@pytest.mark.parametrize(("raw", "expected"), SAME)
def test_spellings_map_to_one_id(raw: str, expected: str) -> None:
    assert canonical_gpu(raw) == expected
    assert canonical_gpu(expected) == expected  # idempotent


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("RTX 4000 Ada", "RTX 4000 Ada SFF"),
        ("TPU v6", "TPU v6e"),  # MLPerf v4.1's "TPU v6" is not asserted to be v6e
        ("TPU v5e", "TPU v5p"),
        ("NVIDIA H200-SXM-141GB", "NVIDIA H200-NVL-141GB"),
        ("AMD Instinct MI325X", "AMD Instinct MI300X"),
    ],
)
def test_different_parts_keep_different_ids(a: str, b: str) -> None:
    assert canonical_gpu(a) != canonical_gpu(b)
