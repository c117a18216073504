"""OpenRouter effective-pricing CSV -> provider token volumes per model (Usage)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, ParseResult, Payload
from ingest.rows import Usage
from ingest.sources.openrouter_effective_pricing import SOURCE, parse

DAY = date(2026, 7, 31)


@pytest.fixture(scope="module")
def result() -> ParseResult:
    [payload] = SOURCE.load_snapshot()
    return parse(payload)


def _usage(mid: str, author: str, provider: str, tokens: float) -> Usage:
    return Usage(
        platform="OpenRouter",
        model_id=mid,
        author=author,
        tokens=tokens,
        provider=provider,
        observed_at=DAY,
    )


def _model(result: ParseResult, mid: str) -> list[Usage]:
    return [r for r in result.rows if r.model_id == mid]


def test_counts_and_skips(result) -> None:
    assert len(result.rows) == 976
    assert all(isinstance(r, Usage) for r in result.rows)
    assert result.skipped == {
        "model without provider summary (empty provider)": 398,
        "alias (~) model slug, duplicate of its target": 10,
    }


def test_single_provider_model(result) -> None:
    assert _model(result, "jamba-large-1.7") == [
        _usage("jamba-large-1.7", "AI21 Labs", "AI21 Labs", 11264941.0)
    ]


def test_provider_labels_merge_by_slug(result) -> None:
    # Anthropic = "Anthropic" standard 15,788,911,045 + batch 76,646,181;
    # "Claude Platform on AWS" (slug amazon-bedrock) 61,939,857,144 + "Amazon Bedrock
    # (Global)" 13,720,915,355 + "Amazon Bedrock (US)" 282,129 = AWS Bedrock;
    # "Google Vertex (Global)" 16,079,048,533 + "(Europe)" 305,588,063 = Vertex.
    assert _model(result, "claude-sonnet-5") == [
        _usage("claude-sonnet-5", "Anthropic", "Anthropic", 15865557226.0),
        _usage("claude-sonnet-5", "Anthropic", "AWS Bedrock", 75661054628.0),
        _usage("claude-sonnet-5", "Anthropic", "Google Vertex AI", 16384636596.0),
        _usage("claude-sonnet-5", "Anthropic", "Microsoft Azure", 2198388843.0),
    ]


def test_free_variant_and_numbered_endpoints(result) -> None:
    rows = {r.provider: r for r in _model(result, "gemma-4-31b-it")}
    assert rows["Google"] == _usage(
        "gemma-4-31b-it", "Google", "Google", 109797220.0
    )  # AI Studio, free
    # "Together (1)" 147,394,373 + "Together (2)" 301,474,188
    assert rows["Together AI"] == _usage("gemma-4-31b-it", "Google", "Together AI", 448868561.0)
    # "DeepInfra" 730,611,567 + "DeepInfra Turbo" 5,215,271,305
    assert rows["DeepInfra"] == _usage("gemma-4-31b-it", "Google", "DeepInfra", 5945882872.0)
    assert len(rows) == 17


def test_missing_columns_raise() -> None:
    payload = Payload(
        b"model_slug,provider_name\na/b,X\n", datetime(2026, 1, 1, tzinfo=UTC), "t", "t.csv"
    )
    with pytest.raises(ParseError, match=r"expected CSV columns \[.*'total_tokens'"):
        parse(payload)
