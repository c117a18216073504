"""OpenRouter's public model list (``GET /api/v1/models``): OpenRouter's own list price
per model (ApiPrice, provider "OpenRouter") and model facts (ModelInfo).

Parsing rules:
- Shape: the live API returns ``{"data": [...]}``; the dataset repo stores the bare list.
  Both are accepted.
- Prices are decimal strings in USD per token: ``pricing.prompt`` -> input,
  ``completion`` -> output, ``input_cache_read`` -> cached_input,
  ``input_cache_write`` -> cache_write (x 1e6 -> USD/1M tokens, computed in decimal so
  "0.000003" gives exactly 3.0). Web-search, image, audio, internal-reasoning and
  1-hour-cache prices, and the long-context ``overrides`` tiers, are not loaded and
  are counted per field.
- Skipped per entry: alias ids (``~anthropic/claude-opus-latest``, a moving pointer
  to another model), variable-price routers (negative sentinel prices such as
  ``"-1"`` for ``openrouter/auto``) and the ``openrouter/free`` router.
- Variants: ``:batch`` prices become batch_input / batch_output of the base model
  (batch cache prices have no price type and are counted). ``:free`` keeps its 0
  prices when the model has no paid variant in the payload; when it has one, the
  free variant would give the same (provider, model_id, price_type) a second value,
  so it is skipped and counted. Other suffixes (``:thinking``) are skipped the same
  way when their base model is present.
- ModelInfo, one per model_id: ``name`` as published, ``creator`` from the id's prefix
  (``meta-llama`` -> Meta), ``context_tokens``, ``release_date`` = the ``created``
  timestamp (the date OpenRouter listed the model, UTC), Artificial Analysis
  intelligence/coding indices as republished by OpenRouter, and ``open_weights`` =
  True only when the entry names a Hugging Face repo (``hugging_face_id``); otherwise
  None, since the payload does not say a model is closed.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeGuard

from canon.kinds import TEXT, UNCLASSIFIED, classify_listing
from canon.names import canonical_model
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import ApiPrice, ModelInfo
from ingest.sources.openrouter_providers import (
    ATTRIBUTION,
    LICENSE,
    json_records,
    provider_from_slug,
)

URL = "https://openrouter.ai/api/v1/models"
PROVIDER = "OpenRouter"
RAW_UNIT = "USD/token"
PRICE_TYPES = {
    "prompt": "input",
    "completion": "output",
    "input_cache_read": "cached_input",
    "input_cache_write": "cache_write",
}
BATCH_PRICE_TYPES = {"prompt": "batch_input", "completion": "batch_output"}
# Priced at 0 but a router that picks a random free model, not a model of its own.
ROUTERS = frozenset({"openrouter/free"})


def creator_from_slug(slug: str) -> str:
    """Canonical creator of an OpenRouter model slug from its prefix (``meta-llama/x`` -> Meta).

    Returns "" when the slug has no ``creator/`` prefix."""
    prefix, sep, _ = (slug or "").strip().lstrip("~").partition("/")
    if not sep or not prefix:
        return ""
    return provider_from_slug(prefix)


def usd_per_mtok(value: Decimal) -> float:
    """USD/token -> USD per 1M tokens, exact for decimal inputs."""
    return float(value * 1_000_000)


def parse_decimal(raw: Any) -> Decimal | None:
    """A finite Decimal from a price string or number, else None."""
    if raw is None or isinstance(raw, bool) or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _entry_skip_reason(entry: Any) -> str | None:
    if not isinstance(entry, dict) or not str(entry.get("id") or "").strip():
        return "entry without id"
    model = str(entry["id"])
    if model.startswith("~") or "alias_target" in entry:
        return "alias (~) of another model"
    pricing = entry.get("pricing")
    if not isinstance(pricing, dict):
        return "entry without pricing"
    for key in ("prompt", "completion"):
        value = parse_decimal(pricing.get(key))
        if value is not None and value < 0:
            return "variable-price router (negative sentinel price)"
    if model.split(":", 1)[0] in ROUTERS:
        return "OpenRouter router, not a model"
    return None


def listing_kind(entry: dict) -> str:
    """What a model-list entry sells (``canon.kinds``): its id, its pricing keys
    (``image_output``, ``audio_output``) and ``architecture.output_modalities``."""
    arch = entry.get("architecture")
    outputs = arch.get("output_modalities") if isinstance(arch, dict) else None
    pricing = entry.get("pricing")
    return classify_listing(
        str(entry.get("id") or ""),
        output_modalities=outputs if isinstance(outputs, list) else None,
        fields=pricing.keys() if isinstance(pricing, dict) else (),
        default=TEXT,  # the list of OpenRouter's chat-completion models
    )


def _prices(
    model: str, variant: str, pricing: dict, result: ParseResult, kind: str
) -> list[ApiPrice]:
    base = model.split(":", 1)[0]
    types = BATCH_PRICE_TYPES if variant == "batch" else PRICE_TYPES
    rows = []
    for key, raw in pricing.items():
        if key not in types:
            if variant == "batch" and key in PRICE_TYPES:
                result.skip("batch cache price (no price type)")
            elif key == "overrides":
                result.skip("long-context tier prices (overrides) not loaded")
            else:
                result.skip(f"price field not loaded: {key}")
            continue
        value = parse_decimal(raw)
        if value is None or value < 0:
            result.skip("unparseable or negative price")
            continue
        rows.append(
            ApiPrice(
                provider=PROVIDER,
                model_id=canonical_model(base),
                price_type=types[key],
                usd_per_mtok=usd_per_mtok(value),
                raw_value=float(value),
                raw_unit=RAW_UNIT,
                source_model=model,
                kind=kind,
            )
        )
    return rows


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return None
    return float(value)


def _is_positive(value: Any) -> TypeGuard[int | float]:
    """A JSON number (not a bool, not NaN) above 0."""
    number = _number(value)
    return number is not None and number != 0 and value > 0


def model_info(entry: dict) -> ModelInfo:
    """ModelInfo of one model-list entry (see the module docstring for the rules)."""
    model = str(entry["id"]).split(":", 1)[0]
    context = entry.get("context_length")
    created = entry.get("created")
    bench = (entry.get("benchmarks") or {}).get("artificial_analysis")
    bench = bench if isinstance(bench, dict) else {}
    hf_id = entry.get("hugging_face_id")
    return ModelInfo(
        model_id=canonical_model(model),
        name=str(entry.get("name") or ""),
        creator=creator_from_slug(model),
        context_tokens=int(context) if _is_positive(context) else None,
        open_weights=True if isinstance(hf_id, str) and hf_id.strip() else None,
        release_date=(
            datetime.fromtimestamp(created, UTC).date() if _is_positive(created) else None
        ),
        aa_intelligence_index=_number(bench.get("intelligence_index")),
        aa_coding_index=_number(bench.get("coding_index")),
    )


def _variant_skip(model: str, ids: set[str]) -> str | None:
    base, _, variant = model.partition(":")
    if not variant or variant == "batch" or base not in ids:
        return None
    if variant == "free":
        return "':free' variant of a paid model (paid price kept)"
    return f"':{variant}' variant priced apart from its base model (same model_id)"


def parse(payload: Payload) -> ParseResult:
    """ApiPrice (provider OpenRouter) and ModelInfo rows from one model-list payload."""
    entries = json_records(payload, "openrouter models")
    if entries and not any(isinstance(e, dict) and "pricing" in e for e in entries):
        raise ParseError("openrouter models: no entry has a 'pricing' object (schema changed?)")
    ids = {str(e.get("id")) for e in entries if isinstance(e, dict)}
    result = ParseResult()
    seen_prices: set[tuple[str, str]] = set()
    infos: dict[str, ModelInfo] = {}
    for entry in entries:
        reason = _entry_skip_reason(entry)
        if reason is None:
            reason = _variant_skip(str(entry["id"]), ids)
        if reason:
            result.skip(reason)
            continue
        model = str(entry["id"])
        variant = model.partition(":")[2]
        kind = listing_kind(entry)
        if kind == UNCLASSIFIED:
            result.unmapped_name("listing_kind", f"output modalities: {entry.get('architecture')}")
        for row in _prices(model, variant, entry["pricing"], result, kind):
            if (row.model_id, row.price_type) in seen_prices:
                result.skip("duplicate model_id after canonicalisation")
                continue
            seen_prices.add((row.model_id, row.price_type))
            result.rows.append(row)
        if variant != "batch":
            info = model_info(entry)
            if info.model_id in infos:
                result.skip("model info: duplicate model_id after canonicalisation")
            else:
                infos[info.model_id] = info
    result.rows.extend(infos.values())
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="models.json")]


SOURCE = Source(
    name="openrouter_models",
    title="OpenRouter model list and list prices",
    url=URL,
    kind="json",
    license=LICENSE,
    attribution=ATTRIBUTION,
    parse=parse,
    fetch=fetch,
    snapshot=(
        SnapshotFile("openrouter/raw/2026-07-17/models.json", date(2026, 7, 17)),
        SnapshotFile("openrouter/raw/2026-08-08/models.json", date(2026, 8, 8)),
    ),
    description=(
        "OpenRouter's public model list: the router's own per-token list prices "
        "(input, output, cache read/write, batch) and model facts (creator, context "
        "window, listing date, Artificial Analysis indices). Two captures give a price "
        "history."
    ),
)
