"""Epoch AI's GPU clusters / AI supercomputers table: one row per known cluster.

Source: Epoch AI "GPU Clusters" data (``gpu_clusters.csv``), as mirrored in ``sr3-k/data``
(commit d62de22b, 2025-12-14); the bundled copy keeps every row and the columns read here
(see data/snapshots/epoch_clusters/ATTRIBUTION.md).

Rows: ``AiCluster`` with the primary chip's supplier (``GPU Supplier (primary)``, vendor
names spelled one way: "Google" for TPUs; "Anonymized" / "Unknown" kept as published, never
guessed), ``accelerator`` = ``canonical_gpu(Chip type (primary))``, chip counts,
H100-equivalents (Epoch's compute-equivalent count), power (MW), hardware cost (USD),
first operational date (M/D/YYYY in the file), status, certainty, Epoch's "Include in
Standard Analysis" flag, the "Possible Duplicate" flag and "Superseded by" (the later
phase of the same cluster, e.g. xAI Colossus Phase 2 -> Phase 3, which includes it).

These are *known clusters*, not sales or shipments: vendor shares computed from them
(``warehouse.queries.deployed_compute``) are labelled so.

Skipped and counted: rows without a name or status; rows with a non-numeric number cell.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from canon.names import canonical_gpu
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import AiCluster

URL = "https://epoch.ai/data/gpu_clusters.csv"
REQUIRED = (
    "Name",
    "Status",
    "Certainty",
    "H100 equivalents",
    "Chip type (primary)",
    "Chip quantity (primary)",
    "Total number of AI chips",
    "GPU Supplier (primary)",
    "Owner",
    "Country",
    "First Operational Date",
    "Power Capacity (MW)",
    "Hardware Cost",
)
# Supplier spellings -> one vendor name (the file writes "Amazon AWS" for Trainium).
SUPPLIERS = {"Amazon AWS": "Amazon"}


def _number(cell: str) -> float | None:
    cell = (cell or "").strip().replace(",", "")
    return float(cell) if cell else None


def _date(cell: str) -> date | None:
    cell = (cell or "").strip()
    if not cell:
        return None
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(cell, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {cell!r}")


def _truthy(cell: str) -> bool:
    return (cell or "").strip().upper() == "TRUE"


def _cluster(row: dict[str, str]) -> AiCluster:
    supplier = (row["GPU Supplier (primary)"] or "").strip() or "Unknown"
    chip = (row["Chip type (primary)"] or "").strip()
    return AiCluster(
        name=row["Name"].strip(),
        status=row["Status"].strip(),
        supplier=SUPPLIERS.get(supplier, supplier),
        certainty=(row["Certainty"] or "").strip(),
        accelerator=canonical_gpu(chip) if chip else "",
        chip_type=chip,
        chip_quantity=_number(row["Chip quantity (primary)"]),
        total_chips=_number(row["Total number of AI chips"]),
        h100_equivalents=_number(row["H100 equivalents"]),
        owner=(row["Owner"] or "").strip(),
        country=(row["Country"] or "").strip(),
        sector=(row.get("Sector") or "").strip(),
        first_operational=_date(row["First Operational Date"]),
        power_mw=_number(row["Power Capacity (MW)"]),
        hardware_cost_usd=_number(row["Hardware Cost"]),
        single_cluster=(row.get("Single cluster?") or "").strip(),
        possible_duplicate=_truthy(row.get("Possible Duplicate", "")),
        standard_analysis=_truthy(row.get("Include in Standard Analysis", "")),
        superseded_by=(row.get("Superseded by") or "").strip(),
        citation=(row.get("Source 1") or "").strip(),
    )


def parse(payload: Payload) -> ParseResult:
    """One AiCluster per named row of gpu_clusters.csv."""
    origin = payload.name or payload.origin
    try:
        reader = csv.DictReader(io.StringIO(payload.text()))
        header = reader.fieldnames or []
    except UnicodeDecodeError as exc:
        raise ParseError(f"{origin}: expected Epoch AI gpu_clusters.csv ({exc})") from exc
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ParseError(f"{origin}: expected Epoch AI gpu_clusters.csv columns; missing {missing}")
    result = ParseResult()
    for row in reader:
        if not (row.get("Name") or "").strip() or not (row.get("Status") or "").strip():
            result.skip("no name or status")
            continue
        try:
            result.rows.append(_cluster(row))
        except ValueError as exc:
            result.skip(f"unreadable cell ({exc.__class__.__name__})")
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="gpu_clusters.csv")]


SOURCE = Source(
    name="epoch_clusters",
    title="Epoch AI — GPU clusters (AI supercomputers)",
    url=URL,
    kind="csv",
    license="No LICENSE in the mirrored repo; publisher Epoch AI (believed CC BY 4.0 per "
    "epoch.ai; not verified)",
    attribution="Epoch AI, 'Data on GPU Clusters', epoch.ai/data (via sr3-k/data)",
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("epoch_clusters/gpu_clusters_2025-12-14.csv", date(2025, 12, 14)),),
    description=(
        "786 known AI supercomputers: primary chip and its supplier, chip count, "
        "H100-equivalents, owner, country, first operational date, power (MW), cost. "
        "Known clusters, not sales."
    ),
)
