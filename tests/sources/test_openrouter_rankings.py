"""OpenRouter model rankings -> Usage per (date, model); permaslug -> model id."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, ParseResult, Payload
from ingest.rows import Usage
from ingest.sources.openrouter_rankings import SOURCE, parse, public_slug

LAST = date(2026, 8, 7)


@pytest.fixture(scope="module")
def result() -> ParseResult:
    [payload] = SOURCE.load_snapshot()
    return parse(payload)


def _find(result: ParseResult, mid: str, day: date) -> Usage:
    [row] = [r for r in result.rows if r.model_id == mid and r.observed_at == day]
    return row


def test_counts_and_skips(result) -> None:
    assert len(result.rows) == 7946  # 8,396 rows; variants of one model summed
    assert result.skipped == {"row without model_permaslug": 2}
    per_day = Counter(r.observed_at for r in result.rows)
    assert per_day[LAST] == 431
    assert per_day[date(2026, 8, 5)] == 3  # the panel's gap day (4 CSV rows, one empty)


def test_dated_permaslug_row(result) -> None:
    # moonshotai/kimi-k3-20260715, standard only
    assert _find(result, "kimi-k3", LAST) == Usage(
        platform="OpenRouter",
        window="trailing 30 days",
        model_id="kimi-k3",
        author="Moonshot AI",
        tokens=4043318887763.0,
        prompt_tokens=3990482890049.0,
        completion_tokens=52835997714.0,
        requests=53455278.0,
        observed_at=LAST,
    )


def test_variants_summed(result) -> None:
    # anthropic/claude-opus-5-20260723 standard + batch
    assert _find(result, "claude-opus-5", LAST) == Usage(
        platform="OpenRouter",
        window="trailing 30 days",
        model_id="claude-opus-5",
        author="Anthropic",
        tokens=2076418206876.0 + 31282042759.0 + 33403576.0 + 7762625.0,
        prompt_tokens=2076418206876.0 + 33403576.0,
        completion_tokens=31282042759.0 + 7762625.0,
        requests=25499034.0 + 8301.0,
        observed_at=LAST,
    )


def test_claude_order_and_override_author(result) -> None:
    assert _find(result, "claude-haiku-4.5", LAST).tokens == (
        995207443444.0 + 40785078432.0 + 103328982.0 + 495193.0
    )
    assert _find(result, "dolphin-mistral-24b-venice-edition", LAST) == Usage(
        platform="OpenRouter",
        window="trailing 30 days",
        model_id="dolphin-mistral-24b-venice-edition",
        author="Cognitive Computations",
        tokens=1663013085.0 + 166432612.0,
        prompt_tokens=1663013085.0,
        completion_tokens=166432612.0,
        requests=634073.0,
        observed_at=LAST,
    )


def test_early_and_unprefixed_rows(result) -> None:
    assert _find(result, "nex-n2-pro", date(2026, 6, 22)) == Usage(
        platform="OpenRouter",
        window="trailing 30 days",
        model_id="nex-n2-pro",
        author="Nex AGI",
        tokens=4761270174.0,
        prompt_tokens=4483303803.0,
        completion_tokens=277966371.0,
        requests=115743.0,
        observed_at=date(2026, 6, 22),
    )
    assert _find(result, "text-embedding-3-small", date(2026, 7, 6)).author == ""


def test_values_are_trailing_month_totals(result) -> None:
    # claude-opus-5 was listed on 2026-07-24: a trailing window only grows in its first month.
    series = sorted((r.observed_at, r.tokens) for r in result.rows if r.model_id == "claude-opus-5")
    assert series[0][0] == date(2026, 7, 24)
    tokens = [t for _, t in series]
    assert tokens == sorted(tokens) and tokens[-1] > 100 * tokens[0]


@pytest.mark.parametrize(
    ("permaslug", "slug"),
    [
        ("anthropic/claude-4.5-haiku-20251001", "anthropic/claude-haiku-4.5"),
        ("anthropic/claude-4.6-opus-fast-20260407", "anthropic/claude-opus-4.6-fast"),
        ("anthropic/claude-3-haiku", "anthropic/claude-3-haiku"),
        ("moonshotai/kimi-k3-20260715", "moonshotai/kimi-k3"),
        ("deepseek/deepseek-v4-flash-20260731", "deepseek/deepseek-v4-flash-0731"),
        ("qwen/qwen3.5-plus-20260420", "qwen/qwen3.5-plus-20260420"),
        ("openai/gpt-oss-120b", "openai/gpt-oss-120b"),
    ],
)
def test_public_slug(permaslug: str, slug: str) -> None:
    assert public_slug(permaslug) == slug


def test_missing_columns_raise() -> None:
    payload = Payload(
        b"date,model_permaslug\n2026-08-07,a/b\n", datetime(2026, 1, 1, tzinfo=UTC), "t", "t.csv"
    )
    with pytest.raises(ParseError, match=r"expected CSV columns \[.*'total_prompt_tokens'"):
        parse(payload)
