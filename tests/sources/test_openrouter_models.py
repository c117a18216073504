"""OpenRouter /api/v1/models: list prices of the router, variants, sentinels, model facts."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, ParseResult, Payload
from ingest.rows import ApiPrice, ModelInfo
from ingest.sources.openrouter_models import SOURCE, creator_from_slug, parse

D1, D2 = "2026-07-17", "2026-08-08"


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParseResult]:
    return {p.origin.split("/")[2]: parse(p) for p in SOURCE.load_snapshot()}


def _payload(data: object) -> Payload:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return Payload(raw, datetime(2026, 1, 1, tzinfo=UTC), "test", "models.json")


def _price(mid: str, price_type: str, mtok: float, per_token: float, source: str) -> ApiPrice:
    return ApiPrice(
        provider="OpenRouter",
        model_id=mid,
        price_type=price_type,
        usd_per_mtok=mtok,
        raw_value=per_token,
        raw_unit="USD/token",
        source_model=source,
        kind="text",
    )


def _rows(result: ParseResult, mid: str) -> list:
    return [r for r in result.rows if r.model_id == mid]


def test_snapshot_files_and_dates() -> None:
    assert [(s.path, s.observed_at) for s in SOURCE.snapshot] == [
        ("openrouter/raw/2026-07-17/models.json", date(2026, 7, 17)),
        ("openrouter/raw/2026-08-08/models.json", date(2026, 8, 8)),
    ]


def test_row_counts(parsed) -> None:
    assert Counter(type(r).__name__ for r in parsed[D1].rows) == {"ApiPrice": 833, "ModelInfo": 311}
    assert Counter(type(r).__name__ for r in parsed[D2].rows) == {"ApiPrice": 973, "ModelInfo": 314}
    types = Counter(r.price_type for r in parsed[D2].rows if isinstance(r, ApiPrice))
    assert types == {
        "input": 314,
        "output": 314,
        "cached_input": 174,
        "cache_write": 51,
        "batch_input": 60,
        "batch_output": 60,
    }


def test_skip_counts(parsed) -> None:
    skipped = parsed[D2].skipped
    # 400 entries = 314 models + 60 batch variants + the entry-level skips below.
    assert skipped["alias (~) of another model"] == 11
    assert skipped["variable-price router (negative sentinel price)"] == 5
    assert skipped["OpenRouter router, not a model"] == 1
    assert skipped["':free' variant of a paid model (paid price kept)"] == 8
    assert skipped["':thinking' variant priced apart from its base model (same model_id)"] == 1
    assert skipped["batch cache price (no price type)"] == 62
    assert skipped["long-context tier prices (overrides) not loaded"] == 53
    assert skipped["price field not loaded: web_search"] == 145
    assert parsed[D1].skipped["variable-price router (negative sentinel price)"] == 4
    assert parsed[D1].skipped["':free' variant of a paid model (paid price kept)"] == 15


def test_paid_model_prices_and_info(parsed) -> None:
    assert _rows(parsed[D1], "kimi-k3") == [
        _price("kimi-k3", "input", 3.0, 3e-06, "moonshotai/kimi-k3"),
        _price("kimi-k3", "output", 15.0, 1.5e-05, "moonshotai/kimi-k3"),
        _price("kimi-k3", "cached_input", 0.3, 3e-07, "moonshotai/kimi-k3"),
        ModelInfo(
            model_id="kimi-k3",
            name="MoonshotAI: Kimi K3",
            creator="Moonshot AI",
            context_tokens=1048576,
            open_weights=None,  # no hugging_face_id in the payload: unknown, not "closed"
            release_date=date(2026, 7, 16),
            aa_intelligence_index=57.1,
            aa_coding_index=76.2,
        ),
    ]


def test_meta_llama_creator_open_weights_and_free_variant_skipped(parsed) -> None:
    # meta-llama/llama-3.3-70b-instruct:free is in the payload too, at price 0: skipped.
    assert _rows(parsed[D1], "llama-3.3-70b-instruct") == [
        _price(
            "llama-3.3-70b-instruct", "input", 0.13, 1.3e-07, "meta-llama/llama-3.3-70b-instruct"
        ),
        _price("llama-3.3-70b-instruct", "output", 0.4, 4e-07, "meta-llama/llama-3.3-70b-instruct"),
        ModelInfo(
            model_id="llama-3.3-70b-instruct",
            name="Meta: Llama 3.3 70B Instruct",
            creator="Meta",
            context_tokens=131072,
            open_weights=True,
            release_date=date(2024, 12, 6),
            aa_intelligence_index=9.4,
            aa_coding_index=11.9,
        ),
    ]


def test_free_only_model_keeps_zero_prices(parsed) -> None:
    source = "nvidia/nemotron-3.5-content-safety:free"
    rows = _rows(parsed[D1], "nemotron-3.5-content-safety")
    assert rows[:2] == [
        _price("nemotron-3.5-content-safety", "input", 0.0, 0.0, source),
        _price("nemotron-3.5-content-safety", "output", 0.0, 0.0, source),
    ]
    assert rows[2].creator == "NVIDIA" and rows[2].open_weights is True


def test_batch_variant_becomes_batch_prices(parsed) -> None:
    rows = [r for r in _rows(parsed[D2], "claude-opus-5") if isinstance(r, ApiPrice)]
    assert rows == [
        _price("claude-opus-5", "input", 5.0, 5e-06, "anthropic/claude-opus-5"),
        _price("claude-opus-5", "output", 25.0, 2.5e-05, "anthropic/claude-opus-5"),
        _price("claude-opus-5", "cached_input", 0.5, 5e-07, "anthropic/claude-opus-5"),
        _price("claude-opus-5", "cache_write", 6.25, 6.25e-06, "anthropic/claude-opus-5"),
        _price("claude-opus-5", "batch_input", 2.5, 2.5e-06, "anthropic/claude-opus-5:batch"),
        _price("claude-opus-5", "batch_output", 12.5, 1.25e-05, "anthropic/claude-opus-5:batch"),
    ]


def test_price_history_between_captures(parsed) -> None:
    def price(version: str) -> float:
        [row] = [
            r
            for r in _rows(parsed[version], "gpt-5.6-luna")
            if isinstance(r, ApiPrice) and r.price_type == "input"
        ]
        return row.usd_per_mtok

    assert (price(D1), price(D2)) == (1.0, 0.1)


def test_routers_and_aliases_produce_no_rows(parsed) -> None:
    sources = {r.source_model for r in parsed[D2].rows if isinstance(r, ApiPrice)}
    assert not {"openrouter/auto", "openrouter/free", "openrouter/fusion"} & sources
    assert not [s for s in sources if s.startswith("~")]
    ids = {r.model_id for r in parsed[D2].rows}
    assert "auto" not in ids and "free" not in ids and "gpt-latest" not in ids


def test_live_shape_with_data_wrapper_parses_the_same() -> None:
    payload = SOURCE.load_snapshot()[0]
    wrapped = _payload({"data": json.loads(payload.text())})
    assert parse(wrapped).rows == parse(payload).rows


def test_negative_sentinel_on_a_small_payload() -> None:
    result = parse(
        _payload(
            [
                {
                    "id": "openrouter/auto",
                    "name": "Auto",
                    "pricing": {"prompt": "-1", "completion": "-1"},
                },
                {
                    "id": "acme/m1",
                    "name": "Acme: M1",
                    "created": 0,
                    "pricing": {"prompt": "0.000001", "completion": "0.000002"},
                },
            ]
        )
    )
    assert result.skipped == {"variable-price router (negative sentinel price)": 1}
    assert result.rows == [
        _price("m1", "input", 1.0, 1e-06, "acme/m1"),
        _price("m1", "output", 2.0, 2e-06, "acme/m1"),
        ModelInfo(model_id="m1", name="Acme: M1", creator="Acme"),
    ]


@pytest.mark.parametrize(
    ("slug", "creator"),
    [
        ("meta-llama/llama-4-scout", "Meta"),
        ("~anthropic/claude-opus-latest", "Anthropic"),
        ("x-ai/grok-4.5", "xAI"),
        ("z-ai/glm-5", "Z.AI"),
        ("qwen/qwen3-32b", "Alibaba"),
        ("bytedance-seed/seed-2.0-mini", "ByteDance Seed"),
        ("nousresearch/hermes-4-70b", "Nous Research"),
        ("text-embedding-3-small", ""),
    ],
)
def test_creator_from_slug(slug: str, creator: str) -> None:
    assert creator_from_slug(slug) == creator


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html>rate limited</html>", "expected JSON"),
        (b'{"error": "nope"}', "expected a 'data' list"),
        (b'"just a string"', "expected a JSON list"),
        (b'[{"id": "a/b", "price": 1}]', "no entry has a 'pricing' object"),
    ],
)
def test_malformed_payload_raises(content: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse(_payload(content))
