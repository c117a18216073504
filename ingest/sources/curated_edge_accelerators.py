"""On-device / edge AI accelerators (NPUs) with their stated TOPS (curated).

Source: ``data/reference/edge_accelerators.csv``. ``int8_tops`` is filled only
where the source says INT8 and the figure is not a structured-sparsity figure;
``npu_tops_stated`` is the headline TOPS exactly as stated (any precision; the
note gives it). TOPS are vendor claims at differing precisions and are not
directly comparable (see ``data/reference/README.md``). Blank cells are None.

Skipped and counted: rows without a chip, rows with a non-numeric TOPS cell.
"""

from __future__ import annotations

from ingest.base import ParseResult, Payload
from ingest.rows import EdgeAccelerator
from ingest.sources import _curated

FILENAME = "edge_accelerators.csv"
REQUIRED = (
    "device_family",
    "vendor",
    "chip",
    "npu_name",
    "release_date",
    "int8_tops",
    "npu_tops_stated",
    "memory_note",
    "typical_devices",
    "source_url",
    "source_date",
    "source_kind",
    "note",
)


def _row(row: dict[str, str]) -> EdgeAccelerator:
    return EdgeAccelerator(
        device_family=row["device_family"],
        vendor=row["vendor"],
        chip=row["chip"],
        npu_name=row["npu_name"],
        release_date=row["release_date"],
        int8_tops=_curated.optional_float(row, "int8_tops"),
        npu_tops_stated=_curated.optional_float(row, "npu_tops_stated"),
        memory_note=row["memory_note"],
        typical_devices=row["typical_devices"],
        citation=row["source_url"],
        source_date=row["source_date"],
        source_kind=row["source_kind"],
        note=row["note"],
    )


def parse(payload: Payload) -> ParseResult:
    """One ``EdgeAccelerator`` per row with a chip name."""
    return _curated.parse_each(payload, REQUIRED, _row, needed=("chip",), missing="missing chip")


SOURCE = _curated.source(
    FILENAME,
    name="curated_edge_accelerators",
    title="Edge AI accelerators (curated)",
    attribution="Inference Atlas curated edge accelerators; each row cites its source_url",
    parse=parse,
    description=(
        "Phone, PC and embedded NPUs: vendor, chip, release date, INT8 TOPS where "
        "stated as such, headline TOPS as stated, typical devices."
    ),
)
