"""BerriAI/litellm ``model_prices_and_context_window.json``: USD per token prices of
thousands of (provider channel, model) pairs, plus context windows.

Parsing rules (see ``parse``):
- Only text-generation modes are priced here (``chat``, ``completion``,
  ``responses``, ``realtime``). Other modes are skipped and counted by reason:
  image/audio/video/search/rerank/ocr modes are billed per image, second,
  character, query or page (``non-token pricing: <mode>``); ``embedding`` and
  ``moderation`` are token-priced but not text generation; modes litellm adds later
  are counted as ``unsupported mode: <mode>`` until classified here.
- Price fields: ``input_cost_per_token`` -> input, ``output_cost_per_token`` ->
  output, ``cache_read_input_token_cost`` (or DeepSeek-style
  ``input_cost_per_token_cache_hit``) -> cached_input,
  ``cache_creation_input_token_cost`` -> cache_write,
  ``input/output_cost_per_token_batches`` -> batch_input/batch_output. Tiered
  (``*_above_200k_tokens``), priority/flex and audio/image-token prices are ignored.
- Many keys are regional or alias variants of one (provider, model) pair
  (``azure/eu/gpt-5``, ``bedrock/us-east-1/meta.llama3-...``, ``us.anthropic...``);
  the warehouse has no region column, so one entry per pair is kept and the rest
  are counted as duplicates. The choice (``_rank``) depends only on the keys, not
  on file order, so the same entry is chosen in every version of the file.
- ModelInfo (context_tokens from ``max_input_tokens``) only for chat/completion,
  one per model_id, and only when the value is unambiguous (see ``_model_infos``).
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from typing import Any

from canon.names import canonical_model, canonical_provider
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import ApiPrice, ModelInfo

URL = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"
RAW_UNIT = "USD/token"

PRICE_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("input", ("input_cost_per_token",)),
    ("output", ("output_cost_per_token",)),
    ("cached_input", ("cache_read_input_token_cost", "input_cost_per_token_cache_hit")),
    ("cache_write", ("cache_creation_input_token_cost",)),
    ("batch_input", ("input_cost_per_token_batches",)),
    ("batch_output", ("output_cost_per_token_batches",)),
)
GENERATION_MODES = frozenset({"chat", "completion", "responses", "realtime"})
INFO_MODES = frozenset({"chat", "completion"})
NOT_GENERATION_MODES = frozenset({"embedding", "moderation"})
# Billed per image, second, character, query, page or GB rather than per token.
NON_TOKEN_MODES = frozenset(
    {
        "image_generation",
        "image_edit",
        "audio_speech",
        "audio_transcription",
        "video_generation",
        "rerank",
        "search",
        "ocr",
        "vector_store",
    }
)
META_KEYS = frozenset({"sample_spec", "last_updated"})
# Non-token units, checked in this order to name why a generation entry has no token price.
_NON_TOKEN_UNITS = ("per_second", "per_character", "per_image", "per_pixel", "per_query")

# litellm_provider spellings that canonical_provider() title-cases badly.
PROVIDER_OVERRIDES = {
    "github_copilot": "GitHub Copilot",
    "aiml": "AI/ML API",
    "nlp_cloud": "NLP Cloud",
}
# litellm_provider channels that alias a first-party provider but are not its paid
# API: ChatGPT subscription entries, the free Codestral endpoint.
SECONDARY_CHANNELS = frozenset({"chatgpt", "codestral", "text-completion-codestral"})
# Bedrock cross-region inference profiles ("us.anthropic.claude-...", "global.amazon...")
# and vendor-prefixed ids ("minimax.minimax-m2.1"): used to rank variants and to tell
# first-party (bare) keys apart; canonical_model() removes both from the model id.
_GEO_PREFIX = re.compile(r"^(?:us|eu|apac|global|jp|au|ca|us-gov)\.(?=[a-z0-9-]+\.)")
_VENDOR_PREFIX = re.compile(r"^([a-z][a-z0-9]*)\.(?=[a-z])")


def model_id(key: str) -> str:
    """Canonical model id of a litellm key: ``canonical_model`` drops the routing path,
    Bedrock geo/vendor prefixes and revisions and Vertex ``@default`` pins, and keeps
    dates (``vertex_ai/claude-3-5-sonnet@20240620`` -> ``claude-3.5-sonnet-20240620``)."""
    return canonical_model(key)


def provider_name(litellm_provider: str) -> str:
    return PROVIDER_OVERRIDES.get(litellm_provider) or canonical_provider(litellm_provider)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return None
    return float(value)


def _entry_prices(entry: dict) -> dict[str, float]:
    out: dict[str, float] = {}
    for price_type, fields in PRICE_FIELDS:
        for name in fields:
            value = _number(entry.get(name))
            if value is not None:
                out[price_type] = value
                break
    return out


def _skip_reason(key: str, entry: Any) -> str | None:
    """Why an entry is not a token-priced text-generation model, or None if it is."""
    if key in META_KEYS:
        return "schema/metadata key"
    if not isinstance(entry, dict) or not isinstance(entry.get("litellm_provider"), str):
        return "not a model entry (no litellm_provider)"
    mode = entry.get("mode")
    if mode is None:
        return "no mode (pricing tier, not a model)"
    if mode in NOT_GENERATION_MODES:
        return f"not text generation: {mode}"
    if mode in NON_TOKEN_MODES:
        return f"non-token pricing: {mode}"
    if mode not in GENERATION_MODES:
        return f"unsupported mode: {mode}"
    prices = _entry_prices(entry)
    if not prices and "tiered_pricing" in entry:
        return "tiered token pricing only"
    if not prices:
        unit = next((u for u in _NON_TOKEN_UNITS if any(u in f for f in entry)), None)
        return f"non-token pricing: {unit}" if unit else "no token prices"
    if any(v < 0 for v in prices.values()):
        return "negative price"
    return None


def _rank(key: str, entry: dict) -> tuple:
    """Sort key among variants of one (provider, model_id); lowest is kept. Prefer:
    no geo prefix, no ``:variant`` suffix, a primary channel, no region/nested path,
    the provider's own routing prefix (``deepseek/deepseek-chat`` over the bare
    ``deepseek-chat``), then the key alphabetically (stable across versions)."""
    last = key.rsplit("/", 1)[-1].lower()
    channel = entry["litellm_provider"]
    return (
        bool(_GEO_PREFIX.match(last)),
        ":" in last,
        channel in SECONDARY_CHANNELS,
        key.count("/") > 1,
        key.split("/", 1)[0] != channel or "/" not in key,
        key,
    )


def _load(payload: Payload) -> dict:
    try:
        data = json.loads(payload.text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(
            f"litellm: expected a JSON object of models, got invalid JSON: {exc}"
        ) from exc
    if not isinstance(data, dict):
        raise ParseError(f"litellm: expected a JSON object keyed by model, got {type(data)}")
    if not any(isinstance(v, dict) and "litellm_provider" in v for v in data.values()):
        raise ParseError("litellm: no entry has a 'litellm_provider' field (schema changed?)")
    return data


def _select(data: dict, result: ParseResult) -> dict[tuple[str, str], tuple[str, dict]]:
    """(provider, model_id) -> the (key, entry) kept for it; counts what is skipped."""
    best: dict[tuple[str, str], tuple[tuple, str, dict]] = {}
    for key, entry in data.items():
        reason = _skip_reason(key, entry)
        if reason:
            result.skip(reason)
            continue
        pair = (provider_name(entry["litellm_provider"]), model_id(key))
        rank = _rank(key, entry)
        if pair in best:
            result.skip("duplicate (provider, model_id): regional/alias variant")
            if rank >= best[pair][0]:
                continue
        best[pair] = (rank, key, entry)
    return {pair: (key, entry) for pair, (_, key, entry) in best.items()}


def _price_rows(provider: str, mid: str, key: str, entry: dict) -> list[ApiPrice]:
    return [
        ApiPrice(
            provider=provider,
            model_id=mid,
            price_type=price_type,
            usd_per_mtok=round(value * 1_000_000, 9),
            raw_value=value,
            raw_unit=RAW_UNIT,
            source_model=key,
            deprecated_on=_deprecated_on(entry),
        )
        for price_type, value in _entry_prices(entry).items()
    ]


def _deprecated_on(entry: dict) -> date | None:
    """The entry's ``deprecation_date`` (YYYY-MM-DD) or None (missing or unreadable)."""
    try:
        return date.fromisoformat(str(entry.get("deprecation_date") or "")[:10])
    except ValueError:
        return None


