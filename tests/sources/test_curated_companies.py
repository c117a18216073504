"""Curated landscape taxonomy: whole rows from the checked-in CSV."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.rows import Company
from ingest.sources import _curated
from ingest.sources.curated_companies import SOURCE, parse

OPENROUTER_PROVIDERS = (
    "https://github.com/sui414/openrouter-pricing-data/blob/"
    "0427e0eca09b86f90dcf8c065ea35ac203180055/data/raw/2026-08-08/providers.json.gz"
)


def _payload(text: str) -> Payload:
    return Payload(text.encode(), datetime(2026, 1, 1, tzinfo=UTC), "test", "test.csv")


@pytest.fixture(scope="module")
def rows() -> list[Company]:
    (payload,) = SOURCE.load_snapshot()
    result = parse(payload)
    assert result.skipped == {}
    return result.rows


def _find(rows: list[Company], company: str, segment: str) -> Company:
    (row,) = [r for r in rows if r.company == company and r.segment == segment]
    return row


def test_counts_and_segments(rows: list[Company]) -> None:
    assert len(rows) == 82
    by_segment: dict[str, int] = {}
    for row in rows:
        by_segment[row.segment] = by_segment.get(row.segment, 0) + 1
    assert by_segment == {
        "model_api": 17,
        "inference_provider": 23,
        "ai_cloud": 9,
        "hyperscaler": 6,
        "hardware": 17,
        "edge": 10,
    }


def test_together_ai_row(rows: list[Company]) -> None:
    assert _find(rows, "Together AI", "inference_provider") == Company(
        provider="Together AI",
        notable_offering="200+ open models, fine-tuning, dedicated endpoints",
        company="Together AI",
        segment="inference_provider",
        subsegment="optimized open-weight model hosting + GPU clusters",
        hq_country="US",
        ownership="private",
        parent="",
        citation=OPENROUTER_PROVIDERS,
        source_date="",
        note=(
            "hq_country = 'headquarters' field of OpenRouter's provider registry "
            "(/api/frontend/v1/all-providers, captured 2026-08-08; local copy "
            "shared/data/raw/openrouter-pricing-data/raw/2026-08-08/providers.json). "
            "'catalogue and full-stack leader' (wetheflywheel.com); in talks at $7.5B per "
            "read.technically.dev."
        ),
    )


def test_unsourced_row_keeps_blanks(rows: list[Company]) -> None:
    assert _find(rows, "Vast.ai", "ai_cloud") == Company(
        provider="Vast.ai",
        notable_offering="peer-to-peer GPU rental marketplace",
        company="Vast.ai",
        segment="ai_cloud",
        subsegment="GPU marketplace",
        note=(
            "unsourced (no descriptive source found in this pass); its instance catalogue "
            "is in shared/data/raw/anycloud-catalog/vast/vms.csv."
        ),
    )


def test_company_in_two_segments(rows: list[Company]) -> None:
    assert {r.segment for r in rows if r.company == "Groq"} == {"hardware", "inference_provider"}
    assert _find(rows, "OctoAI", "inference_provider") == Company(
        provider="OctoAI",
        notable_offering="OctoAI SaaS (shut down 2024-10-31); API superseded by NVIDIA NIM",
        company="OctoAI",
        segment="inference_provider",
        subsegment="optimized model serving (TVM-based); OctoStack",
        hq_country="",
        ownership="subsidiary",
        parent="NVIDIA",
        citation="https://github.com/NVIDIA/garak/issues/1247",
        note=(
            "NVIDIA/garak issue (2025-06-06): 'Acquired by nvidia 2409, api/sdk superceded "
            "by NIM'; weaviate PR #6105 (2024-10-25): shutting down 31.10.24; built by "
            "Apache TVM creators (swarmauri issue #240). Brand discontinued."
        ),
    )


def test_bad_rows_are_skipped_and_counted() -> None:
    header = "company,segment,subsegment,hq_country,ownership,parent,source_url,note\n"
    text = header + "Acme,galaxy_brain,,,,,,\n,hardware,,,,,,\nBeta,edge,npu,DE,private,,u,n\n"
    result = parse(_payload(text))
    assert result.rows == [
        Company(
            company="Beta",
            segment="edge",
            subsegment="npu",
            hq_country="DE",
            ownership="private",
            citation="u",
            note="n",
            provider="Beta",
        )
    ]
    assert result.skipped == {"unknown segment 'galaxy_brain'": 1, "missing company": 1}


def test_missing_columns_raise() -> None:
    with pytest.raises(ParseError, match=r"missing \['segment'"):
        parse(_payload("company,sector\nAcme,hardware\n"))


def test_source_points_at_the_curated_file() -> None:
    assert SOURCE.kind == "curated"
    assert SOURCE.url.endswith("/data/reference/landscape_companies.csv")
    (payload,) = SOURCE.fetch()
    assert payload.content == (_curated.REFERENCE_DIR / "landscape_companies.csv").read_bytes()
