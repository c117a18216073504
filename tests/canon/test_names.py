"""canonical_model: one id per real model across sources, and never two models merged.

Raw spellings are as the sources write them, most taken from the bundled snapshots
(litellm keys, OpenRouter slugs, llm-prices ids, LLMPerf/MLPerf model names)."""

from __future__ import annotations

import pytest

from canon.names import canonical_model

# raw name as a source writes it -> canonical id
ALIASES: list[tuple[str, str]] = [
    # path, case, routing suffixes
    ("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", "llama-3.3-70b-instruct-turbo"),
    ("openai/gpt-4o:free", "gpt-4o"),
    ("openrouter/meta-llama/llama-3-8b-instruct:free", "llama-3-8b-instruct"),
    ("gpt-4o-mini:batch", "gpt-4o-mini"),
    # version numbers spelled with dashes / "p" / without a hyphen after "llama"
    ("claude-sonnet-4-5", "claude-sonnet-4.5"),
    ("anthropic/claude-sonnet-4.5", "claude-sonnet-4.5"),
    ("claude-3-5-sonnet-20240620", "claude-3.5-sonnet-20240620"),
    ("gemini-3-1-pro-preview", "gemini-3.1-pro-preview"),
    ("fireworks_ai/accounts/fireworks/models/deepseek-v3p1", "deepseek-v3.1"),
    ("fireworks_ai/glm-4p7", "glm-4.7"),
    ("fireworks_ai/qwen3p7-plus", "qwen3.7-plus"),
    ("fireworks_ai/accounts/fireworks/models/qwen3-1p7b", "qwen3-1.7b"),
    ("fireworks_ai/accounts/fireworks/models/qwen2p5-coder-0p5b", "qwen2.5-coder-0.5b"),
    ("fireworks_ai/accounts/fireworks/models/llama-v3p1-405b-instruct", "llama-3.1-405b-instruct"),
    ("accounts/fireworks/models/llama-v2-70b-chat", "llama-2-70b-chat"),
    ("cerebras/llama3.1-8b", "llama-3.1-8b"),
    ("meta-llama-3.1-405b", "llama-3.1-405b"),
    ("databricks/databricks-meta-llama-3-1-405b-instruct", "llama-3.1-405b-instruct"),
    ("databricks/databricks-claude-3-7-sonnet", "claude-3.7-sonnet"),
    ("qwen/qwen-2.5-72b-instruct", "qwen2.5-72b-instruct"),
    ("cerebras/qwen-3-32b", "qwen3-32b"),
    ("azure/gpt-35-turbo-16k-0613", "gpt-3.5-turbo-16k-0613"),
    ("fireworks_ai/accounts/fireworks/models/code-llama-34b-instruct", "codellama-34b-instruct"),
    ("meta-llama/Llama-2-13b-chat-hf", "llama-2-13b-chat"),
    ("ollama/llama2:13b", "llama-2-13b"),
    ("amazon/nova-lite-v1", "nova-lite"),
    ("amazon-nova-lite", "nova-lite"),
    ("amazon.nova-lite-v1:0", "nova-lite"),
    ("amazon/nova-2-lite-v1", "nova-2-lite"),
    ("llama2-70b-99.9", "llama-2-70b-99.9"),  # MLPerf benchmark id
    # Bedrock: geo prefix, vendor prefix, revision suffix
    ("us.anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3.5-sonnet-20240620"),
    ("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4.5-20250929"),
    ("anthropic.claude-v2:1", "claude-2.1"),
    ("anthropic.claude-v2", "claude-2"),
    ("anthropic.claude-instant-v1", "claude-instant-1"),
    ("meta.llama2-70b-chat-v1", "llama-2-70b-chat"),
    ("meta.llama3-1-70b-instruct-v1:0", "llama-3.1-70b-instruct"),
    ("us.deepseek.r1-v1:0", "deepseek-r1"),
    ("bedrock/us-east-1/deepseek.v3.2", "deepseek-v3.2"),
    ("openai.gpt-oss-120b-1:0", "gpt-oss-120b"),
    ("minimax.minimax-m2.1", "minimax-m2.1"),
    ("oci/google.gemini-2.5-flash", "gemini-2.5-flash"),
    ("mistral.mistral-7b-instruct-v0:2", "mistral-7b-instruct-v0.2"),
    # Vertex AI version pins
    ("vertex_ai/claude-opus-4-6@default", "claude-opus-4.6"),
    ("vertex_ai/claude-3-5-sonnet@20240620", "claude-3.5-sonnet-20240620"),
    ("vertex_ai/claude-3-5-sonnet-v2@20241022", "claude-3.5-sonnet-20241022"),
    ("vertex_ai/mistral-large@latest", "mistral-large"),
    ("chat-bison@001", "chat-bison-001"),
    # one model, one id per provider across sources (pairs listed twice before)
    ("deepseek/deepseek-chat-v3.1", "deepseek-v3.1"),
    ("sambanova/DeepSeek-V3.1", "deepseek-v3.1"),
    ("deepseek/deepseek-chat-v3-0324", "deepseek-v3-0324"),
    ("qwen/qwen3-235b-a22b-2507", "qwen3-235b-a22b-instruct-2507"),
    ("novita/moonshotai/kimi-k2-instruct", "kimi-k2"),
    ("groq/moonshotai/kimi-k2-instruct-0905", "kimi-k2-0905"),
    ("groq/llama-3.3-70b-versatile", "llama-3.3-70b-instruct"),
    ("bedrock/qwen.qwen3-coder-30b-a3b-v1:0", "qwen3-coder-30b-a3b-instruct"),
]

