"""Concentration queries against the offline snapshot warehouse: published share groups,
excluded rows, and shares derived from OpenRouter token volumes."""

from __future__ import annotations

import pandas as pd
import pytest

from warehouse.connection import Warehouse
from warehouse.queries import concentration as q

MENLO_2025 = (
    "spend · 2025 · US enterprise spend on LLM / foundation-model APIs (Menlo Ventures survey "
    "of 495 US enterprise AI decision-makers)"
)


def test_published_model_api_shares_carry_their_citation(offline_warehouse: Warehouse) -> None:
    rows = q.published_shares(offline_warehouse, "model_api")
    menlo = rows[rows["group_label"] == MENLO_2025].set_index("company")
    assert menlo["share_pct"].to_dict() == {"Anthropic": 40.0, "OpenAI": 27.0, "Google": 21.0}
    assert set(menlo["citation"]) == {"https://a-eyelevel.com/articles/ai-model-decisions"}
    assert menlo["excluded_reason"].isna().all()
    assert (rows["origin"] == "published").all()
    assert list(rows.columns) == q.COLUMNS


def test_rows_that_are_not_firm_shares_say_why(offline_warehouse: Warehouse) -> None:
    rows = q.published_shares(offline_warehouse, "model_api")
    why = rows.set_index(["company", "basis", "period"])["excluded_reason"]
    assert why[("OpenAI", "adoption", "Jan 2026")].startswith("adoption rate")
    aggregate = why[("Open-weight models (aggregate)", "tokens", "2026 (latest weekly snapshot)")]
    assert aggregate == "aggregate of many firms, not one firm"
    edge = q.published_shares(offline_warehouse, "edge").set_index(["company", "period"])
    assert edge.loc[("AI-capable PCs (category)", "Q3 2024"), "excluded_reason"].startswith(
        "penetration rate"
    )
    assert pd.isna(edge.loc[("Apple", "Q2 2024"), "excluded_reason"])


def test_every_group_has_one_basis_period_and_definition(offline_warehouse: Warehouse) -> None:
    for segment in q.SEGMENTS:
        rows = q.segment_shares(offline_warehouse, segment)
        keys = rows.groupby("group_label")[["basis", "period", "market_definition"]].nunique()
        assert (keys == 1).all().all(), segment
        assert (rows["segment"] == segment).all()


def test_author_shares_use_the_newest_full_rankings_day(offline_warehouse: Warehouse) -> None:
    rows = q.author_token_shares(offline_warehouse)
    assert set(rows["period"]) == {"30 days to 2026-08-07"}
    assert rows["share_pct"].sum() == pytest.approx(100.0)
    raw = offline_warehouse.query(
        "SELECT author, tokens FROM usage WHERE source_id = 'openrouter_rankings' "
        "AND CAST(observed_at AS DATE) = DATE '2026-08-07'"
    )
    expected = raw.groupby("author")["tokens"].sum()
    expected = 100 * expected / expected.sum()
    got = rows.set_index("company")["share_pct"]
    assert got.idxmax() == expected.idxmax()
    assert got[expected.idxmax()] == pytest.approx(expected.max())
    assert q.DERIVED_LABEL in rows["market_definition"].iloc[0]


def test_host_shares_by_segment_and_for_all_hosts(offline_warehouse: Warehouse) -> None:
    everyone = q.host_token_shares(offline_warehouse)
    clouds = q.host_token_shares(offline_warehouse, "ai_cloud")
    assert everyone["share_pct"].sum() == pytest.approx(100.0)
    assert clouds["share_pct"].sum() == pytest.approx(100.0)
    assert set(clouds["company"]) == {"GMI Cloud", "CoreWeave", "Nebius", "io.net", "Crusoe"}
    tokens = everyone.set_index("company")["tokens"]
    share = 100 * tokens["CoreWeave"] / tokens[list(clouds["company"])].sum()
    assert clouds.set_index("company").loc["CoreWeave", "share_pct"] == pytest.approx(share)
    assert set(everyone["period"]) == {"2026-07-31"}
    assert (everyone["source_id"] == q.HOST_SOURCE).all()


def test_segments_without_published_shares_get_derived_groups(offline_warehouse: Warehouse) -> None:
    providers = q.segment_shares(offline_warehouse, "inference_provider")
    assert set(providers["origin"]) == {"derived"}
    assert providers["group_label"].nunique() == 2
    assert providers.groupby("group_label")["share_pct"].sum().round(6).eq(100).all()
    hyperscalers = q.segment_shares(offline_warehouse, "hyperscaler")
    assert set(hyperscalers["origin"]) == {"published"}


def test_unknown_segment_is_refused(offline_warehouse: Warehouse) -> None:
    with pytest.raises(ValueError, match="unknown segment"):
        q.segment_shares(offline_warehouse, "cloud'; DROP TABLE usage; --")
