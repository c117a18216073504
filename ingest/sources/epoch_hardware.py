"""Epoch AI's "Machine Learning Hardware" dataset: accelerator specs and launch prices.

Live URL: ``https://epoch.ai/data/ml_hardware.csv``. This follows the address
pattern of Epoch AI's other published CSVs (``https://epoch.ai/data/<dataset>.csv``
as linked from their data hub); it was not reachable from the build machine, so
it is plausible, not verified. The bundled copies come from two GitHub mirrors
(see ``data/snapshots/epoch_hardware/ATTRIBUTION.md``).

Layouts: the dataset's column order and some names change between versions; the
2025-12-14 copy says ``Memory size per board (Byte)`` where the 2025-12-24 copy
says ``Memory (bytes)``. Each field is looked up by a list of accepted header
names; a field with none of its names in the header raises ParseError.

Units: the CSV is in raw SI units. Converted here: FLOP/s and OP/s / 1e12 ->
TFLOP/s and TOPS, bytes / 1e9 -> GB, byte/s / 1e12 -> TB/s. ``TDP (W)``,
``Process size (nm)`` and ``Release price (USD)`` are kept as is. Blank cells are
None. ``bf16_tflops`` is Epoch's ``Tensor-FP16/BF16 performance``.

``accelerator`` is ``canonical_gpu(name)`` when that is a known GPU id: an
NVIDIA/AMD/Intel part whose name holds the id's model token (e.g. "H100") as a
whole token. This keeps "NVIDIA GH100", "Maia 100 (M100)", "NVIDIA RTX A4000" and
"Tianshu ... (BI-V100)" from being read as H100 / A100 / A40 / V100. Otherwise
it is a slug of the name in ``canonical_gpu``'s style (uppercase, underscores),
e.g. "HUAWEI_ASCEND_910B"; Google TPUs get ``canonical_gpu``'s TPU ids ("TPU_V5P"). Several Epoch rows can share one canonical id (e.g. the
V100 variants); ``name`` keeps them apart.

Skipped and counted: rows without a hardware name; rows with a non-numeric cell.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from canon.names import canonical_gpu
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import Hardware

URL = "https://epoch.ai/data/ml_hardware.csv"

# field -> accepted header names (first present wins)
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Hardware name",),
    "vendor": ("Manufacturer",),
    "kind": ("Type",),
    "release_date": ("Release date",),
    "price_usd": ("Release price (USD)",),
    "bf16": ("Tensor-FP16/BF16 performance (FLOP/s)",),
    "fp8": ("FP8 performance (FLOP/s)",),
    "fp4": ("FP4 performance (FLOP/s)",),
    "int8": ("INT8 performance (OP/s)",),
    "memory": ("Memory (bytes)", "Memory size per board (Byte)", "Memory size (bytes)"),
    "bandwidth": ("Memory bandwidth (byte/s)",),
    "tdp": ("TDP (W)",),
    "process": ("Process size (nm)",),
}

# canonical_gpu ids name NVIDIA, AMD and Intel parts only.
_GPU_VENDORS = ("nvidia", "amd", "intel")
# Names that canonical_gpu maps to a family id they should not share.
_NOT_CANONICAL = {"NVIDIA GeForce RTX 3090 Ti"}


def _columns(header: list[str], origin: str) -> dict[str, str]:
    """field -> the header name used by this payload; ParseError if a field is absent."""
    found: dict[str, str] = {}
    for field, names in COLUMNS.items():
        match = next((name for name in names if name in header), None)
        if match is None:
            raise ParseError(
                f"{origin}: expected one of the columns {list(names)} for {field!r}; "
                f"header has {header}"
            )
        found[field] = match
    return found


def _number(cell: str, scale: float = 1.0) -> float | None:
    """A numeric cell divided by ``scale``, to 12 significant digits; None when blank."""
    cell = cell.strip()
    if not cell:
        return None
    return float(f"{float(cell) / scale:.12g}")


def _date(cell: str) -> date | None:
    cell = cell.strip()
    return date.fromisoformat(cell[:10]) if cell else None


def accelerator_id(name: str, vendor: str = "", memory_gb: float | None = None) -> str:
    """``canonical_gpu(name)`` when it is a known GPU id, else a slug of the name.

    Known means: an NVIDIA/AMD/Intel part (or no vendor given) whose name contains
    the id's model token as a whole token ("H100" in "NVIDIA H100 PCIe", but not in
    "NVIDIA GH100"; "A40" not in "RTX A4000").
    """
    slug = re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")
    if vendor.lower().startswith("google") and (tpu := canonical_gpu(name)).startswith("TPU_"):
        return tpu  # Google TPUs share canonical_gpu's TPU ids with the TPU price rows
    if name in _NOT_CANONICAL or (vendor and not vendor.lower().startswith(_GPU_VENDORS)):
        return slug
    gpu = canonical_gpu(name, memory_gb)
    token = re.escape(gpu.split("_")[0].upper())
    if gpu == slug or not re.search(rf"(?<![A-Z0-9]){token}(?![0-9])", name.upper()):
        return slug
    return gpu


def _row(row: dict[str, str], col: dict[str, str]) -> Hardware:
    name = row[col["name"]].strip()
    vendor = row[col["vendor"]].strip()
    memory_gb = _number(row[col["memory"]], 1e9)
    return Hardware(
        accelerator=accelerator_id(name, vendor, memory_gb),
        name=name,
        vendor=vendor,
        kind=row[col["kind"]].strip(),
        release_date=_date(row[col["release_date"]]),
        price_usd=_number(row[col["price_usd"]]),
        bf16_tflops=_number(row[col["bf16"]], 1e12),
        fp8_tflops=_number(row[col["fp8"]], 1e12),
        fp4_tflops=_number(row[col["fp4"]], 1e12),
        int8_tops=_number(row[col["int8"]], 1e12),
        memory_gb=memory_gb,
        bandwidth_tbps=_number(row[col["bandwidth"]], 1e12),
        tdp_w=_number(row[col["tdp"]]),
        process_nm=_number(row[col["process"]]),
    )


def parse(payload: Payload) -> ParseResult:
    """One ``Hardware`` row per accelerator in the CSV."""
    origin = payload.name or payload.origin
    try:
        reader = csv.DictReader(io.StringIO(payload.text()))
    except UnicodeDecodeError as exc:
        raise ParseError(f"{origin}: expected a UTF-8 CSV ({exc})") from exc
    col = _columns(list(reader.fieldnames or []), origin)
    result = ParseResult()
    for row in reader:
        if not (row.get(col["name"]) or "").strip():
            result.skip("missing hardware name")
            continue
        try:
            result.rows.append(_row({k: v or "" for k, v in row.items()}, col))
        except ValueError as exc:
            result.skip(f"unparseable cell ({exc.__class__.__name__})")
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="ml_hardware.csv")]


SOURCE = Source(
    name="epoch_hardware",
    title="Epoch AI — Machine Learning Hardware",
    url=URL,
    kind="csv",
    license=(
        "No LICENSE in the mirrored repos; publisher Epoch AI (believed CC BY 4.0 per "
        "epoch.ai; not verified)"
    ),
    attribution="Epoch AI, 'Data on Machine Learning Hardware', epoch.ai/data",
    parse=parse,
    fetch=fetch,
    snapshot=(
        SnapshotFile("epoch_hardware/ml_hardware_2025-12-14.csv", date(2025, 12, 14)),
        SnapshotFile("epoch_hardware/ml_hardware_2025-12-24.csv", date(2025, 12, 24)),
    ),
    description=(
        "Specs of ~170 ML accelerators (GPU, TPU, NPU...): BF16/FP8/FP4 TFLOP/s, "
        "INT8 TOPS, memory GB, bandwidth TB/s, TDP, process, release date and price."
    ),
)
