"""vast.ai GPU offers from the anycloud catalog (SkyPilot schema, a small sample).

Origin: ``anycloud-sh/catalog``, ``vast/vms.csv``: SkyPilot's vast fetcher groups
marketplace offers by instance type (``<n>x-<gpu_name>-<cpus>-<ram>``) and publishes
one price per group (the 80th-percentile offer) for each listed location.

Units: ``Price`` is USD per hour for the whole offer of ``AcceleratorCount`` GPUs,
so ``usd_per_hour`` = Price, ``usd_per_gpu_hour`` = Price / AcceleratorCount,
``raw_unit`` = "USD/instance-hour". ``SpotPrice`` is the highest minimum bid of the
group; it is "0.00" on every row of this file, which is no price at all, so those
cells are skipped and counted rather than loaded as a free GPU.

``GpuInfo`` memory differs from Lambda's file: vast's ``SizeInMiB`` is the total over
all GPUs of the offer (8x H200: 1150168), so per-GPU memory = SizeInMiB / count,
loaded as GiB (MiB / 1024).

GPU names: ``AcceleratorName`` strips suffixes (H100_NVL -> "H100", A100_PCIE ->
"A100", RTX_4070S_Ti -> "RTX4070"), so the canonical id is computed from the GPU
part of ``InstanceType``; ``source_gpu`` keeps AcceleratorName. Two names
canonical_gpu does not know get tidier ids (RTX_5880_ADA, RTX_4070_TI_SUPER for
vast's "RTX 4070S Ti", the 4070 Ti SUPER). ``region`` is the
published location with empty leading parts removed (", US, NA" -> "US, NA").
"""

from __future__ import annotations

import re
from datetime import date

from canon.names import canonical_provider
from ingest import http
from ingest.base import ParseResult, Payload, SnapshotFile, Source
from ingest.sources.lambda_catalog import gpu_mib, read_skypilot_csv, skypilot_rows

URL = "https://raw.githubusercontent.com/anycloud-sh/catalog/main/vast/vms.csv"
_VAST_GPU = re.compile(r"^\d+x-(.+)-\d+-\d+$")
# canonical_gpu fallbacks (names it does not know) -> tidier ids in the same style.
VAST_GPU_OVERRIDES = {"RTX_5880ADA": "RTX_5880_ADA", "RTX_4070S_TI": "RTX_4070_TI_SUPER"}


def vast_gpu_key(row: dict[str, str]) -> str:
    """``1x-H100_NVL-32-65536`` -> ``H100_NVL``; AcceleratorName otherwise."""
    match = _VAST_GPU.match(row.get("InstanceType", ""))
    return match.group(1) if match else row.get("AcceleratorName", "")


def _vast_memory(info: dict | None, count: int) -> float | None:
    mib = gpu_mib(info)  # vast's SizeInMiB is the total over all GPUs
    return round(mib / count / 1024, 1) if mib else None


def _region(text: str) -> str:
    return text.strip().lstrip(", ").strip()


def parse(payload: Payload) -> ParseResult:
    """vast/vms.csv -> GpuPrice rows (offer prices divided per GPU)."""
    result = ParseResult()
    provider = canonical_provider("vast.ai")
    for row in read_skypilot_csv(payload, "vast_catalog"):
        result.rows.extend(
            skypilot_rows(
                row,
                provider=provider,
                gpu_key=vast_gpu_key,
                memory_per_gpu=_vast_memory,
                result=result,
                overrides=VAST_GPU_OVERRIDES,
                region=_region(row.get("Region", "")),
            )
        )
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="vms.csv")]


SOURCE = Source(
    name="vast_catalog",
    title="vast.ai offer catalog sample (anycloud / SkyPilot schema)",
    url=URL,
    kind="csv",
    license="none in repo (redistribution rights unknown)",
    attribution="anycloud-sh/catalog, vast/vms.csv (SkyPilot catalog schema, vast.ai offers)",
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("anycloud-catalog/vast/vms.csv", date(2026, 4, 29)),),
    description=(
        "A 64-row sample of vast.ai marketplace offers by GPU type, count and location, "
        "converted to USD per GPU-hour (offer price / GPU count)."
    ),
)
