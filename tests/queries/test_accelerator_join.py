"""Canonical accelerator ids join MLPerf results to rental prices and hardware specs: on
the offline snapshot, every MLPerf accelerator that a price source lists joins its
prices, and the ones that do not join are absent from the price sources under any
spelling (so the gap is real, not a naming slip)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from canon.names import canonical_gpu
from warehouse.connection import Warehouse

# MLPerf per-accelerator ids that have rental prices in the bundled snapshot (MI325X's is
# the curated quote in data/reference/gpu_list_prices.csv: no scraped source lists it).
JOINED = {
    "B200", "GB200", "GH200", "H100_NVL", "H100_PCIE", "H100_SXM", "H200", "H200_NVL", "L4",
    "L40S", "MI300X", "MI325X", "MI355X", "RTX_4000_ADA", "RTX_4090", "RTX_A5000", "RTX_PRO_6000",
    "TPU_V5E",
}  # fmt: skip
# ... and those without: id -> a pattern that would find it in any price source's spelling.
UNPRICED = {
    "GB300": r"GB\s*300",
    "T4": r"(?<![A-Z0-9])T4(?![0-9])",
    "TPU_V6": r"TPU\s*V6(?!E)",  # MLPerf v4.1's "TPU v6"; gcp_tpu lists "TPU v6e"
    "JETSON_AGX_ORIN_64G": r"ORIN",
    "RTX_2000E_ADA_16GB": r"2000E",
    "UNTETHERAI_SPEEDAI240_PREVIEW": r"SPEEDAI",
    "UNTETHERAI_SPEEDAI240_SLIM": r"SPEEDAI",
}


@pytest.fixture(scope="module")
def ids(offline_warehouse: Warehouse) -> dict[str, pd.DataFrame]:
    wh = offline_warehouse
    return {
        "mlperf": wh.query(
            "SELECT DISTINCT hardware FROM benchmarks "
            "WHERE source_id = 'mlperf' AND metric LIKE '%\\_per\\_accelerator' ESCAPE '\\'"
        ),
        "prices": wh.query("SELECT DISTINCT gpu, source_gpu FROM gpu_prices"),
        "hardware": wh.query("SELECT DISTINCT accelerator FROM hardware"),
    }


def test_every_priced_mlperf_accelerator_joins_its_prices(ids: dict[str, pd.DataFrame]) -> None:
    mlperf = set(ids["mlperf"]["hardware"])
    priced = set(ids["prices"]["gpu"])
    assert mlperf & priced == JOINED
    assert mlperf - priced == set(UNPRICED)


@pytest.mark.parametrize("gpu", sorted(UNPRICED))
def test_unpriced_accelerators_are_absent_under_any_spelling(
    ids: dict[str, pd.DataFrame], gpu: str
) -> None:
    spellings = ids["prices"]["source_gpu"].dropna().str.upper()
    hits = spellings[spellings.str.contains(UNPRICED[gpu], regex=True)]
    assert hits.empty, f"{gpu}: price sources list {sorted(set(hits))} under another id"


def test_the_seven_join_hardware_specs(ids: dict[str, pd.DataFrame]) -> None:
    seven = {"H100_SXM", "H200", "B200", "GB200", "MI300X", "MI325X", "MI355X"}
    assert seven <= set(ids["hardware"]["accelerator"]) & set(ids["mlperf"]["hardware"])


@pytest.mark.parametrize(
    ("mlperf_name", "rental_name"),
    [
        ("NVIDIA H100-SXM-80GB", "H100_SXM"),  # gpu_tracker
        ("NVIDIA H100-SXM-80GB", "NVIDIA HGX H100"),  # CoreWeave
        ("AMD Instinct MI300X 192GB HBM3", "MI300X"),
        ("AMD Instinct MI300X-NPS1-SPX-192GB-750W", "AMD Instinct MI300X"),
        ("NVIDIA H200-SXM-141GB-CTS", "H200"),
        ("NVIDIA B200-SXM-180GB", "NVIDIA HGX B200"),
        ("NVIDIA GB200", "NVIDIA GB200 NVL72"),
        ("AMD Instinct MI355X 288GB HBM3e", "MI355X"),
        ("TPU v5e", "TPU v5e"),
        ("NVIDIA RTX 4000 Ada-PCIe-20GB", "RTX 4000 Ada"),
    ],
)
def test_spellings_of_one_chip_share_an_id(mlperf_name: str, rental_name: str) -> None:
    assert canonical_gpu(mlperf_name) == canonical_gpu(rental_name)
    assert not re.search(r"\s", canonical_gpu(mlperf_name))


def test_tpu_prices_join_epoch_hardware_specs(ids: dict[str, pd.DataFrame]) -> None:
    tpus = {g for g in ids["prices"]["gpu"] if g.startswith("TPU_")}
    assert tpus == {"TPU_V2", "TPU_V3", "TPU_V4", "TPU_V5E", "TPU_V5P", "TPU_V6E"}
    assert tpus <= set(ids["hardware"]["accelerator"])