# Already canonical: must come out unchanged (dates, sizes, snapshot numbers).
UNCHANGED: list[str] = [
    "gpt-4o-2024-08-06",
    "gemma-2-9b-it",
    "llama-2-7b-chat",
    "gpt-4-0613",
    "gpt-4-32k",
    "gemma-3-4b-it",
    "deepseek-r1-0528",
    "kimi-k2-0905",
    "mistral-large-2407",
    "wizardlm-2-8x22b",
    "mixtral-8x7b-instruct-v0.1",
    "pplx-embed-v1-0.6b",
    "qwen-max",
    "qwen-14b-chat",
    "o3-mini",
    "claude-3-haiku-20240307",
    "gptj-99.9",
    "mixtral-8x7b",
    "ring-2.6-1t",
]

# Different models (other date, version or revision) that must keep different ids.
DISTINCT: list[tuple[str, str]] = [
    ("claude-3-5-sonnet-20240620", "vertex_ai/claude-3-5-sonnet-v2@20241022"),
    ("vertex_ai/claude-3-5-sonnet@20240620", "anthropic/claude-3.5-sonnet"),
    ("gpt-4o-2024-08-06", "gpt-4o-2024-05-13"),
    ("gpt-4o-2024-08-06", "gpt-4o"),
    ("mistral.mistral-7b-instruct-v0:2", "mistralai/mistral-7b-instruct"),
    ("mistralai/mistral-7b-instruct-v0.2", "mistralai/mistral-7b-instruct-v0.3"),
    ("anthropic.claude-v2", "anthropic.claude-v2:1"),
    ("amazon.titan-embed-text-v1", "amazon.titan-embed-text-v2:0"),
    ("amazon/nova-lite-v1", "amazon/nova-2-lite-v1"),
    ("deepseek/deepseek-v4-flash", "deepseek/deepseek-v4-flash-0731"),
    ("qwen3-1p7b", "qwen3.1-7b"),
    ("llama2-70b-99", "llama2-70b-99.9"),
    ("deepseek-chat", "deepseek-v3"),  # DeepSeek's moving API alias, not one version
    ("novita/deepseek/deepseek-r1-turbo", "deepseek/deepseek-r1"),  # a faster product
    ("claude-3-5-haiku-latest", "claude-3-5-haiku"),  # a moving alias, priced apart
]


@pytest.mark.parametrize(("raw", "expected"), ALIASES)
def test_alias_maps_to_canonical_id(raw: str, expected: str) -> None:
    assert canonical_model(raw) == expected


@pytest.mark.parametrize("model", UNCHANGED)
def test_canonical_ids_pass_through(model: str) -> None:
    assert canonical_model(model) == model


@pytest.mark.parametrize(("a", "b"), DISTINCT)
def test_different_models_keep_different_ids(a: str, b: str) -> None:
    assert canonical_model(a) != canonical_model(b)


@pytest.mark.parametrize("raw", [raw for raw, _ in ALIASES] + UNCHANGED)
def test_idempotent(raw: str) -> None:
    """Ids stored in the warehouse map to themselves when canonicalised again."""
    once = canonical_model(raw)
    assert canonical_model(once) == once


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_empty_names(raw: str | None) -> None:
    assert canonical_model(raw) == ""  # type: ignore[arg-type]
