"""Landscape taxonomy: who plays in which segment of the inference market (curated).

Source: ``data/reference/landscape_companies.csv``, one row per company x segment
(a company in several segments has several rows), each citing the page that
supports its placement (``source_url``). See ``data/reference/README.md``.

Company names are kept exactly as curated (some are product lines, e.g.
"AWS (Trainium / Inferentia)"); they are not passed through ``canonical_provider``.
The file has no ``source_date`` column, so ``Company.source_date`` stays "" unless a
later version adds one. ``notable_offering`` has no field in ``Company`` and is not
loaded.
"""

from __future__ import annotations

from canon.names import canonical_provider
from ingest.base import ParseResult, Payload
from ingest.rows import SEGMENTS, Company
from ingest.sources import _curated

FILENAME = "landscape_companies.csv"
REQUIRED = (
    "company",
    "segment",
    "subsegment",
    "hq_country",
    "ownership",
    "parent",
    "source_url",
    "note",
)


def parse(payload: Payload) -> ParseResult:
    """One ``Company`` per CSV row; rows without a company or with a segment outside
    ``SEGMENTS`` are skipped and counted."""
    result = ParseResult()
    for row in _curated.read_rows(payload, REQUIRED):
        if not row["company"]:
            result.skip("missing company")
            continue
        if row["segment"] not in SEGMENTS:
            result.skip(f"unknown segment {row['segment']!r}")
            continue
        result.rows.append(
            Company(
                company=row["company"],
                segment=row["segment"],
                subsegment=row["subsegment"],
                hq_country=row["hq_country"],
                ownership=row["ownership"],
                parent=row["parent"],
                citation=row["source_url"],
                source_date=row.get("source_date", ""),
                note=row["note"],
                provider=canonical_provider(row["company"]),
                notable_offering=row.get("notable_offering") or "",
            )
        )
    return result


SOURCE = _curated.source(
    FILENAME,
    name="curated_companies",
    title="Inference market landscape (curated)",
    attribution="Inference Atlas curated landscape; each row cites its source_url",
    parse=parse,
    description=(
        "Companies by segment (model_api, inference_provider, ai_cloud, hyperscaler, "
        "hardware, edge) with HQ country, ownership and parent, one citation per row."
    ),
)
