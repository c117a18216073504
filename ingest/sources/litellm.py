"""BerriAI/litellm ``model_prices_and_context_window.json``: USD per token prices of
thousands of (provider channel, model) pairs, plus context windows.

Parsing rules (see ``parse``):
- Every token-priced entry is loaded with its *kind* (``canon.kinds.classify_listing``
  on the key, ``mode`` and price fields): ``mode: chat`` FLUX, Llama Guard or TTS
  models are image / moderation / audio listings, not text generation. LLM tables
  read ``kind = 'text'`` only. A mode the classifier does not know is loaded as
  ``unclassified`` and counted (``unmapped_names``), so it stays out of LLM headlines
  until it is classified. Entries without token prices (per image, second,
  character, query, page) are skipped and counted by mode or unit.
- Price fields: ``input_cost_per_token`` -> input, ``output_cost_per_token`` ->
  output, ``cache_read_input_token_cost`` (or DeepSeek-style
  ``input_cost_per_token_cache_hit``) -> cached_input,
  ``cache_creation_input_token_cost`` -> cache_write,
  ``input/output_cost_per_token_batches`` -> batch_input/batch_output. Long-context
  (``*_above_200k_tokens``), priority/flex and audio/image-token prices are ignored.
- Tiered-only entries (``tiered_pricing`` and no flat price: Qwen's qwen3-max,
  qwen-plus, qwen-flash) load their first tier, with the tier's range in ``terms``.
- Variants of one (provider, model) pair (``azure/eu/gpt-5``,
  ``bedrock/us-east-1/meta.llama3-...``, ``us.anthropic...``) are one listing: the
  global / base entry is kept (``_rank``: no geo prefix, then Bedrock's ``global.``
  profile, then regional ones), the rest are counted. A Bedrock geographic profile
  (``us.``, ``eu.``, ``apac.``, ``jp.``, ``au.``) that costs more than the global
  price adds ``input_regional`` / ``output_regional`` rows beside it, never a
  replacement; batch prices a same-priced variant lists are kept. The choice depends
  only on the keys, not on file order.
- Distinct products never merge: when a key ends in a generic word
  (``.../kontext-max/text-to-image``, ``.../community``) the model id keeps the
  segment before it.
- Provider names come from ``canon.names``; a ``litellm_provider`` it does not know
  loads under its own spelling and is counted in ``unmapped_names``.
- ModelInfo (context_tokens from ``max_input_tokens``) only for chat/completion,
  one per model_id, and only when the value is unambiguous (see ``_model_infos``).
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from typing import Any

from canon.kinds import MODE_KINDS, TEXT, UNCLASSIFIED, classify_listing
from canon.names import canonical_model, canonical_provider, known_provider
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
INFO_MODES = frozenset({"chat", "completion"})
META_KEYS = frozenset({"sample_spec", "last_updated"})
# Non-token units, checked in this order to name why a generation entry has no token price.
_NON_TOKEN_UNITS = ("per_second", "per_character", "per_image", "per_pixel", "per_query")

# litellm_provider channels that alias a first-party provider but are not its paid
# API: ChatGPT subscription entries, the free Codestral endpoint.
SECONDARY_CHANNELS = frozenset({"chatgpt", "codestral", "text-completion-codestral"})
# Bedrock cross-region inference profiles ("us.anthropic.claude-...", "global.amazon...")
# and vendor-prefixed ids ("minimax.minimax-m2.1"): used to rank variants and to tell
# first-party (bare) keys apart; canonical_model() removes both from the model id.
_GEO_PREFIX = re.compile(r"^(?:us|eu|apac|global|jp|au|ca|us-gov)\.(?=[a-z0-9-]+\.)")
_REGIONAL_PREFIX = re.compile(r"^(?:us|eu|apac|jp|au|ca)\.(?=[a-z0-9-]+\.)")
# Last key segments that name a task or an offer, not a model: the segment before them
# tells two products apart (aiml/flux/kontext-max/text-to-image vs .../kontext-pro/...).
GENERIC_LAST = frozenset(
    {
        "community",
        "text-to-image",
        "image-to-image",
        "text-to-video",
        "image-to-video",
        "image-to-3d",
        "edit",
        "text-to-speech",
        "speech-to-text",
    }
)
_VERSION_SEGMENT = re.compile(r"^v?\d+(?:\.\d+)*$")
_VENDOR_PREFIX = re.compile(r"^([a-z][a-z0-9]*)\.(?=[a-z])")


def model_id(key: str) -> str:
    """Canonical model id of a litellm key: ``canonical_model`` drops the routing path,
    Bedrock geo/vendor prefixes and revisions and Vertex ``@default`` pins, and keeps
    dates (``vertex_ai/claude-3-5-sonnet@20240620`` -> ``claude-3.5-sonnet-20240620``).
    A generic last segment (``community``, ``text-to-image``) keeps the segments before
    it up to the first that is not generic or a version:
    ``fal_ai/fal-ai/recraft/v3/text-to-image`` -> ``recraft-v3-text-to-image``."""
    parts = key.split("/")
    if len(parts) > 2 and parts[-1].lower() in GENERIC_LAST:
        i = len(parts) - 2
        while i > 1 and _VERSION_SEGMENT.match(parts[i]):
            i -= 1
        return canonical_model("-".join(parts[i:]))
    return canonical_model(key)


def provider_name(litellm_provider: str) -> str:
    return canonical_provider(litellm_provider)


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


def _first_tier(entry: dict) -> tuple[dict[str, float], str]:
    """Prices and stated range of the first tier of a tiered-only entry, else ({}, "")."""
    tiers = entry.get("tiered_pricing")
    if not isinstance(tiers, list) or not tiers or not isinstance(tiers[0], dict):
        return {}, ""
    prices = _entry_prices(tiers[0])
    bounds = tiers[0].get("range")
    if not prices or not isinstance(bounds, list) or len(bounds) != 2:
        return {}, ""
    low, high = (_number(b) for b in bounds)
    if low is None or high is None:
        return {}, ""
    return prices, f"first tier: prompts of {_tokens(low)}-{_tokens(high)} tokens"


def _tokens(n: float) -> str:
    return f"{n / 1000:g}K" if n >= 1000 else f"{n:g}"


def listing_prices(entry: dict) -> tuple[dict[str, float], str]:
    """(price type -> USD/token, terms) of an entry: its flat prices, else its first tier."""
    prices = _entry_prices(entry)
    return (prices, "") if prices else _first_tier(entry)


def listing_kind(key: str, entry: dict) -> str:
    """What the entry sells (``canon.kinds``), from its key, mode and price fields."""
    return classify_listing(key, mode=str(entry.get("mode")), fields=entry.keys())


def _skip_reason(key: str, entry: Any) -> str | None:
    """Why an entry is not a token-priced listing, or None if it is."""
    if key in META_KEYS:
        return "schema/metadata key"
    if not isinstance(entry, dict) or not isinstance(entry.get("litellm_provider"), str):
        return "not a model entry (no litellm_provider)"
    mode = entry.get("mode")
    if mode is None:
        return "no mode (pricing tier, not a model)"
    if not model_id(key):
        return "no model name in the key"
    prices, _ = listing_prices(entry)
    if not prices:
        if mode not in MODE_KINDS:
            return f"unsupported mode: {mode}"
        if mode not in ("chat", "completion", "responses"):
            return f"non-token pricing: {mode}"
        if "tiered_pricing" in entry:
            return "tiered token pricing without a usable first tier"
        unit = next((u for u in _NON_TOKEN_UNITS if any(u in f for f in entry)), None)
        return f"non-token pricing: {unit}" if unit else "no token prices"
    if any(v < 0 for v in prices.values()):
        return "negative price"
    if MODE_KINDS.get(mode) != TEXT and not any(prices.values()):
        unit = next((u for u in _NON_TOKEN_UNITS if any(u in f for f in entry)), None)
        if unit:  # a placeholder 0 token price beside the real per-image/second price
            return f"non-token pricing: {mode}"
    return None


def _rank(key: str, entry: dict) -> tuple:
    """Sort key among variants of one (provider, model_id); lowest is kept. Prefer:
    no geo prefix, then Bedrock's ``global.`` profile (the global price) over regional
    ones (+10%), no ``:variant`` suffix, a primary channel, no region/nested path,
    the provider's own routing prefix (``deepseek/deepseek-chat`` over the bare
    ``deepseek-chat``), then the key alphabetically (stable across versions)."""
    last = key.rsplit("/", 1)[-1].lower()
    channel = entry["litellm_provider"]
    geo = 0 if not _GEO_PREFIX.match(last) else 1 if last.startswith("global.") else 2
    return (
        geo,
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


def _select(data: dict, result: ParseResult) -> dict[tuple[str, str], list[tuple[str, dict]]]:
    """(provider, model_id) -> its variants (key, entry), the kept one first; counts
    what is skipped and the provider spellings ``canon.names`` does not know."""
    groups: dict[tuple[str, str], list[tuple[tuple, str, dict]]] = {}
    for key, entry in data.items():
        reason = _skip_reason(key, entry)
        if reason:
            result.skip(reason)
            continue
        channel = entry["litellm_provider"]
        if known_provider(channel) is None:
            result.unmapped_name("provider", channel)
        pair = (provider_name(channel), model_id(key))
        groups.setdefault(pair, []).append((_rank(key, entry), key, entry))
    out = {}
    for pair, variants in groups.items():
        variants.sort(key=lambda v: v[0])
        if len(variants) > 1:
            result.skip("duplicate (provider, model_id): regional/alias variant", len(variants) - 1)
        out[pair] = [(key, entry) for _, key, entry in variants]
    return out


def _price_rows(
    provider: str, mid: str, variants: list[tuple[str, dict]], result: ParseResult
) -> list[ApiPrice]:
    """The kept variant's prices, batch prices of a same-priced variant when it has
    none, and a Bedrock regional profile's dearer prices as ``*_regional`` rows."""
    key, entry = variants[0]
    prices, terms = listing_prices(entry)
    prices = dict(prices)
    base = (prices.get("input"), prices.get("output"))
    for _, other in variants[1:]:
        extra = _entry_prices(other)
        if (extra.get("input"), extra.get("output")) == base:
            for price_type in ("batch_input", "batch_output"):
                if price_type in extra and price_type not in prices:
                    prices[price_type] = extra[price_type]
    kept_region = _REGIONAL_PREFIX.match(key.rsplit("/", 1)[-1].lower())
    if kept_region and not terms:
        terms = f"regional profile ({kept_region.group(0)}); no global price listed"
    if not kept_region:
        regional = next(
            (
                _entry_prices(e)
                for k, e in variants[1:]
                if _REGIONAL_PREFIX.match(k.rsplit("/", 1)[-1].lower())
            ),
            {},
        )
        for side in ("input", "output"):
            if side in regional and side in prices and regional[side] > prices[side]:
                prices[f"{side}_regional"] = regional[side]
    kind = listing_kind(key, entry)
    if kind == UNCLASSIFIED:
        result.unmapped_name("listing_kind", f"mode: {entry.get('mode')}")
    return [
        ApiPrice(
            provider=provider,
            model_id=mid,
            price_type=price_type,
            usd_per_mtok=round(value * 1_000_000, 9),
            raw_value=value,
            raw_unit=RAW_UNIT,
            source_model=key,
            kind=kind,
            terms=terms,
            deprecated_on=_deprecated_on(entry),
        )
        for price_type, value in prices.items()
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
    for (provider, mid), variants in _select(data, result).items():
        result.rows.extend(_price_rows(provider, mid, variants, result))
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
