"""Curated market shares: whole rows, skips and layout errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.rows import MarketShare
from ingest.sources.curated_market_shares import SOURCE, parse

HEADER = (
    "segment,company,period,share_pct,basis,market_definition,source_url,source_date,"
    "source_kind,note\n"
)
TOMS = (
    "https://www.tomshardware.com/tech-industry/nvidia-shipped-376m-data-center-gpus-in-2023-"
    "dominates-business-with-98-revenue-share"
)


def _payload(text: str) -> Payload:
    return Payload(text.encode(), datetime(2026, 1, 1, tzinfo=UTC), "test", "test.csv")


@pytest.fixture(scope="module")
def rows() -> list[MarketShare]:
    (payload,) = SOURCE.load_snapshot()
    result = parse(payload)
    assert result.skipped == {}
    return result.rows


def test_counts(rows: list[MarketShare]) -> None:
    assert len(rows) == 82
    assert sum(r.basis == "unspecified" for r in rows) == 6
    assert {r.segment for r in rows} == {"hardware", "hyperscaler", "model_api", "edge"}


def test_same_figure_two_bases_are_two_rows(rows: list[MarketShare]) -> None:
    nvidia_2023 = [r for r in rows if r.company == "NVIDIA" and r.period == "2023"]
    revenue = [r for r in nvidia_2023 if r.basis == "revenue"]
    assert revenue == [
        MarketShare(
            segment="hardware",
            company="NVIDIA",
            period="2023",
            share_pct=98.0,
            basis="revenue",
            market_definition="Data-center GPU revenue (NVIDIA, AMD, Intel); NVIDIA $36.2B",
            citation=TOMS,
            source_date="",
            source_kind="secondary",
            note=(
                "TechInsights estimate reported via HPCwire/Tom's Hardware. Same 98% as 2022. "
                "Stored copy undated; the same study was covered by hi-tech.ua on 2024-06-17."
            ),
        )
    ]
    assert {r.basis for r in nvidia_2023} == {"revenue", "units", "unspecified"}


def test_unspecified_basis_is_kept(rows: list[MarketShare]) -> None:
    (intel,) = [r for r in rows if r.company == "Intel" and r.period == "2023"]
    assert intel == MarketShare(
        segment="hardware",
        company="Intel",
        period="2023",
        share_pct=22.0,
        basis="unspecified",
        market_definition="Data-center AI chip market (GPUs, CPUs, accelerators)",
        citation="https://epium.com/?p=5109",
        source_kind="secondary",
        note="Same source and caveats as the NVIDIA 65% row.",
    )


def test_forecast_row_keeps_period_text(rows: list[MarketShare]) -> None:
    (row,) = [r for r in rows if r.period == "2024 (forecast)" and r.company == "NVIDIA"]
    assert row == MarketShare(
        segment="hardware",
        company="NVIDIA",
        period="2024 (forecast)",
        share_pct=92.5,
        basis="units",
        market_definition="High-end server GPU shipments (4.82M units, output value $102.2B)",
        citation=(
            "https://ftcelectronics.ph/news/institution-ai-will-drive-global-server-gpu-"
            "output-to-exceed-100-billion-us-dollars-this-year"
        ),
        source_date="2024-06-25",
        source_kind="secondary",
        note=(
            "Digitimes Research report (dated 25 June in the Filipino-language article; year "
            "2024 from context). Excludes hyperscaler in-house ASICs."
        ),
    )


def test_blank_bad_and_out_of_range_shares_are_skipped() -> None:
    text = HEADER + (
        "hardware,A,2024,,units,,,,,\n"  # blank share: not zero, skipped
        "hardware,B,2024,about half,units,,,,,\n"
        "hardware,C,2024,120,units,,,,,\n"
        "cloud,D,2024,10,units,,,,,\n"
        "edge,E,Q1 2025,12.5,units,Smartphone SoC shipments,u,2025-05,primary,n\n"
    )
    result = parse(_payload(text))
    assert result.rows == [
        MarketShare(
            segment="edge",
            company="E",
            period="Q1 2025",
            share_pct=12.5,
            basis="units",
            market_definition="Smartphone SoC shipments",
            citation="u",
            source_date="2025-05",
            source_kind="primary",
            note="n",
        )
    ]
    assert result.skipped == {
        "blank share_pct": 1,
        "non-numeric share_pct": 1,
        "share_pct outside 0-100": 1,
        "unknown segment 'cloud'": 1,
    }


def test_missing_columns_raise() -> None:
    with pytest.raises(ParseError, match="missing"):
        parse(_payload("segment,company,share\nhardware,NVIDIA,98\n"))
