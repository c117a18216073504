"""litellm price catalogue: three real dated versions, price changes, skips, names."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, ParseResult, Payload
from ingest.rows import ApiPrice, ModelInfo
from ingest.sources.litellm import SOURCE, model_id, parse, provider_name

V1, V2, V3 = "2025-03-29", "2025-10-04", "2026-07-24"


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParseResult]:
    return {p.origin.split("/")[1]: parse(p) for p in SOURCE.load_snapshot()}


def _prices(result: ParseResult, provider: str, mid: str) -> set[ApiPrice]:
    return {
        r
        for r in result.rows
        if isinstance(r, ApiPrice) and r.provider == provider and r.model_id == mid
    }


def _row(
    provider: str,
    mid: str,
    source: str,
    price_type: str,
    per_token: float,
    mtok: float,
    deprecated_on: date | None = None,
):
    return ApiPrice(
        provider=provider,
        model_id=mid,
        price_type=price_type,
        usd_per_mtok=mtok,
        raw_value=per_token,
        raw_unit="USD/token",
        source_model=source,
        kind="text",
        deprecated_on=deprecated_on,
    )


def _payload(data: object) -> Payload:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return Payload(raw, datetime(2026, 1, 1, tzinfo=UTC), "test", "test.json")


def test_snapshot_files_and_dates() -> None:
    assert [(s.path, s.observed_at.isoformat()) for s in SOURCE.snapshot] == [
        (f"litellm/{d}/model_prices_and_context_window.json", d) for d in (V1, V2, V3)
    ]


# Model ids collapse where providers spell one model differently (Azure "gpt-35-turbo"
# and "gpt-3.5-turbo", Fireworks "mixtral-8x7b-instruct-hf", Groq's
# "llama-3.3-70b-versatile"...): each collapse of two same-priced keys of one provider
# is one more duplicate skip and one fewer set of price rows; ModelInfo is one per
# model_id, so merged ids give fewer infos, and merged ids whose channels disagree on
# max_input_tokens add conflicts. Every token-priced entry loads with its kind
# (embedding, moderation, audio ... included), tiered-only entries with their first tier.
@pytest.mark.parametrize(
    ("version", "n_prices", "n_infos", "n_skipped"),
    [(V1, 1441, 350, 257), (V2, 2810, 558, 450), (V3, 5078, 866, 1014)],
)
def test_row_and_skip_counts(parsed, version, n_prices, n_infos, n_skipped) -> None:
    kinds = Counter(type(r).__name__ for r in parsed[version].rows)
    assert kinds == Counter({"ApiPrice": n_prices, "ModelInfo": n_infos})
    assert sum(parsed[version].skipped.values()) == n_skipped


def test_skip_reasons_first_version(parsed) -> None:
    assert parsed[V1].skipped == Counter(
        {
            "duplicate (provider, model_id): regional/alias variant": 105,
            "non-token pricing: per_second": 36,
            "non-token pricing: image_generation": 33,
            "model info: conflicting max_input_tokens": 26,
            "no token prices": 26,
            "non-token pricing: rerank": 9,
            "no mode (pricing tier, not a model)": 7,
            "non-token pricing: per_character": 5,
            "non-token pricing: audio_transcription": 4,
            "non-token pricing: audio_speech": 4,
            "schema/metadata key": 2,
        }
    )


def test_gpt35_turbo_price_cut(parsed) -> None:
    """Real change: gpt-3.5-turbo input 1.5e-06 -> 5e-07 USD/token."""
    assert _prices(parsed[V1], "OpenAI", "gpt-3.5-turbo") == {
        _row("OpenAI", "gpt-3.5-turbo", "gpt-3.5-turbo", "input", 1.5e-06, 1.5),
        _row("OpenAI", "gpt-3.5-turbo", "gpt-3.5-turbo", "output", 2e-06, 2.0),
    }
    assert _prices(parsed[V2], "OpenAI", "gpt-3.5-turbo") == {
        _row("OpenAI", "gpt-3.5-turbo", "gpt-3.5-turbo", "input", 5e-07, 0.5),
        _row("OpenAI", "gpt-3.5-turbo", "gpt-3.5-turbo", "output", 1.5e-06, 1.5),
    }


def test_azure_o3_price_cut(parsed) -> None:
    """Real change: azure/o3-2025-04-16 input 1e-05 -> 2e-06, output 4e-05 -> 8e-06."""
    key, az = "azure/o3-2025-04-16", "Microsoft Azure"
    assert _prices(parsed[V1], az, "o3-2025-04-16") == set()
    assert _prices(parsed[V2], az, "o3-2025-04-16") == {
        _row(az, "o3-2025-04-16", key, "input", 1e-05, 10.0),
        _row(az, "o3-2025-04-16", key, "output", 4e-05, 40.0),
        _row(az, "o3-2025-04-16", key, "cached_input", 2.5e-06, 2.5),
    }
    gone = date(2026, 4, 16)  # the 2026-07-24 file gives it a deprecation_date
    assert _prices(parsed[V3], az, "o3-2025-04-16") == {
        _row(az, "o3-2025-04-16", key, "input", 2e-06, 2.0, gone),
        _row(az, "o3-2025-04-16", key, "output", 8e-06, 8.0, gone),
        _row(az, "o3-2025-04-16", key, "cached_input", 5e-07, 0.5, gone),
    }


def test_batch_prices(parsed) -> None:
    assert _prices(parsed[V1], "OpenAI", "gpt-4o") == {
        _row("OpenAI", "gpt-4o", "gpt-4o", "input", 2.5e-06, 2.5),
        _row("OpenAI", "gpt-4o", "gpt-4o", "output", 1e-05, 10.0),
        _row("OpenAI", "gpt-4o", "gpt-4o", "cached_input", 1.25e-06, 1.25),
        _row("OpenAI", "gpt-4o", "gpt-4o", "batch_input", 1.25e-06, 1.25),
        _row("OpenAI", "gpt-4o", "gpt-4o", "batch_output", 5e-06, 5.0),
    }


def test_free_model_kept_as_zero(parsed) -> None:
    src = "gemini/gemma-3-27b-it"
    assert _prices(parsed[V2], "Google", "gemma-3-27b-it") == {
        _row("Google", "gemma-3-27b-it", src, "input", 0.0, 0.0),
        _row("Google", "gemma-3-27b-it", src, "output", 0.0, 0.0),
    }


def test_image_model_skipped_and_counted(parsed) -> None:
    """Per-image prices are not token prices: DALL-E's placeholder 0 token price is not
    loaded. Token-priced image models (gpt-image-1) load as kind "image"."""
    assert not any(isinstance(r, ApiPrice) and "dall-e" in r.source_model for r in parsed[V1].rows)
    assert parsed[V3].skipped["non-token pricing: image_generation"] == 166
    image = _prices(parsed[V3], "OpenAI", "gpt-image-1")
    assert image and {r.kind for r in image} == {"image"}


def test_regional_variants_collapse_to_one_entry(parsed) -> None:
    """azure/, azure/us/, azure/eu/ variants of one model: the plain key is kept."""
    rows = _prices(parsed[V3], "Microsoft Azure", "gpt-5-2025-08-07")
    assert {r.source_model for r in rows} == {"azure/gpt-5-2025-08-07"}
    assert {(r.price_type, r.usd_per_mtok) for r in rows} >= {("input", 1.25), ("output", 10.0)}
    bedrock = _prices(parsed[V3], "AWS Bedrock", "claude-3.5-sonnet-20240620")
    assert {r.source_model for r in bedrock} == {"anthropic.claude-3-5-sonnet-20240620-v1:0"}


def test_alias_spellings_collapse_but_versions_stay_apart(parsed) -> None:
    """Azure's "gpt-35-turbo" key is the same model and price as "azure/gpt-3.5-turbo":
    one entry is kept. Bedrock's Mistral "v0:2" is the model's v0.2, not a revision."""
    az = "Microsoft Azure"
    assert _prices(parsed[V1], az, "gpt-3.5-turbo") == {
        _row(az, "gpt-3.5-turbo", "azure/gpt-3.5-turbo", "input", 5e-07, 0.5),
        _row(az, "gpt-3.5-turbo", "azure/gpt-3.5-turbo", "output", 1.5e-06, 1.5),
    }
    assert _prices(parsed[V1], az, "gpt-35-turbo") == set()
    key, br = "mistral.mistral-7b-instruct-v0:2", "AWS Bedrock"
    assert _prices(parsed[V3], br, "mistral-7b-instruct-v0.2") == {
        _row(br, "mistral-7b-instruct-v0.2", key, "input", 1.5e-07, 0.15),
        _row(br, "mistral-7b-instruct-v0.2", key, "output", 2e-07, 0.2),
    }
    assert _prices(parsed[V3], br, "mistral-7b-instruct") == set()
    assert _prices(parsed[V3], br, "claude-2.1") == {
        _row(br, "claude-2.1", "anthropic.claude-v2:1", "input", 8e-06, 8.0),
        _row(br, "claude-2.1", "anthropic.claude-v2:1", "output", 2.4e-05, 24.0),
    }


def test_variant_choice_is_stable_across_versions(parsed) -> None:
    """2025-10-04 added a bare "deepseek-chat" key (0.6/1.7 $/Mtok) next to
    "deepseek/deepseek-chat" (0.27/1.10); the provider-prefixed key stays chosen,
    so no spurious price change appears."""
    ds = "deepseek/deepseek-chat"
    assert _prices(parsed[V2], "DeepSeek", "deepseek-chat") == {
        _row("DeepSeek", "deepseek-chat", ds, "input", 2.7e-07, 0.27),
        _row("DeepSeek", "deepseek-chat", ds, "output", 1.1e-06, 1.1),
        _row("DeepSeek", "deepseek-chat", ds, "cached_input", 7e-08, 0.07),
        _row("DeepSeek", "deepseek-chat", ds, "cache_write", 0.0, 0.0),
    }
    # The paid Mistral API entry wins over the free Codestral endpoint (price 0).
    codestral = _prices(parsed[V2], "Mistral AI", "codestral-latest")
    assert {(r.source_model, r.price_type, r.usd_per_mtok) for r in codestral} == {
        ("mistral/codestral-latest", "input", 1.0),
        ("mistral/codestral-latest", "output", 3.0),
    }


def test_one_row_per_series(parsed) -> None:
    for result in parsed.values():
        keys = Counter(
            (r.provider, r.model_id, r.price_type) for r in result.rows if isinstance(r, ApiPrice)
        )
        assert keys.most_common(1)[0][1] == 1
        infos = Counter(r.model_id for r in result.rows if isinstance(r, ModelInfo))
        assert infos.most_common(1)[0][1] == 1


def test_model_info(parsed) -> None:
    infos = {r.model_id: r for r in parsed[V2].rows if isinstance(r, ModelInfo)}
    assert infos["gpt-3.5-turbo"] == ModelInfo(model_id="gpt-3.5-turbo", context_tokens=16385)
    assert infos["o3-2025-04-16"] == ModelInfo(model_id="o3-2025-04-16", context_tokens=200000)
    assert "text-embedding-3-large" not in infos  # embedding mode: no ModelInfo


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("gpt-4.1", "gpt-4.1"),
        ("azure/eu/gpt-5-2025-08-07", "gpt-5-2025-08-07"),
        ("anthropic.claude-v2:1", "claude-2.1"),
        ("bedrock/us-east-1/deepseek.v3.2", "deepseek-v3.2"),
        ("us.deepseek.r1-v1:0", "deepseek-r1"),
        ("us.anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3.5-sonnet-20240620"),
        ("vertex_ai/claude-3-5-sonnet@20240620", "claude-3.5-sonnet-20240620"),
        ("vertex_ai/claude-3-5-sonnet-v2@20241022", "claude-3.5-sonnet-20241022"),
        ("vertex_ai/claude-opus-4-6@default", "claude-opus-4.6"),
        ("vertex_ai/chat-bison@001", "chat-bison-001"),
        ("anthropic.claude-instant-v1", "claude-instant-1"),
        ("mistral.mixtral-8x7b-instruct-v0:1", "mixtral-8x7b-instruct-v0.1"),
        ("azure/gpt-35-turbo-0125", "gpt-3.5-turbo-0125"),
        ("fireworks_ai/accounts/fireworks/models/kimi-k2p5", "kimi-k2.5"),
        ("ollama/llama2:13b", "llama-2-13b"),
        ("minimax.minimax-m2.1", "minimax-m2.1"),
        ("openai.gpt-oss-120b-1:0", "gpt-oss-120b"),
        ("oci/google.gemini-2.5-flash", "gemini-2.5-flash"),
        ("openrouter/meta-llama/llama-3-8b-instruct:free", "llama-3-8b-instruct"),
    ],
)
def test_model_id(key: str, expected: str) -> None:
    assert model_id(key) == expected


def test_provider_names() -> None:
    assert provider_name("vertex_ai-anthropic_models") == "Google Vertex AI"
    assert provider_name("github_copilot") == "GitHub Copilot"
    assert provider_name("bedrock_converse") == "AWS Bedrock"


def test_field_mapping_and_skips_on_synthetic_entries() -> None:
    data = {
        "sample_spec": {"litellm_provider": "one of ...", "mode": "chat"},
        "x/m1": {
            "litellm_provider": "together_ai",
            "mode": "chat",
            "input_cost_per_token": 1e-06,
            "output_cost_per_token": 2,
            "input_cost_per_token_cache_hit": 1e-07,
            "cache_creation_input_token_cost": 1.25e-06,
            "input_cost_per_token_batches": 5e-07,
            "output_cost_per_token_batches": 1e-06,
            "input_cost_per_token_above_200k_tokens": 9e-06,
        },
        "x/neg": {"litellm_provider": "groq", "mode": "chat", "input_cost_per_token": -1e-06},
        "x/tier": {"litellm_provider": "dashscope", "mode": "chat", "tiered_pricing": []},
        "x/img": {"litellm_provider": "openai", "mode": "image_generation"},
        "x/new": {"litellm_provider": "openai", "mode": "hologram"},
        "x/holo-1": {
            "litellm_provider": "acme_cloud",
            "mode": "hologram",
            "input_cost_per_token": 1e-06,
        },
    }
    result = parse(_payload(data))
    ta = "Together AI"
    assert set(result.rows) == {
        _row(ta, "m1", "x/m1", "input", 1e-06, 1.0),
        _row(ta, "m1", "x/m1", "output", 2.0, 2_000_000.0),
        _row(ta, "m1", "x/m1", "cached_input", 1e-07, 0.1),
        _row(ta, "m1", "x/m1", "cache_write", 1.25e-06, 1.25),
        _row(ta, "m1", "x/m1", "batch_input", 5e-07, 0.5),
        _row(ta, "m1", "x/m1", "batch_output", 1e-06, 1.0),
        # a new mode with a token price loads, unclassified: out of LLM tables, counted
        ApiPrice("Acme Cloud", "holo-1", "input", 1.0, 1e-06, "USD/token", None, "x/holo-1"),
    }
    assert result.skipped == Counter(
        {
            "schema/metadata key": 1,
            "negative price": 1,
            "tiered token pricing without a usable first tier": 1,
            "non-token pricing: image_generation": 1,
            "unsupported mode: hologram": 1,
        }
    )
    assert result.unmapped == Counter(
        {("provider", "acme_cloud"): 1, ("listing_kind", "mode: hologram"): 1}
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "invalid JSON"),
        (b"[1, 2]", "JSON object keyed by model"),
        (b'{"gpt-x": {"mode": "chat"}}', "litellm_provider"),
    ],
)
def test_malformed_payload(content: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse(_payload(content))
