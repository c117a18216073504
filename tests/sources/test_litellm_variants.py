"""LiteLLM: what a listing sells, and variants (global vs regional, batch, tiers,
distinct products), as whole rows on the bundled 2026-07-24 payload."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime

import pytest

from ingest.base import ParseResult, Payload
from ingest.rows import ApiPrice
from ingest.sources.litellm import SOURCE, model_id, parse

V3 = "2026-07-24"


@pytest.fixture(scope="module")
def latest() -> ParseResult:
    return parse(SOURCE.load_snapshot()[-1])


@pytest.fixture(scope="module")
def v2() -> ParseResult:
    return parse(SOURCE.load_snapshot()[1])


def _rows(result: ParseResult, provider: str, mid: str) -> dict[str, ApiPrice]:
    return {
        r.price_type: r
        for r in result.rows
        if isinstance(r, ApiPrice) and r.provider == provider and r.model_id == mid
    }


def _row(provider, mid, source, price_type, per_token, mtok, kind="text", terms=""):
    return ApiPrice(
        provider=provider,
        model_id=mid,
        price_type=price_type,
        usd_per_mtok=mtok,
        raw_value=per_token,
        raw_unit="USD/token",
        source_model=source,
        kind=kind,
        terms=terms,
    )


def test_flux_is_an_image_listing_not_text(latest) -> None:
    """The issue's #1 "cheapest LLM" ($0.001 per 1M tokens) is a FLUX image model."""
    key = "fireworks_ai/accounts/fireworks/models/flux-1-dev-controlnet-union"
    mid = "flux-1-dev-controlnet-union"
    assert set(_rows(latest, "Fireworks AI", mid).values()) == {
        _row("Fireworks AI", mid, key, "input", 1e-09, 0.001, kind="image"),
        _row("Fireworks AI", mid, key, "output", 1e-09, 0.001, kind="image"),
    }


def test_tts_and_guard_models_are_not_text(latest) -> None:
    tts = _rows(latest, "Google", "gemini-2.5-flash-preview-tts")
    assert tts and {r.kind for r in tts.values()} == {"audio"}
    guard = _rows(latest, "Groq", "llama-guard-4-12b")
    assert guard and {r.kind for r in guard.values()} == {"moderation"}
    assert {r.kind for r in _rows(latest, "OpenAI", "gpt-4o").values()} == {"text"}


def test_bedrock_keeps_the_global_price_and_adds_the_regional_one(latest) -> None:
    """anthropic.claude-sonnet-4-6 (and global.) cost $3 / $15; the us./eu./jp./au.
    profiles $3.30 / $16.50 (+10%): those are extra rows, never the listing."""
    rows = _rows(latest, "AWS Bedrock", "claude-sonnet-4.6")
    key, br, mid = "anthropic.claude-sonnet-4-6", "AWS Bedrock", "claude-sonnet-4.6"
    assert set(rows.values()) == {
        _row(br, mid, key, "input", 3e-06, 3.0),
        _row(br, mid, key, "output", 1.5e-05, 15.0),
        _row(br, mid, key, "cached_input", 3e-07, 0.3),
        _row(br, mid, key, "cache_write", 3.75e-06, 3.75),
        _row(br, mid, key, "input_regional", 3.3e-06, 3.3),
        _row(br, mid, key, "output_regional", 1.65e-05, 16.5),
    }


def test_regional_only_entry_says_so(v2) -> None:
    """2025-10-04 lists Claude Sonnet 4.5 on Bedrock only as eu./jp./us. profiles."""
    rows = _rows(v2, "AWS Bedrock", "claude-sonnet-4.5-20250929")
    assert rows["input"].source_model == "eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
    assert rows["input"].terms == "regional profile (eu.); no global price listed"


def test_qwen3_max_loads_its_first_tier_with_the_threshold(latest) -> None:
    """dashscope/qwen3-max has only tiered_pricing; its first tier (0-32K prompt tokens)
    is $1.20 / $6 per 1M tokens."""
    terms = "first tier: prompts of 0-32K tokens"
    key, al = "dashscope/qwen3-max", "Alibaba"
    assert set(_rows(latest, al, "qwen3-max").values()) == {
        _row(al, "qwen3-max", key, "input", 1.2e-06, 1.2, terms=terms),
        _row(al, "qwen3-max", key, "output", 6e-06, 6.0, terms=terms),
    }
    assert _rows(latest, al, "qwen-flash")["input"].terms == "first tier: prompts of 0-256K tokens"


def test_distinct_products_under_a_generic_last_segment_stay_two() -> None:
    """Two Novita products whose keys end in the same generic word are two models, as
    are AI/ML API's FLUX Kontext Max and Pro text-to-image endpoints."""
    data = {
        "novita/acme/model-a/community": {
            "litellm_provider": "novita",
            "mode": "chat",
            "input_cost_per_token": 1e-07,
            "output_cost_per_token": 2e-07,
        },
        "novita/acme/model-b/community": {
            "litellm_provider": "novita",
            "mode": "chat",
            "input_cost_per_token": 3e-07,
            "output_cost_per_token": 4e-07,
        },
    }
    result = parse(Payload(json.dumps(data).encode(), datetime(2026, 1, 1, tzinfo=UTC), "t"))
    assert {(r.model_id, r.price_type, r.usd_per_mtok) for r in result.rows} == {
        ("model-a-community", "input", 0.1),
        ("model-a-community", "output", 0.2),
        ("model-b-community", "input", 0.3),
        ("model-b-community", "output", 0.4),
    }
    assert model_id("aiml/flux/kontext-max/text-to-image") == "kontext-max-text-to-image"
    assert model_id("aiml/flux/kontext-pro/text-to-image") == "kontext-pro-text-to-image"
    assert model_id("fal_ai/fal-ai/recraft/v3/text-to-image") == "recraft-v3-text-to-image"


def test_batch_prices_of_a_same_priced_variant_are_kept() -> None:
    """A batch price listed only on an alias of the same product (same input/output
    price) is kept; one listed only on a dearer regional variant is not the base's."""
    entry = {"litellm_provider": "azure", "mode": "chat"}
    data = {
        "azure/m": {**entry, "input_cost_per_token": 1e-06, "output_cost_per_token": 4e-06},
        "azure/global/m": {
            **entry,
            "input_cost_per_token": 1e-06,
            "output_cost_per_token": 4e-06,
            "input_cost_per_token_batches": 5e-07,
            "output_cost_per_token_batches": 2e-06,
        },
        "azure/m2": {**entry, "input_cost_per_token": 1e-06, "output_cost_per_token": 4e-06},
        "azure/eu/m2": {
            **entry,
            "input_cost_per_token": 1.1e-06,
            "output_cost_per_token": 4.4e-06,
            "input_cost_per_token_batches": 5.5e-07,
        },
    }
    result = parse(Payload(json.dumps(data).encode(), datetime(2026, 1, 1, tzinfo=UTC), "t"))
    got = Counter((r.model_id, r.price_type) for r in result.rows)
    assert got == Counter(
        {
            ("m", "input"): 1,
            ("m", "output"): 1,
            ("m", "batch_input"): 1,
            ("m", "batch_output"): 1,
            ("m2", "input"): 1,
            ("m2", "output"): 1,
        }
    )


def test_every_price_row_has_a_kind_and_no_text_price_is_implausible(latest) -> None:
    prices = [r for r in latest.rows if isinstance(r, ApiPrice)]
    kinds = Counter(r.kind for r in prices)
    assert kinds["unclassified"] == 0
    assert kinds["text"] > 4000 and kinds["embedding"] > 100 and kinds["image"] > 50
