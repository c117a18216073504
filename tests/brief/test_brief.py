"""The brief over the bundled snapshot's real history (three dated LiteLLM catalogues,
OpenRouter lists, daily GPU prices): known changes with their dates, nothing from
routers, fine-tunes, aliases or non-text listings; a summary whose every number is one
of the listed facts; a range without data says so."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from brief import facts, generate, render, store
from canon.channels import ROUTERS, is_router
from charts.provenance import direct_loader
from warehouse.connection import Warehouse

LITELLM_RANGE = (date(2025, 3, 30), date(2026, 7, 24))  # the 2nd and 3rd catalogues


@pytest.fixture(scope="module")
def litellm_brief(offline_warehouse: Warehouse) -> facts.Brief:
    return facts.build(direct_loader(offline_warehouse), *LITELLM_RANGE)


def _move(b: facts.Brief, provider: str, model: str, price_type: str) -> pd.Series:
    m = b.price_moves
    rows = m[(m.provider == provider) & (m.model_id == model) & (m.price_type == price_type)]
    assert len(rows) == 1, f"{provider} {model} {price_type}: {len(rows)} rows"
    return rows.iloc[0]


def test_known_litellm_price_changes_with_their_dates(litellm_brief: facts.Brief) -> None:
    cut = _move(litellm_brief, "SambaNova", "gpt-oss-120b", "input")
    assert (cut.old_usd_per_mtok, cut.new_usd_per_mtok) == (3.0, 0.22)
    assert cut["pct_change"] == pytest.approx(-92.667, abs=0.01)
    assert (cut.last_seen_old.date(), cut.first_seen.date()) == (
        date(2025, 10, 4),
        date(2026, 7, 24),
    )
    assert cut.source_id == "litellm"
    early = _move(litellm_brief, "SambaNova", "llama-3.2-1b-instruct", "input")
    assert (early.old_usd_per_mtok, early.new_usd_per_mtok) == (0.4, 0.04)
    assert (early.last_seen_old.date(), early.first_seen.date()) == (
        date(2025, 3, 29),
        date(2025, 10, 4),
    )
    kimi = _move(litellm_brief, "Moonshot AI", "kimi-thinking-preview", "input")
    assert (kimi.old_usd_per_mtok, kimi.new_usd_per_mtok) == (30.0, 0.6)


def test_no_routers_fine_tunes_aliases_or_other_kinds(
    litellm_brief: facts.Brief, offline_warehouse: Warehouse
) -> None:
    m = litellm_brief.price_moves
    assert len(m) > 20
    assert not m.provider.map(is_router).any()
    assert not set(m.provider) & ROUTERS
    assert not m.model_id.str.startswith("ft:").any()
    assert not m.model_id.str.endswith("-latest").any()  # e.g. mistral-medium-latest +275%
    assert set(m.price_type) <= {"input", "output"}
    assert (m["pct_change"].abs() >= facts.DEFAULT_THRESHOLD_PCT).all()
    kinds = offline_warehouse.query(
        "SELECT DISTINCT provider, model_id, kind FROM api_prices WHERE source_id = 'litellm'"
    )
    joined = m.merge(kinds, on=["provider", "model_id"], how="left")
    assert set(joined["kind"]) == {"text"}
    # router moves exist in the data: the filter is doing the work
    raw = offline_warehouse.query(
        "SELECT COUNT(*) AS n FROM price_changes WHERE provider = 'OpenRouter' "
        "AND first_seen >= DATE '2025-03-30' AND first_seen < DATE '2026-07-25'"
    )
    assert int(raw.n.iloc[0]) > 0


def test_moves_ordered_by_usage_share_then_size(litellm_brief: facts.Brief) -> None:
    share = litellm_brief.price_moves["usage_share_pct"]
    ranked = share[share.notna()]
    assert len(ranked) and ranked.is_monotonic_decreasing
    # the ranked moves come first, the unranked after them
    assert list(share.notna()) == sorted(share.notna(), reverse=True)


def test_listings_tiers_and_gpu_medians(
    litellm_brief: facts.Brief, offline_warehouse: Warehouse
) -> None:
    b = litellm_brief
    assert len(b.new_models) and len(b.removed_models)
    assert not b.new_models.providers.str.contains("OpenRouter").any()
    assert set(b.cheapest.tier) == {t[0] for t in facts.TIERS}
    for r in b.cheapest.itertuples():
        assert facts.tier_of(r.aa_intelligence_index) == r.tier and r.blended_usd_per_mtok > 0
    gpu = facts.build(
        direct_loader(offline_warehouse), date(2026, 7, 1), date(2026, 7, 14)
    ).gpu_moves
    assert (gpu["n_providers"] >= facts.MIN_GPU_PROVIDERS).all()
    assert (gpu.old_median != gpu.new_median).all()


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:[.,]\d+)*", text))


def test_every_number_in_the_summary_is_a_listed_fact(offline_warehouse: Warehouse) -> None:
    load = direct_loader(offline_warehouse)
    for start, end in (LITELLM_RANGE, (date(2026, 7, 25), date(2026, 8, 8))):
        b = facts.build(load, start, end)
        md = render.markdown(b)
        summary = render.summary_of(md)
        assert summary.startswith(f"From {start.isoformat()}")
        body = render.body_without_summary(md)
        assert "## Summary" not in body and summary not in body
        missing = _numbers(summary) - _numbers(body.replace("\\", ""))
        assert not missing, f"numbers in the summary but not in the facts: {missing}"


def test_a_range_without_data_says_so(offline_warehouse: Warehouse, tmp_path: Path) -> None:
    result = generate.build(
        direct_loader(offline_warehouse), tmp_path, start=date(2020, 1, 1), end=date(2020, 1, 7)
    )
    assert not result.brief.has_market_data()
    assert result.summary.startswith("No market data in 2020-01-01 to 2020-01-07")
    assert "newest data in the warehouse is from 2026-" in result.summary
    assert not result.specs  # no empty charts


def test_saved_with_its_date_and_the_next_brief_starts_after_it(
    offline_warehouse: Warehouse, tmp_path: Path
) -> None:
    load = direct_loader(offline_warehouse)
    first = generate.build(
        load, tmp_path, start=date(2026, 7, 18), end=date(2026, 7, 24), charts=False
    )
    generate.save_and_post(first, tmp_path, post=False)
    assert (
        (tmp_path / "brief-2026-07-24.md").read_text().startswith("# Inference Atlas weekly brief")
    )
    assert "<h2>Summary</h2>" in (tmp_path / "brief-2026-07-24.html").read_text()
    prev = store.previous(tmp_path)
    assert prev is not None and prev.end == date(2026, 7, 24)
    start, end, runs_since, _ = generate.period(load, tmp_path, None, None)
    assert start == date(2026, 7, 25) and end >= start and runs_since == prev.generated_at


def test_source_text_is_shown_as_text() -> None:
    cell = render.esc("<img src=x onerror=alert(1)> *bold* | pipe")
    page = render.to_html(f"| a |\n|---|\n| {cell} |\n", "t")
    assert "<img" not in page and "&lt;img" in page
    assert "<em>" not in page and "*bold*" in page and "| pipe" in page


def test_usd_formatting_keeps_small_prices() -> None:
    assert [render.usd(v) for v in (0.5, 0.0375, 3, 1234.5)] == [
        "$0.50",
        "$0.0375",
        "$3.00",
        "$1,234.50",
    ]


def test_new_benchmark_results_leave_out_a_new_sources_first_load(
    offline_warehouse: Warehouse,
) -> None:
    """LLMPerf runs of 2023-12-21..2024-01-10 are new results; MLPerf's first load (round
    v4.1, published 2024-11-05) is new coverage, listed but not counted."""
    b = facts.build(direct_loader(offline_warehouse), date(2023, 12, 20), date(2024, 11, 5))
    by_source = b.benchmarks.groupby("source_id")["new_source"].all().to_dict()
    assert by_source == {"llmperf": False, "mlperf": True}
    counted = int(b.benchmarks.loc[~b.benchmarks["new_source"], "n_results"].sum())
    assert counted == 87 + 29 + 232 + 29  # the llmperf runs after 2023-12-19
    md = render.markdown(b)
    assert f"{counted} new benchmark results" in render.summary_of(md)
    assert "first load of a source new in the period (mlperf)" in md
