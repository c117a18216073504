"""Epoch AI GPU clusters: whole rows of a phased cluster, a TPU cluster, the counts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.rows import AiCluster
from ingest.sources.epoch_clusters import SOURCE, parse


@pytest.fixture(scope="module")
def rows() -> list[AiCluster]:
    (payload,) = SOURCE.load_snapshot()
    result = parse(payload)
    assert result.skipped == {}
    return result.rows


def _find(rows: list[AiCluster], name: str) -> AiCluster:
    (row,) = [r for r in rows if r.name == name]
    return row


def test_counts(rows: list[AiCluster]) -> None:
    assert len(rows) == 786
    statuses = [r.status for r in rows]
    assert (statuses.count("Existing"), statuses.count("Planned")) == (609, 171)
    assert sum(r.supplier == "Anonymized" for r in rows) == 257  # kept, never guessed


def test_a_phase_that_a_later_phase_supersedes(rows: list[AiCluster]) -> None:
    assert _find(rows, "xAI Colossus Memphis Phase 2") == AiCluster(
        name="xAI Colossus Memphis Phase 2",
        status="Existing",
        supplier="NVIDIA",
        certainty="Likely",
        accelerator="H100_SXM",
        chip_type="NVIDIA H100 SXM5 80GB",
        chip_quantity=150000.0,
        total_chips=200000.0,
        h100_equivalents=200000.0,
        owner="xAI",
        country="United States of America",
        sector="Private",
        first_operational=date(2025, 2, 18),
        power_mw=280.28,
        hardware_cost_usd=7120201209.0,
        single_cluster="Yes",
        possible_duplicate=False,
        standard_analysis=True,
        superseded_by="xAI Colossus Memphis Phase 3",
        citation="https://archive.ph/z39uN",
    )


def test_tpu_clusters_get_the_tpu_ids(rows: list[AiCluster]) -> None:
    google = [r for r in rows if r.supplier == "Google" and r.accelerator]
    assert google and all(r.accelerator.startswith("TPU_V") for r in google)


def test_missing_column_fails_clearly() -> None:
    bad = Payload(b"Name,Status\nX,Existing\n", datetime(2026, 1, 1, tzinfo=UTC), "t", "c.csv")
    with pytest.raises(ParseError, match="missing"):
        parse(bad)
