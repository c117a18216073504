"""Table-driven: every raw provider (and model-author) name that any registered
source's parser meets in the bundled payloads is in the canonical table
(``canon.names.known_provider``), or listed below as known-unmapped with a reason; and
one company has one canonical spelling across sources."""

from __future__ import annotations

import re
import sys
from collections import defaultdict

import pytest

import canon.names as names
from canon.names import canonical_model, canonical_provider, known_provider
from ingest.registry import all_sources
from ingest.rows import ApiPrice

# Raw names that are deliberately not in the table, with the reason.
KNOWN_UNMAPPED: dict[str, str] = {
    "one of https://docs.litellm.ai/docs/providers": "LiteLLM's sample_spec schema example",
}
# Sources whose names are the project's own curated display names (already canonical).
CURATED = {"curated_companies"}


@pytest.fixture(scope="module")
def parsed() -> tuple[dict[str, set[str]], dict[str, set[tuple[str, str]]]]:
    """(source -> every raw name its parser passed to canonical_provider,
    provider -> (model_id, source) of every text-generation price row)."""
    seen: dict[str, set[str]] = defaultdict(set)
    listed: dict[str, set[tuple[str, str]]] = defaultdict(set)
    current = {"source": ""}
    original = names.canonical_provider

    def recording(name: str) -> str:
        seen[current["source"]].add(name)
        return original(name)

    patched = [
        m for m in list(sys.modules.values()) if getattr(m, "canonical_provider", None) is original
    ]
    for module in patched:
        module.canonical_provider = recording
    try:
        for name, source in all_sources().items():
            current["source"] = name
            for payload in source.load_snapshot():
                for row in source.parse(payload).rows:
                    if isinstance(row, ApiPrice) and row.kind == "text":
                        listed[row.provider].add((row.model_id, name))
    finally:
        for module in patched:
            module.canonical_provider = original
    return seen, listed


@pytest.fixture(scope="module")
def raw_provider_names(parsed) -> dict[str, set[str]]:
    return parsed[0]


# Ids that differ only by "-chat" / "-instruct" but are different products, with why.
DISTINCT_PRODUCTS: dict[frozenset[str], str] = {
    frozenset({"gpt-5", "gpt-5-chat"}): "OpenAI's non-reasoning ChatGPT model, priced apart",
    frozenset({"gpt-5.1", "gpt-5.1-chat"}): "as gpt-5-chat",
    frozenset({"gpt-5.2", "gpt-5.2-chat"}): "as gpt-5-chat",
    frozenset({"gpt-3.5-turbo", "gpt-3.5-turbo-instruct"}): "the completions-API model",
}


def _near_key(model: str) -> str:
    return re.sub(r"[-._]", "", re.sub(r"-(instruct|chat)(?=-|$)", "", model))


def test_one_model_one_id_per_provider(parsed) -> None:
    """Ids of one provider that two sources spell differently (SambaNova's
    deepseek-chat-v3.1 vs deepseek-v3.1, Groq's llama-3.3-70b-versatile ...) are
    merged by canonical_model; what still looks alike is a listed distinct product."""
    _, listed = parsed
    suspects = set()
    for provider, pairs in listed.items():
        groups: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for model, source in pairs:
            groups[_near_key(model)].add((model, source))
        for group in groups.values():
            models = frozenset(m for m, _ in group)
            if len(models) > 1 and len({s for _, s in group}) > 1:
                suspects.add((provider, models))
    assert {m for _, m in suspects} <= set(DISTINCT_PRODUCTS)
    assert sum(len(v) for v in listed.values()) > 3000
    assert ("deepseek-v3.1", "openrouter_endpoints") in listed["SambaNova"]
    assert ("deepseek-v3.1", "litellm") in listed["SambaNova"]


def test_every_raw_provider_name_is_mapped(raw_provider_names) -> None:
    unmapped = {
        (source, raw)
        for source, raws in raw_provider_names.items()
        if source not in CURATED
        for raw in raws
        if (raw or "").strip() and known_provider(raw) is None and raw not in KNOWN_UNMAPPED
    }
    assert unmapped == set()
    assert sum(len(v) for v in raw_provider_names.values()) > 300  # the walk saw the payloads


def test_one_company_one_spelling(raw_provider_names) -> None:
    """No two canonical names differ only in case or punctuation (Streamlake/StreamLake)."""
    by_key: dict[str, set[str]] = defaultdict(set)
    for raws in raw_provider_names.values():
        for raw in raws:
            name = canonical_provider(raw)
            by_key[names._key(name)].add(name)
    assert {k: v for k, v in by_key.items() if len(v) > 1} == {}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Streamlake", "StreamLake"),
        ("streamlake", "StreamLake"),
        ("Sail", "Sail Research"),
        ("sail-research", "Sail Research"),
        ("qwencloud", "Alibaba"),
        ("qwen_ai_platform", "Alibaba"),
        ("dashscope", "Alibaba"),
        ("aliyun", "Alibaba"),
        ("bigmodel", "Z.AI"),
        ("zhipu", "Z.AI"),
        ("z-ai", "Z.AI"),
        ("wandb", "CoreWeave"),  # W&B Inference is CoreWeave's; OpenRouter lists "CoreWeave"
        ("coreweave", "CoreWeave"),
        ("claude-on-aws", "Anthropic"),
        ("meta-llama", "Meta"),
    ],
)
def test_aliases(raw: str, expected: str) -> None:
    assert canonical_provider(raw) == expected


def test_unknown_name_is_reported_not_invented() -> None:
    assert known_provider("acme_cloud") is None
    assert canonical_provider("acme_cloud") == "Acme Cloud"  # loads; parsers count it


def test_sambanova_deepseek_v31_is_one_id() -> None:
    """OpenRouter's slug (endpoints) and LiteLLM's key name one model."""
    assert canonical_model("deepseek/deepseek-chat-v3.1") == canonical_model(
        "sambanova/DeepSeek-V3.1"
    )