def _model_infos(data: dict, result: ParseResult) -> list[ModelInfo]:
    """One ModelInfo per model_id with its ``max_input_tokens``: the value of the
    first-party (bare) keys when present, else the value all channels agree on.
    Conflicting values are counted, not guessed."""
    bare: dict[str, set[int]] = {}
    every: dict[str, set[int]] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict) or entry.get("mode") not in INFO_MODES:
            continue
        tokens = _number(entry.get("max_input_tokens"))
        if key in META_KEYS or not tokens or tokens != int(tokens):
            continue
        mid = model_id(key)
        every.setdefault(mid, set()).add(int(tokens))
        if "/" not in key and not _VENDOR_PREFIX.match(key) and not _GEO_PREFIX.match(key):
            bare.setdefault(mid, set()).add(int(tokens))
    out = []
    for mid, values in every.items():
        chosen = bare.get(mid, values)
        if len(chosen) == 1:
            out.append(ModelInfo(model_id=mid, context_tokens=next(iter(chosen))))
        else:
            result.skip("model info: conflicting max_input_tokens")
    return out


def parse(payload: Payload) -> ParseResult:
    """litellm price JSON -> ApiPrice rows (USD/token -> USD/Mtok) + ModelInfo rows."""
    data = _load(payload)
    result = ParseResult()
    for (provider, mid), (key, entry) in _select(data, result).items():
        result.rows.extend(_price_rows(provider, mid, key, entry))
    result.rows.extend(_model_infos(data, result))
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="model_prices_and_context_window.json")]


_FILE = "model_prices_and_context_window.json"
SOURCE = Source(
    name="litellm",
    title="LiteLLM model prices and context windows",
    url=URL,
    kind="json",
    license="MIT (BerriAI/litellm, outside litellm/proxy/enterprise/)",
    attribution="BerriAI/litellm, model_prices_and_context_window.json",
    parse=parse,
    fetch=fetch,
    snapshot=(
        SnapshotFile(f"litellm/2025-03-29/{_FILE}", date(2025, 3, 29)),
        SnapshotFile(f"litellm/2025-10-04/{_FILE}", date(2025, 10, 4)),
        SnapshotFile(f"litellm/2026-07-24/{_FILE}", date(2026, 7, 24)),
    ),
    description=(
        "Community-maintained catalogue of per-token API prices (input, output, cache "
        "read/write, batch) across model labs, hyperscalers and inference providers, "
        "plus context windows. Three dated versions give real price history."
    ),
)
