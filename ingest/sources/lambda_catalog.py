"""Lambda Cloud GPU instance prices from the anycloud catalog (SkyPilot schema).

Origin: ``anycloud-sh/catalog``, ``lambda/vms.csv`` (bootstrapped from SkyPilot's
catalog, then refreshed by the repo's own jobs). One row per instance type x region:
``InstanceType, AcceleratorName, AcceleratorCount, vCPUs, MemoryGiB, Price, Region,
GpuInfo, SpotPrice``.

Units: ``Price`` / ``SpotPrice`` are USD per instance-hour (``gpu_8x_a100`` costs 8 x
the single-GPU price), so ``usd_per_hour`` = Price, ``gpu_count`` =
AcceleratorCount, ``usd_per_gpu_hour`` = Price / AcceleratorCount, ``raw_unit`` =
"USD/instance-hour". ``GpuInfo`` is a Python-dict string (read with
``ast.literal_eval``); in Lambda's file ``MemoryInfo.SizeInMiB`` is per GPU
(8x V100: 16384), loaded as GiB (MiB / 1024) in ``gpu_memory_gb``.

Rows without accelerators (CPU instances) and empty or zero price cells are skipped
and counted. Lambda publishes no spot prices, so every SpotPrice cell is empty.

GPU names: ``AcceleratorName`` drops the form factor ("H100" for both
``gpu_1x_h100_pcie`` and ``gpu_1x_h100_sxm5``), so the canonical id is computed from
the GPU part of ``InstanceType``; ``source_gpu`` keeps AcceleratorName. Lambda's
"RTX6000" is the 24 GB Quadro RTX 6000 (Turing), not the RTX 6000 Ada: mapped to
QUADRO_RTX_6000 by a local override.

The SkyPilot CSV helpers here are shared with ``vast_catalog``.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from collections.abc import Callable
from datetime import date

from canon.names import canonical_gpu, canonical_provider
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import GpuPrice

URL = "https://raw.githubusercontent.com/anycloud-sh/catalog/main/lambda/vms.csv"
INSTANCE_UNIT = "USD/instance-hour"
SKYPILOT_COLUMNS = (
    "InstanceType",
    "AcceleratorName",
    "AcceleratorCount",
    "Price",
    "SpotPrice",
    "Region",
    "GpuInfo",
)
PRICE_COLUMNS = (("Price", "on_demand"), ("SpotPrice", "spot"))
# canonical_gpu output -> corrected id, for names canonical_gpu gets wrong here.
LAMBDA_GPU_OVERRIDES = {"RTX6000": "QUADRO_RTX_6000"}
_LAMBDA_GPU = re.compile(r"^gpu_\d+x_(.+)$")

GpuKey = Callable[[dict[str, str]], str]
MemoryPerGpu = Callable[[dict | None, int], float | None]


def read_skypilot_csv(payload: Payload, source: str) -> list[dict[str, str]]:
    """CSV rows as dicts; ParseError when a SkyPilot column is missing."""
    reader = csv.DictReader(io.StringIO(payload.text()))
    header = reader.fieldnames or []
    missing = [c for c in SKYPILOT_COLUMNS if c not in header]
    if missing:
        raise ParseError(
            f"{source}: vms.csv is missing SkyPilot columns {missing}; "
            f"expected {list(SKYPILOT_COLUMNS)}, got {header}"
        )
    return list(reader)


def gpu_info(text: str) -> dict | None:
    """The GpuInfo cell (a Python-dict literal) as a dict, or None if unreadable."""
    try:
        value = ast.literal_eval(text) if text and text.strip() else None
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, dict) else None


def gpu_mib(info: dict | None) -> float | None:
    """``Gpus[0].MemoryInfo.SizeInMiB`` from a GpuInfo dict, or None."""
    try:
        return float(info["Gpus"][0]["MemoryInfo"]["SizeInMiB"])  # type: ignore[index]
    except (TypeError, KeyError, IndexError, ValueError):
        return None


def _price(text: str | None) -> float | None:
    try:
        return float((text or "").replace(",", "").strip())
    except ValueError:
        return None


def _count(text: str | None) -> int | None:
    try:
        value = float((text or "").strip())
    except ValueError:
        return None
    return int(value) if value >= 1 and value.is_integer() else None


def skypilot_rows(
    row: dict[str, str],
    *,
    provider: str,
    gpu_key: GpuKey,
    memory_per_gpu: MemoryPerGpu,
    result: ParseResult,
    overrides: dict[str, str] | None = None,
    region: str | None = None,
) -> list[GpuPrice]:
    """GpuPrice rows (on-demand, spot) for one SkyPilot catalog row; skips are counted."""
    count = _count(row.get("AcceleratorCount"))
    if not (row.get("AcceleratorName") or "").strip() or count is None:
        result.skip("no accelerator (CPU instance)")
        return []
    memory = memory_per_gpu(gpu_info(row.get("GpuInfo") or ""), count)
    gpu = canonical_gpu(gpu_key(row), memory)
    gpu = (overrides or {}).get(gpu, gpu)
    out = []
    for column, pricing in PRICE_COLUMNS:
        value = _price(row.get(column))
        if value is None:
            result.skip(f"{column} empty or not a number")
            continue
        if value <= 0:
            result.skip(f"{column} is 0 (no offer)")
            continue
        out.append(
            GpuPrice(
                provider=provider,
                gpu=gpu,
                pricing=pricing,
                usd_per_gpu_hour=value / count,
                raw_value=value,
                raw_unit=INSTANCE_UNIT,
                gpu_count=count,
                usd_per_hour=value,
                gpu_memory_gb=memory,
                region=row.get("Region", "") if region is None else region,
                source_gpu=row["AcceleratorName"],
            )
        )
    return out


def lambda_gpu_key(row: dict[str, str]) -> str:
    """``gpu_8x_a100_80gb_sxm4`` -> ``a100_80gb_sxm4``; AcceleratorName otherwise."""
    match = _LAMBDA_GPU.match(row.get("InstanceType", ""))
    return match.group(1) if match else row.get("AcceleratorName", "")


def _lambda_memory(info: dict | None, count: int) -> float | None:
    mib = gpu_mib(info)  # Lambda's SizeInMiB is per GPU
    return round(mib / 1024, 1) if mib else None


def parse(payload: Payload) -> ParseResult:
    """lambda/vms.csv -> GpuPrice rows (instance prices divided per GPU)."""
    result = ParseResult()
    provider = canonical_provider("lambda")
    for row in read_skypilot_csv(payload, "lambda_catalog"):
        result.rows.extend(
            skypilot_rows(
                row,
                provider=provider,
                gpu_key=lambda_gpu_key,
                memory_per_gpu=_lambda_memory,
                result=result,
                overrides=LAMBDA_GPU_OVERRIDES,
            )
        )
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="vms.csv")]


SOURCE = Source(
    name="lambda_catalog",
    title="Lambda Cloud instance catalog (anycloud / SkyPilot schema)",
    url=URL,
    kind="csv",
    license="none in repo (redistribution rights unknown)",
    attribution="anycloud-sh/catalog, lambda/vms.csv (SkyPilot catalog schema)",
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("anycloud-catalog/lambda/vms.csv", date(2026, 5, 7)),),
    description=(
        "Lambda Cloud on-demand prices per instance type and region, converted to USD "
        "per GPU-hour (instance price / GPU count)."
    ),
)
