"""simonw/llm-prices: eleven vendor files with dated price history."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, ParseResult, Payload
from ingest.rows import ApiPrice
from ingest.sources.llm_prices import SOURCE, VENDORS, parse


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParseResult]:
    return {p.name.removesuffix(".json"): parse(p) for p in SOURCE.load_snapshot()}


def _row(provider: str, model: str, price_type: str, usd: float, observed: date | None):
    return ApiPrice(
        provider=provider,
        model_id=model,
        price_type=price_type,
        usd_per_mtok=usd,
        raw_value=usd,
        raw_unit="USD/1M tokens",
        observed_at=observed,
        source_model=model,
        kind="text",
        undated=observed is None,  # no date of its own: never overrides a dated price
    )


def _model_rows(result: ParseResult, model: str) -> set[ApiPrice]:
    return {r for r in result.rows if r.model_id == model}


def _payload(data: object, observed: datetime = datetime(2026, 8, 5, tzinfo=UTC)) -> Payload:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return Payload(raw, observed, "test", "vendor.json")


def test_snapshot_lists_all_eleven_files() -> None:
    assert len(SOURCE.snapshot) == 11 == len(VENDORS)
    assert {s.observed_at for s in SOURCE.snapshot} == {date(2026, 8, 5)}


def test_row_counts_per_file(parsed) -> None:
    counts = {vendor: len(result.rows) for vendor, result in parsed.items()}
    assert counts == {
        "amazon": 8,
        "anthropic": 34,
        "deepseek": 12,
        "google": 57,
        "meta-ai": 9,
        "minimax": 2,
        "mistral": 28,
        "moonshot-ai": 15,
        "openai": 140,
        "qwen": 4,
        "xai": 63,
    }
    skipped = sum((r.skipped for r in parsed.values()), Counter())
    assert skipped == Counter(
        {
            "duplicate model entry: same price row": 3,  # xai grok-4-fast listed twice
            "future price_history entry (from_date after observation date)": 1,
        }
    )


def test_providers_are_canonical(parsed) -> None:
    providers = {v: {r.provider for r in result.rows} for v, result in parsed.items()}
    assert providers == {
        "amazon": {"Amazon"},
        "anthropic": {"Anthropic"},
        "deepseek": {"DeepSeek"},
        "google": {"Google"},
        "meta-ai": {"Meta"},
        "minimax": {"MiniMax"},
        "mistral": {"Mistral AI"},
        "moonshot-ai": {"Moonshot AI"},
        "openai": {"OpenAI"},
        "qwen": {"Alibaba"},
        "xai": {"xAI"},
    }


def test_deepseek_chat_history_and_null_cached(parsed) -> None:
    """0.14/0.28 until 2025-02-08 (exclusive), then 0.27/1.10; input_cached null."""
    assert _model_rows(parsed["deepseek"], "deepseek-chat") == {
        _row("DeepSeek", "deepseek-chat", "input", 0.14, date(2025, 2, 7)),
        _row("DeepSeek", "deepseek-chat", "output", 0.28, date(2025, 2, 7)),
        _row("DeepSeek", "deepseek-chat", "input", 0.27, date(2025, 2, 8)),
        _row("DeepSeek", "deepseek-chat", "output", 1.1, date(2025, 2, 8)),
    }


def test_gpt56_terra_price_cut(parsed) -> None:
    assert _model_rows(parsed["openai"], "gpt-5.6-terra") == {
        _row("OpenAI", "gpt-5.6-terra", "input", 2.5, date(2026, 7, 29)),
        _row("OpenAI", "gpt-5.6-terra", "output", 15.0, date(2026, 7, 29)),
        _row("OpenAI", "gpt-5.6-terra", "cached_input", 0.25, date(2026, 7, 29)),
        _row("OpenAI", "gpt-5.6-terra", "input", 2.0, date(2026, 7, 30)),
        _row("OpenAI", "gpt-5.6-terra", "output", 12.0, date(2026, 7, 30)),
        _row("OpenAI", "gpt-5.6-terra", "cached_input", 0.2, date(2026, 7, 30)),
    }


def test_open_ended_price_takes_payload_date_and_is_marked_undated(parsed) -> None:
    assert _model_rows(parsed["deepseek"], "deepseek-v4-flash") == {
        _row("DeepSeek", "deepseek-v4-flash", "input", 0.14, None),
        _row("DeepSeek", "deepseek-v4-flash", "output", 0.28, None),
        _row("DeepSeek", "deepseek-v4-flash", "cached_input", 0.028, None),
    }


def test_future_price_skipped_until_in_force(parsed) -> None:
    """claude-sonnet-5: 2/10 until 2026-09-01, 3/15 from then; snapshot is 2026-08-05."""
    assert _model_rows(parsed["anthropic"], "claude-sonnet-5") == {
        _row("Anthropic", "claude-sonnet-5", "input", 2.0, None),
        _row("Anthropic", "claude-sonnet-5", "output", 10.0, None),
    }
    (payload,) = [p for p in SOURCE.load_snapshot() if p.name == "anthropic.json"]
    later = parse(_payload(payload.content, datetime(2026, 9, 2, tzinfo=UTC)))
    assert _model_rows(later, "claude-sonnet-5") == {
        _row("Anthropic", "claude-sonnet-5", "input", 2.0, date(2026, 8, 31)),
        _row("Anthropic", "claude-sonnet-5", "output", 10.0, date(2026, 8, 31)),
        _row("Anthropic", "claude-sonnet-5", "input", 3.0, date(2026, 9, 1)),
        _row("Anthropic", "claude-sonnet-5", "output", 15.0, date(2026, 9, 1)),
    }
    assert later.skipped == Counter()


def test_conflicting_duplicate_keeps_first_and_counts() -> None:
    entry = {"input": 1, "output": 2, "input_cached": None, "from_date": None, "to_date": None}
    data = {
        "vendor": "mistral",
        "models": [
            {"id": "m", "price_history": [entry]},
            {"id": "m", "price_history": [{**entry, "output": 3}]},
        ],
    }
    result = parse(_payload(data))
    assert result.rows == [
        _row("Mistral AI", "m", "input", 1.0, None),
        _row("Mistral AI", "m", "output", 2.0, None),
    ]
    assert result.skipped == Counter(
        {
            "duplicate model entry: same price row": 1,
            "duplicate model entry: conflicting price row": 1,
        }
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html>", "invalid JSON"),
        ({"models": []}, "'vendor' and 'models'"),
        ({"vendor": "x", "models": {}}, "must be a list"),
        ({"vendor": "x", "models": [{"name": "no id"}]}, "needs an 'id'"),
        ({"vendor": "x", "models": [{"id": "m", "price_history": [{"input": 1}]}]}, "'output'"),
        (
            {
                "vendor": "x",
                "models": [
                    {
                        "id": "m",
                        "price_history": [
                            {"input": 1, "output": 2, "from_date": "soon", "to_date": None}
                        ],
                    }
                ],
            },
            "ISO date",
        ),
        (
            {
                "vendor": "x",
                "models": [
                    {
                        "id": "m",
                        "price_history": [
                            {"input": "$1", "output": 2, "from_date": None, "to_date": None}
                        ],
                    }
                ],
            },
            "must be a number",
        ),
    ],
)
def test_malformed_payload(data: object, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse(_payload(data))
